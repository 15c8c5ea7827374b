/**
 * One cold start, in a fresh process: require the bundle (the Lambda INIT phase), then serve the
 * first `initialize` (the first invoke). Writes the wall-clock and CPU milliseconds of each, and
 * the process's peak RSS, to fd 3.
 * Usage: node dist/bench/cold-start.js <bundle> [<directory>]; with a directory, each of the two
 * timed phases (nothing else) is CPU-profiled into it: load.cpuprofile, initialize.cpuprofile.
 */
import { writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { initializeRequest, lambdaContext, mcpEvent } from './events';
import { jsonRpcResult, loadHandler, RESULT_FD } from './handler';

const SAMPLING_INTERVAL_US = 100;

/** Starts and stops the CPU profiler, when a directory to write profiles into was given. */
async function profiler(directory: string | undefined) {
  if (!directory) return { start: async () => {}, save: async (_phase: string) => {} };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  return {
    start: async () => {
      await session.post('Profiler.start');
    },
    save: async (phase: string) => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(directory, `${phase}.cpuprofile`), JSON.stringify(profile));
    },
  };
}

async function main(bundlePath: string, profileDirectory: string | undefined): Promise<void> {
  const event = mcpEvent(initializeRequest(1), 1);
  const context = lambdaContext(1);
  const profile = await profiler(profileDirectory);
  await profile.start();
  const startedCpu = process.cpuUsage();
  const started = performance.now();
  const handler = loadHandler(bundlePath);
  const loaded = performance.now();
  const loadedCpu = process.cpuUsage();
  await profile.save('load');
  await profile.start();
  const resumed = performance.now();
  const resumedCpu = process.cpuUsage();
  const result = await handler(event, context);
  const initialized = performance.now();
  const initializedCpu = process.cpuUsage();
  await profile.save('initialize');
  const answer = jsonRpcResult(result, 'initialize');
  if (typeof answer.protocolVersion !== 'string') throw new Error('initialize answered without a protocolVersion');
  const figures = {
    loadMs: loaded - started,
    firstInitializeMs: initialized - resumed,
    loadCpuMs: cpuMsBetween(startedCpu, loadedCpu),
    firstInitializeCpuMs: cpuMsBetween(resumedCpu, initializedCpu),
    maxRssKb: process.resourceUsage().maxRSS,
  };
  writeSync(RESULT_FD, JSON.stringify(figures));
}

/** User and system CPU time; less disturbed than wall-clock time by other work on a shared machine. */
function cpuMsBetween(from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): number {
  return (to.user - from.user + to.system - from.system) / 1000;
}

main(process.argv[2], process.argv[3]).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
