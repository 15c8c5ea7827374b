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

/** The JSON-RPC answer in a handler result; throws (with the status) when there is none or it is an error. */
export function jsonRpcResult(result: APIGatewayProxyResult, what: string): Record<string, unknown> {
  const parsed = (result.statusCode === 200 ? JSON.parse(result.body) : undefined) as
    { result?: Record<string, unknown>; error?: unknown } | undefined;
  if (parsed?.result === undefined) {
    throw new Error(`${what} answered HTTP ${result.statusCode}: ${result.body.slice(0, 300)}`);
  }
  return parsed.result;
}

/** Where a child process sends its figures: file descriptor 3, so the handler's own logs can't mix in. */
export const RESULT_FD = 3;
