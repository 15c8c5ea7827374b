/**
 * API Gateway (REST, v1 proxy) event → what the endpoint needs: lower-cased headers and the raw
 * body bytes. API Gateway keeps header names as the client sent them and
 * gives repeated headers in `multiValueHeaders`; both are folded here, once.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';

/** Header names in lower case; repeated headers joined with ", " as HTTP allows. */
export type HeaderMap = Readonly<Record<string, string>>;

export function eventHeaders(event: Pick<APIGatewayProxyEvent, 'headers' | 'multiValueHeaders'>): HeaderMap {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  // multiValueHeaders holds every value; where present it is the complete truth.
  for (const [name, values] of Object.entries(event.multiValueHeaders ?? {})) {
    if (values !== undefined && values.length > 0) headers[name.toLowerCase()] = values.join(', ');
  }
  return headers;
}

export function eventBody(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>): Buffer {
  if (event.body === null || event.body === undefined) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}
