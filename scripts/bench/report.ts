/** The human-readable part of the benchmark's output: one table per runtime, sizes, budgets. */
import type { EraFigures, Figures, ImplementationFigures } from './budgets';
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

/** The rows of one protocol era; a baseline that does not serve the era (v1) shows dashes. */
function eraRows(era: Era, ours: EraFigures, baseline: EraFigures | undefined, runs: number): string[][] {
  const label = PROTOCOL_VERSIONS[era];
  const first = FIRST_REQUEST[era].method;
  const heap = ours.warm.heap;
  const row = (name: string, cell: (figures: EraFigures) => string, ratio: (figures: EraFigures) => number) => [
    `${label} ${name}`,
    cell(ours),
    baseline ? cell(baseline) : NONE,
    baseline ? times(ratio(ours), ratio(baseline)) : NONE,
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
    row(
      'warm: tools/call, µs',
      (f) => tail(f.warm.callUs, us),
      (f) => f.warm.callUs.median,
    ),
    [
      `${label} warm: the fake alone (direct request), µs`,
      tail(ours.warm.fakeUs, us),
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

function runtimeRows(ours: ImplementationFigures, baseline: ImplementationFigures): string[][] {
  return [
    ['', 'ours', 'baseline', 'ours/baseline'],
    ...ERAS.flatMap((era) => {
      const figures = ours[era];
      return figures ? eraRows(era, figures, baseline[era], figures.cold.runs) : [];
    }),
  ];
}

export function printReport(figures: Figures): void {
  const { ours, baseline } = figures.size;
  // Every baseline serves 2025-11-25: its tools/list is the one compared.
  const listed = figures.runtimes[figures.budgetRuntime].ours.legacy!.warm;
  const listedBaseline = figures.runtimes[figures.budgetRuntime].baseline.legacy!.warm;
  console.log(
    `\nBenchmark ${figures.date} (baseline: SDK ${figures.baselineSdk}; tools/call: ${figures.call.tool} → ${figures.call.endpoint})\n`,
  );
  console.log(
    table([
      ['', 'ours', 'baseline', 'ours/baseline'],
      [
        'bundle, bytes',
        String(ours.bundleBytes),
        String(baseline.bundleBytes),
        times(ours.bundleBytes, baseline.bundleBytes),
      ],
      [
        'zip (deflate), bytes',
        String(ours.zipBytes),
        String(baseline.zipBytes),
        times(ours.zipBytes, baseline.zipBytes),
      ],
      [
        `tools/list, bytes (${listed.toolCount} tools)`,
        String(listed.listBytes),
        String(listedBaseline.listBytes),
        times(listed.listBytes, listedBaseline.listBytes),
      ],
      [
        'tools/list, tokens (bytes ÷ 4)',
        String(Math.round(listed.listBytes / 4)),
        String(Math.round(listedBaseline.listBytes / 4)),
        '',
      ],
    ]),
  );
  for (const [name, runtime] of Object.entries(figures.runtimes)) {
    console.log(`\n${name} (${runtime.version})`);
    console.log(table(runtimeRows(runtime.ours, runtime.baseline)));
  }
  const top = (parts: Figures['composition']['ours']) =>
    parts
      .slice(0, 6)
      .map((part) => `${part.name} ${(part.bytes / 1024).toFixed(0)} KB`)
      .join(', ');
  console.log(`\nBundle composition (bytes of output): ours: ${top(figures.composition.ours)}`);
  console.log(`  baseline: ${top(figures.composition.baseline)}`);
  if (!figures.composition.productionSettingsMatch) {
    console.log(
      '  WARNING: scripts/bench/build.mjs no longer builds what scripts/build.mjs does: align their settings.',
    );
  }
  console.log(`\nBudgets (production bundle, ${figures.budgetRuntime}):`);
  for (const budget of figures.budgets) {
    console.log(`  ${budget.pass ? 'PASS' : 'FAIL'}  ${budget.name}: ${budget.measured} (budget ${budget.limit})`);
  }
  console.log(`\n${figures.durationSeconds} s in all. The JSON line below holds every figure.`);
}

/** The same figures as one Markdown table (all runtimes side by side), for docs/performance.md. */
export function markdownReport(figures: Figures): string {
  const runtimes = Object.entries(figures.runtimes);
  const { ours, baseline } = figures.size;
  const listed = figures.runtimes[figures.budgetRuntime];
  const sizeRow = (label: string, a: number, b: number) => [
    label,
    ...runtimes.flatMap(() => [String(a), String(b), times(a, b)]),
  ];
  const header = [
    '',
    ...runtimes.flatMap(([name, runtime]) => [`${name} (${runtime.version}) ours`, 'baseline', 'ratio']),
  ];
  const perRuntime = runtimes.map(([, runtime]) => runtimeRows(runtime.ours, runtime.baseline).slice(1));
  const rows = [
    sizeRow('bundle, bytes', ours.bundleBytes, baseline.bundleBytes),
    sizeRow('zip (deflate), bytes', ours.zipBytes, baseline.zipBytes),
    sizeRow(
      `tools/list, bytes (${listed.ours.legacy!.warm.toolCount} tools; tokens = bytes ÷ 4)`,
      listed.ours.legacy!.warm.listBytes,
      listed.baseline.legacy!.warm.listBytes,
    ),
    ...perRuntime[0].map((row, index) => [row[0], ...perRuntime.flatMap((rowsOf) => rowsOf[index].slice(1))]),
  ];
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
