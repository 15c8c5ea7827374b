/**
 * End to end over HTTP with the official SDK client (StreamableHTTPClientTransport): first
 * against the local server in this process with the test catalogue, then against `qc-mcp`
 * itself (what `npm start` runs) with the real catalogue and the QuantConnect fake.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { environmentCredentials } from '../../lambda/credentials';
import { createHandler } from '../../lambda/http/handler';
import { startLocalServer, type LocalServer } from '../../lambda/local/http-server';
import { isAllowed } from '../../lambda/tools/define';
import { TOOLS } from '../../lambda/tools';
import { startQcMcp, type RunningServer, quantConnectEnvironment } from '../support/mcp-process';
import { RecordingClient, TEST_TOOLS } from '../support/mcp-test-catalogue';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';

const API_KEY = 'local-key-7d1e';

async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

function text(result: CallToolResult): string {
  const [content] = result.content;
  if (content?.type !== 'text') throw new Error(`not a text result: ${JSON.stringify(result)}`);
  return content.text;
}

describe('the local server, in process, with the test catalogue', () => {
  const quantConnect = new RecordingClient(() => ({ success: true, projects: [{ projectId: 7, name: 'Alpha' }] }));
  const logs: string[] = [];
  let server: LocalServer;

  beforeAll(async () => {
    server = await startLocalServer({
      handler: createHandler({
        tools: TEST_TOOLS,
        client: quantConnect,
        credentials: environmentCredentials('12345', 'token'),
        access: 'standard',
        allowedOrigins: [],
        environment: 'local',
        log: (line) => logs.push(line),
      }),
      host: '127.0.0.1',
      port: 0,
      apiKey: API_KEY,
    });
  });

  afterAll(() => server.close());

  test('initialize, tools/list and tools/call', async () => {
    const client = await connect(server.url, { 'x-api-key': API_KEY });
    try {
      expect(client.getServerVersion()?.name).toBe('quantconnect-mcp');
      expect(client.getInstructions()).toContain('QC_MCP_ACCESS');
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('read_project');
      const result = (await client.callTool({ name: 'read_project', arguments: { projectId: 7 } })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect(JSON.parse(text(result))).toEqual({ projects: [{ projectId: 7, name: 'Alpha' }] });
      expect(quantConnect.calls.at(-1)).toMatchObject({ endpoint: '/projects/read', body: { projectId: 7 } });
    } finally {
      await client.close();
    }
  });

  test('the client negotiates the latest protocol version', async () => {
    const transport = new StreamableHTTPClientTransport(new URL(server.url), {
      requestInit: { headers: { 'x-api-key': API_KEY } },
    });
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect(transport.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
    } finally {
      await client.close();
    }
  });

  test('invalid arguments come back as an error result naming the field', async () => {
    const client = await connect(server.url, { 'x-api-key': API_KEY });
    try {
      const result = (await client.callTool({ name: 'read_project', arguments: { projectId: 'x' } })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/projectId: /);
    } finally {
      await client.close();
    }
  });

  test('without the API key the client is refused with 403', async () => {
    await expect(connect(server.url)).rejects.toMatchObject({ code: 403 });
  });

  test('with a wrong API key the client is refused with 403', async () => {
    await expect(connect(server.url, { 'x-api-key': 'guess' })).rejects.toMatchObject({ code: 403 });
  });

  test('every request went through the handler and was logged', () => {
    const methods = logs.map((line) => (JSON.parse(line) as { method?: string }).method);
    expect(methods).toEqual(
      expect.arrayContaining(['initialize', 'notifications/initialized', 'tools/list', 'tools/call']),
    );
  });
});

describe('qc-mcp (npm start), with the real catalogue and the QuantConnect fake', () => {
  let quantConnect: QuantConnectFake;
  let running: RunningServer;

  beforeAll(async () => {
    quantConnect = await startQuantConnectFake();
    running = await startQcMcp({
      ...quantConnectEnvironment(quantConnect),
      MCP_API_KEY: API_KEY,
    });
  });

  afterAll(async () => {
    await running.stop();
    await quantConnect.close();
  });

  test('serves at http://127.0.0.1:<port>/mcp', () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  });

  test('initialize, tools/list and a create-then-read flow against QuantConnect', async () => {
    const client = await connect(running.url, { 'x-api-key': API_KEY });
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(
        TOOLS.filter((tool) => isAllowed(tool.effect, 'standard')).map((tool) => tool.name),
      );
      const created = (await client.callTool({
        name: 'create_project',
        arguments: { name: 'E2E Momentum', language: 'Py' },
      })) as CallToolResult;
      expect(created.isError).toBeFalsy();
      const listed = (await client.callTool({ name: 'list_projects', arguments: {} })) as CallToolResult;
      expect(listed.isError).toBeFalsy();
      expect(text(listed)).toContain('E2E Momentum');
      expect(quantConnect.requests.map((request) => request.endpoint)).toEqual(['/projects/create', '/projects/read']);
      expect(quantConnect.requests.every((request) => request.refusal === undefined)).toBe(true);
    } finally {
      await client.close();
    }
  });

  test('MCP_API_KEY makes it refuse a client without the key', async () => {
    await expect(connect(running.url)).rejects.toMatchObject({ code: 403 });
  });

  test('writes one log line per request to stdout', () => {
    const lines = running
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { method?: string; tool?: string });
    expect(lines.filter((line) => line.method === 'tools/call').map((line) => line.tool)).toEqual([
      'create_project',
      'list_projects',
    ]);
  });
});
