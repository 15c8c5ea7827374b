/**
 * The sandbox's command line: which simulated QuantConnect to start (seed, how long work takes,
 * an optional spec to validate requests against) and which faults it answers with.
 */
import { parseArgs } from 'node:util';
import type { Fault } from './simulator';

export const SANDBOX_USAGE = `Usage: npm run sandbox -- [options]

The QuantConnect MCP server (the same as npm start) against a QuantConnect simulator on 127.0.0.1:
no account, no credentials, nothing leaves this machine. The simulated state lives in memory and
is empty at each start.
  (default)               HTTP at http://HOST:PORT/mcp (HOST 127.0.0.1, PORT 3000; MCP_API_KEY demands x-api-key);
                          POST /sandbox/reset empties the simulated account (and re-applies the faults below)
  --stdio                 MCP over stdin/stdout, for desktop clients (run npm with --silent); logs go to stderr
  --seed <n>              another reproducible data set: ids, statistics and dates (on a simulated clock)
                          are the same at every run with the same n (default: the built-in data, real dates)
  --reads-until-done <n>  reads of a compile, backtest or optimization that answer "in progress" (default 1)
  --fault <path>=<fault>[@<times>]
                          answer requests to a QuantConnect API path (e.g. /backtests/read, or * for all)
                          with a fault, the first <times> requests or every one; repeatable. <fault> is
                            an HTTP error status   500, 429, 503 …
                            slow:<ms>              answer after <ms> milliseconds
                            huge:<bytes>           answer with the largest list grown to <bytes> of JSON
                            error:<message>        QuantConnect's failure answer (success: false)
                            html                   a maintenance page instead of JSON
                            malformed-json         JSON cut off in the middle
                            disconnect             close the connection without answering
  --slow-ms <ms>          every answer takes <ms> milliseconds (a --fault for a path takes precedence)
  --spec <file>           validate request bodies against QuantConnect's OpenAPI YAML
  -h, --help              this text

Tools: QC_MCP_ACCESS (read-only | standard | live-trading), as for npm start. QC_USER_ID,
QC_API_TOKEN and QC_API_BASE_URL are ignored: the sandbox only talks to its simulator.
`;

export interface FaultRule {
  /** A QuantConnect API path (`/backtests/read`) or '*' for every one. */
  readonly endpoint: string;
  readonly fault: Fault;
  /** How many requests get it; undefined: every one. */
  readonly times?: number;
}

export interface SandboxOptions {
  readonly help: boolean;
  readonly stdio: boolean;
  readonly seed?: number;
  readonly readsUntilDone: number;
  readonly faults: readonly FaultRule[];
  readonly specPath?: string;
}

/** Thrown for a command line the sandbox cannot use; the message names the option. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function wholeNumber(option: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < min) {
    throw new UsageError(`--${option} must be a whole number of at least ${min} (got ${JSON.stringify(value)})`);
  }
  return number;
}

const NAMED_FAULTS: readonly Fault[] = ['html', 'malformed-json', 'disconnect'];

function parseFault(text: string, rule: string): Fault {
  const named = NAMED_FAULTS.find((fault) => fault === text);
  if (named !== undefined) return named;
  if (/^[45]\d\d$/.test(text)) return { status: Number(text) };
  const [kind, ...rest] = text.split(':');
  const argument = rest.join(':');
  if (kind === 'slow') return { delayMs: wholeNumber('fault slow:<ms>', argument, 1)! };
  if (kind === 'huge') return { largeResultBytes: wholeNumber('fault huge:<bytes>', argument, 1)! };
  if (kind === 'error' && argument !== '') return { success: false, errors: [argument] };
  throw new UsageError(
    `--fault ${rule}: unknown fault ${JSON.stringify(text)} ` +
      '(an HTTP status, slow:<ms>, huge:<bytes>, error:<message>, html, malformed-json or disconnect)',
  );
}

/** `<path>=<fault>[@<times>]`, e.g. `/backtests/read=500@2`. */
export function parseFaultRule(rule: string): FaultRule {
  const match = /^(\*|\/[\w/-]+)=(.+?)(?:@(\d+))?$/.exec(rule);
  if (!match) {
    throw new UsageError(`--fault ${rule}: expected <path>=<fault>[@<times>], e.g. /backtests/read=500@2`);
  }
  const [, endpoint, fault, times] = match;
  return { endpoint, fault: parseFault(fault, rule), times: wholeNumber('fault …@<times>', times, 1) };
}

export function parseSandboxOptions(argv: readonly string[]): SandboxOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        stdio: { type: 'boolean' },
        seed: { type: 'string' },
        'reads-until-done': { type: 'string' },
        fault: { type: 'string', multiple: true },
        'slow-ms': { type: 'string' },
        spec: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const slowMs = wholeNumber('slow-ms', values['slow-ms'], 1);
  // Of the faults for '*', the first given is used up first: the blanket slowness comes after them.
  const faults = (values.fault ?? []).map(parseFaultRule);
  return {
    help: values.help === true,
    stdio: values.stdio === true,
    seed: wholeNumber('seed', values.seed, 0),
    readsUntilDone: wholeNumber('reads-until-done', values['reads-until-done'], 0) ?? 1,
    faults: slowMs === undefined ? faults : [...faults, { endpoint: '*', fault: { delayMs: slowMs } }],
    specPath: values.spec,
  };
}
