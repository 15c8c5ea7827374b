/**
 * The README, CONTRIBUTING.md and docs/ as a reader meets them: the README stays a short front
 * door that keeps its set-up, test and deploy commands, every relative link and #anchor leads
 * somewhere, every guide is reachable from the README, every npm and npx command written down
 * exists, and CI runs the test command the README gives.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { declaredPackages, npmScriptsIn, npxBinsIn, packageJson, packageOfBin, root } from '../support/npm-commands';

/** npm's own commands, which need no script. */
const NPM_BUILTINS = new Set(['ci', 'install']);

/** Packages the docs run with `npx` without this repository installing them: npx fetches them when asked. */
const FETCHED_BY_NPX = new Set(['@modelcontextprotocol/inspector', 'mcp-remote']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return markdownFiles(file);
    return name.endsWith('.md') ? [file] : [];
  });
}

const files = [
  'README.md',
  'CONTRIBUTING.md',
  ...markdownFiles(path.join(root, 'docs')).map((f) => path.relative(root, f)),
];
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

const FENCED = /^( *)```[^\n]*\n([\s\S]*?)^\1```/gm;
const withoutFences = (markdown: string) => markdown.replace(FENCED, '');

/** The text a reader sees as prose: fenced code blocks and inline code taken out, so their brackets are not links. */
function prose(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '');
}

/** The text a reader copies: fenced code blocks and inline code spans. */
function code(markdown: string): string {
  const fenced = [...markdown.matchAll(FENCED)].map((match) => match[2]);
  const inline = [...withoutFences(markdown).matchAll(/`([^`\n]+)`/g)].map((match) => match[1]);
  return [...fenced, ...inline].join('\n');
}

/** The heading anchors GitHub gives a Markdown file (github-slugger's rules; repeats get -1, -2, …). */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of withoutFences(markdown).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Every relative link target of a file (`[text](target)`), with no scheme. */
function relativeLinks(file: string): string[] {
  return [...prose(read(file)).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1])
    .filter((target) => !/^[a-z][a-z+.-]*:/i.test(target));
}

/** Where a link of `file` leads: the file (relative to the repository) and the anchor, if any. */
function resolve(file: string, target: string): { file: string; anchor?: string } {
  const [linkPath, anchor] = target.split('#');
  return { file: linkPath ? path.relative(root, path.resolve(root, path.dirname(file), linkPath)) : file, anchor };
}

test('the README is a front door: at most 200 lines', () => {
  expect(read('README.md').split('\n').length).toBeLessThanOrEqual(200);
});

test('the README keeps the set-up commands, the test command and the deploy commands', () => {
  const blocks = [...read('README.md').matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]).join('\n');
  const lines = blocks.split('\n').map((line) => line.replace(/#.*$/, '').trim());
  for (const command of ['npm ci', 'npm run sandbox', 'npm test', 'npm run bootstrap', 'npm run deploy']) {
    expect(lines).toContain(command);
  }
});

test('CI runs the commands the README gives for testing, in the same order', () => {
  const readme = read('README.md');
  const testSection = readme.slice(readme.indexOf('\n## Test\n'));
  const testCommand = /```sh\n(.+)\n```/.exec(testSection)![1];
  const ci = read('.ci/run')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const named = ['npm ci', 'npm run lint', testCommand].map((command) => ci.indexOf(command));
  expect(testCommand).toBe('npm test');
  expect(named.every((index) => index >= 0)).toBe(true);
  expect([...named].sort((a, b) => a - b)).toEqual(named);
});

describe.each(files)('%s', (file) => {
  test('every relative link leads to a file of the repository, and every #anchor to a heading there', () => {
    const broken = relativeLinks(file).filter((target) => {
      const destination = resolve(file, target);
      if (destination.file.startsWith('..') || !existsSync(path.join(root, destination.file))) return true;
      if (destination.anchor === undefined) return false;
      return !destination.file.endsWith('.md') || !anchorsOf(read(destination.file)).has(destination.anchor);
    });
    expect(broken).toEqual([]);
  });

  test('every npm command it gives runs npm itself or a script of package.json', () => {
    const text = code(read(file));
    const commands = [...text.matchAll(/\bnpm ([\w-]+)/g)].map((match) => match[1]);
    const unknown = commands.filter(
      (command) => !NPM_BUILTINS.has(command) && !['run', 'run-script', 'test', 'start'].includes(command),
    );
    expect(unknown).toEqual([]);
    for (const script of npmScriptsIn(text)) expect(Object.keys(packageJson.scripts)).toContain(script);
  });

  test('every npx binary it names is this project’s, installed by package.json, or one npx fetches', () => {
    for (const bin of npxBinsIn(code(read(file)))) {
      if (FETCHED_BY_NPX.has(bin)) continue;
      if (packageJson.bin?.[bin]) continue;
      expect(declaredPackages).toContain(packageOfBin(bin));
    }
  });
});

test('every guide in docs/ is reachable from the README', () => {
  const reached = new Set<string>();
  const queue = ['README.md'];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (reached.has(file)) continue;
    reached.add(file);
    for (const target of relativeLinks(file)) {
      const destination = resolve(file, target).file;
      if (destination.endsWith('.md') && existsSync(path.join(root, destination))) queue.push(destination);
    }
  }
  expect(files.filter((file) => !reached.has(file))).toEqual([]);
});

test('the anchors are computed as GitHub does', () => {
  expect([
    ...anchorsOf(
      '# Deploy to AWS\n## 1. Create the state bucket (once per account)\n## The safety switch: `QC_MCP_ACCESS`\n## Logs\n## Logs\n',
    ),
  ]).toEqual([
    'deploy-to-aws',
    '1-create-the-state-bucket-once-per-account',
    'the-safety-switch-qc_mcp_access',
    'logs',
    'logs-1',
  ]);
});
