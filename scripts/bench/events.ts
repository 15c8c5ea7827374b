/**
 * What the benchmark feeds the handlers: API Gateway REST (v1) proxy events as the gateway builds
 * them for `POST /mcp` (every header an MCP client and the gateway add, in both the single and the
 * multi-value maps), and a Lambda context. Built before the clock starts, one per request.
 */
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

/** The newest version the SDK speaks, which clients send after `initialize`. */
export const PROTOCOL_VERSION = '2025-11-25';

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
      protocolVersion: PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: 'qc-mcp-bench', version: '1.0.0' },
    },
  };
}

export function listToolsRequest(id: number): JsonRpcRequest {
  return { jsonrpc: '2.0', id, method: 'tools/list', params: {} };
}

export function callToolRequest(id: number, name: string, args: object): JsonRpcRequest {
  return { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } };
}

const API_ID = 'a1b2c3d4e5';
const HOST = `${API_ID}.execute-api.us-east-1.amazonaws.com`;

/** The event API Gateway hands the Lambda proxy integration for one MCP request. */
export function mcpEvent(request: JsonRpcRequest, sequence: number): APIGatewayProxyEvent {
  const requestId = `bench-${process.pid}-${sequence}`;
  const now = Date.now();
  const headers: Record<string, string> = {
    accept: 'application/json, text/event-stream',
    'content-type': 'application/json',
    Host: HOST,
    'mcp-protocol-version': PROTOCOL_VERSION,
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
    body: JSON.stringify(request),
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
