/**
 * One cold start, in a fresh process: require the bundle (the Lambda INIT phase), then serve the
 * first `initialize` (the first invoke). Writes the wall-clock and CPU milliseconds of each, and
 * the process's peak RSS, to fd 3.
 * Usage: node dist/bench/cold-start.js <bundle> [<file.cpuprofile>]; with a file, the same window
 * (load and first initialize, nothing else) is CPU-profiled into it.
 */
import { writeFileSync, writeSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { initializeRequest, lambdaContext, mcpEvent } from './events';
import { jsonRpcResult, loadHandler, RESULT_FD } from './handler';

const SAMPLING_INTERVAL_US = 100;

async function main(bundlePath: string, profilePath: string | undefined): Promise<void> {
  const event = mcpEvent(initializeRequest(1), 1);
  const context = lambdaContext(1);
  const session = profilePath ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    await session.post('Profiler.start');
  }
  const startedCpu = process.cpuUsage();
  const started = performance.now();
  const handler = loadHandler(bundlePath);
  const loaded = performance.now();
  const loadedCpu = process.cpuUsage();
  const result = await handler(event, context);
  const initialized = performance.now();
  const initializedCpu = process.cpuUsage();
  if (session && profilePath) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profilePath, JSON.stringify(profile));
  }
  const answer = jsonRpcResult(result, 'initialize');
  if (typeof answer.protocolVersion !== 'string') throw new Error('initialize answered without a protocolVersion');
  const figures = {
    loadMs: loaded - started,
    firstInitializeMs: initialized - loaded,
    loadCpuMs: cpuMsBetween(startedCpu, loadedCpu),
    firstInitializeCpuMs: cpuMsBetween(loadedCpu, initializedCpu),
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
