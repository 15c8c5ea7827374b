/**
 * The contract between the tools and the QuantConnect client. Tools only see this interface,
 * so tests can drive them against the fake and the client can change without touching them.
 */

/** A JSON body as QuantConnect returns it, after the `success` envelope has been checked. */
export type QuantConnectResponse = Record<string, unknown>;

export interface RequestOptions {
  /**
   * True when sending the same request twice is harmless (every read, and writes that set a
   * value). Only idempotent requests are retried after a network error, 429 or 5xx.
   */
  readonly idempotent: boolean;
  /** Aborts the call (the MCP request was cancelled or the Lambda is running out of time). */
  readonly signal?: AbortSignal;
  /** Absolute time (ms since epoch) by which the call must have ended, retries included. */
  readonly deadline?: number;
}

export interface QuantConnectClient {
  /**
   * POSTs `body` to `endpoint` (a path of the API, e.g. `/projects/read`) and returns the parsed
   * JSON. The body is sent as JSON, except a `FormData`, which is sent as multipart/form-data
   * (`/object/set` takes its file that way). Throws a `QuantConnectError` subclass when the call fails or QuantConnect answers
   * `success: false`.
   */
  post(endpoint: string, body: object | undefined, options: RequestOptions): Promise<QuantConnectResponse>;

  /**
   * Like `post`, but does not follow redirects and returns the `Location` header of a 3xx answer
   * (`/live/auth0/authorize` answers 302 with the brokerage's authorisation URL).
   */
  postForRedirect(endpoint: string, body: object | undefined, options: RequestOptions): Promise<string>;
}

/** The QuantConnect user id and API token the client signs requests with. */
export interface Credentials {
  readonly userId: string;
  readonly apiToken: string;
}

/**
 * Returns the current credentials; called before every request, so it must be cheap when warm
 * (cached). Throws an error whose message tells the operator how to provide them.
 */
export type CredentialsProvider = () => Promise<Credentials>;
