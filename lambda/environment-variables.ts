/**
 * Readers of environment variables, for lambda/config.ts. Plain functions rather than zod
 * schemas: the configuration is read at every cold start, and building and first running zod
 * schemas there cost about a tenth of it (docs/performance.md). Each reader keeps the rules zod
 * had for these variables: a blank value is unset (lambda/blank-as-unset.ts), text is trimmed,
 * numbers are read as JavaScript's Number() reads them.
 */
import { blankToUndefined } from './blank-as-unset';

/** Reads one variable's value (undefined when unset or blank); throws InvalidValue when it cannot. */
export type Reader<T> = (value: string | undefined) => T;

class InvalidValue extends Error {}

/** Text, trimmed; unset when blank. */
export const optionalText: Reader<string | undefined> = (value) => (present(value) ? value.trim() : undefined);

function present(value: string | undefined): value is string {
  return blankToUndefined(value) !== undefined;
}

/** One of `values`, exactly as written; `fallback` when unset. */
export function oneOf<T extends string>(values: readonly T[], fallback: T): Reader<T> {
  return (value) => {
    if (!present(value)) return fallback;
    if (!(values as readonly string[]).includes(value)) throw new InvalidValue();
    return value as T;
  };
}

/** A safe integer within [min, max]; `fallback` when unset. */
export function wholeNumber(bounds: { min: number; max?: number }, fallback: number): Reader<number> {
  return (value) => {
    if (!present(value)) return fallback;
    const number = Number(value);
    if (!Number.isSafeInteger(number) || number < bounds.min || (bounds.max !== undefined && number > bounds.max)) {
      throw new InvalidValue();
    }
    return number;
  };
}

/** The ASCII tabs and newlines the URL parser deletes before parsing: deleted from the value too. */
const TAB_OR_NEWLINE = /[\t\n\r]/g;

/**
 * A URL whose scheme is one of `schemes`, trimmed. An http(s) URL must spell `scheme://`
 * (`https:example.com` parses, but is no address anyone means).
 */
export function url(schemes: readonly ('http' | 'https')[]): Reader<string | undefined> {
  return (value) => {
    if (!present(value)) return undefined;
    const trimmed = value.trim();
    if (!/^https?:\/\//i.test(trimmed)) throw new InvalidValue();
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new InvalidValue();
    }
    if (!(schemes as readonly string[]).includes(parsed.protocol.slice(0, -1))) throw new InvalidValue();
    return trimmed.replace(TAB_OR_NEWLINE, '');
  };
}

/** Trimmed text matching `pattern`; `fallback` when unset. */
export function matching(pattern: RegExp, fallback: string): Reader<string> {
  return (value) => {
    if (!present(value)) return fallback;
    const trimmed = value.trim();
    if (!pattern.test(trimmed)) throw new InvalidValue();
    return trimmed;
  };
}

export function withDefault<T>(reader: Reader<T | undefined>, fallback: T): Reader<T> {
  return (value) => reader(value) ?? fallback;
}

export type Readers = Record<string, Reader<unknown>>;
export type ReadValues<R extends Readers> = { [Name in keyof R]: ReturnType<R[Name]> };

/**
 * Every variable `readers` names, read from `env`; the names of those that could not be read,
 * in the readers' order, otherwise.
 */
export function readVariables<R extends Readers>(
  readers: R,
  env: Readonly<Record<string, string | undefined>>,
): { values: ReadValues<R>; invalid: [] } | { values?: undefined; invalid: string[] } {
  const values: Record<string, unknown> = {};
  const invalid: string[] = [];
  for (const [name, read] of Object.entries(readers)) {
    try {
      values[name] = read(env[name]);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      invalid.push(name);
    }
  }
  return invalid.length === 0 ? { values: values as ReadValues<R>, invalid: [] } : { invalid };
}
