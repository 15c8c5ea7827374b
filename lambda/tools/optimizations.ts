/** Parameter optimizations: estimate, create, read (backtests ranked), list, rename, abort, delete. */
import * as z from 'zod';
import type { QuantConnectResponse } from '../quantconnect/types';
import { defineTool, type ToolDefinition } from './define';
import { compileId, end, optimizationId, projectId, start } from './fields';
import { definedOnly, list, record } from './shape/compact';
import { confirm, withoutEnvelope } from './shape/envelope';
import { STATISTICS_PREFIX, optimizationListItem, summariseOptimization } from './shape/optimization';
import { windowOf } from './shape/page';

const BACKTEST_PAGE = 50;
/** The only strategy the API offers. */
const GRID_SEARCH = 'QuantConnect.Optimizer.Strategies.GridSearchOptimizationStrategy';
/** Nodes at once when the agent does not say: more finish sooner for about the same node time. */
const DEFAULT_PARALLEL_NODES = 4;
/** Optimization nodes (cores-RAM in GB) and what QuantConnect's docs say each suits. */
const NODE_TYPES = ['O2-8', 'O4-12', 'O8-16'] as const;
const DEFAULT_NODE_TYPE = 'O2-8';
const NODE_TYPE_USE = 'O2-8 for simple strategies under 100 assets, O4-12 under 500, O8-16 for machine learning';

const withoutPrefix = (value: unknown) =>
  typeof value === 'string' && value.startsWith(STATISTICS_PREFIX) ? value.slice(STATISTICS_PREFIX.length) : value;

/** A statistic by its short name or by the full path results echo, sent to the API in full. */
const statistic = (description: string) =>
  // The transform inside the preprocess: outside it, the JSON Schema would drop the field from `required`.
  z
    .preprocess(
      withoutPrefix,
      z
        .enum(['SharpeRatio', 'CompoundingAnnualReturn', 'ProbabilisticSharpeRatio', 'Drawdown'])
        .transform((name) => `${STATISTICS_PREFIX}${name}`),
    )
    .describe(`${description} (the ${STATISTICS_PREFIX} prefix is optional)`);

/** What estimate_optimization_time and create_optimization both take. */
const optimizationSpec = () => ({
  projectId: projectId(),
  name: z.string().describe('Optimization name'),
  target: statistic('Statistic to optimize'),
  targetTo: z.enum(['max', 'min']).describe('Maximize or minimize it'),
  targetValue: z.number().optional().describe('Stop when the target reaches this'),
  parameters: z
    .array(
      z.object({
        name: z.string(),
        min: z.number(),
        max: z.number(),
        step: z.number().positive(),
        minStep: z.number().positive().optional(),
      }),
    )
    .min(1)
    .describe('Parameters to vary (names as in the algorithm) with min, max, step'),
  constraints: z
    .array(
      z.object({
        target: statistic('Statistic'),
        operator: z.enum(['Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual', 'Equals', 'NotEqual']),
        targetValue: z.number(),
      }),
    )
    .optional()
    .describe('Backtests that fail these are discarded'),
});

const withStrategy = <Args extends object>(args: Args) => definedOnly({ ...args, strategy: GRID_SEARCH });

/** How many backtests a grid search runs: every combination of every parameter's steps. */
export function gridSize(parameters: readonly { min: number; max: number; step: number }[]): number {
  return parameters.reduce((size, p) => size * (Math.max(0, Math.floor((p.max - p.min) / p.step + 1e-9)) + 1), 1);
}

/**
 * The estimate without its `estimateId` (no endpoint takes it back), with the grid's size. The
 * API answers a time, not a price: the cost is the node time at the node type's hourly rate.
 */
function estimateReport(
  response: QuantConnectResponse,
  args: { compileId?: string; parameters: readonly { min: number; max: number; step: number }[] },
): Record<string, unknown> {
  const { estimateId: _estimateId, ...estimate } = record(response.estimate);
  const compile = args.compileId === undefined ? ' and the compileId from create_compile' : '';
  return {
    ...estimate,
    backtests: gridSize(args.parameters),
    cost: "not in QuantConnect's estimate: the job bills its node time at the nodeType's hourly QCC rate",
    next:
      `To run it, call create_optimization with the same arguments${compile}. ` +
      `Yours to choose there: nodeType (${DEFAULT_NODE_TYPE} by default; ${NODE_TYPE_USE}) and parallelNodes ` +
      `(default ${DEFAULT_PARALLEL_NODES}: more finish sooner). The optimization costs QCC from your balance.`,
  };
}

export const OPTIMIZATION_TOOLS: readonly ToolDefinition[] = [
  defineTool({
    name: 'estimate_optimization_time',
    title: 'Estimate optimization time',
    description:
      'How long a grid-search optimization would run (seconds), how many backtests, and your QCC balance, before paying for it.',
    effect: 'read',
    endpoint: '/optimizations/estimate',
    input: () => ({ ...optimizationSpec(), compileId: compileId().optional() }),
    body: withStrategy,
    shape: estimateReport,
  }),
  defineTool({
    name: 'create_optimization',
    title: 'Create optimization',
    description:
      'Start a grid-search optimization of a compiled project (same arguments as estimate_optimization_time, plus compileId); costs QCC. Follow it with read_optimization.',
    effect: 'create',
    endpoint: '/optimizations/create',
    input: () => ({
      ...optimizationSpec(),
      compileId: compileId(),
      nodeType: z.enum(NODE_TYPES).default(DEFAULT_NODE_TYPE).describe(`Node: cores-RAM(GB); ${NODE_TYPE_USE}`),
      parallelNodes: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe(`Nodes running at once (default ${DEFAULT_PARALLEL_NODES}, fewer when the grid is smaller)`),
      estimatedCost: z
        .number()
        .min(0)
        .default(0)
        .describe('QCC you expect to spend, recorded with the job (estimate_optimization_time gives time, not QCC)'),
    }),
    body: (args) =>
      withStrategy({
        ...args,
        parallelNodes: args.parallelNodes ?? Math.min(DEFAULT_PARALLEL_NODES, gridSize(args.parameters)),
      }),
    shape: (response) => {
      const created = optimizationListItem(list(response.optimizations)[0]);
      return {
        ...created,
        next: `Running: call read_optimization with optimizationId ${String(created.optimizationId)} in a minute; it ranks the backtests as they finish.`,
      };
    },
  }),
  defineTool({
    name: 'read_optimization',
    title: 'Read optimization',
    description:
      "An optimization's status, progress and its backtests ranked by the target (parameters and statistics as read_backtest's).",
    effect: 'read',
    endpoint: '/optimizations/read',
    input: () => ({ optimizationId: optimizationId(), start: start(), end: end(BACKTEST_PAGE) }),
    body: (args) => ({ optimizationId: args.optimizationId }),
    shape: (response, args) =>
      summariseOptimization(record(response.optimization), windowOf(args.start, args.end, BACKTEST_PAGE)),
  }),
  defineTool({
    name: 'list_optimizations',
    title: 'List optimizations',
    description: "A project's optimizations (id, name, status, the best backtest's statistics).",
    effect: 'read',
    endpoint: '/optimizations/list',
    input: () => ({ projectId: projectId() }),
    shape: (response) => ({
      ...withoutEnvelope(response),
      optimizations: list(response.optimizations).map(optimizationListItem),
    }),
  }),
  defineTool({
    name: 'update_optimization',
    title: 'Rename optimization',
    description: 'Rename an optimization.',
    effect: 'update',
    endpoint: '/optimizations/update',
    input: () => ({ optimizationId: optimizationId(), name: z.string().describe('New name') }),
    shape: confirm((args) => `Optimization ${args.optimizationId} renamed.`),
  }),
  defineTool({
    name: 'abort_optimization',
    title: 'Abort optimization',
    description: 'Stop a running optimization for good.',
    // It ends the job for good (destructive) and aborting twice leaves it aborted (idempotent):
    // an update, not a delete, since nothing is removed.
    effect: 'update',
    endpoint: '/optimizations/abort',
    input: () => ({ optimizationId: optimizationId() }),
    shape: confirm((args) => `Optimization ${args.optimizationId} aborted.`),
  }),
  defineTool({
    name: 'delete_optimization',
    title: 'Delete optimization',
    description: 'Delete an optimization and its results, for good.',
    effect: 'delete',
    endpoint: '/optimizations/delete',
    input: () => ({ optimizationId: optimizationId() }),
    shape: confirm((args) => `Optimization ${args.optimizationId} deleted.`),
  }),
];
