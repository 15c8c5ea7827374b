import type { ToolContext } from '../../lambda/tools/define';
import { ANSWER_RESERVE_MS, waitUntilDone } from '../../lambda/tools/wait';
import { ScriptedClient } from './support/scripted-client';

function context(overrides: Partial<ToolContext> = {}): ToolContext {
  return {
    client: new ScriptedClient(),
    signal: new AbortController().signal,
    deadline: Date.now() + 25_000,
    access: 'live-trading',
    ...overrides,
  };
}

/** A poll that answers the given states in turn and counts its calls. */
function states(...answers: string[]) {
  const poll = jest.fn((_deadline: number) => Promise.resolve(answers.length > 1 ? answers.shift()! : answers[0]));
  return poll;
}

const isDone = (state: string) => state === 'done';

describe('waitUntilDone', () => {
  test('returns at once, without polling, when the work is already done', async () => {
    const poll = states('running');
    const outcome = await waitUntilDone({ first: 'done', poll, isDone, context: context(), maxWaitMs: 10_000 });
    expect(outcome).toEqual({ state: 'done', done: true });
    expect(poll).not.toHaveBeenCalled();
  });

  test('polls until the work is done', async () => {
    const poll = states('running', 'running', 'done');
    const outcome = await waitUntilDone({
      first: 'queued',
      poll,
      isDone,
      context: context(),
      maxWaitMs: 10_000,
      intervalsMs: [1],
    });
    expect(outcome).toEqual({ state: 'done', done: true });
    expect(poll).toHaveBeenCalledTimes(3);
  });

  test('gives up at its longest wait with the latest state', async () => {
    const poll = states('running: 10%', 'running: 20%');
    const outcome = await waitUntilDone({
      first: 'queued',
      poll,
      isDone,
      context: context(),
      maxWaitMs: 30,
      intervalsMs: [5],
    });
    expect(outcome.done).toBe(false);
    expect(outcome.state).toMatch(/^running/);
  });

  test('does not wait when the deadline leaves no time for it', async () => {
    const poll = states('done');
    const outcome = await waitUntilDone({
      first: 'queued',
      poll,
      isDone,
      context: context({ deadline: Date.now() + ANSWER_RESERVE_MS }),
      maxWaitMs: 10_000,
      intervalsMs: [1],
    });
    expect(outcome).toEqual({ state: 'queued', done: false });
    expect(poll).not.toHaveBeenCalled();
  });

  test('gives each poll a deadline that leaves time to answer', async () => {
    const deadline = Date.now() + 20_000;
    const poll = states('done');
    await waitUntilDone({
      first: 'queued',
      poll,
      isDone,
      context: context({ deadline }),
      maxWaitMs: 60_000,
      intervalsMs: [1],
    });
    expect(poll.mock.calls[0][0]).toBeLessThanOrEqual(deadline - ANSWER_RESERVE_MS);
  });

  test('answers with the last known state when a poll fails', async () => {
    const poll = jest.fn(() => Promise.reject(new Error('QuantConnect answered HTTP 502')));
    const outcome = await waitUntilDone({
      first: 'running',
      poll,
      isDone,
      context: context(),
      maxWaitMs: 10_000,
      intervalsMs: [1],
    });
    expect(outcome).toEqual({ state: 'running', done: false, pollError: 'QuantConnect answered HTTP 502' });
  });

  test('stops when the request is cancelled', async () => {
    const controller = new AbortController();
    const poll = jest.fn(() => {
      controller.abort();
      return Promise.resolve('running');
    });
    await expect(
      waitUntilDone({
        first: 'queued',
        poll,
        isDone,
        context: context({ signal: controller.signal }),
        maxWaitMs: 10_000,
        intervalsMs: [1],
      }),
    ).rejects.toThrow(/abort/i);
    expect(poll).toHaveBeenCalledTimes(1);
  });
});
