import { retryDelay } from '../../lambda/quantconnect/backoff';
import { createQuantConnectClient } from '../../lambda/quantconnect/client';
import { HttpStatusError, NetworkError } from '../../lambda/quantconnect/errors';
import type { QuantConnectClient } from '../../lambda/quantconnect/types';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';

let fake: QuantConnectFake;
let client: QuantConnectClient;
const read = { idempotent: true };
const write = { idempotent: false };
const attempts = (endpoint: string) => fake.requests.filter((request) => request.endpoint === endpoint).length;

beforeAll(async () => {
  fake = await startQuantConnectFake();
  // random() = 0 makes every back-off zero, so the retry tests take no time.
  client = createQuantConnectClient({ baseUrl: fake.url, credentials: () => Promise.resolve(fake), random: () => 0 });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

describe('retries', () => {
  it('retries a read on 500 up to three attempts, then reports the status', async () => {
    fake.inject('/account/read', { status: 500 });
    await expect(client.post('/account/read', undefined, read)).rejects.toThrow(HttpStatusError);
    expect(attempts('/account/read')).toBe(3);
  });

  it('succeeds when a read fails once with 500 and then recovers', async () => {
    fake.inject('/account/read', { status: 503 }, { times: 1 });
    await expect(client.post('/account/read', undefined, read)).resolves.toMatchObject({ success: true });
    expect(attempts('/account/read')).toBe(2);
  });

  it('retries a read on 429', async () => {
    fake.inject('/account/read', { status: 429, retryAfterSeconds: 0 }, { times: 2 });
    await expect(client.post('/account/read', undefined, read)).resolves.toMatchObject({ success: true });
    expect(attempts('/account/read')).toBe(3);
  });

  it('retries a read on a network error', async () => {
    fake.inject('/account/read', 'disconnect', { times: 1 });
    await expect(client.post('/account/read', undefined, read)).resolves.toMatchObject({ success: true });
    expect(attempts('/account/read')).toBe(2);
  });

  it('sends a write exactly once on 500', async () => {
    fake.inject('/projects/create', { status: 500 });
    await expect(client.post('/projects/create', { name: 'P', language: 'Py' }, write)).rejects.toThrow(
      HttpStatusError,
    );
    expect(attempts('/projects/create')).toBe(1);
  });

  it('sends a write exactly once on a network error', async () => {
    fake.inject('/projects/create', 'disconnect');
    await expect(client.post('/projects/create', { name: 'P', language: 'Py' }, write)).rejects.toThrow(NetworkError);
    expect(attempts('/projects/create')).toBe(1);
  });

  it('does not retry a client error such as 404', async () => {
    fake.inject('/account/read', { status: 404 });
    await expect(client.post('/account/read', undefined, read)).rejects.toThrow(HttpStatusError);
    expect(attempts('/account/read')).toBe(1);
  });

  it('does not retry when Retry-After asks for a wait that would pass the deadline', async () => {
    fake.inject('/account/read', { status: 429, retryAfterSeconds: 60 });
    const error = await client
      .post('/account/read', undefined, { ...read, deadline: Date.now() + 5_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(429);
    expect(attempts('/account/read')).toBe(1);
  });
});

describe('back-off', () => {
  const policy = (random: number) => ({ baseDelayMs: 100, maxDelayMs: 1_000, random: () => random });

  it('doubles the ceiling of the wait with each retry, up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => retryDelay(policy(0.999), retry))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('spreads the wait uniformly below the ceiling (full jitter)', () => {
    expect([0, 0.25, 0.5].map((random) => retryDelay(policy(random), 3))).toEqual([0, 100, 200]);
  });

  it('waits at least as long as Retry-After asks', () => {
    expect(retryDelay(policy(0.5), 1, 3)).toBe(3_000);
    expect(retryDelay(policy(0.5), 4, 0)).toBe(400);
  });
});
