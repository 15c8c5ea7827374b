/**
 * `npm start`'s server reads a body only up to the endpoint's limit, and an oversized body is
 * answered 413 like the Lambda handler answers it, whatever chunks it arrives in.
 */
import { environmentCredentials } from '../../lambda/credentials';
import { createHandler } from '../../lambda/http/handler';
import { MAX_BODY_BYTES } from '../../lambda/http/payload';
import { startLocalServer, type LocalServer } from '../../lambda/local/http-server';
import { RecordingClient, TEST_TOOLS } from '../support/mcp-test-catalogue';

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer({
    handler: createHandler({
      tools: TEST_TOOLS,
      client: new RecordingClient(),
      credentials: environmentCredentials('12345', 'token'),
      access: 'standard',
      allowedOrigins: [],
      environment: 'local',
      log: () => undefined,
    }),
    host: '127.0.0.1',
    port: 0,
  });
});
afterAll(() => server.close());

/** A tools/list request padded to `bytes`, valid JSON at any size. */
function paddedRequest(bytes: number): string {
  const frame = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { padding: '' } });
  return frame.replace('"padding":""', `"padding":"${'x'.repeat(bytes - frame.length)}"`);
}

const post = (body: string | ReadableStream<Uint8Array>) =>
  fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body,
    duplex: 'half',
  } as RequestInit);

test.each([
  ['one byte over', MAX_BODY_BYTES + 1],
  ['twice the limit', 2 * MAX_BODY_BYTES],
])('a body %s 1 MiB is answered 413 with a JSON-RPC error', async (_name, bytes) => {
  const answer = await post(paddedRequest(bytes));
  expect(answer.status).toBe(413);
  expect(await answer.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 }, id: null });
});

test('a body that crosses the limit in the middle of a chunk is answered 413', async () => {
  // 48 KiB chunks: the limit falls inside one, whose bytes up to it must count.
  const body = new TextEncoder().encode(paddedRequest(MAX_BODY_BYTES + 10 * 1024));
  const chunk = 48 * 1024;
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= body.length) return controller.close();
      controller.enqueue(body.subarray(offset, offset + chunk));
      offset += chunk;
    },
  });
  expect((await post(stream)).status).toBe(413);
});

test('a body of exactly 1 MiB is served', async () => {
  const answer = await post(paddedRequest(MAX_BODY_BYTES));
  expect(answer.status).toBe(200);
  const answered = (await answer.json()) as { id: number; result: { tools: unknown[] } };
  expect(answered.id).toBe(1);
  expect(answered.result.tools.length).toBeGreaterThan(0);
});
