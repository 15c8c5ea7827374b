/**
 * `JSON.stringify`, except that the text of a deeply frozen object or array is made once and
 * reused. The server's `tools/list` answer of each tier is built once and deeply frozen
 * (lambda/server.ts), and the SDK hands that very array to `Response.json` (our stand-in,
 * light-web-exchange.ts) on every `tools/list`: serialising its 40 KB again was about a quarter
 * of a warm `tools/list` (docs/performance.md). Nothing the SDK can do reaches a frozen object, so
 * its text cannot go stale; anything not frozen all the way down is serialised as it is now.
 *
 * The output is JSON.stringify's, byte for byte: objects and arrays near the top are written
 * here with its rules, everything else by JSON.stringify itself, and any `toJSON` hands the whole
 * value back to JSON.stringify.
 */

/** How deep this writes objects itself, looking for frozen ones: a JSON-RPC answer holds them at depth 2. */
const MAX_DEPTH = 4;

const texts = new WeakMap<object, string>();
const deeplyFrozen = new WeakSet<object>();

/**
 * Frozen, with data properties only (a getter could answer differently each time), and every
 * object under it so: then it never changes. Checked once per object. A cycle is not (JSON.stringify refuses it).
 */
function isDeeplyFrozen(value: object, within?: Set<object>): boolean {
  if (deeplyFrozen.has(value)) return true;
  // Most objects an answer holds are not frozen: they cost one check, and no allocation.
  if (!Object.isFrozen(value) || within?.has(value)) return false;
  within ??= new Set<object>();
  within.add(value);
  for (const property of Object.values(Object.getOwnPropertyDescriptors(value))) {
    if (!('value' in property)) return false;
    const member: unknown = property.value;
    if (member !== null && typeof member === 'object' && !isDeeplyFrozen(member, within)) return false;
  }
  within.delete(value);
  deeplyFrozen.add(value);
  return true;
}

class HasToJson extends Error {}

/** Dates, boxed primitives, maps: JSON.stringify has rules of its own for them. */
function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** What JSON.stringify writes for `value` as a member: undefined where it leaves the member out. */
function write(value: unknown, depth: number): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') throw new HasToJson();
  const reused = texts.get(value);
  if (reused !== undefined) return reused;
  if (isDeeplyFrozen(value)) {
    const text = JSON.stringify(value);
    texts.set(value, text);
    return text;
  }
  if (depth >= MAX_DEPTH || !(Array.isArray(value) || isPlainObject(value))) return JSON.stringify(value);
  if (Array.isArray(value)) {
    const items: string[] = [];
    // An index loop, not map: a hole is written null, as JSON.stringify writes it.
    for (let index = 0; index < value.length; index++) items.push(write(value[index], depth + 1) ?? 'null');
    return `[${items.join(',')}]`;
  }
  const members: string[] = [];
  for (const key of Object.keys(value)) {
    const text = write((value as Record<string, unknown>)[key], depth + 1);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(',')}}`;
}

export function stringifyReusingFrozen(value: unknown): string {
  try {
    return write(value, 0) as string;
  } catch (error) {
    if (error instanceof HasToJson) return JSON.stringify(value);
    throw error;
  }
}
