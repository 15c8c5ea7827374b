// The esbuild settings of our production bundles, in one place: scripts/build.mjs builds with
// them, and the benchmark rebuilds with them (its baselines take the shared part, without our adaptations).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lazyAjvPlugin } from './lazy-ajv-plugin.mjs';
import { lazyBuiltinsPlugin } from './lazy-builtins-plugin.mjs';
import { unusedSdkSchemasPlugin } from './unused-sdk-schemas-plugin.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Minified, tree-shaken CommonJS for Node 22: what any straightforward Lambda build would use. */
export const PRODUCTION_SETTINGS = {
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

/**
 * Ours: ajv and a few Node built-ins are loaded on first use rather than at every cold start, the
 * SDK's schemas that nothing uses are left out (see the plugins), and the web
 * Headers, Request and Response the SDK's entry speaks are light stand-ins that do not load
 * Node's fetch implementation (lambda/vendor/light-web-exchange.ts says what that saves).
 */
export const OUR_SETTINGS = {
  ...PRODUCTION_SETTINGS,
  plugins: [lazyAjvPlugin, lazyBuiltinsPlugin, unusedSdkSchemasPlugin],
  inject: [join(root, 'lambda', 'vendor', 'light-web-exchange.ts')],
};
