import { createQuantConnectClient } from '../../lambda/quantconnect/client';
import { RequestCancelledError, RequestTimeoutError } from '../../lambda/quantconnect/errors';
import type { QuantConnectClient } from '../../lambda/quantconnect/types';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';

let fake: QuantConnectFake;
let client: QuantConnectClient;
const slow = { delayMs: 30_000 };

beforeAll(async () => {
  fake = await startQuantConnectFake();
  client = createQuantConnectClient({ baseUrl: fake.url, credentials: () => Promise.resolve(fake), random: () => 0 });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

describe('deadline', () => {
  it('ends a slow call at the caller’s deadline with a timeout error that says what to do', async () => {
    fake.inject('/backtests/read', slow);
    const call = client.post(
      '/backtests/read',
      { projectId: 1, backtestId: 'b' },
      { idempotent: true, deadline: Date.now() + 300 },
    );
    const error = (await call.catch((e: unknown) => e)) as RequestTimeoutError;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error.endpoint).toBe('/backtests/read');
    expect(error.message).toMatch(/^The call to \/backtests\/read timed out after 0\.3 s\./);
    expect(error.message).toContain('poll with the matching read tool');
  });

  it('caps a call without a deadline at the client’s own timeout', async () => {
    const capped = createQuantConnectClient({
      baseUrl: fake.url,
      credentials: () => Promise.resolve(fake),
      timeoutMs: 200,
    });
    fake.inject('/account/read', slow);
    const error = (await capped
      .post('/account/read', undefined, { idempotent: true })
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error.message).toContain('timed out after 0.2 s');
  });

  it('keeps retries inside the deadline', async () => {
    fake.inject('/account/read', { status: 500 }, { times: 1 });
    fake.inject('/account/read', slow);
    const error = await client
      .post('/account/read', undefined, { idempotent: true, deadline: Date.now() + 300 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(fake.requests).toHaveLength(2);
  });

  it('does not call QuantConnect when the deadline has already passed', async () => {
    const error = await client
      .post('/account/read', undefined, { idempotent: true, deadline: Date.now() - 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(fake.requests).toHaveLength(0);
  });

  it('stops when the caller aborts', async () => {
    fake.inject('/account/read', slow);
    const controller = new AbortController();
    const call = client.post('/account/read', undefined, { idempotent: true, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('MCP request cancelled')), 50);
    const error = (await call.catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(RequestCancelledError);
    expect(error.message).toBe('The call to /account/read was cancelled: MCP request cancelled.');
  });

  it('does not start when the signal is already aborted', async () => {
    const error = await client
      .post('/account/read', undefined, { idempotent: true, signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestCancelledError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('deadline and credentials', () => {
  it('counts a slow credentials source against the deadline', async () => {
    const stuck = createQuantConnectClient({
      baseUrl: 'https://qc.invalid/api/v2',
      credentials: () => new Promise(() => undefined),
      fetch: () => Promise.reject(new Error('never called')),
    });
    const error = await stuck
      .post('/account/read', undefined, { idempotent: true, deadline: Date.now() + 100 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
  });

  it('passes the credentials source’s own error through', async () => {
    const unset = createQuantConnectClient({
      baseUrl: 'https://qc.invalid/api/v2',
      credentials: () => Promise.reject(new Error('secret qc/api-token has no value')),
    });
    await expect(unset.post('/account/read', undefined, { idempotent: true })).rejects.toThrow(
      'secret qc/api-token has no value',
    );
  });
});
