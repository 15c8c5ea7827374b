/**
 * Reads the JSON-RPC payload of a POST before the MCP transport sees it, so that each kind of
 * bad input gets its own status and code (the SDK's transport answers -32700 for a valid JSON
 * body that is not JSON-RPC, and 202 for an empty batch; JSON-RPC says -32600 for both) and the
 * log line knows the method and tool.
 */
import { MAX_BATCH_SIZE } from '@modelcontextprotocol/sdk/server/requestBody.js';
import { isJsonContentType } from '@modelcontextprotocol/sdk/shared/mediaType.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { JsonRpcCode, jsonRpcErrorResult } from './json-rpc-error';

/** API Gateway accepts 10 MB; no MCP request to this server comes near 1 MiB. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface JsonRpcPayload {
  /** Whether the body is a batch (an array), which is answered with an array. */
  readonly batch: boolean;
  readonly messages: readonly JSONRPCMessage[];
}

export type PayloadReading = { readonly payload: JsonRpcPayload } | { readonly rejection: APIGatewayProxyResult };

function reject(statusCode: number, code: number, message: string): PayloadReading {
  return { rejection: jsonRpcErrorResult(statusCode, code, message) };
}

export function readPayload(contentType: string | undefined, body: Buffer): PayloadReading {
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
  const candidates = Array.isArray(parsed) ? parsed : [parsed];
  if (candidates.length === 0) {
    return reject(400, JsonRpcCode.InvalidRequest, 'Invalid Request: an empty batch');
  }
  // The SDK's transport caps batches, before it checks the messages; so do we, with its message.
  if (candidates.length > MAX_BATCH_SIZE) {
    return reject(400, JsonRpcCode.InvalidRequest, `Invalid Request: Batch must not exceed ${MAX_BATCH_SIZE} messages`);
  }
  const messages: JSONRPCMessage[] = [];
  for (const candidate of candidates) {
    const result = JSONRPCMessageSchema.safeParse(candidate);
    if (!result.success) {
      return reject(400, JsonRpcCode.InvalidRequest, 'Invalid Request: the body is not a JSON-RPC 2.0 message');
    }
    messages.push(result.data);
  }
  return { payload: { batch: Array.isArray(parsed), messages } };
}
