// Builds the Lambda bundle that the stack deploys (dist/lambda/index.js) and the local entry
// points. Production settings: minified, tree-shaken, CommonJS for Node 22.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

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
};

await build({ ...common, entryPoints: { index: 'lambda/index.ts' }, outdir: 'dist/lambda' });
