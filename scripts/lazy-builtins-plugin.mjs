// An esbuild plugin for our bundles (scripts/bundle-settings.mjs; never the baselines'): the Node
// built-in modules in LAZY_BUILTINS, which our code and middy import at the top of a module but
// only use inside functions that a cold start does not run, are required on first use instead of
// at load. Each import of one resolves to a stand-in whose exports are getters that require the
// real module when first read; esbuild's CommonJS output reads an import's properties where it
// uses them, so nothing changes but when the module loads.
//
// What it saves: node:crypto (the QuantConnect request signature, a request id's fallback) loads
// Node's crypto internals, and @middy/core's import of node:stream/web (for response streaming,
// which this function does not use) loads the web streams: several CPU ms of every cold start on
// Node 22 (docs/performance.md). node:stream itself is not in the list: Lambda's runtime client
// has loaded it (with node:http) before it loads the function.
// __tests__/lambda/bundle.test.ts shows which built-ins the first requests load.
//
// When it can go: when Node loads those modules cheaply (in its startup snapshot), or when the
// benchmark shows no gain (delete this file and its entry in scripts/bundle-settings.mjs).
import { builtinModules, createRequire } from 'node:module';

export const LAZY_BUILTINS = ['node:crypto', 'node:stream/web'];

const NAMESPACE = 'lazy-builtin';
const require = createRequire(import.meta.url);

/** CommonJS whose exports are getters over the real module, required at the first read. */
function standIn(name) {
  const exportNames = Object.keys(require(name)).filter((key) => key !== 'default');
  const getters = exportNames
    .map((key) => `  ${JSON.stringify(key)}: { enumerable: true, get: () => real()[${JSON.stringify(key)}] },`)
    .join('\n');
  return [
    `let loaded;`,
    `const real = () => (loaded ??= require(${JSON.stringify(name)}));`,
    `Object.defineProperties(module.exports, {`,
    getters,
    `  default: { enumerable: true, get: real },`,
    `});`,
  ].join('\n');
}

/** @type {import('esbuild').Plugin} */
export const lazyBuiltinsPlugin = {
  name: 'lazy-builtins',
  setup(build) {
    const names = new Set(LAZY_BUILTINS.flatMap((name) => [name, name.slice('node:'.length)]));
    if (![...names].every((name) => builtinModules.includes(name.replace(/^node:/, '')))) {
      throw new Error(`LAZY_BUILTINS names a module that is not a Node built-in: ${LAZY_BUILTINS.join(', ')}`);
    }
    build.onResolve({ filter: /^(node:)?(crypto|stream\/web)$/ }, (args) => {
      // The stand-in's own require of the real module stays a require of the built-in.
      if (args.namespace === NAMESPACE || !names.has(args.path)) return undefined;
      return { path: `node:${args.path.replace(/^node:/, '')}`, namespace: NAMESPACE };
    });
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ contents: standIn(args.path), loader: 'js' }));
  },
};
