/**
 * What a cold start is made of: CPU profiles of fresh processes over the window the benchmark
 * times (loading a bundle and serving the first `initialize`), with self time added up per
 * package, source folder or Node built-in module.
 * The bundles profiled are built with the production settings except minification, so that
 * esbuild's `// path` comments mark where each module's code sits in the file.
 * Run with `node scripts/bench.mjs --profile` (after `npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  if (frame.url.startsWith('node:')) return frame.url.replace(/^node:(internal\/)?(deps\/)?/, 'node built-in: ');
  if (frame.url.includes('/node_modules/')) return `required at run time: ${ownerOf(frame.url)}`;
  if (frame.url.includes('/dist/bench/')) return '(benchmark harness)';
  if (frame.url === '') return frame.functionName || '(native)';
  return frame.url;
}

/** Milliseconds of self time per owner, averaged over the runs. */
function profile(node: string, bundle: string): { owner: string; ms: number }[] {
  const starts = moduleStarts(bundle);
  const bundleUrl = `file://${bundle}`;
  const totals = new Map<string, number>();
  for (let run = 0; run < RUNS; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'qc-mcp-profile-'));
    try {
      const file = join(dir, 'cold-start.cpuprofile');
      const child = spawnSync(node, [join(BENCH_DIR, 'cold-start.js'), bundle, file], {
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
        env: process.env,
      });
      if (child.status !== 0) throw new Error(`profiling ${bundle} failed: ${child.stderr.toString()}`);
      const cpu = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
      const byId = new Map(cpu.nodes.map((node) => [node.id, node]));
      cpu.samples.forEach((id, index) => {
        const owner = categorise(byId.get(id)!.callFrame, bundleUrl, starts);
        totals.set(owner, (totals.get(owner) ?? 0) + cpu.timeDeltas[index] / 1000 / RUNS);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return [...totals].map(([owner, ms]) => ({ owner, ms })).sort((a, b) => b.ms - a.ms);
}

function main(): void {
  if (!process.env.QC_USER_ID) {
    // Environment credentials: the cold start under study never needs Secrets Manager.
    process.env.QC_USER_ID = '1';
    process.env.QC_API_TOKEN = 'profile-placeholder';
  }
  process.env.AWS_REGION ??= 'us-east-1';
  const [runtime] = runtimes(ROOT);
  for (const name of ['ours', 'baseline']) {
    const rows = profile(runtime.binary, join(BENCH_DIR, 'profile', name, 'index.js'));
    const total = rows.reduce((sum, row) => sum + row.ms, 0);
    console.log(
      `\n${name} on ${runtime.version}: ${total.toFixed(1)} ms sampled (load + first initialize, mean of ${RUNS} runs)`,
    );
    for (const row of rows.slice(0, 20)) console.log(`  ${row.ms.toFixed(1).padStart(7)} ms  ${row.owner}`);
  }
}

main();
