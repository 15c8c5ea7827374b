/**
 * The QuantConnect API v2 client: signs each request, keeps every call (retries included) inside
 * its deadline, retries idempotent requests on transient failures, and turns every failure into
 * a typed `QuantConnectError`. Responses are parsed, not validated: QuantConnect's answers deviate
 * from its own spec (dates as `YYYY-MM-DD HH:MM:SS`, booleans for strings), and rejecting them
 * would break working calls.
 *
 * Bounds: an answer is read as a stream and abandoned past `maxResponseBytes`, so one huge answer
 * cannot exhaust the function's memory; at most `maxInFlight` calls are open at once per client
 * (one client per container), so one POST with many tool calls cannot fan out without limit. Any
 * text quoted from a failed answer is cleaned of the request's credentials (./redaction.ts).
 *
 * Transport: requests go through Node's http modules (./node-transport.ts), which cost a cold
 * start far less than Node's fetch; an injected `fetch` (tests) or a multipart body goes through
 * fetch (./fetch-transport.ts). Either keeps the connection open between calls, so a warm container
 * reuses its TLS connection: nothing here sets `Connection: close`, every response body is read to
 * the end, and the call returns only once the socket is back in the pool.
 */
import { authHeaders } from './auth';
import { retryDelay } from './backoff';
import { InFlightLimit } from './in-flight-limit';
import { credentialRedactor } from './redaction';
import { fetchTransport } from './fetch-transport';
import type { HttpAnswer, HttpPoster } from './transport';
import {
  ApiError,
  AuthenticationError,
  HttpStatusError,
  InvalidResponseError,
  NetworkError,
  QuantConnectError,
  RequestCancelledError,
  RequestTimeoutError,
  ResponseTooLargeError,
} from './errors';
import type {
  Credentials,
  CredentialsProvider,
  QuantConnectClient,
  QuantConnectResponse,
  RequestOptions,
} from './types';
import { REQUEST_TIME_BUDGET_MS } from '../time-budget';

export interface QuantConnectClientOptions {
  /** The API root, e.g. `https://www.quantconnect.com/api/v2` (no trailing path). */
  readonly baseUrl: string;
  /** Called before every request; must be cheap when warm. */
  readonly credentials: CredentialsProvider;
  /**
   * Sends every request through this fetch instead of Node's http modules.
   * @default none: node:https / node:http, and globalThis.fetch (looked up at the call) for a FormData body
   */
  readonly fetch?: typeof fetch;
  /** Clock in ms since the epoch (for the Timestamp header and deadlines). @default Date.now */
  readonly now?: () => number;
  /** Source of back-off jitter in [0, 1). @default Math.random */
  readonly random?: () => number;
  /**
   * Where the operator sets the user id and API token, quoted in authentication errors, e.g.
   * "secrets quant-connect-mcp/user-id and quant-connect-mcp/api-token".
   * @default 'in the settings this server was deployed with'
   */
  readonly credentialsHint?: string;
  /**
   * Longest a call may take, retries included, when the caller's deadline is later or absent.
   * Below API Gateway's 29 s integration limit so the user gets an MCP error, not a 504.
   * @default 25_000
   */
  readonly timeoutMs?: number;
  /** Attempts for an idempotent request (the first one included). @default 3 */
  readonly maxAttempts?: number;
  /** Back-off before the first retry; doubles with each retry, full jitter. @default 250 */
  readonly retryBaseDelayMs?: number;
  /** Longest single back-off, unless QuantConnect's Retry-After asks for more. @default 4_000 */
  readonly retryMaxDelayMs?: number;
  /** Largest answer read, in bytes; a larger one fails with `ResponseTooLargeError`. @default 16 MiB */
  readonly maxResponseBytes?: number;
  /** QuantConnect calls open at once; further calls wait for a free slot. @default 8 */
  readonly maxInFlight?: number;
}

const DEFAULT_TIMEOUT_MS = REQUEST_TIME_BUDGET_MS;
const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_RETRY_BASE_DELAY_MS = 250;
const DEFAULT_RETRY_MAX_DELAY_MS = 4_000;
/**
 * Tool results are cut to 100,000 characters anyway; QuantConnect's largest answers (a backtest's
 * orders or charts, a project's files) are expected to be a few MB (an estimate, not measured
 * against the real API). 16 MiB leaves room for those while 8 reads in flight stay a fraction of
 * the 1024 MB function (a 60 MB answer read whole once took a container from 219 to 385 MiB).
 */
const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/**
 * Lambda gives a container one request at a time, so this bounds the QuantConnect calls of one
 * POST: enough for a handful of parallel tool calls to proceed together, few enough that a batch
 * of tool calls reaches QuantConnect as a trickle, not a burst of dozens (retries included), and
 * the memory of 8 answers in flight stays bounded.
 */
const DEFAULT_MAX_IN_FLIGHT = 8;
/** QuantConnect's error texts are short; an HTML error page is not, and must not flood the agent. */
const MAX_DETAIL_CHARS = 500;

export function createQuantConnectClient(options: QuantConnectClientOptions): QuantConnectClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const injectedFetch = options.fetch && fetchTransport(options.fetch);
  // Loaded at the first call to QuantConnect, not at init: node:https (with tls) is not needed before.
  let nodeTransport: Promise<HttpPoster<string>> | undefined;
  const defaultTransport = () =>
    (nodeTransport ??= import('./node-transport').then(({ createNodeTransport }) => createNodeTransport()));
  const now = options.now ?? Date.now;
  const credentialsHint = options.credentialsHint ?? 'in the settings this server was deployed with';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const backOffPolicy = {
    baseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS,
    maxDelayMs: options.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS,
    random: options.random ?? Math.random,
  };
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const inFlight = new InFlightLimit(options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);

  /** Runs `attempt` until it succeeds, retrying transient failures of idempotent calls within the deadline. */
  async function call<T>(
    endpoint: string,
    request: RequestOptions,
    attempt: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const started = now();
    const deadline = Math.min(request.deadline ?? Infinity, started + timeoutMs);
    const budgetSeconds = Math.max(0, Math.round((deadline - started) / 100) / 10);
    const timeout = () => new RequestTimeoutError(endpoint, budgetSeconds);
    if (request.signal?.aborted) throw new RequestCancelledError(endpoint, request.signal.reason);
    if (deadline <= started) throw timeout();

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, deadline - started);
    const onCallerAbort = () => controller.abort();
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const interrupted = () =>
      timedOut ? timeout() : new RequestCancelledError(endpoint, request.signal?.reason ?? controller.signal.reason);

    try {
      for (let attemptNumber = 1; ; attemptNumber++) {
        try {
          return await attempt(controller.signal);
        } catch (error) {
          if (controller.signal.aborted) throw interrupted();
          if (!request.idempotent || attemptNumber >= maxAttempts || !isTransient(error)) throw error;
          const retryAfter = error instanceof HttpStatusError ? error.retryAfterSeconds : undefined;
          const delay = retryDelay(backOffPolicy, attemptNumber, retryAfter);
          // A retry that cannot finish in time only hides the real error behind a timeout.
          if (now() + delay >= deadline) throw error;
          await sleep(delay, controller.signal);
          if (controller.signal.aborted) throw interrupted();
        }
      }
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  /**
   * One HTTP exchange, in one of the in-flight slots; the body is read to the end (so the socket
   * can be reused) unless it is too large. `clean` removes this request's credentials from text.
   */
  async function exchange(
    endpoint: string,
    body: object | undefined,
    signal: AbortSignal,
    redirect: 'follow' | 'manual',
  ): Promise<{ answer: HttpAnswer; clean: (text: string) => string }> {
    // A slow credentials source (Secrets Manager) counts against the deadline too.
    const credentials = await untilAborted(options.credentials(), signal);
    const release = await inFlight.acquire(signal);
    try {
      return await exchangeInSlot(endpoint, credentials, body, signal, redirect);
    } finally {
      release();
    }
  }

  async function exchangeInSlot(
    endpoint: string,
    credentials: Credentials,
    body: object | undefined,
    signal: AbortSignal,
    redirect: 'follow' | 'manual',
  ): Promise<{ answer: HttpAnswer; clean: (text: string) => string }> {
    const headers: Record<string, string> = {
      ...authHeaders(credentials, now() / 1000),
      Accept: 'application/json',
    };
    const post = { url: `${baseUrl}${endpoint}`, headers, signal, redirect, maxResponseBytes, tooLarge };
    try {
      let answer: HttpAnswer;
      if (isFormData(body)) {
        // /object/set takes multipart/form-data; fetch writes the boundary into Content-Type.
        answer = await (injectedFetch ?? fetchTransport(globalThis.fetch))({ ...post, body });
      } else {
        headers['Content-Type'] = 'application/json';
        const json = JSON.stringify(body ?? {});
        answer = await (injectedFetch ?? (await defaultTransport()))({ ...post, body: json });
      }
      return { answer, clean: credentialRedactor(headers.Authorization) };
    } catch (error) {
      if (signal.aborted || error instanceof QuantConnectError) throw error;
      throw new NetworkError(endpoint, error);
    }

    function tooLarge(status: number): ResponseTooLargeError {
      return new ResponseTooLargeError(endpoint, status, maxResponseBytes);
    }
  }

  /**
   * The error an answer stands for, if any. Only failures are quoted, so only their text is
   * cleaned of credentials (before it is cut short, so no fragment of a credential survives).
   */
  function failure(
    endpoint: string,
    answer: HttpAnswer,
    clean: (text: string) => string,
  ): QuantConnectError | undefined {
    const { status, text: rawText } = answer;
    const rawJson = parseJson(rawText);
    if (status >= 200 && status < 300 && isObject(rawJson) && rawJson.success !== false) return undefined;
    const text = clean(rawText);
    const json = parseJson(text);
    if (status === 401 || status === 403) {
      const detail = messagesOf(json).join('; ') || summarise(text) || clean(answer.statusText) || 'unauthorised';
      return new AuthenticationError(endpoint, detail, credentialsHint, status);
    }
    if (status < 200 || status >= 300) {
      const detail = messagesOf(json).join('; ') || summarise(text);
      return new HttpStatusError(endpoint, status, detail, retryAfterSeconds(answer.header('retry-after'), now));
    }
    if (json === undefined) return new InvalidResponseError(endpoint, status, describeNonJson(text));
    if (!isObject(json)) return new InvalidResponseError(endpoint, status, 'JSON that is not an object');
    if (json.success === false) {
      const messages = messagesOf(json);
      if (messages.some(isCredentialsFailure)) {
        return new AuthenticationError(endpoint, messages.join('; '), credentialsHint, status);
      }
      return new ApiError(endpoint, messages, status);
    }
    return undefined;
  }

  return {
    post(endpoint, body, request) {
      return call(endpoint, request, async (signal) => {
        const { answer, clean } = await exchange(endpoint, body, signal, 'follow');
        const error = failure(endpoint, answer, clean);
        if (error) throw error;
        return parseJson(answer.text) as QuantConnectResponse;
      });
    },

    postForRedirect(endpoint, body, request) {
      return call(endpoint, request, async (signal) => {
        const { answer, clean } = await exchange(endpoint, body, signal, 'manual');
        if (answer.status >= 300 && answer.status < 400) {
          const location = answer.header('location');
          if (location) return location;
          throw new InvalidResponseError(endpoint, answer.status, 'a redirect without a Location header');
        }
        throw (
          failure(endpoint, answer, clean) ??
          new InvalidResponseError(
            endpoint,
            answer.status,
            'JSON where a redirect to the authorisation page was expected',
          )
        );
      });
    },
  };
}

function isTransient(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof HttpStatusError && error.transient);
}

/** `promise`, or a rejection as soon as `signal` aborts (the caller turns it into a timeout or cancellation). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Resolves after `ms`, or as soon as `signal` aborts (the caller checks which). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** QuantConnect reports failures in `errors`, `messages` or `Message`, depending on the endpoint. */
function messagesOf(json: unknown): string[] {
  if (!isObject(json)) return [];
  const collected: string[] = [];
  for (const key of ['errors', 'messages', 'Message', 'message']) {
    const value = json[key];
    const items = Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value];
    for (const item of items) collected.push(typeof item === 'string' ? item : JSON.stringify(item));
  }
  return collected.map((message) => truncate(message.trim())).filter((message) => message.length > 0);
}

function isCredentialsFailure(message: string): boolean {
  return /hash doesn'?t match|invalid (api )?token/i.test(message);
}

/**
 * Whether `body` is a FormData, told by its Symbol.toStringTag rather than `instanceof FormData`:
 * reading the global FormData makes Node load undici, which the node transport exists to avoid,
 * while the tag costs nothing. A JSON body is a plain object (a tool's arguments), whose tag is
 * `Object`; only a FormData (or a look-alike built to pass for one, which fetch would send as it
 * sends a FormData) carries this one.
 */
function isFormData(body: object | undefined): body is FormData {
  return Object.prototype.toString.call(body) === '[object FormData]';
}

function looksLikeHtml(text: string): boolean {
  return /^\s*</.test(text) && /<(!doctype|html|head|body|title)/i.test(text);
}

function describeNonJson(text: string): string {
  if (text.trim() === '') return 'an empty body instead of JSON';
  if (looksLikeHtml(text)) {
    const title = htmlTitle(text);
    return `an HTML page${title ? ` ("${title}")` : ''} instead of JSON`;
  }
  return 'malformed JSON';
}

/** A short, single-line account of a non-JSON error body. */
function summarise(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  if (looksLikeHtml(text)) {
    const title = htmlTitle(text);
    return title ? `HTML page "${title}"` : 'an HTML page';
  }
  return truncate(text.replace(/\s+/g, ' ').trim());
}

function htmlTitle(text: string): string | undefined {
  const match = /<title[^>]*>([^<]*)<\/title>/i.exec(text);
  return match ? truncate(match[1].replace(/\s+/g, ' ').trim()) || undefined : undefined;
}

function truncate(text: string): string {
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}…` : text;
}

/** Retry-After is either delta-seconds or an HTTP date. */
function retryAfterSeconds(header: string | null, now: () => number): number | undefined {
  if (header === null) return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now()) / 1000));
}
