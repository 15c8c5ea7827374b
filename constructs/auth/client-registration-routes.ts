/**
 * The gateway's side of client registration: the authorization-server metadata that lists the
 * registration endpoint (RFC 8414, answered by the gateway at both well-known paths a client may
 * read it from), and POST /oauth/register, which goes to the function without an authorizer (a
 * client registers before it has any token); the stage throttle limits it.
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
import { mockMethod } from '../mock-method';

/** The function, as the API invokes it. */
export interface RegistrationHandlerRef {
  readonly invokeArn: string;
  readonly functionName: string;
  readonly qualifier?: string;
}

/** GET /.well-known/oauth-authorization-server and /.well-known/openid-configuration: one document. */
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
          headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' },
          template: JSON.stringify(document),
        },
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
