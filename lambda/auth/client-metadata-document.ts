/**
 * Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document, MCP 2026-07-28): a
 * client whose `client_id` is an https URL publishes its metadata at that URL, and the
 * authorization server reads it instead of taking a registration. Here the URL is checked, the
 * document fetched (https only, at most 5 KB, a few seconds, no redirect, never from a private or
 * loopback address: the URL is the caller's, so the function must not become a way into the
 * network it runs in), validated as a public PKCE client, and kept for a few minutes.
 */
import type { Agent } from 'node:https';
import { InvalidClientMetadataDocument } from './client-metadata-rules';
import { InvalidRedirectUri, normaliseRedirectUri } from './redirect-uri';

export { InvalidClientMetadataDocument, MAX_DOCUMENT_BYTES } from './client-metadata-rules';

const MAX_CLIENT_ID_LENGTH = 500;
const MAX_REDIRECT_URIS = 10;
const GRANT_TYPES = ['authorization_code', 'refresh_token'];

export interface ClientMetadataDocument {
  readonly clientId: string;
  readonly clientName?: string;
  /** In their normal form (redirect-uri.ts). */
  readonly redirectUris: readonly string[];
}

export interface DocumentFetchOptions {
  /** Redirect URI hosts (redirect-uri.ts): the same allow-list as registration. */
  readonly redirectHosts: ReadonlySet<string>;
  /**
   * Fetch from loopback addresses too. Only the local server's tests turn this on (their document
   * server runs on 127.0.0.1); the Lambda entry point never does.
   * @default false
   */
  readonly allowLoopback?: boolean;
  /** @default 3000 */
  readonly timeoutMs?: number;
  /** The TLS agent (tests give one that trusts their own certificate). @default Node's global agent */
  readonly agent?: Agent;
}

/** Everything a client id URL must be before anything is fetched. */
export function isClientIdUrl(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('https://');
}

function checkClientIdUrl(clientId: string): URL {
  if (clientId.length > MAX_CLIENT_ID_LENGTH) {
    throw new InvalidClientMetadataDocument(`a client_id URL has at most ${MAX_CLIENT_ID_LENGTH} characters`);
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u0020\u007f\\#]/.test(clientId)) {
    throw new InvalidClientMetadataDocument(
      'a client_id URL may not contain spaces, controls, backslashes or a fragment',
    );
  }
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    throw new InvalidClientMetadataDocument('the client_id is not a URL');
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') {
    throw new InvalidClientMetadataDocument('a client_id URL must be https, without user or password');
  }
  if (url.pathname === '/' || /\/\.\.?(\/|$)/.test(clientId.slice(url.origin.length))) {
    throw new InvalidClientMetadataDocument('a client_id URL needs a path, without . or .. segments');
  }
  // The document must name itself byte for byte, so the URL must already be in its normal form.
  if (url.href !== clientId) throw new InvalidClientMetadataDocument('a client_id URL must be in its normal form');
  return url;
}

/** The document's fields this server relies on, checked; anything else in it is ignored. */
export function validateClientMetadataDocument(
  clientId: string,
  text: string,
  redirectHosts: ReadonlySet<string>,
): ClientMetadataDocument {
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new InvalidClientMetadataDocument('the document is not JSON');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new InvalidClientMetadataDocument('the document is not a JSON object');
  }
  if (document.client_id !== clientId) {
    throw new InvalidClientMetadataDocument('the document’s client_id is not the URL it was fetched from');
  }
  const method = document.token_endpoint_auth_method ?? 'none';
  if (method !== 'none' || document.client_secret !== undefined) {
    throw new InvalidClientMetadataDocument('only public clients (token_endpoint_auth_method none, PKCE) are served');
  }
  const grants = document.grant_types ?? ['authorization_code'];
  if (!Array.isArray(grants) || grants.some((grant) => !GRANT_TYPES.includes(grant as string))) {
    throw new InvalidClientMetadataDocument(`grant_types may only be ${GRANT_TYPES.join(' and ')}`);
  }
  const responseTypes = document.response_types ?? ['code'];
  if (!Array.isArray(responseTypes) || responseTypes.some((type) => type !== 'code')) {
    throw new InvalidClientMetadataDocument('response_types may only be code');
  }
  const uris = document.redirect_uris;
  if (!Array.isArray(uris) || uris.length === 0 || uris.length > MAX_REDIRECT_URIS) {
    throw new InvalidClientMetadataDocument(`redirect_uris must list 1 to ${MAX_REDIRECT_URIS} URIs`);
  }
  let redirectUris: string[];
  try {
    redirectUris = uris.map((uri) => normaliseRedirectUri(uri, redirectHosts));
  } catch (error) {
    if (error instanceof InvalidRedirectUri) throw new InvalidClientMetadataDocument(error.message);
    throw error;
  }
  const name = typeof document.client_name === 'string' ? document.client_name.slice(0, 100) : undefined;
  return { clientId, clientName: name, redirectUris };
}

/** Reads client id URLs, keeping each valid document for `ttlMs` and at most `maxEntries` of them. */
export function clientMetadataDocuments(
  options: DocumentFetchOptions & { readonly ttlMs?: number; readonly maxEntries?: number; now?: () => number },
): (clientId: string) => Promise<ClientMetadataDocument> {
  const cache = new Map<string, { document: ClientMetadataDocument; expires: number }>();
  const ttl = options.ttlMs ?? 5 * 60_000;
  const maxEntries = options.maxEntries ?? 100;
  const now = options.now ?? Date.now;
  return async (clientId) => {
    const cached = cache.get(clientId);
    if (cached !== undefined && cached.expires > now()) return cached.document;
    const url = checkClientIdUrl(clientId);
    // Loaded at the first document: node:https, node:dns and node:net cost every cold start
    // tens of milliseconds (bundle test), and most requests are MCP calls.
    const { download } = await import('./document-download');
    const document = validateClientMetadataDocument(clientId, await download(url, options), options.redirectHosts);
    cache.delete(clientId);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(clientId, { document, expires: now() + ttl });
    return document;
  };
}
