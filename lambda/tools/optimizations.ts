/** Parameter optimizations: estimate, create, read (backtests ranked), list, rename, abort, delete. */
import * as z from 'zod';
import { defineTool, type ToolDefinition } from './define';
import { compileId, end, optimizationId, projectId, start } from './fields';
import { definedOnly, list, record } from './shape/compact';
import { confirm, withoutEnvelope } from './shape/envelope';
import { optimizationListItem, summariseOptimization } from './shape/optimization';
import { windowOf } from './shape/page';

const BACKTEST_PAGE = 50;
const STATISTICS_PREFIX = 'TotalPerformance.PortfolioStatistics.';
/** The only strategy the API offers. */
const GRID_SEARCH = 'QuantConnect.Optimizer.Strategies.GridSearchOptimizationStrategy';

/** Short statistic names (the API's paths all share one prefix), expanded for the API. */
const statistic = (description: string) =>
  z
    .enum(['SharpeRatio', 'CompoundingAnnualReturn', 'ProbabilisticSharpeRatio', 'Drawdown'])
    .transform((name) => `${STATISTICS_PREFIX}${name}`)
    .describe(description);

/** What estimate_optimization_time and create_optimization both take. */
const optimizationSpec = {
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
};

const withStrategy = <Args extends object>(args: Args) => definedOnly({ ...args, strategy: GRID_SEARCH });

export const OPTIMIZATION_TOOLS: readonly ToolDefinition[] = [
  defineTool({
    name: 'estimate_optimization_time',
    title: 'Estimate optimization time',
    description: 'How long a grid-search optimization would run, and your QCC balance, before paying for it.',
    effect: 'read',
    endpoint: '/optimizations/estimate',
    input: { ...optimizationSpec, compileId: compileId().optional() },
    body: withStrategy,
    shape: (response) => record(response.estimate),
  }),
  defineTool({
    name: 'create_optimization',
    title: 'Create optimization',
    description: 'Start a grid-search optimization of a compiled project; costs QCC. Follow it with read_optimization.',
    effect: 'create',
    endpoint: '/optimizations/create',
    input: {
      ...optimizationSpec,
      compileId: compileId(),
      estimatedCost: z.number().min(0).describe('Expected cost in QCC'),
      nodeType: z.enum(['O2-8', 'O4-12', 'O8-16']).describe('Node: cores-RAM(GB)'),
      parallelNodes: z.number().int().min(1).describe('Nodes running at once'),
    },
    body: withStrategy,
    shape: (response) => optimizationListItem(list(response.optimizations)[0]),
  }),
  defineTool({
    name: 'read_optimization',
    title: 'Read optimization',
    description:
      "An optimization's status, progress and its backtests ranked by the target (parameters and key stats).",
    effect: 'read',
    endpoint: '/optimizations/read',
    input: { optimizationId: optimizationId(), start: start(), end: end(BACKTEST_PAGE) },
    body: (args) => ({ optimizationId: args.optimizationId }),
    shape: (response, args) =>
      summariseOptimization(record(response.optimization), windowOf(args.start, args.end, BACKTEST_PAGE)),
  }),
  defineTool({
    name: 'list_optimizations',
    title: 'List optimizations',
    description: "A project's optimizations (id, name, status, best Sharpe).",
    effect: 'read',
    endpoint: '/optimizations/list',
    input: { projectId: projectId() },
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
    input: { optimizationId: optimizationId(), name: z.string().describe('New name') },
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
    input: { optimizationId: optimizationId() },
    shape: confirm((args) => `Optimization ${args.optimizationId} aborted.`),
  }),
  defineTool({
    name: 'delete_optimization',
    title: 'Delete optimization',
    description: 'Delete an optimization and its results, for good.',
    effect: 'delete',
    endpoint: '/optimizations/delete',
    input: { optimizationId: optimizationId() },
    shape: confirm((args) => `Optimization ${args.optimizationId} deleted.`),
  }),
];
