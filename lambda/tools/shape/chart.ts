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

export function shapeChart(response: QuantConnectResponse, count: number, retry: string): string | object {
  if (isChartLoading(response)) {
    return `The chart is still being generated${percent(response.progress)}; ${retry} in a few seconds.`;
  }
  const chart = record(response.chart);
  let longest = 0;
  const entries = Object.entries(record(chart.series)).map(([key, value]) => {
    const series = record(value);
    const type =
      typeof series.seriesType === 'number' ? (SERIES_TYPES[series.seriesType] ?? series.seriesType) : undefined;
    const values = Array.isArray(series.values) ? series.values : [];
    longest = Math.max(longest, values.length);
    return [
      text(series.name) || key,
      definedOnly({ type, unit: series.unit, values: sample(values, count).map(rounded) }),
    ] as const;
  });
  const size = JSON.stringify(entries).length;
  const step = Math.ceil(size / CHART_CHARS);
  const series = Object.fromEntries(
    entries.map(([name, s]) => [name, step > 1 ? { ...s, values: thin(s.values as unknown[], step) } : s]),
  );
  const sampled =
    longest > count
      ? `Each series sampled to ${count} points (the longest has ${longest}); ask for more with count, or narrow start and end.`
      : undefined;
  const note =
    step > 1 ? `Every ${step}th point of those shown to fit the result; ask for fewer points with count.` : sampled;
  return definedOnly({ note, chart: chart.name, series });
}
