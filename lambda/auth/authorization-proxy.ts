/**
 * The authorize and token steps for clients whose `client_id` is a Client ID Metadata Document
 * URL, which Cognito cannot take: GET /oauth/authorize reads the document, checks the redirect URI
 * against it, maps the client to an upstream client of its own (app-client-directory.ts) and sends
 * the browser to the upstream authorize endpoint with our callback; GET /oauth/callback/<digest>
 * sends the code on to the client's redirect URI; POST /oauth/token redeems it upstream under the
 * mapped client and our callback. PKCE (S256) passes through untouched: the code is only worth
 * something with the client's verifier. Any other client_id passes through unchanged.
 *
 * Stateless (Lambda): the client's redirect URI and state travel in the upstream `state`, and are
 * trusted only because the callback path is the digest of the client id, which the upstream
 * enforces (each mapped client accepts only its own callback): a forged state can name no other
 * client, and its redirect URI is checked against that client's document again.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { ClientCapReached, DOCUMENT_CLIENT_PREFIX, nameFor, type AppClientDirectory } from './app-client-directory';
import { InvalidClientMetadataDocument, isClientIdUrl, type ClientMetadataDocument } from './client-metadata-document';
import { InvalidRedirectUri, normaliseRedirectUri, redirectUriMatches } from './redirect-uri';
import { oauthJsonAnswer } from './oauth-answer';

export const AUTHORIZE_PATH = '/oauth/authorize';
export const TOKEN_PATH = '/oauth/token';
/** The callback's path; API Gateway's resource is `/oauth/callback/{client}`. */
export const CALLBACK_PATH = '/oauth/callback';

/** Form bodies past this are refused before parsing (a token request is a few hundred bytes). */
export const MAX_TOKEN_BODY_BYTES = 16 * 1024;
const MAX_STATE_LENGTH = 1000;
const UPSTREAM_TIMEOUT_MS = 10_000;

export interface UpstreamEndpoints {
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
}

export interface AuthorizationProxyOptions {
  readonly upstream: () => Promise<UpstreamEndpoints>;
  readonly documents: (clientId: string) => Promise<ClientMetadataDocument>;
  readonly clients: AppClientDirectory;
  /** Redirect URI hosts (redirect-uri.ts). */
  readonly redirectHosts: ReadonlySet<string>;
  /** This deployment's issuer for the request: the stage URL or the custom domain's origin. */
  readonly issuerOf: (event: APIGatewayProxyEvent) => string;
  /** Told when an upstream client is created or refused (the metric). @default nothing */
  readonly onClient?: (outcome: 'created' | 'refused', reason: string) => void;
}

type Query = Record<string, string | undefined>;

function page(statusCode: number, error: string, description: string): APIGatewayProxyResult {
  // Not redirected: a client or redirect URI that fails its checks must not receive anything.
  return {
    statusCode,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    body: `${error}: ${description}\n`,
  };
}

function redirect(location: string): APIGatewayProxyResult {
  return { statusCode: 302, headers: { location, 'cache-control': 'no-store' }, body: '' };
}

function digest(clientId: string): string {
  return createHash('sha256').update(clientId).digest('base64url').slice(0, 32);
}

function callbackUrl(issuer: string, clientId: string): string {
  return `${issuer}${CALLBACK_PATH}/${digest(clientId)}`;
}

interface CarriedState {
  /** The client id URL. */
  readonly c: string;
  /** The client's redirect URI. */
  readonly r: string;
  /** The client's own state. */
  readonly s?: string;
}

function packState(state: CarriedState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function unpackState(value: string | undefined): CarriedState | undefined {
  if (value === undefined || value.length > 8000) return undefined;
  try {
    const state = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as CarriedState;
    return typeof state.c === 'string' &&
      typeof state.r === 'string' &&
      ['string', 'undefined'].includes(typeof state.s)
      ? state
      : undefined;
  } catch {
    return undefined;
  }
}

/** The client's redirect URI with an OAuth answer in its query (RFC 6749 §4.1.2). */
function answerTo(redirectUri: string, parameters: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined) url.searchParams.set(name, value);
  return url.href;
}

function bodyText(event: APIGatewayProxyEvent): string {
  return event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
}

function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  return Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];
}

export type AuthorizationProxy = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

export function createAuthorizationProxy(options: AuthorizationProxyOptions): AuthorizationProxy {
  const { documents, clients, redirectHosts } = options;

  /** The upstream client of `clientId` at `issuer`: one per document and origin, made once. */
  async function upstreamClient(issuer: string, clientId: string): Promise<string> {
    try {
      const { clientId: upstreamId, created } = await clients.ensure({
        clientName: nameFor(DOCUMENT_CLIENT_PREFIX, `${issuer} ${clientId}`),
        redirectUris: [callbackUrl(issuer, clientId)],
      });
      if (created) options.onClient?.('created', 'client id metadata document');
      return upstreamId;
    } catch (error) {
      options.onClient?.('refused', error instanceof ClientCapReached ? 'cap reached' : (error as Error).name);
      throw error;
    }
  }

  /** The document, or the refusal page that says what is wrong with it. */
  async function documentOf(clientId: string): Promise<ClientMetadataDocument | APIGatewayProxyResult> {
    try {
      return await documents(clientId);
    } catch (error) {
      if (error instanceof InvalidClientMetadataDocument) return page(400, 'invalid_client', error.message);
      throw error;
    }
  }

  function checkedRedirect(value: string | undefined, document: ClientMetadataDocument): string | undefined {
    try {
      const uri = normaliseRedirectUri(value, redirectHosts);
      return redirectUriMatches(uri, document.redirectUris) ? uri : undefined;
    } catch (error) {
      if (error instanceof InvalidRedirectUri) return undefined;
      throw error;
    }
  }

  async function authorize(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const query: Query = event.queryStringParameters ?? {};
    const { authorizationEndpoint } = await options.upstream();
    if (!isClientIdUrl(query.client_id)) {
      // A pre-registered or registered client: the upstream knows it as it is.
      const passed = new URLSearchParams(
        Object.entries(query).filter(([, v]) => v !== undefined) as [string, string][],
      );
      return redirect(`${authorizationEndpoint}?${passed}`);
    }
    const clientId = query.client_id;
    const document = await documentOf(clientId);
    if (!('clientId' in document)) return document;
    const redirectUri = checkedRedirect(query.redirect_uri, document);
    if (redirectUri === undefined) {
      return page(400, 'invalid_request', 'redirect_uri is missing or not one the client’s metadata document lists');
    }
    const refuse = (error: string, description: string) =>
      redirect(answerTo(redirectUri, { error, error_description: description, state: query.state }));
    if (query.response_type !== 'code') return refuse('unsupported_response_type', 'only the code flow is served');
    if (query.code_challenge === undefined || query.code_challenge_method !== 'S256') {
      return refuse('invalid_request', 'PKCE with code_challenge_method S256 is required');
    }
    if ((query.state?.length ?? 0) > MAX_STATE_LENGTH) return refuse('invalid_request', 'state is too long');
    const issuer = options.issuerOf(event);
    let upstreamId: string;
    try {
      upstreamId = await upstreamClient(issuer, clientId);
    } catch (error) {
      return error instanceof ClientCapReached
        ? refuse('temporarily_unavailable', 'this server takes no new clients until its operator cleans up')
        : refuse('server_error', 'the client could not be set up');
    }
    const upstream = new URLSearchParams({
      response_type: 'code',
      client_id: upstreamId,
      redirect_uri: callbackUrl(issuer, clientId),
      code_challenge: query.code_challenge,
      code_challenge_method: 'S256',
      state: packState({ c: clientId, r: redirectUri, s: query.state }),
    });
    if (query.scope !== undefined) upstream.set('scope', query.scope);
    if (query.resource !== undefined) upstream.set('resource', query.resource);
    return redirect(`${authorizationEndpoint}?${upstream}`);
  }

  async function callback(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const query: Query = event.queryStringParameters ?? {};
    const state = unpackState(query.state);
    const pathDigest = event.pathParameters?.client ?? event.path.split('/').pop();
    if (state === undefined || digest(state.c) !== pathDigest) {
      return page(400, 'invalid_request', 'the state does not belong to this callback');
    }
    const document = await documentOf(state.c);
    if (!('clientId' in document)) return document;
    const redirectUri = checkedRedirect(state.r, document);
    if (redirectUri === undefined) return page(400, 'invalid_request', 'the redirect URI is not the client’s');
    const issuer = options.issuerOf(event);
    return redirect(
      answerTo(redirectUri, {
        ...(query.code !== undefined
          ? { code: query.code }
          : {
              error: (query.error ?? 'server_error').slice(0, 100),
              error_description: query.error_description?.slice(0, 100),
            }),
        state: state.s,
        // RFC 9207: the authorization server the client talked to is this one, not the upstream.
        iss: issuer,
      }),
    );
  }

  async function token(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    if ((event.body?.length ?? 0) > (MAX_TOKEN_BODY_BYTES * 4) / 3 + 4) {
      return oauthJsonAnswer(413, { error: 'invalid_request', error_description: 'the request body is too large' });
    }
    const text = bodyText(event);
    if (Buffer.byteLength(text) > MAX_TOKEN_BODY_BYTES) {
      return oauthJsonAnswer(413, { error: 'invalid_request', error_description: 'the request body is too large' });
    }
    const form = new URLSearchParams(text);
    const clientId = form.get('client_id') ?? undefined;
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (isClientIdUrl(clientId)) {
      const document = await documentOf(clientId);
      if (!('clientId' in document)) {
        return oauthJsonAnswer(400, {
          error: 'invalid_client',
          error_description: 'the client’s metadata document is not valid',
        });
      }
      const issuer = options.issuerOf(event);
      if (form.get('grant_type') === 'authorization_code') {
        if (checkedRedirect(form.get('redirect_uri') ?? undefined, document) === undefined) {
          return oauthJsonAnswer(400, {
            error: 'invalid_grant',
            error_description: 'redirect_uri is not the client’s',
          });
        }
        form.set('redirect_uri', callbackUrl(issuer, clientId));
      }
      try {
        form.set('client_id', await upstreamClient(issuer, clientId));
      } catch (error) {
        return error instanceof ClientCapReached
          ? oauthJsonAnswer(400, { error: 'invalid_client', error_description: 'this server takes no new clients' })
          : oauthJsonAnswer(503, {
              error: 'temporarily_unavailable',
              error_description: 'the client could not be set up',
            });
      }
    } else {
      // A confidential pre-registered client authenticates with its secret: passed on as sent.
      const authorization = header(event, 'authorization');
      if (authorization !== undefined) headers.authorization = authorization;
    }
    const { tokenEndpoint } = await options.upstream();
    let response: Response;
    try {
      response = await fetch(tokenEndpoint, {
        method: 'POST',
        headers,
        body: form.toString(),
        signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
      });
    } catch {
      return oauthJsonAnswer(503, {
        error: 'temporarily_unavailable',
        error_description: 'the token endpoint did not answer',
      });
    }
    return {
      statusCode: response.status,
      headers: {
        'content-type': response.headers.get('content-type') ?? 'application/json',
        'cache-control': 'no-store',
        'access-control-allow-origin': '*',
      },
      body: await response.text(),
    };
  }

  return async (event) => {
    try {
      if (event.resource === AUTHORIZE_PATH) return await authorize(event);
      if (event.resource === TOKEN_PATH) return await token(event);
      return await callback(event);
    } catch (error) {
      // Unexpected (the upstream unreachable, a bug): the type only, never request data.
      console.error(JSON.stringify({ message: 'authorization proxy failed', error: (error as Error).name }));
      return page(500, 'server_error', 'the authorization server failed; try again');
    }
  };
}

/** Whether the proxy serves this request (the callback's resource carries its path parameter). */
export function isProxyRoute(event: APIGatewayProxyEvent): boolean {
  const { resource, httpMethod } = event;
  if (httpMethod === 'GET' && resource === AUTHORIZE_PATH) return true;
  if (httpMethod === 'POST' && resource === TOKEN_PATH) return true;
  return httpMethod === 'GET' && (resource === `${CALLBACK_PATH}/{client}` || resource.startsWith(`${CALLBACK_PATH}/`));
}
