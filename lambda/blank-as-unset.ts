/**
 * How every configuration variable is read, at run time (lambda/config.ts) and at synth
 * (constructs/config.ts): unset and blank are the same thing, since CI systems and shells often
 * pass an empty string for a variable they do not set.
 */
import * as z from 'zod';

export function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/** The variable's schema, reading a blank value as unset (so its default or `optional` applies). */
export function blankAsUnset<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema);
}
