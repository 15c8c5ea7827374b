/**
 * /backtests/*: a backtest answers `In Queue...`, then `Running: N%` for `readsUntilDone` reads,
 * then `Completed.` with statistics, or `Runtime Error` when the compiled code contains the marker
 * `RUNTIME_ERROR`. Charts answer "loading" before their data, as QuantConnect's do.
 */
import { int, optionalStr, pageBounds, str, type Body, type Handler } from '../body';
import {
  chart,
  chartSummary,
  requireChartName,
  insights,
  orders,
  performance,
  PERIOD_START,
  runtimeStatistics,
  statistics,
  totalPerformance,
  TRADING_DAYS,
} from '../results';
import {
  FakeApiError,
  isDone,
  newId,
  nextNumber,
  qcDate,
  requireProject,
  requireSuccessfulBuild,
  type BacktestRecord,
  type World,
} from '../world';

export const RUNTIME_ERROR_MARKER = 'RUNTIME_ERROR';
/** More than one page (100) of orders, so paging is exercised. */
export const COMPLETED_BACKTEST_ORDERS = 150;
const FAILED_BACKTEST_ORDERS = 6;
export const BACKTEST_INSIGHTS = 40;

type Phase = 'queued' | 'running' | 'done';

function phase(world: World, backtest: BacktestRecord): Phase {
  if (backtest.reads === 0) return 'queued';
  return isDone(world, backtest.reads) ? 'done' : 'running';
}

function progress(world: World, backtest: BacktestRecord): number {
  const current = phase(world, backtest);
  if (current === 'done') return 1;
  if (current === 'queued') return 0;
  return Math.round((backtest.reads / (world.readsUntilDone + 1)) * 100) / 100;
}

function status(world: World, backtest: BacktestRecord): string {
  const current = phase(world, backtest);
  if (current === 'queued') return 'In Queue...';
  if (current === 'running') return `Running: ${Math.round(progress(world, backtest) * 100)}%`;
  return backtest.outcome;
}

function orderCount(world: World, backtest: BacktestRecord): number {
  if (phase(world, backtest) !== 'done') return 0;
  return backtest.outcome === 'Completed.' ? COMPLETED_BACKTEST_ORDERS : FAILED_BACKTEST_ORDERS;
}

function seedOf(backtest: BacktestRecord): string {
  return `${backtest.backtestId}:${JSON.stringify(backtest.parameters)}`;
}

export function backtestView(world: World, backtest: BacktestRecord): Record<string, unknown> {
  const done = phase(world, backtest) === 'done';
  const failed = done && backtest.outcome === 'Runtime Error';
  const perf = performance(seedOf(backtest), orderCount(world, backtest));
  return {
    note: backtest.note,
    name: backtest.name,
    organizationId: world.organizationId,
    projectId: backtest.projectId,
    completed: done,
    optimizationId: backtest.optimizationId ?? '',
    backtestId: backtest.backtestId,
    tradeableDates: TRADING_DAYS,
    researchGuide: { minutes: 3, backtestCount: 1, parameters: Object.keys(backtest.parameters).length },
    backtestStart: qcDate(PERIOD_START * 1000),
    backtestEnd: qcDate((PERIOD_START + 364 * 86_400) * 1000),
    created: backtest.created,
    snapshotId: 30_000_000 + Number.parseInt(backtest.backtestId.slice(0, 6), 16),
    status: status(world, backtest),
    error: failed ? 'Runtime Error: Trying to divide by zero' : '',
    stacktrace: failed ? '  at on_data\n    x = 1 / 0\n in main.py: line 14\n' : '',
    progress: progress(world, backtest),
    hasInitializeError: false,
    charts: done ? chartSummary() : {},
    parameterSet: Object.keys(backtest.parameters).length === 0 ? [] : backtest.parameters,
    rollingWindow: {},
    runtimeStatistics: done ? runtimeStatistics(perf) : {},
    statistics: done ? statistics(perf) : {},
    totalPerformance: done ? totalPerformance(perf) : {},
    nodeName: 'B2-8',
    outOfSampleDays: 0,
  };
}

function requireBacktest(world: World, body: Body): BacktestRecord {
  const project = requireProject(world, int(body, 'projectId'));
  const backtestId = str(body, 'backtestId');
  const backtest = world.backtests.get(backtestId);
  if (!backtest || backtest.projectId !== project.projectId) {
    throw new FakeApiError(`Backtest ${backtestId} not found in project ${project.projectId}.`);
  }
  return backtest;
}

/** Starts a backtest of a compile; also used by optimizations for their runs. */
export function startBacktest(
  world: World,
  projectId: number,
  compileId: string,
  name: string,
  parameters: Record<string, string | number>,
): BacktestRecord {
  const project = requireProject(world, projectId);
  const compile = requireSuccessfulBuild(world, project, compileId);
  const n = nextNumber(world, 'backtest');
  const backtest: BacktestRecord = {
    backtestId: newId(world, 'backtest', n),
    projectId,
    compileId,
    name,
    note: '',
    created: qcDate(world.now()),
    parameters,
    outcome: compile.files.some((file) => file.content.includes(RUNTIME_ERROR_MARKER)) ? 'Runtime Error' : 'Completed.',
    reads: 0,
    chartReads: new Map(),
    tags: [],
  };
  world.backtests.set(backtest.backtestId, backtest);
  return backtest;
}

const create: Handler = (body, world) => {
  const parameters = (body.parameters ?? {}) as Record<string, string | number>;
  const backtest = startBacktest(
    world,
    int(body, 'projectId'),
    str(body, 'compileId'),
    str(body, 'backtestName'),
    parameters,
  );
  return { backtest: backtestView(world, backtest), debugging: false };
};

const read: Handler = (body, world) => {
  const backtest = requireBacktest(world, body);
  backtest.reads++;
  return { backtest: backtestView(world, backtest), debugging: false };
};

const list: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  const withStatistics = body.includeStatistics === true;
  const backtests = [...world.backtests.values()]
    .filter((backtest) => backtest.projectId === project.projectId && backtest.optimizationId === undefined)
    .map((backtest) => {
      const done = phase(world, backtest) === 'done';
      const perf = performance(seedOf(backtest), orderCount(world, backtest));
      return {
        backtestId: backtest.backtestId,
        status: status(world, backtest),
        name: backtest.name,
        created: backtest.created,
        progress: progress(world, backtest),
        optimizationId: '',
        tradeableDates: TRADING_DAYS,
        parameterSet: Object.keys(backtest.parameters).length === 0 ? [] : backtest.parameters,
        snapshotId: 0,
        tags: backtest.tags,
        ...(withStatistics && done
          ? {
              sharpeRatio: perf.sharpe,
              alpha: 0.021,
              beta: 0.871,
              compoundingAnnualReturn: perf.compoundingAnnualReturn,
              drawdown: perf.drawdown,
              lossRate: 1 - perf.winRate,
              netProfit: perf.netProfit,
              parameters: Object.keys(backtest.parameters).length,
              psr: perf.psr,
              securityTypes: 1,
              sortinoRatio: perf.sharpe * 1.2,
              trades: perf.trades,
              treynorRatio: 0.157,
              winRate: perf.winRate,
            }
          : {}),
      };
    });
  return { backtests, count: backtests.length };
};

const readOrders: Handler = (body, world) => {
  const backtest = requireBacktest(world, body);
  const start = int(body, 'start');
  const end = int(body, 'end');
  pageBounds(start, end, { lessThan: 100 }, 'orders');
  const total = orderCount(world, backtest);
  return { orders: orders(backtest.backtestId, total, start, end), length: total };
};

const readInsights: Handler = (body, world) => {
  const backtest = requireBacktest(world, body);
  const start = int(body, 'start');
  const end = int(body, 'end');
  pageBounds(start, end, { lessThan: 100 }, 'insights');
  const total = phase(world, backtest) === 'done' ? BACKTEST_INSIGHTS : 0;
  return { insights: insights(total, start, end), length: total };
};

const readChart: Handler = (body, world) => {
  const backtest = requireBacktest(world, body);
  const name = str(body, 'name');
  if (phase(world, backtest) !== 'done') return { progress: progress(world, backtest), status: 'loading' };
  requireChartName(name);
  const reads = (backtest.chartReads.get(name) ?? 0) + 1;
  backtest.chartReads.set(name, reads);
  if (!isDone(world, reads)) return { progress: reads / (world.readsUntilDone + 1), status: 'loading' };
  return { chart: chart(seedOf(backtest), name, int(body, 'count'), int(body, 'start'), int(body, 'end')) };
};

const readReport: Handler = (body, world) => {
  const backtest = requireBacktest(world, body);
  if (phase(world, backtest) !== 'done') return { generating: true };
  const stats = statistics(performance(seedOf(backtest), orderCount(world, backtest)));
  const rows = Object.entries(stats)
    .map(([key, value]) => `<tr><td>${key}</td><td>${value}</td></tr>`)
    .join('');
  return {
    report: `<!DOCTYPE html><html><head><title>${backtest.name}</title></head><body><h1>${backtest.name}</h1><table>${rows}</table></body></html>`,
  };
};

const update: Handler = (body, world) => {
  const backtest = requireBacktest(world, body);
  backtest.name = optionalStr(body, 'name') ?? backtest.name;
  backtest.note = optionalStr(body, 'note') ?? backtest.note;
  return {};
};

const remove: Handler = (body, world) => {
  world.backtests.delete(requireBacktest(world, body).backtestId);
  return {};
};

export const backtestHandlers: Record<string, Handler> = {
  '/backtests/create': create,
  '/backtests/read': read,
  '/backtests/list': list,
  '/backtests/orders/read': readOrders,
  '/backtests/read/insights': readInsights,
  '/backtests/chart/read': readChart,
  '/backtests/read/report': readReport,
  '/backtests/update': update,
  '/backtests/delete': remove,
};
