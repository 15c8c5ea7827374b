/**
 * Input fields that many tools share, named as the API names them. Ids are lenient the way
 * QuantConnect is: a numeric id sent as a string (or a string id sent as a number) is accepted.
 */
import * as z from 'zod';

/** Sent as `codeSourceId` on file and lock requests, so QuantConnect can show who edited. */
export const CODE_SOURCE_ID = 'quantconnect-mcp-aws';

const numberFromString = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

/** An integer id; agents sometimes quote numbers. */
export const integerId = () =>
  z.preprocess(
    numberFromString,
    z.number({ error: 'expected an integer id' }).int({ error: 'expected an integer id' }),
  );

const stringFromNumber = (value: unknown) => (typeof value === 'number' ? String(value) : value);

/**
 * A string id; some (user ids, LEAN versions) are numbers in QuantConnect's own answers, so a
 * number is taken too. Its schema says string only: some model providers refuse `type` unions.
 */
export const stringId = () => z.preprocess(stringFromNumber, z.string({ error: 'expected a string id' }));

export const projectId = (description = 'Project id (from create_project or list_projects)') =>
  integerId().describe(description);

export const backtestId = () => z.string().describe('Backtest id (from create_backtest or list_backtests)');
export const compileId = () => z.string().describe('Compile id (from create_compile)');
export const optimizationId = () =>
  z.string().describe('Optimization id (from create_optimization or list_optimizations)');
export const organizationId = () => z.string().describe('Organization id (from read_account)');
export const language = () => z.enum(['Py', 'C#']).describe('Py or C#');

/** Source files sent to the AI helpers. */
export const codeFiles = () =>
  z.array(z.object({ name: z.string(), content: z.string() })).describe('Files: [{name, content}]');

/** Character position in a long text (a file, a report), for texts longer than one answer. */
export const offset = () =>
  z.number().int().min(0).default(0).describe('First character to read (for texts over 60 000 characters)');

/**
 * Orders and insights an agent reads by default: enough to see what the algorithm did, small
 * enough that a research session stays lean; the page note says how many there are in all.
 */
export const RECORD_PAGE = 10;

/** Index of the first item of a page. */
export const start = () => z.number().int().min(0).default(0).describe('First index (0-based)');

/**
 * Exclusive index of the last item of a page; the default is a page of `pageSize` items, and a
 * window is cut to `maxSpan` items (QuantConnect's limit per call) when one is given.
 */
export const end = (pageSize: number, maxSpan?: number) =>
  z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(
      `End index, exclusive (default start+${pageSize}${maxSpan === undefined ? '' : `, at most start+${maxSpan}`})`,
    );

const unixTime = (description: string) => z.number().int().min(0).optional().describe(description);

/** What both chart tools ask for: which chart (named by `lister`), how many points, which time range. */
export const chartRange = (lister: string) => ({
  name: z.string().default('Strategy Equity').describe(`Chart name (default Strategy Equity; ${lister} lists them)`),
  count: z.number().int().min(1).max(1_000).default(100).describe('Points per series (default 100)'),
  ohlc: z.boolean().default(false).describe('Candles as [time, open, high, low, close] (default [time, close])'),
  start: unixTime('Range start, Unix seconds (default 0)'),
  end: unixTime('Range end, Unix seconds (default now)'),
});
