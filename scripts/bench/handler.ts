/** Loading a built Lambda bundle the way the Lambda runtime does: require the file, take `handler`. */
import { createRequire } from 'node:module';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

export type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export function loadHandler(bundlePath: string): LambdaHandler {
  // Node's own require, at run time: the bundle under test is never bundled into the harness.
  const loaded = createRequire(__filename)(bundlePath) as { handler?: unknown };
  if (typeof loaded.handler !== 'function') throw new Error(`${bundlePath} does not export a handler function`);
  return loaded.handler as LambdaHandler;
}

/**
 * The JSON-RPC message in a 200 answer's body: JSON, or one SSE `message` event (how the SDK's
 * default stateless fallback answers 2025 clients, buffered whole as API Gateway returns it).
 */
export function answerMessage(result: APIGatewayProxyResult): unknown {
  if (result.statusCode !== 200) return undefined;
  const contentType = Object.entries(result.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  if (!String(contentType).startsWith('text/event-stream')) return JSON.parse(result.body);
  const data = result.body
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice('data:'.length).trim());
  if (data.length !== 1) throw new Error(`expected one SSE message, got ${data.length}: ${result.body.slice(0, 300)}`);
  return JSON.parse(data[0]);
}

/** The JSON-RPC result in a handler result; throws (with the status) when there is none or it is an error. */
export function jsonRpcResult(result: APIGatewayProxyResult, what: string): Record<string, unknown> {
  const parsed = answerMessage(result) as { result?: Record<string, unknown>; error?: unknown } | undefined;
  if (parsed?.result === undefined) {
    throw new Error(`${what} answered HTTP ${result.statusCode}: ${result.body.slice(0, 300)}`);
  }
  return parsed.result;
}

/** Where a child process sends its figures: file descriptor 3, so the handler's own logs can't mix in. */
export const RESULT_FD = 3;
