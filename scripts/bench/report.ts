/** The human-readable part of the benchmark's output: one table per runtime, sizes, budgets. */
import type { EraFigures, Figures, PairedRatios, RuntimeFigures } from './budgets';
import { ERAS, FIRST_REQUEST, PROTOCOL_VERSIONS, type Era } from './events';
import type { Summary } from './stats';

const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
const us = (value: number) => value.toFixed(0);
const spread = (summary: Summary, format: (value: number) => string) =>
  `${format(summary.median)} [${format(summary.min)}–${format(summary.max)}]`;
const tail = (summary: Summary, format: (value: number) => string) =>
  `${format(summary.median)} / ${format(summary.p99)}`;
const times = (ours: number, baseline: number) => (baseline === 0 ? '–' : (ours / baseline).toFixed(3));

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const NONE = '–';

/**
 * The rows of one protocol era of ours: beside it the naive handler's 2025-11-25 figures (the
 * only era it serves) and the baseline's of the same era (dashes where it does not serve it: v1).
 */
function eraRows(
  era: Era,
  ours: EraFigures,
  naive: EraFigures,
  baseline: EraFigures | undefined,
  versusNaive: PairedRatios[Era],
): string[][] {
  const label = PROTOCOL_VERSIONS[era];
  const first = FIRST_REQUEST[era].method;
  const heap = ours.warm.heap;
  const runs = ours.cold.runs;
  const row = (name: string, cell: (figures: EraFigures) => string, ratio: (figures: EraFigures) => number) => [
    `${label} ${name}`,
    cell(ours),
    cell(naive),
    times(ratio(ours), ratio(naive)),
    baseline ? cell(baseline) : NONE,
    baseline ? times(ratio(ours), ratio(baseline)) : NONE,
  ];
  const paired = (name: string, summary: Summary, phase = 'cold') => [
    `${label} ${phase}: ours ÷ naive per round, ${name} (median [min–max])`,
    '',
    '',
    spread(summary, (value) => value.toFixed(3)),
    '',
    '',
  ];
  return [
    row(
      `cold: load, ms (median [min–max], ${runs} runs)`,
      (f) => spread(f.cold.loadMs, ms),
      (f) => f.cold.loadMs.median,
    ),
    row(
      `cold: first ${first}, ms`,
      (f) => spread(f.cold.firstRequestMs, ms),
      (f) => f.cold.firstRequestMs.median,
    ),
    row(
      `cold: load + first ${first}, ms`,
      (f) => spread(f.cold.loadPlusFirstRequestMs, ms),
      (f) => f.cold.loadPlusFirstRequestMs.median,
    ),
    row(
      `cold: load + first ${first}, CPU ms`,
      (f) => spread(f.cold.loadPlusFirstRequestCpuMs, ms),
      (f) => f.cold.loadPlusFirstRequestCpuMs.median,
    ),
    paired('wall', versusNaive!.wall),
    paired('CPU', versusNaive!.cpu),
    [
      `${label} cold, first request a tools/call: load + call, CPU ms`,
      ours.coldCall ? spread(ours.coldCall.loadPlusFirstRequestCpuMs, ms) : NONE,
      naive.coldCall ? spread(naive.coldCall.loadPlusFirstRequestCpuMs, ms) : NONE,
      ours.coldCall && naive.coldCall
        ? times(ours.coldCall.loadPlusFirstRequestCpuMs.median, naive.coldCall.loadPlusFirstRequestCpuMs.median)
        : NONE,
      '(not run)',
      '',
    ],
    paired('first request a tools/call, CPU', versusNaive!.firstCallCpu),
    row(
      'cold: peak RSS, MB',
      (f) => spread(f.cold.maxRssMb, ms),
      (f) => f.cold.maxRssMb.median,
    ),
    row(
      'warm: tools/list, µs (median / p99)',
      (f) => tail(f.warm.listUs, us),
      (f) => f.warm.listUs.median,
    ),
    paired('tools/list', versusNaive!.warmList, 'warm'),
    row(
      'warm: tools/call, µs',
      (f) => tail(f.warm.callUs, us),
      (f) => f.warm.callUs.median,
    ),
    [
      `${label} warm: the fake alone (direct request), µs`,
      tail(ours.warm.fakeUs, us),
      tail(naive.warm.fakeUs, us),
      '',
      baseline ? tail(baseline.warm.fakeUs, us) : NONE,
      '',
    ],
    row(
      'warm: tools/call overhead (median), µs',
      (f) => us(f.warm.callOverheadUs),
      (f) => f.warm.callOverheadUs,
    ),
    [
      heap
        ? `${label} warm: live heap, KiB (then ${heap.requests} requests → after ${heap.requests} more)`
        : `${label} warm: live heap`,
      heap ? `${us(heap.settlingBytes / 1024)} → ${us(heap.beforeBytes / 1024)} → ${us(heap.afterBytes / 1024)}` : NONE,
      '(not run)',
      '',
      baseline ? '(not run)' : NONE,
      '',
    ],
    row(
      'warm: peak RSS (garbage included), MB',
      (f) => ms(f.warm.maxRssKb / 1024),
      (f) => f.warm.maxRssKb,
    ),
  ];
}

const HEADER = ['', 'ours', 'naive (2025-11-25)', 'ours/naive', 'baseline', 'ours/baseline'];

function runtimeRows(runtime: RuntimeFigures): string[][] {
  return [
    HEADER,
    ...ERAS.flatMap((era) => {
      const figures = runtime.ours[era];
      return figures
        ? eraRows(era, figures, runtime.naive.legacy!, runtime.baseline[era], runtime.versusNaive[era])
        : [];
    }),
  ];
}

/** Sizes and the tools/list answer, ours beside the naive handler's and the baseline's. */
function sizeRows(figures: Figures): string[][] {
  const { ours, naive, baseline } = figures.size;
  const listed = figures.runtimes[figures.budgetRuntime];
  // Every implementation serves 2025-11-25: its tools/list is the one compared.
  const lists = [listed.ours, listed.naive, listed.baseline].map((implementation) => implementation.legacy!.warm);
  const row = (label: string, [a, b, c]: readonly number[]) => [
    label,
    String(a),
    String(b),
    times(a, b),
    String(c),
    times(a, c),
  ];
  return [
    row('bundle: every file, bytes', [ours.bundleBytes, naive.bundleBytes, baseline.bundleBytes]),
    row('bundle: index.js (read at a cold start), bytes', [ours.indexBytes, naive.indexBytes, baseline.indexBytes]),
    row('zip (deflate), bytes', [ours.zipBytes, naive.zipBytes, baseline.zipBytes]),
    row(
      `tools/list, bytes (${lists.map((list) => list.toolCount).join(', ')} tools; tokens = bytes ÷ 4)`,
      lists.map((list) => list.listBytes),
    ),
  ];
}

export function printReport(figures: Figures): void {
  console.log(
    `\nBenchmark ${figures.date} (naive handler: v1 SDK, one tool; baseline: SDK ${figures.baselineSdk}; ` +
      `tools/call: ${figures.call.tool} → ${figures.call.endpoint})\n`,
  );
  console.log(table([HEADER, ...sizeRows(figures)]));
  for (const [name, runtime] of Object.entries(figures.runtimes)) {
    console.log(`\n${name} (${runtime.version})`);
    console.log(table(runtimeRows(runtime)));
  }
  const top = (parts: Figures['composition']['ours']) =>
    parts
      .slice(0, 6)
      .map((part) => `${part.name} ${(part.bytes / 1024).toFixed(0)} KB`)
      .join(', ');
  console.log(`\nBundle composition (bytes of output): ours: ${top(figures.composition.ours)}`);
  console.log(`  naive: ${top(figures.composition.naive)}`);
  console.log(`  baseline: ${top(figures.composition.baseline)}`);
  if (!figures.composition.productionSettingsMatch) {
    console.log(
      '  WARNING: scripts/bench/build.mjs no longer builds what scripts/build.mjs does: align their settings.',
    );
  }
  console.log(`\nBudgets (production bundle, ${figures.budgetRuntime}, against the naive handler in the same run):`);
  for (const budget of figures.budgets) {
    console.log(`  ${budget.pass ? 'PASS' : 'FAIL'}  ${budget.name}: ${budget.measured} (budget ${budget.limit})`);
  }
  console.log(`\n${figures.durationSeconds} s in all. The JSON line below holds every figure.`);
}

/** The same figures as Markdown tables, one per runtime, for docs/performance.md. */
export function markdownReport(figures: Figures): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const markdown = (rows: readonly (readonly string[])[]) =>
    [line(rows[0]), line(rows[0].map(() => '---')), ...rows.slice(1).map(line)].join('\n');
  return [
    markdown([HEADER, ...sizeRows(figures)]),
    ...Object.entries(figures.runtimes).map(
      ([name, runtime]) => `${name} (${runtime.version}):\n\n${markdown(runtimeRows(runtime))}`,
    ),
  ].join('\n\n');
}
