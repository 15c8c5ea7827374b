/**
 * The baseline the benchmark compares us with: the Lambda handler a user writes from the MCP
 * TypeScript SDK v2's documentation of its stateless serving entry: `createMcpHandler` with a
 * factory that builds a new McpServer per request and registers every tool of our catalogue with
 * `registerTool` (so each `tools/list` converts every zod schema to JSON Schema again), JSON
 * responses for 2026-07-28 requests and the SDK's default stateless fallback for 2025 clients
 * (which answers them over SSE), our own QuantConnect client, the AWS SDK imported at load.
 * Written plainly on purpose: it is what we must beat.
 */
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod';
import { SERVER_INFO } from '../../lambda/server';
import { toolAnnotations } from '../../lambda/tools/define';
import { allowedTools, callTool, toProxyResult, toRequest } from './baseline-parts';

function getServer(): McpServer {
  // Our name and version: 2026-07-28 results echo them, and the test compares results byte for byte.
  const server = new McpServer(SERVER_INFO);
  for (const definition of allowedTools()) {
    server.registerTool(
      definition.name,
      {
        title: definition.title,
        description: definition.description,
        inputSchema: z.object(definition.input),
        annotations: toolAnnotations(definition),
      },
      (args: Record<string, unknown>) => callTool(definition, args),
    );
  }
  return server;
}

const mcp = createMcpHandler(getServer, { responseMode: 'json' });

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> =>
  toProxyResult(await mcp.fetch(toRequest(event)));
