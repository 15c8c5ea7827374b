/**
 * What both baselines (baseline.ts on the SDK v2, baseline-v1.ts on the v1 SDK) write alike, as a
 * user would: credentials from Secrets Manager with the AWS SDK imported at load, our own
 * QuantConnect client, a tool call as one POST, and the API Gateway event ⇄ web Request/Response
 * mapping written plainly.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
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

/** The catalogue's tools that QC_MCP_ACCESS allows. */
export const allowedTools = (): ToolDefinition[] => TOOLS.filter((tool) => isAllowed(tool.effect, access));

async function runTool(definition: ToolDefinition, args: Record<string, unknown>): Promise<string> {
  const deadline = Date.now() + 25_000;
  if (definition.run) {
    return renderOutput(
      await definition.run(args, {
        client,
        signal: AbortSignal.timeout(25_000),
        deadline,
        access,
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

/** A tool call's result as MCP content; a failure becomes an `isError` result. */
export async function callTool(definition: ToolDefinition, args: Record<string, unknown>) {
  try {
    return { content: [{ type: 'text' as const, text: await runTool(definition, args) }] };
  } catch (error) {
    return { content: [{ type: 'text' as const, text: (error as Error).message }], isError: true };
  }
}

export function toRequest(event: APIGatewayProxyEvent): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers.set(name, value);
  const body = event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const url = `https://${headers.get('host') ?? 'localhost'}${event.path}`;
  return new Request(url, { method: event.httpMethod, headers, body: event.httpMethod === 'POST' ? body : undefined });
}

export async function toProxyResult(response: Response): Promise<APIGatewayProxyResult> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  return { statusCode: response.status, headers, body: await response.text() };
}
