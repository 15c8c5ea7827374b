/**
 * The first baseline, kept so the history in docs/performance.md stays measurable (`npm run bench --
 * --baseline-v1`): the Lambda handler a user wrote from the v1 SDK's (`@modelcontextprotocol/sdk`)
 * stateless example (examples/server/simpleStatelessStreamableHttp and honoWebStandardStreamableHttp).
 * Per request it builds a new McpServer, registers every tool with `registerTool` (so each
 * `tools/list` converts every zod schema to JSON Schema again) and connects a fresh stateless JSON
 * transport. It speaks the 2025 revisions only.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { toolAnnotations } from '../../lambda/tools/define';
import { allowedTools, callTool, toProxyResult, toRequest } from './baseline-parts';

function getServer(): McpServer {
  const server = new McpServer({ name: 'quantconnect-mcp', version: '1.0.0' });
  for (const definition of allowedTools()) {
    server.registerTool(
      definition.name,
      {
        title: definition.title,
        description: definition.description,
        inputSchema: definition.input,
        annotations: toolAnnotations(definition),
      },
      (args: Record<string, unknown>) => callTool(definition, args),
    );
  }
  return server;
}

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const server = getServer();
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  try {
    await server.connect(transport);
    return await toProxyResult(await transport.handleRequest(toRequest(event)));
  } finally {
    await transport.close();
    await server.close();
  }
};
