// An esbuild plugin for our bundles (scripts/bundle-settings.mjs: the build and the benchmark's check
// of it; never the baseline's bundle): the SDK's validation/ajv-provider.js, which its Server
// imports at load, resolves to lambda/vendor/lazy-ajv-provider.ts, the same class loading ajv
// on first use. That file's own require of the real module resolves as usual.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHIM = join(root, 'lambda', 'vendor', 'lazy-ajv-provider.ts');
const SDK_DIR = `${join('node_modules', '@modelcontextprotocol', 'sdk')}/`;

/** @type {import('esbuild').Plugin} */
export const lazyAjvPlugin = {
  name: 'lazy-ajv-provider',
  setup(build) {
    build.onResolve({ filter: /(^|\/)validation\/ajv-provider\.js$/ }, (args) => {
      if (args.importer === SHIM) return undefined;
      const fromSdk = args.importer.includes(SDK_DIR) && args.path.startsWith('.');
      if (fromSdk || args.path === '@modelcontextprotocol/sdk/validation/ajv-provider.js') return { path: SHIM };
      return undefined;
    });
  },
};
