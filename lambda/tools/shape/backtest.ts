/** What an agent needs from a backtest: where it stands and how it performed, not the raw charts. */
import { clip } from './text';
import { definedOnly, record, text } from './compact';
import { RUNTIME_RENAMES, fromLabelled, statisticValue } from './statistics';

const TRADE_STATISTICS = [
  'totalNumberOfTrades',
  'numberOfWinningTrades',
  'numberOfLosingTrades',
  'largestProfit',
  'largestLoss',
  'profitFactor',
  'averageTradeDuration',
  'maximumDrawdownDuration',
] as const;

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> | undefined {
  const picked = definedOnly(Object.fromEntries(keys.map((key) => [key, statisticValue(source[key])])));
  return Object.keys(picked).length === 0 ? undefined : picked;
}

/**
 * True once the backtest will not change any more: completed, or stopped by an error. An answer
 * with neither a status nor a completed flag has nothing to wait for either.
 */
export function isBacktestFinished(backtest: Record<string, unknown>): boolean {
  if (typeof backtest.status !== 'string' && typeof backtest.completed !== 'boolean') return true;
  const status = text(backtest.status);
  return (
    backtest.completed === true ||
    status.startsWith('Completed') ||
    status.includes('Error') ||
    backtest.hasInitializeError === true ||
    (typeof backtest.error === 'string' && backtest.error !== '')
  );
}

/**
 * Status, error and statistics first; ids and dates after; chart names so the agent knows what
 * read_backtest_chart can draw. Rolling windows, closed trades and chart data are left out, and
 * so are the runtime statistics once the final ones are there.
 */
export function summariseBacktest(backtest: Record<string, unknown>): Record<string, unknown> {
  const charts = Object.keys(record(backtest.charts));
  const statistics = fromLabelled(backtest.statistics);
  return definedOnly({
    status: backtest.status,
    progress: backtest.progress,
    completed: backtest.completed,
    error: backtest.error,
    stacktrace: typeof backtest.stacktrace === 'string' ? clip(backtest.stacktrace, 4_000) : undefined,
    hasInitializeError: backtest.hasInitializeError === true ? true : undefined,
    statistics,
    runtimeStatistics: statistics === undefined ? fromLabelled(backtest.runtimeStatistics, RUNTIME_RENAMES) : undefined,
    tradeStatistics: pick(record(record(backtest.totalPerformance).tradeStatistics), TRADE_STATISTICS),
    backtestId: backtest.backtestId,
    projectId: backtest.projectId,
    name: backtest.name,
    note: backtest.note,
    created: backtest.created,
    backtestStart: backtest.backtestStart,
    backtestEnd: backtest.backtestEnd,
    tradeableDates: backtest.tradeableDates,
    parameterSet: backtest.parameterSet,
    optimizationId: backtest.optimizationId,
    charts: charts.length === 0 ? undefined : charts,
  });
}
