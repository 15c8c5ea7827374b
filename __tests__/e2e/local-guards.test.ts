/**
 * What `npm start` and `npm run sandbox` refuse or stop on their own, run as a user runs them: a
 * `both` mode that would serve /mcp with no credential, a cross-site POST to /sandbox/reset,
 * abandoned tool calls holding QuantConnect slots; and the metadata's CORS preflight.
 */
import { join } from 'node:path';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';
import {
  quantConnectEnvironment,
  ROOT,
  startQcMcp,
  startServerProcess,
  type RunningServer,
} from '../support/mcp-process';
import { expectMetadataPreflightAnswer, metadataPreflight } from '../support/metadata-preflight';

const API_KEY = 'guards-key-8d1e';

function toolCall(name: string, args: Record<string, unknown> = {}): string {
  return JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } });
}

const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe('QC_MCP_AUTH=both locally', () => {
  test('without MCP_API_KEY the server does not start, and says why and what to set', async () => {
    await expect(
      startQcMcp({ QC_MCP_AUTH: 'both', QC_MCP_OAUTH_ISSUER: 'http://127.0.0.1:9', QC_MCP_ACCESS: 'live-trading' }),
    ).rejects.toThrow(
      'qc-mcp: Environment variable MCP_API_KEY is required with QC_MCP_AUTH=both locally: /mcp would otherwise ' +
        'serve every tool of QC_MCP_ACCESS=live-trading to anyone, with no credential. Set MCP_API_KEY, or ' +
        'QC_MCP_AUTH=oauth to serve /oauth/mcp alone',
    );
  });

  describe('with MCP_API_KEY', () => {
    let running: RunningServer;
    beforeAll(async () => {
      running = await startQcMcp({
        QC_MCP_AUTH: 'both',
        QC_MCP_OAUTH_ISSUER: 'http://127.0.0.1:9',
        MCP_API_KEY: API_KEY,
        QC_USER_ID: '1',
        QC_API_TOKEN: 'unused',
      });
    });
    afterAll(() => running.stop());

    test('/mcp refuses a request without the key', async () => {
      const response = await fetch(running.url, {
        method: 'POST',
        headers: MCP_HEADERS,
        body: toolCall('list_projects'),
      });
      expect(response.status).toBe(403);
    });

    test('OPTIONS on the protected-resource metadata answers the CORS preflight as the gateway does', async () => {
      const metadataUrl = new URL('/.well-known/oauth-protected-resource/oauth/mcp', running.url);
      expectMetadataPreflightAnswer(await metadataPreflight(metadataUrl));
      const document = await fetch(metadataUrl, { headers: { 'mcp-protocol-version': '2025-11-25' } });
      expect(document.status).toBe(200);
      expect(document.headers.get('access-control-allow-origin')).toBe('*');
    });
  });
});

describe('npm run sandbox: POST /sandbox/reset', () => {
  let sandbox: RunningServer;
  beforeAll(async () => {
    sandbox = await startServerProcess(process.execPath, [join(ROOT, 'dist', 'sandbox', 'qc-mcp-sandbox.js')], {});
  });
  afterAll(() => sandbox.stop());

  const reset = (headers: Record<string, string>) =>
    fetch(new URL('/sandbox/reset', sandbox.url), { method: 'POST', headers });

  test.each([
    ['a page of another site (Origin)', { origin: 'https://evil.example', 'content-type': 'text/plain' }],
    ['an opaque origin (a sandboxed frame)', { origin: 'null' }],
    ['a cross-site browser request without Origin', { 'sec-fetch-site': 'cross-site' }],
  ])('from %s is refused with 403', async (_name, headers) => {
    const response = await reset(headers);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^Forbidden: /);
  });

  test('from a local tool (no Origin) or an allowed local page still resets', async () => {
    expect((await reset({})).status).toBe(200);
    expect((await reset({ origin: 'http://localhost:6274', 'sec-fetch-site': 'same-site' })).status).toBe(200);
  });
});

describe('npm start: a client that disconnects', () => {
  let quantConnect: QuantConnectFake;
  let running: RunningServer;
  /** The QuantConnect client's in-flight limit per container (lambda/quantconnect/client.ts). */
  const SLOTS = 8;

  beforeAll(async () => {
    quantConnect = await startQuantConnectFake();
    running = await startQcMcp({ ...quantConnectEnvironment(quantConnect), MCP_API_KEY: API_KEY });
  });
  afterAll(async () => {
    await running.stop();
    await quantConnect.close();
  });

  test(`stops its calls: ${SLOTS} abandoned slow calls do not block the next caller`, async () => {
    // The first SLOTS reads hang (far past the tool budget); the next one is answered at once.
    quantConnect.inject('/projects/read', { delayMs: 120_000 }, { times: SLOTS });
    const abandoned = Array.from({ length: SLOTS }, () => new AbortController());
    const calls = abandoned.map((controller) =>
      fetch(running.url, {
        method: 'POST',
        headers: { ...MCP_HEADERS, 'x-api-key': API_KEY },
        body: toolCall('list_projects'),
        signal: controller.signal,
      }).catch((error: unknown) => error),
    );
    while (quantConnect.requests.filter((request) => request.endpoint === '/projects/read').length < SLOTS) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const controller of abandoned) controller.abort();
    await Promise.all(calls);
    // Their calls were stopped because the client went, not by the tool budget (25 s) later.
    const logLines = () =>
      running
        .stdout()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { tool?: string; outcome?: string });
    while (logLines().length < SLOTS) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logLines().map((line) => [line.tool, line.outcome])).toEqual(
      Array.from({ length: SLOTS }, () => ['list_projects', 'abandoned']),
    );

    const response = await fetch(running.url, {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'x-api-key': API_KEY },
      body: toolCall('list_projects'),
    });
    const answer = (await response.json()) as { result: { isError?: boolean; content: { text: string }[] } };
    expect(answer.result.isError).toBeFalsy();
    expect(answer.result.content[0].text).toContain('projects');
    expect(quantConnect.requests.filter((request) => request.endpoint === '/projects/read')).toHaveLength(SLOTS + 1);
  });
});
