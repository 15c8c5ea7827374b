/**
 * Synthesizes the stack in-process for the JSON tests, from the same configuration path main.ts
 * uses (loadStackConfig over environment variables), and registers cdktf's jest matchers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { loadStackConfig } from '../../constructs/config';
import { QuantConnectMcpStack } from '../../constructs/mcp-stack';

Testing.setupJest();

// Testing.app writes nothing for Testing.synth, but creates its output directory: one per file.
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-mcp-stack-test-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Synthesized {
  /** The synthesized JSON text, for cdktf's matchers. */
  readonly json: string;
  /** The same, parsed. */
  readonly tf: Json;
}

/** The main stack for these settings; the state backend is local unless the settings say otherwise. */
export function synthStack(settings: Record<string, string> = {}): Synthesized {
  const config = loadStackConfig({ QC_MCP_STATE_BACKEND: 'local', ...settings });
  const app = Testing.app({ outdir });
  const stack = new QuantConnectMcpStack(app, 'qc-mcp', { config });
  const json = Testing.synth(stack);
  return { json, tf: JSON.parse(json) as Json };
}

/** An empty stack, to test one construct on its own. */
export function emptyStack(): TerraformStack {
  return new TerraformStack(Testing.app({ outdir }), 'test');
}

/** Every resource of a type, as synthesized (snake_case keys). */
export function resources(tf: Json, type: string): Json[] {
  return Object.values((tf.resource?.[type] ?? {}) as Record<string, Json>);
}

/** The one resource of a type; fails when there are none or several. */
export function onlyResource(tf: Json, type: string): Json {
  const found = resources(tf, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

/** `${type.name}` of the one resource of a type, the way other resources refer to it. */
export function addressOf(tf: Json, type: string): string {
  const names = Object.keys((tf.resource?.[type] ?? {}) as Record<string, Json>);
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return `${type}.${names[0]}`;
}

/** A reference to an attribute of the one resource of a type, as it appears in the JSON. */
export function referenceTo(tf: Json, type: string, attribute: string): string {
  return `\${${addressOf(tf, type)}.${attribute}}`;
}

/** How many resources of each type the stack has: { aws_lambda_function: 1, … }. */
export function resourceCounts(tf: Json): Record<string, number> {
  return Object.fromEntries(
    Object.entries((tf.resource ?? {}) as Record<string, Json>).map(([type, byName]) => [
      type,
      Object.keys(byName).length,
    ]),
  );
}
