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

/** Insights without the fields that repeat others (group ids, final reference values). */
export function summariseInsight(insight: unknown): Record<string, unknown> {
  const i = record(insight);
  return definedOnly({
    id: i.id,
    ticker: i.ticker ?? i.symbol,
    type: i.type,
    direction: i.direction,
    period: i.period,
    magnitude: i.magnitude,
    confidence: i.confidence,
    weight: i.weight,
    generatedTime: i.generatedTime,
    closeTime: i.closeTime,
    sourceModel: i.sourceModel,
    tag: i.tag,
    scoreDirection: i.scoreDirection,
    scoreMagnitude: i.scoreMagnitude,
    estimatedValue: i.estimatedValue,
  });
}
