/**
 * `npm start` with QC_MCP_OAUTH_PROXY=true: the local server is the authorization server clients
 * see, in front of the issuer QC_MCP_OAUTH_ISSUER, as the stack is in front of Cognito. It serves
 * the same metadata (lambda/auth/authorization-server-metadata.ts) and the same proxy
 * (lambda/auth/authorization-proxy.ts); the upstream clients are registered at the issuer.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import {
  AUTHORIZATION_SERVER_METADATA_PATHS,
  authorizationServerMetadata,
} from '../auth/authorization-server-metadata';
import { AUTHORIZE_PATH, CALLBACK_PATH, createAuthorizationProxy, TOKEN_PATH } from '../auth/authorization-proxy';
import { clientMetadataDocuments } from '../auth/client-metadata-document';
import { discoverIssuer, issuerClientRegistrar, type IssuerEndpoints } from '../auth/issuer-client-registrar';
import { DEFAULT_REDIRECT_HOSTS } from '../auth/redirect-uri';
import { METADATA_CORS_HEADERS, METADATA_PREFLIGHT_HEADERS } from '../auth/resource-metadata';
import type { McpHandler } from '../http/handler';

export interface LocalAuthorizationServerOptions {
  /** The upstream issuer (QC_MCP_OAUTH_ISSUER). */
  readonly issuer: string;
  /** This server's origin, once listening: the issuer clients see. */
  readonly origin: () => string;
  /** See LocalServerConfig.loopbackDocuments. */
  readonly loopbackDocuments: boolean;
}

function isMetadataPath(path: string): boolean {
  return (AUTHORIZATION_SERVER_METADATA_PATHS as readonly string[]).includes(path);
}

/** Whether the local server hands this request to the authorization server. */
export function isAuthorizationServerPath(method: string, path: string): boolean {
  if (method === 'OPTIONS') return isMetadataPath(path);
  if (method === 'GET') {
    return isMetadataPath(path) || path === AUTHORIZE_PATH || path.startsWith(`${CALLBACK_PATH}/`);
  }
  return method === 'POST' && path === TOKEN_PATH;
}

export function withLocalAuthorizationServer(
  handler: McpHandler,
  options: LocalAuthorizationServerOptions,
): McpHandler {
  let discovered: Promise<IssuerEndpoints> | undefined;
  const endpoints = () => {
    discovered ??= discoverIssuer(options.issuer);
    discovered.catch(() => (discovered = undefined));
    return discovered;
  };
  const hosts = new Set(DEFAULT_REDIRECT_HOSTS);
  const proxy = createAuthorizationProxy({
    upstream: async () => {
      const found = await endpoints();
      return { authorizationEndpoint: found.authorization_endpoint, tokenEndpoint: found.token_endpoint };
    },
    documents: clientMetadataDocuments({ redirectHosts: hosts, allowLoopback: options.loopbackDocuments }),
    clients: issuerClientRegistrar(endpoints),
    redirectHosts: hosts,
    issuerOf: options.origin,
    onClient: (outcome, reason) => process.stderr.write(`qc-mcp: OAuth client ${outcome} (${reason})\n`),
  });
  return async (event: APIGatewayProxyEvent, context) => {
    if (!isAuthorizationServerPath(event.httpMethod, event.path)) return handler(event, context);
    if (event.httpMethod === 'OPTIONS')
      return { statusCode: 204, headers: { ...METADATA_PREFLIGHT_HEADERS }, body: '' };
    if (isMetadataPath(event.path)) {
      const found = await endpoints();
      const document = authorizationServerMetadata({
        issuer: options.origin(),
        jwksUri: found.jwks_uri,
        revocationEndpoint: found.revocation_endpoint,
        registration: false,
      });
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/json', ...METADATA_CORS_HEADERS },
        body: JSON.stringify(document),
      };
    }
    return proxy(event);
  };
}
