/**
 * Every error this endpoint answers itself is a JSON-RPC error object with `id: null` (the
 * request could not be read far enough to know its id), as the SDK's transport answers its own.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';

/** JSON-RPC 2.0 codes, plus -32000 (implementation-defined server error) for HTTP-level refusals. */
export const JsonRpcCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  InternalError: -32603,
  ServerError: -32000,
} as const;

export function jsonRpcErrorBody(code: number, message: string): string {
  return JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
}

export function jsonRpcErrorResult(
  statusCode: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: jsonRpcErrorBody(code, message),
  };
}
