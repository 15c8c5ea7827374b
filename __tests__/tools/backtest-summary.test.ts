import { isBacktestFinished, summariseBacktest } from '../../lambda/tools/shape/backtest';

describe('isBacktestFinished', () => {
  test.each([
    ['completed', { status: 'Completed.', completed: true }, true],
    ['queued', { status: 'In Queue...', completed: false }, false],
    ['running', { status: 'Running: 45%', completed: false }, false],
    ['stopped by a runtime error', { status: 'Runtime Error', completed: false }, true],
    ['failed to initialize', { status: 'In Queue...', hasInitializeError: true }, true],
    ['an answer without a status', {}, true],
  ])('%s: %s', (_name, backtest, finished) => {
    expect(isBacktestFinished(backtest)).toBe(finished);
  });
});

describe('summariseBacktest', () => {
  test('clips a long stack trace', () => {
    const summary = summariseBacktest({ status: 'Runtime Error', stacktrace: 'at x\n'.repeat(5_000) });
    expect(String(summary.stacktrace).length).toBeLessThan(4_100);
    expect(summary.stacktrace).toMatch(/more characters\]$/);
  });

  test('leaves out fields QuantConnect sent empty', () => {
    expect(summariseBacktest({ status: 'Completed.', error: '', note: null, charts: {} })).toEqual({
      status: 'Completed.',
    });
  });

  test('gives a running backtest’s runtime statistics in the one convention, its money profit under its own key', () => {
    const runtimeStatistics = {
      Equity: '$101,234.50',
      'Net Profit': '$-1,234.00',
      Return: '1.23 %',
      'Probabilistic Sharpe Ratio': '45.6789%',
    };
    expect(summariseBacktest({ status: 'Running: 40%', statistics: {}, runtimeStatistics })).toEqual({
      status: 'Running: 40%',
      runtimeStatistics: { equity: 101234.5, netProfitAmount: -1234, return: 1.23, probabilisticSharpeRatio: 45.679 },
    });
  });
});
