/**
 * Paging: lists an agent could not read whole are cut into windows, and every window says what
 * it shows and how to get the next one.
 */
import type { QuantConnectResponse } from '../../quantconnect/types';
import { list } from './compact';

/** A window [start, end) of a list. */
export interface Window {
  readonly start: number;
  readonly end: number;
}

/**
 * Resolves a tool's `start`/`end` arguments: `end` defaults to a page of `pageSize` and is capped
 * so that the window never spans more than `maxSpan` (an API limit, or what fits a result).
 */
export function windowOf(start: number, end: number | undefined, pageSize: number, maxSpan = pageSize): Window {
  const requested = end ?? start + pageSize;
  return { start, end: Math.max(start, Math.min(requested, start + maxSpan)) };
}

export interface PageFacts {
  /** What the items are, plural: "orders", "log lines". */
  readonly noun: string;
  readonly start: number;
  /** How many items this window holds. */
  readonly count: number;
  /** How many exist, when QuantConnect says so. */
  readonly total?: number;
  /** Whether more follow; derived from `total` when it is known. */
  readonly more?: boolean;
  /** The argument that asks for the next window. @default 'start' */
  readonly nextArgument?: string;
}

/** "Showing orders 0–99 of 1234; call again with start=100 for more." */
export function pageNote(facts: PageFacts): string {
  const { noun, start, count, total } = facts;
  if (count === 0) {
    if (start === 0 || total === 0) return `No ${noun}.`;
    return total === undefined
      ? `No ${noun} from index ${start} on.`
      : `No ${noun} from index ${start} on (${total} in total).`;
  }
  const last = start + count - 1;
  const more = total === undefined ? facts.more === true : start + count < total;
  const of = total === undefined ? '' : ` of ${total}`;
  const next = more ? `; call again with ${facts.nextArgument ?? 'start'}=${last + 1} for more` : '';
  return `Showing ${noun} ${start}–${last}${of}${next}.`;
}

/** Characters of list items one result carries, leaving room for the note and the rest. */
export const LIST_CHARS = 80_000;

/**
 * The longest head of `items` whose JSON fits `maxChars` (at least one item, which the
 * registrar's cap still bounds): a page of unusually large items gets shorter instead of cut.
 */
export function fitting<T>(items: readonly T[], maxChars = LIST_CHARS): T[] {
  let used = 2;
  for (let index = 0; index < items.length; index++) {
    used += JSON.stringify(items[index]).length + 1;
    if (used > maxChars) return items.slice(0, Math.max(1, index));
  }
  return [...items];
}

/** Cuts a list QuantConnect returned whole to one window that fits a result, with the sentence describing it. */
export function pageOf<T>(all: readonly T[], window: Window, noun: string): { note: string; items: T[] } {
  const items = fitting(all.slice(window.start, window.end));
  return { note: pageNote({ noun, start: window.start, count: items.length, total: all.length }), items };
}

/**
 * One page of records QuantConnect already served in windows (orders, insights): each summarised,
 * as many as fit a result, with the sentence describing the page. `length` is QuantConnect's total.
 */
export function recordPage(
  response: QuantConnectResponse,
  key: 'orders' | 'insights',
  start: number,
  summarise: (item: unknown) => Record<string, unknown>,
): Record<string, unknown> {
  const items = fitting(list(response[key]).map(summarise));
  const total = typeof response.length === 'number' ? response.length : undefined;
  return { note: pageNote({ noun: key, start, count: items.length, total }), [key]: items };
}
