/**
 * Builds dist/ once per jest run (scripts/build.mjs), so every test that loads the Lambda bundle
 * or the local entry point, or zips the bundle for the stack, sees one built from this tree.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function buildOnce(): void {
  const root = join(__dirname, '..');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}
