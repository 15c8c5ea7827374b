/**
 * docs/performance.md states the sizes of the function as the bundle built from this tree
 * (dist/lambda, built by the jest globalSetup) has them, within TOLERANCE: the figures are
 * measured by hand (`npm run bench -- --markdown`), and other changes grow the bundle a little
 * between two measurements. A change that moves a size by more wants new figures.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { filesUnder, zipDirectory } from '../../scripts/zip';

const ROOT = join(__dirname, '..', '..');
const BUNDLE_DIR = join(ROOT, 'dist', 'lambda');
/** ±10 %: room for other work merged since the figures were measured, not for a new dependency. */
const TOLERANCE = 0.1;

/** The first figure (ours) of the row of docs/performance.md's figures table that starts with `label`. */
function documented(label: string): number {
  const markdown = readFileSync(join(ROOT, 'docs', 'performance.md'), 'utf8');
  // Cells as Prettier pads them: `| label   | figure | …`.
  const row = markdown
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .find((cells) => cells[0] === '' && cells[1] === label);
  if (row === undefined) throw new Error(`docs/performance.md has no row "${label}"`);
  const figure = Number(row[2]);
  if (!Number.isInteger(figure)) throw new Error(`the row "${label}" does not start with a whole number: ${row[2]}`);
  return figure;
}

const built = {
  'bundle: every file, bytes': () =>
    filesUnder(BUNDLE_DIR).reduce((sum, file) => sum + statSync(join(BUNDLE_DIR, file)).size, 0),
  'bundle: index.js (read at a cold start), bytes': () => statSync(join(BUNDLE_DIR, 'index.js')).size,
  // As the stack packages it (constructs/mcp-function.ts), and the benchmark measures it.
  'zip (deflate), bytes': () => zipDirectory(BUNDLE_DIR, 0o644).zip.length,
};

test.each(Object.keys(built))('docs/performance.md gives the built %s within ±10 %%', (label) => {
  const size = built[label as keyof typeof built]();
  const stated = documented(label);
  expect(Math.abs(size - stated) / stated).toBeLessThanOrEqual(TOLERANCE);
});
