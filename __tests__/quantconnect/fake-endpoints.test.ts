/**
 * The fake answers every endpoint of the spec, with answers shaped as the spec's response schemas
 * say (after the repairs listed in spec-validation.ts), to valid requests sent by the real client.
 */
import { createQuantConnectClient } from '../../lambda/quantconnect/client';
import type { QuantConnectResponse } from '../../lambda/quantconnect/types';
import { createSpecValidator } from '../../lambda/sandbox/simulator/spec-validation';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';
import { loadSpec, specEndpoints } from '../../lambda/sandbox/simulator/spec';

const spec = loadSpec();
if (!spec.found) console.warn(`Skipping the spec conformance of the fake's answers: ${spec.reason}`);
const describeWithSpec = spec.found ? describe : describe.skip;

describeWithSpec('the fake against the spec', () => {
  let fake: QuantConnectFake;
  const answers = new Map<string, QuantConnectResponse[]>();

  beforeAll(async () => {
    fake = await startQuantConnectFake({ readsUntilDone: 0 });
    const client = createQuantConnectClient({ baseUrl: fake.url, credentials: () => Promise.resolve(fake) });
    const call = async (endpoint: string, body?: object | FormData): Promise<QuantConnectResponse> => {
      const answer = await client.post(endpoint, body, { idempotent: false });
      answers.set(endpoint, [...(answers.get(endpoint) ?? []), answer]);
      return answer;
    };
    await everyEndpoint(call, fake);
    const location = await client.postForRedirect(
      '/live/auth0/authorize',
      { brokerage: 'alpaca' },
      { idempotent: false },
    );
    answers.set('/live/auth0/authorize', [{ location }]);
    await call('/live/auth0/read', { brokerage: 'alpaca' });
  });
  afterAll(() => fake.close());

  it('validates request bodies with the spec', () => {
    expect(fake.specValidation.enabled).toBe(true);
  });

  it('answers every endpoint of the spec', () => {
    const missing = specEndpoints(spec.found ? spec.document : { paths: {}, components: { schemas: {} } }).filter(
      (endpoint) => !answers.has(endpoint),
    );
    expect(missing).toEqual([]);
    expect(fake.requests.filter((request) => request.refusal)).toEqual([]);
  });

  it('answers in the shapes of the spec response schemas', () => {
    const validator = createSpecValidator(spec.found ? spec.document : { paths: {}, components: { schemas: {} } });
    const mismatches = [...answers].flatMap(([endpoint, bodies]) =>
      bodies
        .map((body) => validator.response(endpoint, body))
        .flatMap((error) => (error ? [`${endpoint}: ${error}`] : [])),
    );
    expect(mismatches).toEqual([]);
  });
});

type Call = (endpoint: string, body?: object | FormData) => Promise<QuantConnectResponse>;

/** A scenario that calls each of the 61 endpoints at least once, in an order where each call makes sense. */
async function everyEndpoint(call: Call, fake: QuantConnectFake): Promise<void> {
  const organizationId = fake.organizationId;
  await call('/account/read');
  await call('/lean/versions/read');

  const created = await call('/projects/create', { name: 'Everything', language: 'Py' });
  const { projectId } = (created.projects as { projectId: number }[])[0];
  await call('/projects/read', {});
  await call('/projects/read', { projectId });
  await call('/projects/update', { projectId, description: 'All endpoints' });
  await call('/projects/collaboration/create', {
    projectId,
    collaboratorUserId: 'jane_doe',
    collaborationLiveControl: false,
    collaborationWrite: true,
  });
  await call('/projects/collaboration/read', { projectId });
  await call('/projects/collaboration/update', {
    projectId,
    collaboratorUserId: 'jane_doe',
    liveControl: true,
    write: false,
  });
  await call('/projects/collaboration/delete', { projectId, collaboratorId: 'jane_doe' });
  await call('/projects/collaboration/lock/acquire', { projectId, codeSourceId: 'mcp' });
  const nodes = await call('/projects/nodes/read', { projectId });
  const liveNodeId = (nodes.nodes as { live: { id: string }[] }).live[0].id;
  await call('/projects/nodes/update', { projectId, nodes: [liveNodeId] });

  await call('/files/create', { projectId, name: 'util.py', content: 'X = 1\n' });
  await call('/files/read', { projectId });
  await call('/files/update', { projectId, name: 'util.py', content: 'X = 2\n' });
  await call('/files/update', { projectId, name: 'util.py', newName: 'helpers.py' });
  await call('/files/patch', { projectId, patch: '--- a/helpers.py\n+++ b/helpers.py\n@@ -1 +1 @@\n-X = 2\n+X = 3\n' });
  await call('/files/delete', { projectId, name: 'helpers.py' });

  const { compileId } = (await call('/compile/create', { projectId })) as { compileId: string };
  await call('/compile/read', { projectId, compileId });

  const backtest = await call('/backtests/create', {
    projectId,
    compileId,
    backtestName: 'Run',
    parameters: { fast: 10 },
  });
  const { backtestId } = backtest.backtest as { backtestId: string };
  await call('/backtests/read', { projectId, backtestId });
  await call('/backtests/list', { projectId, includeStatistics: true });
  await call('/backtests/orders/read', { projectId, backtestId, start: 0, end: 99 });
  await call('/backtests/read/insights', { projectId, backtestId, start: 0, end: 10 });
  const range = { count: 50, start: 1_700_000_000, end: 1_800_000_000 };
  await call('/backtests/chart/read', { projectId, backtestId, name: 'Strategy Equity', ...range });
  await call('/backtests/read/report', { projectId, backtestId });
  await call('/backtests/update', { projectId, backtestId, name: 'Renamed', note: 'note' });

  const optimization = {
    projectId,
    name: 'Grid',
    target: 'TotalPerformance.PortfolioStatistics.SharpeRatio',
    targetTo: 'max',
    strategy: 'QuantConnect.Optimizer.Strategies.GridSearchOptimizationStrategy',
    compileId,
    parameters: [{ name: 'fast', min: 5, max: 15, step: 5 }],
    constraints: [{ target: 'TotalPerformance.PortfolioStatistics.Drawdown', operator: 'Less', targetValue: 0.2 }],
  };
  await call('/optimizations/estimate', optimization);
  const optimizations = await call('/optimizations/create', {
    ...optimization,
    estimatedCost: 0.5,
    nodeType: 'O2-8',
    parallelNodes: 2,
  });
  const { optimizationId } = (optimizations.optimizations as { optimizationId: string }[])[0];
  await call('/optimizations/read', { optimizationId });
  await call('/optimizations/read', { optimizationId });
  await call('/optimizations/list', { projectId });
  await call('/optimizations/update', { optimizationId, name: 'Grid 2' });
  await call('/optimizations/delete', { optimizationId });
  const second = await call('/optimizations/create', {
    ...optimization,
    estimatedCost: 0.5,
    nodeType: 'O2-8',
    parallelNodes: 2,
  });
  await call('/optimizations/abort', {
    optimizationId: (second.optimizations as { optimizationId: string }[])[0].optimizationId,
  });

  const deploy = {
    versionId: '-1',
    projectId,
    compileId,
    nodeId: liveNodeId,
    brokerage: { id: 'QuantConnectBrokerage' },
    dataProviders: { QuantConnectBrokerage: { id: 'QuantConnectBrokerage' } },
  };
  const deployment = await call('/live/create', deploy);
  await call('/live/read', { projectId });
  await call('/live/list', { status: 'Running' });
  await call('/live/chart/read', { projectId, name: 'Strategy Equity', ...range });
  await call('/live/logs/read', { projectId, algorithmId: deployment.deployId, startLine: 0, endLine: 10 });
  await call('/live/portfolio/read', { projectId });
  await call('/live/orders/read', { projectId, start: 0, end: 10 });
  await call('/live/insights/read', { projectId, start: 0, end: 10 });
  await call('/live/commands/create', { projectId, command: { $type: 'OrderCommand', ticker: 'SPY', quantity: 1 } });
  await call('/live/commands/broadcast', {
    organizationId,
    command: { $type: 'OrderCommand', ticker: 'SPY', quantity: 1 },
  });
  await call('/live/update/stop', { projectId });
  await call('/live/create', deploy);
  await call('/live/update/liquidate', { projectId });

  const upload = new FormData();
  upload.append('organizationId', organizationId);
  upload.append('key', 'models/weights.json');
  upload.append('objectData', new Blob(['{"w":[1,2,3]}'], { type: 'application/json' }), 'weights.json');
  await call('/object/set', upload);
  await call('/object/properties', { organizationId, key: 'models/weights.json' });
  const job = await call('/object/get', { organizationId, keys: ['models/weights.json'] });
  await call('/object/get', { organizationId, jobId: job.jobId });
  await call('/object/list', { organizationId, path: '/' });
  await call('/object/delete', { organizationId, key: 'models/weights.json' });

  const sources = [
    { name: 'main.py', content: 'class A(QCAlgorithm):\n    def Initialize(self):\n        self.SetCash(1)\n' },
  ];
  await call('/ai/tools/backtest-init', { language: 'Py', files: sources });
  await call('/ai/tools/complete', { language: 'Py', sentence: 'self.set_', responseSizeLimit: 3 });
  await call('/ai/tools/error-enhance', { language: 'Py', error: { message: 'division by zero' } });
  await call('/ai/tools/pep8-convert', { files: sources });
  await call('/ai/tools/syntax-check', { language: 'Py', files: sources });
  await call('/ai/tools/search', { language: 'Py', criteria: [{ input: 'moving average', type: 'Docs', count: 2 }] });

  await call('/backtests/delete', { projectId, backtestId });
  await call('/projects/delete', { projectId });
}
