import { ANSWER_RESERVE_MS } from '../../lambda/tools/wait';
import { ScriptedClient, callTool, rendered } from './support/scripted-client';

const STATISTICS = {
  'Sharpe Ratio': '1.2',
  'Compounding Annual Return': '14.1%',
  Drawdown: '8.3%',
  'Total Orders': '42',
};

function backtest(fields: Record<string, unknown> = {}) {
  return {
    backtestId: 'bt1',
    projectId: 7,
    name: 'First',
    status: 'Completed.',
    completed: true,
    progress: 1,
    statistics: STATISTICS,
    runtimeStatistics: { Equity: '$114,100.00' },
    charts: { 'Strategy Equity': { name: 'Strategy Equity' }, Benchmark: { name: 'Benchmark' } },
    rollingWindow: { M1_20240131: { portfolioStatistics: { sharpeRatio: 1 } } },
    totalPerformance: {
      tradeStatistics: { totalNumberOfTrades: 21, profitFactor: 1.8, averageMAE: -3 },
      closedTrades: Array.from({ length: 50 }, (_, index) => ({ entryPrice: index })),
    },
    ...fields,
  };
}

describe('read_backtest', () => {
  test('leads with the status and the statistics', async () => {
    const client = new ScriptedClient({ '/backtests/read': { backtest: backtest(), success: true } });
    const text = rendered(await callTool('read_backtest', { projectId: 7, backtestId: 'bt1' }, client));
    const result = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(result).slice(0, 4)).toEqual(['status', 'progress', 'completed', 'statistics']);
    expect(result).toMatchObject({
      status: 'Completed.',
      statistics: { sharpeRatio: 1.2, compoundingAnnualReturn: 14.1, drawdown: 8.3, totalOrders: 42 },
    });
  });

  test('gives statistics as numbers under camelCase keys, percent where a rate, rounded, money without its sign', async () => {
    const statistics = { 'Net Profit': '-10.80562%', 'Total Fees': '$1,150.00', 'Lowest Capacity Asset': 'SPY R7' };
    const client = new ScriptedClient({ '/backtests/read': { backtest: backtest({ statistics }), success: true } });
    const result = (await callTool('read_backtest', { projectId: 7, backtestId: 'bt1' }, client)) as Record<
      string,
      unknown
    >;
    expect(result.statistics).toEqual({ netProfit: -10.806, totalFees: 1150, lowestCapacityAsset: 'SPY R7' });
    expect(result).not.toHaveProperty('runtimeStatistics');
  });

  test('leaves out rolling windows, closed trades and chart data, naming the charts instead', async () => {
    const client = new ScriptedClient({ '/backtests/read': { backtest: backtest(), success: true } });
    const result = (await callTool('read_backtest', { projectId: 7, backtestId: 'bt1' }, client)) as Record<
      string,
      unknown
    >;
    expect(result).not.toHaveProperty('rollingWindow');
    expect(result).not.toHaveProperty('totalPerformance');
    expect(result.tradeStatistics).toEqual({ totalNumberOfTrades: 21, profitFactor: 1.8 });
    expect(result.charts).toEqual(['Strategy Equity', 'Benchmark']);
  });

  test('waits for a running backtest to complete', async () => {
    const client = new ScriptedClient({
      '/backtests/read': [
        { backtest: backtest({ status: 'Running: 40%', completed: false, progress: 0.4 }), success: true },
        { backtest: backtest(), success: true },
      ],
    });
    const result = (await callTool('read_backtest', { projectId: 7, backtestId: 'bt1' }, client)) as Record<
      string,
      unknown
    >;
    expect(result.status).toBe('Completed.');
    expect(client.to('/backtests/read')).toHaveLength(2);
  });

  test('reports the error of a backtest that failed, with what to do', async () => {
    const failed = backtest({
      status: 'Runtime Error',
      completed: false,
      error: 'NameError: x',
      stacktrace: 'at line 3',
    });
    const client = new ScriptedClient({ '/backtests/read': { backtest: failed, success: true } });
    const result = (await callTool('read_backtest', { projectId: 7, backtestId: 'bt1' }, client)) as Record<
      string,
      unknown
    >;
    expect(result).toMatchObject({ error: 'NameError: x', stacktrace: 'at line 3' });
    expect(result.next).toMatch(/fix the code/);
  });
});

describe('create_backtest', () => {
  test('sends the compile and name, never retried, and polls the new backtest', async () => {
    const client = new ScriptedClient({
      '/backtests/create': { backtest: backtest({ status: 'In Queue...', completed: false }), success: true },
      '/backtests/read': { backtest: backtest(), success: true },
    });
    await callTool(
      'create_backtest',
      { projectId: 7, compileId: 'c1', backtestName: 'First', parameters: { fast: 10 } },
      client,
    );
    const [create] = client.to('/backtests/create');
    expect(create.body).toEqual({ projectId: 7, compileId: 'c1', backtestName: 'First', parameters: { fast: 10 } });
    expect(create.options.idempotent).toBe(false);
    expect(client.to('/backtests/read')[0].body).toEqual({ projectId: 7, backtestId: 'bt1' });
  });

  test('answers with the progress and how to poll when there is no time to wait', async () => {
    const client = new ScriptedClient({
      '/backtests/create': {
        backtest: backtest({ status: 'Running: 5%', completed: false, progress: 0.05, statistics: {} }),
        success: true,
      },
    });
    const result = (await callTool(
      'create_backtest',
      { projectId: 7, compileId: 'c1', backtestName: 'First' },
      client,
      { deadline: Date.now() + ANSWER_RESERVE_MS },
    )) as Record<string, unknown>;
    expect(result).toMatchObject({ status: 'Running: 5%', progress: 0.05, backtestId: 'bt1' });
    expect(result.next).toMatch(/read_backtest/);
    expect(client.to('/backtests/read')).toHaveLength(0);
  });
});

describe('list_backtests', () => {
  test('shows a page of backtests and how to get the next', async () => {
    const backtests = Array.from({ length: 120 }, (_, index) => ({ backtestId: `bt${index}`, name: `B${index}` }));
    const client = new ScriptedClient({ '/backtests/list': { backtests, count: 120, success: true } });
    const result = (await callTool('list_backtests', { projectId: 7 }, client)) as {
      note: string;
      backtests: unknown[];
    };
    expect(result.backtests).toHaveLength(50);
    expect(result.note).toBe('Showing backtests 0–49 of 120; call again with start=50 for more.');
    expect(client.calls[0].body).toEqual({ projectId: 7, includeStatistics: false });
  });
});

describe('read_backtest_orders', () => {
  test('asks QuantConnect for one window of fewer than 100 orders, as the API requires', async () => {
    const client = new ScriptedClient({ '/backtests/orders/read': { orders: [], length: 0, success: true } });
    await callTool('read_backtest_orders', { projectId: 7, backtestId: 'bt1', start: 200, end: 900 }, client);
    expect(client.calls[0].body).toEqual({ projectId: 7, backtestId: 'bt1', start: 200, end: 299 });
  });

  test('reads a short page by default', async () => {
    const client = new ScriptedClient({ '/backtests/orders/read': { orders: [], length: 0, success: true } });
    await callTool('read_backtest_orders', { projectId: 7, backtestId: 'bt1' }, client);
    expect(client.calls[0].body).toEqual({ projectId: 7, backtestId: 'bt1', start: 0, end: 10 });
  });

  test('names the order codes and says how many orders there are', async () => {
    const order = {
      id: 1,
      symbol: { value: 'SPY', id: 'SPY R735QTJ8XC9X', permtick: 'SPY' },
      type: 1,
      status: 3,
      direction: 0,
      quantity: 10,
      price: 470.1,
      limitPrice: 470,
      stopPrice: 0,
      time: '2024-01-02 14:31:00',
      events: [{ id: 1 }, { id: 2 }],
      orderSubmissionData: { bidPrice: 470 },
    };
    const client = new ScriptedClient({ '/backtests/orders/read': { orders: [order], length: 1234, success: true } });
    const result = (await callTool('read_backtest_orders', { projectId: 7, backtestId: 'bt1' }, client)) as {
      note: string;
      orders: unknown[];
    };
    expect(result.orders[0]).toEqual({
      id: 1,
      symbol: 'SPY',
      type: 'Limit',
      status: 'Filled',
      direction: 'Buy',
      quantity: 10,
      price: 470.1,
      limitPrice: 470,
      time: '2024-01-02 14:31:00',
    });
    expect(result.note).toBe('Showing orders 0–0 of 1234; call again with start=1 for more.');
  });
});

describe('read_backtest_chart', () => {
  test('sends the chart request with the whole history by default', async () => {
    const client = new ScriptedClient({ '/backtests/chart/read': { chart: { name: 'Benchmark', series: {} } } });
    await callTool('read_backtest_chart', { projectId: 7, backtestId: 'bt1', name: 'Benchmark' }, client);
    expect(client.calls[0].body).toMatchObject({
      projectId: 7,
      backtestId: 'bt1',
      name: 'Benchmark',
      count: 100,
      start: 0,
    });
  });

  test('says the chart is still being built when it stays loading', async () => {
    const client = new ScriptedClient({ '/backtests/chart/read': { status: 'loading', progress: 0.3, success: true } });
    const result = await callTool(
      'read_backtest_chart',
      { projectId: 7, backtestId: 'bt1', name: 'Benchmark' },
      client,
      {
        deadline: Date.now() + ANSWER_RESERVE_MS,
      },
    );
    expect(result).toBe(
      'The chart is still being generated (30% done); call read_backtest_chart again in a few seconds.',
    );
  });

  test('honours count per series however many points QuantConnect sends, and says so', async () => {
    const values = Array.from({ length: 20_000 }, (_, index) => [1_700_000_000 + index * 60, 100 + index / 7]);
    const client = new ScriptedClient({
      '/backtests/chart/read': {
        chart: {
          name: 'Strategy Equity',
          series: { Equity: { name: 'Equity', seriesType: 0, values, color: '#fff' } },
        },
      },
    });
    const result = (await callTool(
      'read_backtest_chart',
      { projectId: 7, backtestId: 'bt1', name: 'Strategy Equity', count: 1000 },
      client,
    )) as { note: string; series: { Equity: { type: string; values: unknown[] } } };
    expect(result.note).toBe(
      '1000 of 20000 points a series (first and last kept); ask for more with count, or narrow start and end.',
    );
    expect(result.series.Equity.type).toBe('Line');
    expect(result.series.Equity.values).toHaveLength(1000);
    expect(result.series.Equity.values[0]).toEqual(values[0]);
    expect(result.series.Equity.values.at(-1)).toEqual(values.at(-1));
  });

  test('drops float noise from values and keeps times whole', async () => {
    const values = [[1_700_000_000, 99_502.90591999999, 0.1 + 0.2]];
    const chart = { name: 'Strategy Equity', series: { Equity: { name: 'Equity', seriesType: 2, values } } };
    const client = new ScriptedClient({ '/backtests/chart/read': { chart } });
    const result = await callTool('read_backtest_chart', { projectId: 7, backtestId: 'bt1' }, client);
    expect(result).toMatchObject({ series: { Equity: { values: [[1_700_000_000, 99_502.91, 0.3]] } } });
  });

  test('with only its required arguments, reads Strategy Equity and answers in under 20 KB', async () => {
    const candles = Array.from({ length: 50_000 }, (_, index) => {
      const price = 100_000 + index * 1.234567;
      return [1_600_000_000 + index * 60, price, price * 1.004, price * 0.996, price];
    });
    const line = candles.map(([time, price]) => [time, price / 1_000]);
    const chart = {
      name: 'Strategy Equity',
      series: {
        Equity: { name: 'Equity', seriesType: 2, unit: '$', values: candles },
        Return: { name: 'Return', seriesType: 3, unit: '%', values: line },
        Benchmark: { name: 'Benchmark', seriesType: 0, unit: '$', values: line },
      },
    };
    expect(JSON.stringify(chart).length).toBeGreaterThan(5_000_000);
    const client = new ScriptedClient({ '/backtests/chart/read': { chart } });
    const result = await callTool('read_backtest_chart', { projectId: 7, backtestId: 'bt1' }, client);
    expect(client.calls[0].body).toMatchObject({ name: 'Strategy Equity', count: 100 });
    expect(rendered(result).length).toBeLessThan(20_000);
  });
});

describe('read_backtest_report', () => {
  test('turns the HTML report into text without its images', async () => {
    const report = `<html><body><h1>Report</h1><img src="data:image/png;base64,${'Q'.repeat(100_000)}"><table><tr><td>Sharpe</td><td>1.2</td></tr></table></body></html>`;
    const client = new ScriptedClient({ '/backtests/read/report': { report, success: true } });
    const result = await callTool('read_backtest_report', { projectId: 7, backtestId: 'bt1' }, client);
    expect(result).toEqual({ report: 'Report\nSharpe | 1.2 |' });
  });

  test('says when the report is still being generated', async () => {
    const client = new ScriptedClient({ '/backtests/read/report': { generating: true, success: true } });
    const result = await callTool('read_backtest_report', { projectId: 7, backtestId: 'bt1' }, client, {
      deadline: Date.now() + ANSWER_RESERVE_MS,
    });
    expect(result).toMatch(/still being generated/);
  });
});
