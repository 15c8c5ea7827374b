/**
 * stringifyReusingFrozen (lambda/vendor/frozen-json.ts), which the bundles' Response.json uses:
 * JSON.stringify's text, byte for byte, whatever it is given, and a frozen value's text reused
 * only while nothing in it can change.
 */
import { stringifyReusingFrozen } from '../../lambda/vendor/frozen-json';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { describeTool } from '../../lambda/tools/describe';
import { TOOLS } from '../../lambda/tools';
import { lambdaContext, mcpPost } from '../support/mcp-events';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

const sparse: unknown[] = [1];
sparse[3] = 4;
const frozenTools = deepFreeze({
  tools: [{ name: 'a', inputSchema: { type: 'object', properties: { x: { type: 'number' } } } }],
});

const VALUES: [string, unknown][] = [
  ['a JSON-RPC answer holding a frozen list', { jsonrpc: '2.0', id: 7, result: { ...frozenTools, ttlMs: 300000 } }],
  [
    'a batch',
    [
      { jsonrpc: '2.0', id: 'a', result: frozenTools },
      { jsonrpc: '2.0', id: 'b', error: { code: -1 } },
    ],
  ],
  ['members that JSON leaves out', { a: undefined, b: () => 1, c: Symbol('s'), d: 1, [Symbol('k')]: 2 }],
  ['array items it writes null', [undefined, () => 1, Symbol('s'), NaN, Infinity, -0]],
  ['a sparse array', sparse],
  [
    'dates, boxed primitives, maps',
    { at: new Date(0), s: Object('text') as unknown, n: Object(3) as unknown, m: new Map([[1, 2]]) },
  ],
  ['a toJSON of its own', { a: 1, toJSON: (key: string) => ({ key }) }],
  ['a toJSON below', { a: { toJSON: (key: string) => `key ${key}` } }],
  ['a null-prototype object', Object.assign(Object.create(null) as object, { a: 1 })],
  ['deep nesting', { a: { b: { c: { d: { e: { f: [1, { g: 'h' }] } } } } } }],
  ['strings needing escapes', { 'k"ey\n': 'v\u2028al"ue\\', emoji: '😀' }],
  ['primitives', 'text'],
  ['null', null],
  ['a number', 1.5],
];

test.each(VALUES)('writes %s as JSON.stringify does, twice', (_, value) => {
  expect(stringifyReusingFrozen(value)).toBe(JSON.stringify(value));
  expect(stringifyReusingFrozen(value)).toBe(JSON.stringify(value));
});

test('undefined at the top is undefined, as JSON.stringify answers', () => {
  expect(stringifyReusingFrozen(undefined)).toBe(JSON.stringify(undefined));
});

test('refuses what JSON.stringify refuses: a cycle, frozen or not, and a bigint', () => {
  const loop: Record<string, unknown> = { a: 1 };
  loop.self = { loop };
  expect(() => stringifyReusingFrozen(loop)).toThrow(TypeError);
  const frozenLoop: Record<string, unknown> = {};
  frozenLoop.self = frozenLoop;
  Object.freeze(frozenLoop);
  expect(() => stringifyReusingFrozen({ frozenLoop })).toThrow(TypeError);
  expect(() => stringifyReusingFrozen({ big: BigInt(1) })).toThrow(TypeError);
});

test('never reuses the text of a frozen object whose members can still change', () => {
  const inner = { count: 1 };
  const shallow = Object.freeze({ inner });
  expect(stringifyReusingFrozen({ shallow })).toBe('{"shallow":{"inner":{"count":1}}}');
  inner.count = 2;
  expect(stringifyReusingFrozen({ shallow })).toBe('{"shallow":{"inner":{"count":2}}}');
  let calls = 0;
  const withGetter = Object.freeze(Object.defineProperty({}, 'n', { enumerable: true, get: () => ++calls }));
  expect(stringifyReusingFrozen({ withGetter })).toBe('{"withGetter":{"n":1}}');
  expect(stringifyReusingFrozen({ withGetter })).toBe('{"withGetter":{"n":2}}');
});

test('the bundle’s tools/list, whose list is frozen, is the catalogue in JSON.stringify’s text, request after request', async () => {
  const saved = { ...process.env };
  Object.assign(process.env, { QC_USER_ID: '1', QC_API_TOKEN: 'token', QC_MCP_ACCESS: 'live-trading' });
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    let bundle: { handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult> };
    jest.isolateModules(() => {
      bundle = jest.requireActual(join(__dirname, '..', '..', 'dist', 'lambda', 'index.js'));
    });
    const bodies: string[] = [];
    for (const id of [1, 2, 3]) {
      bodies.push((await bundle!.handler(mcpPost({ jsonrpc: '2.0', id, method: 'tools/list' }), lambdaContext())).body);
    }
    for (const [index, body] of bodies.entries()) {
      const parsed = JSON.parse(body) as { id: number; result: { tools: unknown[] } };
      expect(body).toBe(JSON.stringify(parsed));
      expect(parsed.id).toBe(index + 1);
      expect(parsed.result.tools).toEqual(TOOLS.map((tool) => describeTool(tool)));
    }
  } finally {
    process.env = saved;
    jest.restoreAllMocks();
  }
});
