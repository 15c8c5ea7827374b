import { createQuantConnectClient } from '../../lambda/quantconnect/client';
import { RequestCancelledError } from '../../lambda/quantconnect/errors';

/** A fetch that holds every request until the test answers it, counting those open at once. */
function heldFetch() {
  const held: (() => void)[] = [];
  const state = { open: 0, most: 0, started: 0 };
  const fetch = async (): Promise<Response> => {
    state.started++;
    state.open++;
    state.most = Math.max(state.most, state.open);
    await new Promise<void>((resolve) => held.push(resolve));
    state.open--;
    return new Response('{"success":true}', { status: 200 });
  };
  const answerAll = () => held.splice(0).forEach((answer) => answer());
  return { fetch, state, answerAll };
}

/** Lets every pending callback run (fetch, the socket hand-back, the next slot). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

const clientWith = (fetch: typeof globalThis.fetch, maxInFlight?: number) =>
  createQuantConnectClient({
    baseUrl: 'https://qc.invalid/api/v2',
    credentials: () => Promise.resolve({ userId: '1', apiToken: 't' }),
    fetch,
    maxInFlight,
  });

describe('QuantConnect calls in flight', () => {
  it('are at most 8 by default; the others wait their turn and all complete', async () => {
    const { fetch, state, answerAll } = heldFetch();
    const client = clientWith(fetch);
    const calls = Array.from({ length: 20 }, () => client.post('/account/read', undefined, { idempotent: true }));
    await settle();
    expect(state.open).toBe(8);
    while (state.started < 20 || state.open > 0) {
      answerAll();
      await settle();
    }
    await expect(Promise.all(calls)).resolves.toHaveLength(20);
    expect(state.most).toBe(8);
  });

  it('follow the configured cap', async () => {
    const { fetch, state, answerAll } = heldFetch();
    const client = clientWith(fetch, 2);
    const calls = Array.from({ length: 5 }, () => client.post('/account/read', undefined, { idempotent: true }));
    await settle();
    expect(state.open).toBe(2);
    answerAll();
    await settle();
    expect(state.started).toBe(4);
    while (state.started < 5 || state.open > 0) {
      answerAll();
      await settle();
    }
    await Promise.all(calls);
    expect(state.most).toBe(2);
  });

  it('give up their place in the queue when cancelled, without taking a slot', async () => {
    const { fetch, state, answerAll } = heldFetch();
    const client = clientWith(fetch, 1);
    const first = client.post('/account/read', undefined, { idempotent: true });
    const controller = new AbortController();
    const waiting = client.post('/account/read', undefined, { idempotent: true, signal: controller.signal });
    const third = client.post('/account/read', undefined, { idempotent: true });
    await settle();
    controller.abort(new Error('client went away'));
    await expect(waiting).rejects.toThrow(RequestCancelledError);
    answerAll();
    await settle();
    answerAll();
    await Promise.all([first, third]);
    expect(state.started).toBe(2);
    expect(state.most).toBe(1);
  });
});
