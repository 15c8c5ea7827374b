/**
 * scripts/unused-sdk-schemas-plugin.mjs, which lets esbuild drop the SDK's schemas nothing uses:
 * bundles built with it and without it from the same entry behave the same, the one that does not
 * use the spec-type registry leaves the unused schemas out, and the plugin refuses SDK files whose
 * shape it can no longer vouch for. The Lambda bundle itself is tested through its requests
 * (bundle.test.ts, the e2e and conformance suites).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const PLUGIN = join(ROOT, 'scripts', 'unused-sdk-schemas-plugin.mjs');
const SETTINGS = join(ROOT, 'scripts', 'bundle-settings.mjs');

/** A field that only the SDK's IdJagTokenExchangeResponseSchema names: which nothing of ours uses. */
const UNUSED_SCHEMA_FIELD = 'issued_token_type';

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'unused-sdk-schemas-'));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Runs ES module code in a child Node from the project root, and returns what it printed. */
function runModule(code: string, input = ''): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8', input });
}

/** Bundles `entry` with the production settings, with or without the plugin, and returns the file's path. */
function bundle(name: string, entry: string, withPlugin: boolean): string {
  const entryFile = join(directory, `${name}.mjs`);
  const outfile = join(directory, `${name}-${withPlugin ? 'with' : 'without'}.cjs`);
  writeFileSync(entryFile, entry);
  runModule(`
    import { build } from 'esbuild';
    import { PRODUCTION_SETTINGS } from ${JSON.stringify(SETTINGS)};
    import { unusedSdkSchemasPlugin } from ${JSON.stringify(PLUGIN)};
    await build({
      ...PRODUCTION_SETTINGS,
      entryPoints: [${JSON.stringify(entryFile)}],
      nodePaths: [${JSON.stringify(join(ROOT, 'node_modules'))}],
      outfile: ${JSON.stringify(outfile)},
      plugins: ${withPlugin ? '[unusedSdkSchemasPlugin]' : '[]'},
    });`);
  return outfile;
}

const run = (file: string) => execFileSync(process.execPath, [file], { encoding: 'utf8' });

test('a bundle that uses the spec-type registry gets it whole, validating as before', () => {
  const entry = `
    import { isSpecType, specTypeSchemas } from '@modelcontextprotocol/server';
    const samples = [{ content: [] }, { content: [{ type: 'text', text: 'hi' }] }, { content: 'no' }, {}, null,
      { name: 'read_project', inputSchema: { type: 'object' } }, { issuer: 'https://example.com' }];
    const names = Object.keys(specTypeSchemas).sort();
    console.log(JSON.stringify({
      names,
      guards: Object.keys(isSpecType).sort(),
      answers: names.map((name) => samples.map((sample) => [isSpecType[name](sample),
        specTypeSchemas[name]['~standard'].validate(sample).issues?.length ?? 0])),
    }));`;
  const withPlugin = JSON.parse(run(bundle('registry', entry, true))) as { names: string[] };
  const without = JSON.parse(run(bundle('registry', entry, false))) as { names: string[] };
  expect(withPlugin).toEqual(without);
  expect(withPlugin.names.length).toBeGreaterThan(100);
  expect(withPlugin.names).toContain('OAuthTokens');
});

test('a bundle that does not use the registry leaves out the schemas nothing uses, and answers the same', () => {
  const entry = `
    import { isInitializeRequest, isJSONRPCRequest } from '@modelcontextprotocol/server';
    const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'c', version: '1' } } };
    console.log(JSON.stringify([isInitializeRequest(initialize), isInitializeRequest({ ...initialize, params: {} }),
      isJSONRPCRequest(initialize), isJSONRPCRequest({ id: 1 })]));`;
  const withPlugin = bundle('guards', entry, true);
  const without = bundle('guards', entry, false);
  expect(run(withPlugin)).toBe(run(without));
  expect(JSON.parse(run(withPlugin))).toEqual([true, false, true, false]);
  expect(readFileSync(without, 'utf8')).toContain(UNUSED_SCHEMA_FIELD);
  expect(readFileSync(withPlugin, 'utf8')).not.toContain(UNUSED_SCHEMA_FIELD);
  expect(readFileSync(withPlugin, 'utf8').length).toBeLessThan(readFileSync(without, 'utf8').length);
});

test('the Lambda bundle leaves them out', () => {
  expect(readFileSync(join(ROOT, 'dist', 'lambda', 'index.js'), 'utf8')).not.toContain(UNUSED_SCHEMA_FIELD);
});

/** What the plugin's two transforms make of `text`, or the message they throw. */
function transform(kind: 'markSchemasPure' | 'registerSpecTypesOnUse', text: string): string {
  const code = `
    import { readFileSync } from 'node:fs';
    import { ${kind} } from ${JSON.stringify(PLUGIN)};
    try { process.stdout.write(${kind}(readFileSync(0, 'utf8'), 'schemas-test.mjs')); }
    catch (error) { process.stdout.write('refused: ' + error.message); }`;
  return runModule(code, text);
}

describe('marking a schema module pure', () => {
  test('wraps each schema built from zod or from an earlier schema, and nothing else', () => {
    const module = [
      'import * as z from "zod/v4";',
      'const VERSION = "2025-11-25";',
      'const A = z.object({ v: z.literal(VERSION) });',
      'const B = A.extend({ w: z.string() }).describe("b");',
      'export { A as a, B as b, VERSION as v };',
    ].join('\n');
    expect(transform('markSchemasPure', module).split('\n')).toEqual([
      'import * as z from "zod/v4";',
      'const VERSION = "2025-11-25";',
      'const A = /* @__PURE__ */ (() => z.object({ v: z.literal(VERSION) }))();',
      'const B = /* @__PURE__ */ (() => A.extend({ w: z.string() }).describe("b"))();',
      'export { A as a, B as b, VERSION as v };',
    ]);
  });

  test.each([
    [
      'a statement run for its effect',
      'import * as z from "zod/v4";\nconst A = z.string();\nregistry.add(A);',
      /schemas-test\.mjs:3: a top-level statement that is not an import, an export list or a const: registry\.add\(A\);/,
    ],
    [
      'a call that does not start from zod',
      'import * as z from "zod/v4";\nconst A = register(z.string());',
      /schemas-test\.mjs:2: a const built by a call/,
    ],
    ['a function declaration', 'function f() {}', /: function f\(\) \{\}/],
    ['a let', 'import * as z from "zod/v4";\nlet A = z.string();', /: let A = z\.string\(\);/],
  ])('refuses a module with %s', (_, module, message) => {
    expect(transform('markSchemasPure', module)).toMatch(message);
  });

  test('the SDK schema modules are all of the accepted shape', () => {
    const dist = join(ROOT, 'node_modules', '@modelcontextprotocol', 'core', 'dist');
    const printed = runModule(`
      import { readdirSync, readFileSync } from 'node:fs';
      import { markSchemasPure } from ${JSON.stringify(PLUGIN)};
      const files = readdirSync(${JSON.stringify(dist)}).filter((name) => /^(schemas|auth)-.+\\.mjs$/.test(name));
      for (const name of files) markSchemasPure(readFileSync(${JSON.stringify(dist)} + '/' + name, 'utf8'), name);
      console.log(files.length);`);
    expect(Number(printed)).toBe(2);
  });
});

describe('the spec-type registry', () => {
  test('is filled by the exports that use it', () => {
    const server = readFileSync(
      join(ROOT, 'node_modules', '@modelcontextprotocol', 'server', 'dist', sdkServerModule()),
      'utf8',
    );
    const result = transform('registerSpecTypesOnUse', server);
    expect(result).toContain('const specTypeSchemas = /* @__PURE__ */ registeredSpecTypes(_specTypeSchemas);');
    expect(result).toContain('const isSpecType = /* @__PURE__ */ registeredSpecTypes(_isSpecType);');
    expect(result).not.toMatch(/^for \(const key of SPEC_SCHEMA_KEYS\)/m);
  });

  test('refuses a server module whose registry code changed', () => {
    expect(transform('registerSpecTypesOnUse', 'const specTypeSchemas = Object.freeze(_specTypeSchemas);')).toMatch(
      /refused: schemas-test\.mjs: the loop that registers every spec type is not there word for word/,
    );
  });
});

/** The server's chunk that holds the registry (its name carries a content hash). */
function sdkServerModule(): string {
  const names = readdirSync(join(ROOT, 'node_modules', '@modelcontextprotocol', 'server', 'dist'));
  return names.find((name) => /^src-.+\.mjs$/.test(name)) ?? 'no src-*.mjs in the SDK server';
}
