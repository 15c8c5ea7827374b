// An esbuild plugin for our bundles (scripts/bundle-settings.mjs: the build and the benchmark's check
// of it; never the baseline's bundle): the MCP SDK's runtime shims module, which its Server imports
// at load, resolves to lambda/vendor/lazy-sdk-shims.ts, whose validator loads ajv on first use
// (that file says what it saves and when it can go). The SDK's ajv validator, with ajv itself, is
// left out of the bundle: each bundle's directory holds it as its own file, AJV_FILE, built by
// scripts/build.mjs, so a cold start neither runs nor even parses its 155 KB.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHIM = join(root, 'lambda', 'vendor', 'lazy-sdk-shims.ts');

/** The module the shim requires on first use, and the file next to the bundle that holds it. */
export const AJV_MODULE = '@modelcontextprotocol/server/validators/ajv';
export const AJV_FILE = 'sdk-ajv-validator.js';

/** @type {import('esbuild').Plugin} */
export const lazyAjvPlugin = {
  name: 'lazy-sdk-shims',
  setup(build) {
    build.onResolve({ filter: /^@modelcontextprotocol\/server\/_shims$/ }, () => ({ path: SHIM }));
    build.onResolve({ filter: /^@modelcontextprotocol\/server\/validators\/ajv$/ }, () => ({
      path: `./${AJV_FILE}`,
      external: true,
    }));
  },
};
