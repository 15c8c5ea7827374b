/**
 * The QuantConnect exchange over a fetch: the one tests inject, or the global one for a
 * multipart body (/object/set's FormData, whose creation has loaded Node's fetch already).
 */
import { setImmediate as socketReleased } from 'node:timers/promises';
import type { HttpAnswer, HttpPoster } from './transport';

export function fetchTransport(fetchImpl: typeof fetch): HttpPoster<BodyInit> {
  return async ({ url, headers, body, signal, redirect, maxResponseBytes, tooLarge }) => {
    const response = await fetchImpl(url, { method: 'POST', headers, body, signal, redirect });
    const text = await readText(response, maxResponseBytes, tooLarge);
    // fetch hands the socket back to its pool a macrotask after the body is read; a call made
    // before that (the next poll, the next page) would open a second TLS connection.
    await socketReleased();
    return answerOf(response, text);
  };
}

function answerOf(response: Response, text: string): HttpAnswer {
  return {
    status: response.status,
    statusText: response.statusText,
    header: (name) => response.headers.get(name),
    text,
  };
}

/**
 * The body as text, read chunk by chunk and abandoned (the connection closed) as soon as it
 * passes `limit` bytes, or before reading at all when Content-Length already says so.
 */
async function readText(response: Response, limit: number, tooLarge: (status: number) => Error): Promise<string> {
  if (Number(response.headers.get('content-length')) > limit) {
    await response.body?.cancel();
    throw tooLarge(response.status);
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(response.status);
    }
    chunks.push(value);
  }
  // TextDecoder, like response.text(), drops a leading byte-order mark.
  return new TextDecoder().decode(Buffer.concat(chunks));
}
