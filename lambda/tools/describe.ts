/**
 * Turns a tool definition into its `tools/list` entry. Called once per container for the whole
 * catalogue: the SDK's McpServer would redo the zod → JSON Schema conversion on every list.
 */
import * as z from 'zod';
import type { Tool } from '@modelcontextprotocol/server';
import { toolAnnotations, type ToolDefinition } from './define';

const SAFE_INTEGER_BOUNDS = new Set([Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]);

function isEmptyObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** JSON object keys are strings anyway: zod's `propertyNames: {type: 'string'}` on records says nothing. */
function isStringKeys(value: unknown): boolean {
  return JSON.stringify(value) === '{"type":"string"}';
}

/**
 * Drops what costs an agent tokens and tells it nothing: the dialect URI, ±2^53 bounds on ints,
 * and JSON Schema's own defaults (`additionalProperties: {}` allows anything, as omitting it does).
 * Spells a `type` array (zod's form of a union of primitives) as `anyOf`: some clients and model
 * providers read `type` as one string and refuse the tool (the MCP Inspector's `type-union` rule).
 */
function compact(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(compact);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema') continue;
    if (key === 'type' && Array.isArray(value)) {
      out.anyOf = value.map((type: unknown) => ({ type }));
      continue;
    }
    if ((key === 'minimum' || key === 'maximum') && SAFE_INTEGER_BOUNDS.has(value as number)) continue;
    if (key === 'additionalProperties' && isEmptyObject(value)) continue;
    if (key === 'propertyNames' && isStringKeys(value)) continue;
    out[key] = compact(value);
  }
  return out;
}

export function describeTool(definition: ToolDefinition): Tool {
  const inputSchema = compact(z.toJSONSchema(z.object(definition.input), { io: 'input' })) as Tool['inputSchema'];
  return {
    name: definition.name,
    title: definition.title,
    description: definition.description,
    inputSchema,
    annotations: toolAnnotations(definition),
  };
}
