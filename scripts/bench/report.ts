/** The human-readable part of the benchmark's output: one table per runtime, sizes, budgets. */
import type { Figures, ImplementationFigures } from './budgets';
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

function runtimeRows(ours: ImplementationFigures, baseline: ImplementationFigures): string[][] {
  const heap = ours.warm.heap;
  return [
    ['', 'ours', 'baseline', 'ours/baseline'],
    [
      `cold: load, ms (median [min–max], ${ours.cold.runs} runs)`,
      spread(ours.cold.loadMs, ms),
      spread(baseline.cold.loadMs, ms),
      times(ours.cold.loadMs.median, baseline.cold.loadMs.median),
    ],
    [
      'cold: first initialize, ms',
      spread(ours.cold.firstInitializeMs, ms),
      spread(baseline.cold.firstInitializeMs, ms),
      times(ours.cold.firstInitializeMs.median, baseline.cold.firstInitializeMs.median),
    ],
    [
      'cold: load + first initialize, ms',
      spread(ours.cold.loadPlusInitializeMs, ms),
      spread(baseline.cold.loadPlusInitializeMs, ms),
      times(ours.cold.loadPlusInitializeMs.median, baseline.cold.loadPlusInitializeMs.median),
    ],
    [
      'cold: load + first initialize, CPU ms',
      spread(ours.cold.loadPlusInitializeCpuMs, ms),
      spread(baseline.cold.loadPlusInitializeCpuMs, ms),
      times(ours.cold.loadPlusInitializeCpuMs.median, baseline.cold.loadPlusInitializeCpuMs.median),
    ],
    [
      'cold: peak RSS, MB',
      spread(ours.cold.maxRssMb, ms),
      spread(baseline.cold.maxRssMb, ms),
      times(ours.cold.maxRssMb.median, baseline.cold.maxRssMb.median),
    ],
    [
      'warm: tools/list, µs (median / p99)',
      tail(ours.warm.listUs, us),
      tail(baseline.warm.listUs, us),
      times(ours.warm.listUs.median, baseline.warm.listUs.median),
    ],
    [
      'warm: tools/call, µs',
      tail(ours.warm.callUs, us),
      tail(baseline.warm.callUs, us),
      times(ours.warm.callUs.median, baseline.warm.callUs.median),
    ],
    ['warm: the fake alone (direct request), µs', tail(ours.warm.fakeUs, us), tail(baseline.warm.fakeUs, us), ''],
    [
      'warm: tools/call overhead (median), µs',
      us(ours.warm.callOverheadUs),
      us(baseline.warm.callOverheadUs),
      times(ours.warm.callOverheadUs, baseline.warm.callOverheadUs),
    ],
    [
      heap ? `warm: live heap, KiB (then ${heap.requests} requests → after ${heap.requests} more)` : 'warm: live heap',
      heap ? `${us(heap.settlingBytes / 1024)} → ${us(heap.beforeBytes / 1024)} → ${us(heap.afterBytes / 1024)}` : '–',
      '(not run)',
      '',
    ],
    [
      'warm: peak RSS (garbage included), MB',
      ms(ours.warm.maxRssKb / 1024),
      ms(baseline.warm.maxRssKb / 1024),
      times(ours.warm.maxRssKb, baseline.warm.maxRssKb),
    ],
  ];
}

export function printReport(figures: Figures): void {
  const { ours, baseline } = figures.size;
  const listed = figures.runtimes[figures.budgetRuntime].ours.warm;
  const listedBaseline = figures.runtimes[figures.budgetRuntime].baseline.warm;
  console.log(`\nBenchmark ${figures.date} (tools/call: ${figures.call.tool} → ${figures.call.endpoint})\n`);
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
      `tools/list, bytes (${listed.ours.warm.toolCount} tools; tokens = bytes ÷ 4)`,
      listed.ours.warm.listBytes,
      listed.baseline.warm.listBytes,
    ),
    ...perRuntime[0].map((row, index) => [row[0], ...perRuntime.flatMap((rowsOf) => rowsOf[index].slice(1))]),
  ];
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
