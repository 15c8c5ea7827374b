/**
 * The Lambda handler: the MCP endpoint wrapped in middy, with one middleware per cross-cutting
 * concern (the request's log line, and errors turned into a JSON-RPC body). Lambda, the local
 * HTTP server and the tests all build their handler here, from injected dependencies.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createAuthenticator, type AuthConfig } from '../auth/authenticate';
import { requestLog, type LogWriter, type McpContext } from '../observability/request-log';
import { createServerFactory, type ServerDependencies } from '../server';
import { errorToJsonRpc } from './error-response';
import { authenticatedEndpoint } from './authenticated-endpoint';
import { createMcpEndpoint } from './mcp-endpoint';

export interface HandlerDependencies extends ServerDependencies {
  /** See RuntimeConfig.allowedOrigins. */
  readonly allowedOrigins: readonly string[];
  /** See RuntimeConfig.environment: it labels the tool metrics of the request log lines. */
  readonly environment: string;
  /** @default one line on stdout per request */
  readonly log?: LogWriter;
  /** See McpEndpointOptions.maxAnswerBytes. @default what Lambda can return */
  readonly maxAnswerBytes?: number;
  /** See RuntimeConfig.auth. @default API keys, checked before the event arrives */
  readonly auth?: AuthConfig;
  /** See AuthenticatorOptions.resource (the local server's URL, as a request reached it). */
  readonly oauthResource?: (event: APIGatewayProxyEvent) => string;
}

export type McpHandler = (event: APIGatewayProxyEvent, context: McpContext) => Promise<APIGatewayProxyResult>;

export function createHandler(dependencies: HandlerDependencies): McpHandler {
  const endpoint = authenticatedEndpoint({
    endpoint: createMcpEndpoint({
      newServer: createServerFactory(dependencies),
      allowedOrigins: dependencies.allowedOrigins,
      maxAnswerBytes: dependencies.maxAnswerBytes,
    }),
    authenticate: createAuthenticator({
      config: dependencies.auth ?? { mode: 'api-key', oauth: { clientIds: [] } },
      access: dependencies.access,
      resource: dependencies.oauthResource,
    }),
    tools: dependencies.tools,
    allowedOrigins: dependencies.allowedOrigins,
  });
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, McpContext>()
    .use(requestLog(dependencies.environment, dependencies.log))
    .use(errorToJsonRpc())
    .handler(endpoint);
}
