/**
 * The OAuth routes the function serves beside the MCP paths when the stack sets
 * QC_MCP_OAUTH_USER_POOL_ID: the authorize, callback and token steps of the authorization proxy
 * (Client ID Metadata Documents), and POST /oauth/register when QC_MCP_OAUTH_REGISTRATION=true.
 * Everything else goes to the MCP handler.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { blankToUndefined } from '../blank-as-unset';
import { clientMetricLine } from '../observability/client-metrics';
import { DEFAULT_MAX_CLIENTS } from './app-client-directory';
import { REGISTRATION_PATH } from './authorization-server-metadata';
import { createAuthorizationProxy, isProxyRoute } from './authorization-proxy';
import { clientMetadataDocuments } from './client-metadata-document';
import { createRegistrationHandler } from './client-registration';
import { cognitoAppClients } from './cognito-app-client-creator';
import { DEFAULT_REDIRECT_HOSTS } from './redirect-uri';

type Handler<C> = (event: APIGatewayProxyEvent, context: C) => Promise<APIGatewayProxyResult>;

/** `QC_MCP_OAUTH_REGISTRATION_HOSTS`: comma-separated hosts; unset, the default list. */
export function registrationHosts(value: string | undefined): readonly string[] {
  // Blank entries drop out, so a blank value is the default too.
  const hosts = (value ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
  return hosts.length > 0 ? hosts : DEFAULT_REDIRECT_HOSTS;
}

/** In API Gateway, the deployment's base URL as this request reached it: the stage URL or the custom domain. */
export function issuerFromEvent(event: APIGatewayProxyEvent): string {
  const { domainName = '', path: fullPath = event.path } = event.requestContext ?? {};
  const base = fullPath.endsWith(event.path) ? fullPath.slice(0, fullPath.length - event.path.length) : '';
  return `https://${domainName}${base}`;
}

function maxClients(value: string | undefined): number {
  const parsed = Number(blankToUndefined(value) ?? DEFAULT_MAX_CLIENTS);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new Error(
      `QC_MCP_OAUTH_MAX_CLIENTS must be a whole number of at least 1 (got ${String(value).slice(0, 20)})`,
    );
  }
  return parsed;
}

export function withOAuthRoutes<C extends Context>(
  handler: Handler<C>,
  environment: NodeJS.ProcessEnv = process.env,
): Handler<C> {
  const userPoolId = blankToUndefined(environment.QC_MCP_OAUTH_USER_POOL_ID) as string | undefined;
  if (userPoolId === undefined) return handler;
  const loginUrl = blankToUndefined(environment.QC_MCP_OAUTH_LOGIN_URL) as string | undefined;
  if (loginUrl === undefined) throw new Error('QC_MCP_OAUTH_LOGIN_URL is required with QC_MCP_OAUTH_USER_POOL_ID');
  const label = (blankToUndefined(environment.QC_MCP_ENVIRONMENT) as string | undefined) ?? 'prod';
  const onClient = (outcome: 'created' | 'refused', reason: string) =>
    console.log(clientMetricLine(outcome === 'created' ? 'OAuthClientsCreated' : 'OAuthClientRefusals', label, reason));
  const hosts = registrationHosts(environment.QC_MCP_OAUTH_REGISTRATION_HOSTS);
  const clients = cognitoAppClients(userPoolId, { maxClients: maxClients(environment.QC_MCP_OAUTH_MAX_CLIENTS) });
  const proxy = createAuthorizationProxy({
    upstream: () =>
      Promise.resolve({
        authorizationEndpoint: `${loginUrl}/oauth2/authorize`,
        tokenEndpoint: `${loginUrl}/oauth2/token`,
      }),
    documents: clientMetadataDocuments({ redirectHosts: new Set(hosts) }),
    clients,
    redirectHosts: new Set(hosts),
    issuerOf: issuerFromEvent,
    onClient,
  });
  const register =
    environment.QC_MCP_OAUTH_REGISTRATION === 'true'
      ? createRegistrationHandler({ allowedHosts: hosts, clients, onClient })
      : undefined;
  return (event, context) => {
    if (register !== undefined && event.resource === REGISTRATION_PATH && event.httpMethod === 'POST') {
      return register(event);
    }
    return isProxyRoute(event) ? proxy(event) : handler(event, context);
  };
}
