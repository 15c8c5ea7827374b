/**
 * The last line of defence: whatever escapes the endpoint becomes a JSON-RPC error body with a
 * 500, never the runtime's 502, an HTML page or a stack trace. The message names no internals;
 * the request id ties it to the log line.
 */
import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { McpContext } from '../observability/request-log';
import { JsonRpcCode, jsonRpcErrorResult } from './json-rpc-error';

export function errorToJsonRpc(): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, McpContext> {
  return {
    onError: (request) => {
      if (request.response !== undefined) return;
      const requestId = request.context.mcpRequest?.requestId;
      const reference = requestId ? ` (request id ${requestId})` : '';
      // middy raises TimeoutError just before the Lambda's own timeout.
      const message =
        request.error?.name === 'TimeoutError'
          ? `The server ran out of time before it could answer${reference}. Retry; work a tool started may have completed.`
          : `Internal error: the server could not handle the request${reference}.`;
      request.response = jsonRpcErrorResult(500, JsonRpcCode.InternalError, message);
    },
  };
}
