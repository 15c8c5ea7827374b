import { TEXT_PAGE_CHARS, clip, htmlToText, textWindow } from '../../lambda/tools/shape/text';

describe('clip', () => {
  test('leaves short text alone', () => {
    expect(clip('short', 10)).toBe('short');
  });

  test('cuts long text and says how much was left out', () => {
    expect(clip('abcdefghij', 4)).toBe('abcd… [6 more characters]');
  });
});

describe('textWindow', () => {
  test('returns a text that fits whole, without a note', () => {
    expect(textWindow('print(1)', 0)).toEqual({ text: 'print(1)' });
  });

  test('returns the first page of a long text with how to read on', () => {
    const text = 'x'.repeat(TEXT_PAGE_CHARS + 10);
    const window = textWindow(text, 0);
    expect(window.text).toHaveLength(TEXT_PAGE_CHARS);
    expect(window.note).toBe(
      `Showing characters 0–${TEXT_PAGE_CHARS - 1} of ${TEXT_PAGE_CHARS + 10}; call again with offset=${TEXT_PAGE_CHARS} for more.`,
    );
  });

  test('returns the rest from a later start', () => {
    const text = 'a'.repeat(TEXT_PAGE_CHARS) + 'tail';
    expect(textWindow(text, TEXT_PAGE_CHARS).text).toBe('tail');
  });
});

describe('htmlToText', () => {
  test('drops scripts, styles and embedded images', () => {
    const html = `<html><head><style>p{}</style></head><body><script>var x=1</script>
      <img src="data:image/png;base64,${'A'.repeat(5000)}"><p>Sharpe Ratio</p></body></html>`;
    expect(htmlToText(html)).toBe('Sharpe Ratio');
  });

  test('keeps table cells apart and rows on their own lines', () => {
    expect(htmlToText('<table><tr><td>CAGR</td><td>12%</td></tr><tr><td>Drawdown</td><td>5%</td></tr></table>')).toBe(
      'CAGR | 12% |\nDrawdown | 5% |',
    );
  });

  test('decodes entities', () => {
    expect(htmlToText('<p>P&amp;L &lt; 0 &#8212; &quot;bad&quot;</p>')).toBe('P&L < 0 — "bad"');
  });
});
