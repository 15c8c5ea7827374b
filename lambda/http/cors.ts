/**
 * Origin policy, and the CORS values the gateway's own answers use too (constructs/cors.ts
 * imports them: one definition for both sides). The MCP spec requires servers to validate `Origin` (DNS-rebinding protection):
 * a request without one (every non-browser client) passes, a browser request passes only from a
 * configured origin. Allowed browser origins get the CORS headers they need to read answers.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';

export const ALLOWED_METHODS = 'POST, OPTIONS';
/** Request headers a browser MCP client of either protocol era sends (2026-07-28 adds Mcp-Method and Mcp-Name). */
export const ALLOWED_HEADERS =
  'content-type, accept, x-api-key, authorization, mcp-protocol-version, mcp-method, mcp-name, mcp-session-id';
/** Headers a browser client may read from our answers. */
const EXPOSED_HEADERS = 'mcp-session-id, mcp-protocol-version, www-authenticate';
/** Seconds a browser may cache a preflight answer. */
export const PREFLIGHT_MAX_AGE_SECONDS = 600;

export type OriginCheck = (origin: string) => boolean;

/** Entries are exact origins, or `scheme://host:*` for any port of that host. */
export function originPolicy(allowedOrigins: readonly string[]): OriginCheck {
  const exact = new Set<string>();
  const anyPort: string[] = [];
  for (const entry of allowedOrigins) {
    if (entry.endsWith(':*')) anyPort.push(entry.slice(0, -2).toLowerCase());
    else exact.add(entry.toLowerCase());
  }
  return (origin) => {
    const normalised = origin.toLowerCase();
    if (exact.has(normalised)) return true;
    return anyPort.some(
      (prefix) =>
        normalised === prefix ||
        (normalised.startsWith(`${prefix}:`) && /^\d+$/.test(normalised.slice(prefix.length + 1))),
    );
  };
}

/** CORS headers for an answer to an allowed browser origin (none without an Origin). */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  if (origin === undefined) return {};
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED_HEADERS, vary: 'Origin' };
}

export function preflightResult(origin: string | undefined): APIGatewayProxyResult {
  return {
    statusCode: 204,
    headers: {
      allow: ALLOWED_METHODS,
      ...corsHeaders(origin),
      ...(origin === undefined
        ? {}
        : {
            'access-control-allow-methods': ALLOWED_METHODS,
            'access-control-allow-headers': ALLOWED_HEADERS,
            'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
          }),
    },
    body: '',
  };
}
