/**
 * The gateway's side of the authorization server: its metadata (RFC 8414, answered by the gateway
 * at both well-known paths a client may read it from), the authorization proxy's routes
 * (GET /oauth/authorize, GET /oauth/callback/{client}, POST /oauth/token) and, when registration is
 * on, POST /oauth/register. They go to the function without an authorizer (a client uses them
 * before it has any token); the stage throttle limits them, and registration has its own.
 */
import type { Construct } from 'constructs';
import type { TerraformResource } from 'cdktf';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayResource } from '@cdktf/provider-aws/lib/api-gateway-resource';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import {
  AUTHORIZATION_SERVER_METADATA_PATHS,
  REGISTRATION_PATH,
} from '../../lambda/auth/authorization-server-metadata';
import { AUTHORIZE_PATH, CALLBACK_PATH, TOKEN_PATH } from '../../lambda/auth/authorization-proxy';
import { METADATA_CORS_HEADERS, METADATA_PREFLIGHT_HEADERS } from '../../lambda/auth/resource-metadata';
import { mockMethod } from '../mock-method';

/** The function, as the API invokes it. */
export interface RegistrationHandlerRef {
  readonly invokeArn: string;
  readonly functionName: string;
  readonly qualifier?: string;
}

/** A stage throttle on one method, e.g. `oauth/register/POST`. */
export interface MethodThrottle {
  readonly methodPath: string;
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** `httpMethod` on `resourceId` to the function, and the permission for the gateway to invoke it there. */
function functionMethod(
  scope: Construct,
  id: string,
  on: { restApiId: string; executionArn: string; resourceId: string },
  route: { httpMethod: string; arnPath: string },
  handler: RegistrationHandlerRef,
): TerraformResource[] {
  const where = { restApiId: on.restApiId, resourceId: on.resourceId };
  const method = new ApiGatewayMethod(scope, `${id}Method`, {
    ...where,
    httpMethod: route.httpMethod,
    authorization: 'NONE',
    apiKeyRequired: false,
  });
  const integration = new ApiGatewayIntegration(scope, `${id}Integration`, {
    ...where,
    httpMethod: method.httpMethod,
    type: 'AWS_PROXY',
    integrationHttpMethod: 'POST',
    uri: handler.invokeArn,
  });
  new LambdaPermission(scope, `${id}InvokePermission`, {
    statementId: `AllowApiGateway${id}`,
    action: 'lambda:InvokeFunction',
    principal: 'apigateway.amazonaws.com',
    functionName: handler.functionName,
    qualifier: handler.qualifier,
    sourceArn: `${on.executionArn}/*/${route.httpMethod}${route.arnPath}`,
  });
  return [method, integration];
}

const lastSegment = (path: string): string => path.split('/').pop() as string;

/**
 * The authorization proxy (lambda/auth/authorization-proxy.ts): GET /oauth/authorize, GET
 * /oauth/callback/{client} and POST /oauth/token (with its CORS preflight: browser clients redeem
 * codes too), all to the function.
 */
export function authorizationProxyRoutes(
  scope: Construct,
  on: { restApiId: string; executionArn: string; oauthResourceId: string },
  handler: RegistrationHandlerRef,
): TerraformResource[] {
  const { restApiId, executionArn } = on;
  const child = (id: string, parentId: string, pathPart: string) =>
    new ApiGatewayResource(scope, id, { restApiId, parentId, pathPart });
  const authorize = child('AuthorizeResource', on.oauthResourceId, lastSegment(AUTHORIZE_PATH));
  const token = child('TokenResource', on.oauthResourceId, lastSegment(TOKEN_PATH));
  const callbacks = child('CallbackResource', on.oauthResourceId, lastSegment(CALLBACK_PATH));
  const callback = child('CallbackClientResource', callbacks.id, '{client}');
  return [
    authorize,
    token,
    callbacks,
    callback,
    ...functionMethod(
      scope,
      'AuthorizeGet',
      { restApiId, executionArn, resourceId: authorize.id },
      { httpMethod: 'GET', arnPath: AUTHORIZE_PATH },
      handler,
    ),
    ...functionMethod(
      scope,
      'CallbackGet',
      { restApiId, executionArn, resourceId: callback.id },
      { httpMethod: 'GET', arnPath: `${CALLBACK_PATH}/*` },
      handler,
    ),
    ...functionMethod(
      scope,
      'TokenPost',
      { restApiId, executionArn, resourceId: token.id },
      { httpMethod: 'POST', arnPath: TOKEN_PATH },
      handler,
    ),
    ...mockMethod(
      scope,
      'TokenOptions',
      { restApiId, resourceId: token.id },
      {
        httpMethod: 'OPTIONS',
        statusCode: '204',
        headers: {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': 'POST, OPTIONS',
          'Access-Control-Allow-Headers': 'Content-Type, Authorization',
          'Access-Control-Max-Age': '600',
        },
        template: '',
      },
    ),
  ];
}

/** GET /.well-known/oauth-authorization-server and /.well-known/openid-configuration: one document, and their preflights. */
export function authorizationServerMetadataRoutes(
  scope: Construct,
  on: { restApiId: string; wellKnownResourceId: string },
  document: object,
): TerraformResource[] {
  return AUTHORIZATION_SERVER_METADATA_PATHS.flatMap((path, index) => {
    const pathPart = path.split('/').pop() as string;
    const resource = new ApiGatewayResource(scope, `AuthorizationServerMetadata${index}Resource`, {
      restApiId: on.restApiId,
      parentId: on.wellKnownResourceId,
      pathPart,
    });
    return [
      resource,
      ...mockMethod(
        scope,
        `AuthorizationServerMetadata${index}`,
        { restApiId: on.restApiId, resourceId: resource.id },
        {
          httpMethod: 'GET',
          statusCode: '200',
          headers: { 'Content-Type': 'application/json', ...METADATA_CORS_HEADERS },
          template: JSON.stringify(document),
        },
      ),
      // A browser client's preflight (it reads the document with an MCP-Protocol-Version header).
      ...mockMethod(
        scope,
        `AuthorizationServerMetadata${index}Options`,
        { restApiId: on.restApiId, resourceId: resource.id },
        { httpMethod: 'OPTIONS', statusCode: '204', headers: { ...METADATA_PREFLIGHT_HEADERS }, template: '' },
      ),
    ];
  });
}

/** POST /oauth/register to the function, its CORS preflight (browser clients register too), and the invoke permission. */
export function registrationRoute(
  scope: Construct,
  on: { restApiId: string; executionArn: string; oauthResourceId: string },
  handler: RegistrationHandlerRef,
): TerraformResource[] {
  const pathPart = REGISTRATION_PATH.split('/').pop() as string;
  const resource = new ApiGatewayResource(scope, 'RegisterResource', {
    restApiId: on.restApiId,
    parentId: on.oauthResourceId,
    pathPart,
  });
  const onRegister = { restApiId: on.restApiId, resourceId: resource.id };
  const post = new ApiGatewayMethod(scope, 'RegisterPostMethod', {
    ...onRegister,
    httpMethod: 'POST',
    authorization: 'NONE',
    apiKeyRequired: false,
  });
  const integration = new ApiGatewayIntegration(scope, 'RegisterPostIntegration', {
    ...onRegister,
    httpMethod: post.httpMethod,
    type: 'AWS_PROXY',
    integrationHttpMethod: 'POST',
    uri: handler.invokeArn,
  });
  new LambdaPermission(scope, 'RegisterInvokePermission', {
    statementId: 'AllowApiGatewayPostOAuthRegister',
    action: 'lambda:InvokeFunction',
    principal: 'apigateway.amazonaws.com',
    functionName: handler.functionName,
    qualifier: handler.qualifier,
    sourceArn: `${on.executionArn}/*/POST${REGISTRATION_PATH}`,
  });
  return [
    resource,
    post,
    integration,
    ...mockMethod(scope, 'RegisterOptions', onRegister, {
      httpMethod: 'OPTIONS',
      statusCode: '204',
      headers: {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '600',
      },
      template: '',
    }),
  ];
}
