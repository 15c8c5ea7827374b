/**
 * Dynamic Client Registration (RFC 7591) for Cognito, which offers none itself: a public PKCE
 * client (`token_endpoint_auth_method` `none`) whose redirect URIs are on an allow-listed host
 * gets a Cognito app client with the code grant and the tier scopes. Registering grants nothing
 * by itself: signing in still needs a user the operator invited, and the user's group sets the tier.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { TIER_SCOPES } from './tiers';

/** The hosts of the clients people use; loopback hosts take any port (CLIs pick one). */
export const DEFAULT_REGISTRATION_HOSTS: readonly string[] = [
  'claude.ai',
  'claude.com',
  'chatgpt.com',
  'chat.openai.com',
  'localhost',
  '127.0.0.1',
];

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);
const MAX_REDIRECT_URIS = 10;
const GRANT_TYPES = ['authorization_code', 'refresh_token'];

/** What Cognito is asked to create. */
export interface AppClientRequest {
  /** Cognito's client name: `qc-mcp-dcr-` and the client's name, reduced to the characters Cognito takes. */
  readonly clientName: string;
  readonly redirectUris: readonly string[];
}

/** Creates the app client and returns its id (cognito-app-client-creator.ts). */
export type AppClientCreator = (request: AppClientRequest) => Promise<string>;

export interface RegistrationOptions {
  readonly allowedHosts: readonly string[];
  readonly createClient: AppClientCreator;
  /** Registrations per window, per Lambda container (each container counts its own). */
  readonly rateLimit?: { readonly registrations: number; readonly windowMs: number };
  /** @default Date.now */
  readonly now?: () => number;
}

export type RegistrationHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

type RegistrationError = 'invalid_redirect_uri' | 'invalid_client_metadata' | 'too_many_requests' | 'server_error';

function answer(statusCode: number, body: object, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode,
    // Public and credential-free: any browser client (the Inspector) may register.
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

function refusal(statusCode: number, error: RegistrationError, description: string, headers = {}) {
  return answer(statusCode, { error, error_description: description }, headers);
}

class InvalidMetadata extends Error {
  constructor(
    readonly error: 'invalid_redirect_uri' | 'invalid_client_metadata',
    message: string,
  ) {
    super(message);
  }
}

/** https on an allow-listed host, or http on a loopback host (any port): what Cognito takes too. */
function checkRedirectUri(value: unknown, allowedHosts: ReadonlySet<string>): string {
  if (typeof value !== 'string') throw new InvalidMetadata('invalid_redirect_uri', 'redirect_uris must be strings');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidMetadata('invalid_redirect_uri', 'a redirect URI is not a URL');
  }
  const host = url.hostname;
  if (url.hash !== '' || value.includes('#')) {
    throw new InvalidMetadata('invalid_redirect_uri', 'a redirect URI may not have a fragment');
  }
  if (url.username !== '' || url.password !== '') {
    throw new InvalidMetadata('invalid_redirect_uri', 'a redirect URI may not carry credentials');
  }
  const scheme = LOOPBACK_HOSTS.has(host) ? ['http:', 'https:'] : ['https:'];
  if (!allowedHosts.has(host) || !scheme.includes(url.protocol)) {
    throw new InvalidMetadata(
      'invalid_redirect_uri',
      `redirect URIs must be https on ${[...allowedHosts].join(', ')} (http for localhost and 127.0.0.1)`,
    );
  }
  return value;
}

function parseMetadata(body: string | null, isBase64Encoded: boolean, allowedHosts: ReadonlySet<string>) {
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

/** Cognito's ClientName takes [\w\s+=,.@-] only, up to 128 characters. */
function cognitoClientName(clientName: string | undefined): string {
  const cleaned = (clientName ?? '').replace(/[^\w\s+=,.@-]/g, '').trim();
  return `qc-mcp-dcr-${cleaned || 'client'}`.slice(0, 128);
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
      if (error instanceof InvalidMetadata) return refusal(400, error.error, error.message);
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
      clientId = await options.createClient({
        clientName: cognitoClientName(metadata.clientName),
        redirectUris: metadata.redirectUris,
      });
    } catch (error) {
      // The error's name says what went wrong (quota, permissions) without any request data.
      console.error(JSON.stringify({ message: 'client registration failed', error: (error as Error).name }));
      return refusal(500, 'server_error', 'the client could not be registered');
    }
    console.log(JSON.stringify({ message: 'client registered', clientId, redirectUris: metadata.redirectUris }));
    return answer(201, {
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
