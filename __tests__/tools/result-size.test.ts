/**
 * Large answers stay within what one result may carry: every tool whose data can grow pages or
 * summarises it below MAX_RESULT_CHARS on its own, instead of relying on the registrar's hard cut.
 */
import { MAX_RESULT_CHARS } from '../../lambda/tools/define';
import { ScriptedClient, callTool, rendered } from './support/scripted-client';

const many = <T>(count: number, make: (index: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));
const words = (count: number) => 'lorem ipsum '.repeat(count);

const heavyOrder = (id: number) => ({
  id,
  symbol: { value: 'SPY', id: 'SPY R735QTJ8XC9X', permtick: 'SPY' },
  type: 0,
  status: 3,
  quantity: 1,
  price: 470,
  time: '2024-01-02 14:31:00',
  events: many(20, (e) => ({ id: e, message: words(10) })),
  orderSubmissionData: { bidPrice: 1, askPrice: 2, lastPrice: 3 },
});

const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
  ['list_projects', {}, { '/projects/read': { projects: many(5_000, (i) => ({ projectId: i, name: words(5) })) } }],
  [
    'list_backtests',
    { projectId: 1, includeStatistics: true },
    { '/backtests/list': { backtests: many(5_000, (i) => ({ backtestId: `b${i}`, name: words(20) })) } },
  ],
  [
    'read_file',
    { projectId: 1 },
    { '/files/read': { files: many(5_000, (i) => ({ name: `lib/file${i}.py`, content: words(100) })) } },
  ],
  [
    'read_file',
    { projectId: 1, name: 'big.py' },
    { '/files/read': { files: [{ name: 'big.py', content: words(50_000) }] } },
  ],
  [
    'read_backtest_orders',
    { projectId: 1, backtestId: 'b' },
    { '/backtests/orders/read': { orders: many(100, heavyOrder), length: 10_000 } },
  ],
  [
    'read_live_orders',
    { projectId: 1, end: 1_000 },
    { '/live/orders/read': { orders: many(1_000, heavyOrder), length: 10_000 } },
  ],
  [
    'read_backtest_insights',
    { projectId: 1, backtestId: 'b' },
    { '/backtests/read/insights': { insights: many(100, (i) => ({ id: `i${i}`, tag: words(5) })), length: 500 } },
  ],
  [
    'read_backtest_report',
    { projectId: 1, backtestId: 'b' },
    { '/backtests/read/report': { report: `<p>${words(50_000)}</p>` } },
  ],
  [
    'read_backtest',
    { projectId: 1, backtestId: 'b' },
    {
      '/backtests/read': {
        backtest: {
          completed: true,
          status: 'Completed.',
          rollingWindow: many(2_000, () => words(10)),
          charts: { Equity: { series: many(5_000, () => [1, 2]) } },
        },
      },
    },
  ],
  [
    'read_backtest_chart',
    { projectId: 1, backtestId: 'b', name: 'Equity', count: 1_000 },
    {
      '/backtests/chart/read': {
        chart: {
          name: 'Equity',
          series: Object.fromEntries(
            many(30, (s) => [`S${s}`, { values: many(1_000, (i) => [1_700_000_000 + i, 100.123456 + i]) }]),
          ),
        },
      },
    },
  ],
  [
    'read_live_logs',
    { projectId: 1, algorithmId: 'L' },
    { '/live/logs/read': { logs: many(250, () => words(1_000)), length: 250 } },
  ],
  [
    'list_object_store_files',
    { organizationId: 'o' },
    { '/object/list': { objects: many(10_000, (i) => ({ key: `data/${i}.csv`, size: i })) } },
  ],
  [
    'read_lean_versions',
    {},
    { '/lean/versions/read': { versions: many(5_000, (i) => ({ id: i, name: `v${i}`, description: words(3) })) } },
  ],
  [
    'list_live_algorithms',
    {},
    { '/live/list': { live: many(5_000, (i) => ({ projectId: i, deployId: `L${i}`, description: words(5) })) } },
  ],
  [
    'read_optimization',
    { optimizationId: 'o' },
    {
      '/optimizations/read': {
        optimization: {
          backtests: Object.fromEntries(
            many(3_000, (i) => [`b${i}`, { id: `b${i}`, statistics: many(21, () => 1.5), equity: many(100, () => 1) }]),
          ),
        },
      },
    },
  ],
  [
    'search_quantconnect',
    { language: 'Py', criteria: [{ input: 'x', type: 'Docs', count: 20 }] },
    { '/ai/tools/search': { retrivals: many(20, () => ({ content: words(5_000) })) } },
  ],
];

describe('results of large answers', () => {
  test.each(cases)('%s stays under MAX_RESULT_CHARS', async (name, args, script) => {
    const client = new ScriptedClient(script as ConstructorParameters<typeof ScriptedClient>[0]);
    const text = rendered(await callTool(name, args, client));
    expect(text.length).toBeLessThan(MAX_RESULT_CHARS);
  });
});
