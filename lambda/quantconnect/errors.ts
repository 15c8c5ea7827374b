/**
 * One error class per way a QuantConnect call can fail. Each message names the endpoint, says
 * what happened in words an agent can act on, and quotes QuantConnect's own text when there is
 * some. No message ever contains the API token, the Authorization header or a request body.
 */

export class QuantConnectError extends Error {
  /** The API path that was called, e.g. `/backtests/read`. */
  readonly endpoint: string;
  /** HTTP status of QuantConnect's answer, when there was one. */
  readonly status?: number;

  constructor(endpoint: string, message: string, options?: { status?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.endpoint = endpoint;
    this.status = options?.status;
  }
}

/** QuantConnect refused the user id / API token (or the signature made from them). */
export class AuthenticationError extends QuantConnectError {
  constructor(endpoint: string, detail: string, credentialsHint: string, status: number) {
    super(
      endpoint,
      `QuantConnect rejected the credentials on ${endpoint} (HTTP ${status}): ${withoutFinalStop(detail)}. ` +
        `Check the QuantConnect user id and API token (${credentialsHint}); both are shown on ` +
        'https://www.quantconnect.com/settings. The request is signed with the current Unix time, so ' +
        'a wrong system clock causes this too.',
      { status },
    );
  }
}

/** QuantConnect understood the request and answered `success: false`. */
export class ApiError extends QuantConnectError {
  /** QuantConnect's own messages (`errors`, `messages` or `Message`). */
  readonly errors: readonly string[];

  constructor(endpoint: string, errors: readonly string[], status: number) {
    const text = errors.length > 0 ? errors.join('; ') : 'no reason given';
    super(endpoint, `QuantConnect refused ${endpoint}: ${text}`, { status });
    this.errors = errors;
  }
}

/** A non-2xx answer that is not an authentication failure. */
export class HttpStatusError extends QuantConnectError {
  declare readonly status: number;
  /** Seconds QuantConnect asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds?: number;

  constructor(endpoint: string, status: number, detail: string | undefined, retryAfterSeconds?: number) {
    super(
      endpoint,
      `QuantConnect answered HTTP ${status} to ${endpoint}${detail ? `: ${withoutFinalStop(detail)}` : ''}. ${advice(status)}`,
      {
        status,
      },
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 429 and 5xx say "try again later"; anything else will fail the same way again. */
  get transient(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/** QuantConnect's texts often end with a full stop; ours adds the next sentence. */
function withoutFinalStop(text: string): string {
  return text.replace(/\.+$/, '');
}

function advice(status: number): string {
  if (status === 429) return 'Too many requests: wait a little before calling again.';
  if (status >= 500) return 'QuantConnect had a problem; try again in a moment.';
  if (status === 404) return 'The endpoint or the object does not exist.';
  return 'Check the arguments of the call.';
}

/**
 * An answer the client cannot use: an HTML page or malformed JSON where JSON was expected, or
 * JSON where a redirect was expected.
 */
export class InvalidResponseError extends QuantConnectError {
  constructor(endpoint: string, status: number, what: string) {
    super(
      endpoint,
      `QuantConnect answered ${endpoint} with ${what} (HTTP ${status}). ` +
        'This is usually a temporary problem on their side (maintenance page, proxy error); try again shortly.',
      { status },
    );
  }
}

/** The answer was larger than the client reads; it stopped reading instead of holding it all in memory. */
export class ResponseTooLargeError extends QuantConnectError {
  readonly limitBytes: number;

  constructor(endpoint: string, status: number, limitBytes: number) {
    super(
      endpoint,
      `QuantConnect's answer to ${endpoint} is larger than ${Math.round(limitBytes / 1024 / 1024)} MiB, more than ` +
        'this server reads, so it was not read. Ask for less: a smaller page, a single file, or a narrower time range.',
      { status },
    );
    this.limitBytes = limitBytes;
  }
}

/** The call did not finish before its deadline (retries included). */
export class RequestTimeoutError extends QuantConnectError {
  readonly timeoutSeconds: number;

  constructor(endpoint: string, timeoutSeconds: number) {
    super(
      endpoint,
      `The call to ${endpoint} timed out after ${timeoutSeconds} s. QuantConnect may still be doing the work: ` +
        'for long work (compiles, backtests, optimizations) poll with the matching read tool instead of waiting, ' +
        'and check with a read or list tool before repeating a call that creates something.',
    );
    this.timeoutSeconds = timeoutSeconds;
  }
}

/** The connection failed (DNS, refused, reset) before an answer arrived. */
export class NetworkError extends QuantConnectError {
  constructor(endpoint: string, cause: unknown) {
    super(
      endpoint,
      `Could not reach QuantConnect for ${endpoint}: ${describeCause(cause)}. Check the network and try again.`,
      { cause },
    );
  }
}

/** The caller aborted the call (MCP request cancelled, Lambda out of time). */
export class RequestCancelledError extends QuantConnectError {
  constructor(endpoint: string, reason: unknown) {
    const why = reason instanceof Error && reason.message ? `: ${reason.message}` : '';
    super(endpoint, `The call to ${endpoint} was cancelled${why}.`, { cause: reason });
  }
}

/** undici wraps the useful reason (ECONNREFUSED, "other side closed") in `cause`; node:http throws it as is. */
function describeCause(cause: unknown): string {
  if (!isError(cause)) return String(cause);
  const inner: NodeJS.ErrnoException | undefined = isError(cause.cause) ? cause.cause : undefined;
  const outer: NodeJS.ErrnoException = cause;
  const code = inner?.code ?? outer.code;
  const message = inner?.message ?? cause.message;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

/** Told by shape, not `instanceof`: Node's own errors come from another realm under jest's sandbox. */
function isError(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && typeof (value as Error).message === 'string';
}
