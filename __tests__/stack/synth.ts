/**
 * Synthesizes the stack in-process for the JSON tests, from the same configuration path main.ts
 * uses (loadStackConfig over environment variables), and registers cdktf's jest matchers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type App, TerraformStack, Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { loadStackConfig } from '../../constructs/config';
import { QuantConnectMcpStack } from '../../constructs/mcp-stack';

Testing.setupJest();

// Testing.app writes nothing for Testing.synth, but creates its output directory: one per file.
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-mcp-stack-test-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

/** One synthesized block (resource, data source, variable…): tests name the attributes they read. */
export type Block = Record<string, unknown>;

/** The synthesized Terraform JSON, as far as the tests read it. */
export interface SynthesizedStack {
  readonly resource: Record<string, Record<string, Block> | undefined>;
  readonly data?: Record<string, Record<string, Block>>;
  readonly output: Record<string, { readonly value: unknown; readonly sensitive?: boolean }>;
  readonly variable?: Record<string, Block>;
  readonly provider: Record<string, Block[]>;
  readonly terraform: {
    readonly backend?: Record<string, Block>;
    readonly cloud?: Block;
    readonly required_providers: Record<string, Block>;
  };
}

export interface Synthesized {
  /** The synthesized JSON text, for cdktf's matchers. */
  readonly json: string;
  /** The same, parsed. */
  readonly tf: SynthesizedStack;
}

/** The main stack for these settings; the state backend is local unless the settings say otherwise. */
export function synthStack(settings: Record<string, string> = {}): Synthesized {
  const config = loadStackConfig({ QC_MCP_STATE_BACKEND: 'local', ...settings });
  const stack = new QuantConnectMcpStack(testApp(), 'qc-mcp', { config });
  return parsed(Testing.synth(stack));
}

/** A synthesized stack's JSON with its parsed form. */
export function parsed(json: string): Synthesized {
  return { json, tf: JSON.parse(json) as SynthesizedStack };
}

/** An app for a test (cdktf's testing defaults). */
export function testApp(): App {
  return Testing.app({ outdir });
}

/** An empty stack, to test one construct on its own. */
export function emptyStack(): TerraformStack {
  return new TerraformStack(testApp(), 'test');
}

/** The Terraform names of the resources of a type. */
export function namesOf(tf: SynthesizedStack, type: string): string[] {
  return Object.keys(tf.resource[type] ?? {});
}

/** Every resource of a type, as synthesized (snake_case keys), typed as the test reads it. */
export function resources<T = Block>(tf: SynthesizedStack, type: string): T[] {
  return Object.values(tf.resource[type] ?? {}) as T[];
}

/** The one resource of a type; fails when there are none or several. */
export function onlyResource<T = Block>(tf: SynthesizedStack, type: string): T {
  const found = resources<T>(tf, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

/** `type.key` of the resource of a type whose `name` attribute is `name`; fails unless there is exactly one. */
export function addressNamed(tf: SynthesizedStack, type: string, name: string): string {
  const keys = namesOf(tf, type).filter((key) => tf.resource[type]?.[key].name === name);
  if (keys.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${keys.length}`);
  return `${type}.${keys[0]}`;
}

/** The resource of a type whose `name` attribute is `name`. */
export function resourceNamed<T = Block>(tf: SynthesizedStack, type: string, name: string): T {
  const [, key] = addressNamed(tf, type, name).split('.');
  return tf.resource[type]?.[key] as T;
}

/** `type.name` of the one resource of a type, the way depends_on names it. */
export function addressOf(tf: SynthesizedStack, type: string): string {
  const names = namesOf(tf, type);
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return `${type}.${names[0]}`;
}

/** A reference to an attribute of the one resource of a type, as it appears in the JSON. */
export function referenceTo(tf: SynthesizedStack, type: string, attribute: string): string {
  return `\${${addressOf(tf, type)}.${attribute}}`;
}

/** References to an attribute of every resource of a type, sorted. */
export function referencesTo(tf: SynthesizedStack, type: string, attribute: string): string[] {
  return namesOf(tf, type)
    .map((name) => `\${${type}.${name}.${attribute}}`)
    .sort();
}

/** How many resources of each type the stack has: { aws_lambda_function: 1, … }. */
export function resourceCounts(tf: SynthesizedStack): Record<string, number> {
  return Object.fromEntries(Object.keys(tf.resource).map((type) => [type, namesOf(tf, type).length]));
}

/** The resources of a production stack with every optional feature off, by type: the list. */
export const PRODUCTION_RESOURCE_COUNTS: Readonly<Record<string, number>> = {
  aws_api_gateway_api_key: 1,
  aws_api_gateway_deployment: 1,
  aws_api_gateway_gateway_response: 2,
  aws_api_gateway_integration: 3,
  aws_api_gateway_integration_response: 2,
  aws_api_gateway_method: 3,
  aws_api_gateway_method_response: 2,
  aws_api_gateway_method_settings: 1,
  aws_api_gateway_resource: 1,
  aws_api_gateway_rest_api: 1,
  aws_api_gateway_stage: 1,
  aws_api_gateway_usage_plan: 1,
  aws_api_gateway_usage_plan_key: 1,
  aws_cloudwatch_dashboard: 1,
  aws_cloudwatch_log_group: 2,
  aws_cloudwatch_metric_alarm: 4,
  aws_iam_role: 1,
  aws_iam_role_policy: 1,
  aws_lambda_function: 1,
  aws_lambda_permission: 1,
  aws_secretsmanager_secret: 2,
};
