// An esbuild plugin for our bundles (scripts/bundle-settings.mjs: the build and the benchmark's check
// of it; never the baseline's bundle): the MCP SDK's runtime shims module, which its Server imports
// at load, resolves to lambda/vendor/lazy-sdk-shims.ts, whose validator loads ajv on first use
// (that file says what it saves and when it can go).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHIM = join(root, 'lambda', 'vendor', 'lazy-sdk-shims.ts');

/** @type {import('esbuild').Plugin} */
export const lazyAjvPlugin = {
  name: 'lazy-sdk-shims',
  setup(build) {
    build.onResolve({ filter: /^@modelcontextprotocol\/server\/_shims$/ }, () => ({ path: SHIM }));
  },
};
