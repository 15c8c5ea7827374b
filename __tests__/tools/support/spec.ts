/**
 * The QuantConnect OpenAPI spec lives outside the repository (its licence forbids copying it in):
 * tests read it from ../shared when it is there and skip, saying why, when it is not.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export const SPEC_DIR = path.join(__dirname, '..', '..', '..', '..', 'shared', 'quantconnect-api');
const SPEC_FILE = path.join(SPEC_DIR, 'QuantConnect-Platform-2.0.0.yaml');
const TOOLS_FILE = path.join(SPEC_DIR, 'TOOLS.md');

export const specAvailable = fs.existsSync(SPEC_FILE) && fs.existsSync(TOOLS_FILE);

export function skipReason(): string {
  return `QuantConnect spec not found at ${SPEC_DIR}: spec checks skipped`;
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
