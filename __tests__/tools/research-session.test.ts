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

const json = async (tool: string, args: Answer) => JSON.parse(await call(tool, args)) as Answer;

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

  const compile = await json('create_compile', { projectId });
  expect(compile.state).toBe('BuildSuccess');
  follows(compile.next, 'create_backtest');
  const compileId = compile.compileId as string;

  const backtest = await json('create_backtest', { projectId, compileId, backtestName: 'Baseline' });
  expect(backtest.statistics).toHaveProperty('sharpeRatio');
  const backtestId = backtest.backtestId as string;
  for (const tool of ['read_backtest_orders', 'read_backtest_chart', 'read_backtest_insights']) {
    follows(backtest.next, tool);
    expect(await json(tool, { projectId, backtestId })).not.toHaveProperty('error');
  }

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
  follows(estimate.next, 'create_optimization');

  const created = await json('create_optimization', optimization);
  follows(created.next, 'read_optimization');
  let read: Answer = { next: created.next };
  for (let poll = 0; poll < MAX_POLLS && String(read.next).includes('read_optimization'); poll++) {
    follows(read.next, 'read_optimization');
    read = await json('read_optimization', { optimizationId: created.optimizationId });
  }
  expect(read.status).toBe('completed');
  expect(read.next).toMatch(/^Done\. Best parameters: \{"fast":"\d+"\}/);

  expect(await call('delete_project', { projectId })).toBe(`Project ${projectId} deleted.`);

  console.log(`Research session, answer sizes:\n${table()}`);
  expect(fake.requests.filter((request) => request.refusal !== undefined)).toEqual([]);
  const total = steps.reduce((sum, step) => sum + step.bytes, 0);
  expect(total / 4).toBeLessThan(TOKEN_BUDGET);
});
