/**
 * Dynamic Client Registration (RFC 7591) for Cognito, which offers none itself: an opt-in
 * fallback (QC_MCP_OAUTH_REGISTRATION) for clients without a Client ID Metadata Document. A public
 * PKCE client (`token_endpoint_auth_method` `none`) whose redirect URIs pass redirect-uri.ts gets a
 * Cognito app client with the code grant and the tier scopes; the same metadata gets the same app
 * client again (its name is a digest of the metadata), and no more than the deployment's cap are
 * made. Registering grants nothing by itself: signing in still needs a user the operator invited,
 * and the user's group sets the tier.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ClientCapReached, nameFor, REGISTERED_CLIENT_PREFIX, type AppClientDirectory } from './app-client-directory';
import { InvalidRedirectUri, normaliseRedirectUri } from './redirect-uri';
import { TIER_SCOPES } from './tiers';
import { oauthJsonAnswer } from './oauth-answer';

export { DEFAULT_REDIRECT_HOSTS as DEFAULT_REGISTRATION_HOSTS } from './redirect-uri';

const MAX_REDIRECT_URIS = 10;
/** A registration is a few hundred bytes; anything past this is refused before it is parsed. */
export const MAX_REGISTRATION_BYTES = 16 * 1024;
const GRANT_TYPES = ['authorization_code', 'refresh_token'];

export interface RegistrationOptions {
  readonly allowedHosts: readonly string[];
  readonly clients: AppClientDirectory;
  /** Registrations per window, per Lambda container (the gateway's method throttle is the deployment-wide one). */
  readonly rateLimit?: { readonly registrations: number; readonly windowMs: number };
  /** Told when an app client is created or refused (the metric). @default nothing */
  readonly onClient?: (outcome: 'created' | 'refused', reason: string) => void;
  /** @default Date.now */
  readonly now?: () => number;
}

export type RegistrationHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

type RegistrationError =
  'invalid_redirect_uri' | 'invalid_client_metadata' | 'access_denied' | 'too_many_requests' | 'server_error';

function refusal(statusCode: number, error: RegistrationError, description: string, headers = {}) {
  return oauthJsonAnswer(statusCode, { error, error_description: description }, headers);
}

class InvalidMetadata extends Error {
  constructor(
    readonly error: 'invalid_redirect_uri' | 'invalid_client_metadata',
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

function checkRedirectUri(value: unknown, allowedHosts: ReadonlySet<string>): string {
  try {
    return normaliseRedirectUri(value, allowedHosts);
  } catch (error) {
    if (error instanceof InvalidRedirectUri) throw new InvalidMetadata('invalid_redirect_uri', error.message);
    throw error;
  }
}

function parseMetadata(body: string | null, isBase64Encoded: boolean, allowedHosts: ReadonlySet<string>) {
  // Checked on the received size first: a base64 body is 4/3 of its bytes.
  if ((body?.length ?? 0) > (isBase64Encoded ? (MAX_REGISTRATION_BYTES * 4) / 3 + 4 : MAX_REGISTRATION_BYTES)) {
    throw new InvalidMetadata('invalid_client_metadata', `the body is over ${MAX_REGISTRATION_BYTES} bytes`, 413);
  }
  let metadata: Record<string, unknown>;
  try {
    const text = isBase64Encoded ? Buffer.from(body ?? '', 'base64').toString('utf8') : (body ?? '');
    metadata = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new InvalidMetadata('invalid_client_metadata', 'the body must be a JSON object');
  }
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new InvalidMetadata('invalid_client_metadata', 'the body must be a JSON object');
  }
  const { redirect_uris: redirectUris, client_name: clientName } = metadata;
  if (!Array.isArray(redirectUris) || redirectUris.length === 0 || redirectUris.length > MAX_REDIRECT_URIS) {
    throw new InvalidMetadata('invalid_redirect_uri', `redirect_uris must list 1 to ${MAX_REDIRECT_URIS} URIs`);
  }
  const uris = [...new Set(redirectUris.map((uri) => checkRedirectUri(uri, allowedHosts)))];
  const authMethod = metadata.token_endpoint_auth_method ?? 'none';
  if (authMethod !== 'none') {
    throw new InvalidMetadata(
      'invalid_client_metadata',
      'only public clients with PKCE register here: token_endpoint_auth_method must be none',
    );
  }
  const grantTypes = metadata.grant_types ?? ['authorization_code'];
  if (
    !Array.isArray(grantTypes) ||
    !grantTypes.includes('authorization_code') ||
    grantTypes.some((grant) => !GRANT_TYPES.includes(grant as string))
  ) {
    throw new InvalidMetadata('invalid_client_metadata', `grant_types may only be ${GRANT_TYPES.join(' and ')}`);
  }
  const responseTypes = metadata.response_types ?? ['code'];
  if (!Array.isArray(responseTypes) || responseTypes.some((type) => type !== 'code')) {
    throw new InvalidMetadata('invalid_client_metadata', 'response_types may only be code');
  }
  if (clientName !== undefined && (typeof clientName !== 'string' || clientName.length > 100)) {
    throw new InvalidMetadata('invalid_client_metadata', 'client_name must be a string of at most 100 characters');
  }
  return { redirectUris: uris, clientName: typeof clientName === 'string' ? clientName : undefined };
}

/** What makes two registrations the same client: its name and its redirect URIs, in any order. */
function identityOf(metadata: { clientName?: string; redirectUris: readonly string[] }): string {
  return JSON.stringify([metadata.clientName ?? '', [...metadata.redirectUris].sort()]);
}

/** How a refusal by the directory (the cap, or Cognito) reaches the client: a 4xx it can act on. */
function directoryRefusal(error: unknown): { statusCode: number; error: RegistrationError; description: string } {
  if (error instanceof ClientCapReached || (error as Error).name === 'LimitExceededException') {
    return {
      statusCode: 403,
      error: 'access_denied',
      description: 'this server takes no new registrations (its client quota is full): ask its operator',
    };
  }
  if ((error as Error).name === 'TooManyRequestsException') {
    return { statusCode: 429, error: 'too_many_requests', description: 'too many registrations: try again later' };
  }
  return { statusCode: 500, error: 'server_error', description: 'the client could not be registered' };
}

/** A fixed window: enough to keep one caller from filling the pool's client quota quickly. */
function fixedWindowLimit(limit: { registrations: number; windowMs: number }, now: () => number) {
  let windowStart = Number.NEGATIVE_INFINITY;
  let count = 0;
  return (): number | undefined => {
    const time = now();
    if (time - windowStart >= limit.windowMs) {
      windowStart = time;
      count = 0;
    }
    if (count >= limit.registrations) return Math.ceil((windowStart + limit.windowMs - time) / 1000);
    count += 1;
    return undefined;
  };
}

export function createRegistrationHandler(options: RegistrationOptions): RegistrationHandler {
  const allowedHosts = new Set(options.allowedHosts);
  const now = options.now ?? Date.now;
  const overLimit = fixedWindowLimit(options.rateLimit ?? { registrations: 10, windowMs: 60_000 }, now);

  return async (event) => {
    let metadata: ReturnType<typeof parseMetadata>;
    try {
      metadata = parseMetadata(event.body, event.isBase64Encoded, allowedHosts);
    } catch (error) {
      if (error instanceof InvalidMetadata) return refusal(error.statusCode, error.error, error.message);
      throw error;
    }
    const retryAfter = overLimit();
    if (retryAfter !== undefined) {
      return refusal(429, 'too_many_requests', 'too many registrations: try again later', {
        'retry-after': String(Math.max(retryAfter, 1)),
      });
    }
    let clientId: string;
    try {
      const outcome = await options.clients.ensure({
        clientName: nameFor(REGISTERED_CLIENT_PREFIX, identityOf(metadata)),
        redirectUris: metadata.redirectUris,
      });
      clientId = outcome.clientId;
      if (outcome.created) options.onClient?.('created', 'registration');
    } catch (error) {
      // The error's name says what went wrong (quota, permissions) without any request data.
      const refused = directoryRefusal(error);
      options.onClient?.('refused', error instanceof ClientCapReached ? 'cap reached' : (error as Error).name);
      return refusal(refused.statusCode, refused.error, refused.description);
    }
    console.log(JSON.stringify({ message: 'client registered', clientId, redirectUris: metadata.redirectUris }));
    return oauthJsonAnswer(201, {
      client_id: clientId,
      client_id_issued_at: Math.floor(now() / 1000),
      ...(metadata.clientName === undefined ? {} : { client_name: metadata.clientName }),
      redirect_uris: metadata.redirectUris,
      grant_types: GRANT_TYPES,
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      scope: TIER_SCOPES.join(' '),
    });
  };
}
