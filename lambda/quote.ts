/**
 * How an answer or a message quotes a value a caller sent (a tool name, an argument key, an
 * origin): at most QUOTED_VALUE_CHARS characters of it, saying how long it was. A caller then
 * cannot grow an answer, or a log line, by sending a longer value.
 */
export const QUOTED_VALUE_CHARS = 100;

/** At most `max` characters of a caller's value, for a message that quotes it. */
export function clip(value: string, max: number = QUOTED_VALUE_CHARS): string {
  return value.length <= max ? value : `${value.slice(0, max)}… (${value.length} characters)`;
}
