/**
 * Checks a tool call's arguments against the tool's input, and answers a mistake by name: a key
 * the tool does not take is named with the field it probably meant (`project_id` → `projectId`),
 * a missing field is called missing, and the official server's `{model: {...}}` wrapper is
 * unwrapped when every key inside it is one of the tool's fields.
 */
import * as z from 'zod';
import { clip } from '../quote';
import type { ToolDefinition } from './define';

export type ArgumentCheck =
  | { readonly success: true; readonly data: Record<string, unknown> }
  | { readonly success: false; readonly message: string };

/** The official QuantConnect MCP server takes every tool's fields inside this one key. */
const WRAPPER = 'model';

/** Unknown keys named one by one; the rest are counted, so the answer stays small whatever is sent. */
export const MAX_NAMED_UNKNOWN_KEYS = 5;
/** Problems with the fields' values said one by one (an array of bad items has one each); the rest are counted. */
export const MAX_NAMED_VALUE_PROBLEMS = 10;
/** Longer than any field name could be after a typo: no suggestion is looked for (nor computed). */
const MAX_SUGGESTIBLE_KEY_CHARS = 64;

const schemas = new WeakMap<ToolDefinition, z.ZodObject>();

/** Built on a tool's first call and kept for the container's life. */
function schemaOf(definition: ToolDefinition): z.ZodObject {
  let schema = schemas.get(definition);
  if (schema === undefined) {
    schema = z.object(definition.input);
    schemas.set(definition, schema);
  }
  return schema;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `project_id`, `ProjectID` and `projectid` all read as `projectid`. */
function normalised(key: string): string {
  return key.replace(/[_\-\s]/g, '').toLowerCase();
}

/** Edit distance, for keys one typo away from a field. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * Whether `short` is `long` with one part left out: `write` of `collaborationWrite`, `collaboratorId`
 * of `collaboratorUserId` (the API's own names for these differ from endpoint to endpoint).
 */
function isAbridged(short: string, long: string): boolean {
  if (short.length < 4 || short.length >= long.length) return false;
  for (let split = 0; split <= short.length; split++) {
    if (long.startsWith(short.slice(0, split)) && long.endsWith(short.slice(split))) return true;
  }
  return false;
}

/** The field an unknown key most likely meant, if one is close enough to say so. */
export function suggestField(key: string, fields: readonly string[]): string | undefined {
  if (key.length > MAX_SUGGESTIBLE_KEY_CHARS) return undefined;
  const wanted = normalised(key);
  const exact = fields.find((field) => normalised(field) === wanted);
  if (exact !== undefined) return exact;
  const abridged = fields.filter((field) => isAbridged(wanted, normalised(field)));
  if (abridged.length === 1) return abridged[0];
  let best: { field: string; distance: number } | undefined;
  for (const field of fields) {
    const d = distance(wanted, normalised(field));
    if (best === undefined || d < best.distance) best = { field, distance: d };
  }
  // Two edits at most, and fewer than a third of the key: "name" is not a typo of "note".
  return best !== undefined && best.distance <= Math.min(2, Math.floor(wanted.length / 3)) ? best.field : undefined;
}

/** The `{model: {...}}` wrapper, unwrapped when that is unambiguous: every inner key is a field. */
function unwrapped(raw: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> | undefined {
  const keys = Object.keys(raw);
  if (keys.length !== 1 || keys[0] !== WRAPPER || fields.includes(WRAPPER)) return undefined;
  const inner = raw[WRAPPER];
  if (!isPlainObject(inner) || Object.keys(inner).length === 0) return undefined;
  return Object.keys(inner).every((key) => fields.includes(key)) ? inner : undefined;
}

function unknownKeyNote(key: string, fields: readonly string[]): string {
  if (key === WRAPPER) return `"${WRAPPER}" is not a field (pass the fields at the top level, not inside "${WRAPPER}")`;
  const suggestion = suggestField(key, fields);
  if (suggestion !== undefined) return `"${clip(key)}" is not a field (did you mean "${suggestion}"?)`;
  return `"${clip(key)}" is not a field`;
}

/** A note for each of the first `max` items, then one that counts the others. */
function notesOf<T>(items: readonly T[], max: number, note: (item: T) => string, others: (count: number) => string) {
  const notes = items.slice(0, max).map(note);
  return items.length > max ? [...notes, others(items.length - max)] : notes;
}

function issueNote(issue: z.core.$ZodIssue, raw: Record<string, unknown>): string {
  const [top] = issue.path;
  if (issue.path.length === 1 && typeof top === 'string' && raw[top] === undefined) return `${top} is required`;
  return `${issue.path.length > 0 ? issue.path.join('.') : '(arguments)'}: ${issue.message}`;
}

/** "20" or " 7 ": a number an agent quoted, read the way quoted ids already are. */
function quotedNumber(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/**
 * Parses the arguments, reading a quoted number as the number wherever a top-level field wants
 * one (`count: "20"`), so that every number field is as lenient as the id fields.
 */
function withNumbersRead(schema: z.ZodObject, raw: Record<string, unknown>) {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed;
  const quoted = parsed.error.issues.filter(
    (issue) =>
      issue.code === 'invalid_type' &&
      issue.expected === 'number' &&
      issue.path.length === 1 &&
      quotedNumber(raw[issue.path[0] as string]) !== undefined,
  );
  if (quoted.length === 0) return parsed;
  const read = { ...raw };
  for (const issue of quoted) read[issue.path[0] as string] = quotedNumber(raw[issue.path[0] as string]);
  return schema.safeParse(read);
}

export function parseArguments(definition: ToolDefinition, rawArguments: unknown): ArgumentCheck {
  const fields = Object.keys(definition.input);
  const invalid = (notes: readonly string[]): ArgumentCheck => ({
    success: false,
    message:
      `Invalid arguments for ${definition.name}: ${notes.join('; ')}. ` +
      `Its fields: ${fields.length > 0 ? fields.join(', ') : 'none'}.`,
  });
  const given = rawArguments ?? {};
  if (!isPlainObject(given)) return invalid(['the arguments must be an object of named fields']);
  const raw = unwrapped(given, fields) ?? given;
  const unknown = Object.keys(raw).filter((key) => !fields.includes(key));
  const parsed = withNumbersRead(schemaOf(definition), raw);
  const named = unknown.slice(0, MAX_NAMED_UNKNOWN_KEYS);
  const issues = (parsed.success ? [] : parsed.error.issues)
    // A missing field that a named unknown key already names ("did you mean projectId?") is said once.
    .filter((issue) => !named.some((key) => suggestField(key, fields) === issue.path[0]));
  const notes = [
    ...notesOf(
      unknown,
      MAX_NAMED_UNKNOWN_KEYS,
      (key) => unknownKeyNote(key, fields),
      (count) => (count === 1 ? '1 more key is not a field' : `${count} more keys are not fields`),
    ),
    ...notesOf(
      issues,
      MAX_NAMED_VALUE_PROBLEMS,
      (issue) => issueNote(issue, raw),
      (count) => (count === 1 ? '1 more value is invalid' : `${count} more values are invalid`),
    ),
  ];
  if (notes.length > 0 || !parsed.success) return invalid(notes);
  return { success: true, data: parsed.data };
}
