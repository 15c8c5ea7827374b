/**
 * The yardstick of issue 17: the smallest MCP server one writes on Lambda with the v1 SDK
 * (`@modelcontextprotocol/sdk`) and middy, as its README and stateless example show it: one
 * registered tool (`read_project`), and per request a new McpServer and a stateless JSON
 * transport, the API Gateway event mapped to a web Request and the Response back. Credentials
 * come from the environment: no AWS SDK. It speaks the 2025 revisions only, so each of our
 * protocol eras is compared with its 2025-11-25 cold start and warm `tools/list`.
 * Written plainly on purpose: a cold start that does more than this must still start faster.
 */
import middy from '@middy/core';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createHash } from 'node:crypto';
import * as z from 'zod';

const BASE_URL = process.env.QC_API_BASE_URL ?? 'https://www.quantconnect.com/api/v2';

/** A POST to QuantConnect, signed as its API asks: Basic auth with sha256("<token>:<timestamp>"). */
async function post(endpoint: string, body: object): Promise<unknown> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const hash = createHash('sha256').update(`${process.env.QC_API_TOKEN}:${timestamp}`).digest('hex');
  const response = await fetch(`${BASE_URL}${endpoint}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      timestamp,
      authorization: `Basic ${Buffer.from(`${process.env.QC_USER_ID}:${hash}`).toString('base64')}`,
    },
    body: JSON.stringify(body),
  });
  return response.json();
}

/** Once more after a network error: a kept-alive connection the server closed while idle fails the first try. */
async function quantConnect(endpoint: string, body: object): Promise<unknown> {
  try {
    return await post(endpoint, body);
  } catch {
    return post(endpoint, body);
  }
}

function getServer(): McpServer {
  const server = new McpServer({ name: 'quantconnect-mcp', version: '1.0.0' });
  server.registerTool(
    'read_project',
    {
      title: 'Read project',
      description: 'A project with its details.',
      inputSchema: { projectId: z.number().int().describe('The project id.') },
      annotations: { readOnlyHint: true },
    },
    async ({ projectId }) => {
      const { success: _success, ...project } = (await quantConnect('/projects/read', { projectId })) as Record<
        string,
        unknown
      >;
      return { content: [{ type: 'text', text: JSON.stringify(project) }] };
    },
  );
  return server;
}

function toRequest(event: APIGatewayProxyEvent): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers.set(name, value);
  const body = event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const url = `https://${headers.get('host') ?? 'localhost'}${event.path}`;
  return new Request(url, { method: event.httpMethod, headers, body: event.httpMethod === 'POST' ? body : undefined });
}

async function serve(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
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
}

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>().handler(serve);
