/**
 * `npm run sandbox` as a user runs it (npm builds, then starts the sandbox), with the official SDK
 * client: a research session from project to optimization over HTTP, the reset route, and the
 * stdio form with a fault from the command line. The shell's QuantConnect settings point at a port
 * where nothing listens: the sandbox must not use them.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { ROOT, startServerProcess, type RunningServer } from '../support/mcp-process';
import { streamText, type StreamText } from '../support/stream-text';

const API_KEY = 'sandbox-key-51c2';
const NOWHERE = {
  QC_USER_ID: '999',
  QC_API_TOKEN: 'a-real-token-that-must-not-be-used',
  QC_API_BASE_URL: 'http://127.0.0.1:9/api/v2',
};

const ALGORITHM = [
  'from AlgorithmImports import *',
  '',
  'class Crossover(QCAlgorithm):',
  '    def initialize(self):',
  '        self.set_start_date(2024, 1, 1)',
  '        self.fast = int(self.get_parameter("fast", 10))',
  '        self.add_equity("SPY")',
  '',
  '    def on_data(self, data):',
  '        if not self.portfolio.invested:',
  '            self.set_holdings("SPY", 1)',
  '',
].join('\n');

function text(result: CallToolResult): string {
  const [content] = result.content;
  if (content?.type !== 'text') throw new Error(`not a text result: ${JSON.stringify(result)}`);
  return content.text;
}

/** Calls a tool that must succeed and returns its JSON answer. */
async function json(client: Client, name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  if (result.isError) throw new Error(`${name} failed: ${text(result)}`);
  return JSON.parse(text(result)) as Record<string, unknown>;
}

describe('npm run sandbox (HTTP)', () => {
  let sandbox: RunningServer;
  let client: Client;

  beforeAll(async () => {
    sandbox = await startServerProcess('npm', ['run', 'sandbox', '--', '--seed', '7'], {
      ...NOWHERE,
      MCP_API_KEY: API_KEY,
    });
    client = new Client({ name: 'e2e-sandbox', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(sandbox.url), { requestInit: { headers: { 'x-api-key': API_KEY } } }),
    );
  });

  afterAll(async () => {
    await client?.close();
    await sandbox?.stop();
  });

  test('its start-up line, its instructions and read_account say it is a sandbox', async () => {
    expect(sandbox.stderr()).toMatch(
      /^qc-mcp: SANDBOX: simulated QuantConnect at http:\/\/127\.0\.0\.1:\d+\/api\/v2 \(seed 7\)/m,
    );
    expect(client.getInstructions()).toMatch(/^SANDBOX: /);
    expect(client.getInstructions()).toContain('create_project');
    const account = await json(client, 'read_account', {});
    expect(account.notice).toMatch(/^SANDBOX \(simulated QuantConnect, no real money\)/);
    expect(account.organizationId).toMatch(/^[0-9a-f]{32}$/);
  });

  test('a research session: create project → write → compile → backtest → read results → optimize → delete', async () => {
    const { projectId } = await json(client, 'create_project', { name: 'Crossover', language: 'Py' });
    expect(projectId).toEqual(expect.any(Number));

    const written = (await client.callTool({
      name: 'update_file_contents',
      arguments: { projectId, name: 'main.py', content: ALGORITHM },
    })) as CallToolResult;
    expect(text(written)).toContain(`Updated main.py in project ${String(projectId)}.`);
    expect(await json(client, 'read_file', { projectId, name: 'main.py' })).toMatchObject({ content: ALGORITHM });

    const compile = await json(client, 'create_compile', { projectId });
    expect(compile).toMatchObject({ state: 'BuildSuccess', projectId });
    const { compileId } = compile;

    const created = await json(client, 'create_backtest', { projectId, compileId, backtestName: 'Baseline' });
    expect(created).toMatchObject({ status: 'Completed.', completed: true });
    const backtest = await json(client, 'read_backtest', { projectId, backtestId: created.backtestId });
    expect(backtest.statistics).toEqual(created.statistics);
    expect(backtest.statistics).toHaveProperty('sharpeRatio');
    const orders = await json(client, 'read_backtest_orders', { projectId, backtestId: created.backtestId });
    expect((orders.orders as unknown[]).length).toBeGreaterThan(0);

    const optimization = await json(client, 'create_optimization', {
      projectId,
      compileId,
      name: 'Fast period',
      target: 'SharpeRatio',
      targetTo: 'max',
      parameters: [{ name: 'fast', min: 5, max: 15, step: 5 }],
      estimatedCost: 1,
      nodeType: 'O2-8',
      parallelNodes: 1,
    });
    const { optimizationId } = optimization;
    expect(optimizationId).toEqual(expect.stringMatching(/^O-/));
    // Work finishes after one read that says it is still running (--reads-until-done 1).
    expect(await json(client, 'read_optimization', { optimizationId })).toMatchObject({ status: 'running' });
    const ranked = await json(client, 'read_optimization', { optimizationId });
    expect(ranked.status).toBe('completed');
    expect((ranked.backtests as { parameterSet: Record<string, unknown> }[]).map((run) => run.parameterSet)).toEqual(
      expect.arrayContaining([{ fast: '5' }, { fast: '10' }, { fast: '15' }]),
    );

    const deleted = (await client.callTool({ name: 'delete_project', arguments: { projectId } })) as CallToolResult;
    expect(text(deleted)).toBe(`Project ${String(projectId)} deleted.`);
    expect(await json(client, 'list_projects', {})).toMatchObject({ projects: [] });
  });

  test('POST /sandbox/reset, with the API key, empties the simulated account', async () => {
    await json(client, 'create_project', { name: 'Left over', language: 'Py' });
    const resetUrl = new URL('/sandbox/reset', sandbox.url);

    expect((await fetch(resetUrl, { method: 'POST' })).status).toBe(403);
    expect((await json(client, 'list_projects', {})).projects).toHaveLength(1);

    const reset = await fetch(resetUrl, { method: 'POST', headers: { 'x-api-key': API_KEY } });
    expect(reset.status).toBe(200);
    expect(await reset.json()).toEqual({ reset: true, seed: 7 });
    expect(await json(client, 'list_projects', {})).toMatchObject({ projects: [] });
    expect((await fetch(resetUrl, { headers: { 'x-api-key': API_KEY } })).status).toBe(404);
  });
});

describe('npm run sandbox -- --stdio', () => {
  let client: Client;
  let stderr: StreamText;

  beforeAll(async () => {
    const transport = new StdioClientTransport({
      command: 'npm',
      // --silent: npm's own banner would otherwise go to stdout, which the protocol owns.
      args: ['run', '--silent', 'sandbox', '--', '--stdio', '--fault', '/account/read=error:Simulated outage@1'],
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...NOWHERE },
      stderr: 'pipe',
    });
    stderr = streamText(transport.stderr as Readable);
    client = new Client({ name: 'e2e-sandbox-stdio', version: '1.0.0' });
    await client.connect(transport);
  });

  afterAll(() => client?.close());

  test('says it is a sandbox, on stderr and in its instructions', async () => {
    const line = await stderr.when((text) => /^qc-mcp: .*over stdio.*$/m.exec(text)?.[0]);
    expect(line).toMatch(
      /^qc-mcp: SANDBOX: simulated QuantConnect at http:\/\/127\.0\.0\.1:\d+\/api\/v2 \(built-in data, 1 fault rule\(s\)\)/,
    );
    expect(client.getInstructions()).toMatch(/^SANDBOX: /);
  });

  test('a fault from the command line answers the first call, then the simulator answers again', async () => {
    const failed = (await client.callTool({ name: 'read_account', arguments: {} })) as CallToolResult;
    expect(failed.isError).toBe(true);
    expect(text(failed)).toContain('Simulated outage');
    expect((await json(client, 'read_account', {})).notice).toMatch(/^SANDBOX/);
  });
});

test('a --spec file that is not there stops the sandbox with a message naming it', async () => {
  const missing = join(ROOT, 'no-such-spec.yaml');
  const run = promisify(execFile)(
    process.execPath,
    [join(ROOT, 'dist', 'sandbox', 'qc-mcp-sandbox.js'), '--spec', missing],
    {
      env: { PATH: process.env.PATH ?? '', PORT: '0' },
    },
  );
  await expect(run).rejects.toMatchObject({
    code: 1,
    stderr: expect.stringContaining(`--spec ${missing}: ${missing} does not exist`) as string,
  });
});
