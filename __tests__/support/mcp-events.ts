/** API Gateway REST proxy events and Lambda contexts, as the handler receives them in Lambda. */
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/server';

export interface EventOptions {
  readonly method?: string;
  /** A value is JSON-encoded; a string is sent as is. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly multiValueHeaders?: Record<string, string[]>;
  readonly base64?: boolean;
}

let counter = 0;

export function apiGatewayEvent(options: EventOptions = {}): APIGatewayProxyEvent {
  const method = options.method ?? 'POST';
  const text =
    options.body === undefined ? null : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  counter += 1;
  return {
    resource: '/mcp',
    path: '/mcp',
    httpMethod: method,
    headers: options.headers ?? {
      'Content-Type': 'application/json',
      Host: 'abc123.execute-api.eu-west-1.amazonaws.com',
    },
    multiValueHeaders: options.multiValueHeaders ?? {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: text === null ? null : options.base64 ? Buffer.from(text).toString('base64') : text,
    isBase64Encoded: options.base64 === true,
    requestContext: { requestId: `api-request-${counter}`, stage: 'prod' } as APIGatewayProxyEvent['requestContext'],
  };
}

/** A Lambda context; `remainingMs` is what getRemainingTimeInMillis answers. */
export function lambdaContext(remainingMs = 30_000): Context {
  counter += 1;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'qc-mcp-lambda-handler',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:qc-mcp-lambda-handler',
    memoryLimitInMB: '1024',
    awsRequestId: `lambda-request-${counter}`,
    logGroupName: '/aws/lambda/qc-mcp-lambda-handler',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

let nextId = 0;

export function rpc(method: string, params?: Record<string, unknown>): Record<string, unknown> {
  nextId += 1;
  return { jsonrpc: '2.0', id: nextId, method, ...(params === undefined ? {} : { params }) };
}

export function initializeRequest(protocolVersion: string = LATEST_PROTOCOL_VERSION): Record<string, unknown> {
  return rpc('initialize', { protocolVersion, capabilities: {}, clientInfo: { name: 'jest', version: '1.0.0' } });
}

export function toolCall(name: string, args?: Record<string, unknown>): Record<string, unknown> {
  return rpc('tools/call', { name, ...(args === undefined ? {} : { arguments: args }) });
}

/** A POST event carrying `message` with the headers a spec-following client sends. */
export function mcpPost(message: unknown, headers: Record<string, string> = {}): APIGatewayProxyEvent {
  return apiGatewayEvent({
    body: message,
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      Host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      ...headers,
    },
  });
}

/**
 * A POST as a 2026-07-28 client sends it: the per-request `_meta` envelope in the params, and the
 * MCP-Protocol-Version, Mcp-Method (and for tools/call Mcp-Name) headers matching the body.
 */
export function modernPost(
  message: Record<string, unknown>,
  options: { version?: string; headers?: Record<string, string> } = {},
): APIGatewayProxyEvent {
  const version = options.version ?? '2026-07-28';
  const params = (message.params ?? {}) as Record<string, unknown>;
  const envelope = {
    'io.modelcontextprotocol/protocolVersion': version,
    'io.modelcontextprotocol/clientInfo': { name: 'jest', version: '1.0.0' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  const method = String(message.method);
  return mcpPost(
    { ...message, params: { ...params, _meta: { ...((params._meta as object) ?? {}), ...envelope } } },
    {
      'MCP-Protocol-Version': version,
      'Mcp-Method': method,
      ...(method === 'tools/call' ? { 'Mcp-Name': String(params.name) } : {}),
      ...options.headers,
    },
  );
}
