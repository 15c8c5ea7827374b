/**
 * The Streamable HTTP rules a POST's messages must meet before they reach the server: those the
 * SDK's WebStandardStreamableHTTPServerTransport applies in stateless mode (handlePostRequest),
 * ported with its messages, and one of ours.
 *
 * - An initialize request comes alone: in a batch it is refused (400, -32600).
 * - Any other POST that names an MCP-Protocol-Version must name a supported one (400, -32000,
 *   listing them), which tells a client of a newer revision to fall back to initialize. Without
 *   the header the SDK assumes 2025-03-26, whose clients send none.
 * - Mcp-Session-Id is not checked, and answers carry none: stateless, there is no session.
 * - Ours: request ids in a batch are distinct. An id is how an answer finds its request (MCP
 *   forbids reusing one); the SDK's transport would answer only one of two requests sharing an id.
 */
import {
  isInitializeRequest,
  SUPPORTED_PROTOCOL_VERSIONS,
  type JSONRPCMessage,
} from '@modelcontextprotocol/sdk/types.js';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { isRequest } from './json-transport';
import { JsonRpcCode, jsonRpcErrorResult } from './json-rpc-error';

function isInitialize(message: JSONRPCMessage): boolean {
  // The SDK's check, a full parse of the request, is only worth making for this method.
  return 'method' in message && message.method === 'initialize' && isInitializeRequest(message);
}

function hasRepeatedRequestId(messages: readonly JSONRPCMessage[]): boolean {
  const ids = new Set<unknown>();
  for (const message of messages) {
    if (!isRequest(message)) continue;
    if (ids.has(message.id)) return true;
    ids.add(message.id);
  }
  return false;
}

/** The refusal the POST gets, or undefined when its messages may be served. */
export function streamableHttpRefusal(
  messages: readonly JSONRPCMessage[],
  protocolVersion: string | undefined,
): APIGatewayProxyResult | undefined {
  if (messages.some(isInitialize)) {
    if (messages.length > 1) {
      return jsonRpcErrorResult(
        400,
        JsonRpcCode.InvalidRequest,
        'Invalid Request: Only one initialization request is allowed',
      );
    }
    return undefined;
  }
  if (protocolVersion !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(protocolVersion)) {
    return jsonRpcErrorResult(
      400,
      JsonRpcCode.ServerError,
      `Bad Request: Unsupported protocol version: ${protocolVersion} (supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`,
    );
  }
  if (hasRepeatedRequestId(messages)) {
    return jsonRpcErrorResult(400, JsonRpcCode.InvalidRequest, 'Invalid Request: two requests share an id');
  }
  return undefined;
}
