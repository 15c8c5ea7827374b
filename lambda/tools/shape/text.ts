/** Long text (file contents, reports, stack traces) cut to what fits an agent's context. */
import { pageNote, windowOf } from './page';

/**
 * Characters of text one result carries. JSON escaping of code (quotes, newlines) can add a
 * third, so this leaves room under MAX_RESULT_CHARS.
 */
export const TEXT_PAGE_CHARS = 60_000;

/** Shortens a string that is only context (a stack trace, a search hit), saying how much was left out. */
export function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}… [${text.length - maxChars} more characters]`;
}

/** The argument that names a character position in a long text (a list's position is `start`). */
export const OFFSET_ARGUMENT = 'offset';

/** One window of a long text from character `offset`, and the sentence saying which part it is and how to read on. */
export function textWindow(text: string, offset: number): { note?: string; text: string } {
  if (offset === 0 && text.length <= TEXT_PAGE_CHARS) return { text };
  const window = windowOf(offset, undefined, TEXT_PAGE_CHARS);
  const slice = text.slice(window.start, window.end);
  const facts = { noun: 'characters', start: offset, count: slice.length, total: text.length };
  return { note: pageNote({ ...facts, nextArgument: OFFSET_ARGUMENT }), text: slice };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] !== '#') return ENTITIES[entity.toLowerCase()] ?? whole;
    const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * The readable text of an HTML document: scripts, styles and images (QuantConnect's backtest
 * report embeds megabytes of base64 charts) dropped, table cells separated, blank runs collapsed.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style|svg|head)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<img\b[^>]*>/gi, '')
    .replace(/<\/(td|th)\s*>/gi, ' | ')
    .replace(/<(br|\/p|\/div|\/tr|\/li|\/h[1-6]|\/table|\/section)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .filter((line) => line !== '' && line !== '|')
    .join('\n');
}
