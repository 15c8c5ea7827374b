/**
 * What the benchmark feeds the handlers: API Gateway REST (v1) proxy events as the gateway builds
 * them for `POST /mcp` (every header an MCP client and the gateway add, in both the single and the
 * multi-value maps), as a client of either protocol era sends them, and a Lambda context. Built
 * before the clock starts, one per request.
 */
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

/**
 * The two protocol eras a client may speak: `legacy` is 2025-11-25 (an `initialize` handshake,
 * then requests naming the version in a header), `modern` is 2026-07-28 (no handshake: every
 * request carries the `_meta` envelope and the MCP-Protocol-Version, Mcp-Method, Mcp-Name headers).
 */
export type Era = 'legacy' | 'modern';
export const ERAS: readonly Era[] = ['legacy', 'modern'];

export const PROTOCOL_VERSIONS: Record<Era, string> = { legacy: '2025-11-25', modern: '2026-07-28' };

export interface JsonRpcRequest {
  readonly jsonrpc: '2.0';
  readonly id: number;
  readonly method: string;
  readonly params?: object;
}

export function initializeRequest(id: number): JsonRpcRequest {
  return {
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: {
      protocolVersion: PROTOCOL_VERSIONS.legacy,
      capabilities: {},
      clientInfo: { name: 'qc-mcp-bench', version: '1.0.0' },
    },
  };
}

/** A 2026-07-28 client's first request: what the server is, in place of `initialize`. */
export function discoverRequest(id: number): JsonRpcRequest {
  return { jsonrpc: '2.0', id, method: 'server/discover', params: {} };
}

/** The first request a client of the era sends: the one a cold start is judged by. */
export const FIRST_REQUEST: Record<Era, { readonly method: string; readonly build: (id: number) => JsonRpcRequest }> = {
  legacy: { method: 'initialize', build: initializeRequest },
  modern: { method: 'server/discover', build: discoverRequest },
};

export function listToolsRequest(id: number): JsonRpcRequest {
  return { jsonrpc: '2.0', id, method: 'tools/list', params: {} };
}

export function callToolRequest(id: number, name: string, args: object): JsonRpcRequest {
  return { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } };
}

const API_ID = 'a1b2c3d4e5';
const HOST = `${API_ID}.execute-api.us-east-1.amazonaws.com`;

/** The request as a 2026-07-28 client sends it: the per-request `_meta` envelope in its params. */
function withEnvelope(request: JsonRpcRequest): JsonRpcRequest {
  const params = (request.params ?? {}) as { _meta?: object };
  const envelope = {
    'io.modelcontextprotocol/protocolVersion': PROTOCOL_VERSIONS.modern,
    'io.modelcontextprotocol/clientInfo': { name: 'qc-mcp-bench', version: '1.0.0' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  return { ...request, params: { ...params, _meta: { ...params._meta, ...envelope } } };
}

/** The headers 2026-07-28 requires on every POST, matching the body. */
function modernHeaders(request: JsonRpcRequest): Record<string, string> {
  const name = (request.params as { name?: unknown } | undefined)?.name;
  return {
    'mcp-method': request.method,
    ...(request.method === 'tools/call' && typeof name === 'string' ? { 'mcp-name': name } : {}),
  };
}

/** The event API Gateway hands the Lambda proxy integration for one MCP request of the era. */
export function mcpEvent(request: JsonRpcRequest, sequence: number, era: Era = 'legacy'): APIGatewayProxyEvent {
  const requestId = `bench-${process.pid}-${sequence}`;
  const now = Date.now();
  const message = era === 'modern' ? withEnvelope(request) : request;
  const headers: Record<string, string> = {
    accept: 'application/json, text/event-stream',
    'content-type': 'application/json',
    Host: HOST,
    'mcp-protocol-version': PROTOCOL_VERSIONS[era],
    ...(era === 'modern' ? modernHeaders(request) : {}),
    'User-Agent': 'node',
    'X-Amzn-Trace-Id': `Root=1-${now.toString(16)}-${requestId}`,
    'X-Forwarded-For': '203.0.113.7',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
    // A placeholder key: the gateway checks it, and the handler must never log it.
    'x-api-key': 'bench-placeholder-api-key',
  };
  const multiValueHeaders = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));
  return {
    resource: '/mcp',
    path: '/mcp',
    httpMethod: 'POST',
    headers,
    multiValueHeaders,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      resourceId: 'abc123',
      resourcePath: '/mcp',
      httpMethod: 'POST',
      extendedRequestId: `${requestId}=`,
      requestTime: new Date(now).toUTCString(),
      path: '/prod/mcp',
      accountId: '123456789012',
      protocol: 'HTTP/1.1',
      stage: 'prod',
      domainPrefix: API_ID,
      requestTimeEpoch: now,
      requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: '203.0.113.7',
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: 'node',
        user: null,
        apiKey: 'bench-placeholder-api-key',
        apiKeyId: 'k1l2m3n4o5',
        clientCert: null,
      },
      domainName: HOST,
      apiId: API_ID,
      authorizer: null,
    },
    body: JSON.stringify(message),
    isBase64Encoded: false,
  };
}

/** A Lambda context with the function's production name and its 30 s timeout. */
export function lambdaContext(sequence: number): Context {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'qc-mcp-lambda-handler',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:qc-mcp-lambda-handler',
    memoryLimitInMB: '1024',
    awsRequestId: `bench-invocation-${process.pid}-${sequence}`,
    logGroupName: '/aws/lambda/qc-mcp-lambda-handler',
    logStreamName: '2025/01/01/[$LATEST]bench',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
