/**
 * `npm run sandbox`: the server of `npm start` (HTTP, or `--stdio`), with the production tool
 * catalogue and QuantConnect client, pointed at the QuantConnect simulator started on 127.0.0.1
 * with its own credentials. Built into dist/sandbox/, never into the Lambda bundle. It says it is
 * a sandbox wherever a user or an agent looks: the start-up line, the server's instructions, the
 * logs' Environment and read_account.
 */
import { LOCAL_ALLOWED_ORIGINS, loadRuntimeConfig } from '../config';
import { productionDependencies } from '../dependencies';
import { serveHttp } from '../local/main';
import { serveStdio, stderrWriter } from '../local/stdio';
import { parseSandboxOptions, SANDBOX_USAGE, UsageError, type SandboxOptions } from './options';
import { startQuantConnectFake, type QuantConnectFake } from './simulator';

export const RESET_PATH = '/sandbox/reset';

export const SANDBOX_NOTICE = [
  'SANDBOX: this server talks to a QuantConnect simulator on the operator’s machine, not to QuantConnect.',
  'There is no real account, money, market data or brokerage: projects, compiles, backtests, statistics,',
  'optimizations and live algorithms are simulated. Results say nothing about any real strategy.',
].join('\n');

export const ACCOUNT_NOTICE =
  'SANDBOX (simulated QuantConnect, no real money): this organization, credit balance and card are made up.';

function describeSimulator(options: SandboxOptions): string {
  const seed = options.seed === undefined ? 'built-in data' : `seed ${options.seed}`;
  const faults = options.faults.length === 0 ? '' : `, ${options.faults.length} fault rule(s)`;
  const spec = options.specPath === undefined ? '' : ', requests checked against the spec';
  return `${seed}${faults}${spec}`;
}

/** Starts the simulator with the command line's seed and faults; `reset` empties it and re-applies the faults. */
async function startSimulator(options: SandboxOptions): Promise<{ simulator: QuantConnectFake; reset: () => void }> {
  const simulator = await startQuantConnectFake({
    seed: options.seed,
    readsUntilDone: options.readsUntilDone,
    specPath: options.specPath ?? null,
    accountNotice: ACCOUNT_NOTICE,
    // A sandbox may serve thousands of sessions: keeping every request would only grow.
    recordRequests: false,
  });
  const validation = simulator.specValidation;
  if (options.specPath !== undefined && !validation.enabled) {
    await simulator.close();
    throw new UsageError(`--spec ${options.specPath}: ${validation.reason}`);
  }
  const injectFaults = () => {
    for (const rule of options.faults) simulator.inject(rule.endpoint, rule.fault, { times: rule.times });
  };
  injectFaults();
  return {
    simulator,
    reset: () => {
      simulator.reset();
      injectFaults();
    },
  };
}

export async function main(argv: readonly string[]): Promise<void> {
  let options: SandboxOptions;
  try {
    options = parseSandboxOptions(argv);
  } catch (error) {
    if (error instanceof UsageError) throw new Error(`${error.message}\n\n${SANDBOX_USAGE}`);
    throw error;
  }
  if (options.help) {
    process.stdout.write(SANDBOX_USAGE);
    return;
  }

  const { simulator, reset } = await startSimulator(options);
  // The simulator's URL and credentials replace any QuantConnect settings of the shell, so the
  // sandbox cannot reach the real API whatever the environment holds.
  const config = loadRuntimeConfig(
    {
      ...process.env,
      QC_MCP_ENVIRONMENT: process.env.QC_MCP_ENVIRONMENT ?? 'sandbox',
      QC_USER_ID: simulator.userId,
      QC_API_TOKEN: simulator.apiToken,
      QC_API_BASE_URL: simulator.url,
    },
    { defaultAllowedOrigins: LOCAL_ALLOWED_ORIGINS },
  );
  const dependencies = { ...productionDependencies(config), notice: SANDBOX_NOTICE };
  const what = `SANDBOX: simulated QuantConnect at ${simulator.url} (${describeSimulator(options)}), no account, nothing leaves this machine`;

  if (options.stdio) {
    // The simulator's listening socket would keep the process alive once the client has gone.
    process.stdin.once('end', () => void simulator.close().then(() => process.exit(0)));
    serveStdio(dependencies, config.environment);
    stderrWriter(
      `qc-mcp: ${what}; serving ${dependencies.tools.length} tools over stdio (QC_MCP_ACCESS=${config.access})`,
    );
    return;
  }
  process.stderr.write(`qc-mcp: ${what}\n`);
  await serveHttp(dependencies, config, {
    routes: {
      [RESET_PATH]: () => {
        reset();
        stderrWriter('qc-mcp: SANDBOX reset: the simulated account is empty again');
        return { reset: true, seed: options.seed ?? null };
      },
    },
    note: (url) => `; POST ${new URL(RESET_PATH, url).href} resets the simulated account`,
    onStop: () => simulator.close(),
  });
}

// The bundle runs itself: `node dist/sandbox/qc-mcp-sandbox.js [options]`.
if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`qc-mcp sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
