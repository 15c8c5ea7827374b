/**
 * The MCP endpoint for one API Gateway event: origin and method rules and the payload checks
 * (ours), then the SDK v2 serves the request: 2026-07-28 requests through its serving entry
 * (`createMcpHandler`), 2025-era ones through its Streamable HTTP transport (legacy-leg.ts),
 * each with a fresh server from the same factory. The MCP semantics of both eras (`initialize`,
 * `server/discover`, the `_meta` envelope, Mcp-Method/Mcp-Name checks, version errors) are the
 * SDK's; this file maps the event in and the answer out.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createMcpHandler, isLegacyRequest, type JSONRPCMessage } from '@modelcontextprotocol/server';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { McpContext, RequestRecord } from '../observability/request-log';
import { clip } from '../quote';
import { type RequestScope, type ServerFactory, type ToolCallRecord } from '../server';
import { fitAnswer, MAX_ANSWER_BYTES } from './answer-limit';
import { boundedErrorAnswer, type ErrorAnswer } from './bounded-errors';
import { ALLOWED_METHODS, corsHeaders, originPolicy, preflightResult } from './cors';
import { eventBody, eventHeaders } from './event';
import { JsonRpcCode, jsonRpcErrorResult } from './json-rpc-error';
import { serveLegacy } from './legacy-leg';
import { readPayload, type JsonRpcPayload } from './payload';
import { proxyResult, webRequest } from './web-exchange';

export interface McpEndpointOptions {
  readonly newServer: ServerFactory;
  /** See RuntimeConfig.allowedOrigins. */
  readonly allowedOrigins: readonly string[];
  /** @default MAX_ANSWER_BYTES (what Lambda can return) */
  readonly maxAnswerBytes?: number;
}

export type McpEndpoint = (
  event: APIGatewayProxyEvent,
  context: McpContext,
  options?: { signal?: AbortSignal; callerAccess?: RequestScope['callerAccess'] },
) => Promise<APIGatewayProxyResult>;

/** Protocol revisions are dates: a longer value is refused before anything quotes it at length. */
const MAX_PROTOCOL_VERSION_CHARS = 32;
/** Error answers are small: only those are read back for the log line, never a large result. */
const ERROR_ANSWER_MAX_CHARS = 4096;
/** How an error answer begins (one of a batch aside): a larger body that does is read back too. */
const ERROR_MARKER = '"error":{"code":';

function describeRequest(record: RequestRecord, payload: JsonRpcPayload): void {
  if (payload.batch) {
    record.method = 'batch';
    return;
  }
  const message = payload.messages[0] as { method?: unknown; params?: { name?: unknown } };
  record.method = typeof message.method === 'string' ? message.method : 'response';
  if (record.method === 'tools/call' && typeof message.params?.name === 'string') record.tool = message.params.name;
}

function recordToolCall(record: RequestRecord, call: ToolCallRecord): void {
  record.toolRan = record.toolRan === true || call.ran;
  record.toolError = record.toolError === true || call.isError;
  if (call.quantConnectMs !== undefined) record.quantConnectMs = (record.quantConnectMs ?? 0) + call.quantConnectMs;
}

/** Whether an answer may be an error: small, refused by HTTP status, or carrying an error object. */
function mayBeError(result: APIGatewayProxyResult): boolean {
  const { body } = result;
  return (
    body.length > 0 &&
    (body.length <= ERROR_ANSWER_MAX_CHARS || result.statusCode >= 400 || body.includes(ERROR_MARKER))
  );
}

/**
 * Notes an error answer's code on the log line (its outcome becomes `rejected`), cuts what it
 * quotes of the request to the quoting rule (bounded-errors.ts), and gives a single request's
 * error the request's id where the SDK's HTTP checks answered `id: null`.
 */
function readErrors(
  record: RequestRecord,
  result: APIGatewayProxyResult,
  payload: JsonRpcPayload,
): APIGatewayProxyResult {
  if (!mayBeError(result)) return result;
  let parsed: ErrorAnswer | ErrorAnswer[];
  try {
    parsed = JSON.parse(result.body) as ErrorAnswer | ErrorAnswer[];
  } catch {
    return result;
  }
  const answers = Array.isArray(parsed) ? parsed : [parsed];
  for (const answer of answers) {
    if (typeof answer.error?.code === 'number') record.jsonRpcErrorCode = answer.error.code;
  }
  const bounded = answers.map(boundedErrorAnswer);
  const changed = bounded.some((answer, index) => answer !== answers[index]);
  const message = payload.messages[0];
  if (!Array.isArray(parsed) && parsed.error !== undefined && parsed.id === null && isRequest(message)) {
    return { ...result, body: JSON.stringify({ ...bounded[0], id: message.id }) };
  }
  if (!changed) return result;
  return { ...result, body: JSON.stringify(Array.isArray(parsed) ? bounded : bounded[0]) };
}

function isRequest(message: JSONRPCMessage): message is JSONRPCMessage & { id: string | number } {
  return 'method' in message && 'id' in message;
}

/** A batch is answered with an array, also when a single request of it is left to answer. */
function asBatchAnswer(result: APIGatewayProxyResult, payload: JsonRpcPayload): APIGatewayProxyResult {
  if (!payload.batch || !result.body.startsWith('{')) return result;
  return { ...result, body: `[${result.body}]` };
}

function methodNotAllowed(cors: Record<string, string>): APIGatewayProxyResult {
  return jsonRpcErrorResult(
    405,
    JsonRpcCode.ServerError,
    'Method Not Allowed: this MCP endpoint is stateless and serves POST only (no SSE stream, no session to delete)',
    { allow: ALLOWED_METHODS, ...cors },
  );
}

function withCors(result: APIGatewayProxyResult, cors: Record<string, string>): APIGatewayProxyResult {
  return { ...result, headers: { ...result.headers, ...cors } };
}

export function createMcpEndpoint(options: McpEndpointOptions): McpEndpoint {
  const isAllowedOrigin = originPolicy(options.allowedOrigins);
  const maxAnswerBytes = options.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  // The SDK's entry calls its factory without our per-request scope: the scope rides the async context.
  const scopes = new AsyncLocalStorage<RequestScope>();
  const newServer = () => options.newServer(scopes.getStore() ?? {});
  // 'auto' answers one JSON body unless a handler sends a message before its result, which ours
  // never do; 'json' would answer the same and warn on the console at every cold start.
  const modern = createMcpHandler(newServer, { legacy: 'reject', responseMode: 'auto' });

  async function serve(request: Request, payload: JsonRpcPayload): Promise<Response> {
    if (await isLegacyRequest(request, payload.parsed)) return serveLegacy(newServer(), request, payload.parsed);
    return modern.fetch(request, { parsedBody: payload.parsed });
  }

  return async (event, context, { signal, callerAccess } = {}) => {
    const record = (context.mcpRequest ??= { requestId: context.awsRequestId, startedAt: performance.now() });
    const headers = eventHeaders(event);
    const origin = headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin)) {
      return jsonRpcErrorResult(403, JsonRpcCode.ServerError, `Forbidden: origin ${clip(origin)} is not allowed`);
    }
    const cors = corsHeaders(origin);
    if (event.httpMethod === 'OPTIONS') return preflightResult(origin);
    if (event.httpMethod !== 'POST') return methodNotAllowed(cors);

    const protocolVersion = headers['mcp-protocol-version'];
    if (protocolVersion !== undefined && protocolVersion.length > MAX_PROTOCOL_VERSION_CHARS) {
      return jsonRpcErrorResult(
        400,
        JsonRpcCode.ServerError,
        `Bad Request: Unsupported protocol version: ${clip(protocolVersion, MAX_PROTOCOL_VERSION_CHARS)}`,
        cors,
      );
    }
    const body = eventBody(event);
    const reading = readPayload(headers['content-type'], body, protocolVersion);
    if ('rejection' in reading) return withCors(reading.rejection, cors);
    const { payload } = reading;
    describeRequest(record, payload);

    const scope: RequestScope = {
      remainingTimeMs:
        typeof context.getRemainingTimeInMillis === 'function' ? () => context.getRemainingTimeInMillis() : undefined,
      signal,
      clientGone: context.clientGone,
      onToolCall: (call) => recordToolCall(record, call),
      callerAccess,
    };
    const request = webRequest(event, headers, body);
    const response = await scopes.run(scope, () => serve(request, payload));
    if (context.clientGone?.aborted) record.abandoned = true;
    const result = readErrors(record, asBatchAnswer(await proxyResult(response), payload), payload);
    return withCors(fitAnswer(result, maxAnswerBytes), cors);
  };
}
