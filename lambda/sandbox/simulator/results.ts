/**
 * Algorithm results as QuantConnect writes them, generated from a seed so one backtest always
 * shows the same numbers and two backtests differ. The details that trip clients are kept:
 * statistics are strings with units ("14.213%", "$120.00"), dates are `YYYY-MM-DD HH:MM:SS`,
 * chart points are arrays.
 */
import { FakeApiError, qcDate, seeded } from './world';

const DAY = 86_400;
/** The period every fake backtest covers. */
export const PERIOD_START = Date.UTC(2024, 0, 2) / 1000;
export const TRADING_DAYS = 252;
export const SYMBOL = { value: 'SPY', id: 'SPY R735QTJ8XC9X', permtick: 'SPY' };

/** Daily equity from 100 000, a seeded random walk. */
export function equityCurve(seed: string, days = TRADING_DAYS): { time: number; equity: number }[] {
  const drift = (seeded(`${seed}:drift`) - 0.35) * 0.002;
  let equity = 100_000;
  return Array.from({ length: days }, (_, day) => {
    equity *= 1 + drift + (seeded(`${seed}:day:${day}`) - 0.5) * 0.02;
    return { time: PERIOD_START + day * DAY, equity: round(equity, 2) };
  });
}

export interface Performance {
  readonly netProfit: number;
  readonly sharpe: number;
  readonly drawdown: number;
  readonly psr: number;
  readonly winRate: number;
  readonly trades: number;
  readonly compoundingAnnualReturn: number;
  readonly endEquity: number;
}

export function performance(seed: string, trades: number): Performance {
  const curve = equityCurve(seed);
  const endEquity = curve[curve.length - 1].equity;
  const netProfit = endEquity / 100_000 - 1;
  let peak = 0;
  let drawdown = 0;
  for (const { equity } of curve) {
    peak = Math.max(peak, equity);
    drawdown = Math.max(drawdown, 1 - equity / peak);
  }
  return {
    netProfit,
    sharpe: round(netProfit * 6 + (seeded(`${seed}:sharpe`) - 0.5) * 0.4, 3),
    drawdown,
    psr: round(Math.min(0.99, Math.max(0.01, 0.5 + netProfit * 2)), 4),
    winRate: round(0.4 + seeded(`${seed}:win`) * 0.25, 2),
    trades,
    compoundingAnnualReturn: netProfit,
    endEquity,
  };
}

/** The `statistics` map of a backtest: every value a string, as QuantConnect sends it. */
export function statistics(p: Performance): Record<string, string> {
  const percent = (value: number) => `${(value * 100).toFixed(3)}%`;
  return {
    'Total Orders': String(p.trades),
    'Average Win': '0.85%',
    'Average Loss': '-0.62%',
    'Compounding Annual Return': percent(p.compoundingAnnualReturn),
    Drawdown: percent(p.drawdown),
    Expectancy: (p.winRate * 1.37 - (1 - p.winRate)).toFixed(3),
    'Start Equity': '100000',
    'End Equity': p.endEquity.toFixed(2),
    'Net Profit': percent(p.netProfit),
    'Sharpe Ratio': p.sharpe.toFixed(3),
    'Sortino Ratio': (p.sharpe * 1.2).toFixed(3),
    'Probabilistic Sharpe Ratio': percent(p.psr),
    'Loss Rate': `${Math.round((1 - p.winRate) * 100)}%`,
    'Win Rate': `${Math.round(p.winRate * 100)}%`,
    'Profit-Loss Ratio': '1.37',
    Alpha: '0.021',
    Beta: '0.871',
    'Annual Standard Deviation': '0.112',
    'Annual Variance': '0.013',
    'Information Ratio': '-0.35',
    'Tracking Error': '0.031',
    'Treynor Ratio': '0.157',
    'Total Fees': `$${(p.trades * 1).toFixed(2)}`,
    'Estimated Strategy Capacity': '$1200000000.00',
    'Lowest Capacity Asset': SYMBOL.id,
    'Portfolio Turnover': '2.12%',
  };
}

export function runtimeStatistics(p: Performance): Record<string, string> {
  const money = (value: number) =>
    `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return {
    Equity: money(p.endEquity),
    Fees: `-${money(p.trades)}`,
    Holdings: money(p.endEquity * 0.98),
    'Net Profit': money(p.endEquity - 100_000),
    'Probabilistic Sharpe Ratio': `${(p.psr * 100).toFixed(3)}%`,
    Return: `${(p.netProfit * 100).toFixed(2)} %`,
    Unrealized: money(0),
    Volume: money(p.trades * 98_000),
  };
}

/** `totalPerformance`: the typed twin of `statistics`, with a few closed trades. */
export function totalPerformance(p: Performance): Record<string, unknown> {
  const start = qcDate(PERIOD_START * 1000);
  const end = qcDate((PERIOD_START + (TRADING_DAYS - 1) * DAY) * 1000);
  return {
    tradeStatistics: {
      startDateTime: start,
      endDateTime: end,
      totalNumberOfTrades: Math.floor(p.trades / 2),
      numberOfWinningTrades: Math.round((p.trades / 2) * p.winRate),
      numberOfLosingTrades: Math.floor(p.trades / 2) - Math.round((p.trades / 2) * p.winRate),
      totalProfitLoss: round(p.endEquity - 100_000, 2),
      winRate: p.winRate,
      lossRate: round(1 - p.winRate, 2),
      profitLossRatio: 1.37,
      sharpeRatio: p.sharpe,
      averageTradeDuration: '2.03:12:00',
      maximumDrawdownDuration: '41.00:00:00',
      totalFees: p.trades,
    },
    portfolioStatistics: {
      startEquity: 100_000,
      endEquity: p.endEquity,
      compoundingAnnualReturn: round(p.compoundingAnnualReturn, 4),
      drawdown: round(p.drawdown, 4),
      totalNetProfit: round(p.netProfit, 4),
      sharpeRatio: p.sharpe,
      probabilisticSharpeRatio: p.psr,
      winRate: p.winRate,
      lossRate: round(1 - p.winRate, 2),
    },
    closedTrades: Array.from({ length: Math.min(3, Math.floor(p.trades / 2)) }, (_, i) => ({
      symbol: SYMBOL,
      entryTime: qcDate((PERIOD_START + i * 10 * DAY) * 1000),
      entryPrice: 470 + i,
      direction: 0,
      quantity: 200,
      exitTime: qcDate((PERIOD_START + (i * 10 + 3) * DAY) * 1000),
      exitPrice: 473 + i,
      profitLoss: 600,
      totalFees: 2,
      mae: -120,
      mfe: 800,
      duration: '3.00:00:00',
      endTradeDrawdown: -200,
    })),
  };
}

/** The chart names of a result, as the `charts` summary lists them. */
export const CHART_NAMES = ['Strategy Equity', 'Benchmark', 'Drawdown', 'Portfolio Turnover', 'Exposure'];

/** A chart name the result does not have is refused at once, before any "loading" answer. */
export function requireChartName(name: string): void {
  if (!CHART_NAMES.includes(name)) {
    throw new FakeApiError(`Chart "${name}" not found; available charts: ${CHART_NAMES.join(', ')}.`);
  }
}

/** `count` points spread evenly over the range, its first and last among them (the end equity is the result's). */
function spread<T>(points: readonly T[], count: number): T[] {
  if (points.length <= count) return [...points];
  if (count <= 1) return points.slice(-1);
  return Array.from({ length: count }, (_, k) => points[Math.round((k * (points.length - 1)) / (count - 1))]);
}

export function chartSummary(): Record<string, { name: string }> {
  return Object.fromEntries(CHART_NAMES.map((name) => [name, { name }]));
}

/** One chart with `count` points between `start` and `end` (Unix seconds), as /chart/read answers. */
export function chart(seed: string, name: string, count: number, start: number, end: number): Record<string, unknown> {
  requireChartName(name);
  const curve = equityCurve(seed).filter((point) => point.time >= start && point.time <= end);
  const points = spread(curve, count);
  const series = (seriesName: string, unit: string, index: number, seriesType: number, values: unknown[]) => ({
    name: seriesName,
    unit,
    index,
    values,
    seriesType,
    color: '',
    scatterMarkerSymbol: 'none',
  });
  const seriesByChart: Record<string, Record<string, unknown>> = {
    'Strategy Equity': {
      Equity: series(
        'Equity',
        '$',
        0,
        2,
        points.map((p) => [p.time, p.equity, p.equity * 1.004, p.equity * 0.996, p.equity]),
      ),
      Return: series(
        'Return',
        '%',
        1,
        3,
        points.map((p) => [p.time, round((p.equity / 100_000 - 1) * 100, 3)]),
      ),
    },
    Benchmark: {
      Benchmark: series(
        'Benchmark',
        '$',
        0,
        0,
        points.map((p, i) => [p.time, round(470 + i * 0.3, 2)]),
      ),
    },
    Drawdown: {
      'Equity Drawdown': series(
        'Equity Drawdown',
        '%',
        0,
        0,
        points.map((p) => [p.time, drawdownAt(curve, p.time)]),
      ),
    },
    'Portfolio Turnover': {
      'Portfolio Turnover': series(
        'Portfolio Turnover',
        '%',
        0,
        0,
        points.map((p) => [p.time, 2.1]),
      ),
    },
    Exposure: {
      'Equity - Long Ratio': series(
        'Equity - Long Ratio',
        '',
        0,
        0,
        points.map((p) => [p.time, 0.98]),
      ),
    },
  };
  return { name, chartType: 0, series: seriesByChart[name] };
}

function drawdownAt(curve: { time: number; equity: number }[], time: number): number {
  let peak = 0;
  let equity = 0;
  for (const point of curve) {
    if (point.time > time) break;
    peak = Math.max(peak, point.equity);
    equity = point.equity;
  }
  return peak === 0 ? 0 : round((equity / peak - 1) * 100, 3);
}

/** Orders as Lean serialises them: enums as integers, times as ISO strings. */
export function orders(algorithmId: string, total: number, start: number, end: number): Record<string, unknown>[] {
  return Array.from({ length: Math.max(0, Math.min(end, total) - start) }, (_, i) => {
    const id = start + i + 1;
    const time = new Date((PERIOD_START + Math.floor(id / 2) * DAY + 14 * 3600) * 1000).toISOString();
    const buy = id % 2 === 1;
    const price = round(470 + id * 0.25, 2);
    const quantity = buy ? 200 : -200;
    return {
      id,
      contingentId: 0,
      brokerId: [String(100_000 + id)],
      symbol: SYMBOL,
      price,
      priceCurrency: 'USD',
      time,
      createdTime: time,
      lastFillTime: time,
      quantity,
      type: 0,
      status: 3,
      tag: '',
      securityType: 1,
      direction: buy ? 0 : 1,
      value: round(price * quantity, 2),
      orderSubmissionData: { bidPrice: price - 0.01, askPrice: price + 0.01, lastPrice: price },
      isMarketable: true,
      properties: { timeInForce: {} },
      events: [
        {
          algorithmId,
          symbol: SYMBOL.id,
          symbolValue: SYMBOL.value,
          symbolPermtick: SYMBOL.permtick,
          orderId: id,
          orderEventId: 1,
          id: `${algorithmId}-${id}-1`,
          status: 'filled',
          orderFeeAmount: 1,
          orderFeeCurrency: 'USD',
          fillPrice: price,
          fillPriceCurrency: 'USD',
          fillQuantity: quantity,
          direction: buy ? 'buy' : 'sell',
          isAssignment: false,
          quantity,
          time: Date.parse(time) / 1000,
          isInTheMoney: false,
        },
      ],
    };
  });
}

export function insights(total: number, start: number, end: number): Record<string, unknown>[] {
  return Array.from({ length: Math.max(0, Math.min(end, total) - start) }, (_, i) => {
    const n = start + i;
    const generated = PERIOD_START + n * DAY + 14 * 3600;
    return {
      id: `insight-${n}`,
      groupId: '',
      sourceModel: 'EmaCrossAlphaModel',
      generatedTime: generated,
      closeTime: generated + 5 * DAY,
      symbol: SYMBOL.id,
      ticker: SYMBOL.value,
      type: 'price',
      reference: 470 + n,
      referenceFinal: 471 + n,
      direction: n % 3 === 0 ? 'down' : 'up',
      period: 5 * DAY,
      confidence: 0.6,
      scoreFinal: true,
      scoreDirection: 1,
      scoreMagnitude: 0,
      estimatedValue: 120.5,
      tag: '',
    };
  });
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
