/**
 * Cold-start adaptation of the MCP SDK v2's HTTP entry. esbuild injects this module's `Headers`,
 * `Request` and `Response` in place of the globals of those names in our bundles
 * (scripts/bundle-settings.mjs), in our edge and in the SDK alike.
 *
 * What it saves: the SDK's serving entry speaks web `Request` and `Response`, and in Node the
 * first use of any of those globals loads Node's fetch implementation, undici, with the built-in
 * modules it needs (http2, zlib, net, TLS certificates). Measured on Node 22
 * (docs/performance.md): load + first `initialize` takes 113 CPU ms with these classes, 190 without, and
 * 8 MB less peak RSS. They keep a request's or an answer's parts as they are, which is all that
 * passing an API Gateway event through the SDK and back needs; `Response.json` reuses the text of
 * what is deeply frozen, as the tool lists are (frozen-json.ts). Nothing else changes; the
 * QuantConnect client avoids undici too (lambda/quantconnect/node-transport.ts), except for the
 * Object Store upload, whose FormData is undici's.
 *
 * When it can go: when Node loads undici cheaply (a snapshot), when the SDK's entry takes plain
 * messages, or when the benchmark shows no gain from it (delete this file and its `inject`
 * entry; nothing else refers to it).
 */

import { stringifyReusingFrozen } from './frozen-json';

type HeadersInit =
  | { forEach(callback: (value: string, name: string) => void): void }
  | Iterable<readonly [string, string]>
  | Record<string, string>;

type BodyInit = string | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array> | null;

/** Header names compare without case; iteration is in name order, as the Fetch standard says. */
export class LightHeaders {
  readonly #values = new Map<string, string>();

  constructor(init?: HeadersInit | null) {
    if (init === undefined || init === null) return;
    if ('forEach' in init && typeof init.forEach === 'function' && !Array.isArray(init)) {
      init.forEach((value: string, name: string) => this.append(name, value));
      return;
    }
    const pairs: Iterable<readonly [string, string]> =
      Symbol.iterator in init
        ? (init as Iterable<readonly [string, string]>)
        : Object.entries(init as Record<string, string>);
    for (const [name, value] of pairs) this.append(name, value);
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const previous = this.#values.get(key);
    const normalised = String(value).trim();
    this.#values.set(key, previous === undefined ? normalised : `${previous}, ${normalised}`);
  }

  set(name: string, value: string): void {
    this.#values.set(name.toLowerCase(), String(value).trim());
  }

  get(name: string): string | null {
    return this.#values.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }

  delete(name: string): void {
    this.#values.delete(name.toLowerCase());
  }

  forEach(callback: (value: string, name: string, headers: LightHeaders) => void, thisArg?: unknown): void {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this);
  }

  *entries(): IterableIterator<[string, string]> {
    yield* [...this.#values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
  return Buffer.concat(chunks);
}

/** A body read once, as text, JSON or bytes; a stream only when someone asks for `body`. */
class LightBody {
  #source: string | Uint8Array | ReadableStream<Uint8Array> | null;
  #used = false;

  constructor(body: BodyInit | undefined) {
    this.#source = body instanceof ArrayBuffer ? new Uint8Array(body) : (body ?? null);
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#source === null || (typeof this.#source === 'object' && 'getReader' in this.#source)) {
      return this.#source;
    }
    const bytes = typeof this.#source === 'string' ? encoder.encode(this.#source) : this.#source;
    this.#source = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
    return this.#source;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  /** For clone(): the same content, without using this body up. */
  protected copySource(): BodyInit {
    if (this.#source !== null && typeof this.#source === 'object' && 'getReader' in this.#source) {
      const [mine, theirs] = this.#source.tee();
      this.#source = mine;
      return theirs;
    }
    return this.#source;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async text(): Promise<string> {
    const source = this.#take();
    if (typeof source === 'string') return source;
    return decoder.decode(source === null ? new Uint8Array() : 'getReader' in source ? await readAll(source) : source);
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async #bytes(): Promise<Uint8Array> {
    const source = this.#take();
    if (source === null) return new Uint8Array();
    if (typeof source === 'string') return encoder.encode(source);
    return 'getReader' in source ? readAll(source) : source;
  }

  #take(): string | Uint8Array | ReadableStream<Uint8Array> | null {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#source;
  }
}

const NORMALISED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];

interface RequestInit {
  readonly method?: string;
  readonly headers?: HeadersInit | null;
  readonly body?: BodyInit;
  readonly signal?: AbortSignal | null;
}

export class LightRequest extends LightBody {
  readonly method: string;
  readonly url: string;
  readonly headers: LightHeaders;
  readonly signal: AbortSignal;

  constructor(input: string | URL | LightRequest, init: RequestInit = {}) {
    const from = input instanceof LightRequest ? input : undefined;
    const url = from ? from.url : typeof input === 'string' ? input : (input as URL).href;
    super(init.body !== undefined ? init.body : from ? from.copySource() : null);
    const method = init.method ?? from?.method ?? 'GET';
    this.method = NORMALISED_METHODS.includes(method.toUpperCase()) ? method.toUpperCase() : method;
    this.url = new URL(url).href;
    this.headers = new LightHeaders(init.headers ?? from?.headers);
    this.signal = init.signal ?? from?.signal ?? new AbortController().signal;
  }

  clone(): LightRequest {
    return new LightRequest(this);
  }
}

interface ResponseInit {
  readonly status?: number;
  readonly statusText?: string;
  readonly headers?: HeadersInit | null;
}

export class LightResponse extends LightBody {
  readonly status: number;
  readonly statusText: string;
  readonly headers: LightHeaders;
  readonly type = 'default';
  readonly url = '';
  readonly redirected = false;

  constructor(body: BodyInit | undefined = null, init: ResponseInit = {}) {
    super(body);
    this.status = init.status ?? 200;
    this.statusText = init.statusText ?? '';
    this.headers = new LightHeaders(init.headers);
    if (typeof body === 'string' && !this.headers.has('content-type')) {
      this.headers.set('content-type', 'text/plain;charset=UTF-8');
    }
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  static json(data: unknown, init: ResponseInit = {}): LightResponse {
    const headers = new LightHeaders(init.headers);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    return new LightResponse(stringifyReusingFrozen(data), { ...init, headers });
  }

  clone(): LightResponse {
    return new LightResponse(this.copySource(), this);
  }
}

export { LightHeaders as Headers, LightRequest as Request, LightResponse as Response };
