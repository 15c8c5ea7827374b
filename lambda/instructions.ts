/**
 * What the server tells an agent about itself at `initialize`, for its access tier: the flow it
 * can follow with the tools it is shown, and what the tier leaves out. Plain data, joined once per
 * tier by the registrar; a test checks that each tier's text names only tools that tier lists.
 */
import type { Access } from './tools/define';

const RESEARCH_FLOW = [
  'Tools for the QuantConnect platform (API v2). Research and backtesting follow this flow:',
  '1. Project: create_project, or list_projects / read_project to find one (note its projectId).',
  '2. Files: a new project comes with a template main.py (or Main.cs): overwrite it with update_file_contents;',
  '   create_file adds other files, read_file checks them.',
  '3. Compile: create_compile returns a compileId; read_compile until its state is BuildSuccess (fix errors otherwise).',
  '4. Backtest: create_backtest with the projectId and compileId returns a backtestId.',
  '5. Results: read_backtest until it is completed, then read its statistics; charts, orders and insights have their own tools.',
  'Compiles, backtests and optimizations run on QuantConnect and take time: when a tool says the work is still running,',
  'poll it with the matching read_ tool after a short wait instead of creating it again.',
];

const READING_FLOW = [
  'Tools for the QuantConnect platform (API v2), to read what is there: nothing can be created, changed or deleted.',
  '1. Find work: list_projects, read_project (note its projectId), read_file for its code, read_compile for a build.',
  '2. Backtests: list_backtests, then read_backtest for its statistics; charts, orders and insights have their own tools.',
  '3. Optimizations and live algorithms: list_optimizations, read_optimization, list_live_algorithms, read_live_algorithm.',
  'When a tool says the work is still running, read it again after a short wait.',
];

/** What each tier leaves out, said so that an agent does not look for tools it cannot see. */
const TIER = {
  'read-only': 'tools that create, change, delete or trade are not listed.',
  standard: 'the live-trading tools that move money (deploy, stop, liquidate, live commands) are not listed.',
  'live-trading':
    'every tool is listed. Live-trading tools place or cancel real orders at once: confirm with the user before each call.',
} as const satisfies Record<Access, string>;

export function instructionsFor(access: Access): string {
  return [
    ...(access === 'read-only' ? READING_FLOW : RESEARCH_FLOW),
    `Access tier: ${access} (the operator's QC_MCP_ACCESS setting, also shown by read_account): ${TIER[access]}`,
    'A tool outside the tier answers with an error that names the tier it needs.',
  ].join('\n');
}
