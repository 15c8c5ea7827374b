/** The whole catalogue, one table per QuantConnect API area. */
import type { ToolDefinition } from './define';

export const TOOLS: readonly ToolDefinition[] = [];
