/**
 * The MCP endpoint for one API Gateway event: origin and method rules, the JSON-RPC payload
 * checks, then a fresh server and stateless JSON-mode transport for the request.
 */
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isJSONRPCErrorResponse, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { McpContext, RequestRecord } from '../observability/request-log';
import type { RequestScope, ServerFactory, ToolCallRecord } from '../server';
import { ALLOWED_METHODS, corsHeaders, originPolicy, preflightResult } from './cors';
import { eventBody, eventHeaders, toWebRequest, type HeaderMap } from './event';
import { JsonRpcCode, jsonRpcErrorResult } from './json-rpc-error';
import { readPayload, type JsonRpcPayload } from './payload';
import { fromWebResponse } from './response';

/**
 * Clients in the wild send no Accept or only application/json; the transport would answer 406.
 * Every answer here is JSON (JSON mode), which both satisfy, so the transport is told both.
 */
const ACCEPT_JSON_AND_SSE = 'application/json, text/event-stream';

export interface McpEndpointOptions {
  readonly newServer: ServerFactory;
  /** See RuntimeConfig.allowedOrigins. */
  readonly allowedOrigins: readonly string[];
}

export type McpEndpoint = (
  event: APIGatewayProxyEvent,
  context: McpContext,
  options?: { signal?: AbortSignal },
) => Promise<APIGatewayProxyResult>;

/** Notes every JSON-RPC error the server answers, which the log line reports as `rejected`. */
class ObservedTransport extends WebStandardStreamableHTTPServerTransport {
  constructor(private readonly record: RequestRecord) {
    super({ sessionIdGenerator: undefined, enableJsonResponse: true });
  }

  override send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (isJSONRPCErrorResponse(message)) this.record.jsonRpcErrorCode = message.error.code;
    return super.send(message, options);
  }
}

function describeRequest(record: RequestRecord, payload: JsonRpcPayload): void {
  if (payload.messages.length > 1) {
    record.method = 'batch';
    return;
  }
  const message = payload.messages[0] as { method?: unknown; params?: { name?: unknown } };
  record.method = typeof message.method === 'string' ? message.method : 'response';
  if (record.method === 'tools/call' && typeof message.params?.name === 'string') record.tool = message.params.name;
}

function recordToolCall(record: RequestRecord, call: ToolCallRecord): void {
  record.toolError = record.toolError === true || call.isError;
  if (call.quantConnectMs !== undefined) record.quantConnectMs = (record.quantConnectMs ?? 0) + call.quantConnectMs;
}

function methodNotAllowed(cors: Record<string, string>): APIGatewayProxyResult {
  return jsonRpcErrorResult(
    405,
    JsonRpcCode.ServerError,
    'Method Not Allowed: this MCP endpoint is stateless and serves POST only (no SSE stream, no session to delete)',
    { allow: ALLOWED_METHODS, ...cors },
  );
}

export function createMcpEndpoint(options: McpEndpointOptions): McpEndpoint {
  const isAllowedOrigin = originPolicy(options.allowedOrigins);

  async function serve(
    event: APIGatewayProxyEvent,
    headers: HeaderMap,
    payload: JsonRpcPayload,
    scope: RequestScope,
    record: RequestRecord,
    cors: Record<string, string>,
  ): Promise<APIGatewayProxyResult> {
    let request: Request;
    try {
      request = toWebRequest(event, { ...headers, accept: ACCEPT_JSON_AND_SSE });
    } catch {
      return jsonRpcErrorResult(400, JsonRpcCode.InvalidRequest, 'Invalid Request: unreadable request headers', cors);
    }
    const server = options.newServer(scope);
    const transport = new ObservedTransport(record);
    await server.connect(transport);
    try {
      return await fromWebResponse(await transport.handleRequest(request, { parsedBody: payload.parsed }), cors);
    } finally {
      await server.close();
    }
  }

  return async (event, context, { signal } = {}) => {
    const record = (context.mcpRequest ??= { requestId: context.awsRequestId, startedAt: performance.now() });
    const headers = eventHeaders(event);
    const origin = headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin)) {
      return jsonRpcErrorResult(403, JsonRpcCode.ServerError, `Forbidden: origin ${origin} is not allowed`);
    }
    const cors = corsHeaders(origin);
    if (event.httpMethod === 'OPTIONS') return preflightResult(origin);
    if (event.httpMethod !== 'POST') return methodNotAllowed(cors);

    const reading = readPayload(headers['content-type'], eventBody(event));
    if ('rejection' in reading) {
      return { ...reading.rejection, headers: { ...reading.rejection.headers, ...cors } };
    }
    describeRequest(record, reading.payload);
    const scope: RequestScope = {
      remainingTimeMs:
        typeof context.getRemainingTimeInMillis === 'function' ? () => context.getRemainingTimeInMillis() : undefined,
      signal,
      onToolCall: (call) => recordToolCall(record, call),
    };
    return serve(event, headers, reading.payload, scope, record, cors);
  };
}
