// `npm run bench`: after scripts/build.mjs has built the production bundle, builds the naive
// handler, the baselines and the benchmark harness (scripts/bench/build.mjs), then runs the
// benchmark (scripts/bench/run.ts), which prints its progress on stderr.
// `npm run bench -- --cold-runs 30` takes more cold-start samples, `-- --markdown` adds a Markdown
// table of the figures (for docs/performance.md), `-- --baseline-v1` compares with the first baseline (v1 SDK);
// `npm run bench -- --profile`
// instead prints what a cold start spends its CPU on, per package (scripts/bench/profile.ts).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildBench, BENCH_DIR } from './bench/build.mjs';

const args = process.argv.slice(2);
const script = args.includes('--profile') ? 'profile.js' : 'run.js';
await buildBench();
const child = spawn(process.execPath, [join(BENCH_DIR, script), ...args.filter((arg) => arg !== '--profile')], {
  stdio: 'inherit',
});
child.on('close', (code) => process.exit(code ?? 1));
