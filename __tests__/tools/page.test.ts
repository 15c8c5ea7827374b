import { fitting, pageNote, pageOf, windowOf } from '../../lambda/tools/shape/page';

describe('windowOf', () => {
  test('defaults the end to one page after the start', () => {
    expect(windowOf(200, undefined, 100)).toEqual({ start: 200, end: 300 });
  });

  test('caps a window wider than the largest span', () => {
    expect(windowOf(0, 5_000, 100, 1_000)).toEqual({ start: 0, end: 1_000 });
  });

  test('keeps a narrower window as asked', () => {
    expect(windowOf(10, 20, 100)).toEqual({ start: 10, end: 20 });
  });

  test('turns an end before the start into an empty window', () => {
    expect(windowOf(50, 10, 100)).toEqual({ start: 50, end: 50 });
  });
});

describe('pageNote', () => {
  test('says what is shown, of how many, and how to get the next page', () => {
    expect(pageNote({ noun: 'orders', start: 0, count: 100, total: 1234 })).toBe(
      'Showing orders 0–99 of 1234; call again with start=100 for more.',
    );
  });

  test('offers no next page on the last one', () => {
    expect(pageNote({ noun: 'orders', start: 1200, count: 34, total: 1234 })).toBe('Showing orders 1200–1233 of 1234.');
  });

  test('names the argument that pages when it is not start', () => {
    expect(pageNote({ noun: 'log lines', start: 0, count: 250, more: true, nextArgument: 'startLine' })).toBe(
      'Showing log lines 0–249; call again with startLine=250 for more.',
    );
  });

  test('says so when there is nothing', () => {
    expect(pageNote({ noun: 'backtests', start: 0, count: 0, total: 0 })).toBe('No backtests.');
  });

  test('says so when the start is past the end', () => {
    expect(pageNote({ noun: 'files', start: 40, count: 0, total: 12 })).toBe(
      'No files from index 40 on (12 in total).',
    );
  });
});

describe('pageOf', () => {
  test('cuts the window out of the whole list and describes it', () => {
    const page = pageOf(
      Array.from({ length: 7 }, (_, index) => index),
      { start: 2, end: 5 },
      'items',
    );
    expect(page).toEqual({ note: 'Showing items 2–4 of 7; call again with start=5 for more.', items: [2, 3, 4] });
  });
});

describe('fitting', () => {
  test('keeps every item that fits', () => {
    expect(fitting(['a', 'b', 'c'], 100)).toEqual(['a', 'b', 'c']);
  });

  test('keeps only the head of a list too large for one result', () => {
    const items = Array.from({ length: 10 }, () => 'x'.repeat(20));
    expect(fitting(items, 100)).toHaveLength(4);
  });

  test('keeps at least one item', () => {
    expect(fitting(['x'.repeat(500)], 100)).toHaveLength(1);
  });

  test('makes a page of large items shorter, and its note offers the rest', () => {
    const all = Array.from({ length: 50 }, () => 'y'.repeat(5_000));
    const page = pageOf(all, { start: 0, end: 50 }, 'lines');
    expect(page.items.length).toBeLessThan(50);
    expect(page.note).toBe(
      `Showing lines 0–${page.items.length - 1} of 50; call again with start=${page.items.length} for more.`,
    );
  });
});
