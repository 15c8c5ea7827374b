/**
 * The simulator's seed (`npm run sandbox -- --seed <n>`): the same seed gives the same data set,
 * dates included, at every run; another seed gives other ids and other results; no seed keeps the
 * data the tests have always seen, with real dates.
 */
import { createQuantConnectClient } from '../../lambda/quantconnect/client';
import { startQuantConnectFake } from '../../lambda/sandbox/simulator';
import { hexId } from '../../lambda/sandbox/simulator/world';

const write = { idempotent: false };
const read = { idempotent: true };

/** One short research session against a fresh simulator: everything it answered, in order. */
async function session(seed?: number): Promise<Record<string, unknown>[]> {
  const simulator = await startQuantConnectFake({ seed, readsUntilDone: 0, specPath: null });
  const client = createQuantConnectClient({ baseUrl: simulator.url, credentials: () => Promise.resolve(simulator) });
  try {
    const answers: Record<string, unknown>[] = [];
    const call = async (endpoint: string, body: object, options = write) => {
      const answer = await client.post(endpoint, body, options);
      answers.push(answer);
      return answer;
    };
    const { projectId } = (
      (await call('/projects/create', { name: 'Seeded', language: 'Py' })).projects as {
        projectId: number;
      }[]
    )[0];
    await call('/files/update', { projectId, name: 'main.py', content: 'class Seeded(QCAlgorithm):\n    pass\n' });
    const { compileId } = (await call('/compile/create', { projectId })) as { compileId: string };
    const { backtest } = await call('/backtests/create', { projectId, compileId, backtestName: 'Seeded' });
    const { backtestId } = backtest as { backtestId: string };
    await call('/backtests/read', { projectId, backtestId }, read);
    await call('/projects/read', { projectId }, read);
    return answers;
  } finally {
    await simulator.close();
  }
}

function backtestOf(answers: Record<string, unknown>[]): { backtestId: string; statistics: Record<string, string> } {
  return answers[4].backtest as { backtestId: string; statistics: Record<string, string> };
}

test('the same seed gives the same answers, dates included, at every run', async () => {
  const first = await session(42);
  const second = await session(42);
  expect(second).toEqual(first);
  expect(backtestOf(first).statistics['Sharpe Ratio']).toMatch(/^-?\d+\.\d{3}$/);
});

test('with a seed, dates come from a simulated clock, not from the time of the run', async () => {
  const answers = await session(42);
  const project = (answers.at(-1)!.projects as { created: string; modified: string }[])[0];
  expect(project.created.startsWith('2025-09-01 13:30')).toBe(true);
  expect(project.modified >= project.created).toBe(true);
});

test('another seed gives other ids and other statistics', async () => {
  const [a, b] = [backtestOf(await session(1)), backtestOf(await session(2))];
  expect(a.backtestId).not.toBe(b.backtestId);
  expect(a.statistics['Net Profit']).not.toBe(b.statistics['Net Profit']);
});

test('without a seed, the ids are the built-in ones and the dates are the real time', async () => {
  const before = Math.floor(Date.now() / 1000) * 1000;
  const answers = await session();
  const after = Date.now();
  expect(backtestOf(answers).backtestId).toBe(hexId('backtest', 1));
  const project = (answers.at(-1)!.projects as { created: string }[])[0];
  const created = Date.parse(`${project.created.replace(' ', 'T')}Z`);
  expect(created).toBeGreaterThanOrEqual(before);
  expect(created).toBeLessThanOrEqual(after);
});
