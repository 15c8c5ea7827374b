import { createQuantConnectClient } from '../../lambda/quantconnect/client';
import {
  ApiError,
  AuthenticationError,
  HttpStatusError,
  InvalidResponseError,
  NetworkError,
} from '../../lambda/quantconnect/errors';
import type { QuantConnectClient } from '../../lambda/quantconnect/types';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';
import { failure } from '../support/quantconnect-failure';

let fake: QuantConnectFake;
let client: QuantConnectClient;
const write = { idempotent: false };

beforeAll(async () => {
  fake = await startQuantConnectFake();
  client = createQuantConnectClient({
    baseUrl: fake.url,
    credentials: () => Promise.resolve(fake),
    credentialsHint: 'secrets qc-mcp/user-id and qc-mcp/api-token',
  });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const readAccount = () => client.post('/account/read', undefined, write);

describe('errors', () => {
  it('turns success:false with errors into an ApiError quoting QuantConnect', async () => {
    fake.inject('/account/read', { success: false, errors: ['Project not found', 'Check the id'] });
    const error = await failure(readAccount());
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).errors).toEqual(['Project not found', 'Check the id']);
    expect(error.message).toBe('QuantConnect refused /account/read: Project not found; Check the id');
  });

  it('reads the failure text from `messages` too', async () => {
    fake.inject('/account/read', { success: false, messages: ['Insufficient credit'] });
    expect((await failure(readAccount())).message).toContain('Insufficient credit');
  });

  it('reads the failure text from `Message` too', async () => {
    fake.inject('/account/read', { success: false, Message: 'Backtest limit reached' });
    expect((await failure(readAccount())).message).toContain('Backtest limit reached');
  });

  it('turns an HTML page into an InvalidResponseError naming the page', async () => {
    fake.inject('/account/read', 'html');
    const error = await failure(readAccount());
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toContain('an HTML page ("QuantConnect - Down for Maintenance") instead of JSON');
    expect(error.message).not.toContain('<html');
  });

  it('turns malformed JSON into an InvalidResponseError', async () => {
    fake.inject('/account/read', 'malformed-json');
    const error = await failure(readAccount());
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toContain('QuantConnect answered /account/read with malformed JSON (HTTP 200)');
  });

  it('turns a 5xx into an HttpStatusError with the status and advice', async () => {
    fake.inject('/account/read', { status: 502, body: 'Bad gateway' });
    const error = await failure(readAccount());
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error.status).toBe(502);
    expect(error.message).toBe(
      'QuantConnect answered HTTP 502 to /account/read: Bad gateway. QuantConnect had a problem; try again in a moment.',
    );
  });

  it('turns a dropped connection into a NetworkError', async () => {
    fake.inject('/account/read', 'disconnect');
    const error = await failure(readAccount());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/^Could not reach QuantConnect for \/account\/read: .+\. Check the network/);
  });

  it('turns "Hash doesn\'t match" into an AuthenticationError that says what to check, without the hash', async () => {
    const wrong = createQuantConnectClient({
      baseUrl: fake.url,
      credentials: () => Promise.resolve({ userId: fake.userId, apiToken: 'not-the-token' }),
      credentialsHint: 'secrets qc-mcp/user-id and qc-mcp/api-token',
    });
    const error = await failure(wrong.post('/account/read', undefined, write));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain("Hash doesn't match");
    expect(error.message).toContain(
      'Check the QuantConnect user id and API token (secrets qc-mcp/user-id and qc-mcp/api-token)',
    );
    expect(error.message).not.toMatch(/[0-9a-f]{64}/);
    expect(error.message).not.toContain('not-the-token');
  });

  it('turns a timestamp QuantConnect finds too old (HTTP 401) into an AuthenticationError', async () => {
    const late = createQuantConnectClient({
      baseUrl: fake.url,
      credentials: () => Promise.resolve(fake),
      now: () => Date.now() - 3_600_000,
    });
    const error = await failure(late.post('/account/read', undefined, write));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.message).toContain('clock');
  });

  it('caps the length of QuantConnect’s text in a message', async () => {
    fake.inject('/account/read', { status: 500, body: 'x'.repeat(50_000) });
    expect((await failure(readAccount())).message.length).toBeLessThan(1_000);
  });

  it('returns a multi-megabyte answer whole', async () => {
    fake.inject('/backtests/list', { largeResultBytes: 3_000_000 });
    const created = await client.post('/projects/create', { name: 'Big', language: 'Py' }, write);
    const { projectId } = (created.projects as { projectId: number }[])[0];
    const { compileId } = await client.post('/compile/create', { projectId }, write);
    await client.post('/backtests/create', { projectId, compileId, backtestName: 'B' }, write);
    const answer = await client.post('/backtests/list', { projectId }, write);
    expect(JSON.stringify(answer).length).toBeGreaterThanOrEqual(3_000_000);
    expect((answer.backtests as unknown[]).length).toBeGreaterThan(1_000);
  });
});

describe('error messages', () => {
  it('read as sentences when QuantConnect’s own text ends with a full stop', async () => {
    fake.inject('/account/read', { status: 500 });
    const error = await failure(readAccount());
    expect(error.message).toBe(
      'QuantConnect answered HTTP 500 to /account/read: An error has occurred. QuantConnect had a problem; try again in a moment.',
    );
  });
});
