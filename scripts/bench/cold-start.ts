/**
 * One cold start, in a fresh process: require the bundle (the Lambda INIT phase), then serve the
 * first request of a client of the era (the first invoke): `initialize` for 2025-11-25,
 * `server/discover` for 2026-07-28. Writes the wall-clock and CPU milliseconds of each, and the
 * process's peak RSS, to fd 3.
 * The process has loaded node:http first, as Lambda's runtime client has.
 * Usage: node dist/bench/cold-start.js <bundle> <legacy|modern> [<directory>]; with a directory,
 * each of the two timed phases (nothing else) is CPU-profiled into it: load.cpuprofile,
 * first-request.cpuprofile. With FIRST_TOOL_CALL in the environment (JSON: {tool, arguments}),
 * the first request is that tools/call instead: a container whose first request is a call, as
 * happens when a stateless deployment scales out in the middle of an agent's session.
 */
import { writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { callToolRequest, ERAS, FIRST_REQUEST, lambdaContext, mcpEvent, type Era, type JsonRpcRequest } from './events';
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

async function main(bundlePath: string, era: Era, profileDirectory: string | undefined): Promise<void> {
  if (!ERAS.includes(era)) throw new Error(`unknown era ${era}: legacy or modern`);
  const first = firstRequest(era);
  const event = mcpEvent(first.request, 1, era);
  const context = lambdaContext(1);
  // Lambda's Node.js runtime client talks to the Runtime API with node:http (and so has loaded
  // node:net and node:stream) before it loads the function: a cold start here starts from there too.
  createRequire(__filename)('node:http');
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
  const answered = performance.now();
  const answeredCpu = process.cpuUsage();
  await profile.save('first-request');
  first.check(jsonRpcResult(result, first.request.method));
  const figures = {
    loadMs: loaded - started,
    firstRequestMs: answered - resumed,
    loadCpuMs: cpuMsBetween(startedCpu, loadedCpu),
    firstRequestCpuMs: cpuMsBetween(resumedCpu, answeredCpu),
    maxRssKb: process.resourceUsage().maxRSS,
  };
  writeSync(RESULT_FD, JSON.stringify(figures));
}

/** The era's first request (initialize or server/discover), or the tool call FIRST_TOOL_CALL names, and how to check its answer. */
function firstRequest(era: Era): { request: JsonRpcRequest; check: (answer: Record<string, unknown>) => void } {
  const call = process.env.FIRST_TOOL_CALL;
  if (call !== undefined) {
    const { tool, arguments: args } = JSON.parse(call) as { tool: string; arguments: object };
    return {
      request: callToolRequest(1, tool, args),
      check: (answer) => {
        if (answer.isError === true || !Array.isArray(answer.content)) {
          throw new Error(`${tool} answered with an error: ${JSON.stringify(answer).slice(0, 300)}`);
        }
      },
    };
  }
  const { method, build } = FIRST_REQUEST[era];
  return {
    request: build(1),
    check: (answer) => {
      const version =
        era === 'legacy' ? answer.protocolVersion : (answer.supportedVersions as unknown[] | undefined)?.[0];
      if (typeof version !== 'string') throw new Error(`${method} answered without a protocol version`);
    },
  };
}

/** User and system CPU time; less disturbed than wall-clock time by other work on a shared machine. */
function cpuMsBetween(from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): number {
  return (to.user - from.user + to.system - from.system) / 1000;
}

main(process.argv[2], process.argv[3] as Era, process.argv[4]).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
