/**
 * The function serves POST /oauth/register beside the MCP paths when the stack sets
 * QC_MCP_OAUTH_USER_POOL_ID: this routes that path to the registration handler, everything else
 * to the MCP handler.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { blankToUndefined } from '../blank-as-unset';
import { REGISTRATION_PATH } from './authorization-server-metadata';
import { createRegistrationHandler, DEFAULT_REGISTRATION_HOSTS } from './client-registration';
import { cognitoAppClientCreator } from './cognito-app-client-creator';

type Handler<C> = (event: APIGatewayProxyEvent, context: C) => Promise<APIGatewayProxyResult>;

/** `QC_MCP_OAUTH_REGISTRATION_HOSTS`: comma-separated hosts; unset, the default list. */
export function registrationHosts(value: string | undefined): readonly string[] {
  // Blank entries drop out, so a blank value is the default too.
  const hosts = (value ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
  return hosts.length > 0 ? hosts : DEFAULT_REGISTRATION_HOSTS;
}

export function withClientRegistration<C extends Context>(
  handler: Handler<C>,
  environment: NodeJS.ProcessEnv = process.env,
): Handler<C> {
  const userPoolId = blankToUndefined(environment.QC_MCP_OAUTH_USER_POOL_ID) as string | undefined;
  if (userPoolId === undefined) return handler;
  const register = createRegistrationHandler({
    allowedHosts: registrationHosts(environment.QC_MCP_OAUTH_REGISTRATION_HOSTS),
    createClient: cognitoAppClientCreator(userPoolId),
  });
  return (event, context) =>
    event.resource === REGISTRATION_PATH && event.httpMethod === 'POST' ? register(event) : handler(event, context);
}
