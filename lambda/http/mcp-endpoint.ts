/**
 * The MCP endpoint for one API Gateway event: origin and method rules, the JSON-RPC payload
 * checks, the Streamable HTTP rules, then a fresh server and transport for the request. The
 * transport is ours (json-transport.ts says why); the server is the SDK's.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { McpContext, RequestRecord } from '../observability/request-log';
import type { RequestScope, ServerFactory, ToolCallRecord } from '../server';
import { answersJson } from './answer-json';
import { ALLOWED_METHODS, corsHeaders, originPolicy, preflightResult } from './cors';
import { eventBody, eventHeaders } from './event';
import { JsonResponseTransport, type JsonRpcAnswer } from './json-transport';
import { JsonRpcCode, jsonRpcErrorResult } from './json-rpc-error';
import { readPayload, type JsonRpcPayload } from './payload';
import { streamableHttpRefusal } from './streamable-http-rules';

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

/** An error answer makes the log line's outcome `rejected` (its HTTP status is 200). */
function noteJsonRpcErrors(record: RequestRecord, answers: readonly JsonRpcAnswer[]): void {
  for (const answer of answers) {
    if ('error' in answer) record.jsonRpcErrorCode = answer.error.code;
  }
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

  /** A fresh server and transport per request: the SDK forbids reusing them across stateless requests. */
  async function serve(messages: readonly JSONRPCMessage[], scope: RequestScope): Promise<JsonRpcAnswer[]> {
    const server = options.newServer(scope);
    const transport = new JsonResponseTransport();
    await server.connect(transport);
    try {
      return await transport.exchange(messages);
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
    const refusal = streamableHttpRefusal(reading.payload.messages, headers['mcp-protocol-version']);
    if (refusal !== undefined) return { ...refusal, headers: { ...refusal.headers, ...cors } };

    const scope: RequestScope = {
      remainingTimeMs:
        typeof context.getRemainingTimeInMillis === 'function' ? () => context.getRemainingTimeInMillis() : undefined,
      signal,
      onToolCall: (call) => recordToolCall(record, call),
    };
    const answers = await serve(reading.payload.messages, scope);
    noteJsonRpcErrors(record, answers);
    // Only notifications or responses: accepted, nothing to answer.
    if (answers.length === 0) return { statusCode: 202, headers: cors, body: '' };
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json', ...cors },
      body: answersJson(answers, reading.payload.batch),
    };
  };
}
