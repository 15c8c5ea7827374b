/** Charts of backtests and live algorithms: series values kept, styling dropped, thinned when too long. */
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

export function shapeChart(response: QuantConnectResponse, retry: string): string | object {
  if (isChartLoading(response)) {
    return `The chart is still being generated${percent(response.progress)}; ${retry} in a few seconds.`;
  }
  const chart = record(response.chart);
  const entries = Object.entries(record(chart.series)).map(([key, value]) => {
    const series = record(value);
    const type =
      typeof series.seriesType === 'number' ? (SERIES_TYPES[series.seriesType] ?? series.seriesType) : undefined;
    const values = Array.isArray(series.values) ? series.values : [];
    return [text(series.name) || key, definedOnly({ type, unit: series.unit, values })] as const;
  });
  const size = JSON.stringify(entries).length;
  const step = Math.ceil(size / CHART_CHARS);
  const series = Object.fromEntries(
    entries.map(([name, s]) => [name, step > 1 ? { ...s, values: thin(s.values as unknown[], step) } : s]),
  );
  const note =
    step > 1
      ? `Every ${step}th point shown to fit the result; ask for fewer points with count for full detail.`
      : undefined;
  return definedOnly({ note, chart: chart.name, series });
}
