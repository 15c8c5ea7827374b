/**
 * The CORS answers API Gateway gives itself (preflight, 405, its own errors), so that they agree
 * with what the function answers on POST for the same QC_MCP_ALLOWED_ORIGINS: the headers,
 * methods and max age are the function's own (lambda/http/cors.ts).
 */
import { ALLOWED_HEADERS, ALLOWED_METHODS, PREFLIGHT_MAX_AGE_SECONDS } from '../lambda/http/cors';

export const CORS_ALLOWED_HEADERS = ALLOWED_HEADERS;
/** GET and DELETE are answered 405 by the server: only these are worth a preflight. */
export const CORS_ALLOWED_METHODS = ALLOWED_METHODS;
/**
 * A browser origin: scheme://host[:port], lower case, nothing after it. No wildcard: the
 * function's DNS-rebinding protection needs an exact list.
 */
export const ORIGIN_PATTERN = /^https?:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$/;
export const CORS_MAX_AGE_SECONDS = PREFLIGHT_MAX_AGE_SECONDS;

/**
 * A mapping-template fragment (Velocity) for a MOCK integration response: when the request's
 * Origin is one of `allowedOrigins`, it echoes it in Access-Control-Allow-Origin; otherwise the
 * header is absent and the browser refuses. A static header can name only one origin, hence the
 * template. Empty when no origin is allowed.
 */
export function corsOriginTemplate(allowedOrigins: readonly string[]): string {
  if (allowedOrigins.length === 0) return '';
  // Single-quoted Velocity strings are literal: nothing in an origin is interpreted.
  const list = allowedOrigins.map((origin) => `'${origin}'`).join(', ');
  return [
    "#set($origin = $input.params().header.get('Origin'))",
    '#if("$!origin" == "")#set($origin = $input.params().header.get(\'origin\'))#end',
    `#if([${list}].contains("$!origin"))`,
    '#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)',
    '#end',
    '',
  ].join('\n');
}
