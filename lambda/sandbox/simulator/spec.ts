/**
 * The official QuantConnect OpenAPI spec, read from the file `QC_MCP_OPENAPI_SPEC` names (CI
 * downloads it there from its pinned upstream commit) or else from `../shared/quantconnect-api/`
 * next to the repository. Its licence reserves all rights, so it is never copied into the project:
 * tests read it where it lies and skip what needs it, with a printed reason, when it is not there.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

const SPEC_RELATIVE_PATH = join('shared', 'quantconnect-api', 'QuantConnect-Platform-2.0.0.yaml');
/** Names the spec file when it lies elsewhere (CI's download); a file that is not there is an error, not a skip. */
export const SPEC_PATH_VARIABLE = 'QC_MCP_OPENAPI_SPEC';

/** The parts of an OpenAPI 3.0 document the tests use. */
export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  readonly components: { readonly schemas: Record<string, unknown>; readonly responses?: Record<string, unknown> };
}

export interface OpenApiOperation {
  readonly requestBody?: { readonly required?: boolean; readonly content?: Record<string, { schema?: unknown }> };
  readonly responses?: Record<string, { content?: Record<string, { schema?: unknown }>; $ref?: string }>;
}

export type SpecLookup =
  | { readonly found: true; readonly path: string; readonly document: OpenApiDocument }
  | { readonly found: false; readonly reason: string };

/**
 * The file `QC_MCP_OPENAPI_SPEC` names, or `shared/quantconnect-api/…yaml` in the first folder above
 * this file or above the working directory that has it (found from the sources, from a bundle in
 * dist/, and from any checkout path).
 */
export function findSpecPath(): string | undefined {
  const named = process.env[SPEC_PATH_VARIABLE];
  if (named) {
    // Set on purpose (CI): a wrong path must fail the spec checks, not skip them quietly.
    if (!existsSync(named)) throw new Error(`${SPEC_PATH_VARIABLE}=${named}: no such file`);
    return named;
  }
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const candidate = join(dir, SPEC_RELATIVE_PATH);
      if (existsSync(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}

const cache = new Map<string, OpenApiDocument>();

/**
 * Loads the spec (parsed once per process). `specPath` overrides the search; `null` means "run
 * without the spec" and is reported as such.
 */
export function loadSpec(specPath?: string | null): SpecLookup {
  if (specPath === null) return { found: false, reason: 'the caller asked to run without the spec (specPath: null)' };
  const path = specPath ?? findSpecPath();
  if (path === undefined) {
    return {
      found: false,
      reason: `no ${SPEC_RELATIVE_PATH} found above ${__dirname} or ${process.cwd()} (it lives next to the repository, never in it)`,
    };
  }
  if (!existsSync(path)) return { found: false, reason: `${path} does not exist` };
  let document = cache.get(path);
  if (!document) {
    document = parseCached(readFileSync(path, 'utf8'));
    cache.set(path, document);
  }
  return { found: true, path, document };
}

/**
 * Parsing the 230 KB YAML takes ~0.4 s, paid by every test file that starts a fake; the parsed
 * form is kept as JSON in the temp folder, keyed by the YAML's hash (outside the project).
 */
function parseCached(yamlText: string): OpenApiDocument {
  const hash = createHash('sha256').update(yamlText).digest('hex').slice(0, 16);
  const cachePath = join(tmpdir(), `qc-openapi-${hash}.json`);
  try {
    return JSON.parse(readFileSync(cachePath, 'utf8')) as OpenApiDocument;
  } catch {
    const document = parse(yamlText) as OpenApiDocument;
    // Write then rename, so a parallel test worker never reads a half-written file.
    const partial = `${cachePath}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(document));
    renameSync(partial, cachePath);
    return document;
  }
}

/** Every endpoint of the spec (`/projects/create`, …), in the spec's order. */
export function specEndpoints(document: OpenApiDocument): string[] {
  return Object.keys(document.paths);
}
