/**
 * Orders and insights (of backtests and live algorithms) as an agent reads them: enum codes
 * named, the symbol as its ticker, the bulky parts (order events, submission data) left out.
 */
import { definedOnly, record } from './compact';

const ORDER_TYPES = [
  'Market',
  'Limit',
  'StopMarket',
  'StopLimit',
  'MarketOnOpen',
  'MarketOnClose',
  'OptionExercise',
  'LimitIfTouched',
  'ComboMarket',
  'ComboLimit',
  'ComboLegLimit',
  'TrailingStop',
];
const ORDER_STATUSES: Record<number, string> = {
  0: 'New',
  1: 'Submitted',
  2: 'PartiallyFilled',
  3: 'Filled',
  5: 'Canceled',
  6: 'None',
  7: 'Invalid',
  8: 'CancelPending',
  9: 'UpdateSubmitted',
};
const DIRECTIONS = ['Buy', 'Sell', 'Hold'];

function named(code: unknown, names: Record<number, string>): unknown {
  return typeof code === 'number' ? (names[code] ?? code) : code;
}

/** A price of 0 on a market order means "not set". */
function nonZero(value: unknown): unknown {
  return value === 0 ? undefined : value;
}

export function summariseOrder(order: unknown): Record<string, unknown> {
  const o = record(order);
  const symbol = record(o.symbol);
  return definedOnly({
    id: o.id,
    symbol: symbol.value ?? o.symbol,
    type: named(o.type, ORDER_TYPES),
    status: named(o.status, ORDER_STATUSES),
    direction: named(o.direction, DIRECTIONS),
    quantity: o.quantity,
    price: o.price,
    limitPrice: nonZero(o.limitPrice),
    stopPrice: nonZero(o.stopPrice),
    triggerPrice: nonZero(o.triggerPrice),
    value: o.value,
    time: o.time,
    // Most orders fill when placed: the same time twice says nothing.
    lastFillTime: o.lastFillTime === o.time ? undefined : o.lastFillTime,
    canceledTime: o.canceledTime,
    tag: o.tag,
  });
}

/** Unix seconds as the ISO time orders carry, so that both read the same. */
function isoTime(seconds: unknown): unknown {
  return typeof seconds === 'number' && Number.isFinite(seconds)
    ? new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')
    : seconds;
}

/** Insights without the fields that repeat others (group ids, final reference values). */
export function summariseInsight(insight: unknown): Record<string, unknown> {
  const i = record(insight);
  return definedOnly({
    id: i.id,
    ticker: i.ticker ?? i.symbol,
    type: i.type,
    direction: i.direction,
    periodSeconds: i.period,
    magnitude: i.magnitude,
    confidence: i.confidence,
    weight: i.weight,
    generatedTime: isoTime(i.generatedTime),
    closeTime: isoTime(i.closeTime),
    sourceModel: i.sourceModel,
    tag: i.tag,
    scoreDirection: i.scoreDirection,
    scoreMagnitude: i.scoreMagnitude,
    estimatedValue: i.estimatedValue,
  });
}

/** QuantConnect's one- and two-letter holding keys, spelt out. */
const HOLDING_KEYS: Record<string, string> = {
  a: 'averagePrice',
  q: 'quantity',
  p: 'price',
  v: 'marketValue',
  u: 'unrealizedProfit',
  up: 'unrealizedProfitPercent',
};

/** A live portfolio with its holdings' keys spelt out; cash as QuantConnect sends it. */
export function summarisePortfolio(portfolio: Record<string, unknown>): Record<string, unknown> {
  const holdings = Object.entries(record(portfolio.holdings)).map(([symbol, holding]) => [
    symbol,
    Object.fromEntries(Object.entries(record(holding)).map(([key, value]) => [HOLDING_KEYS[key] ?? key, value])),
  ]);
  return definedOnly({ ...portfolio, holdings: Object.fromEntries(holdings) });
}
