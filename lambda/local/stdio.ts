/**
 * The stdio entry for desktop clients: the SDK's `serveStdio` picks the connection's protocol era
 * (2026-07-28 `server/discover` or a 2025 `initialize`) and serves it with one server built by
 * the same factory as the HTTP one. The protocol owns stdout, so log lines go to stderr: one per tool
 * call, the stdio counterpart of the HTTP request's line.
 */
import { serveStdio as serveSdkStdio } from '@modelcontextprotocol/server/stdio';
import { randomUUID } from 'node:crypto';
import { requestLogLine, type LogWriter } from '../observability/request-log';
import { createServerFactory, type RequestScope, type ServerDependencies } from '../server';

export const stderrWriter: LogWriter = (line) => {
  process.stderr.write(`${line}\n`);
};

/**
 * Serves MCP on stdin/stdout until stdin closes.
 * `environment` (RuntimeConfig.environment) labels the tool calls' metrics.
 */
export function serveStdio(dependencies: ServerDependencies, environment: string, log: LogWriter = stderrWriter): void {
  const newServer = createServerFactory(dependencies);
  const scope: RequestScope = {
    onToolCall: (call) => {
      const finishedAt = performance.now();
      const record = {
        requestId: randomUUID(),
        startedAt: finishedAt - call.durationMs,
        method: 'tools/call',
        tool: call.tool,
        toolRan: call.ran,
        toolError: call.isError,
        quantConnectMs: call.quantConnectMs,
      };
      log(requestLogLine(record, 200, environment, Date.now(), finishedAt));
    },
  };
  serveSdkStdio(() => newServer(scope));
}
