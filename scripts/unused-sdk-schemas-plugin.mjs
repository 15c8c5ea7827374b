// An esbuild plugin for our bundles (scripts/bundle-settings.mjs; never the baselines'): esbuild
// drops the MCP SDK's spec schemas that nothing in the bundle uses, instead of building every
// one of them with zod at each cold start.
//
// Why esbuild keeps them otherwise:
// - each schema is a top-level `const X = z.object({ … })…` in @modelcontextprotocol/core's
//   schema modules; esbuild cannot know that a call has no side effects, so it keeps every one;
// - the server's `specTypeSchemas` and `isSpecType` exports (a validator for every spec type) are
//   filled at load by a loop over the whole schema namespace, which uses them all.
// What the plugin changes:
// - each such const's call is wrapped in an arrow function called at once and marked
//   `/* @__PURE__ */`, esbuild's documented sign that a call may be dropped when its result is
//   unused; a schema that is used is built exactly as before, at the same point of the load;
// - the registry loop runs inside a function the two exports call (marked pure, too): a bundle
//   that uses them fills them at load as before, one that does not (ours) loses the loop.
// The plugin checks what it relies on and fails the build when the SDK's files change shape: each
// schema module holds only imports, exports and consts built from zod or from earlier consts, and
// the registry code is there, word for word.
//
// What it saves: about 125 of the 170 protocol schemas and all 14 OAuth schemas, ≈40 CPU ms of
// every cold start on Node 22 (docs/performance.md). When it can go: when the SDK builds these
// lazily itself or marks them pure (delete this file and its entry in scripts/bundle-settings.mjs).
import { readFile } from 'node:fs/promises';
import ts from 'typescript';

/** The core's schema modules: the protocol's types and the OAuth metadata. */
const SCHEMA_MODULE = /@modelcontextprotocol[\\/]core[\\/]dist[\\/](schemas|auth)-[^\\/]+\.mjs$/;
/** The server's module that holds the spec-type registry. */
const REGISTRY_MODULE = /@modelcontextprotocol[\\/]server[\\/]dist[\\/]src-[^\\/]+\.mjs$/;

/** The SDK's registry code, as it is in the file, and what it becomes. */
const REGISTRY_LOOP = [
  'for (const key of SPEC_SCHEMA_KEYS) register(key, schemas_exports[key]);',
  'for (const [key, schema] of Object.entries(authSchemas)) register(key, schema);',
].join('\n');
const REGISTRY_EXPORTS = [
  ['const specTypeSchemas = Object.freeze(_specTypeSchemas);', 'specTypeSchemas'],
  ['const isSpecType = Object.freeze(_isSpecType);', 'isSpecType'],
];
const FILL_ONCE = [
  'let specTypesRegistered = false;',
  'function registeredSpecTypes(table) {',
  '\tif (!specTypesRegistered) {',
  '\t\tspecTypesRegistered = true;',
  ...REGISTRY_LOOP.split('\n').map((line) => `\t\t${line}`),
  '\t}',
  '\treturn Object.freeze(table);',
  '}',
].join('\n');

/** The name at the root of a call chain (`z` in `z.object(…).extend(…)`), if it is a plain name. */
function chainRoot(node) {
  while (ts.isCallExpression(node) || ts.isPropertyAccessExpression(node)) node = node.expression;
  return ts.isIdentifier(node) ? node.text : undefined;
}

/** The schema module with each const's call marked droppable; throws on a statement it cannot vouch for. */
export function markSchemasPure(text, path) {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const builders = new Set(); // zod's namespace, then each const declared so far
  const calls = [];
  const refuse = (node, why) => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    throw new Error(
      `${path}:${line + 1}: ${why}; scripts/unused-sdk-schemas-plugin.mjs can no longer tell that this module only builds schemas`,
    );
  };
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const bindings = statement.importClause?.namedBindings;
      if (statement.moduleSpecifier.text.startsWith('zod') && bindings && ts.isNamespaceImport(bindings)) {
        builders.add(bindings.name.text);
      }
    } else if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier) {
      // `export { A as a, … }`: names only.
    } else if (ts.isVariableStatement(statement) && statement.declarationList.flags & ts.NodeFlags.Const) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) refuse(declaration, 'a destructuring const');
        const value = declaration.initializer;
        if (value && ts.isCallExpression(value)) {
          if (!builders.has(chainRoot(value)))
            refuse(value, 'a const built by a call that starts neither from zod nor from an earlier const');
          calls.push(value);
        }
        builders.add(declaration.name.text);
      }
    } else {
      refuse(
        statement,
        `a top-level statement that is not an import, an export list or a const: ${statement.getText(file).split('\n')[0]}`,
      );
    }
  }
  let marked = '';
  let copied = 0;
  for (const call of calls) {
    const start = call.getStart(file);
    marked += `${text.slice(copied, start)}/* @__PURE__ */ (() => ${text.slice(start, call.end)})()`;
    copied = call.end;
  }
  return marked + text.slice(copied);
}

/** The server module with its spec-type registry filled by the exports that use it; throws if the code moved. */
export function registerSpecTypesOnUse(text, path) {
  const fail = (what) => {
    throw new Error(
      `${path}: ${what} is not there word for word; review scripts/unused-sdk-schemas-plugin.mjs against the SDK`,
    );
  };
  if (text.split(REGISTRY_LOOP).length !== 2) fail('the loop that registers every spec type');
  let result = text.replace(REGISTRY_LOOP, FILL_ONCE);
  for (const [statement, name] of REGISTRY_EXPORTS) {
    if (result.split(statement).length !== 2) fail(`the declaration of ${name}`);
    const table = statement.match(/Object\.freeze\((\w+)\)/)[1];
    result = result.replace(statement, `const ${name} = /* @__PURE__ */ registeredSpecTypes(${table});`);
  }
  return result;
}

/** @type {import('esbuild').Plugin} */
export const unusedSdkSchemasPlugin = {
  name: 'unused-sdk-schemas',
  setup(build) {
    const seen = { schemas: false, registry: false };
    build.onStart(() => {
      seen.schemas = false;
      seen.registry = false;
    });
    build.onLoad({ filter: SCHEMA_MODULE }, async ({ path }) => {
      seen.schemas = true;
      return { contents: markSchemasPure(await readFile(path, 'utf8'), path), loader: 'js' };
    });
    build.onLoad({ filter: REGISTRY_MODULE }, async ({ path }) => {
      seen.registry = true;
      return { contents: registerSpecTypesOnUse(await readFile(path, 'utf8'), path), loader: 'js' };
    });
    // A bundle with the SDK's server whose files no longer match the patterns would silently lose the saving.
    build.onEnd((result) => {
      if (result.errors.length > 0 || seen.schemas === seen.registry) return;
      result.errors.push({
        text: `unused-sdk-schemas: found the SDK's ${seen.schemas ? 'schema modules but not the server module' : 'server module but not its schema modules'}; the SDK's file names have changed`,
      });
    });
  },
};
