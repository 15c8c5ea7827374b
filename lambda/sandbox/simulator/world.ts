/**
 * The fake's in-memory QuantConnect account: projects with their files, compiles, backtests,
 * optimizations, live deployments and the object store. Handlers read and change it; `reset()`
 * on the fake replaces it with a fresh one.
 */
import { createHash } from 'node:crypto';

/** Thrown by a handler: the fake answers HTTP 200 `{ success: false, errors: [message] }`. */
export class FakeApiError extends Error {}

export type Language = 'Py' | 'C#';

export interface FileRecord {
  id: number;
  name: string;
  content: string;
  modified: string;
}

export interface CollaboratorRecord {
  uid: number;
  publicId: string;
  liveControl: boolean;
  write: boolean;
  owner: boolean;
}

export interface ProjectRecord {
  projectId: number;
  name: string;
  language: Language;
  description: string;
  created: string;
  modified: string;
  files: Map<string, FileRecord>;
  collaborators: CollaboratorRecord[];
  /** Node ids picked with /projects/nodes/update; empty means "auto-select". */
  selectedNodes: string[];
  lockedBy?: string;
}

export type CompileState = 'InQueue' | 'BuildSuccess' | 'BuildError';

export interface CompileRecord {
  compileId: string;
  projectId: number;
  created: string;
  /** The files as they were when the compile was requested. */
  files: FileRecord[];
  /** What the build ends with, decided from the code when the compile is created. */
  outcome: Exclude<CompileState, 'InQueue'>;
  reads: number;
}

export interface BacktestRecord {
  backtestId: string;
  projectId: number;
  compileId: string;
  name: string;
  note: string;
  created: string;
  parameters: Record<string, string | number>;
  outcome: 'Completed.' | 'Runtime Error';
  reads: number;
  /** Reads of each chart, which answers "loading" at first. */
  chartReads: Map<string, number>;
  optimizationId?: string;
  tags: string[];
}

export interface OptimizationRecord {
  optimizationId: string;
  projectId: number;
  compileId: string;
  name: string;
  created: string;
  target: string;
  targetTo: string;
  targetValue?: number;
  strategy: string;
  parameters: { name: string; min: number; max: number; step: number; minStep?: number }[];
  constraints: { target: string; operator: string; targetValue: number }[];
  nodeType: string;
  parallelNodes: number;
  aborted: boolean;
  reads: number;
}

export type LiveStatus = 'Running' | 'Stopped' | 'Liquidated';

export interface LiveRecord {
  deployId: string;
  projectId: number;
  compileId: string;
  nodeId: string;
  brokerage: string;
  launched: string;
  stopped?: string;
  status: LiveStatus;
  commands: object[];
  chartReads: Map<string, number>;
  orderReads: number;
}

export interface StoredObject {
  key: string;
  data: Buffer;
  created: string;
  modified: string;
}

export interface ObjectJob {
  jobId: string;
  keys: string[];
  reads: number;
}

export interface World {
  readonly userId: string;
  readonly organizationId: string;
  /** Reads of a long-running thing that still answer "in progress" before the final state. */
  readonly readsUntilDone: number;
  /** The fake's own origin, for URLs it hands out (object store downloads). */
  readonly origin: string;
  readonly projects: Map<number, ProjectRecord>;
  readonly compiles: Map<string, CompileRecord>;
  readonly backtests: Map<string, BacktestRecord>;
  readonly optimizations: Map<string, OptimizationRecord>;
  /** Deployments by project; the newest one last. */
  readonly live: Map<number, LiveRecord[]>;
  readonly objects: Map<string, StoredObject>;
  readonly objectJobs: Map<string, ObjectJob>;
  /** Brokerages whose authorisation was started with /live/auth0/authorize, with read counts. */
  readonly brokerageAuthorizations: Map<string, number>;
  broadcasts: object[];
  /** Next value of every counter the fake uses for ids. */
  readonly counters: Map<string, number>;
  /** Mixed into the ids of backtests, optimizations and deployments, so into their results: another data set. */
  readonly seed?: number;
  /** What /account/read adds under `notice` (the sandbox says there that it is one). */
  readonly notice?: string;
  /** The time dates are written with, in ms: the real clock, or with a seed a simulated one. */
  now(): number;
}

export interface WorldOptions {
  readonly userId: string;
  readonly readsUntilDone: number;
  readonly origin: string;
  readonly seed?: number;
  readonly notice?: string;
}

/** Where a seeded world's clock starts; it then moves one second per date written, so runs repeat exactly. */
const SIMULATED_EPOCH = Date.UTC(2025, 8, 1, 13, 30);

export function createWorld(options: WorldOptions): World {
  let ticks = 0;
  return {
    userId: options.userId,
    organizationId: hexId(seededKind('organization', options.seed), 0),
    readsUntilDone: options.readsUntilDone,
    origin: options.origin,
    projects: new Map(),
    compiles: new Map(),
    backtests: new Map(),
    optimizations: new Map(),
    live: new Map(),
    objects: new Map(),
    objectJobs: new Map(),
    brokerageAuthorizations: new Map(),
    broadcasts: [],
    counters: new Map(),
    seed: options.seed,
    notice: options.notice,
    now: options.seed === undefined ? Date.now : () => SIMULATED_EPOCH + 1000 * ticks++,
  };
}

/** 1, 2, 3… per kind of thing. */
export function nextNumber(world: World, kind: string): number {
  const next = (world.counters.get(kind) ?? 0) + 1;
  world.counters.set(kind, next);
  return next;
}

/** Deterministic 32-hex ids, shaped like QuantConnect's backtest and deploy ids. */
export function hexId(kind: string, n: number, length = 32): string {
  return createHash('sha256').update(`${kind}:${n}`).digest('hex').slice(0, length);
}

/** The id of the n-th created thing of a kind; backtest and optimization results are generated from it. */
export function newId(world: World, kind: string, n: number, length?: number): string {
  return hexId(seededKind(kind, world.seed), n, length);
}

/** Without a seed, ids stay what they have always been, so tests see the same data as before. */
function seededKind(kind: string, seed: number | undefined): string {
  return seed === undefined ? kind : `${kind}#${seed}`;
}

/**
 * QuantConnect's API writes dates as `YYYY-MM-DD HH:MM:SS` (UTC), not ISO 8601. "Now" is
 * `world.now()`, which a seed turns into a simulated clock.
 */
export function qcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Whether a thing read `reads` times is finished, given the world's `readsUntilDone`. */
export function isDone(world: World, reads: number): boolean {
  return reads > world.readsUntilDone;
}

export function requireProject(world: World, projectId: unknown): ProjectRecord {
  const project = world.projects.get(Number(projectId));
  if (!project) throw new FakeApiError(`Project ${String(projectId)} not found or you do not have access to it.`);
  return project;
}

export function requireCompile(world: World, project: ProjectRecord, compileId: unknown): CompileRecord {
  const compile = world.compiles.get(String(compileId));
  if (!compile || compile.projectId !== project.projectId) {
    throw new FakeApiError(`Compile ${String(compileId)} not found in project ${project.projectId}.`);
  }
  return compile;
}

/**
 * A compile that something else depends on (a backtest, an optimization, a deployment). QuantConnect
 * queues such work behind a build still in progress, so an unfinished build is finished here; a
 * failed one refuses the work.
 */
export function requireSuccessfulBuild(world: World, project: ProjectRecord, compileId: unknown): CompileRecord {
  const compile = requireCompile(world, project, compileId);
  compile.reads = Math.max(compile.reads, world.readsUntilDone + 1);
  if (compile.outcome !== 'BuildSuccess') {
    throw new FakeApiError(`Compile ${compile.compileId} failed to build; fix the errors and compile again.`);
  }
  return compile;
}

export function requireOrganization(world: World, organizationId: unknown): void {
  if (organizationId !== world.organizationId) {
    throw new FakeApiError(`Organization ${String(organizationId)} not found or you are not a member of it.`);
  }
}

export function touch(world: World, project: ProjectRecord): void {
  project.modified = qcDate(world.now());
}

/** A number in [0, 1) derived from a seed: stable statistics for one backtest, varied across backtests. */
export function seeded(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) / 2 ** 32;
}
