/**
 * What the QuantConnect client needs from an HTTP exchange, whichever carries it: Node's http
 * modules (./node-transport.ts, the default) or a fetch (./fetch-transport.ts: an injected one,
 * or the global one for multipart bodies). Types only, so importing it loads nothing.
 */

export interface HttpPost {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  /** `follow` as fetch follows redirects; `manual` returns a 3xx answer as it is. */
  readonly redirect: 'follow' | 'manual';
  /** Largest body read; past it the connection is dropped and `tooLarge` thrown. */
  readonly maxResponseBytes: number;
  readonly tooLarge: (status: number) => Error;
}

export interface HttpAnswer {
  readonly status: number;
  readonly statusText: string;
  /** A response header, as fetch's `headers.get` gives it: `null` when absent. */
  header(name: string): string | null;
  /** The body read to the end, decoded as UTF-8 with a leading byte-order mark dropped. */
  readonly text: string;
}

/** Sends one POST (and, with `follow`, its redirects); rejects on a network failure or an abort. */
export type HttpPoster<Body> = (request: HttpPost & { readonly body: Body }) => Promise<HttpAnswer>;
