/**
 * The QuantConnect OpenAPI spec lives outside the repository (its licence forbids copying it in):
 * tests read it from the file QC_MCP_OPENAPI_SPEC names (CI's download) or from ../shared, and skip,
 * saying why, when it is in neither. The table of the official server's tools is ours, in ../shared.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { findSpecPath } from '../../../lambda/sandbox/simulator/spec';

export const SPEC_DIR = path.join(__dirname, '..', '..', '..', '..', 'shared', 'quantconnect-api');
const SPEC_FILE = findSpecPath() ?? path.join(SPEC_DIR, 'QuantConnect-Platform-2.0.0.yaml');
const TOOLS_FILE = path.join(SPEC_DIR, 'TOOLS.md');

export const specAvailable = fs.existsSync(SPEC_FILE);
export const toolsTableAvailable = fs.existsSync(TOOLS_FILE);

export function skipReason(): string {
  return `QuantConnect spec not found at ${SPEC_FILE} (set QC_MCP_OPENAPI_SPEC or put it in ${SPEC_DIR}): spec checks skipped`;
}

export function toolsTableSkipReason(): string {
  return `${TOOLS_FILE} not found: the check of the official tool names is skipped`;
}

interface OpenApi {
  paths: Record<string, unknown>;
}

let paths: string[] | undefined;

export function specPaths(): string[] {
  paths ??= Object.keys((parse(fs.readFileSync(SPEC_FILE, 'utf8')) as OpenApi).paths);
  return paths;
}

/** The official server's tool names and the first endpoint each calls, from TOOLS.md's table. */
export function officialTools(): { name: string; endpoint: string }[] {
  const rows = fs.readFileSync(TOOLS_FILE, 'utf8').split('\n');
  return rows.flatMap((row) => {
    const match = /^\|\s*`([a-z_0-9]+)`\s*\|\s*`([^`]+)`/.exec(row);
    return match ? [{ name: match[1], endpoint: match[2] }] : [];
  });
}
