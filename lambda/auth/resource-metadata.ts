/**
 * The OAuth protected-resource metadata (RFC 9728) of the MCP endpoint, and where it lives. The
 * local server answers it from here and the stack puts the same document in the gateway's MOCK
 * integration, so the two cannot disagree.
 */
import { ALLOWED_HEADERS, PREFLIGHT_MAX_AGE_SECONDS } from '../http/cors';
import { OAUTH_MCP_PATH } from './modes';
import { TIER_SCOPES } from './tiers';

const WELL_KNOWN = '/.well-known/oauth-protected-resource';

export interface ProtectedResourceMetadata {
  readonly resource: string;
  readonly resource_name: string;
  readonly authorization_servers: readonly string[];
  readonly scopes_supported: readonly string[];
  readonly bearer_methods_supported: readonly string[];
}

/** Answers to GET of the metadata: a public document, which any browser client (the Inspector) may read. */
export const METADATA_CORS_HEADERS = { 'Access-Control-Allow-Origin': '*' } as const;

/**
 * The answer (204) to a browser's preflight of the metadata: a browser MCP client asks for it with
 * an MCP-Protocol-Version header, which needs the preflight's consent.
 */
export const METADATA_PREFLIGHT_HEADERS = {
  ...METADATA_CORS_HEADERS,
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
  'Access-Control-Allow-Headers': ALLOWED_HEADERS,
  'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
} as const;

/**
 * The metadata document for `resource` (the URL clients call), whose tokens `issuer` signs.
 * Plain strings in, plain JSON out: the stack passes Terraform references through unchanged.
 */
export function protectedResourceMetadata(resource: string, issuer: string): ProtectedResourceMetadata {
  return {
    resource,
    resource_name: 'QuantConnect MCP',
    authorization_servers: [issuer],
    scopes_supported: TIER_SCOPES,
    bearer_methods_supported: ['header'],
  };
}

/**
 * The metadata's path under a base (the origin, or the API stage): RFC 9728 puts the well-known
 * segment before the resource's path, `/.well-known/oauth-protected-resource/oauth/mcp`.
 */
export function metadataPath(mcpPath: string = OAUTH_MCP_PATH): string {
  return `${WELL_KNOWN}${mcpPath}`;
}

/** The metadata URL of a resource URL whose path ends in `mcpPath` (a stage prefix stays in front). */
export function metadataUrlOf(resource: string, mcpPath: string = OAUTH_MCP_PATH): string {
  const base = resource.endsWith(mcpPath) ? resource.slice(0, -mcpPath.length) : resource.replace(/\/+$/, '');
  return `${base}${metadataPath(mcpPath)}`;
}

/** `WWW-Authenticate` of a 401 or 403: where the metadata is, and what went wrong if anything did. */
export function bearerChallenge(
  metadataUrl: string,
  problem?: { error: 'invalid_token' | 'insufficient_scope'; description: string; scope?: string },
): string {
  const parts = [`resource_metadata="${metadataUrl}"`];
  if (problem) {
    parts.push(`error="${problem.error}"`, `error_description="${problem.description.replace(/["\\]/g, '')}"`);
    if (problem.scope) parts.push(`scope="${problem.scope}"`);
  }
  return `Bearer ${parts.join(', ')}`;
}
