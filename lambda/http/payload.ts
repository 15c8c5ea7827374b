/**
 * Reads the JSON-RPC payload of a POST before the SDK sees it, so that each kind of bad input
 * gets its own status and code (JSON-RPC says -32600 for a body that is JSON but not JSON-RPC,
 * and for an empty batch), the log line knows the method and tool, and one POST cannot fan out:
 * a batch (2025-03-26 clients only) carries at most MAX_TOOL_CALLS_PER_POST tool calls.
 */
import {
  isJsonContentType,
  parseJSONRPCMessage,
  type JSONRPCMessage,
  type JSONRPCRequest,
} from '@modelcontextprotocol/server';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { JsonRpcCode, jsonRpcErrorResult } from './json-rpc-error';

/** API Gateway accepts 10 MB; no MCP request to this server comes near 1 MiB. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Messages in one JSON-RPC batch (the SDK v1 transport's cap, kept for 2025-03-26 clients). */
export const MAX_BATCH_SIZE = 100;
/**
 * Tool calls in one POST. The usage plan counts HTTP requests, not tool calls: without a cap one
 * POST could start a hundred QuantConnect calls (three hundred with retries). Ten is more than
 * any client batches, and keeps the answer of a batch far below Lambda's 6 MB.
 */
export const MAX_TOOL_CALLS_PER_POST = 10;
/** Batches left MCP with 2025-06-18: only a client of an earlier revision may send one. */
const BATCH_REVISIONS = new Set(['2025-03-26', '2024-11-05', '2024-10-07']);

export interface JsonRpcPayload {
  /** Whether the body is a batch (an array), which is answered with an array. */
  readonly batch: boolean;
  readonly messages: readonly JSONRPCMessage[];
  /** The parsed body, handed to the SDK so that it does not parse it again. */
  readonly parsed: unknown;
}

export type PayloadReading = { readonly payload: JsonRpcPayload } | { readonly rejection: APIGatewayProxyResult };

function reject(statusCode: number, code: number, message: string, id: string | number | null = null): PayloadReading {
  return { rejection: jsonRpcErrorResult(statusCode, code, message, {}, id) };
}

function parseMessage(candidate: unknown): JSONRPCMessage | undefined {
  try {
    return parseJSONRPCMessage(candidate);
  } catch {
    return undefined;
  }
}

type ToolCallMessage = JSONRPCRequest & { method: 'tools/call' };

function isToolCall(message: JSONRPCMessage): message is ToolCallMessage {
  return 'method' in message && message.method === 'tools/call' && 'id' in message;
}

/** The SDK answers arguments that are not an object with a dump of its schema check: we say it plainly. */
function argumentsRefusal(message: JSONRPCMessage): PayloadReading | undefined {
  if (!isToolCall(message)) return undefined;
  const args = (message.params as { arguments?: unknown } | undefined)?.arguments;
  if (args === undefined || (args !== null && typeof args === 'object' && !Array.isArray(args))) return undefined;
  const kind = args === null ? 'null' : Array.isArray(args) ? 'an array' : `a ${typeof args}`;
  return reject(
    200,
    JsonRpcCode.InvalidParams,
    `Invalid params: tools/call arguments must be an object of the tool's fields (for example {"projectId": 123}), not ${kind}`,
    message.id,
  );
}

function cancelledRequestId(message: JSONRPCMessage): unknown {
  if (!('method' in message) || 'id' in message || message.method !== 'notifications/cancelled') return undefined;
  return (message.params as { requestId?: unknown } | undefined)?.requestId;
}

/**
 * A request that a `notifications/cancelled` in the same batch withdraws is never started: the
 * server would not answer it (MCP says it should not), and waiting for that answer would hold
 * the POST until the Lambda times out.
 */
function withoutCancelled(messages: readonly JSONRPCMessage[]): JSONRPCMessage[] {
  const cancelled = new Set<unknown>(messages.map(cancelledRequestId).filter((id) => id !== undefined));
  if (cancelled.size === 0) return [...messages];
  return messages.filter(
    (message) => cancelledRequestId(message) === undefined && !('id' in message && cancelled.has(message.id)),
  );
}

function hasRepeatedRequestId(messages: readonly JSONRPCMessage[]): boolean {
  const ids = new Set<unknown>();
  for (const message of messages) {
    if (!('method' in message) || !('id' in message)) continue;
    if (ids.has(message.id)) return true;
    ids.add(message.id);
  }
  return false;
}

function batchRefusal(
  messages: readonly JSONRPCMessage[],
  protocolVersion: string | undefined,
): PayloadReading | undefined {
  if (protocolVersion !== undefined && !BATCH_REVISIONS.has(protocolVersion)) {
    return reject(
      400,
      JsonRpcCode.InvalidRequest,
      'Invalid Request: JSON-RPC batches are not part of MCP since revision 2025-06-18; send one message per POST',
    );
  }
  if (messages.length > MAX_BATCH_SIZE) {
    return reject(400, JsonRpcCode.InvalidRequest, `Invalid Request: Batch must not exceed ${MAX_BATCH_SIZE} messages`);
  }
  const toolCalls = messages.filter(isToolCall).length;
  if (toolCalls > MAX_TOOL_CALLS_PER_POST) {
    return reject(
      400,
      JsonRpcCode.InvalidRequest,
      `Invalid Request: a POST may carry at most ${MAX_TOOL_CALLS_PER_POST} tool calls (this one has ${toolCalls}); send the rest in further requests`,
    );
  }
  // An id is how an answer finds its request (MCP forbids reusing one).
  if (hasRepeatedRequestId(messages)) {
    return reject(400, JsonRpcCode.InvalidRequest, 'Invalid Request: two requests share an id');
  }
  return undefined;
}

export function readPayload(
  contentType: string | undefined,
  body: Buffer,
  protocolVersion: string | undefined,
): PayloadReading {
  if (!isJsonContentType(contentType)) {
    return reject(415, JsonRpcCode.ServerError, 'Unsupported Media Type: Content-Type must be application/json');
  }
  if (body.length > MAX_BODY_BYTES) {
    return reject(413, JsonRpcCode.ServerError, `Payload Too Large: the body must not exceed ${MAX_BODY_BYTES} bytes`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return reject(400, JsonRpcCode.ParseError, 'Parse error: the body is not valid JSON');
  }
  const batch = Array.isArray(parsed);
  const candidates: readonly unknown[] = batch ? (parsed as unknown[]) : [parsed];
  if (candidates.length === 0) {
    return reject(400, JsonRpcCode.InvalidRequest, 'Invalid Request: an empty batch');
  }
  const messages: JSONRPCMessage[] = [];
  for (const candidate of candidates) {
    const message = parseMessage(candidate);
    if (message === undefined) {
      const id = batch ? null : requestIdOf(candidate);
      return reject(400, JsonRpcCode.InvalidRequest, 'Invalid Request: the body is not a JSON-RPC 2.0 message', id);
    }
    messages.push(message);
  }
  // In a batch, the SDK answers such arguments itself (-32602 too), beside the other answers.
  const refusal = batch ? batchRefusal(messages, protocolVersion) : argumentsRefusal(messages[0]);
  if (refusal !== undefined) return refusal;
  if (!batch) return { payload: { batch, messages, parsed } };
  const served = withoutCancelled(messages);
  return { payload: { batch, messages: served, parsed: served.length === messages.length ? parsed : served } };
}

/** The id of something that looks like a request, so that even its refusal names it. */
function requestIdOf(candidate: unknown): string | number | null {
  const id = (candidate as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}
