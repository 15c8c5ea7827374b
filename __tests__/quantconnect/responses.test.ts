import { createQuantConnectClient } from '../../lambda/quantconnect/client';
import { ApiError, InvalidResponseError } from '../../lambda/quantconnect/errors';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';

const credentials = () => Promise.resolve({ userId: '1', apiToken: 't' });
const options = { idempotent: true };

/** A client whose every call gets this answer. */
function answering(body: string, init?: ResponseInit) {
  return createQuantConnectClient({
    baseUrl: 'https://qc.invalid/api/v2',
    credentials,
    fetch: () => Promise.resolve(new Response(body, init)),
  });
}

describe('lenient parsing', () => {
  it('returns answers that deviate from the spec as they are', async () => {
    // The spec says date-time and string enums; QuantConnect sends these.
    const body = {
      projects: [{ projectId: 1, modified: '2024-05-01 12:30:00', liveForm: { autoRestart: true } }],
      success: true,
    };
    await expect(answering(JSON.stringify(body)).post('/projects/read', {}, options)).resolves.toEqual(body);
  });

  it('returns answers without a success field', async () => {
    const body = { orders: [], length: 0 };
    await expect(answering(JSON.stringify(body)).post('/backtests/orders/read', {}, options)).resolves.toEqual(body);
  });

  it('refuses JSON that is not an object', async () => {
    await expect(answering('[1,2]').post('/projects/read', {}, options)).rejects.toThrow(InvalidResponseError);
  });

  it('refuses an empty body', async () => {
    await expect(answering('').post('/projects/read', {}, options)).rejects.toThrow(
      'QuantConnect answered /projects/read with an empty body instead of JSON (HTTP 200)',
    );
  });
});

describe('redirects', () => {
  let fake: QuantConnectFake;

  beforeAll(async () => {
    fake = await startQuantConnectFake();
  });
  afterAll(() => fake.close());

  it('returns the Location of /live/auth0/authorize without following it', async () => {
    const client = createQuantConnectClient({ baseUrl: fake.url, credentials: () => Promise.resolve(fake) });
    const location = await client.postForRedirect(
      '/live/auth0/authorize',
      { brokerage: 'alpaca' },
      { idempotent: false },
    );
    expect(location).toMatch(/^https:\/\/alpaca\.example\/oauth\/authorize\?/);
    expect(fake.requests).toHaveLength(1);
  });

  it('reports success:false instead of a redirect as an ApiError', async () => {
    const client = createQuantConnectClient({ baseUrl: fake.url, credentials: () => Promise.resolve(fake) });
    const call = client.postForRedirect('/live/auth0/authorize', { brokerage: 'kraken' }, { idempotent: false });
    await expect(call).rejects.toThrow(ApiError);
  });

  it('reports a JSON answer where a redirect was expected', async () => {
    const call = answering('{"success":true}').postForRedirect('/live/auth0/authorize', {}, options);
    await expect(call).rejects.toThrow('JSON where a redirect to the authorisation page was expected');
  });

  it('reports a redirect without a Location header', async () => {
    const call = answering('', { status: 302 }).postForRedirect('/live/auth0/authorize', {}, options);
    await expect(call).rejects.toThrow('a redirect without a Location header');
  });
});
