/**
 * /live/*: deployments of a compiled project on a live node, their results, commands, and the
 * brokerage authorisation (/live/auth0/authorize answers 302 with the sign-in URL).
 */
import { int, obj, optionalInt, optionalStr, pageBounds, Redirect, str, type Body, type Handler } from '../body';
import { NODES } from '../catalog';
import {
  chart,
  chartSummary,
  insights,
  requireChartName,
  orders,
  performance,
  runtimeStatistics,
  SYMBOL,
} from '../results';
import {
  FakeApiError,
  hexId,
  isDone,
  newId,
  nextNumber,
  qcDate,
  requireOrganization,
  requireProject,
  requireSuccessfulBuild,
  type LiveRecord,
  type LiveStatus,
  type World,
} from '../world';

export const LIVE_LOG_LINES = 300;
const LIVE_ORDERS = 8;
const LIVE_INSIGHTS = 12;
const BROKERAGES = ['alpaca', 'tradestation', 'charlesschwab', 'tastytrade'];

function latest(world: World, projectId: number): LiveRecord {
  requireProject(world, projectId);
  const deployments = world.live.get(projectId) ?? [];
  const deployment = deployments[deployments.length - 1];
  if (!deployment) throw new FakeApiError(`Project ${projectId} has no live algorithm.`);
  return deployment;
}

function running(world: World, projectId: number): LiveRecord {
  const deployment = latest(world, projectId);
  if (deployment.status !== 'Running')
    throw new FakeApiError(`The live algorithm of project ${projectId} is not running.`);
  return deployment;
}

function deploymentView(world: World, deployment: LiveRecord): Record<string, unknown> {
  const project = requireProject(world, deployment.projectId);
  return {
    message: '',
    deployId: deployment.deployId,
    status: deployment.status,
    cloneId: deployment.projectId,
    launched: deployment.launched,
    ...(deployment.stopped ? { stopped: deployment.stopped } : {}),
    brokerage: deployment.brokerage,
    securityTypes: 'Equity',
    datacenter: 'NY7',
    isPublicStreaming: false,
    public: false,
    files: [...project.files.values()].map((file) => ({
      id: file.id,
      projectId: project.projectId,
      name: file.name,
      content: file.content,
      modified: file.modified,
      open: false,
      isLibrary: false,
    })),
    runtimeStatistics: runtimeStatistics(performance(deployment.deployId, LIVE_ORDERS)),
    charts: chartSummary(),
  };
}

const create: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  const compileId = str(body, 'compileId');
  requireSuccessfulBuild(world, project, compileId);
  const nodeId = str(body, 'nodeId');
  if (!NODES.some((node) => node.id === nodeId && node.kind === 'live')) {
    throw new FakeApiError(`Node ${nodeId} is not a live node of this organization; see /projects/nodes/read.`);
  }
  const previous = world.live.get(project.projectId) ?? [];
  if (previous.some((deployment) => deployment.status === 'Running')) {
    throw new FakeApiError(`Project ${project.projectId} already has a running live algorithm; stop it first.`);
  }
  const deployment: LiveRecord = {
    deployId: `L-${newId(world, 'deploy', nextNumber(world, 'deploy'))}`,
    projectId: project.projectId,
    compileId,
    nodeId,
    brokerage: str(obj(body, 'brokerage'), 'id'),
    launched: qcDate(world.now()),
    status: 'Running',
    commands: [],
    chartReads: new Map(),
    orderReads: 0,
  };
  world.live.set(project.projectId, [...previous, deployment]);
  return {
    responseCode: 'OK',
    source: 'api',
    deployId: deployment.deployId,
    versionId: Number(str(body, 'versionId')) || 0,
    projectId: project.projectId,
    live: deploymentView(world, deployment),
  };
};

const read: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  return { ...deploymentView(world, latest(world, project.projectId)), projectName: project.name };
};

const listLive: Handler = (body, world) => {
  const projectId = optionalInt(body, 'projectId');
  const status = optionalStr(body, 'status');
  const live = [...world.live.values()]
    .flat()
    .filter((deployment) => projectId === undefined || deployment.projectId === projectId)
    .filter((deployment) => status === undefined || deployment.status === status)
    .map((deployment) => ({
      projectId: deployment.projectId,
      deployId: deployment.deployId,
      status: deployment.status,
      launched: deployment.launched,
      ...(deployment.stopped ? { stopped: deployment.stopped } : {}),
      brokerage: deployment.brokerage,
      subscription: 'QuantConnect Live',
      equity: performance(deployment.deployId, LIVE_ORDERS).endEquity,
      environment: deployment.brokerage === 'QuantConnectBrokerage' ? 'paper' : 'live',
      description: '',
      error: '',
      leagues: [],
    }));
  return { live };
};

function end(world: World, body: Body, status: LiveStatus): Record<string, unknown> {
  const deployment = running(world, int(body, 'projectId'));
  deployment.status = status;
  deployment.stopped = qcDate(world.now());
  return {};
}

const stop: Handler = (body, world) => end(world, body, 'Stopped');
const liquidate: Handler = (body, world) => end(world, body, 'Liquidated');

const readChart: Handler = (body, world) => {
  const deployment = latest(world, int(body, 'projectId'));
  const name = str(body, 'name');
  requireChartName(name);
  const reads = (deployment.chartReads.get(name) ?? 0) + 1;
  deployment.chartReads.set(name, reads);
  if (!isDone(world, reads)) return { progress: reads / (world.readsUntilDone + 1), status: 'loading' };
  return { chart: chart(deployment.deployId, name, int(body, 'count'), int(body, 'start'), int(body, 'end')) };
};

const readLogs: Handler = (body, world) => {
  const deployment = latest(world, int(body, 'projectId'));
  const algorithmId = str(body, 'algorithmId');
  if (algorithmId !== deployment.deployId)
    throw new FakeApiError(`Live algorithm ${algorithmId} not found in this project.`);
  const startLine = int(body, 'startLine');
  const endLine = int(body, 'endLine');
  pageBounds(startLine, endLine, { atMost: 250 }, 'log lines');
  const launched = Date.parse(`${deployment.launched.replace(' ', 'T')}Z`);
  const logs = Array.from({ length: Math.max(0, Math.min(endLine, LIVE_LOG_LINES) - startLine) }, (_, i) => {
    const line = startLine + i;
    return `${qcDate(launched + line * 60_000)} TRACE:: ${line === 0 ? `Launching live algorithm ${deployment.deployId}` : `Heartbeat ${line}: portfolio value updated`}`;
  });
  return { logs, length: LIVE_LOG_LINES, deploymentOffset: 0 };
};

const readPortfolio: Handler = (body, world) => {
  const deployment = latest(world, int(body, 'projectId'));
  const liquidated = deployment.status === 'Liquidated';
  const quantity = liquidated ? 0 : 200;
  return {
    portfolio: {
      holdings: liquidated
        ? {}
        : { [SYMBOL.id]: { a: 471.5, q: quantity, p: 475.25, v: 475.25 * quantity, u: 750, up: 0.8 } },
      cash: {
        USD: {
          securitySymbols: [],
          symbol: 'USD',
          amount: 5_123.45,
          conversionRate: 1,
          currencySymbol: '$',
          valueInAccountCurrency: 5_123.45,
        },
      },
    },
  };
};

const readOrders: Handler = (body, world) => {
  const deployment = latest(world, int(body, 'projectId'));
  const start = int(body, 'start');
  const endIndex = int(body, 'end');
  pageBounds(start, endIndex, { atMost: 1_000 }, 'orders');
  deployment.orderReads++;
  if (!isDone(world, deployment.orderReads)) return { progress: 0.5, status: 'loading' };
  return { orders: orders(deployment.deployId, LIVE_ORDERS, start, endIndex), length: LIVE_ORDERS };
};

const readInsights: Handler = (body, world) => {
  latest(world, int(body, 'projectId'));
  const endIndex = int(body, 'end');
  // The spec: start is "Required if end > 100".
  if (body.start === undefined && endIndex > 100) throw new FakeApiError('start is required when end > 100.');
  const start = optionalInt(body, 'start') ?? 0;
  pageBounds(start, endIndex, { lessThan: 100 }, 'insights');
  return { insights: insights(LIVE_INSIGHTS, start, endIndex), length: LIVE_INSIGHTS };
};

const createCommand: Handler = (body, world) => {
  running(world, int(body, 'projectId')).commands.push(obj(body, 'command'));
  return {};
};

const broadcastCommand: Handler = (body, world) => {
  requireOrganization(world, str(body, 'organizationId'));
  const command = obj(body, 'command');
  const excluded = optionalInt(body, 'excludeProjectId');
  for (const deployment of [...world.live.values()].flat()) {
    if (deployment.status === 'Running' && deployment.projectId !== excluded) deployment.commands.push(command);
  }
  world.broadcasts.push(command);
  return {};
};

function brokerageOf(body: Body): string {
  const brokerage = str(body, 'brokerage');
  if (!BROKERAGES.includes(brokerage))
    throw new FakeApiError(`Brokerage ${brokerage} does not use OAuth authorisation.`);
  return brokerage;
}

const authorize: Handler = (body, world) => {
  const brokerage = brokerageOf(body);
  world.brokerageAuthorizations.set(brokerage, 0);
  const state = hexId('oauth-state', nextNumber(world, 'oauth'));
  return new Redirect(
    `https://${brokerage}.example/oauth/authorize?response_type=code&client_id=quantconnect&state=${state}`,
  );
};

/** Pending until the user has had `readsUntilDone` reads' worth of time to sign in. */
const readAuthorization: Handler = (body, world) => {
  const brokerage = brokerageOf(body);
  const reads = world.brokerageAuthorizations.get(brokerage);
  if (reads === undefined) {
    throw new FakeApiError(
      `No authorisation for ${brokerage}: call /live/auth0/authorize and sign in at the URL it returns.`,
    );
  }
  world.brokerageAuthorizations.set(brokerage, reads + 1);
  if (!isDone(world, reads + 1)) throw new FakeApiError(`The ${brokerage} sign-in has not been completed yet.`);
  return { authorization: { id: brokerage, [`${brokerage}-refresh-token`]: hexId('refresh', reads) } };
};

export const liveHandlers: Record<string, Handler> = {
  '/live/create': create,
  '/live/read': read,
  '/live/list': listLive,
  '/live/update/stop': stop,
  '/live/update/liquidate': liquidate,
  '/live/chart/read': readChart,
  '/live/logs/read': readLogs,
  '/live/portfolio/read': readPortfolio,
  '/live/orders/read': readOrders,
  '/live/insights/read': readInsights,
  '/live/commands/create': createCommand,
  '/live/commands/broadcast': broadcastCommand,
  '/live/auth0/authorize': authorize,
  '/live/auth0/read': readAuthorization,
};
