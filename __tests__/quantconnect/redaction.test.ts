import { createHash } from 'node:crypto';
import { authHeaders } from '../../lambda/quantconnect/auth';
import { createQuantConnectClient } from '../../lambda/quantconnect/client';
import { AuthenticationError, HttpStatusError } from '../../lambda/quantconnect/errors';
import { credentialRedactor } from '../../lambda/quantconnect/redaction';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';
import { failure } from '../support/quantconnect-failure';

/** Every form the credentials of one Authorization header value can be quoted in. */
function formsOf(authorization: string): Record<string, string> {
  const basic = authorization.replace(/^Basic /, '');
  const hash = Buffer.from(basic, 'base64').toString('utf8').split(':')[1];
  const digest = Buffer.from(hash, 'hex');
  return {
    header: authorization,
    basic,
    'basic without padding': basic.replace(/=+$/, ''),
    'basic as base64url': Buffer.from(basic, 'base64').toString('base64url'),
    'hash in hex': hash,
    'hash in upper-case hex': hash.toUpperCase(),
    'hash as base64': digest.toString('base64'),
    'hash as base64url': digest.toString('base64url'),
  };
}

describe('credentialRedactor', () => {
  // A user id whose Basic value needs padding, so the unpadded form differs.
  const { Authorization } = authHeaders({ userId: '1234567', apiToken: 'secret-token' }, 1_700_000_000);
  const clean = credentialRedactor(Authorization);

  it.each(Object.entries(formsOf(Authorization)))('removes the %s', (_form, value) => {
    const cleaned = clean(`QuantConnect said: ${value} was rejected`);
    expect(cleaned).toContain('[redacted]');
    expect(cleaned).not.toContain(value.replace(/^Basic /, ''));
  });

  it('removes a hash that belongs to another request too', () => {
    const other = createHash('sha256').update('other').digest('hex');
    expect(clean(`Hash: ${other}`)).toBe('Hash: [redacted]');
    expect(clean(`signature ${other.toUpperCase()}.`)).toBe('signature [redacted].');
  });

  it('leaves ordinary error text alone', () => {
    const text = 'Project 12345 not found; check the projectId (Basic plan limits apply)';
    expect(clean(text)).toBe(text);
  });
});

describe('errors quoting the credentials', () => {
  let fake: QuantConnectFake;

  beforeAll(async () => {
    fake = await startQuantConnectFake();
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  const client = () => createQuantConnectClient({ baseUrl: fake.url, credentials: () => Promise.resolve(fake) });
  const sentAuthorization = () => String(fake.requests[0].headers.authorization);

  it.each([400, 401, 502])('are cleaned before they leave the client (HTTP %d)', async (status) => {
    fake.inject('/account/read', { echoAuthorization: status });
    const error = await failure(client().post('/account/read', undefined, { idempotent: false }));
    expect(error).toBeInstanceOf(status === 401 ? AuthenticationError : HttpStatusError);
    expect(error.message).toContain('[redacted]');
    for (const value of Object.values(formsOf(sentAuthorization()))) expect(error.message).not.toContain(value);
  });

  it('are cleaned in a success:false answer, before the text is cut short', async () => {
    let authorization = '';
    const quoting = createQuantConnectClient({
      baseUrl: 'https://qc.invalid/api/v2',
      credentials: () => Promise.resolve({ userId: '42', apiToken: 'secret-token' }),
      fetch: (_url, init) => {
        authorization = (init?.headers as Record<string, string>).Authorization;
        const digest = formsOf(authorization)['hash as base64'];
        // The credential sits across the 500-character cut of a quoted message.
        const message = `${'x'.repeat(480)} signature ${digest} rejected`;
        return Promise.resolve(new Response(JSON.stringify({ success: false, errors: [message] })));
      },
    });
    const error = await failure(quoting.post('/projects/read', {}, { idempotent: true }));
    const digest = formsOf(authorization)['hash as base64'];
    expect(error.message).toContain('signature [redacted');
    expect(error.message).not.toContain(digest.slice(0, 12));
  });
});
