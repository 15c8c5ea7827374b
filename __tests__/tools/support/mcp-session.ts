/**
 * The real MCP path for tool tests: the SDK's Client, linked in memory to the server the
 * registrar builds from the real catalogue, whose QuantConnect client talks to the fake.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { environmentCredentials } from '../../../lambda/credentials';
import { createQuantConnectClient } from '../../../lambda/quantconnect/client';
import { createServerFactory, type RequestScope } from '../../../lambda/server';
import { TOOLS } from '../../../lambda/tools';
import type { Access } from '../../../lambda/tools/define';
import type { QuantConnectFake } from '../../../lambda/sandbox/simulator';

export interface McpSession {
  readonly client: Client;
  /** Calls a tool and returns its text, and whether it is an error. */
  call(name: string, args?: Record<string, unknown>): Promise<{ text: string; isError: boolean }>;
  close(): Promise<void>;
}

export async function connectSession(
  fake: QuantConnectFake,
  options: { access?: Access; scope?: RequestScope } = {},
): Promise<McpSession> {
  const credentials = environmentCredentials(fake.userId, fake.apiToken);
  const server = createServerFactory({
    tools: TOOLS,
    client: createQuantConnectClient({ baseUrl: fake.url, credentials }),
    credentials,
    access: options.access ?? 'live-trading',
  })(options.scope ?? {});
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: 'tools-test', version: '1.0.0' });
  await client.connect(clientTransport);
  return {
    client,
    async call(name, args = {}) {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      const [content] = result.content;
      if (content?.type !== 'text') throw new Error(`${name} gave no text: ${JSON.stringify(result)}`);
      return { text: content.text, isError: result.isError === true };
    },
    async close() {
      await client.close();
      await server.close();
    },
  };
}
