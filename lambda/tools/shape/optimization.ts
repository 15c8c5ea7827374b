/**
 * Optimizations: the job's status and the backtests it ran, best first by its own target, each
 * with the statistics that rank it instead of its equity curve.
 */
import { definedOnly, list, record, text } from './compact';
import { pageOf, type Window } from './page';
import { fromFractions, rounded } from './statistics';

/** The API's statistic paths all share this prefix; tools take the short names too. */
export const STATISTICS_PREFIX = 'TotalPerformance.PortfolioStatistics.';

/**
 * Positions in QuantConnect's unlabelled per-backtest statistics array (see the API's
 * OptimizationBacktest), whose rates are already in percent.
 */
const STATISTIC_INDEX = {
  compoundingAnnualReturn: 6,
  drawdown: 7,
  netProfit: 12,
  probabilisticSharpeRatio: 13,
  sharpeRatio: 15,
  totalOrders: 17,
  winRate: 20,
} as const;

const TARGET_STATISTIC: Record<string, keyof typeof STATISTIC_INDEX> = {
  SharpeRatio: 'sharpeRatio',
  CompoundingAnnualReturn: 'compoundingAnnualReturn',
  ProbabilisticSharpeRatio: 'probabilisticSharpeRatio',
  Drawdown: 'drawdown',
};

function keyStatistics(statistics: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(statistics)) return statistics === undefined ? undefined : record(statistics);
  return definedOnly(
    Object.fromEntries(
      Object.entries(STATISTIC_INDEX).map(([name, index]) => {
        const value: unknown = statistics[index];
        return [name, typeof value === 'number' ? rounded(value) : value];
      }),
    ),
  );
}

function backtestSummary(backtest: unknown): Record<string, unknown> {
  const b = record(backtest);
  return definedOnly({
    id: b.id,
    name: b.name,
    parameterSet: b.parameterSet,
    progress: b.progress,
    exitCode: b.exitCode,
    statistics: keyStatistics(b.statistics),
  });
}

/** Orders backtests best first by the optimization's target; those without the statistic go last. */
function rank(backtests: Record<string, unknown>[], criterion: Record<string, unknown>): Record<string, unknown>[] {
  const target = text(criterion.target).split('.').pop();
  const statistic = target === undefined ? undefined : TARGET_STATISTIC[target];
  if (statistic === undefined) return backtests;
  const sign = criterion.extremum === 'min' ? 1 : -1;
  const value = (b: Record<string, unknown>) => Number(record(b.statistics)[statistic]);
  return [...backtests].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
    return sign * (x - y);
  });
}

/** The runs are the optimization's, not the project's backtests: /backtests/read may not know their ids. */
const RUN_IDS =
  "These are the optimization's runs: read_backtest reads the project's own backtests and may not find them; " +
  'to see one in full (charts, orders), create_backtest with its parameterSet.';

/** What to do after reading an optimization: poll while it runs, use the best parameters once it is done. */
function nextStep(status: unknown, best: Record<string, unknown> | undefined, done: number, total: unknown): string {
  if (status === 'completed' && best !== undefined) {
    return (
      `Done. Best parameters: ${JSON.stringify(best.parameterSet)} (backtest ${String(best.id)}). To study them, ` +
      'call create_backtest with these parameters and the compileId you optimized.'
    );
  }
  if (status === 'completed') return 'Done, but no backtest passed: widen the parameters or loosen the constraints.';
  if (status === 'aborted') return 'Aborted: the backtests that finished are listed.';
  const progress = typeof total === 'string' ? ` (${done} of ${total} backtests done)` : '';
  return `Still running${progress}: call read_optimization again in a minute.`;
}

export function summariseOptimization(optimization: Record<string, unknown>, window: Window): Record<string, unknown> {
  const criterion = record(optimization.criterion);
  const backtests = rank(Object.values(record(optimization.backtests)).map(backtestSummary), criterion);
  const page = pageOf(backtests, window, 'backtests (best first)');
  const total = record(optimization.runtimeStatistics).Total;
  return definedOnly({
    optimizationId: optimization.optimizationId,
    name: optimization.name,
    status: optimization.status,
    next: nextStep(optimization.status, backtests[0], backtests.length, total),
    projectId: optimization.projectId,
    criterion: optimization.criterion,
    runtimeStatistics: optimization.runtimeStatistics,
    parameters: optimization.parameters,
    constraints: list(optimization.constraints).length > 0 ? optimization.constraints : undefined,
    nodeType: optimization.nodeType,
    parallelNodes: optimization.parallelNodes,
    requested: optimization.requested,
    note: page.items.length > 0 ? `${page.note} ${RUN_IDS}` : page.note,
    backtests: page.items,
  });
}

/** The best backtest's statistics in a list row, which QuantConnect sends as fractions. */
const LISTED_STATISTICS = { sharpeRatio: 'sharpeRatio', psr: 'probabilisticSharpeRatio', trades: 'totalOrders' };

/** A row of list_optimizations: what tells the jobs apart, and its best backtest's statistics. */
export function optimizationListItem(optimization: unknown): Record<string, unknown> {
  const o = record(optimization);
  return definedOnly({
    optimizationId: o.optimizationId,
    name: o.name,
    status: o.status,
    created: o.created,
    nodeType: o.nodeType,
    criterion: o.criterion,
    // A job that has not completed reports zeros, not statistics.
    statistics: o.status === 'completed' ? fromFractions(o, LISTED_STATISTICS) : undefined,
  });
}
