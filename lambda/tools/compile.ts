/** Compiles: start one and read its result, waiting a bounded time for it to finish. */
import { defineTool, type ToolDefinition } from './define';
import { compileId, projectId } from './fields';
import type { QuantConnectResponse } from '../quantconnect/types';
import { definedOnly, list } from './shape/compact';
import { clip } from './shape/text';
import { callAndWait, type CallOutcome } from './wait';

/** Most compiles finish within seconds; longer ones are polled by the agent. */
const COMPILE_WAIT_MS = 20_000;
const LOG_LINES = 100;

const isCompiled = (response: QuantConnectResponse) => response.state !== 'InQueue';

function nextStep(state: unknown): string {
  if (state === 'BuildSuccess') return 'Compiled. Run it with create_backtest (projectId, compileId).';
  if (state === 'BuildError') return 'The build failed: fix the errors in logs, then create_compile again.';
  return 'Still compiling: call read_compile with projectId and compileId in a few seconds.';
}

/** The latest state, what to do next, and the build log when it failed. */
function compileReport(outcome: CallOutcome, projectIdValue: number): Record<string, unknown> {
  const { state, first } = outcome;
  // Only the create answer lists the parameters the algorithm declares (what optimizations vary).
  const parameters = list(first.parameters);
  const logs = list(state.logs).map((line) => clip(String(line), 1_000));
  return definedOnly({
    state: state.state,
    next: nextStep(state.state),
    compileId: state.compileId ?? first.compileId,
    projectId: projectIdValue,
    logs: state.state === 'BuildSuccess' ? undefined : logs.slice(-LOG_LINES),
    parameters: parameters.length > 0 ? parameters : undefined,
    pollError: outcome.pollError,
  });
}

export const COMPILE_TOOLS: readonly ToolDefinition[] = [
  defineTool({
    name: 'create_compile',
    title: 'Compile project',
    description:
      "Compile a project's current files; waits briefly and returns the compileId, state (BuildSuccess/BuildError/InQueue) and errors.",
    effect: 'create',
    endpoint: '/compile/create',
    input: () => ({ projectId: projectId() }),
    run: async (args, context) => {
      const outcome = await callAndWait(context, {
        endpoint: context.endpoint,
        body: { projectId: args.projectId },
        idempotent: false,
        pollEndpoint: '/compile/read',
        pollBody: (created) => ({ projectId: args.projectId, compileId: created.compileId }),
        isDone: isCompiled,
        maxWaitMs: COMPILE_WAIT_MS,
      });
      return compileReport(outcome, args.projectId);
    },
  }),
  defineTool({
    name: 'read_compile',
    title: 'Read compile',
    description: "A compile's state and build log; waits briefly while it is still in the queue.",
    effect: 'read',
    endpoint: '/compile/read',
    input: () => ({ projectId: projectId(), compileId: compileId() }),
    run: async (args, context) => {
      const outcome = await callAndWait(context, {
        endpoint: context.endpoint,
        body: { projectId: args.projectId, compileId: args.compileId },
        idempotent: true,
        isDone: isCompiled,
        maxWaitMs: COMPILE_WAIT_MS,
      });
      return compileReport(outcome, args.projectId);
    },
  }),
];
