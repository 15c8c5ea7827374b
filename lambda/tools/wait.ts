/**
 * Bounded waiting for work QuantConnect does in the background (compiles, backtests, charts,
 * reports). A tool waits a little so that the agent often gets the finished result in one call,
 * but always answers inside its time budget with the state so far; the agent then polls.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { QuantConnectResponse } from '../quantconnect/types';
import type { ToolContext } from './define';

/** Time kept after the wait to shape and send the answer. */
export const ANSWER_RESERVE_MS = 2_000;

/** Pauses between polls: quick at first (small compiles finish in a second), then gentler on the API. */
export const POLL_INTERVALS_MS: readonly number[] = [500, 1_000, 2_000, 3_000];

export interface WaitOptions<State> {
  /** The state already known (the answer of the create call or of the first read). */
  readonly first: State;
  /** Reads the state again; must end by `deadline`. */
  readonly poll: (deadline: number) => Promise<State>;
  readonly isDone: (state: State) => boolean;
  readonly context: ToolContext;
  /** The longest this tool may wait, in ms; the context's deadline may cut it shorter. */
  readonly maxWaitMs: number;
  readonly intervalsMs?: readonly number[];
}

export interface WaitOutcome<State> {
  /** The latest state read. */
  readonly state: State;
  readonly done: boolean;
  /** Why the last poll failed, when it did: the state is then the one before. */
  readonly pollError?: string;
}

export async function waitUntilDone<State>(options: WaitOptions<State>): Promise<WaitOutcome<State>> {
  const { context, isDone } = options;
  const intervals = options.intervalsMs ?? POLL_INTERVALS_MS;
  const until = Math.min(Date.now() + options.maxWaitMs, context.deadline - ANSWER_RESERVE_MS);
  let state = options.first;
  for (let attempt = 0; !isDone(state); attempt++) {
    const pause = intervals[Math.min(attempt, intervals.length - 1)];
    if (Date.now() + pause >= until) return { state, done: false };
    await sleep(pause, undefined, { signal: context.signal });
    try {
      state = await options.poll(until);
    } catch (error) {
      // A cancelled request ends here; any other failure still leaves a useful answer: the last state.
      if (context.signal.aborted) throw error;
      return { state, done: false, pollError: error instanceof Error ? error.message : String(error) };
    }
  }
  return { state, done: true };
}

/** A call that starts or reads background work, and how to follow it up. */
export interface BackgroundWork {
  readonly endpoint: string;
  readonly body: object;
  /** Whether the first call may be retried (a read) or not (a create). */
  readonly idempotent: boolean;
  /** The read endpoint to poll. @default endpoint */
  readonly pollEndpoint?: string;
  /** The body of each poll, from the first answer (e.g. the new backtest's id). @default body */
  readonly pollBody?: (first: QuantConnectResponse) => object;
  readonly isDone: (response: QuantConnectResponse) => boolean;
  readonly maxWaitMs: number;
}

export interface CallOutcome extends WaitOutcome<QuantConnectResponse> {
  /** The answer of the first call (a create's answer carries what later reads do not). */
  readonly first: QuantConnectResponse;
}

/** Makes the first call, then polls its read endpoint until the work is done or the wait is up. */
export async function callAndWait(context: ToolContext, work: BackgroundWork): Promise<CallOutcome> {
  const { client, signal } = context;
  const first = await client.post(work.endpoint, work.body, {
    idempotent: work.idempotent,
    signal,
    deadline: context.deadline,
  });
  const pollEndpoint = work.pollEndpoint ?? work.endpoint;
  const pollBody = work.pollBody?.(first) ?? work.body;
  const outcome = await waitUntilDone({
    first,
    context,
    isDone: work.isDone,
    maxWaitMs: work.maxWaitMs,
    poll: (deadline) => client.post(pollEndpoint, pollBody, { idempotent: true, signal, deadline }),
  });
  return { ...outcome, first };
}
