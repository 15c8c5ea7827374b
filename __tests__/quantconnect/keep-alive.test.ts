import { createQuantConnectClient } from '../../lambda/quantconnect/client';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';

let fake: QuantConnectFake;

beforeAll(async () => {
  fake = await startQuantConnectFake();
});
afterAll(() => fake.close());

const connectionsUsed = () => new Set(fake.requests.map((request) => request.connection)).size;

describe('keep-alive', () => {
  it('reuses one connection for consecutive calls', async () => {
    const client = createQuantConnectClient({ baseUrl: fake.url, credentials: () => Promise.resolve(fake) });
    await client.post('/account/read', undefined, { idempotent: true });
    await client.post('/lean/versions/read', undefined, { idempotent: true });
    await client.post('/account/read', undefined, { idempotent: true });
    expect(fake.requests).toHaveLength(3);
    expect(connectionsUsed()).toBe(1);
  });

  it('reuses the connection after a failed call', async () => {
    fake.reset();
    const client = createQuantConnectClient({ baseUrl: fake.url, credentials: () => Promise.resolve(fake) });
    fake.inject('/account/read', { success: false, errors: ['nope'] }, { times: 1 });
    await expect(client.post('/account/read', undefined, { idempotent: true })).rejects.toThrow('nope');
    await client.post('/account/read', undefined, { idempotent: true });
    expect(connectionsUsed()).toBe(1);
  });
});
