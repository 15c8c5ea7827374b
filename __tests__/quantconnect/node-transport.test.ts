/**
 * The client's default transport (lambda/quantconnect/node-transport.ts) against real servers on
 * 127.0.0.1: what it sends, how it reads answers, follows redirects as fetch does, and gives up.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { createQuantConnectClient } from '../../lambda/quantconnect/client';
import {
  AuthenticationError,
  NetworkError,
  RequestCancelledError,
  ResponseTooLargeError,
} from '../../lambda/quantconnect/errors';
import { failure } from '../support/quantconnect-failure';

const MiB = 1024 * 1024;
const read = { idempotent: true };
const credentials = () => Promise.resolve({ userId: '123', apiToken: 'secret-token' });

interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly connection: number;
}

/** An HTTP server on 127.0.0.1 answering with `answer`, recording what it receives. */
interface TestServer {
  readonly url: string;
  readonly received: Received[];
  /** Responses whose connection closed before they were finished (the client dropped it). */
  readonly cutOff: number;
  close(): Promise<void>;
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(answer: (request: Received, response: ServerResponse) => void): Promise<TestServer> {
  const received: Received[] = [];
  let connections = 0;
  let cutOff = 0;
  const numbers = new WeakMap<object, number>();
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const record = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        connection: numbers.get(request.socket) ?? 0,
      };
      received.push(record);
      response.on('close', () => {
        if (!response.writableFinished) cutOff++;
      });
      answer(record, response);
    });
  });
  server.on('connection', (socket) => numbers.set(socket, ++connections));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle: TestServer = {
    url: `http://127.0.0.1:${port}`,
    received,
    get cutOff() {
      return cutOff;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(handle);
  return handle;
}

const json = (response: ServerResponse, body: unknown, status = 200) =>
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

const clientOf = (server: TestServer, extra: { maxResponseBytes?: number } = {}) =>
  createQuantConnectClient({ baseUrl: `${server.url}/api/v2`, credentials, ...extra });

/** Resolves once `condition` holds, checking after each turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('the request', () => {
  it('is a POST of the JSON body with the signed headers, the JSON content headers and its length', async () => {
    const server = await serve((_request, response) => json(response, { success: true }));
    await clientOf(server).post('/projects/read', { projectId: 7, name: 'é' }, read);
    const [request] = server.received;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/api/v2/projects/read');
    expect(JSON.parse(request.body)).toEqual({ projectId: 7, name: 'é' });
    expect(request.headers).toMatchObject({
      accept: 'application/json',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(request.body)),
      'user-agent': 'node',
      // What fetch asks for over http (over https it adds br first).
      'accept-encoding': 'gzip, deflate',
    });
    expect(request.headers.authorization).toMatch(/^Basic /);
    expect(request.headers.timestamp).toMatch(/^\d+$/);
  });
});

describe('the answer', () => {
  it('is decoded as UTF-8 with a leading byte-order mark dropped', async () => {
    const server = await serve((_request, response) =>
      response.writeHead(200).end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"café"}')])),
    );
    await expect(clientOf(server).post('/projects/read', {}, read)).resolves.toEqual({ name: 'café' });
  });

  it('gives its status text to an authentication error without a body', async () => {
    const server = await serve((_request, response) => response.writeHead(401, 'Token Expired').end());
    const error = await failure(clientOf(server).post('/projects/read', {}, read));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain('(HTTP 401): Token Expired.');
  });

  it('is refused from its Content-Length alone when that is over the limit: nothing is read, the connection dropped', async () => {
    // Headers, then nothing: only a client that decides from Content-Length can finish this test.
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'Content-Length': String(2 * MiB) });
      response.flushHeaders();
    });
    const error = await failure(clientOf(server, { maxResponseBytes: MiB }).post('/account/read', undefined, read));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    await until(() => server.cutOff === 1);
  });

  it('of unannounced length is abandoned once it passes the limit, the connection dropped', async () => {
    // An endless body without Content-Length: only a reader that stops can finish this test.
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      const more = () => {
        while (!response.destroyed && response.write(Buffer.alloc(64 * 1024, 0x20)));
      };
      response.on('drain', more);
      more();
    });
    const error = await failure(clientOf(server, { maxResponseBytes: MiB }).post('/account/read', undefined, read));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    await until(() => server.cutOff === 1);
  });

  it('stops being read when the caller aborts, the connection dropped', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('{"projects":[');
    });
    const controller = new AbortController();
    const call = clientOf(server).post('/projects/read', {}, { ...read, signal: controller.signal });
    await until(() => server.received.length === 1);
    controller.abort(new Error('MCP request cancelled'));
    const error = await failure(call);
    expect(error).toBeInstanceOf(RequestCancelledError);
    expect(error.message).toBe('The call to /projects/read was cancelled: MCP request cancelled.');
    await until(() => server.cutOff === 1);
  });
});

describe('compressed answers, decoded as fetch decodes them', () => {
  const answer = { success: true, name: 'café', files: 'x'.repeat(10_000) };
  const encoders: Record<string, (data: Buffer) => Buffer> = {
    gzip: (data) => gzipSync(data),
    'x-gzip': (data) => gzipSync(data),
    deflate: (data) => deflateSync(data),
    br: (data) => brotliCompressSync(data),
    // The last coding applied comes last in the header, and is undone first.
    'deflate, br': (data) => brotliCompressSync(deflateSync(data)),
  };

  it.each(Object.keys(encoders))('Content-Encoding: %s', async (coding) => {
    const server = await serve((_request, response) =>
      response
        .writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': coding })
        .end(encoders[coding](Buffer.from(JSON.stringify(answer)))),
    );
    await expect(clientOf(server).post('/files/read', {}, read)).resolves.toEqual(answer);
    const viaFetch = createQuantConnectClient({ baseUrl: server.url, credentials, fetch: globalThis.fetch });
    await expect(viaFetch.post('/files/read', {}, read)).resolves.toEqual(answer);
  });

  it('an unknown coding leaves the body as it came', async () => {
    const server = await serve((_request, response) =>
      response.writeHead(200, { 'Content-Encoding': 'identity, zstd' }).end(JSON.stringify(answer)),
    );
    await expect(clientOf(server).post('/files/read', {}, read)).resolves.toEqual(answer);
  });

  it('the limit counts decoded bytes: a small compressed answer that inflates past it is refused', async () => {
    const bomb = gzipSync(Buffer.alloc(4 * MiB, 0x20));
    expect(bomb.length).toBeLessThan(MiB / 10);
    const server = await serve((_request, response) =>
      response.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': String(bomb.length) }).end(bomb),
    );
    const error = await failure(clientOf(server, { maxResponseBytes: MiB }).post('/files/read', {}, read));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
  });

  it('a body that does not decode is a NetworkError', async () => {
    const server = await serve((_request, response) =>
      response.writeHead(200, { 'Content-Encoding': 'gzip' }).end('not gzip at all'),
    );
    const client = createQuantConnectClient({ baseUrl: server.url, credentials, maxAttempts: 1 });
    await expect(client.post('/files/read', {}, read)).rejects.toThrow(NetworkError);
  });
});

describe('network errors', () => {
  it('a refused connection is a NetworkError naming the reason', async () => {
    const server = await serve(() => undefined);
    const { url } = server;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    const client = createQuantConnectClient({ baseUrl: url, credentials, maxAttempts: 1 });
    const error = await failure(client.post('/account/read', undefined, read));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(
      /^Could not reach QuantConnect for \/account\/read: connect ECONNREFUSED 127\.0\.0\.1:\d+\./,
    );
  });

  it('an answer cut short is a NetworkError', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'Content-Length': '100' });
      response.write('{"success":');
      setImmediate(() => response.socket?.destroy());
    });
    const client = createQuantConnectClient({ baseUrl: server.url, credentials, maxAttempts: 1 });
    await expect(client.post('/account/read', undefined, read)).rejects.toThrow(NetworkError);
  });
});

describe('redirects of post, followed as fetch follows them', () => {
  it.each([301, 302, 303])('%i: the next request is a GET without a body or content headers', async (status) => {
    const server = await serve((request, response) => {
      if (request.path === '/api/v2/files/read') response.writeHead(status, { Location: 'moved/here?x=1' }).end();
      else json(response, { success: true, at: request.path });
    });
    await expect(clientOf(server).post('/files/read', { projectId: 1 }, read)).resolves.toEqual({
      success: true,
      at: '/api/v2/files/moved/here?x=1',
    });
    const [first, second] = server.received;
    expect(first.method).toBe('POST');
    expect(second.method).toBe('GET');
    expect(second.body).toBe('');
    expect(second.headers['content-type']).toBeUndefined();
    expect(second.headers['content-length']).toBeUndefined();
    // Same origin: the signature goes along, on the same kept-alive connection.
    expect(second.headers.authorization).toBe(first.headers.authorization);
    expect(second.connection).toBe(first.connection);
  });

  it.each([307, 308])('%i: the next request is the same POST with the same body', async (status) => {
    const server = await serve((request, response) => {
      if (request.path === '/api/v2/files/read') response.writeHead(status, { Location: '/elsewhere' }).end();
      else json(response, { success: true });
    });
    await clientOf(server).post('/files/read', { projectId: 1 }, read);
    const [first, second] = server.received;
    expect(second).toMatchObject({ method: 'POST', path: '/elsewhere', body: first.body });
    expect(second.headers['content-type']).toBe('application/json');
    expect(second.headers.authorization).toBe(first.headers.authorization);
  });

  it('leaving the origin drops the Authorization header', async () => {
    const elsewhere = await serve((_request, response) => json(response, { success: true }));
    const server = await serve((_request, response) =>
      response.writeHead(307, { Location: `${elsewhere.url}/target` }).end(),
    );
    await clientOf(server).post('/files/read', { projectId: 1 }, read);
    expect(server.received[0].headers.authorization).toMatch(/^Basic /);
    expect(elsewhere.received).toHaveLength(1);
    expect(elsewhere.received[0].headers.authorization).toBeUndefined();
    expect(elsewhere.received[0].body).toBe(server.received[0].body);
  });

  it('follows 20 redirects, and fails on the 21st with a NetworkError', async () => {
    const hops = (limit: number) =>
      serve((request, response) => {
        const hop = Number(request.path.split('/').pop());
        if (Number.isNaN(hop) || hop < limit) response.writeHead(302, { Location: `/hop/${(hop || 0) + 1}` }).end();
        else json(response, { success: true, hops: hop });
      });
    const twenty = await hops(20);
    await expect(clientOf(twenty).post('/account/read', undefined, read)).resolves.toEqual({ success: true, hops: 20 });
    expect(twenty.received).toHaveLength(21);

    const endless = await hops(Infinity);
    const client = createQuantConnectClient({ baseUrl: endless.url, credentials, maxAttempts: 1 });
    const error = await failure(client.post('/account/read', undefined, read));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain('more than 20 redirects');
    expect(endless.received).toHaveLength(21);
  });

  it.each([301, 302, 303, 307, 308])(
    '%i within and across origins: the requests are those fetch sends',
    async (status) => {
      /** What each server received, through a client on the node transport or on Node's fetch. */
      async function requestsThrough(viaFetch: boolean) {
        const target = await serve((_request, response) => json(response, { success: true }));
        const server = await serve((request, response) => {
          if (request.path.endsWith('/start')) response.writeHead(status, { Location: 'same-origin' }).end();
          else if (request.path.endsWith('/same-origin'))
            response.writeHead(status, { Location: `${target.url}/t` }).end();
        });
        const client = createQuantConnectClient({
          baseUrl: `${server.url}/api/v2`,
          credentials,
          fetch: viaFetch ? globalThis.fetch : undefined,
        });
        await client.post('/start', { projectId: 1 }, read);
        return [...server.received, ...target.received].map(({ method, path, body, headers }) => ({
          method,
          path,
          body,
          contentType: headers['content-type'],
          signed: headers.authorization !== undefined,
        }));
      }
      expect(await requestsThrough(false)).toEqual(await requestsThrough(true));
    },
  );

  it('returns a 3xx without a Location as it is', async () => {
    const server = await serve((_request, response) => response.writeHead(302).end());
    const error = await failure(clientOf(server).post('/account/read', undefined, read));
    expect(error.status).toBe(302);
    expect(server.received).toHaveLength(1);
  });

  it('refuses a redirect to a scheme other than http(s)', async () => {
    const server = await serve((_request, response) => response.writeHead(302, { Location: 'ftp://example/x' }).end());
    const client = createQuantConnectClient({ baseUrl: server.url, credentials, maxAttempts: 1 });
    await expect(client.post('/account/read', undefined, read)).rejects.toThrow('a redirect to a ftp: URL');
  });
});
