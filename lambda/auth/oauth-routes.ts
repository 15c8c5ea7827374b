/**
 * The OAuth routes the function serves beside the MCP paths when the stack sets
 * QC_MCP_OAUTH_USER_POOL_ID (read with the other OAuth variables in lambda/config.ts): the
 * authorize, callback and token steps of the authorization proxy (Client ID Metadata Documents),
 * and POST /oauth/register when QC_MCP_OAUTH_REGISTRATION=true. Everything else goes to the MCP
 * handler.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { loadOAuthRoutesConfig } from '../config';
import { clientMetricLine } from '../observability/client-metrics';
import { REGISTRATION_PATH } from './authorization-server-metadata';
import { createAuthorizationProxy, isProxyRoute } from './authorization-proxy';
import { clientMetadataDocuments } from './client-metadata-document';
import { createRegistrationHandler } from './client-registration';
import { cognitoAppClients } from './cognito-app-client-creator';
import { DEFAULT_REDIRECT_HOSTS } from './redirect-uri';

type Handler<C> = (event: APIGatewayProxyEvent, context: C) => Promise<APIGatewayProxyResult>;

/** In API Gateway, the deployment's base URL as this request reached it: the stage URL or the custom domain. */
export function issuerFromEvent(event: APIGatewayProxyEvent): string {
  const { domainName = '', path: fullPath = event.path } = event.requestContext ?? {};
  const base = fullPath.endsWith(event.path) ? fullPath.slice(0, fullPath.length - event.path.length) : '';
  return `https://${domainName}${base}`;
}

export function withOAuthRoutes<C extends Context>(
  handler: Handler<C>,
  environment: NodeJS.ProcessEnv = process.env,
): Handler<C> {
  const config = loadOAuthRoutesConfig(environment);
  if (config === undefined) return handler;
  const { loginUrl } = config;
  const onClient = (outcome: 'created' | 'refused', reason: string) =>
    console.log(
      clientMetricLine(
        outcome === 'created' ? 'OAuthClientsCreated' : 'OAuthClientRefusals',
        config.environment,
        reason,
      ),
    );
  const hosts = config.redirectHosts ?? DEFAULT_REDIRECT_HOSTS;
  const clients = cognitoAppClients(config.userPoolId, { maxClients: config.maxClients });
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
  const register = config.registration
    ? createRegistrationHandler({ allowedHosts: hosts, clients, onClient })
    : undefined;
  return (event, context) => {
    if (register !== undefined && event.resource === REGISTRATION_PATH && event.httpMethod === 'POST') {
      return register(event);
    }
    return isProxyRoute(event) ? proxy(event) : handler(event, context);
  };
}
