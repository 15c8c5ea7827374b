/**
 * The baseline the benchmark compares us with: the Lambda handler a user writes from the SDK's
 * stateless example (examples/server/simpleStatelessStreamableHttp and honoWebStandardStreamableHttp),
 * serving our own catalogue through our own QuantConnect client. Per request it builds a new
 * McpServer, registers every tool with `registerTool` (so each `tools/list` converts every zod
 * schema to JSON Schema again) and connects a fresh stateless JSON transport; the AWS SDK is
 * imported at load, as a top-level import. Written plainly on purpose: it is what we must beat.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createQuantConnectClient } from '../../lambda/quantconnect/client';
import type { Credentials } from '../../lambda/quantconnect/types';
import { renderOutput } from '../../lambda/server';
import { isAllowed, toolAnnotations, type Access, type ToolDefinition } from '../../lambda/tools/define';
import { TOOLS } from '../../lambda/tools';

const secrets = new SecretsManagerClient({});

async function secretValue(secretId: string): Promise<string> {
  const output = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
  return output.SecretString ?? '';
}

async function credentials(): Promise<Credentials> {
  if (process.env.QC_USER_ID && process.env.QC_API_TOKEN) {
    return { userId: process.env.QC_USER_ID, apiToken: process.env.QC_API_TOKEN };
  }
  const [userId, apiToken] = await Promise.all([
    secretValue(process.env.QC_MCP_USER_ID_SECRET ?? 'quant-connect-mcp/user-id'),
    secretValue(process.env.QC_MCP_API_TOKEN_SECRET ?? 'quant-connect-mcp/api-token'),
  ]);
  return { userId, apiToken };
}

const client = createQuantConnectClient({
  baseUrl: process.env.QC_API_BASE_URL ?? 'https://www.quantconnect.com/api/v2',
  credentials,
});
const access = (process.env.QC_MCP_ACCESS ?? 'standard') as Access;

async function runTool(definition: ToolDefinition, args: Record<string, unknown>): Promise<string> {
  const deadline = Date.now() + 25_000;
  if (definition.run) {
    return renderOutput(
      await definition.run(args, {
        client,
        signal: AbortSignal.timeout(25_000),
        deadline,
        endpoint: definition.endpoint,
      }),
    );
  }
  const idempotent = toolAnnotations(definition).idempotentHint;
  const response = await client.post(definition.endpoint, definition.body?.(args) ?? args, { idempotent, deadline });
  if (definition.shape) return renderOutput(definition.shape(response, args));
  const { success: _success, ...rest } = response;
  return renderOutput(rest);
}

function getServer(): McpServer {
  const server = new McpServer({ name: 'quantconnect-mcp', version: '1.0.0' });
  for (const definition of TOOLS.filter((tool) => isAllowed(tool.effect, access))) {
    server.registerTool(
      definition.name,
      {
        title: definition.title,
        description: definition.description,
        inputSchema: definition.input,
        annotations: toolAnnotations(definition),
      },
      async (args: Record<string, unknown>) => {
        try {
          return { content: [{ type: 'text' as const, text: await runTool(definition, args) }] };
        } catch (error) {
          return { content: [{ type: 'text' as const, text: (error as Error).message }], isError: true };
        }
      },
    );
  }
  return server;
}

function toRequest(event: APIGatewayProxyEvent): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers.set(name, value);
  const body = event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const url = `https://${headers.get('host') ?? 'localhost'}${event.path}`;
  return new Request(url, { method: event.httpMethod, headers, body: event.httpMethod === 'POST' ? body : undefined });
}

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const server = getServer();
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  try {
    await server.connect(transport);
    const response = await transport.handleRequest(toRequest(event));
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    return { statusCode: response.status, headers, body: await response.text() };
  } finally {
    await transport.close();
    await server.close();
  }
};
