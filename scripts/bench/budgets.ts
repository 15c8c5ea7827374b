/**
 * The figures a benchmark run produces, and the budgets of issue 5 they are judged by: the
 * production bundle on Lambda's Node (22), against the baseline measured in the same run, for
 * clients of each protocol era (2025-11-25 and 2026-07-28) alike.
 */
import { ERAS, FIRST_REQUEST, PROTOCOL_VERSIONS, type Era } from './events';
import type { Summary } from './stats';

/** A cold start: loading the bundle, then the first request of the era (`initialize` or `server/discover`). */
export interface ColdFigures {
  readonly runs: number;
  readonly loadMs: Summary;
  readonly firstRequestMs: Summary;
  readonly loadPlusFirstRequestMs: Summary;
  /** CPU time of the same window: steadier than wall-clock time on a busy machine. */
  readonly loadPlusFirstRequestCpuMs: Summary;
  readonly maxRssMb: Summary;
}

export interface WarmFigures {
  readonly toolCount: number;
  /** Bytes of the whole `tools/list` response body. */
  readonly listBytes: number;
  readonly listUs: Summary;
  readonly callUs: Summary;
  /** The same QuantConnect request sent directly to the fake: the floor of a tool call. */
  readonly fakeUs: Summary;
  /** Median handler time of the tool call minus the median of the direct request. */
  readonly callOverheadUs: number;
  /** Live heap after a full GC: before the settling requests, then before and after the measured ones. */
  readonly heap?: {
    readonly settlingBytes: number;
    readonly beforeBytes: number;
    readonly afterBytes: number;
    readonly requests: number;
  };
  readonly maxRssKb: number;
}

export interface EraFigures {
  readonly cold: ColdFigures;
  readonly warm: WarmFigures;
}

/** Per protocol era; the v1 baseline serves 2025-11-25 only. */
export type ImplementationFigures = Partial<Record<Era, EraFigures>>;

export interface RuntimeFigures {
  readonly version: string;
  readonly ours: ImplementationFigures;
  readonly baseline: ImplementationFigures;
}

export interface SizeFigures {
  readonly bundleBytes: number;
  readonly zipBytes: number;
  readonly files: readonly string[];
}

export interface Budget {
  readonly name: string;
  readonly limit: string;
  readonly measured: string;
  readonly pass: boolean;
}

export interface Figures {
  readonly date: string;
  /** What the baseline is written with: the SDK v2 (the default) or the v1 SDK (`--baseline-v1`). */
  readonly baselineSdk: 'v2' | 'v1';
  readonly call: { readonly tool: string; readonly endpoint: string };
  readonly size: { readonly ours: SizeFigures; readonly baseline: SizeFigures };
  /** What each bundle is made of (bytes of output per package), and whether our rebuild matched dist/. */
  readonly composition: {
    readonly productionSettingsMatch: boolean;
    readonly ours: readonly { name: string; bytes: number }[];
    readonly baseline: readonly { name: string; bytes: number }[];
  };
  readonly runtimes: Record<string, RuntimeFigures>;
  /** The runtime the budgets are judged on: Node 22 when its binary is installed. */
  readonly budgetRuntime: string;
  budgets: Budget[];
  durationSeconds: number;
}

export const ZIP_LIMIT_BYTES = 250_000;
export const COLD_START_LIMIT_RATIO = 0.5;
export const LIST_LIMIT_RATIO = 0.1;
export const LIST_LIMIT_US = 500;
export const CALL_OVERHEAD_LIMIT_US = 1000;
/**
 * MB as Lambda counts memory (MiB), the unit of its "Max Memory Used". Judged on the cold start
 * (load and first request): a warm process's RSS is mostly garbage V8 lets pile up between
 * collections, as large as its heap flags allow; what a warm process keeps is the heap budget.
 */
export const RSS_LIMIT_MB = 100;
/**
 * "No growth": at most this many bytes more live heap after the run than before. Holding on to
 * anything per request (a server, a transport, a log record) is kilobytes per request, tens of
 * megabytes over 10 000; this leaves room only for V8's own bookkeeping.
 */
export const HEAP_GROWTH_LIMIT_BYTES = 1024 * 1024;

const ratio = (ours: number, baseline: number) => `${((100 * ours) / baseline).toFixed(1)} % of baseline`;

/** The budgets one protocol era's figures are judged by; the ratios only where the baseline serves the era. */
function eraBudgets(era: Era, ours: EraFigures, baseline: EraFigures | undefined): Budget[] {
  const label = PROTOCOL_VERSIONS[era];
  const coldOurs = ours.cold.loadPlusFirstRequestMs.median;
  const listOurs = ours.warm.listUs.median;
  const budgets: Budget[] = [];
  if (baseline) {
    const coldBaseline = baseline.cold.loadPlusFirstRequestMs.median;
    budgets.push(
      {
        name: `load + first ${FIRST_REQUEST[era].method} (${label}, median)`,
        limit: `≤ ${COLD_START_LIMIT_RATIO * 100} % of baseline`,
        measured: `${coldOurs.toFixed(1)} ms, ${ratio(coldOurs, coldBaseline)} (${coldBaseline.toFixed(1)} ms)`,
        pass: coldOurs <= COLD_START_LIMIT_RATIO * coldBaseline,
      },
      {
        name: `warm tools/list (${label}, median)`,
        limit: `≤ ${LIST_LIMIT_RATIO * 100} % of baseline`,
        measured: `${listOurs.toFixed(0)} µs, ${ratio(listOurs, baseline.warm.listUs.median)}`,
        pass: listOurs <= LIST_LIMIT_RATIO * baseline.warm.listUs.median,
      },
    );
  }
  budgets.push(
    {
      name: `warm tools/list (${label}, median)`,
      limit: `< ${LIST_LIMIT_US} µs`,
      measured: `${listOurs.toFixed(0)} µs (p99 ${ours.warm.listUs.p99.toFixed(0)} µs)`,
      pass: listOurs < LIST_LIMIT_US,
    },
    {
      name: `warm tools/call overhead (${label}, median)`,
      limit: `≤ ${CALL_OVERHEAD_LIMIT_US} µs`,
      measured: `${ours.warm.callOverheadUs.toFixed(0)} µs`,
      pass: ours.warm.callOverheadUs <= CALL_OVERHEAD_LIMIT_US,
    },
  );
  const heap = ours.warm.heap;
  if (heap) {
    const growth = heap.afterBytes - heap.beforeBytes;
    budgets.push({
      name: `heap growth over ${heap.requests} requests (${label})`,
      limit: `≤ ${HEAP_GROWTH_LIMIT_BYTES / 1024} KiB`,
      measured: `${(growth / 1024).toFixed(0)} KiB (live heap ${(heap.beforeBytes / 1048576).toFixed(1)} → ${(heap.afterBytes / 1048576).toFixed(1)} MiB)`,
      pass: growth <= HEAP_GROWTH_LIMIT_BYTES,
    });
  }
  return budgets;
}

export function judge(figures: Figures): Budget[] {
  const { ours, baseline } = figures.runtimes[figures.budgetRuntime];
  const eras = ERAS.filter((era) => ours[era] !== undefined);
  const peakRssMb = Math.max(...eras.map((era) => ours[era]!.cold.maxRssMb.max));
  return [
    {
      name: 'zip size',
      limit: `≤ ${ZIP_LIMIT_BYTES} bytes`,
      measured: `${figures.size.ours.zipBytes} bytes`,
      pass: figures.size.ours.zipBytes <= ZIP_LIMIT_BYTES,
    },
    ...eras.flatMap((era) => eraBudgets(era, ours[era]!, baseline[era])),
    {
      name: 'peak RSS of a cold start (highest of all runs, both eras)',
      limit: `≤ ${RSS_LIMIT_MB} MB`,
      measured: `${peakRssMb.toFixed(1)} MB`,
      pass: peakRssMb <= RSS_LIMIT_MB,
    },
  ];
}
