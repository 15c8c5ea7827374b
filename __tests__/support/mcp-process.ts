/** The servers users start (`qc-mcp`, what `npm start` runs; `npm run sandbox`) as child processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const QC_MCP_BIN = join(ROOT, 'scripts', 'qc-mcp.cjs');

export interface RunningServer {
  /** The MCP endpoint it announced. */
  readonly url: string;
  /** Everything it wrote to stdout so far (its log lines). */
  stdout(): string;
  /** Everything it wrote to stderr so far (its start-up lines). */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Runs `command` in the repository folder, in a process group of its own (npm starts a shell that
 * starts node: stopping the group stops them all), with `env` plus PATH, HOST 127.0.0.1 and a free
 * PORT, and waits for the MCP endpoint it announces on stderr.
 */
export async function startServerProcess(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<RunningServer> {
  const child: ChildProcess = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /MCP endpoint at (\S+)/.exec(stderr);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        process.kill(-child.pid!, 'SIGTERM');
      }),
  };
}

/** Starts the local HTTP server (`qc-mcp`) on a free port with `env` and waits for its URL. */
export function startQcMcp(env: Record<string, string>): Promise<RunningServer> {
  return startServerProcess(process.execPath, [QC_MCP_BIN], env);
}

/** The environment that points a server at a QuantConnect simulator, with its credentials. */
export function quantConnectEnvironment(fake: {
  readonly url: string;
  readonly userId: string;
  readonly apiToken: string;
}): Record<string, string> {
  return { QC_USER_ID: fake.userId, QC_API_TOKEN: fake.apiToken, QC_API_BASE_URL: fake.url };
}
