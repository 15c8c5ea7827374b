/** Backtests: run, read (statistics first), list, charts, orders, insights, report, rename, delete. */
import * as z from 'zod';
import { defineTool, type RunContext, type ToolDefinition, type ToolOutput } from './define';
import { MAX_RECORDS_PER_CALL } from './api-limits';
import { RECORD_PAGE, backtestId, chartRange, compileId, end, offset, projectId, start } from './fields';
import { readCodeParameters, unreadParameters } from './code-parameters';
import { definedOnly, list, record, text } from './shape/compact';
import { isBacktestFinished, summariseBacktest } from './shape/backtest';
import { chartRequest, isChartLoading, shapeChart } from './shape/chart';
import { confirm } from './shape/envelope';
import { pageOf, recordPage, windowOf } from './shape/page';
import { htmlToText, textWindow } from './shape/text';
import { STATISTICS_UNIT, fromFractions } from './shape/statistics';
import { summariseInsight, summariseOrder } from './shape/trading';
import type { QuantConnectResponse } from '../quantconnect/types';
import { callAndWait, type CallOutcome } from './wait';

/** Short backtests finish within this; longer ones are polled with read_backtest. */
const BACKTEST_WAIT_MS = 20_000;
/** Charts and reports are built on demand, usually in seconds. */
const GENERATION_WAIT_MS = 10_000;
const LIST_PAGE = 50;

const isDone = (response: QuantConnectResponse) => isBacktestFinished(record(response.backtest));

/** list_backtests' statistics, which QuantConnect sends as fractions, by the keys read_backtest uses. */
const LISTED_STATISTICS = {
  sharpeRatio: 'sharpeRatio',
  sortinoRatio: 'sortinoRatio',
  psr: 'probabilisticSharpeRatio',
  compoundingAnnualReturn: 'compoundingAnnualReturn',
  drawdown: 'drawdown',
  netProfit: 'netProfit',
  winRate: 'winRate',
  lossRate: 'lossRate',
  alpha: 'alpha',
  beta: 'beta',
  treynorRatio: 'treynorRatio',
  trades: 'totalOrders',
} as const;

/** A row of list_backtests: its own fields, with the statistics gathered under the one convention. */
function listedBacktest(item: unknown): Record<string, unknown> {
  const backtest = record(item);
  const rest = Object.fromEntries(Object.entries(backtest).filter(([key]) => !(key in LISTED_STATISTICS)));
  return definedOnly({ ...rest, statistics: fromFractions(backtest, LISTED_STATISTICS) });
}

function nextStep(backtest: Record<string, unknown>, done: boolean): string {
  if (!done) return 'Still running: call read_backtest with projectId and backtestId to follow it.';
  if (backtest.error || backtest.hasInitializeError || text(backtest.status).includes('Error')) {
    return 'The backtest stopped with an error: fix the code, create_compile, then create_backtest again.';
  }
  return 'Done. More: read_backtest_chart (charts listed), read_backtest_orders, read_backtest_insights, read_backtest_report.';
}

/**
 * One page of a backtest's orders or insights. They are only there once it completes: an empty
 * first page of one still running says so, rather than "No orders." (which reads as "never traded").
 */
async function backtestRecords(
  args: { projectId: number; backtestId: string; start: number; end?: number },
  context: RunContext,
  key: 'orders' | 'insights',
  summarise: (item: unknown) => Record<string, unknown>,
): Promise<ToolOutput> {
  const { client, signal, deadline } = context;
  const ids = { projectId: args.projectId, backtestId: args.backtestId };
  const window = windowOf(args.start, args.end, RECORD_PAGE, MAX_RECORDS_PER_CALL);
  const response = await client.post(context.endpoint, { ...ids, ...window }, { idempotent: true, signal, deadline });
  if (args.start > 0 || list(response[key]).length > 0) return recordPage(response, key, args.start, summarise);
  const backtest = record((await client.post('/backtests/read', ids, { idempotent: true, signal, deadline })).backtest);
  if (isBacktestFinished(backtest)) return recordPage(response, key, args.start, summarise);
  return (
    `The backtest is still running (${text(backtest.status) || 'not finished'}): its ${key} come when it completes. ` +
    `Call read_backtest with projectId and backtestId until it is done, then read_backtest_${key} again.`
  );
}

function backtestReport(outcome: CallOutcome): Record<string, unknown> {
  const backtest = record(outcome.state.backtest);
  // The summary leads (status, error, statistics); what to do next follows it.
  return definedOnly({
    ...summariseBacktest(backtest),
    next: nextStep(backtest, outcome.done),
    pollError: outcome.pollError,
  });
}

export const BACKTEST_TOOLS: readonly ToolDefinition[] = [
  defineTool({
    name: 'create_backtest',
    title: 'Create backtest',
    description:
      'Backtest a compiled project; waits briefly, then returns the backtestId with the statistics or progress so far.',
    effect: 'create',
    endpoint: '/backtests/create',
    input: () => ({
      projectId: projectId(),
      compileId: compileId(),
      backtestName: z.string().describe('A name for this backtest'),
      parameters: z
        .record(z.string(), z.union([z.string(), z.number()]))
        .optional()
        .describe('Algorithm parameter values by name'),
    }),
    run: async (args, context) => {
      const given = Object.keys(args.parameters ?? {});
      const warning =
        given.length === 0 ? undefined : unreadParameters(given, await readCodeParameters(args.projectId, context));
      const report = backtestReport(
        await callAndWait(context, {
          endpoint: context.endpoint,
          body: definedOnly(args),
          idempotent: false,
          pollEndpoint: '/backtests/read',
          pollBody: (created) => ({ projectId: args.projectId, backtestId: record(created.backtest).backtestId }),
          isDone,
          maxWaitMs: BACKTEST_WAIT_MS,
        }),
      );
      return definedOnly({ warning, ...report });
    },
  }),
  defineTool({
    name: 'read_backtest',
    title: 'Read backtest',
    description: `A backtest's status, error and statistics; waits briefly while it runs. ${STATISTICS_UNIT}`,
    effect: 'read',
    endpoint: '/backtests/read',
    input: () => ({ projectId: projectId(), backtestId: backtestId() }),
    run: async (args, context) =>
      backtestReport(
        await callAndWait(context, {
          endpoint: context.endpoint,
          body: args,
          idempotent: true,
          isDone,
          maxWaitMs: BACKTEST_WAIT_MS,
        }),
      ),
  }),
  defineTool({
    name: 'list_backtests',
    title: 'List backtests',
    description:
      "A project's backtests (id, name, status, created), optionally with statistics as read_backtest's, a page at a time.",
    effect: 'read',
    endpoint: '/backtests/list',
    input: () => ({
      projectId: projectId(),
      includeStatistics: z.boolean().default(false).describe('Add Sharpe, CAGR, drawdown, net profit...'),
      start: start(),
      end: end(LIST_PAGE),
    }),
    body: (args) => ({ projectId: args.projectId, includeStatistics: args.includeStatistics }),
    shape: (response, args) => {
      const backtests = list(response.backtests).map(listedBacktest);
      const page = pageOf(backtests, windowOf(args.start, args.end, LIST_PAGE), 'backtests');
      return { note: page.note, backtests: page.items };
    },
  }),
  defineTool({
    name: 'read_backtest_chart',
    title: 'Read backtest chart',
    description:
      "One chart's series of a backtest (Strategy Equity by default), each sampled to count points; waits briefly while QuantConnect builds it.",
    effect: 'read',
    endpoint: '/backtests/chart/read',
    input: () => ({ projectId: projectId(), backtestId: backtestId(), ...chartRange('read_backtest') }),
    run: async (args, context) => {
      const outcome = await callAndWait(context, {
        endpoint: context.endpoint,
        body: { projectId: args.projectId, backtestId: args.backtestId, ...chartRequest(args) },
        idempotent: true,
        isDone: (response) => !isChartLoading(response),
        maxWaitMs: GENERATION_WAIT_MS,
      });
      return shapeChart(outcome.state, args, 'call read_backtest_chart again');
    },
  }),
  defineTool({
    name: 'read_backtest_orders',
    title: 'Read backtest orders',
    description: `A backtest's orders (symbol, type, status, quantity, price, time), ${RECORD_PAGE} by default, up to ${MAX_RECORDS_PER_CALL} a call.`,
    effect: 'read',
    endpoint: '/backtests/orders/read',
    input: () => ({
      projectId: projectId(),
      backtestId: backtestId(),
      start: start(),
      end: end(RECORD_PAGE, MAX_RECORDS_PER_CALL),
    }),
    run: (args, context) => backtestRecords(args, context, 'orders', summariseOrder),
  }),
  defineTool({
    name: 'read_backtest_insights',
    title: 'Read backtest insights',
    description: `A backtest's alpha insights (symbol, direction, period, confidence, score), ${RECORD_PAGE} by default, up to ${MAX_RECORDS_PER_CALL} a call.`,
    effect: 'read',
    endpoint: '/backtests/read/insights',
    input: () => ({
      projectId: projectId(),
      backtestId: backtestId(),
      start: start(),
      end: end(RECORD_PAGE, MAX_RECORDS_PER_CALL),
    }),
    run: (args, context) => backtestRecords(args, context, 'insights', summariseInsight),
  }),
  defineTool({
    name: 'read_backtest_report',
    title: 'Read backtest report',
    description: "The text of a backtest's full report (performance, risk, trades); its chart images are left out.",
    effect: 'read',
    endpoint: '/backtests/read/report',
    input: () => ({
      projectId: projectId(),
      backtestId: backtestId(),
      offset: offset(),
    }),
    run: async (args, context) => {
      const { state } = await callAndWait(context, {
        endpoint: context.endpoint,
        body: { projectId: args.projectId, backtestId: args.backtestId },
        idempotent: true,
        isDone: (response) => response.generating !== true,
        maxWaitMs: GENERATION_WAIT_MS,
      });
      if (state.generating === true) {
        return 'The report is still being generated: call read_backtest_report again in a minute.';
      }
      const window = textWindow(htmlToText(text(state.report)), args.offset);
      return definedOnly({ note: window.note, report: window.text });
    },
  }),
  defineTool({
    name: 'update_backtest',
    title: 'Update backtest',
    description: 'Rename a backtest or set its note.',
    effect: 'update',
    endpoint: '/backtests/update',
    input: () => ({
      projectId: projectId(),
      backtestId: backtestId(),
      name: z.string().optional().describe('New name'),
      note: z.string().optional().describe('New note'),
    }),
    shape: confirm((args) => `Backtest ${args.backtestId} updated.`),
  }),
  defineTool({
    name: 'delete_backtest',
    title: 'Delete backtest',
    description: 'Delete a backtest and its results, for good.',
    effect: 'delete',
    endpoint: '/backtests/delete',
    input: () => ({ projectId: projectId(), backtestId: backtestId() }),
    shape: confirm((args) => `Backtest ${args.backtestId} deleted.`),
  }),
];
