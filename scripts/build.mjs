// Builds the Lambda bundle that the stack deploys (dist/lambda/index.js), the local entry
// point behind `npm start` and `npx qc-mcp --stdio` (dist/local/qc-mcp.js) and the sandbox behind
// `npm run sandbox` (dist/sandbox/qc-mcp-sandbox.js, its own file: the simulator never reaches
// Lambda). Production settings: minified, tree-shaken, CommonJS for Node 22.
import { build } from 'esbuild';
import { chmod, copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OUR_SETTINGS, PRODUCTION_SETTINGS } from './bundle-settings.mjs';
import { AJV_FILE, AJV_MODULE } from './lazy-ajv-plugin.mjs';

const common = {
  ...OUR_SETTINGS,
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

const BUNDLES = [
  { entryPoints: { index: 'lambda/index.ts' }, outdir: 'dist/lambda' },
  { entryPoints: { 'qc-mcp': 'lambda/local/main.ts' }, outdir: 'dist/local' },
  { entryPoints: { 'qc-mcp-sandbox': 'lambda/sandbox/main.ts' }, outdir: 'dist/sandbox' },
];

/** The SDK's ajv validator, which each bundle requires from its own directory on first use (see the plugin). */
const ajvValidator = (outdir) =>
  build({
    ...PRODUCTION_SETTINGS,
    write: false,
    stdin: { contents: `module.exports = require('${AJV_MODULE}');`, resolveDir: 'lambda', loader: 'js' },
    outfile: `${outdir}/${AJV_FILE}`,
  });

const results = await Promise.all(
  BUNDLES.flatMap((bundle) => [build({ ...common, ...bundle }), ajvValidator(bundle.outdir)]),
);
for (const result of results) await writeAtomically(result.outputFiles);

// The script Lambda starts Node through (the function's AWS_LAMBDA_EXEC_WRAPPER), with the V8 flag
// it adds; executable, as Lambda requires. The local bundles run on the machine's Node as it is.
const wrapper = 'dist/lambda/runtime-wrapper.sh';
await copyFile('lambda/runtime-wrapper.sh', `${wrapper}.${process.pid}.tmp`);
await chmod(`${wrapper}.${process.pid}.tmp`, 0o755);
await rename(`${wrapper}.${process.pid}.tmp`, wrapper);
