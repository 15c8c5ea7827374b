/**
 * Charts of backtests and live algorithms: series values kept, styling dropped, each series
 * sampled to the `count` points asked for (QuantConnect may send far more), and thinned further
 * only if the answer would still not fit a result.
 */
import type { QuantConnectResponse } from '../../quantconnect/types';
import { definedOnly, record, text } from './compact';

/** Characters of series data one result carries. */
export const CHART_CHARS = 80_000;

const SERIES_TYPES: Record<number, string> = {
  0: 'Line',
  1: 'Scatter',
  2: 'Candle',
  3: 'Bar',
  4: 'Flag',
  5: 'StackedArea',
  6: 'Pie',
  7: 'Treemap',
  9: 'Heatmap',
  10: 'Scatter3d',
};

/** The chart request: the whole history unless a range is given. */
export function chartRequest(args: { name: string; count: number; start?: number; end?: number }) {
  return { name: args.name, count: args.count, start: args.start ?? 0, end: args.end ?? Math.floor(Date.now() / 1000) };
}

/** QuantConnect builds charts on demand and answers `{status: 'loading', progress}` meanwhile. */
export function isChartLoading(response: QuantConnectResponse): boolean {
  return response.status === 'loading' || (response.chart === undefined && typeof response.progress === 'number');
}

function percent(progress: unknown): string {
  return typeof progress === 'number' ? ` (${Math.round(progress <= 1 ? progress * 100 : progress)}% done)` : '';
}

/** Keeps every `step`-th point and the last one, so the shape of the curve survives. */
function thin(values: unknown[], step: number): unknown[] {
  return values.filter((_, index) => index % step === 0 || index === values.length - 1);
}

/**
 * Chart values to 7 significant digits: a chart shows a shape, and float noise (99502.90591999999)
 * costs tokens. Times are whole numbers and stay as they are.
 */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(7));
  return Array.isArray(value) ? value.map(rounded) : value;
}

/** `count` points spread evenly over the series, the first and the last among them. */
export function sample(values: readonly unknown[], count: number): unknown[] {
  if (values.length <= count) return [...values];
  if (count === 1) return [values[values.length - 1]];
  return Array.from({ length: count }, (_, k) => values[Math.round((k * (values.length - 1)) / (count - 1))]);
}

/** Candle points `[time, open, high, low, close]` as `[time, close]`: a line costs a third of the tokens. */
function closeOnly(value: unknown): unknown {
  return Array.isArray(value) && value.length === 5 ? [value[0], value[4]] : value;
}

/** What the agent is shown of the series' points, in words it can act on. */
function pointsNote(shown: number, longest: number, count: number): string {
  if (longest > count) {
    return `${shown} of ${longest} points a series (first and last kept); ask for more with count, or narrow start and end.`;
  }
  if (longest === count) {
    return `${shown} points a series, as many as count asked for: raise count or narrow start and end for more detail.`;
  }
  return `All ${shown} points of each series in the range.`;
}

export function shapeChart(
  response: QuantConnectResponse,
  options: { count: number; ohlc?: boolean },
  retry: string,
): string | object {
  if (isChartLoading(response)) {
    return `The chart is still being generated${percent(response.progress)}; ${retry} in a few seconds.`;
  }
  const { count } = options;
  const chart = record(response.chart);
  let longest = 0;
  let candles = false;
  const entries = Object.entries(record(chart.series)).map(([key, value]) => {
    const series = record(value);
    const type =
      typeof series.seriesType === 'number' ? (SERIES_TYPES[series.seriesType] ?? series.seriesType) : undefined;
    const values = Array.isArray(series.values) ? series.values : [];
    longest = Math.max(longest, values.length);
    const asLine = type === 'Candle' && options.ohlc !== true;
    candles ||= asLine;
    const points = sample(values, count).map((point) => rounded(asLine ? closeOnly(point) : point));
    return [
      text(series.name) || key,
      definedOnly({ type: asLine ? 'Candle (close)' : type, unit: series.unit, values: points }),
    ] as const;
  });
  const size = JSON.stringify(entries).length;
  const step = Math.ceil(size / CHART_CHARS);
  const series = Object.fromEntries(
    entries.map(([name, s]) => [name, step > 1 ? { ...s, values: thin(s.values as unknown[], step) } : s]),
  );
  const shown = Math.max(0, ...Object.values(series).map((s) => (s.values as unknown[]).length));
  const notes = [
    step > 1
      ? `Every ${step}th point of those sampled, to fit the result; ask for fewer points with count.`
      : pointsNote(shown, longest, count),
    candles ? 'Candles shown as [time, close]; ohlc=true gives [time, open, high, low, close].' : undefined,
  ];
  return definedOnly({ note: notes.filter((note) => note !== undefined).join(' '), chart: chart.name, series });
}
