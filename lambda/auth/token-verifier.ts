/**
 * In-process token verification, for runs without API Gateway's authorizer (`npm start` with
 * QC_MCP_OAUTH_ISSUER): the issuer's OpenID discovery document names its JWKS, and jose checks
 * signature, issuer and expiry. The audience is the resource (RFC 8707); a token without `aud`
 * (Cognito's access tokens) is accepted only through the client id allow-list.
 */
import type { JWTPayload } from 'jose';
import { TokenRejected } from './principal';

// jose is loaded on the first token, not at every cold start: in AWS the gateway verifies tokens
// and this module never runs.
type Jose = typeof import('./jose-subset');

export type TokenVerifier = (token: string) => Promise<JWTPayload>;

/** The issuer could not be asked for its keys: a server-side problem, not the caller's token. */
export class IssuerUnavailable extends Error {
  constructor(issuer: string, reason: string) {
    super(`The OAuth issuer ${issuer} could not be read (${reason}): check QC_MCP_OAUTH_ISSUER and that it is up.`);
    this.name = 'IssuerUnavailable';
  }
}

async function discoverJwksUri(issuer: string): Promise<URL> {
  const discoveryUrl = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let document: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const response = await fetch(discoveryUrl, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${discoveryUrl}`);
    document = (await response.json()) as typeof document;
  } catch (error) {
    throw new IssuerUnavailable(issuer, error instanceof Error ? error.message : String(error));
  }
  if (document.issuer !== issuer || typeof document.jwks_uri !== 'string') {
    throw new IssuerUnavailable(issuer, `its discovery document names issuer ${String(document.issuer)}`);
  }
  return new URL(document.jwks_uri);
}

export function issuerTokenVerifier(options: {
  readonly issuer: string;
  /** The URL of the MCP endpoint: a token's `aud`, when it has one, must name it. */
  readonly resource: () => string;
  /** Whether a token without `aud` may pass (only when the client id allow-list stands in for it). */
  readonly acceptWithoutAudience: boolean;
}): TokenVerifier {
  // Discovered once per process, on first use; a failed discovery is tried again next time.
  let keys: Promise<{ jose: Jose; keySet: ReturnType<Jose['createRemoteJWKSet']> }> | undefined;
  const jwks = () => {
    keys ??= Promise.all([import('./jose-subset'), discoverJwksUri(options.issuer)]).then(([jose, uri]) => ({
      jose,
      keySet: jose.createRemoteJWKSet(uri),
    }));
    keys.catch(() => (keys = undefined));
    return keys;
  };

  return async (token) => {
    const { jose, keySet } = await jwks();
    let payload: JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(token, keySet, { issuer: options.issuer }));
    } catch (error) {
      if (error instanceof jose.errors.JOSEError) throw new TokenRejected(describeJoseError(jose, error));
      throw error;
    }
    const audiences = payload.aud === undefined ? [] : [payload.aud].flat();
    if (audiences.length === 0 && !options.acceptWithoutAudience) {
      throw new TokenRejected('the token names no audience');
    }
    if (audiences.length > 0 && !audiences.includes(options.resource())) {
      throw new TokenRejected('the token was issued for another resource');
    }
    return payload;
  };
}

function describeJoseError({ errors }: Jose, error: InstanceType<Jose['errors']['JOSEError']>): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss') {
    return 'the token comes from another issuer';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return 'the token signature does not verify';
  }
  return 'the token is not valid';
}
