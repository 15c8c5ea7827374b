/**
 * How every configuration variable is read, at run time (lambda/environment-variables.ts) and at
 * synth (constructs/config.ts): unset and blank are the same thing, since CI systems and shells
 * often pass an empty string for a variable they do not set.
 */
export function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}
