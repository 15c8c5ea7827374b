/**
 * The npm and npx commands a text names (a workflow's `run` lines, the README and the docs), and
 * whether this repository has what they run: the tests that read those texts share this, so that
 * a command written down and a command run are checked the same way.
 */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

export const root = path.join(__dirname, '..', '..');

export const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

/** The packages package.json installs, dependencies and devDependencies alike. */
export const declaredPackages = Object.keys({ ...packageJson.dependencies, ...packageJson.devDependencies });

/** The scripts a text runs: `npm run [flags] <script>` (`a:b` names too, not a trailing colon), `npm run-script <script>`, `npm test`, `npm start`. */
export function npmScriptsIn(text: string): string[] {
  return [...text.matchAll(/\bnpm (?:run(?:-script)?(?: --?[\w-]+)* ([\w-]+(?::[\w-]+)*)|(test|start)\b)/g)].map(
    (match) => match[1] ?? match[2],
  );
}

/** The binaries a text runs with npx (`npx [flags] <bin>`), scoped package names included. */
export function npxBinsIn(text: string): string[] {
  return [...text.matchAll(/\bnpx(?: -[\w-]+)* ([@\w][\w@/.-]*)/g)].map((match) => match[1]);
}

/** The name of the installed package a `node_modules/.bin` entry belongs to. */
export function packageOfBin(bin: string): string {
  const target = realpathSync(path.join(root, 'node_modules', '.bin', bin));
  const segments = path.relative(path.join(root, 'node_modules'), target).split(path.sep);
  return segments[0].startsWith('@') ? `${segments[0]}/${segments[1]}` : segments[0];
}
