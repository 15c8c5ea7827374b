/**
 * /optimizations/*: a grid search over the parameters. An optimization answers `new`, then
 * `running` for `readsUntilDone` reads, then `completed` with one backtest per combination.
 */
import { int, list, optionalStr, str, type Body, type Handler } from '../body';
import { equityCurve, performance, PERIOD_START, round } from '../results';
import {
  FakeApiError,
  hexId,
  isDone,
  newId,
  nextNumber,
  qcDate,
  requireProject,
  requireSuccessfulBuild,
  type OptimizationRecord,
  type World,
} from '../world';

/** Grid points beyond this are refused, as QuantConnect caps an optimization's size. */
const MAX_COMBINATIONS = 100;

type Parameter = OptimizationRecord['parameters'][number];

function gridValues(parameter: Parameter): number[] {
  if (parameter.step <= 0 || parameter.max < parameter.min) {
    throw new FakeApiError(`Parameter ${parameter.name} needs min <= max and a positive step.`);
  }
  const values: number[] = [];
  for (let value = parameter.min; value <= parameter.max + 1e-9; value += parameter.step) values.push(round(value, 6));
  return values;
}

function combinations(parameters: readonly Parameter[]): Record<string, number>[] {
  let grid: Record<string, number>[] = [{}];
  for (const parameter of parameters) {
    grid = grid.flatMap((partial) => gridValues(parameter).map((value) => ({ ...partial, [parameter.name]: value })));
    if (grid.length > MAX_COMBINATIONS) {
      throw new FakeApiError(
        `The optimization has more than ${MAX_COMBINATIONS} parameter combinations; use larger steps.`,
      );
    }
  }
  return grid;
}

function parametersOf(body: Body): Parameter[] {
  return list<Parameter>(body, 'parameters').map((parameter) => ({
    name: parameter.name,
    min: parameter.min,
    max: parameter.max,
    step: parameter.step,
    ...(parameter.minStep === undefined ? {} : { minStep: parameter.minStep }),
  }));
}

function status(world: World, optimization: OptimizationRecord): string {
  if (optimization.aborted) return 'aborted';
  if (optimization.reads === 0) return 'new';
  return isDone(world, optimization.reads) ? 'completed' : 'running';
}

function criterion(optimization: OptimizationRecord): Record<string, unknown> {
  const { target, targetTo: extremum, targetValue } = optimization;
  return targetValue === undefined ? { target, extremum } : { target, extremum, targetValue };
}

function summary(world: World, optimization: OptimizationRecord): Record<string, unknown> {
  const best = status(world, optimization) === 'completed' ? bestRun(optimization) : undefined;
  return {
    optimizationId: optimization.optimizationId,
    projectId: optimization.projectId,
    name: optimization.name,
    status: status(world, optimization),
    nodeType: optimization.nodeType,
    criterion: criterion(optimization),
    created: optimization.created,
    psr: best?.psr ?? 0,
    sharpeRatio: best?.sharpe ?? 0,
    trades: best?.trades ?? 0,
    cloneId: optimization.projectId,
    outOfSampleDays: 0,
    outOfSampleMaxEndDate: qcDate((PERIOD_START + 364 * 86_400) * 1000),
    parameters: optimization.parameters,
  };
}

function runs(optimization: OptimizationRecord) {
  return combinations(optimization.parameters).map((parameterSet, index) => {
    const seed = `${optimization.optimizationId}:${JSON.stringify(parameterSet)}`;
    return {
      id: hexId(`${optimization.optimizationId}:run`, index),
      parameterSet,
      seed,
      perf: performance(seed, 40 + index),
    };
  });
}

function bestRun(optimization: OptimizationRecord) {
  const all = runs(optimization).map((run) => run.perf);
  const sign = optimization.targetTo === 'min' ? -1 : 1;
  return all.reduce((best, perf) => (sign * perf.sharpe > sign * best.sharpe ? perf : best));
}

function detail(world: World, optimization: OptimizationRecord): Record<string, unknown> {
  const current = status(world, optimization);
  const all = runs(optimization);
  const finished = current === 'completed' ? all.length : current === 'running' ? Math.floor(all.length / 2) : 0;
  const backtests = Object.fromEntries(
    all.slice(0, finished).map((run) => [
      run.id,
      {
        name: `${optimization.name} ${JSON.stringify(run.parameterSet)}`,
        id: run.id,
        progress: 1,
        exitCode: 0,
        statistics: statisticsVector(run.perf),
        parameterSet: Object.fromEntries(Object.entries(run.parameterSet).map(([key, value]) => [key, String(value)])),
        equity: equityCurve(run.seed, 12).map((point) => [point.time, point.equity]),
        startDate: qcDate(PERIOD_START * 1000),
        endDate: qcDate((PERIOD_START + 364 * 86_400) * 1000),
        outOfSampleDays: 0,
      },
    ]),
  );
  return {
    optimizationId: optimization.optimizationId,
    snapshotId: 40_000_000 + Number.parseInt(optimization.optimizationId.slice(2, 8), 16),
    projectId: optimization.projectId,
    name: optimization.name,
    status: current,
    nodeType: optimization.nodeType,
    parallelNodes: optimization.parallelNodes,
    criterion: criterion(optimization),
    runtimeStatistics: {
      Completed: String(finished),
      Failed: '0',
      Running: String(current === 'running' ? Math.min(optimization.parallelNodes, all.length - finished) : 0),
      'In Queue': String(current === 'new' ? all.length : 0),
      'Average Length': '00:00:42',
      'Total Runtime': '00:05:12',
      Total: String(all.length),
      Consumed: `$${(finished * 0.01).toFixed(2)}`,
    },
    constraints: optimization.constraints,
    parameters: optimization.parameters,
    backtests,
    strategy: optimization.strategy,
    requested: optimization.created,
    optimizationTarget: optimization.target,
    ...(optimization.targetValue === undefined ? {} : { targetValue: optimization.targetValue }),
    gridLayout: [],
    outOfSampleDays: 0,
  };
}

/**
 * QuantConnect's unlabelled per-backtest statistics, in the spec's order (OptimizationBacktest):
 * alpha, annual standard deviation, annual variance, average loss, average win, beta, compounding
 * annual return, drawdown, capacity, expectancy, information ratio, loss rate, net profit, PSR,
 * profit-loss ratio, Sharpe, total fees, total orders, tracking error, Treynor, win rate.
 */
function statisticsVector(perf: ReturnType<typeof performance>): number[] {
  const percent = (value: number) => round(value * 100, 3);
  return [
    0.021,
    0.12,
    0.0144,
    -0.62,
    0.85,
    0.87,
    percent(perf.compoundingAnnualReturn),
    percent(perf.drawdown),
    1_000_000,
    0.2,
    0.3,
    percent(1 - perf.winRate),
    percent(perf.netProfit),
    percent(perf.psr),
    1.4,
    perf.sharpe,
    perf.trades * 1.5,
    perf.trades,
    0.05,
    0.157,
    percent(perf.winRate),
  ];
}

function requireOptimization(world: World, body: Body): OptimizationRecord {
  const optimizationId = str(body, 'optimizationId');
  const optimization = world.optimizations.get(optimizationId);
  if (!optimization) throw new FakeApiError(`Optimization ${optimizationId} not found.`);
  return optimization;
}

/** Seconds and dollars, from the grid size and a per-backtest cost. */
const estimate: Handler = (body, world) => {
  requireProject(world, int(body, 'projectId'));
  const count = combinations(parametersOf(body)).length;
  return {
    estimate: { estimateId: hexId('estimate', nextNumber(world, 'estimate')), time: count * 42, balance: 1000 },
  };
};

const create: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  const compileId = str(body, 'compileId');
  requireSuccessfulBuild(world, project, compileId);
  const parameters = parametersOf(body);
  combinations(parameters);
  const optimization: OptimizationRecord = {
    optimizationId: `O-${newId(world, 'optimization', nextNumber(world, 'optimization'))}`,
    projectId: project.projectId,
    compileId,
    name: str(body, 'name'),
    created: qcDate(world.now()),
    target: str(body, 'target'),
    targetTo: str(body, 'targetTo'),
    targetValue: typeof body.targetValue === 'number' ? body.targetValue : undefined,
    strategy: str(body, 'strategy'),
    parameters,
    constraints: (body.constraints ?? []) as OptimizationRecord['constraints'],
    nodeType: str(body, 'nodeType'),
    parallelNodes: int(body, 'parallelNodes'),
    aborted: false,
    reads: 0,
  };
  world.optimizations.set(optimization.optimizationId, optimization);
  return { optimizations: [summary(world, optimization)] };
};

const read: Handler = (body, world) => {
  const optimization = requireOptimization(world, body);
  if (!optimization.aborted) optimization.reads++;
  return { optimization: detail(world, optimization) };
};

const listOptimizations: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  const optimizations = [...world.optimizations.values()].filter((o) => o.projectId === project.projectId);
  return { optimizations: optimizations.map((optimization) => summary(world, optimization)) };
};

const update: Handler = (body, world) => {
  const optimization = requireOptimization(world, body);
  optimization.name = optionalStr(body, 'name') ?? optimization.name;
  return {};
};

const abort: Handler = (body, world) => {
  const optimization = requireOptimization(world, body);
  if (status(world, optimization) === 'completed') throw new FakeApiError('The optimization has already completed.');
  optimization.aborted = true;
  return {};
};

const remove: Handler = (body, world) => {
  world.optimizations.delete(requireOptimization(world, body).optimizationId);
  return {};
};

export const optimizationHandlers: Record<string, Handler> = {
  '/optimizations/estimate': estimate,
  '/optimizations/create': create,
  '/optimizations/read': read,
  '/optimizations/list': listOptimizations,
  '/optimizations/update': update,
  '/optimizations/abort': abort,
  '/optimizations/delete': remove,
};
