/** The whole catalogue, one table per QuantConnect API area. */
import type { ToolDefinition } from './define';
import { ACCOUNT_TOOLS } from './account';
import { AI_TOOLS } from './ai';
import { BACKTEST_TOOLS } from './backtests';
import { COLLABORATION_TOOLS } from './collaboration';
import { COMPILE_TOOLS } from './compile';
import { FILE_TOOLS } from './files';
import { LEAN_TOOLS } from './lean';
import { LIVE_COMMAND_TOOLS } from './live-commands';
import { LIVE_TOOLS } from './live';
import { NODE_TOOLS } from './nodes';
import { OBJECT_STORE_TOOLS } from './object-store';
import { OPTIMIZATION_TOOLS } from './optimizations';
import { PROJECT_TOOLS } from './projects';

export const TOOLS: readonly ToolDefinition[] = [
  ...ACCOUNT_TOOLS,
  ...PROJECT_TOOLS,
  ...COLLABORATION_TOOLS,
  ...NODE_TOOLS,
  ...FILE_TOOLS,
  ...COMPILE_TOOLS,
  ...BACKTEST_TOOLS,
  ...OPTIMIZATION_TOOLS,
  ...LIVE_TOOLS,
  ...LIVE_COMMAND_TOOLS,
  ...OBJECT_STORE_TOOLS,
  ...LEAN_TOOLS,
  ...AI_TOOLS,
];
