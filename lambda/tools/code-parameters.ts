/**
 * The parameters a project's code reads (`get_parameter("fast")` in Python, `GetParameter("fast")`
 * in C#). QuantConnect's project `parameters` only lists values set in its web IDE, so an agent
 * that reads `[]` there, or passes a name the code never reads to create_backtest, learns nothing
 * from QuantConnect itself.
 */
import { CODE_SOURCE_ID } from './fields';
import type { ToolContext } from './define';
import { list, record, text } from './shape/compact';
import { clip } from './shape/text';

const READ_PARAMETER = /\b(?:get_parameter|GetParameter)\(\s*["']([^"'\n]{1,200})["']/g;
/** A name is the user's text: quoted bounded, and a listing kept short. */
const MAX_NAME_CHARS = 100;
const MAX_NAMES = 50;

export function parametersInCode(files: readonly unknown[]): string[] {
  const names = new Set<string>();
  for (const file of files) {
    for (const match of text(record(file).content).matchAll(READ_PARAMETER)) names.add(clip(match[1], MAX_NAME_CHARS));
  }
  return [...names].slice(0, MAX_NAMES);
}

/** Reads the project's files and the parameter names its code reads. */
export async function readCodeParameters(projectId: number, context: ToolContext): Promise<string[]> {
  const { client, signal, deadline } = context;
  const response = await client.post(
    '/files/read',
    { projectId, codeSourceId: CODE_SOURCE_ID },
    { idempotent: true, signal, deadline },
  );
  return parametersInCode(list(response.files));
}

/** The warning create_backtest gives for parameters the code does not read, if any. */
export function unreadParameters(given: readonly string[], read: readonly string[]): string | undefined {
  const unread = given.filter((name) => !read.includes(name));
  if (unread.length === 0) return undefined;
  const names = unread.map((name) => `"${clip(name, MAX_NAME_CHARS)}"`).join(', ');
  const known = read.length === 0 ? 'none' : read.join(', ');
  return `The code does not read ${names} with get_parameter, so it has no effect (parameters the code reads: ${known}).`;
}
