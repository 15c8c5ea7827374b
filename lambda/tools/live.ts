/**
 * Live trading: brokerage authorisation, deployment, monitoring (status, charts, logs, portfolio,
 * orders, insights), stop and liquidate. The tools that move money have the `trade` effect.
 */
import * as z from 'zod';
import { defineTool, type ToolDefinition } from './define';
import { MAX_LIVE_ORDERS_PER_CALL, MAX_LOG_LINES_PER_CALL, MAX_RECORDS_PER_CALL } from './api-limits';
import { RECORD_PAGE, chartRange, compileId, end, projectId, start, stringId } from './fields';
import type { QuantConnectResponse } from '../quantconnect/types';
import { chartRequest, isChartLoading, shapeChart } from './shape/chart';
import { definedOnly, list, record } from './shape/compact';
import { confirm, withoutEnvelope } from './shape/envelope';
import { fitting, pageNote, pageOf, recordPage, windowOf } from './shape/page';
import { clip } from './shape/text';
import { summariseInsight, summariseOrder, summarisePortfolio } from './shape/trading';
import { callAndWait } from './wait';

/** Live charts and order snapshots are prepared on demand. */
const GENERATION_WAIT_MS = 10_000;
const LIST_PAGE = 50;
const LOG_PAGE = MAX_LOG_LINES_PER_CALL;

const brokerage = () =>
  z.enum(['alpaca', 'tradestation', 'charlesschwab', 'tastytrade']).describe('Brokerage to connect');

const isReady = (response: QuantConnectResponse) => response.status !== 'loading';

/** A deployment without its source files (names kept) and with chart names only. */
function liveAlgorithmDetails(response: Record<string, unknown>): Record<string, unknown> {
  const details = withoutEnvelope(response);
  const files = list(details.files).map((file) => record(file).name);
  const charts = Object.keys(record(details.charts));
  return definedOnly({
    ...details,
    files: files.length > 0 ? files : undefined,
    charts: charts.length > 0 ? charts : undefined,
  });
}

export const LIVE_TOOLS: readonly ToolDefinition[] = [
  defineTool({
    name: 'authorize_connection',
    title: 'Authorize brokerage connection',
    description:
      'Start OAuth for a brokerage: returns a URL the user must open and approve; then call read_connection_authorization.',
    effect: 'create',
    endpoint: '/live/auth0/authorize',
    input: () => ({ brokerage: brokerage() }),
    run: async (args, { client, signal, deadline, endpoint, access }) => {
      const url = await client.postForRedirect(endpoint, args, { idempotent: false, signal, deadline });
      const deploy =
        access === 'live-trading'
          ? "its answer goes into create_live_algorithm's brokerage settings."
          : `deploying with it needs the live-trading access tier, and yours is ${access}.`;
      return (
        `Ask the user to open this address in their browser and approve access to ${args.brokerage}:\n${url}\n` +
        `Once they have, call read_connection_authorization with brokerage "${args.brokerage}"; ${deploy}`
      );
    },
  }),
  defineTool({
    name: 'read_connection_authorization',
    title: 'Read brokerage authorization',
    description: "The authorization a user granted a brokerage (OAuth), for a live deployment's brokerage settings.",
    effect: 'read',
    endpoint: '/live/auth0/read',
    input: () => ({ brokerage: brokerage() }),
  }),
  defineTool({
    name: 'create_live_algorithm',
    title: 'Deploy live algorithm',
    description:
      'Deploy a compiled project to a live node (read_project_nodes). Real orders start at once with the brokerage given: confirm with the user first.',
    effect: 'trade',
    endpoint: '/live/create',
    input: () => ({
      projectId: projectId(),
      compileId: compileId(),
      nodeId: z.string().describe('Live node id from read_project_nodes'),
      brokerage: z
        .looseObject({ id: z.string() })
        .describe("{id, ...its settings}; {id:'QuantConnectBrokerage'} is paper trading"),
      dataProviders: z
        .record(z.string(), z.looseObject({ id: z.string() }))
        .optional()
        .describe('By provider id, in order of precedence (default QuantConnect data)'),
      versionId: stringId().default('-1').describe('LEAN version id (read_lean_versions); -1 is the latest'),
    }),
    shape: (response) => {
      const { live, ...deployed } = withoutEnvelope(response);
      return {
        ...definedOnly(deployed),
        live: liveAlgorithmDetails(record(live)),
        next:
          'Trading now. Follow it with read_live_algorithm, read_live_orders and read_live_logs; ' +
          'stop_live_algorithm stops it (positions stay open), liquidate_live_algorithm closes them first.',
      };
    },
  }),
  defineTool({
    name: 'read_live_algorithm',
    title: 'Read live algorithm',
    description: "A project's live deployment: status, deployId, brokerage, runtime statistics, errors.",
    effect: 'read',
    endpoint: '/live/read',
    input: () => ({ projectId: projectId() }),
    shape: liveAlgorithmDetails,
  }),
  defineTool({
    name: 'list_live_algorithms',
    title: 'List live algorithms',
    description: 'Your live deployments, current and past, optionally of one project or status, a page at a time.',
    effect: 'read',
    endpoint: '/live/list',
    input: () => ({
      projectId: projectId().optional(),
      status: z.enum(['Running', 'Stopped', 'RuntimeError', 'Liquidated']).optional().describe('Only this status'),
      start: start(),
      end: end(LIST_PAGE),
    }),
    body: (args) => definedOnly({ projectId: args.projectId, status: args.status }),
    shape: (response, args) => {
      const page = pageOf(
        list(response.live).map((item) => definedOnly(record(item))),
        windowOf(args.start, args.end, LIST_PAGE),
        'deployments',
      );
      return { note: page.note, live: page.items };
    },
  }),
  defineTool({
    name: 'read_live_chart',
    title: 'Read live chart',
    description:
      "One chart's series of a project's live algorithm (Strategy Equity by default), each sampled to count points.",
    effect: 'read',
    endpoint: '/live/chart/read',
    input: () => ({ projectId: projectId(), ...chartRange('read_live_algorithm') }),
    run: async (args, context) => {
      const outcome = await callAndWait(context, {
        endpoint: context.endpoint,
        body: { projectId: args.projectId, ...chartRequest(args) },
        idempotent: true,
        isDone: (response) => !isChartLoading(response),
        maxWaitMs: GENERATION_WAIT_MS,
      });
      return shapeChart(outcome.state, args, 'call read_live_chart again');
    },
  }),
  defineTool({
    name: 'read_live_logs',
    title: 'Read live logs',
    description: "A live deployment's log lines, up to 250 a call; the snapshot refreshes about every 5 minutes.",
    effect: 'read',
    endpoint: '/live/logs/read',
    input: () => ({
      projectId: projectId(),
      algorithmId: z.string().describe('deployId from read_live_algorithm'),
      startLine: z.number().int().min(0).default(0).describe('First line (0-based)'),
      endLine: z.number().int().min(1).optional().describe(`End line, exclusive (default startLine+${LOG_PAGE})`),
    }),
    body: (args) => {
      const window = windowOf(args.startLine, args.endLine, LOG_PAGE);
      return {
        projectId: args.projectId,
        algorithmId: args.algorithmId,
        startLine: window.start,
        endLine: window.end,
        format: 'json',
      };
    },
    shape: (response, args) => {
      const window = windowOf(args.startLine, args.endLine, LOG_PAGE);
      const received = list(response.logs).map((line) =>
        clip(typeof line === 'string' ? line : JSON.stringify(line), 2_000),
      );
      const logs = fitting(received);
      const note = pageNote({
        noun: 'log lines',
        start: window.start,
        count: logs.length,
        more: logs.length < received.length || received.length >= window.end - window.start,
        nextArgument: 'startLine',
      });
      return definedOnly({ note, length: response.length, deploymentOffset: response.deploymentOffset, logs });
    },
  }),
  defineTool({
    name: 'read_live_portfolio',
    title: 'Read live portfolio',
    description: "A live algorithm's holdings and cash; the snapshot refreshes about every 10 minutes.",
    effect: 'read',
    endpoint: '/live/portfolio/read',
    input: () => ({ projectId: projectId() }),
    shape: (response) => ({ portfolio: summarisePortfolio(record(response.portfolio)) }),
  }),
  defineTool({
    name: 'read_live_orders',
    title: 'Read live orders',
    description: `A live algorithm's orders (symbol, type, status, quantity, price, time), ${RECORD_PAGE} by default, up to ${MAX_LIVE_ORDERS_PER_CALL} a call.`,
    effect: 'read',
    endpoint: '/live/orders/read',
    input: () => ({ projectId: projectId(), start: start(), end: end(RECORD_PAGE, MAX_LIVE_ORDERS_PER_CALL) }),
    run: async (args, context) => {
      const window = windowOf(args.start, args.end, RECORD_PAGE, MAX_LIVE_ORDERS_PER_CALL);
      const { state } = await callAndWait(context, {
        endpoint: context.endpoint,
        body: { projectId: args.projectId, ...window },
        idempotent: true,
        isDone: isReady,
        maxWaitMs: GENERATION_WAIT_MS,
      });
      if (!isReady(state)) return 'The orders are still being prepared: call read_live_orders again in a few seconds.';
      return recordPage(state, 'orders', window.start, summariseOrder);
    },
  }),
  defineTool({
    name: 'read_live_insights',
    title: 'Read live insights',
    description: `A live algorithm's alpha insights, ${RECORD_PAGE} by default, up to ${MAX_RECORDS_PER_CALL} a call.`,
    effect: 'read',
    endpoint: '/live/insights/read',
    input: () => ({ projectId: projectId(), start: start(), end: end(RECORD_PAGE, MAX_RECORDS_PER_CALL) }),
    body: (args) => ({
      projectId: args.projectId,
      ...windowOf(args.start, args.end, RECORD_PAGE, MAX_RECORDS_PER_CALL),
    }),
    shape: (response, args) => recordPage(response, 'insights', args.start, summariseInsight),
  }),
  defineTool({
    name: 'stop_live_algorithm',
    title: 'Stop live algorithm',
    description:
      "Stop a project's live algorithm at once; its positions stay open at the brokerage. Confirm with the user first.",
    effect: 'trade',
    endpoint: '/live/update/stop',
    input: () => ({ projectId: projectId() }),
    shape: confirm((args) => `Live algorithm of project ${args.projectId} stopped; positions left open.`),
  }),
  defineTool({
    name: 'liquidate_live_algorithm',
    title: 'Liquidate live algorithm',
    description:
      "Sell every position of a project's live algorithm at market now, then stop it. Confirm with the user first.",
    effect: 'trade',
    endpoint: '/live/update/liquidate',
    input: () => ({ projectId: projectId() }),
    shape: confirm((args) => `Live algorithm of project ${args.projectId} liquidated and stopped.`),
  }),
];
