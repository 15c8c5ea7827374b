/**
 * A Node HTTP request → the API Gateway REST proxy event Lambda would receive for it, so the
 * local server runs the very handler Lambda runs. The body always travels base64-encoded, as
 * API Gateway sends binary bodies, which keeps that path exercised.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';

export function toApiGatewayEvent(request: IncomingMessage, body: Buffer, path: string): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  // rawHeaders keeps the client's spelling and every repeated header, as API Gateway does.
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index];
    const value = request.rawHeaders[index + 1];
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const url = new URL(request.url ?? '/', 'http://localhost');
  const query = url.searchParams.size > 0 ? Object.fromEntries(url.searchParams) : null;
  const requestId = randomUUID();
  const method = request.method ?? 'GET';
  return {
    resource: path,
    path: url.pathname,
    httpMethod: method,
    headers,
    multiValueHeaders,
    queryStringParameters: query,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: body.length > 0 ? body.toString('base64') : null,
    isBase64Encoded: body.length > 0,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      authorizer: undefined,
      protocol: `HTTP/${request.httpVersion}`,
      httpMethod: method,
      identity: { sourceIp: request.socket.remoteAddress ?? '' } as APIGatewayProxyEvent['requestContext']['identity'],
      path: url.pathname,
      stage: 'local',
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: path,
    },
  };
}
