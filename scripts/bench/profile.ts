/**
 * What a cold start is made of: CPU profiles of fresh processes over the window the benchmark
 * times (loading a bundle and serving the first request of each protocol era: `initialize`,
 * `server/discover`), with self time added up per package, source folder or Node built-in module.
 * The bundles profiled are built with the production settings except minification, so that
 * esbuild's `// path` comments mark where each module's code sits in the file.
 * Run with `node scripts/bench.mjs --profile` (after `npm run build`); with `--baseline-v1`,
 * the baseline profiled is the first one, on the v1 SDK (2025-11-25 only).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERAS, FIRST_REQUEST, PROTOCOL_VERSIONS, type Era } from './events';
import { runtimes } from './runtimes';

const ROOT = join(__dirname, '..', '..');
const BENCH_DIR = join(ROOT, 'dist', 'bench');
const RUNS = 5;

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Line (0-based) where each module starts in an unminified esbuild bundle, in order. */
function moduleStarts(bundle: string): { line: number; owner: string }[] {
  return readFileSync(bundle, 'utf8')
    .split('\n')
    .flatMap((text, line) => {
      const marker = /^\/\/ ((?:node_modules|lambda|scripts|package\.json)\S*)$/.exec(text);
      return marker ? [{ line, owner: ownerOf(marker[1]) }] : [];
    });
}

function ownerOf(path: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return match ? match[1] : path;
}

function ownerAt(starts: readonly { line: number; owner: string }[], line: number): string {
  let low = 0;
  let high = starts.length - 1;
  let found = '(bundle prelude)';
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (starts[middle].line <= line) {
      found = starts[middle].owner;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

function categorise(frame: ProfileNode['callFrame'], bundleUrl: string, starts: { line: number; owner: string }[]) {
  if (frame.url === bundleUrl) return ownerAt(starts, frame.lineNumber);
  if (frame.url === 'node:inspector') return '(the profiler itself)';
  if (frame.url.startsWith('node:')) return frame.url.replace(/^node:(internal\/)?(deps\/)?/, 'node built-in: ');
  if (frame.url.includes('/node_modules/')) return `required at run time: ${ownerOf(frame.url)}`;
  if (frame.url.includes('/dist/bench/')) return '(benchmark harness)';
  if (frame.url === '') return frame.functionName || '(native)';
  return frame.url;
}

const PHASES = ['load', 'first-request'] as const;
type Phase = (typeof PHASES)[number];

interface Row {
  readonly owner: string;
  readonly ms: Record<Phase, number>;
}

/**
 * Milliseconds of self time per owner and phase, averaged over the runs. With a launcher, the
 * process starts as Lambda starts it then: the launcher gets the node binary and its arguments.
 */
function profile(node: string, bundle: string, era: Era, launcher: string | undefined): Row[] {
  const starts = moduleStarts(bundle);
  const bundleUrl = `file://${bundle}`;
  const totals = new Map<string, Record<Phase, number>>();
  for (let run = 0; run < RUNS; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'qc-mcp-profile-'));
    try {
      const args = [join(BENCH_DIR, 'cold-start.js'), bundle, era, dir];
      const child = spawnSync(launcher ?? node, launcher === undefined ? args : [node, ...args], {
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
        env: process.env,
      });
      if (child.status !== 0) throw new Error(`profiling ${bundle} failed: ${child.stderr.toString()}`);
      for (const phase of PHASES) {
        const cpu = JSON.parse(readFileSync(join(dir, `${phase}.cpuprofile`), 'utf8')) as CpuProfile;
        const byId = new Map(cpu.nodes.map((node) => [node.id, node]));
        cpu.samples.forEach((id, index) => {
          const owner = categorise(byId.get(id)!.callFrame, bundleUrl, starts);
          const row = totals.get(owner) ?? { load: 0, 'first-request': 0 };
          row[phase] += cpu.timeDeltas[index] / 1000 / RUNS;
          totals.set(owner, row);
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return [...totals]
    .map(([owner, ms]) => ({ owner, ms }))
    .sort((a, b) => b.ms.load + b.ms['first-request'] - (a.ms.load + a.ms['first-request']));
}

function main(): void {
  if (!process.env.QC_USER_ID) {
    // Environment credentials: the cold start under study never needs Secrets Manager.
    process.env.QC_USER_ID = '1';
    process.env.QC_API_TOKEN = 'profile-placeholder';
  }
  process.env.AWS_REGION ??= 'us-east-1';
  const [runtime] = runtimes(ROOT);
  const format = (ms: number) => ms.toFixed(1).padStart(7);
  const v1 = process.argv.includes('--baseline-v1');
  const bundles: { name: string; dir: string; eras: readonly Era[]; launcher?: string }[] = [
    // Started through the script Lambda starts our function's Node through (AWS_LAMBDA_EXEC_WRAPPER).
    { name: 'ours', dir: 'ours', eras: ERAS, launcher: join(ROOT, 'dist', 'lambda', 'runtime-wrapper.sh') },
    { name: v1 ? 'baseline (v1 SDK)' : 'baseline', dir: v1 ? 'baseline-v1' : 'baseline', eras: v1 ? ['legacy'] : ERAS },
  ];
  for (const bundle of bundles) {
    for (const era of bundle.eras) {
      const rows = profile(runtime.binary, join(BENCH_DIR, 'profile', bundle.dir, 'index.js'), era, bundle.launcher);
      const sum = (phase: Phase) => rows.reduce((total, row) => total + row.ms[phase], 0);
      console.log(
        `\n${bundle.name}, ${PROTOCOL_VERSIONS[era]} client, on ${runtime.version}, unminified twin, profiler on (slower than the benchmark), mean of ${RUNS} runs:`,
      );
      console.log(`     load  first ${FIRST_REQUEST[era].method}  self time of`);
      const width = `first ${FIRST_REQUEST[era].method}`.length;
      console.log(`  ${format(sum('load'))}  ${format(sum('first-request')).padStart(width)}     (all)`);
      for (const row of rows.slice(0, 20)) {
        console.log(`  ${format(row.ms.load)}  ${format(row.ms['first-request']).padStart(width)}     ${row.owner}`);
      }
    }
  }
  console.log(
    "\nCompiling the bundle counts as node built-in: modules/cjs/loader; (bundle prelude) is esbuild's module glue.",
  );
}

main();
