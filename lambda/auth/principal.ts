/**
 * Who is calling, and with which tier. The same claim checks serve both OAuth paths: the claims
 * API Gateway's Cognito authorizer verified (in AWS) and the payload of a token verified here
 * (locally). Cognito access tokens carry no `aud`: the client id allow-list is their audience check.
 */
import type { Access } from '../tools/define';
import { GROUPS_CLAIM, groupTier, lowestAccess, scopeTier } from './tiers';

export interface Principal {
  /** The token's `sub`, or the API key id: the identity the log line names (never a credential). */
  readonly subject: string;
  /** The OAuth client the token was issued to; absent for API keys. */
  readonly clientId?: string;
  readonly scopes: readonly string[];
  /** The tier of this request: the lowest of the deployment's, the token's scopes and the user's groups. */
  readonly access: Access;
  /** The tier a token with every scope would give this user: above `access`, asking for more scope helps. */
  readonly grantable: Access;
}

/** A token the server refuses, and whether it is invalid (401) or lacks a scope (403). */
export class TokenRejected extends Error {
  constructor(
    message: string,
    readonly error: 'invalid_token' | 'insufficient_scope' = 'invalid_token',
  ) {
    super(message);
    this.name = 'TokenRejected';
  }
}

export interface ClaimChecks {
  /** The deployment's QC_MCP_ACCESS: no token raises a request above it. */
  readonly access: Access;
  /** Client ids whose tokens are accepted; empty accepts any client of the issuer. */
  readonly clientIds: readonly string[];
}

/** A claim that is a list, as a JWT array, a space-separated string or API Gateway's "[a b]" / "a,b" rendering. */
export function claimList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter((item) => item !== '');
}

/** @throws TokenRejected when a claim rules the token out. */
export function principalFromClaims(claims: Readonly<Record<string, unknown>>, checks: ClaimChecks): Principal {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject === '') throw new TokenRejected('the token names no subject');
  // Cognito ID tokens are signed by the same keys: only access tokens grant access.
  if (claims.token_use !== undefined && claims.token_use !== 'access') {
    throw new TokenRejected('the token is not an access token');
  }
  const clientId = typeof claims.client_id === 'string' ? claims.client_id : undefined;
  if (checks.clientIds.length > 0 && (clientId === undefined || !checks.clientIds.includes(clientId))) {
    throw new TokenRejected('the token was issued to a client this server does not accept');
  }
  const scopes = claimList(claims.scope);
  const fromScopes = scopeTier(scopes);
  if (fromScopes === undefined) {
    throw new TokenRejected('the token holds none of the tier scopes', 'insufficient_scope');
  }
  const grantable = lowestAccess(checks.access, groupTier(claimList(claims[GROUPS_CLAIM])));
  return { subject, clientId, scopes, access: lowestAccess(grantable, fromScopes), grantable };
}
