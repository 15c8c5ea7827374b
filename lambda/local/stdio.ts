/**
 * The stdio entry for desktop clients: one long-lived server on stdin/stdout, built by the same
 * factory as the HTTP one. The protocol owns stdout, so log lines go to stderr: one per tool
 * call, the stdio counterpart of the HTTP request's line.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { randomUUID } from 'node:crypto';
import { requestLogLine, type LogWriter } from '../observability/request-log';
import { createServerFactory, type ServerDependencies } from '../server';

export const stderrWriter: LogWriter = (line) => {
  process.stderr.write(`${line}\n`);
};

/**
 * Serves MCP on stdin/stdout until stdin closes; resolves once the server is connected.
 * `environment` (RuntimeConfig.environment) labels the tool calls' metrics.
 */
export async function serveStdio(
  dependencies: ServerDependencies,
  environment: string,
  log: LogWriter = stderrWriter,
): Promise<void> {
  const server = createServerFactory(dependencies)({
    onToolCall: (call) => {
      const finishedAt = performance.now();
      const record = {
        requestId: randomUUID(),
        startedAt: finishedAt - call.durationMs,
        method: 'tools/call',
        tool: call.tool,
        toolError: call.isError,
        quantConnectMs: call.quantConnectMs,
      };
      log(requestLogLine(record, 200, environment, Date.now(), finishedAt));
    },
  });
  await server.connect(new StdioServerTransport());
}
