/**
 * A failed tool call as the agent reads it: named by the tool it called rather than the REST
 * path behind it (`/projects/nodes/read` means nothing to an agent), and a "not found" answer
 * followed by the tools that list the ids this tool takes.
 */
import { QuantConnectError } from '../quantconnect/errors';
import type { ToolDefinition } from './define';

/** Where an agent finds a valid value of each id field. */
const ID_SOURCES: Record<string, string> = {
  projectId: 'list_projects',
  backtestId: 'list_backtests',
  compileId: 'create_compile',
  optimizationId: 'list_optimizations',
  organizationId: 'read_account',
  nodeId: 'read_project_nodes',
  algorithmId: 'read_live_algorithm',
  key: 'list_object_store_files',
};

/** `name` is a file's name only on the file tools (elsewhere a project's, a chart's, a backtest's). */
const FILE_NAME_SOURCE = 'read_file with only projectId lists them';

const NOT_FOUND = /not found|does not exist|doesn't exist|no such/i;

function notFoundHint(definition: ToolDefinition): string {
  const sourceOf = (field: string) =>
    field === 'name' && definition.endpoint.startsWith('/files/') ? FILE_NAME_SOURCE : ID_SOURCES[field];
  const sources = Object.keys(definition.input)
    .filter((field) => sourceOf(field) !== undefined)
    .map((field) => `${field}: ${sourceOf(field)}`);
  return sources.length === 0 ? '' : ` Check the ids (${sources.join('; ')}).`;
}

export function toolErrorMessage(definition: ToolDefinition, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const paths = [definition.endpoint, ...(error instanceof QuantConnectError ? [error.endpoint] : [])];
  const named = paths.reduce((text, path) => text.split(path).join(definition.name), message);
  return NOT_FOUND.test(message) ? `${named}${notFoundHint(definition)}` : named;
}
