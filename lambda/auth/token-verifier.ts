/**
 * In-process token verification, for runs without API Gateway's authorizer (`npm start` with
 * QC_MCP_OAUTH_ISSUER): the issuer's OpenID discovery document names its JWKS, and jose checks
 * signature, issuer and expiry; a token must carry an expiry (a token without one would never
 * stop working). The audience is the resource (RFC 8707); a token without `aud` (Cognito's access
 * tokens) is accepted only through the client id allow-list. Reading the issuer is bounded in
 * time: an issuer that does not answer fails the requests waiting on it, with IssuerUnavailable,
 * instead of holding them.
 */
import type { JWTPayload } from 'jose';
import { clip } from '../quote';
import { TokenRejected } from './principal';

// jose is loaded on the first token, not at every cold start: in AWS the gateway verifies tokens
// and this module never runs.
type Jose = typeof import('./jose-subset');

/** Verifies a token for `resource`, the URL of the MCP endpoint as this request reached it. */
export type TokenVerifier = (token: string, resource: string) => Promise<JWTPayload>;

/** How long the issuer's discovery document, and then its keys, may take to arrive. */
export const ISSUER_TIMEOUT_MS = 5_000;

/** The issuer could not be asked for its keys: a server-side problem, not the caller's token. */
export class IssuerUnavailable extends Error {
  constructor(issuer: string, reason: string) {
    super(`The OAuth issuer ${issuer} could not be read (${reason}): check QC_MCP_OAUTH_ISSUER and that it is up.`);
    this.name = 'IssuerUnavailable';
  }
}

async function discoverJwksUri(issuer: string, timeoutMs: number): Promise<URL> {
  const discoveryUrl = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let document: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await fetch(discoveryUrl, { headers: { accept: 'application/json' }, signal });
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${discoveryUrl}`);
    document = (await response.json()) as typeof document;
  } catch (error) {
    // The timeout's DOMException is not an Error in every realm: read its name.
    const reason =
      (error as { name?: unknown } | null)?.name === 'TimeoutError'
        ? `no answer from ${discoveryUrl} within ${timeoutMs} ms`
        : describeCause(error);
    throw new IssuerUnavailable(issuer, reason);
  }
  if (document.issuer !== issuer || typeof document.jwks_uri !== 'string') {
    throw new IssuerUnavailable(issuer, `its discovery document names issuer ${clip(String(document.issuer))}`);
  }
  return new URL(document.jwks_uri);
}

export function issuerTokenVerifier(options: {
  readonly issuer: string;
  /** Whether a token without `aud` may pass (only when the client id allow-list stands in for it). */
  readonly acceptWithoutAudience: boolean;
  /** @default ISSUER_TIMEOUT_MS */
  readonly timeoutMs?: number;
}): TokenVerifier {
  const timeoutMs = options.timeoutMs ?? ISSUER_TIMEOUT_MS;
  // Discovered once per process, on first use; a failed discovery is tried again next time.
  let keys: Promise<{ jose: Jose; keySet: ReturnType<Jose['createRemoteJWKSet']> }> | undefined;
  const jwks = () => {
    keys ??= Promise.all([import('./jose-subset'), discoverJwksUri(options.issuer, timeoutMs)]).then(([jose, uri]) => ({
      jose,
      keySet: jose.createRemoteJWKSet(uri, { timeoutDuration: timeoutMs }),
    }));
    keys.catch(() => (keys = undefined));
    return keys;
  };

  // A token's `aud`, when it has one, must name the resource.
  return async (token, resource) => {
    const { jose, keySet } = await jwks();
    let payload: JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(token, keySet, { issuer: options.issuer, requiredClaims: ['exp'] }));
    } catch (error) {
      // Fetching the keys failed (a timeout, the network): the issuer's fault, not the token's.
      if (error instanceof jose.errors.JWKSTimeout) {
        throw new IssuerUnavailable(options.issuer, `its keys did not arrive within ${timeoutMs} ms`);
      }
      if (error instanceof jose.errors.JOSEError) throw new TokenRejected(describeJoseError(jose, error));
      throw new IssuerUnavailable(options.issuer, `its keys could not be read (${describeCause(error)})`);
    }
    const audiences = payload.aud === undefined ? [] : [payload.aud].flat();
    if (audiences.length === 0 && !options.acceptWithoutAudience) {
      throw new TokenRejected('the token names no audience');
    }
    if (audiences.length > 0 && !audiences.includes(resource)) {
      // Saying which resource this is lets a user see a name mismatch (localhost for 127.0.0.1).
      throw new TokenRejected(`the token was issued for another resource than ${resource}`);
    }
    return payload;
  };
}

function describeJoseError({ errors }: Jose, error: InstanceType<Jose['errors']['JOSEError']>): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss') {
    return 'the token comes from another issuer';
  }
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'exp') {
    return 'the token has no valid expiry (exp)';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return 'the token signature does not verify';
  }
  return 'the token is not valid';
}

function describeCause(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
