/**
 * Every tool of the catalogue, called through a real MCP client at the live-trading level
 * against the QuantConnect fake, in an order that builds the state each needs, with only its
 * required arguments (ids taken from the fake's world through earlier answers): each call must
 * succeed, hit its endpoint and send the body the API expects (the fake also checks every body
 * against the spec's request schema and its page limits when the spec is at hand), so a default
 * QuantConnect refuses fails here first.
 */
import { TOOLS } from '../../lambda/tools';
import { describeTool } from '../../lambda/tools/describe';
import { CODE_SOURCE_ID } from '../../lambda/tools/fields';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';
import { connectSession, type McpSession } from './support/mcp-session';

/** What earlier calls returned and later ones need. */
interface Found {
  organizationId: string;
  projectId: number;
  liveNode: string;
  compileId: string;
  backtestId: string;
  optimizationId: string;
  deployId: string;
  jobId: string;
}

interface Step {
  readonly tool: string;
  readonly args: (found: Found) => Record<string, unknown>;
  readonly endpoint: string;
  /** The body of the first request to the endpoint. @default the arguments */
  readonly body?: (found: Found) => Record<string, unknown>;
  /** Reads what later steps need from the tool's answer. */
  readonly keep?: (answer: string, found: Found) => void;
  /** What the answer must say, beyond succeeding. */
  readonly check?: (answer: string) => void;
}

const KEY = 'models/weights.json';
const MAIN =
  'from AlgorithmImports import *\n\nclass Flow(QCAlgorithm):\n    def initialize(self):\n        self.set_cash(100000)\n';
const PATCH = [
  'diff --git a/helpers.py b/helpers.py',
  'index 1234567..abcdefg 100644',
  '--- a/helpers.py',
  '+++ b/helpers.py',
  '@@ -1 +1 @@',
  '-X = 2',
  '+X = 3',
  '',
].join('\n');
const COMMAND = { $type: 'OrderCommand', ticker: 'SPY', quantity: 1 };
const OPTIMIZATION = {
  name: 'Grid',
  target: 'SharpeRatio',
  targetTo: 'max',
  parameters: [{ name: 'fast', min: 5, max: 15, step: 5 }],
};
const OPTIMIZATION_BODY = {
  ...OPTIMIZATION,
  target: 'TotalPerformance.PortfolioStatistics.SharpeRatio',
  strategy: 'QuantConnect.Optimizer.Strategies.GridSearchOptimizationStrategy',
};
/** Charts are read up to now, whenever the test runs. */
const NOW = expect.any(Number) as unknown;

/** Paper trading on the fake's live node; deployed twice, so that both stop and liquidate have one to act on. */
const DEPLOY_LIVE: Step = {
  tool: 'create_live_algorithm',
  args: (f) => ({
    projectId: f.projectId,
    compileId: f.compileId,
    nodeId: f.liveNode,
    brokerage: { id: 'QuantConnectBrokerage' },
  }),
  endpoint: '/live/create',
  body: (f) => ({
    projectId: f.projectId,
    compileId: f.compileId,
    nodeId: f.liveNode,
    brokerage: { id: 'QuantConnectBrokerage' },
    versionId: '-1',
  }),
  check: (a) => {
    expect(a).not.toContain('class Flow');
    expect(String(json(a).next)).toMatch(/^Trading now\. Follow it with read_live_algorithm/);
  },
};

const json = (answer: string) => JSON.parse(answer) as Record<string, unknown>;
const files = [{ name: 'main.py', content: MAIN }];

const STEPS: Step[] = [
  {
    tool: 'read_account',
    args: () => ({}),
    endpoint: '/account/read',
    keep: (a, f) => (f.organizationId = String(json(a).organizationId)),
    check: (a) => expect(json(a).access).toMatch(/^live-trading: everything/),
  },
  { tool: 'read_lean_versions', args: () => ({}), endpoint: '/lean/versions/read', body: () => ({}) },
  {
    tool: 'create_project',
    args: () => ({ name: 'Every tool', language: 'Py' }),
    endpoint: '/projects/create',
    keep: (a, f) => (f.projectId = Number(json(a).projectId)),
  },
  {
    tool: 'read_project',
    args: (f) => ({ projectId: f.projectId }),
    endpoint: '/projects/read',
    check: (a) => expect(String(json(a).parameters)).toMatch(/^No parameter values set in QuantConnect; read_file/),
  },
  { tool: 'list_projects', args: () => ({}), endpoint: '/projects/read', body: () => ({ start: 0, end: 101 }) },
  {
    tool: 'update_project',
    args: (f) => ({ projectId: f.projectId }),
    endpoint: '/projects/update',
  },
  {
    tool: 'create_project_collaborator',
    args: (f) => ({ projectId: f.projectId, collaboratorUserId: 'quant-friend' }),
    endpoint: '/projects/collaboration/create',
    body: (f) => ({
      projectId: f.projectId,
      collaboratorUserId: 'quant-friend',
      collaborationLiveControl: false,
      collaborationWrite: false,
    }),
  },
  {
    tool: 'read_project_collaborators',
    args: (f) => ({ projectId: f.projectId }),
    endpoint: '/projects/collaboration/read',
  },
  {
    tool: 'update_project_collaborator',
    args: (f) => ({
      projectId: f.projectId,
      collaboratorUserId: 'quant-friend',
      collaborationLiveControl: true,
      collaborationWrite: true,
    }),
    endpoint: '/projects/collaboration/update',
    body: (f) => ({ projectId: f.projectId, collaboratorUserId: 'quant-friend', liveControl: true, write: true }),
  },
  {
    tool: 'delete_project_collaborator',
    args: (f) => ({ projectId: f.projectId, collaboratorUserId: 'quant-friend' }),
    endpoint: '/projects/collaboration/delete',
    body: (f) => ({ projectId: f.projectId, collaboratorId: 'quant-friend' }),
  },
  {
    tool: 'lock_project_with_collaborators',
    args: (f) => ({ projectId: f.projectId }),
    endpoint: '/projects/collaboration/lock/acquire',
    body: (f) => ({ projectId: f.projectId, codeSourceId: CODE_SOURCE_ID }),
  },
  {
    tool: 'read_project_nodes',
    args: (f) => ({ projectId: f.projectId }),
    endpoint: '/projects/nodes/read',
    keep: (a, f) => (f.liveNode = (json(a) as { live: { id: string }[] }).live[0].id),
  },
  {
    tool: 'update_project_nodes',
    args: (f) => ({ projectId: f.projectId }),
    endpoint: '/projects/nodes/update',
    body: (f) => ({ projectId: f.projectId, nodes: [] }),
  },
  {
    tool: 'create_file',
    args: (f) => ({ projectId: f.projectId, name: 'utils.py' }),
    endpoint: '/files/create',
    body: (f) => ({ projectId: f.projectId, name: 'utils.py', content: '', codeSourceId: CODE_SOURCE_ID }),
  },
  {
    tool: 'read_file',
    args: (f) => ({ projectId: f.projectId }),
    endpoint: '/files/read',
    body: (f) => ({ projectId: f.projectId, codeSourceId: CODE_SOURCE_ID }),
  },
  {
    tool: 'update_file_name',
    args: (f) => ({ projectId: f.projectId, name: 'utils.py', newName: 'helpers.py' }),
    endpoint: '/files/update',
    body: (f) => ({ projectId: f.projectId, name: 'utils.py', newName: 'helpers.py', codeSourceId: CODE_SOURCE_ID }),
  },
  {
    tool: 'update_file_contents',
    args: (f) => ({ projectId: f.projectId, name: 'helpers.py', content: 'X = 2\n' }),
    endpoint: '/files/update',
    body: (f) => ({ projectId: f.projectId, name: 'helpers.py', content: 'X = 2\n', codeSourceId: CODE_SOURCE_ID }),
  },
  {
    tool: 'patch_file',
    args: (f) => ({ projectId: f.projectId, patch: PATCH }),
    endpoint: '/files/patch',
    body: (f) => ({ projectId: f.projectId, patch: PATCH, codeSourceId: CODE_SOURCE_ID }),
  },
  {
    tool: 'delete_file',
    args: (f) => ({ projectId: f.projectId, name: 'helpers.py' }),
    endpoint: '/files/delete',
    body: (f) => ({ projectId: f.projectId, name: 'helpers.py', codeSourceId: CODE_SOURCE_ID }),
  },
  {
    tool: 'check_syntax',
    args: () => ({ language: 'Py', files }),
    endpoint: '/ai/tools/syntax-check',
    check: (a) => expect(a).toBe('No syntax errors found.'),
  },
  { tool: 'check_initialization_errors', args: () => ({ language: 'Py', files }), endpoint: '/ai/tools/backtest-init' },
  { tool: 'complete_code', args: () => ({ language: 'Py', sentence: 'self.add_eq' }), endpoint: '/ai/tools/complete' },
  {
    tool: 'enhance_error_message',
    args: () => ({ language: 'Py', error: { message: "NameError: name 'x' is not defined" } }),
    endpoint: '/ai/tools/error-enhance',
  },
  { tool: 'update_code_to_pep8', args: () => ({ files }), endpoint: '/ai/tools/pep8-convert' },
  {
    tool: 'search_quantconnect',
    args: () => ({ language: 'Py', criteria: [{ input: 'rolling window', type: 'Docs', count: 2 }] }),
    endpoint: '/ai/tools/search',
  },
  {
    tool: 'create_compile',
    args: (f) => ({ projectId: f.projectId }),
    endpoint: '/compile/create',
    keep: (a, f) => (f.compileId = String(json(a).compileId)),
  },
  {
    tool: 'read_compile',
    args: (f) => ({ projectId: f.projectId, compileId: f.compileId }),
    endpoint: '/compile/read',
  },
  {
    tool: 'create_backtest',
    args: (f) => ({ projectId: f.projectId, compileId: f.compileId, backtestName: 'First' }),
    endpoint: '/backtests/create',
    keep: (a, f) => (f.backtestId = String(json(a).backtestId)),
  },
  {
    tool: 'read_backtest',
    args: (f) => ({ projectId: f.projectId, backtestId: f.backtestId }),
    endpoint: '/backtests/read',
    check: (a) => {
      const { netProfit, totalOrders } = json(a).statistics as Record<string, unknown>;
      expect([typeof netProfit, totalOrders]).toEqual(['number', 150]);
    },
  },
  {
    tool: 'list_backtests',
    args: (f) => ({ projectId: f.projectId }),
    endpoint: '/backtests/list',
    body: (f) => ({ projectId: f.projectId, includeStatistics: false }),
  },
  {
    tool: 'read_backtest_chart',
    args: (f) => ({ projectId: f.projectId, backtestId: f.backtestId }),
    endpoint: '/backtests/chart/read',
    body: (f) => ({
      projectId: f.projectId,
      backtestId: f.backtestId,
      name: 'Strategy Equity',
      count: 100,
      start: 0,
      end: NOW,
    }),
    check: (a) => {
      const { note, series } = json(a) as { note: string; series: { Equity: { values: number[][] } } };
      expect(note).toMatch(/^100 points a series, as many as count asked for.* Candles shown as \[time, close\]/);
      expect(series.Equity.values.every((point) => point.length === 2)).toBe(true);
    },
  },
  {
    tool: 'read_backtest_orders',
    args: (f) => ({ projectId: f.projectId, backtestId: f.backtestId }),
    endpoint: '/backtests/orders/read',
    body: (f) => ({ projectId: f.projectId, backtestId: f.backtestId, start: 0, end: 10 }),
  },
  {
    tool: 'read_backtest_insights',
    args: (f) => ({ projectId: f.projectId, backtestId: f.backtestId }),
    endpoint: '/backtests/read/insights',
    body: (f) => ({ projectId: f.projectId, backtestId: f.backtestId, start: 0, end: 10 }),
    check: (a) =>
      expect((json(a).insights as { generatedTime: string }[])[0].generatedTime).toMatch(/^\d{4}-\d\d-\d\dT/),
  },
  {
    tool: 'read_backtest_report',
    args: (f) => ({ projectId: f.projectId, backtestId: f.backtestId }),
    endpoint: '/backtests/read/report',
  },
  {
    tool: 'update_backtest',
    args: (f) => ({ projectId: f.projectId, backtestId: f.backtestId }),
    endpoint: '/backtests/update',
  },
  {
    tool: 'estimate_optimization_time',
    args: (f) => ({ projectId: f.projectId, ...OPTIMIZATION }),
    endpoint: '/optimizations/estimate',
    body: (f) => ({ projectId: f.projectId, ...OPTIMIZATION_BODY }),
    check: (a) => {
      expect(json(a)).not.toHaveProperty('estimateId');
      expect(json(a).backtests).toBe(3);
    },
  },
  {
    tool: 'create_optimization',
    args: (f) => ({ projectId: f.projectId, compileId: f.compileId, ...OPTIMIZATION }),
    endpoint: '/optimizations/create',
    body: (f) => ({
      projectId: f.projectId,
      compileId: f.compileId,
      ...OPTIMIZATION_BODY,
      estimatedCost: 0,
      nodeType: 'O2-8',
      parallelNodes: 3,
    }),
    keep: (a, f) => (f.optimizationId = String(json(a).optimizationId)),
  },
  { tool: 'abort_optimization', args: (f) => ({ optimizationId: f.optimizationId }), endpoint: '/optimizations/abort' },
  {
    tool: 'read_optimization',
    args: (f) => ({ optimizationId: f.optimizationId }),
    endpoint: '/optimizations/read',
  },
  { tool: 'list_optimizations', args: (f) => ({ projectId: f.projectId }), endpoint: '/optimizations/list' },
  {
    tool: 'update_optimization',
    args: (f) => ({ optimizationId: f.optimizationId, name: 'Grid 2' }),
    endpoint: '/optimizations/update',
  },
  {
    tool: 'delete_optimization',
    args: (f) => ({ optimizationId: f.optimizationId }),
    endpoint: '/optimizations/delete',
  },
  { tool: 'authorize_connection', args: () => ({ brokerage: 'alpaca' }), endpoint: '/live/auth0/authorize' },
  { tool: 'read_connection_authorization', args: () => ({ brokerage: 'alpaca' }), endpoint: '/live/auth0/read' },
  DEPLOY_LIVE,
  {
    tool: 'read_live_algorithm',
    args: (f) => ({ projectId: f.projectId }),
    endpoint: '/live/read',
    keep: (a, f) => (f.deployId = String(json(a).deployId)),
  },
  { tool: 'list_live_algorithms', args: () => ({}), endpoint: '/live/list' },
  {
    tool: 'read_live_chart',
    args: (f) => ({ projectId: f.projectId }),
    endpoint: '/live/chart/read',
    body: (f) => ({ projectId: f.projectId, name: 'Strategy Equity', count: 100, start: 0, end: NOW }),
  },
  {
    tool: 'read_live_logs',
    args: (f) => ({ projectId: f.projectId, algorithmId: f.deployId }),
    endpoint: '/live/logs/read',
    body: (f) => ({ projectId: f.projectId, algorithmId: f.deployId, startLine: 0, endLine: 250, format: 'json' }),
  },
  {
    tool: 'read_live_portfolio',
    args: (f) => ({ projectId: f.projectId }),
    endpoint: '/live/portfolio/read',
    check: (a) => {
      const { holdings } = json(a).portfolio as { holdings: Record<string, Record<string, unknown>> };
      expect(Object.keys(Object.values(holdings)[0]).sort()).toEqual([
        'averagePrice',
        'marketValue',
        'price',
        'quantity',
        'unrealizedProfit',
        'unrealizedProfitPercent',
      ]);
    },
  },
  {
    tool: 'read_live_orders',
    args: (f) => ({ projectId: f.projectId }),
    endpoint: '/live/orders/read',
    body: (f) => ({ projectId: f.projectId, start: 0, end: 10 }),
  },
  {
    tool: 'read_live_insights',
    args: (f) => ({ projectId: f.projectId }),
    endpoint: '/live/insights/read',
    body: (f) => ({ projectId: f.projectId, start: 0, end: 10 }),
  },
  {
    tool: 'create_live_command',
    args: (f) => ({ projectId: f.projectId, command: COMMAND }),
    endpoint: '/live/commands/create',
  },
  {
    tool: 'broadcast_live_command',
    args: (f) => ({ organizationId: f.organizationId, command: COMMAND }),
    endpoint: '/live/commands/broadcast',
  },
  { tool: 'stop_live_algorithm', args: (f) => ({ projectId: f.projectId }), endpoint: '/live/update/stop' },
  DEPLOY_LIVE,
  { tool: 'liquidate_live_algorithm', args: (f) => ({ projectId: f.projectId }), endpoint: '/live/update/liquidate' },
  {
    tool: 'upload_object',
    args: (f) => ({ organizationId: f.organizationId, key: KEY, objectData: '{"w":1}' }),
    endpoint: '/object/set',
  },
  {
    tool: 'read_object_properties',
    args: (f) => ({ organizationId: f.organizationId, key: KEY }),
    endpoint: '/object/properties',
  },
  {
    tool: 'list_object_store_files',
    args: (f) => ({ organizationId: f.organizationId }),
    endpoint: '/object/list',
    body: (f) => ({ organizationId: f.organizationId, path: '/' }),
  },
  {
    tool: 'read_object_store_file_job_id',
    args: (f) => ({ organizationId: f.organizationId, keys: [KEY] }),
    endpoint: '/object/get',
    keep: (a, f) => (f.jobId = String(json(a).jobId)),
  },
  {
    tool: 'read_object_store_file_download_url',
    args: (f) => ({ organizationId: f.organizationId, jobId: f.jobId }),
    endpoint: '/object/get',
  },
  { tool: 'delete_object', args: (f) => ({ organizationId: f.organizationId, key: KEY }), endpoint: '/object/delete' },
  {
    tool: 'delete_backtest',
    args: (f) => ({ projectId: f.projectId, backtestId: f.backtestId }),
    endpoint: '/backtests/delete',
  },
  { tool: 'delete_project', args: (f) => ({ projectId: f.projectId }), endpoint: '/projects/delete' },
];

describe('every tool through an MCP client, against the QuantConnect fake', () => {
  let fake: QuantConnectFake;
  let session: McpSession;
  const found = {} as Found;
  const called = new Set<string>();

  beforeAll(async () => {
    // Background work finishes on its first read: waiting is tested elsewhere, coverage here.
    fake = await startQuantConnectFake({ readsUntilDone: 0 });
    if (!fake.specValidation.enabled)
      console.log(`Request bodies not checked against the spec: ${fake.specValidation.reason}`);
    session = await connectSession(fake);
  });

  afterAll(async () => {
    await session.close();
    await fake.close();
  });

  test.each(STEPS.map((step, index) => [`${index + 1}. ${step.tool}`, step] as const))('%s', async (_label, step) => {
    const before = fake.requests.length;
    const args = step.args(found);
    const { text, isError } = await session.call(step.tool, args);
    called.add(step.tool);
    const requests = fake.requests.slice(before);
    expect({ tool: step.tool, isError, text: isError ? text : '' }).toEqual({
      tool: step.tool,
      isError: false,
      text: '',
    });
    expect(requests.map((request) => request.refusal)).toEqual(requests.map(() => undefined));
    const first = requests.find((request) => request.endpoint === step.endpoint);
    expect(first?.endpoint).toBe(step.endpoint);
    expect(first?.body).toEqual((step.body ?? (() => args))(found));
    step.keep?.(text, found);
    step.check?.(text);
  });

  test('each step passes only the arguments its tool requires', () => {
    const extra = STEPS.flatMap((step) => {
      const tool = TOOLS.find((candidate) => candidate.name === step.tool);
      const required = tool === undefined ? [] : (describeTool(tool).inputSchema.required ?? []);
      return Object.keys(step.args(found))
        .filter((key) => !required.includes(key))
        .map((key) => `${step.tool}.${key}`);
    });
    expect(extra).toEqual([]);
  });

  test('no tool was left out', () => {
    expect(TOOLS.map((tool) => tool.name).filter((name) => !called.has(name))).toEqual([]);
  });
});
