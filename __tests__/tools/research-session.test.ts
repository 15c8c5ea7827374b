/**
 * The research session an agent runs, played through a real MCP client against the QuantConnect
 * fake: list projects → create a Python project → write main.py → compile → backtest → read the
 * statistics, orders, chart and insights → estimate and run an optimization → read it → delete.
 * Each call carries only its required arguments plus what earlier answers gave (ids, the file
 * name, the tool to call next): no error, no retry, no guessed value, and the whole session's
 * answers stay under 5 000 tokens (bytes ÷ 4). The per-step table is printed.
 */
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';
import { connectSession, type McpSession } from './support/mcp-session';

/** The agent's own algorithm: its parameter `fast` is what the optimization varies. */
const ALGORITHM = [
  'from AlgorithmImports import *',
  '',
  'class SmaCrossover(QCAlgorithm):',
  '    def initialize(self):',
  '        self.set_start_date(2024, 1, 1)',
  '        self.set_cash(100000)',
  '        self.spy = self.add_equity("SPY").symbol',
  '        self.fast = self.sma(self.spy, self.get_parameter("fast", 10))',
  '        self.slow = self.sma(self.spy, 50)',
  '',
  '    def on_data(self, data):',
  '        if self.fast.current.value > self.slow.current.value:',
  '            self.set_holdings(self.spy, 1)',
  '        else:',
  '            self.liquidate()',
  '',
].join('\n');

const TOKEN_BUDGET = 5_000;
/** An optimization of a three-point grid finishes within a few reads; more means the hint loops. */
const MAX_POLLS = 5;

type Answer = Record<string, unknown>;

interface Step {
  readonly tool: string;
  readonly bytes: number;
}

let fake: QuantConnectFake;
let session: McpSession;
const steps: Step[] = [];

beforeAll(async () => {
  fake = await startQuantConnectFake();
  session = await connectSession(fake, { access: 'standard' });
});

afterAll(async () => {
  await session.close();
  await fake.close();
});

/** One call as the agent makes it: once, and an error ends the session. */
async function call(tool: string, args: Answer): Promise<string> {
  const { text, isError } = await session.call(tool, args);
  steps.push({ tool, bytes: Buffer.byteLength(text, 'utf8') });
  if (isError) throw new Error(`${tool} answered an error: ${text}`);
  return text;
}

const parsed = (text: string) => JSON.parse(text) as Answer;
const json = async (tool: string, args: Answer) => parsed(await call(tool, args));

/** The agent goes where the last answer's hint points. */
function follows(hint: unknown, tool: string): void {
  expect(String(hint)).toContain(tool);
}

function table(): string {
  let total = 0;
  const rows = steps.map((step, index) => {
    total += step.bytes;
    const tokens = Math.ceil(step.bytes / 4);
    return `${String(index + 1).padStart(2)}  ${step.tool.padEnd(28)} ${String(step.bytes).padStart(6)} B ${String(tokens).padStart(5)} tokens`;
  });
  return [
    ...rows,
    `    ${'total'.padEnd(28)} ${String(total).padStart(6)} B ${String(total / 4).padStart(5)} tokens`,
  ].join('\n');
}

test('the whole research session, with required arguments and hints only', async () => {
  const listed = await json('list_projects', {});
  expect(listed.projects).toEqual([]);

  const project = await json('create_project', { name: 'SMA crossover', language: 'Py' });
  const projectId = project.projectId as number;
  follows(project.next, 'update_file_contents');
  const mainFile = /name "([^"]+)"/.exec(String(project.next))?.[1];
  expect(mainFile).toBe('main.py');

  const written = await call('update_file_contents', { projectId, name: mainFile, content: ALGORITHM });
  follows(written, 'create_compile');
  expect((await json('read_file', { projectId })).parametersInCode).toEqual(['fast']);

  const compile = await json('create_compile', { projectId });
  expect(compile.state).toBe('BuildSuccess');
  follows(compile.next, 'create_backtest');
  const compileId = compile.compileId as string;

  const backtest = await json('create_backtest', { projectId, compileId, backtestName: 'Baseline' });
  const statistics = backtest.statistics as Record<string, unknown>;
  expect([typeof statistics.sharpeRatio, typeof statistics.netProfit]).toEqual(['number', 'number']);
  const backtestId = backtest.backtestId as string;
  const results: Record<string, Answer> = {};
  for (const tool of ['read_backtest_orders', 'read_backtest_chart', 'read_backtest_insights']) {
    follows(backtest.next, tool);
    results[tool] = await json(tool, { projectId, backtestId });
    expect(results[tool]).not.toHaveProperty('error');
  }
  // The equity curve ends where the statistics do, drawn as a line of [time, close].
  const equity = (results.read_backtest_chart.series as Record<string, { values: number[][] }>).Equity.values;
  expect(equity.at(-1)?.[1]).toBeCloseTo(statistics.endEquity as number, 1);
  expect(equity.every((point) => point.length === 2)).toBe(true);
  // Orders and insights give their times the same way.
  const [order] = results.read_backtest_orders.orders as { time: string }[];
  const [insight] = results.read_backtest_insights.insights as { generatedTime: string }[];
  expect([order.time, insight.generatedTime].map((time) => /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(time))).toEqual([
    true,
    true,
  ]);

  const optimization = {
    projectId,
    compileId,
    name: 'Fast SMA',
    target: 'SharpeRatio',
    targetTo: 'max',
    parameters: [{ name: 'fast', min: 5, max: 15, step: 5 }],
  };
  const estimate = await json('estimate_optimization_time', optimization);
  expect(estimate.time).toBeGreaterThan(0);
  expect(estimate.backtests).toBe(3);
  follows(estimate.next, 'create_optimization');

  // No estimateId that no tool would take.
  expect(estimate).not.toHaveProperty('estimateId');
  const created = await json('create_optimization', optimization);
  follows(created.next, 'read_optimization');
  let read: Answer = { next: created.next };
  for (let poll = 0; poll < MAX_POLLS && String(read.next).includes('read_optimization'); poll++) {
    follows(read.next, 'read_optimization');
    read = await json('read_optimization', { optimizationId: created.optimizationId });
  }
  expect(read.status).toBe('completed');
  expect(read.next).toMatch(/^Done\. Best parameters: \{"fast":"\d+"\}/);
  expect(read.note).toContain('create_backtest with its parameterSet');
  const best = (read.backtests as { statistics: Record<string, unknown> }[])[0].statistics;
  expect(Object.keys(best).every((key) => key in statistics)).toBe(true);

  expect(await call('delete_project', { projectId })).toBe(`Project ${projectId} deleted.`);

  console.log(`Research session, answer sizes:\n${table()}`);
  expect(fake.requests.filter((request) => request.refusal !== undefined)).toEqual([]);
  const total = steps.reduce((sum, step) => sum + step.bytes, 0);
  expect(total / 4).toBeLessThan(TOKEN_BUDGET);
});

describe('off the happy path, the answers still say what is true and what to do', () => {
  let side: QuantConnectFake;
  let agent: McpSession;
  let projectId: number;
  let compileId: string;

  beforeAll(async () => {
    // Background work that never finishes, and calls that do not wait for it.
    side = await startQuantConnectFake({ readsUntilDone: 1_000 });
    agent = await connectSession(side, { access: 'standard', scope: { remainingTimeMs: () => 2_500 } });
    projectId = Number(parsed((await agent.call('create_project', { name: 'Side', language: 'Py' })).text).projectId);
    await agent.call('update_file_contents', { projectId, name: 'main.py', content: ALGORITHM });
    compileId = String(parsed((await agent.call('create_compile', { projectId })).text).compileId);
  });

  afterAll(async () => {
    await agent.close();
    await side.close();
  });

  const backtest = async (parameters?: Answer) => {
    const { text } = await agent.call('create_backtest', { projectId, compileId, backtestName: 'Run', parameters });
    return JSON.parse(text) as Answer;
  };

  test.each(['orders', 'insights'])(
    'the %s of a backtest still running say it runs, not that there are none',
    async (key) => {
      const { backtestId } = await backtest();
      const { text, isError } = await agent.call(`read_backtest_${key}`, { projectId, backtestId });
      expect(isError).toBe(false);
      expect(text).toMatch(/^The backtest is still running \(Running: \d+%\)/);
      expect(text).toContain(
        `Call read_backtest with projectId and backtestId until it is done, then read_backtest_${key} again`,
      );
      expect(text).not.toContain(`No ${key}`);
    },
  );

  test('create_backtest warns of a parameter the code never reads', async () => {
    const created = await backtest({ fast: 8, slow: 30 });
    expect(created.warning).toBe(
      'The code does not read "slow" with get_parameter, so it has no effect (parameters the code reads: fast).',
    );
    expect(await backtest({ fast: 8 })).not.toHaveProperty('warning');
  });

  test('a number sent as a string is read like a quoted id', async () => {
    const { backtestId } = await backtest();
    const { isError } = await agent.call('read_backtest_orders', {
      projectId: String(projectId),
      backtestId,
      end: '20',
    });
    expect(isError).toBe(false);
  });

  test('"not found" names the tool and where the ids come from, not the REST path', async () => {
    const { text, isError } = await agent.call('read_backtest', { projectId, backtestId: 'no-such-backtest' });
    expect(isError).toBe(true);
    expect(text).toMatch(/^QuantConnect refused read_backtest: Backtest no-such-backtest not found/);
    expect(text).toContain('Check the ids (projectId: list_projects; backtestId: list_backtests).');
    expect(text).not.toContain('/backtests/read');
  });

  test('a wrong chart name is said at once, not "being generated"', async () => {
    const fresh = await startQuantConnectFake({ readsUntilDone: 0 });
    const quick = await connectSession(fresh, { access: 'standard' });
    try {
      const id = Number(
        parsed((await quick.call('create_project', { name: 'Charts', language: 'Py' })).text).projectId,
      );
      const compile = String(parsed((await quick.call('create_compile', { projectId: id })).text).compileId);
      const run = parsed(
        (await quick.call('create_backtest', { projectId: id, compileId: compile, backtestName: 'C' })).text,
      );
      const { text, isError } = await quick.call('read_backtest_chart', {
        projectId: id,
        backtestId: run.backtestId,
        name: 'Equity Curve',
      });
      expect(isError).toBe(true);
      expect(text).toContain('Chart "Equity Curve" not found; available charts: Strategy Equity');
    } finally {
      await quick.close();
      await fresh.close();
    }
  });
});

describe('one convention for statistics', () => {
  test('list_backtests gives the same keys and units as read_backtest, rounded', async () => {
    const own = await startQuantConnectFake({ readsUntilDone: 0 });
    const agent = await connectSession(own, { access: 'standard' });
    try {
      const projectId = Number(
        parsed((await agent.call('create_project', { name: 'S', language: 'Py' })).text).projectId,
      );
      const compileId = String(parsed((await agent.call('create_compile', { projectId })).text).compileId);
      const read = JSON.parse(
        (await agent.call('create_backtest', { projectId, compileId, backtestName: 'S' })).text,
      ) as { statistics: Record<string, number> };
      const listed = JSON.parse((await agent.call('list_backtests', { projectId, includeStatistics: true })).text) as {
        backtests: { statistics: Record<string, number> }[];
      };
      const row = listed.backtests[0].statistics;
      for (const key of ['netProfit', 'drawdown', 'compoundingAnnualReturn', 'sharpeRatio', 'totalOrders']) {
        expect([key, row[key]]).toEqual([key, read.statistics[key]]);
      }
      for (const value of Object.values(row)) expect(Number(value.toFixed(3))).toBe(value);
    } finally {
      await agent.close();
      await own.close();
    }
  });
});

test('at read-only, the instructions and read_account name the tier and no write tool', async () => {
  const own = await startQuantConnectFake();
  const reader = await connectSession(own, { access: 'read-only' });
  try {
    const instructions = reader.client.getInstructions() ?? '';
    expect(instructions).toContain('Access tier: read-only');
    expect(instructions).not.toMatch(/\b(create|update|delete)_[a-z_]+/);
    expect(String(parsed((await reader.call('read_account')).text).access)).toMatch(/^read-only: /);
  } finally {
    await reader.close();
    await own.close();
  }
});
