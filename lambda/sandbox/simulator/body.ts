/**
 * Reading fields from a request body. The spec validation refuses bad bodies first when the spec
 * is there; without it, handlers still refuse a missing or mistyped field the same way.
 */
import { FakeApiError, type World } from './world';

export type Body = Record<string, unknown>;

/** What a handler answers: a JSON body (the fake adds `success: true`) or a redirect. */
export type Answer = Record<string, unknown> | Redirect;

export class Redirect {
  constructor(readonly location: string) {}
}

export type Handler = (body: Body, world: World) => Answer;

export function int(body: Body, name: string): number {
  const value = body[name];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new FakeApiError(`${name} must be an integer.`);
  return value;
}

export function optionalInt(body: Body, name: string): number | undefined {
  return body[name] === undefined ? undefined : int(body, name);
}

export function str(body: Body, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw new FakeApiError(`${name} is required.`);
  return value;
}

export function optionalStr(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new FakeApiError(`${name} must be a string.`);
  return value;
}

export function bool(body: Body, name: string): boolean {
  const value = body[name];
  if (typeof value !== 'boolean') throw new FakeApiError(`${name} must be true or false.`);
  return value;
}

export function obj(body: Body, name: string): Body {
  const value = body[name];
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new FakeApiError(`${name} is required.`);
  return value as Body;
}

export function list<T = unknown>(body: Body, name: string): T[] {
  const value = body[name];
  if (!Array.isArray(value)) throw new FakeApiError(`${name} must be a list.`);
  return value as T[];
}

/**
 * A page-size limit as the spec words it: `end - start` "must be less than 100" (orders and
 * insights of a backtest, live insights) or "must be <= 1,000" (live orders, 250 for log lines).
 */
export type PageLimit = { readonly lessThan: number } | { readonly atMost: number };

/** QuantConnect caps the page size of orders, insights and logs. */
export function pageBounds(start: number, end: number, limit: PageLimit, what: string): void {
  if (start < 0 || end < start) throw new FakeApiError(`Invalid range for ${what}: start ${start}, end ${end}.`);
  const span = end - start;
  if ('lessThan' in limit && span >= limit.lessThan)
    throw new FakeApiError(`end - start must be less than ${limit.lessThan} for ${what}; it is ${span}.`);
  if ('atMost' in limit && span > limit.atMost)
    throw new FakeApiError(`end - start must be at most ${limit.atMost} for ${what}; it is ${span}.`);
}
