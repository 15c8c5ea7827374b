// Builds the Lambda bundle that the stack deploys (dist/lambda/index.js) and the local entry
// point behind `npm start` and `npx qc-mcp --stdio` (dist/local/qc-mcp.js). Production settings:
// minified, tree-shaken, CommonJS for Node 22.
import { build } from 'esbuild';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { lazyAjvPlugin } from './lazy-ajv-plugin.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  treeShaking: true,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
  // The Lambda Node.js 22 runtime ships AWS SDK v3; it is loaded lazily and only when a secret
  // has to be read, so it stays out of the bundle.
  external: ['@aws-sdk/*'],
  // Relative paths in the bundle, so no path of the build machine ends up in the zip.
  sourceRoot: '',
  // ajv is loaded on first use rather than at every cold start (see the plugin).
  plugins: [lazyAjvPlugin],
  // Written below, atomically: parallel test runs build while others load the bundle.
  write: false,
};

/** Each file goes to a temporary name first and is renamed over the old one: never half written. */
async function writeAtomically(outputFiles) {
  for (const file of outputFiles) {
    await mkdir(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    await writeFile(temporary, file.contents);
    await rename(temporary, file.path);
  }
}

const results = await Promise.all([
  build({ ...common, entryPoints: { index: 'lambda/index.ts' }, outdir: 'dist/lambda' }),
  build({ ...common, entryPoints: { 'qc-mcp': 'lambda/local/main.ts' }, outdir: 'dist/local' }),
]);
for (const result of results) await writeAtomically(result.outputFiles);
