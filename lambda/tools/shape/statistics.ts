/**
 * One convention for performance statistics wherever a tool shows them (read_backtest,
 * list_backtests, read_optimization, list_optimizations): camelCase keys named after
 * QuantConnect's labels ("Net Profit" → netProfit), numbers rather than strings, percentages in
 * percent (12.5 means 12.5%, whatever unit QuantConnect used for that answer), rounded to 3
 * decimals. QuantConnect sends them as labelled strings ("-10.806%"), as fractions with float noise
 * (-0.10805619999999994), or as an unlabelled array of percent numbers, depending on the endpoint.
 */

/** What read_backtest's description says once, and the other tools refer to. */
export const STATISTICS_UNIT = 'Statistics, here and in every tool: numbers, rates in percent (12.5 = 12.5%), rounded.';

/** Statistics that are rates, by their camelCase key: fractions elsewhere are sent ×100 under these. */
const RATES = new Set([
  'compoundingAnnualReturn',
  'drawdown',
  'netProfit',
  'probabilisticSharpeRatio',
  'winRate',
  'lossRate',
]);

export function rounded(value: number): number {
  return Number(value.toFixed(3));
}

/** "Probabilistic Sharpe Ratio" → probabilisticSharpeRatio, "Profit-Loss Ratio" → profitLossRatio. */
export function statisticKey(label: string): string {
  const words = label.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  return words
    .map((word, index) => (index === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1).toLowerCase()))
    .join('');
}

/** "-10.806%" → -10.806, "$1,200.00" → 1200, "-$5.00" → -5, "0.021" → 0.021; other text stays text. */
export function statisticValue(value: unknown): unknown {
  if (typeof value === 'number') return rounded(value);
  if (typeof value !== 'string') return value;
  const match = /^\s*(-?)\s*\$?\s*(-?[\d,]*\.?\d+)\s*%?\s*$/.exec(value);
  if (match === null) return value;
  const number = Number(match[2].replace(/,/g, ''));
  return Number.isFinite(number) ? rounded(match[1] === '-' ? -number : number) : value;
}

/** QuantConnect's labelled statistics (read_backtest's `statistics`) in the one convention. */
export function fromLabelled(
  statistics: unknown,
  renamed: Readonly<Record<string, string>> = {},
): Record<string, unknown> | undefined {
  if (statistics === null || typeof statistics !== 'object' || Array.isArray(statistics)) return undefined;
  const entries = Object.entries(statistics as Record<string, unknown>);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(
    entries.map(([label, value]) => [renamed[label] ?? statisticKey(label), statisticValue(value)]),
  );
}

/**
 * A running backtest's runtime statistics label its profit in money ("Net Profit": "$1,234.00"):
 * under another key, so that `netProfit` is a percentage everywhere.
 */
export const RUNTIME_RENAMES = { 'Net Profit': 'netProfitAmount' } as const;

/**
 * Statistics QuantConnect sends as fractions (list_backtests, list_optimizations), renamed where
 * its key differs from the label's (`psr`, `trades`), rates turned into percent.
 */
export function fromFractions(
  source: Record<string, unknown>,
  keys: Readonly<Record<string, string>>,
): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const [from, to] of Object.entries(keys)) {
    const value = source[from];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    out[to] = rounded(RATES.has(to) ? value * 100 : value);
  }
  return Object.keys(out).length === 0 ? undefined : out;
}
