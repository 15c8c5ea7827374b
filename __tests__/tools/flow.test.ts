/**
 * The flow users come for, through an MCP client against the QuantConnect fake (whose compiles
 * and backtests take a read to finish, so the tools' waiting is exercised): create a project,
 * write the algorithm, compile, backtest, read the results, delete.
 */
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';
import { connectSession, type McpSession } from './support/mcp-session';

const ALGORITHM = [
  'from AlgorithmImports import *',
  '',
  'class BuyAndHold(QCAlgorithm):',
  '    def initialize(self):',
  '        self.set_start_date(2024, 1, 1)',
  '        self.add_equity("SPY")',
  '',
  '    def on_data(self, data):',
  '        if not self.portfolio.invested:',
  '            self.set_holdings("SPY", 1)',
  '',
].join('\n');

describe('create project → write file → compile → backtest → read results → delete', () => {
  let fake: QuantConnectFake;
  let session: McpSession;
  let projectId: number;
  let compileId: string;
  let backtestId: string;

  const json = async (tool: string, args: Record<string, unknown>) => {
    const { text, isError } = await session.call(tool, args);
    if (isError) throw new Error(`${tool} failed: ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };

  beforeAll(async () => {
    fake = await startQuantConnectFake();
    session = await connectSession(fake, { access: 'standard' });
  });

  afterAll(async () => {
    await session.close();
    await fake.close();
  });

  test('create_project returns the new project id', async () => {
    const project = await json('create_project', { name: 'Buy and hold', language: 'Py' });
    projectId = Number(project.projectId);
    expect(projectId).toBeGreaterThan(0);
  });

  test('update_file_contents writes the algorithm, and read_file reads it back', async () => {
    const { text } = await session.call('update_file_contents', { projectId, name: 'main.py', content: ALGORITHM });
    expect(text).toBe(`Updated main.py in project ${projectId}. Next: create_compile with projectId ${projectId}.`);
    expect(await json('read_file', { projectId, name: 'main.py' })).toMatchObject({ content: ALGORITHM });
  });

  test('create_compile waits for the build and returns its compile id', async () => {
    const compile = await json('create_compile', { projectId });
    expect(compile).toMatchObject({ state: 'BuildSuccess', projectId });
    compileId = String(compile.compileId);
  });

  test('create_backtest waits for the backtest and leads with its statistics', async () => {
    const backtest = await json('create_backtest', { projectId, compileId, backtestName: 'Baseline' });
    expect(backtest).toMatchObject({ status: 'Completed.', completed: true });
    expect(backtest.statistics).toHaveProperty('sharpeRatio');
    expect(backtest).not.toHaveProperty('rollingWindow');
    backtestId = String(backtest.backtestId);
  });

  test('read_backtest_orders pages the orders', async () => {
    const orders = await json('read_backtest_orders', { projectId, backtestId });
    expect(orders.note).toMatch(/^Showing orders 0–/);
    expect((orders.orders as unknown[]).length).toBeGreaterThan(0);
  });

  test('list_backtests finds the backtest', async () => {
    const list = await json('list_backtests', { projectId });
    expect((list.backtests as { backtestId: string }[]).map((b) => b.backtestId)).toContain(backtestId);
  });

  test('delete_project removes it', async () => {
    expect((await session.call('delete_project', { projectId })).text).toBe(`Project ${projectId} deleted.`);
    const gone = await session.call('read_project', { projectId });
    expect(gone).toMatchObject({ isError: true });
    expect(gone.text).toContain('not found');
  });
});
