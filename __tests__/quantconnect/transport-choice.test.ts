/**
 * Which transport carries a call: Node's http modules by default (no undici loaded for it), the
 * global fetch looked up at the call for a FormData body (/object/set), an injected fetch for all.
 */
import { createQuantConnectClient } from '../../lambda/quantconnect/client';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';

const credentials = () => Promise.resolve({ userId: '123456', apiToken: 'token' });
let fake: QuantConnectFake;
const original = globalThis.fetch;
const fetched: string[] = [];

beforeAll(async () => {
  fake = await startQuantConnectFake();
});
beforeEach(() => {
  fetched.length = 0;
  // Installed after the clients below are created: the one called is looked up at the call.
  globalThis.fetch = (url, init) => {
    fetched.push(url as string);
    return original(url, init);
  };
});
afterEach(() => {
  globalThis.fetch = original;
  fake.reset();
});
afterAll(() => fake.close());

function uploadForm(organizationId = 'org-1'): FormData {
  const form = new FormData();
  form.append('organizationId', organizationId);
  form.append('key', 'models/a.json');
  form.append('objectData', new Blob(['{"a":1}']), 'a.json');
  return form;
}

test('without an injected fetch, a JSON call goes through node:http, never through fetch', async () => {
  const client = createQuantConnectClient({ baseUrl: fake.url, credentials: () => Promise.resolve(fake) });
  await expect(client.post('/account/read', undefined, { idempotent: true })).resolves.toMatchObject({ success: true });
  expect(fake.requests.map((request) => request.endpoint)).toEqual(['/account/read']);
  expect(fetched).toEqual([]);
});

test('without an injected fetch, a FormData call goes through the global fetch found at the call', async () => {
  const client = createQuantConnectClient({ baseUrl: fake.url, credentials: () => Promise.resolve(fake) });
  await client.post('/object/set', uploadForm(fake.organizationId), { idempotent: true });
  expect(fetched).toEqual([`${fake.url}/object/set`]);
  expect(fake.requests[0].headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
});

test('an injected fetch carries every call, JSON and FormData', async () => {
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
  await client.post('/object/set', uploadForm(), { idempotent: true });
  expect(injected).toEqual(['https://qc.invalid/api/v2/account/read', 'https://qc.invalid/api/v2/object/set']);
  expect(fetched).toEqual([]);
});
