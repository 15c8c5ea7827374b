/**
 * Every tool's input schema, as tools/list serves it, in the subset of JSON Schema that every
 * client and model provider accepts. The rules follow the MCP Inspector's schema lint, which
 * `mcp-inspector --cli ... --method tools/list --strict` runs (modelcontextprotocol/inspector
 * pull requests 2121 and 2395: `core/json/schemaLint.ts`): an input schema's root is an object,
 * no subschema is a bare `true`/`false`, and `type` is one string, never an array (`type-union`).
 * Two rules other linters add are checked too: arrays say what their items are, and every leaf
 * says its type.
 */
import * as z from 'zod';
import { TOOLS } from '../../lambda/tools';
import { describeTool } from '../../lambda/tools/describe';

type Finding = string;

const COMBINATORS = ['anyOf', 'oneOf', 'allOf'] as const;
const TYPED_BY = ['type', 'enum', 'const', ...COMBINATORS];

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function lint(schema: unknown, path: string, findings: Finding[]): void {
  if (typeof schema === 'boolean') {
    findings.push(`${path}: a bare ${schema} schema`);
    return;
  }
  if (!isRecord(schema)) {
    findings.push(`${path}: not a schema`);
    return;
  }
  if (Array.isArray(schema.type)) findings.push(`${path}: type is an array (${JSON.stringify(schema.type)})`);
  if (!TYPED_BY.some((key) => key in schema)) findings.push(`${path}: no type`);
  if (schema.type === 'array' && schema.items === undefined) findings.push(`${path}: an array without items`);
  for (const [name, property] of Object.entries(isRecord(schema.properties) ? schema.properties : {})) {
    lint(property, `${path}.${name}`, findings);
  }
  if (schema.items !== undefined) lint(schema.items, `${path}[]`, findings);
  if (isRecord(schema.additionalProperties)) lint(schema.additionalProperties, `${path}{}`, findings);
  for (const combinator of COMBINATORS) {
    const branches = schema[combinator];
    if (Array.isArray(branches)) branches.forEach((branch, index) => lint(branch, `${path}|${index}`, findings));
  }
}

function findings(inputSchema: Record<string, unknown>): Finding[] {
  const found: Finding[] = [];
  if (inputSchema.type !== 'object') found.push('(root): type is not "object"');
  lint(inputSchema, '(root)', found);
  return found;
}

describe('input schemas every client accepts', () => {
  test.each(TOOLS.map((tool) => [tool.name, tool] as const))('%s', (_name, tool) => {
    expect(findings(describeTool(tool).inputSchema)).toEqual([]);
  });

  test.each(TOOLS.map((tool) => [tool.name, tool] as const))(
    '%s: the schema requires exactly the fields the tool cannot do without',
    (_name, tool) => {
      const parsed = z.object(tool.input).safeParse({});
      const missing = parsed.success ? [] : [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
      expect((describeTool(tool).inputSchema.required ?? []).sort()).toEqual(missing.sort());
    },
  );

  test('the lint finds what it looks for', () => {
    const bad = {
      type: 'object',
      properties: {
        id: { type: ['string', 'number'] },
        anything: true,
        list: { type: 'array' },
        free: { description: 'no type' },
      },
    };
    expect(findings(bad)).toEqual([
      '(root).id: type is an array (["string","number"])',
      '(root).anything: a bare true schema',
      '(root).list: an array without items',
      '(root).free: no type',
    ]);
    expect(findings({ type: 'string' })).toEqual(['(root): type is not "object"']);
  });
});
