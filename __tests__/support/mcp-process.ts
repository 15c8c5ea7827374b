/** The `qc-mcp` command (scripts/qc-mcp.cjs, what `npm start` runs) as a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const QC_MCP_BIN = join(__dirname, '..', '..', 'scripts', 'qc-mcp.cjs');

export interface RunningServer {
  /** The MCP endpoint it announced. */
  readonly url: string;
  /** Everything it wrote to stdout so far (its log lines). */
  stdout(): string;
  stop(): Promise<void>;
}

/** Starts the local HTTP server on a free port with `env` (plus PATH) and waits for its URL. */
export async function startQcMcp(env: Record<string, string>): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [QC_MCP_BIN], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
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
    child.once('exit', (code) => reject(new Error(`qc-mcp exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    stdout: () => stdout,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
