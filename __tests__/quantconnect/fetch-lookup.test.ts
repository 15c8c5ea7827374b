/**
 * The client looks up the global fetch when it first calls QuantConnect, not when it is created:
 * the Lambda creates it at init, and nothing before the first tool call may need fetch.
 */
import { createQuantConnectClient } from '../../lambda/quantconnect/client';

const credentials = () => Promise.resolve({ userId: '123456', apiToken: 'token' });

test('a global fetch installed after the client was created is the one it calls', async () => {
  const original = globalThis.fetch;
  const client = createQuantConnectClient({ baseUrl: 'https://qc.invalid/api/v2', credentials });
  const calls: string[] = [];
  globalThis.fetch = (url) => {
    calls.push(url as string);
    return Promise.resolve(new Response('{"success":true}'));
  };
  try {
    await client.post('/projects/read', { projectId: 1 }, { idempotent: true });
  } finally {
    globalThis.fetch = original;
  }
  expect(calls).toEqual(['https://qc.invalid/api/v2/projects/read']);
});

test('an injected fetch is used instead of the global one', async () => {
  const injected: string[] = [];
  const client = createQuantConnectClient({
    baseUrl: 'https://qc.invalid/api/v2',
    credentials,
    fetch: (url) => {
      injected.push(url as string);
      return Promise.resolve(new Response('{"success":true}'));
    },
  });
  await client.post('/account/read', undefined, { idempotent: true });
  expect(injected).toEqual(['https://qc.invalid/api/v2/account/read']);
});
