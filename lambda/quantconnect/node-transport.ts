/**
 * The QuantConnect exchange over Node's own http and https modules, the client's default. Node's
 * fetch would do the same, but its implementation (undici) costs a cold start whose first request
 * is a tool call tens of CPU milliseconds to load (docs/performance.md); node:http is loaded by
 * Lambda's runtime already, and node:https costs a fraction of undici. The client loads this module
 * at its first call (node:https is not needed before).
 *
 * It behaves as fetch did for the client: the same Accept-Encoding and decompression, the same
 * size cap (Content-Length first, then counted while reading, the connection dropped past it), the
 * same text decoding, redirects followed as fetch follows them, and keep-alive: one agent per
 * protocol keeps the connection open between calls, and an exchange ends only once its socket is
 * back in the agent's pool. __tests__/quantconnect/node-transport.test.ts compares it with fetch.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { finished, pipeline, type Readable, type Transform } from 'node:stream';
import { constants as zlibConstants, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { HttpAnswer, HttpPost, HttpPoster } from './transport';

/** fetch's limit (the Fetch standard's "redirect count"): the 21st redirect is an error. */
const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers fetch drops when a redirect turns the request into a GET without a body. */
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];
/** Headers fetch drops when a redirect leaves the origin: the credentials must not follow it. */
const ORIGIN_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'host'];
/**
 * How long an idle connection stays in the pool when the server gives no Keep-Alive hint (Node
 * honours a shorter hint): undici's default, so a connection the server has closed in the
 * meantime is not reused any more often than it was with fetch.
 */
const IDLE_SOCKET_MS = 4_000;
/** fetch's cap on stacked Content-Encodings. */
const MAX_CONTENT_ENCODINGS = 5;
/** fetch's lenient decoding (what cURL does): a slightly truncated compressed body still decodes. */
const LENIENT_ZLIB = { flush: zlibConstants.Z_SYNC_FLUSH, finishFlush: zlibConstants.Z_SYNC_FLUSH };
const LENIENT_BROTLI = {
  flush: zlibConstants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlibConstants.BROTLI_OPERATION_FLUSH,
};

interface Hop {
  readonly url: URL;
  readonly method: 'POST' | 'GET';
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

export function createNodeTransport(): HttpPoster<string> {
  const agents = {
    http: new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
    https: new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
  };

  function send(hop: Hop, request: HttpPost): Promise<HttpAnswer> {
    const secure = hop.url.protocol === 'https:';
    const open = secure ? httpsRequest : httpRequest;
    // What fetch asks for, and decodes below.
    const headers: Record<string, string> = {
      'Accept-Encoding': secure ? 'br, gzip, deflate' : 'gzip, deflate',
      ...hop.headers,
    };
    if (hop.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(hop.body));
    return new Promise<HttpAnswer>((resolve, reject) => {
      let failure: Error | undefined;
      let answer: HttpAnswer | undefined;
      let reading = false;
      let closed = false;
      // Both must have happened: the body read (or failed), and the request closed, which comes
      // after a complete answer once the agent has the socket back in its pool (so the next call
      // reuses it), or once the connection is gone.
      const settle = () => {
        if (!closed || (reading && answer === undefined && failure === undefined)) return;
        if (failure === undefined && answer !== undefined) resolve(answer);
        else reject(failure ?? new Error('the connection closed before the answer was complete'));
      };
      const outgoing = open(
        hop.url,
        { method: hop.method, headers, agent: secure ? agents.https : agents.http, signal: request.signal },
        (response) => {
          reading = true;
          // Destroying an unfinished response closes its connection: nothing more is read.
          const fail = (error: Error) => {
            failure ??= error;
            response.destroy();
          };
          response.on('error', (error) => (failure ??= error));
          const status = response.statusCode ?? 0;
          if (Number(response.headers['content-length']) > request.maxResponseBytes) {
            fail(request.tooLarge(status));
            return settle();
          }
          let body: Readable;
          try {
            body = decoded(response);
          } catch (error) {
            fail(error as Error);
            return settle();
          }
          const chunks: Buffer[] = [];
          let size = 0;
          // The limit counts decoded bytes, as fetch's reader gives them.
          body.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > request.maxResponseBytes) return fail(request.tooLarge(status));
            chunks.push(chunk);
          });
          finished(body, (error) => {
            if (error) failure ??= error;
            // TextDecoder, like fetch's response.text(), drops a leading byte-order mark.
            else answer = answerOf(response, new TextDecoder().decode(Buffer.concat(chunks)));
            settle();
          });
        },
      );
      outgoing.on('error', (error) => (failure ??= error));
      outgoing.on('close', () => {
        closed = true;
        settle();
      });
      outgoing.end(hop.body);
    });
  }

  return async (request) => {
    // fetch sends `User-Agent: node`; QuantConnect (and whatever filters its traffic) sees the same.
    const headers = { 'User-Agent': 'node', ...request.headers };
    let hop: Hop = { url: new URL(request.url), method: 'POST', headers, body: request.body };
    for (let redirects = 0; ; redirects++) {
      const answer = await send(hop, request);
      const location = answer.header('location');
      if (request.redirect === 'manual' || !REDIRECT_STATUSES.has(answer.status) || location === null) return answer;
      if (redirects === MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
      hop = redirected(hop, answer.status, location);
    }
  };
}

/** The next request after a redirect, as the Fetch standard's "HTTP-redirect fetch" makes it. */
function redirected(hop: Hop, status: number, location: string): Hop {
  const url = new URL(location, hop.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`a redirect to a ${url.protocol} URL`);
  }
  let headers = hop.headers;
  if (url.origin !== hop.url.origin) headers = without(headers, ORIGIN_HEADERS);
  if (((status === 301 || status === 302) && hop.method === 'POST') || status === 303) {
    return { url, method: 'GET', headers: without(headers, BODY_HEADERS), body: undefined };
  }
  return { ...hop, url, headers };
}

function without(headers: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name.toLowerCase())));
}

/**
 * The body with its Content-Encoding undone as fetch undoes it: up to 5 codings, the last applied
 * first; an unknown coding leaves the body as it came. (fetch also inflates raw deflate data sent
 * as `deflate`; servers send zlib data, as the standard says, or gzip.)
 */
function decoded(response: IncomingMessage): Readable {
  const header = response.headers['content-encoding'];
  const codings = header ? header.toLowerCase().split(',') : [];
  if (codings.length > MAX_CONTENT_ENCODINGS) {
    throw new Error(
      `too many content-encodings in response: ${codings.length}, maximum allowed is ${MAX_CONTENT_ENCODINGS}`,
    );
  }
  const decoders: Transform[] = [];
  for (const coding of codings.map((name) => name.trim()).reverse()) {
    if (coding === 'gzip' || coding === 'x-gzip') decoders.push(createGunzip(LENIENT_ZLIB));
    else if (coding === 'deflate') decoders.push(createInflate(LENIENT_ZLIB));
    else if (coding === 'br') decoders.push(createBrotliDecompress(LENIENT_BROTLI));
    else return response;
  }
  if (decoders.length === 0) return response;
  // Errors reach the last stream (pipeline destroys them all), where the caller watches.
  return pipeline([response, ...decoders], () => undefined) as unknown as Readable;
}

function answerOf(response: IncomingMessage, text: string): HttpAnswer {
  return {
    status: response.statusCode ?? 0,
    statusText: response.statusMessage ?? '',
    header: (name) => {
      const value = response.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    text,
  };
}
