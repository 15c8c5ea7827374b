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
});
