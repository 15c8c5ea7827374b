import { ScriptedClient, callTool } from './support/scripted-client';

const spec = {
  projectId: 7,
  name: 'Fast/slow',
  target: 'SharpeRatio',
  targetTo: 'max',
  parameters: [{ name: 'fast', min: 5, max: 20, step: 5 }],
};

/** The API's per-backtest statistics: 21 unlabelled numbers; Sharpe is at 15, net profit at 12. */
function statistics(sharpe: number): number[] {
  return Array.from({ length: 21 }, (_, index) => (index === 15 ? sharpe : index === 12 ? sharpe * 10 : 0));
}

describe('estimate_optimization_time', () => {
  test('expands the short statistic name and adds the grid-search strategy', async () => {
    const client = new ScriptedClient({
      '/optimizations/estimate': { estimate: { estimateId: 'e1', time: 60, balance: 100 } },
    });
    const result = await callTool('estimate_optimization_time', spec, client);
    expect(client.calls[0].body).toEqual({
      ...spec,
      target: 'TotalPerformance.PortfolioStatistics.SharpeRatio',
      strategy: 'QuantConnect.Optimizer.Strategies.GridSearchOptimizationStrategy',
    });
    expect(result).toEqual({ estimateId: 'e1', time: 60, balance: 100 });
  });
});

describe('read_optimization', () => {
  test('ranks the backtests best first by the target, with labelled key statistics', async () => {
    const client = new ScriptedClient({
      '/optimizations/read': {
        optimization: {
          optimizationId: 'o1',
          status: 'completed',
          criterion: { target: 'TotalPerformance.PortfolioStatistics.SharpeRatio', extremum: 'max' },
          backtests: {
            a: { id: 'a', parameterSet: { fast: 5 }, statistics: statistics(0.5), equity: [1, 2, 3] },
            b: { id: 'b', parameterSet: { fast: 10 }, statistics: statistics(1.5), equity: [1, 2, 3] },
            c: { id: 'c', parameterSet: { fast: 15 }, statistics: statistics(1.0), equity: [1, 2, 3] },
          },
        },
        success: true,
      },
    });
    const result = (await callTool('read_optimization', { optimizationId: 'o1' }, client)) as {
      note: string;
      backtests: { id: string; statistics: Record<string, number>; equity?: unknown }[];
    };
    expect(result.backtests.map((backtest) => backtest.id)).toEqual(['b', 'c', 'a']);
    expect(result.backtests[0].statistics).toMatchObject({ sharpeRatio: 1.5, netProfit: 15 });
    expect(result.backtests[0]).not.toHaveProperty('equity');
    expect(result.note).toBe('Showing backtests (best first) 0–2 of 3.');
  });
});

describe('abort_optimization', () => {
  test('confirms the abort', async () => {
    const client = new ScriptedClient();
    expect(await callTool('abort_optimization', { optimizationId: 'o1' }, client)).toBe('Optimization o1 aborted.');
    expect(client.calls[0]).toMatchObject({ endpoint: '/optimizations/abort', body: { optimizationId: 'o1' } });
  });
});

describe('search_quantconnect', () => {
  test('names the hit types and clips long hits', async () => {
    const client = new ScriptedClient({
      '/ai/tools/search': {
        state: 'End',
        retrivals: [{ url: 'https://www.quantconnect.com/docs', score: 0.9, type: 2, content: 'y'.repeat(10_000) }],
      },
    });
    const result = (await callTool(
      'search_quantconnect',
      { language: 'Py', criteria: [{ input: 'rolling window', type: 'Docs' }] },
      client,
    )) as { results: { type: string; content: string }[] };
    expect(result.results[0].type).toBe('Docs');
    expect(result.results[0].content.length).toBeLessThan(3_100);
  });
});
