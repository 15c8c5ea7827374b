/**
 * A method that API Gateway answers itself (a MOCK integration): static headers and a body from a
 * mapping template. Used for GET 405, the CORS preflight and the OAuth resource metadata.
 */
import type { Construct } from 'constructs';
import type { TerraformResource } from 'cdktf';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayIntegrationResponse } from '@cdktf/provider-aws/lib/api-gateway-integration-response';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayMethodResponse } from '@cdktf/provider-aws/lib/api-gateway-method-response';

/** The method, its integration and their responses, for the deployment's redeployment hash. */
export function mockMethod(
  scope: Construct,
  prefix: string,
  on: { restApiId: string; resourceId: string },
  answer: { httpMethod: string; statusCode: string; headers: Record<string, string>; template: string },
): TerraformResource[] {
  const method = new ApiGatewayMethod(scope, `${prefix}Method`, {
    ...on,
    httpMethod: answer.httpMethod,
    authorization: 'NONE',
    apiKeyRequired: false,
  });
  const integration = new ApiGatewayIntegration(scope, `${prefix}Integration`, {
    ...on,
    httpMethod: method.httpMethod,
    type: 'MOCK',
    requestTemplates: { 'application/json': `{"statusCode": ${answer.statusCode}}` },
  });
  const headerNames = [...Object.keys(answer.headers), 'Access-Control-Allow-Origin'];
  const methodResponse = new ApiGatewayMethodResponse(scope, `${prefix}MethodResponse`, {
    ...on,
    httpMethod: method.httpMethod,
    statusCode: answer.statusCode,
    // Declared so the integration response may set them; Access-Control-Allow-Origin comes from
    // the template, and only for an allowed origin.
    responseParameters: Object.fromEntries(headerNames.map((name) => [`method.response.header.${name}`, true])),
  });
  const integrationResponse = new ApiGatewayIntegrationResponse(scope, `${prefix}IntegrationResponse`, {
    ...on,
    httpMethod: method.httpMethod,
    statusCode: methodResponse.statusCode,
    responseParameters: Object.fromEntries(
      Object.entries(answer.headers).map(([name, value]) => [`method.response.header.${name}`, `'${value}'`]),
    ),
    responseTemplates: { 'application/json': answer.template },
    dependsOn: [integration],
  });
  return [method, integration, methodResponse, integrationResponse];
}
