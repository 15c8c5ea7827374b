/**
 * The benchmark compares the production handler with a baseline (scripts/bench/baseline.ts, on the
 * SDK v2, and the first one, scripts/bench/baseline-v1.ts, on the v1 SDK) and with the one-tool
 * naive handler (scripts/bench/naive-v1.ts, its budgets' yardstick); the comparison only means
 * something if they serve the same protocol for the same events, in every era they serve.
 */
import type { Tool } from '@modelcontextprotocol/server';
import {
  callToolRequest,
  discoverRequest,
  type Era,
  initializeRequest,
  type JsonRpcRequest,
  lambdaContext,
  listToolsRequest,
  mcpEvent,
} from '../../scripts/bench/events';
import { answerMessage, type LambdaHandler } from '../../scripts/bench/handler';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';

const VARIABLES = ['QC_USER_ID', 'QC_API_TOKEN', 'QC_API_BASE_URL', 'AWS_REGION'];
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
let fake: QuantConnectFake;
let ours: LambdaHandler;
let naive: LambdaHandler;
const baselines: Record<string, LambdaHandler> = {};

beforeAll(async () => {
  // The production handler logs a line per request, and the SDK v2 warns once that JSON
  // responses drop mid-call notifications: here that is only noise.
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  fake = await startQuantConnectFake();
  Object.assign(process.env, {
    QC_USER_ID: fake.userId,
    QC_API_TOKEN: fake.apiToken,
    QC_API_BASE_URL: fake.url,
    AWS_REGION: 'us-east-1',
  });
  // All read the environment when loaded.
  ours = (await import('../../lambda/index')).handler;
  baselines['SDK v2'] = (await import('../../scripts/bench/baseline')).handler;
  baselines['v1 SDK'] = (await import('../../scripts/bench/baseline-v1')).handler;
  naive = (await import('../../scripts/bench/naive-v1')).handler;
});

afterAll(async () => {
  jest.restoreAllMocks();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await fake.close();
});

interface Answer {
  readonly statusCode: number;
  readonly body: { result: Record<string, unknown> };
}

async function answer(handler: LambdaHandler, request: JsonRpcRequest, era: Era): Promise<Answer> {
  const result = await handler(mcpEvent(request, request.id, era), lambdaContext(request.id));
  return { statusCode: result.statusCode, body: answerMessage(result) as Answer['body'] };
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

/** Each baseline with the protocol eras it serves: the v1 SDK knows nothing after 2025-11-25. */
const CASES: readonly (readonly [string, Era])[] = [
  ['SDK v2', 'legacy'],
  ['SDK v2', 'modern'],
  ['v1 SDK', 'legacy'],
];

describe.each(CASES)('the baseline on the %s, to a %s client', (sdk, era) => {
  test('lists the same tools, with the same descriptions, annotations and input schemas', async () => {
    const [ourList, baselineList] = await Promise.all([
      answer(ours, listToolsRequest(2), era),
      answer(baselines[sdk], listToolsRequest(2), era),
    ]);
    const ourTools = ourList.body.result.tools as Tool[];
    expect(ourTools.length).toBeGreaterThan(0);
    expect(baselineList.statusCode).toBe(200);
    expect(comparable(baselineList.body.result.tools as Tool[])).toEqual(comparable(ourTools));
  });

  test('calls a tool with the same request to QuantConnect and gives the same result', async () => {
    const created = await answer(
      ours,
      callToolRequest(3, 'create_project', { name: `Baseline check, ${sdk}, ${era}`, language: 'Py' }),
      era,
    );
    const { projectId } = JSON.parse((created.body.result.content as { text: string }[])[0].text) as {
      projectId: number;
    };
    const before = fake.requests.length;
    const ourRead = await answer(ours, callToolRequest(4, 'read_project', { projectId }), era);
    const baselineRead = await answer(baselines[sdk], callToolRequest(4, 'read_project', { projectId }), era);
    const [ourRequest, baselineRequest] = fake.requests.slice(before);
    expect(baselineRequest.endpoint).toBe(ourRequest.endpoint);
    expect(baselineRequest.body).toEqual(ourRequest.body);
    expect(baselineRead.body).toEqual(ourRead.body);
  });
});

test.each(['SDK v2', 'v1 SDK'])(
  'the baseline on the %s answers initialize with the same protocol version',
  async (sdk) => {
    const [ourInit, baselineInit] = await Promise.all([
      answer(ours, initializeRequest(1), 'legacy'),
      answer(baselines[sdk], initializeRequest(1), 'legacy'),
    ]);
    expect(baselineInit.statusCode).toBe(200);
    expect(baselineInit.body.result.protocolVersion).toBe(ourInit.body.result.protocolVersion);
  },
);

test('the baseline on the SDK v2 answers server/discover with the same protocol versions', async () => {
  const [ourDiscover, baselineDiscover] = await Promise.all([
    answer(ours, discoverRequest(1), 'modern'),
    answer(baselines['SDK v2'], discoverRequest(1), 'modern'),
  ]);
  expect(baselineDiscover.statusCode).toBe(200);
  expect(ourDiscover.body.result.supportedVersions).toEqual(['2026-07-28']);
  expect(baselineDiscover.body.result.supportedVersions).toEqual(ourDiscover.body.result.supportedVersions);
});

describe('the one-tool naive handler on the v1 SDK, to a 2025-11-25 client', () => {
  test('answers initialize with the same protocol version', async () => {
    const [ourInit, naiveInit] = await Promise.all([
      answer(ours, initializeRequest(1), 'legacy'),
      answer(naive, initializeRequest(1), 'legacy'),
    ]);
    expect(naiveInit.statusCode).toBe(200);
    expect(naiveInit.body.result.protocolVersion).toBe(ourInit.body.result.protocolVersion);
  });

  test('lists its one tool, read_project, with an input schema asking for the project id', async () => {
    const list = await answer(naive, listToolsRequest(2), 'legacy');
    const tools = list.body.result.tools as Tool[];
    expect(tools.map((tool) => tool.name)).toEqual(['read_project']);
    expect(tools[0].inputSchema).toMatchObject({ type: 'object', required: ['projectId'] });
  });

  test('reads a project with the request ours sends to QuantConnect, and answers with that project', async () => {
    const created = await answer(
      ours,
      callToolRequest(3, 'create_project', { name: 'Naive handler check', language: 'Py' }),
      'legacy',
    );
    const { projectId } = JSON.parse((created.body.result.content as { text: string }[])[0].text) as {
      projectId: number;
    };
    const before = fake.requests.length;
    const ourRead = await answer(ours, callToolRequest(4, 'read_project', { projectId }), 'legacy');
    const naiveRead = await answer(naive, callToolRequest(4, 'read_project', { projectId }), 'legacy');
    const [ourRequest, naiveRequest] = fake.requests.slice(before);
    expect(naiveRequest.endpoint).toBe(ourRequest.endpoint);
    expect(naiveRequest.body).toEqual(ourRequest.body);
    expect(naiveRead.body.result.isError).toBeUndefined();
    expect(ourRead.body.result.isError).toBeUndefined();
    // QuantConnect's answer as it is (ours shapes it for the agent: not compared).
    const naiveProject = JSON.parse((naiveRead.body.result.content as { text: string }[])[0].text) as {
      projects: { projectId: number }[];
    };
    expect(naiveProject.projects[0].projectId).toBe(projectId);
  });
});
