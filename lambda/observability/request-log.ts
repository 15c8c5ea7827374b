/**
 * One structured JSON line per request: what was asked (JSON-RPC method, tool), how it ended
 * (outcome, HTTP status) and how long it took. Tool calls also carry their EMF metrics. By
 * construction the line holds no header value, API key, token or body: only the fields below.
 * Every text field is cut to MAX_LOG_FIELD_CHARS, since a client chooses some of them (method,
 * tool name): one line stays far below CloudWatch's 256 KB event limit whatever is sent.
 */
import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { toolCallMetricMembers } from './metrics';

/** The facts about one request, filled in as it is served. */
export interface RequestRecord {
  readonly requestId: string;
  /** GET, POST, OPTIONS…; absent outside HTTP (stdio). */
  readonly httpMethod?: string;
  /** performance.now() when the request arrived. */
  readonly startedAt: number;
  /** Who called: the token's subject or the API key's id (lambda/auth), never a credential. */
  subject?: string;
  /** The JSON-RPC method, `batch` for several messages. */
  method?: string;
  tool?: string;
  /**
   * Whether the tool ran: unset when no tool was found (an unknown name, or the request refused
   * before), false when it was refused before running (its tier, bad arguments).
   */
  toolRan?: boolean;
  toolError?: boolean;
  quantConnectMs?: number;
  /** Set when the JSON-RPC answer is an error (the HTTP status is 200 for those). */
  jsonRpcErrorCode?: number;
  /** The name of an unexpected error (never its message or stack, which may quote input). */
  failure?: string;
  /** The client had gone before the answer (McpContext.clientGone): its calls were stopped. */
  abandoned?: boolean;
}

/** The Lambda context, with the record the endpoint fills in. */
export interface McpContext extends Context {
  mcpRequest?: RequestRecord;
  /**
   * Aborted when the client has gone: the local server's connection closed before the answer.
   * Lambda has none (API Gateway does not say), so there only the deadline stops a call.
   */
  clientGone?: AbortSignal;
}

/** MCP limits tool names to 128 characters; no legitimate field here is longer. */
export const MAX_LOG_FIELD_CHARS = 128;

/** A client-chosen text, cut to the field limit (with a marker saying it was cut). */
export function bounded(text: string | undefined): string | undefined {
  return text !== undefined && text.length > MAX_LOG_FIELD_CHARS ? `${text.slice(0, MAX_LOG_FIELD_CHARS - 1)}…` : text;
}

export type Outcome = 'ok' | 'tool_error' | 'rejected' | 'failed' | 'abandoned';

export type LogWriter = (line: string) => void;

/**
 * Lambda's Node runtime prefixes console output with a timestamp and level, which would stop
 * CloudWatch from reading the line as EMF: write the bare JSON line to stdout instead.
 */
export const stdoutWriter: LogWriter = (line) => {
  process.stdout.write(`${line}\n`);
};

export function outcomeOf(record: RequestRecord, status: number): Outcome {
  if (status >= 500 || record.failure !== undefined) return 'failed';
  if (record.abandoned) return 'abandoned';
  if (status >= 400 || record.jsonRpcErrorCode !== undefined || record.toolRan === false) return 'rejected';
  if (record.toolError) return 'tool_error';
  return 'ok';
}

/** `environment` (RuntimeConfig.environment) is the tool metrics' Environment dimension. */
export function requestLogLine(
  record: RequestRecord,
  status: number,
  environment: string,
  timestamp: number = Date.now(),
  finishedAt: number = performance.now(),
): string {
  const line: Record<string, unknown> = {
    level: status >= 500 ? 'ERROR' : 'INFO',
    message: 'mcp request',
    requestId: bounded(record.requestId),
    httpMethod: bounded(record.httpMethod),
    subject: bounded(record.subject),
    method: bounded(record.method),
    tool: bounded(record.tool),
    durationMs: Math.round((finishedAt - record.startedAt) * 100) / 100,
    outcome: outcomeOf(record, status),
    status,
    jsonRpcErrorCode: record.jsonRpcErrorCode,
    failure: bounded(record.failure),
  };
  const metrics =
    record.method === 'tools/call' && record.tool !== undefined
      ? toolCallMetricMembers(
          {
            tool: record.tool,
            environment,
            ran: record.toolRan === true,
            isError: record.toolError === true,
            quantConnectMs: record.quantConnectMs,
          },
          timestamp,
        )
      : {};
  return JSON.stringify({ ...line, ...metrics });
}

export function requestIdOf(event: APIGatewayProxyEvent | undefined, context: Context): string {
  return context.awsRequestId || event?.requestContext?.requestId || randomUUID();
}

type Request = middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, McpContext>;

/**
 * Starts the request's record before the handler and writes its line after it, whether it
 * answered or failed. Use it before the error middleware, whose answer it then logs.
 */
export function requestLog(
  environment: string,
  write: LogWriter = stdoutWriter,
): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, McpContext> {
  const finish = (request: Request) => {
    const record = request.context.mcpRequest;
    if (record === undefined) return;
    if (request.error && record.failure === undefined) record.failure = request.error.name || 'Error';
    write(requestLogLine(record, request.response?.statusCode ?? 500, environment));
  };
  return {
    before: (request) => {
      request.context.mcpRequest = {
        requestId: requestIdOf(request.event, request.context),
        httpMethod: request.event.httpMethod,
        startedAt: performance.now(),
      };
    },
    after: finish,
    onError: finish,
  };
}
