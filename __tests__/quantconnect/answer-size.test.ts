import { createQuantConnectClient } from '../../lambda/quantconnect/client';
import { ResponseTooLargeError } from '../../lambda/quantconnect/errors';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';
import { failure } from '../support/quantconnect-failure';

const MiB = 1024 * 1024;
const read = { idempotent: true };
let fake: QuantConnectFake;

beforeAll(async () => {
  fake = await startQuantConnectFake();
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

describe('the size of an answer', () => {
  it('refuses an answer above the default 16 MiB with an error saying to ask for less', async () => {
    const client = createQuantConnectClient({ baseUrl: fake.url, credentials: () => Promise.resolve(fake) });
    fake.inject('/account/read', { largeResultBytes: 17 * MiB });
    const error = await failure(client.post('/account/read', undefined, read));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.message).toBe(
      "QuantConnect's answer to /account/read is larger than 16 MiB, more than this server reads, " +
        'so it was not read. Ask for less: a smaller page, a single file, or a narrower time range.',
    );
  });

  it('is not retried: the same request would get the same answer', async () => {
    const client = createQuantConnectClient({
      baseUrl: fake.url,
      credentials: () => Promise.resolve(fake),
      maxResponseBytes: MiB,
    });
    fake.inject('/account/read', { largeResultBytes: 2 * MiB });
    await expect(client.post('/account/read', undefined, read)).rejects.toThrow(ResponseTooLargeError);
    expect(fake.requests).toHaveLength(1);
  });

  it('reads an answer under the limit whole', async () => {
    const client = createQuantConnectClient({
      baseUrl: fake.url,
      credentials: () => Promise.resolve(fake),
      maxResponseBytes: MiB,
    });
    fake.inject('/account/read', { largeResultBytes: MiB / 2 });
    const answer = await client.post('/account/read', undefined, read);
    expect(JSON.stringify(answer).length).toBeGreaterThanOrEqual(MiB / 2);
  });

  it('through fetch (an injected one, or multipart uploads), stops reading an answer of unannounced length past the limit', async () => {
    // An endless body without Content-Length: only a reader that stops can finish this test.
    let chunksPulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        chunksPulled++;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const client = createQuantConnectClient({
      baseUrl: 'https://qc.invalid/api/v2',
      credentials: () => Promise.resolve({ userId: '1', apiToken: 't' }),
      fetch: () => Promise.resolve(new Response(endless, { status: 200 })),
      maxResponseBytes: MiB,
    });
    await expect(client.post('/account/read', undefined, read)).rejects.toThrow(ResponseTooLargeError);
    // 16 chunks make 1 MiB; the 17th crosses the limit, and a stream may pull one ahead.
    expect(chunksPulled).toBeLessThanOrEqual(18);
  });
});
