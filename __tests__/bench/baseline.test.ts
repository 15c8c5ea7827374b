/**
 * The benchmark compares the production handler with a baseline (scripts/bench/baseline.ts); the
 * comparison only means something if both serve the same protocol for the same events.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import {
  callToolRequest,
  initializeRequest,
  type JsonRpcRequest,
  lambdaContext,
  listToolsRequest,
  mcpEvent,
} from '../../scripts/bench/events';
import type { LambdaHandler } from '../../scripts/bench/handler';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';

const VARIABLES = ['QC_USER_ID', 'QC_API_TOKEN', 'QC_API_BASE_URL', 'AWS_REGION'];
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
let fake: QuantConnectFake;
let ours: LambdaHandler;
let baseline: LambdaHandler;

beforeAll(async () => {
  // The production handler logs a line per request; here that is only noise.
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  fake = await startQuantConnectFake();
  Object.assign(process.env, {
    QC_USER_ID: fake.userId,
    QC_API_TOKEN: fake.apiToken,
    QC_API_BASE_URL: fake.url,
    AWS_REGION: 'us-east-1',
  });
  // Both read the environment when loaded.
  ours = (await import('../../lambda/index')).handler;
  baseline = (await import('../../scripts/bench/baseline')).handler;
});

afterAll(async () => {
  jest.restoreAllMocks();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await fake.close();
});

async function answer(handler: LambdaHandler, request: JsonRpcRequest) {
  const result = await handler(mcpEvent(request, request.id), lambdaContext(request.id));
  return { statusCode: result.statusCode, body: JSON.parse(result.body) as { result: Record<string, unknown> } };
}

const SAFE_INTEGER_BOUNDS = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];

/**
 * What our one-time schema build (lambda/tools/describe.ts) leaves out on purpose, because it
 * costs an agent tokens and says nothing: the dialect URI, ±2^53 bounds on integers, an empty
 * `additionalProperties` and `propertyNames: {type: 'string'}` on records. It also spells a
 * `type` array as `anyOf` (some clients refuse type unions); `withoutBoilerplate` does the same.
 */
function isBoilerplate(key: string, value: unknown): boolean {
  if (key === '$schema') return true;
  if (key === 'minimum' || key === 'maximum') return SAFE_INTEGER_BOUNDS.includes(value as number);
  if (key === 'additionalProperties') return JSON.stringify(value) === '{}';
  if (key === 'propertyNames') return JSON.stringify(value) === '{"type":"string"}';
  return false;
}

function withoutBoilerplate(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutBoilerplate);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !isBoilerplate(key, value))
      .map(([key, value]) =>
        key === 'type' && Array.isArray(value)
          ? ['anyOf', value.map((type: unknown) => ({ type }))]
          : [key, withoutBoilerplate(value)],
      ),
  );
}

function comparable(tools: readonly Tool[]) {
  return tools.map((tool) => ({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    annotations: tool.annotations,
    inputSchema: withoutBoilerplate(tool.inputSchema),
  }));
}

test('the baseline lists the same tools, with the same descriptions, annotations and input schemas', async () => {
  const [ourList, baselineList] = await Promise.all([
    answer(ours, listToolsRequest(2)),
    answer(baseline, listToolsRequest(2)),
  ]);
  const ourTools = ourList.body.result.tools as Tool[];
  expect(ourTools.length).toBeGreaterThan(0);
  expect(comparable(baselineList.body.result.tools as Tool[])).toEqual(comparable(ourTools));
});

test('the baseline answers initialize with the same protocol version', async () => {
  const [ourInit, baselineInit] = await Promise.all([
    answer(ours, initializeRequest(1)),
    answer(baseline, initializeRequest(1)),
  ]);
  expect(baselineInit.statusCode).toBe(200);
  expect(baselineInit.body.result.protocolVersion).toBe(ourInit.body.result.protocolVersion);
});

test('the baseline calls a tool with the same request to QuantConnect and gives the same result', async () => {
  const created = await answer(ours, callToolRequest(3, 'create_project', { name: 'Baseline check', language: 'Py' }));
  const { projectId } = JSON.parse((created.body.result.content as { text: string }[])[0].text) as {
    projectId: number;
  };
  const before = fake.requests.length;
  const ourRead = await answer(ours, callToolRequest(4, 'read_project', { projectId }));
  const baselineRead = await answer(baseline, callToolRequest(4, 'read_project', { projectId }));
  const [ourRequest, baselineRequest] = fake.requests.slice(before);
  expect(baselineRequest.endpoint).toBe(ourRequest.endpoint);
  expect(baselineRequest.body).toEqual(ourRequest.body);
  expect(baselineRead.body).toEqual(ourRead.body);
});
