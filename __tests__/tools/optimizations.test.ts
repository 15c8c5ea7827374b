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
    expect(result).toMatchObject({ time: 60, balance: 100 });
  });

  test('gives the number of backtests and how the cost is counted, and no estimateId that no tool takes', async () => {
    const client = new ScriptedClient({
      '/optimizations/estimate': { estimate: { estimateId: 'e1', time: 60, balance: 100 } },
    });
    const result = (await callTool('estimate_optimization_time', spec, client)) as Record<string, unknown>;
    expect(result).not.toHaveProperty('estimateId');
    expect(result.backtests).toBe(4);
    expect(result.cost).toMatch(/node time at the nodeType's hourly QCC rate/);
  });

  test('says how to start it and what is left to choose', async () => {
    const client = new ScriptedClient({
      '/optimizations/estimate': { estimate: { estimateId: 'e1', time: 60, balance: 100 } },
    });
    const result = (await callTool('estimate_optimization_time', spec, client)) as { next: string };
    expect(result.next).toMatch(/^To run it, call create_optimization with the same arguments and the compileId/);
    expect(result.next).toMatch(/nodeType \(O2-8 by default;.*parallelNodes \(default 4/);
  });

  test('takes the full statistic path that results echo, as well as the short name', async () => {
    const client = new ScriptedClient({ '/optimizations/estimate': { estimate: {} } });
    await callTool(
      'estimate_optimization_time',
      { ...spec, target: 'TotalPerformance.PortfolioStatistics.Drawdown' },
      client,
    );
    expect(client.calls[0].body).toMatchObject({ target: 'TotalPerformance.PortfolioStatistics.Drawdown' });
  });
});

describe('create_optimization', () => {
  const created = { optimizations: [{ optimizationId: 'O-1', name: 'Fast/slow', status: 'new' }], success: true };

  test('needs only what the estimate took, plus the compileId', async () => {
    const client = new ScriptedClient({ '/optimizations/create': created });
    const result = await callTool('create_optimization', { ...spec, compileId: 'c1' }, client);
    expect(client.calls[0].body).toMatchObject({
      compileId: 'c1',
      nodeType: 'O2-8',
      parallelNodes: 4,
      estimatedCost: 0,
      strategy: 'QuantConnect.Optimizer.Strategies.GridSearchOptimizationStrategy',
    });
    expect(result).toMatchObject({
      optimizationId: 'O-1',
      next: 'Running: call read_optimization with optimizationId O-1 in a minute; it ranks the backtests as they finish.',
    });
  });

  test('runs no more nodes at once than the grid has backtests', async () => {
    const client = new ScriptedClient({ '/optimizations/create': created });
    const small = { ...spec, parameters: [{ name: 'fast', min: 5, max: 10, step: 5 }] };
    await callTool('create_optimization', { ...small, compileId: 'c1' }, client);
    expect(client.calls[0].body).toMatchObject({ parallelNodes: 2 });
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
    expect(result.note).toMatch(
      /^Showing backtests \(best first\) 0–2 of 3\. These are the optimization's runs: read_backtest .* create_backtest with its parameterSet/,
    );
    expect(result).toMatchObject({
      next:
        'Done. Best parameters: {"fast":10} (backtest b). To study them, call create_backtest with these ' +
        'parameters and the compileId you optimized.',
    });
  });

  test('while it runs, says how far it is and to poll', async () => {
    const client = new ScriptedClient({
      '/optimizations/read': {
        optimization: { optimizationId: 'o1', status: 'running', runtimeStatistics: { Total: '4' }, backtests: {} },
        success: true,
      },
    });
    const result = await callTool('read_optimization', { optimizationId: 'o1' }, client);
    expect(result).toMatchObject({
      next: 'Still running (0 of 4 backtests done): call read_optimization again in a minute.',
    });
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
