/**
 * Both protocol eras end to end, through `qc-mcp` (what `npm start` runs: the real handler behind
 * the local HTTP server) with the QuantConnect fake: the SDK v2 client pinned to 2026-07-28, the
 * v2 client negotiating on its own ('auto'), and the SDK v1 client (2025-11-25). They see the
 * same tools and get the same result for the same call; the negotiating client lands on
 * 2026-07-28 at its first request, with no refused round trip.
 */
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startQcMcp, type RunningServer, quantConnectEnvironment } from '../support/mcp-process';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';

const API_KEY = 'eras-key-51c0';
const HEADERS = { 'x-api-key': API_KEY };

interface Session {
  readonly protocolVersion: string | undefined;
  readonly toolNames: string[];
  readonly callText: string;
}

interface LogLine {
  readonly method?: string;
  readonly status?: number;
}

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

function logLines(): LogLine[] {
  return running
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

function textOf(result: object): string {
  const [content] = ((result as { content?: unknown }).content ?? []) as { type: string; text?: string }[];
  if (content?.type !== 'text' || content.text === undefined) throw new Error(`not a text result`);
  return content.text;
}

async function v2Session(mode: 'auto' | { pin: string }): Promise<Session> {
  const client = new ClientV2({ name: 'eras-v2', version: '1.0.0' }, { versionNegotiation: { mode } });
  const transport = new TransportV2(new URL(running.url), { requestInit: { headers: HEADERS } });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    const result = await client.callTool({ name: 'read_account', arguments: {} });
    return {
      protocolVersion: client.getNegotiatedProtocolVersion(),
      toolNames: tools.map((tool) => tool.name),
      callText: textOf(result),
    };
  } finally {
    await client.close();
  }
}

async function v1Session(): Promise<Session> {
  const client = new ClientV1({ name: 'eras-v1', version: '1.0.0' });
  const transport = new TransportV1(new URL(running.url), { requestInit: { headers: HEADERS } });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    const result = await client.callTool({ name: 'read_account', arguments: {} });
    return {
      protocolVersion: transport.protocolVersion,
      toolNames: tools.map((tool) => tool.name),
      callText: textOf(result),
    };
  } finally {
    await client.close();
  }
}

test('the three clients see the same tools and the same result, each in its own era', async () => {
  const pinned = await v2Session({ pin: '2026-07-28' });
  const auto = await v2Session('auto');
  const legacy = await v1Session();

  expect(pinned.protocolVersion).toBe('2026-07-28');
  expect(auto.protocolVersion).toBe('2026-07-28');
  expect(legacy.protocolVersion).toBe('2025-11-25');
  expect(pinned.toolNames.length).toBeGreaterThan(40);
  expect(auto.toolNames).toEqual(pinned.toolNames);
  expect(legacy.toolNames).toEqual(pinned.toolNames);
  expect(JSON.parse(auto.callText)).toEqual(JSON.parse(pinned.callText));
  expect(JSON.parse(legacy.callText)).toEqual(JSON.parse(pinned.callText));
});

test('a negotiating client lands on 2026-07-28 without a refused request', async () => {
  const before = logLines().length;
  await v2Session('auto');
  const lines = logLines().slice(before);
  expect(lines[0]?.method).toBe('server/discover');
  expect(lines.map((line) => line.method)).not.toContain('initialize');
  expect(lines.filter((line) => (line.status ?? 0) >= 400)).toEqual([]);
});
