/**
 * The benchmark run (`npm run bench`, after scripts/build.mjs and scripts/bench/build.mjs):
 * sizes, cold starts in fresh processes interleaved with the yardstick's and the baseline's, warm
 * figures in one process per bundle and protocol era against the QuantConnect fake, the processes
 * taking turns round after round, on Node 22
 * (Lambda's) and the machine's Node, for 2025-11-25 clients and 2026-07-28 clients alike.
 * The yardstick is the one-tool naive handler on the v1 SDK (scripts/bench/naive-v1.ts): the
 * budgets are ratios to it, measured in the same run, so a busy machine slows both alike.
 * Prints its progress, a table, the budgets, and as the last line one JSON object with every figure.
 * Options: --cold-runs N (default 15); --markdown also prints the figures as a Markdown table;
 * --baseline-v1 compares with the first baseline, on the v1 SDK (2025-11-25 only), instead of the v2 one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startQuantConnectFake, type RecordedRequest } from '../../lambda/sandbox/simulator';
import { assertSuccess, directPost, type DirectTarget } from './quantconnect-direct';
import {
  judge,
  type EraFigures,
  type Figures,
  type ImplementationFigures,
  type PairedRatios,
  type RuntimeFigures,
} from './budgets';
import { ERAS, PROTOCOL_VERSIONS, type Era } from './events';
import { markdownReport, printReport } from './report';
import { runtimes, type Runtime } from './runtimes';
import { summarise } from './stats';
import type { WarmCommand, WarmPlan, WarmReply } from './warm';
import { zipDirectory } from './zip';

// Bundled into dist/bench/run.js: the repository root is two levels up.
const ROOT = join(__dirname, '..', '..');
const BENCH_DIR = join(ROOT, 'dist', 'bench');

interface Implementation {
  readonly name: 'ours' | 'naive' | 'baseline';
  readonly bundle: string;
  /** The script Lambda starts Node through, if the implementation ships one. */
  readonly launcher?: string;
  /** The protocol eras it serves. */
  readonly eras: readonly Era[];
  readonly plan: Omit<WarmPlan, 'call' | 'era'>;
  /** Timed warm requests, over all rounds. */
  readonly samples: { readonly list: number; readonly call: number };
}

const BASELINE_SDK: Figures['baselineSdk'] = process.argv.includes('--baseline-v1') ? 'v1' : 'v2';

const IMPLEMENTATIONS: readonly Implementation[] = [
  {
    name: 'ours',
    bundle: join(ROOT, 'dist', 'lambda', 'index.js'),
    // Lambda starts our function's Node through it (the function's AWS_LAMBDA_EXEC_WRAPPER).
    launcher: join(ROOT, 'dist', 'lambda', 'runtime-wrapper.sh'),
    eras: ERAS,
    plan: { warmupRequests: 300, heapRequests: 10_000 },
    samples: { list: 5000, call: 2000 },
  },
  {
    // Fewer samples: each of its requests costs a millisecond. No heap run: the budget is ours.
    name: 'naive',
    bundle: join(BENCH_DIR, 'naive-v1', 'index.js'),
    eras: ['legacy'],
    plan: { warmupRequests: 100, heapRequests: 0 },
    samples: { list: 2000, call: 1000 },
  },
  {
    name: 'baseline',
    bundle: join(BENCH_DIR, BASELINE_SDK === 'v1' ? 'baseline-v1' : 'baseline', 'index.js'),
    eras: BASELINE_SDK === 'v1' ? ['legacy'] : ERAS,
    plan: { warmupRequests: 100, heapRequests: 0 },
    samples: { list: 1000, call: 1000 },
  },
];

/**
 * Starts a harness script in a fresh process, its fd 3 as `channel` says. With a launcher, the
 * process is started as Lambda starts it then: the launcher gets the node binary and its arguments.
 */
function startHarness(
  runtime: Runtime,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  launcher: string | undefined,
  channel: 'pipe' | 'ipc',
): ChildProcess {
  const [command, commandArgs] =
    launcher === undefined ? [runtime.binary, args] : [launcher, [runtime.binary, ...args]];
  return spawn(command, commandArgs, { env, stdio: ['ignore', 'ignore', 'pipe', channel] });
}

/** Runs a harness script in a fresh process (see startHarness) and returns what it wrote to fd 3. */
function runChild(
  runtime: Runtime,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  launcher: string | undefined,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = startHarness(runtime, args, env, launcher, 'pipe');
    let output = '';
    let errors = '';
    child.stdio[3]!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && output) resolve(output);
      else reject(new Error(`${runtime.name} ${args.join(' ')} exited with ${code}:\n${errors}`));
    });
  });
}

/** Rounds of the warm measurement: in each, every warm process serves its share of the requests in turn. */
const WARM_ROUNDS = 10;

type SliceReply = Extract<WarmReply, { kind: 'slice' }>;

/** A warm process (scripts/bench/warm.ts), asked for one thing at a time over its IPC channel. */
class WarmProcess {
  private readonly child: ChildProcess;
  private pending?: { resolve: (reply: WarmReply) => void; reject: (error: Error) => void };
  private errors = '';
  private readonly started: Promise<WarmReply>;

  constructor(
    private readonly label: string,
    runtime: Runtime,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    launcher: string | undefined,
  ) {
    this.child = startHarness(runtime, args, env, launcher, 'ipc');
    this.child.stderr!.on('data', (chunk: Buffer) => (this.errors += chunk.toString()));
    this.child.on('message', (reply: WarmReply) => this.settle().resolve(reply));
    this.child.on('exit', (code) => {
      if (code !== 0) this.settle().reject(new Error(`${label} exited with ${code}:\n${this.errors}`));
    });
    this.started = this.nextReply();
  }

  /** The pending request's callbacks, cleared: each message or failure answers one request. */
  private settle() {
    const pending = this.pending ?? { resolve: () => {}, reject: () => {} };
    this.pending = undefined;
    return pending;
  }

  private nextReply(): Promise<WarmReply> {
    return new Promise((resolve, reject) => (this.pending = { resolve, reject }));
  }

  private async ask<Kind extends WarmReply['kind']>(
    command: WarmCommand | undefined,
    kind: Kind,
  ): Promise<Extract<WarmReply, { kind: Kind }>> {
    const answer = command === undefined ? this.started : this.nextReply();
    if (command !== undefined) this.child.send(command);
    const reply = await answer;
    if (reply.kind !== kind) throw new Error(`${this.label} answered ${reply.kind}, not ${kind}`);
    return reply as Extract<WarmReply, { kind: Kind }>;
  }

  /** Once it has loaded the bundle and warmed up: its tool list's size. */
  ready = () => this.ask(undefined, 'ready');
  slice = (lists: number, calls: number) => this.ask({ kind: 'slice', lists, calls }, 'slice');
  /** Its heap run, if its plan has one, and its peak RSS; then it exits. */
  finish = () => this.ask({ kind: 'finish' }, 'finished');
}

/** One line of progress, on stderr: the figures themselves go to stdout. */
function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

interface ColdSample {
  readonly loadMs: number;
  readonly firstRequestMs: number;
  readonly loadCpuMs: number;
  readonly firstRequestCpuMs: number;
  readonly maxRssKb: number;
}

function coldFigures(samples: readonly ColdSample[]): EraFigures['cold'] {
  return {
    runs: samples.length,
    loadMs: summarise(samples.map((sample) => sample.loadMs)),
    firstRequestMs: summarise(samples.map((sample) => sample.firstRequestMs)),
    loadPlusFirstRequestMs: summarise(samples.map((sample) => sample.loadMs + sample.firstRequestMs)),
    loadPlusFirstRequestCpuMs: summarise(samples.map((sample) => sample.loadCpuMs + sample.firstRequestCpuMs)),
    maxRssMb: summarise(samples.map((sample) => sample.maxRssKb / 1024)),
  };
}

/**
 * Lambda's Node.js bootstrap sizes V8's heap from the function's memory (new space a tenth of it,
 * old space the rest); these are its flags for the stack's 1024 MB. They matter for warm figures:
 * a larger new space means fewer scavenges, and more garbage held between them.
 */
const LAMBDA_1024_MB_V8_FLAGS = ['--max-semi-space-size=51', '--max-old-space-size=922'];

/** The representative tool call: read a project the fake knows, as an agent does at every step. */
async function representativeCall(target: DirectTarget): Promise<WarmPlan['call']> {
  const created = assertSuccess(
    '/projects/create',
    await directPost(target, '/projects/create', { name: 'Benchmark', language: 'Py' }),
  );
  const projectId = (created.projects as { projectId: number }[])[0].projectId;
  return { tool: 'read_project', arguments: { projectId }, endpoint: '/projects/read', body: { projectId } };
}

/**
 * Ours against the naive handler's 2025-11-25 figures of the same round, per era: the median of
 * the per-round ratios. Each round runs both within a second or so (a cold start each, or a
 * slice of warm `tools/list` requests each), so load from other work on the machine mostly
 * cancels out, which a ratio of medians taken minutes apart would not.
 */
function pairedRatios(
  cold: ReadonlyMap<string, ColdSample[]>,
  warm: ReadonlyMap<string, SliceReply[]>,
  runtime: string,
): PairedRatios {
  const perRound = <Sample>(ours: Sample[], naive: Sample[], measure: (sample: Sample) => number) =>
    summarise(ours.map((sample, round) => measure(sample) / measure(naive[round])));
  const wall = (sample: ColdSample) => sample.loadMs + sample.firstRequestMs;
  const cpu = (sample: ColdSample) => sample.loadCpuMs + sample.firstRequestCpuMs;
  const listMedian = (slice: SliceReply) => summarise(slice.listUs).median;
  const naive = cold.get(`${runtime}/naive/legacy`)!;
  const naiveCall = cold.get(`${runtime}/naive/legacy/call`)!;
  const naiveWarm = warm.get('naive/legacy')!;
  const ratios: PairedRatios = {};
  for (const era of ERAS) {
    const ours = cold.get(`${runtime}/ours/${era}`)!;
    ratios[era] = {
      wall: perRound(ours, naive, wall),
      cpu: perRound(ours, naive, cpu),
      firstCallCpu: perRound(cold.get(`${runtime}/ours/${era}/call`)!, naiveCall, cpu),
      warmList: perRound(warm.get(`ours/${era}`)!, naiveWarm, listMedian),
    };
  }
  return ratios;
}

/**
 * The warm figures of every bundle and era on one runtime: one process each, all started and
 * warmed up first, then WARM_ROUNDS rounds in which each serves its share of the timed requests
 * in turn (which goes first alternates), so that drift on a shared machine hits them all alike;
 * then each measures its heap. Also returns each process's slices, for the per-round ratios.
 */
async function warmFigures(
  runtime: Runtime,
  env: NodeJS.ProcessEnv,
  call: WarmPlan['call'],
): Promise<{ figures: Map<string, EraFigures['warm']>; slices: Map<string, SliceReply[]> }> {
  const members = IMPLEMENTATIONS.flatMap((implementation) =>
    implementation.eras.map((era) => ({ implementation, era, key: `${implementation.name}/${era}` })),
  );
  progress(`warm: ${runtime.name}, ${members.length} processes warming up`);
  const processes = new Map<string, { warmProcess: WarmProcess; ready: { toolCount: number; listBytes: number } }>();
  for (const { implementation, era, key } of members) {
    const plan: WarmPlan = { ...implementation.plan, era, call };
    const warmProcess = new WarmProcess(
      `${runtime.name} ${key}`,
      runtime,
      // Lambda's bootstrap passes --expose-gc too.
      [
        '--expose-gc',
        ...LAMBDA_1024_MB_V8_FLAGS,
        join(BENCH_DIR, 'warm.js'),
        implementation.bundle,
        JSON.stringify(plan),
      ],
      env,
      implementation.launcher,
    );
    const { toolCount, listBytes } = await warmProcess.ready();
    processes.set(key, { warmProcess, ready: { toolCount, listBytes } });
  }
  const slices = new Map<string, SliceReply[]>(members.map(({ key }) => [key, []]));
  for (let round = 0; round < WARM_ROUNDS; round++) {
    progress(`warm: ${runtime.name}, round ${round + 1} of ${WARM_ROUNDS}`);
    const order = round % 2 === 0 ? members : [...members].reverse();
    for (const { implementation, key } of order) {
      const { list, call: calls } = implementation.samples;
      slices.get(key)!.push(await processes.get(key)!.warmProcess.slice(list / WARM_ROUNDS, calls / WARM_ROUNDS));
    }
  }
  const figures = new Map<string, EraFigures['warm']>();
  for (const { implementation, era, key } of members) {
    if (implementation.plan.heapRequests > 0) {
      progress(`warm: ${runtime.name} ${implementation.name}, ${PROTOCOL_VERSIONS[era]} client: live heap`);
    }
    const { warmProcess, ready } = processes.get(key)!;
    const { heap, maxRssKb } = await warmProcess.finish();
    const all = (pick: (slice: SliceReply) => readonly number[]) => slices.get(key)!.flatMap(pick);
    const callUs = summarise(all((slice) => slice.callUs));
    const fakeUs = summarise(all((slice) => slice.directUs));
    figures.set(key, {
      ...ready,
      listUs: summarise(all((slice) => slice.listUs)),
      callUs,
      fakeUs,
      callOverheadUs: callUs.median - fakeUs.median,
      heap,
      maxRssKb,
    });
  }
  return { figures, slices };
}

function coldRuns(): number {
  const flag = process.argv.indexOf('--cold-runs');
  const runs = flag === -1 ? 15 : Number(process.argv[flag + 1]);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--cold-runs takes a whole number of runs, 1 or more');
  return runs;
}

async function main(): Promise<void> {
  const started = Date.now();
  // Without spec validation: the fake's time is the floor we subtract, and the tests check bodies.
  const fake = await startQuantConnectFake({ specPath: null });
  try {
    const target: DirectTarget = { baseUrl: fake.url, userId: fake.userId, apiToken: fake.apiToken };
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
      QC_USER_ID: fake.userId,
      QC_API_TOKEN: fake.apiToken,
      QC_API_BASE_URL: fake.url,
    };
    const call = await representativeCall(target);
    const nodes = runtimes(ROOT);
    const runs = coldRuns();

    const cold = new Map<string, ColdSample[]>();
    // A first initialize (or server/discover) for each, and a first tool call for ours and the naive handler.
    const firstToolCall = { tool: call.tool, arguments: call.arguments };
    const coldProcesses =
      runs *
      nodes.length *
      IMPLEMENTATIONS.reduce((sum, { name, eras }) => sum + eras.length * (name === 'baseline' ? 1 : 2), 0);
    progress(`cold starts: ${coldProcesses} fresh processes (${runs} rounds), interleaved`);
    for (let run = 0; run < runs; run++) {
      if (run > 0) progress(`cold starts: round ${run + 1} of ${runs}`);
      for (const runtime of nodes) {
        for (const era of ERAS) {
          // Alternate which bundle goes first, so drift on a shared machine hits both alike.
          const order = run % 2 === 0 ? IMPLEMENTATIONS : [...IMPLEMENTATIONS].reverse();
          for (const implementation of order.filter((candidate) => candidate.eras.includes(era))) {
            const key = `${runtime.name}/${implementation.name}/${era}`;
            const coldStart = async (sampleKey: string, childEnv: NodeJS.ProcessEnv) => {
              const output = await runChild(
                runtime,
                [...LAMBDA_1024_MB_V8_FLAGS, join(BENCH_DIR, 'cold-start.js'), implementation.bundle, era],
                childEnv,
                implementation.launcher,
              );
              cold.set(sampleKey, [...(cold.get(sampleKey) ?? []), JSON.parse(output) as ColdSample]);
            };
            await coldStart(key, env);
            if (implementation.name === 'baseline') continue;
            // The same, when the container's first request is a tool call (reported, no budget).
            await coldStart(`${key}/call`, { ...env, FIRST_TOOL_CALL: JSON.stringify(firstToolCall) });
          }
        }
      }
    }

    const requestsBefore = fake.requests.length;
    const figures: Record<string, RuntimeFigures> = {};
    for (const runtime of nodes) {
      const warm = await warmFigures(runtime, env, call);
      const byImplementation: Record<string, ImplementationFigures> = {};
      for (const implementation of IMPLEMENTATIONS) {
        const byEra: ImplementationFigures = {};
        for (const era of implementation.eras) {
          const key = `${runtime.name}/${implementation.name}/${era}`;
          const callSamples = cold.get(`${key}/call`);
          byEra[era] = {
            cold: coldFigures(cold.get(key)!),
            coldCall: callSamples && coldFigures(callSamples),
            warm: warm.figures.get(`${implementation.name}/${era}`)!,
          };
        }
        byImplementation[implementation.name] = byEra;
      }
      figures[runtime.name] = {
        version: runtime.version,
        ours: byImplementation.ours,
        naive: byImplementation.naive,
        baseline: byImplementation.baseline,
        versusNaive: pairedRatios(cold, warm.slices, runtime.name),
      };
    }
    checkSameUpstreamRequest(fake.requests.slice(requestsBefore), call);

    const built = JSON.parse(readFileSync(join(BENCH_DIR, 'composition.json'), 'utf8')) as BuiltComposition;
    const composition: Figures['composition'] = {
      productionSettingsMatch: built.productionSettingsMatch,
      ours: built.ours,
      naive: built.baselines.naive,
      baseline: built.baselines[BASELINE_SDK],
    };
    const result: Figures = {
      date: new Date().toISOString(),
      baselineSdk: BASELINE_SDK,
      call: { tool: call.tool, endpoint: call.endpoint },
      size: {
        ours: sizeOf(join(ROOT, 'dist', 'lambda'), 'lambda.zip'),
        naive: sizeOf(dirname(implementation('naive').bundle), 'naive.zip'),
        baseline: sizeOf(dirname(implementation('baseline').bundle), 'baseline.zip'),
      },
      composition,
      runtimes: figures,
      budgetRuntime: nodes[0].name,
      budgets: [],
      durationSeconds: 0,
    };
    result.budgets = judge(result);
    result.durationSeconds = Math.round((Date.now() - started) / 1000);
    printReport(result);
    if (process.argv.includes('--markdown')) console.log(`\n${markdownReport(result)}\n`);
    console.log(JSON.stringify(result));
    if (result.budgets.some((budget) => !budget.pass)) process.exitCode = 1;
  } finally {
    await fake.close();
  }
}

/** What scripts/bench/build.mjs wrote: the bundles' composition, with the naive handler's and both baselines'. */
interface BuiltComposition extends Omit<Figures['composition'], 'baseline' | 'naive'> {
  readonly baselines: Record<Figures['baselineSdk'] | 'naive', Figures['composition']['baseline']>;
}

function implementation(name: Implementation['name']): Implementation {
  return IMPLEMENTATIONS.find((candidate) => candidate.name === name)!;
}

/** The bundle (index.js and any file it loads on demand beside it) and its zip. */
function sizeOf(dir: string, zipName: string): Figures['size']['ours'] {
  const zip = zipDirectory(dir, join(BENCH_DIR, zipName));
  const bundleBytes = zip.files.reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
  return { bundleBytes, indexBytes: statSync(join(dir, 'index.js')).size, zipBytes: zip.bytes, files: zip.files };
}

/**
 * The overhead is handler time minus the direct request's time: that only holds if the handler's
 * tool call sent QuantConnect the very request the direct one did. The fake recorded both.
 */
function checkSameUpstreamRequest(requests: readonly RecordedRequest[], call: WarmPlan['call']): void {
  const expected = JSON.stringify(call.body);
  const odd = requests.find(
    (request) => request.endpoint !== call.endpoint || JSON.stringify(request.body) !== expected || request.refusal,
  );
  if (odd) {
    const refusal = odd.refusal ? ` (refused: ${odd.refusal.message})` : '';
    throw new Error(
      `a tool call sent ${odd.endpoint} ${JSON.stringify(odd.body)}${refusal}, not ${call.endpoint} ${expected}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
