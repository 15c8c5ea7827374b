/**
 * The project's quoting rule (lambda/quote.ts) applied to the SDK's own error answers, which quote
 * what the request carried in full: a 2026-07-28 header/body mismatch (-32020) names the body's
 * method, tool name, resource URI or protocol version, and repeats it in `data.mismatch`, so a
 * 500 000-character tool name came back twice. An error's message is cut to a sentence and a
 * quote, and every string of its data to a quote.
 */
import { clip, QUOTED_VALUE_CHARS } from '../quote';

/** The SDK's fixed words in front of what it quotes are under 100 characters: this leaves the quote ~100. */
export const MAX_ERROR_MESSAGE_CHARS = 200;
/** How deep `data` is walked; deeper values are dropped (the SDK's data are two levels deep). */
const MAX_DATA_DEPTH = 4;
/** Members of an object or items of an array of `data` kept; the others are dropped (an array says how many it had). */
const MAX_DATA_ITEMS = 16;

export interface ErrorAnswer {
  id?: unknown;
  error?: { code?: unknown; message?: unknown; data?: unknown };
}

function boundedData(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return clip(value, QUOTED_VALUE_CHARS);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DATA_DEPTH) return undefined;
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_DATA_ITEMS).map((item) => boundedData(item, depth + 1));
    return value.length > items.length ? [...items, `… (${value.length} items)`] : items;
  }
  const entries = Object.entries(value).slice(0, MAX_DATA_ITEMS);
  return Object.fromEntries(
    entries.map(([key, item]) => [clip(key, QUOTED_VALUE_CHARS), boundedData(item, depth + 1)]),
  );
}

/** The answer with its error bounded; the same object when there was nothing to cut. */
export function boundedErrorAnswer(answer: ErrorAnswer): ErrorAnswer {
  const { error } = answer;
  if (error === undefined || error === null || typeof error !== 'object') return answer;
  const message = typeof error.message === 'string' ? clip(error.message, MAX_ERROR_MESSAGE_CHARS) : error.message;
  const data = error.data === undefined ? undefined : boundedData(error.data, 0);
  const unchanged = message === error.message && JSON.stringify(data) === JSON.stringify(error.data);
  return unchanged ? answer : { ...answer, error: { ...error, message, ...(data === undefined ? {} : { data }) } };
}
