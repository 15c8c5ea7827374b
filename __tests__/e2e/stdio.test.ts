/**
 * End to end over stdio: the official SDK client (v1, 2025-11-25; and v2 pinned to 2026-07-28) spawns `qc-mcp --stdio` (StdioClientTransport),
 * as a desktop client does, with the real catalogue and the QuantConnect fake. stdout carries
 * only the protocol; the log lines go to stderr.
 */
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioClientTransportV2 } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Readable } from 'node:stream';
import { isAllowed } from '../../lambda/tools/define';
import { TOOLS } from '../../lambda/tools';
import { QC_MCP_BIN, quantConnectEnvironment } from '../support/mcp-process';
import { streamText, type StreamText } from '../support/stream-text';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';

let quantConnect: QuantConnectFake;
let client: Client;
let stderr: StreamText;

type LogLine = {
  tool?: string;
  outcome?: string;
  Environment?: string;
  ToolCalls?: number;
  RejectedToolCalls?: number;
};

/** The JSON log lines on stderr, once there are `count`. */
function logLines(count: number): Promise<LogLine[]> {
  return stderr.when((text) => {
    const complete = text.split('\n').slice(0, -1);
    const lines = complete.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine);
    return lines.length >= count ? lines : undefined;
  });
}

beforeAll(async () => {
  quantConnect = await startQuantConnectFake();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [QC_MCP_BIN, '--stdio'],
    env: {
      PATH: process.env.PATH ?? '',
      ...quantConnectEnvironment(quantConnect),
      QC_MCP_ACCESS: 'read-only',
    },
    stderr: 'pipe',
  });
  stderr = streamText(transport.stderr as Readable);
  client = new Client({ name: 'e2e-stdio', version: '1.0.0' });
  await client.connect(transport);
});

afterAll(async () => {
  await client.close();
  await quantConnect.close();
});

test('initialize answers with the server and its instructions', () => {
  expect(client.getServerVersion()?.name).toBe('quantconnect-mcp');
  expect(client.getInstructions()).toContain('compile');
});

test('tools/list lists the catalogue at the configured access level', async () => {
  const { tools } = await client.listTools();
  expect(tools.map((tool) => tool.name)).toEqual(
    TOOLS.filter((tool) => isAllowed(tool.effect, 'read-only')).map((tool) => tool.name),
  );
});

test('tools/call reaches QuantConnect', async () => {
  const result = (await client.callTool({ name: 'list_projects', arguments: {} })) as CallToolResult;
  expect(result.isError).toBeFalsy();
  expect(quantConnect.requests.map((request) => request.endpoint)).toContain('/projects/read');
});

test('a tool above the access level is refused, naming QC_MCP_ACCESS', async () => {
  const result = (await client.callTool({
    name: 'create_project',
    arguments: { name: 'Nope', language: 'Py' },
  })) as CallToolResult;
  expect(result.isError).toBe(true);
  expect(result.content).toEqual([
    { type: 'text', text: expect.stringContaining('QC_MCP_ACCESS=read-only') as string },
  ]);
});

test('log lines go to stderr, one per tool call; the refused one counts as rejected, not as a tool call', async () => {
  const lines = await logLines(2);
  expect(lines.map((line) => [line.tool, line.outcome, line.ToolCalls, line.RejectedToolCalls])).toEqual([
    ['list_projects', 'ok', 1, undefined],
    ['create_project', 'rejected', undefined, 1],
  ]);
});

test('without QC_MCP_ENVIRONMENT, the tool metrics are labelled with the environment local', async () => {
  const lines = await logLines(2);
  expect(lines.map((line) => line.Environment)).toEqual(['local', 'local']);
});

test('a 2026-07-28 client (SDK v2, pinned) is served over stdio too', async () => {
  const transport = new StdioClientTransportV2({
    command: process.execPath,
    args: [QC_MCP_BIN, '--stdio'],
    env: { PATH: process.env.PATH ?? '', ...quantConnectEnvironment(quantConnect), QC_MCP_ACCESS: 'read-only' },
    stderr: 'ignore',
  });
  const modern = new ClientV2(
    { name: 'e2e-stdio-v2', version: '1.0.0' },
    { versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  await modern.connect(transport);
  try {
    expect(modern.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    const { tools } = await modern.listTools();
    expect(tools.map((tool) => tool.name)).toEqual((await client.listTools()).tools.map((tool) => tool.name));
  } finally {
    await modern.close();
  }
});
