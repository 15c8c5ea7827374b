/**
 * The JSON-RPC error answers this endpoint gives itself. An answer names the request's id when
 * the request could be read far enough to know it, and `id: null` only when it could not.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';

/** JSON-RPC 2.0 codes, plus -32000 (implementation-defined server error) for HTTP-level refusals. */
export const JsonRpcCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  InvalidParams: -32602,
  InternalError: -32603,
  ServerError: -32000,
} as const;

export type JsonRpcId = string | number | null;

export function jsonRpcErrorBody(code: number, message: string, id: JsonRpcId = null): string {
  return JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id });
}

export function jsonRpcErrorResult(
  statusCode: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
  id: JsonRpcId = null,
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: jsonRpcErrorBody(code, message, id),
  };
}
