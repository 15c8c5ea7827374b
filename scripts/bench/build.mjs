// Builds what the benchmark runs besides the production bundle (which scripts/build.mjs builds):
// the naive one-tool handler on the v1 SDK (the budgets' yardstick) and the baseline bundles (on
// the SDK v2, and the first one on the v1 SDK), with the production settings, and the benchmark's
// own harness. Also
// rebuilds the production entry in memory with a metafile, to report what the bundle is made of
// and to check that these settings still match scripts/build.mjs (byte-identical output).
import { build } from 'esbuild';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { OUR_SETTINGS, PRODUCTION_SETTINGS, root } from '../bundle-settings.mjs';

export const BENCH_DIR = join(root, 'dist', 'bench');

/** The handlers ours is measured against: the entry scripts/bench/<name>.ts, built into dist/bench/<name>/. */
const BASELINES = { naive: 'naive-v1', v2: 'baseline', v1: 'baseline-v1' };

const HARNESS_SETTINGS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  absWorkingDir: root,
  packages: 'external',
};

/** The inputs that make up a bundle, largest first, in bytes of output. */
function composition(metafile) {
  const [output] = Object.values(metafile.outputs);
  const byPackage = new Map();
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const owner = match ? match[1] : path.split('/').slice(0, 2).join('/');
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + bytesInOutput);
  }
  return [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

export async function buildBench() {
  const productionBundle = join(root, 'dist', 'lambda', 'index.js');
  if (!existsSync(productionBundle)) throw new Error(`${productionBundle} is missing: run npm run build first`);
  mkdirSync(BENCH_DIR, { recursive: true });
  const production = await build({
    ...OUR_SETTINGS,
    entryPoints: { index: 'lambda/index.ts' },
    outdir: join(BENCH_DIR, 'production-check'),
    write: false,
    metafile: true,
  });
  const built = readFileSync(productionBundle);
  const productionSettingsMatch = Buffer.compare(Buffer.from(production.outputFiles[0].contents), built) === 0;

  const baselines = {};
  for (const [sdk, name] of Object.entries(BASELINES)) {
    const baseline = await build({
      ...PRODUCTION_SETTINGS,
      entryPoints: { index: `scripts/bench/${name}.ts` },
      outdir: join(BENCH_DIR, name),
      metafile: true,
    });
    baselines[sdk] = composition(baseline.metafile);
  }

  // Unminified twins for CPU profiles: esbuild's `// path` comments say which module a line is from.
  await Promise.all([
    build({
      ...OUR_SETTINGS,
      minify: false,
      entryPoints: { index: 'lambda/index.ts' },
      outdir: join(BENCH_DIR, 'profile', 'ours'),
    }),
    ...Object.values(BASELINES).map((name) =>
      build({
        ...PRODUCTION_SETTINGS,
        minify: false,
        entryPoints: { index: `scripts/bench/${name}.ts` },
        outdir: join(BENCH_DIR, 'profile', name),
      }),
    ),
    build({
      ...HARNESS_SETTINGS,
      entryPoints: {
        run: 'scripts/bench/run.ts',
        profile: 'scripts/bench/profile.ts',
        'cold-start': 'scripts/bench/cold-start.ts',
        warm: 'scripts/bench/warm.ts',
      },
      outdir: BENCH_DIR,
    }),
  ]);

  const report = {
    productionSettingsMatch,
    ours: composition(production.metafile),
    baselines,
  };
  writeFileSync(join(BENCH_DIR, 'composition.json'), JSON.stringify(report));
  return report;
}
