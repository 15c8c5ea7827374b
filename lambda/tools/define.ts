/**
 * What a tool is: data (name, description, zod input, effect, endpoint) plus how its result is
 * shaped. Annotations and the access tier are derived from the effect, never written by hand.
 */
import type { z } from 'zod';
import type { QuantConnectClient, QuantConnectResponse } from '../quantconnect/types';

/**
 * What calling the tool does to the user's QuantConnect account.
 * - `read`: changes nothing (also the AI helpers, which only compute an answer).
 * - `create`: adds something new (project, file, compile, backtest); calling twice adds two.
 * - `update`: overwrites an existing value; calling twice leaves the same state.
 * - `delete`: removes work for good.
 * - `trade`: acts on a live brokerage account (moves money).
 */
export type Effect = 'read' | 'create' | 'update' | 'delete' | 'trade';

/** MCP tool annotations, as the spec names them. */
export interface ToolAnnotations {
  readonly title?: string;
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

const HINTS: Record<Effect, Omit<ToolAnnotations, 'title'>> = {
  read: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  create: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  update: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  delete: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  trade: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
};

export function annotationsFor(effect: Effect, title: string): ToolAnnotations {
  return { title, ...HINTS[effect] };
}

/** One tool's annotations: its effect's hints, with its own idempotence and destructiveness where it declares them. */
export function toolAnnotations(
  definition: Pick<ToolDefinition, 'effect' | 'title' | 'idempotent' | 'destructive'>,
): ToolAnnotations {
  const annotations = annotationsFor(definition.effect, definition.title);
  return {
    ...annotations,
    idempotentHint: definition.idempotent ?? annotations.idempotentHint,
    destructiveHint: definition.destructive ?? annotations.destructiveHint,
  };
}

/** The value of `QC_MCP_ACCESS`: which tools the operator lets agents see and call. */
export type Access = 'read-only' | 'standard' | 'live-trading';
export const ACCESS_LEVELS: readonly Access[] = ['read-only', 'standard', 'live-trading'];

/** The lowest access level at which a tool of this effect is listed and callable. */
export function requiredAccess(effect: Effect): Access {
  if (effect === 'read') return 'read-only';
  if (effect === 'trade') return 'live-trading';
  return 'standard';
}

export function isAllowed(effect: Effect, access: Access): boolean {
  return ACCESS_LEVELS.indexOf(requiredAccess(effect)) <= ACCESS_LEVELS.indexOf(access);
}

/** What a tool's code gets besides its arguments. */
export interface ToolContext {
  readonly client: QuantConnectClient;
  /** Aborted when the MCP request is cancelled or the time budget ends. */
  readonly signal: AbortSignal;
  /** Absolute time (ms since epoch) by which the tool must have answered. */
  readonly deadline: number;
  /** The caller's access tier: what the tools it may call next can do. */
  readonly access: Access;
}

/** What a tool's own `run` gets: the context, and the endpoint the tool declares (said once). */
export interface RunContext extends ToolContext {
  readonly endpoint: string;
}

/**
 * A tool's result before it becomes MCP content: a string is sent as is, anything else as
 * compact JSON. The registrar caps the text at `MAX_RESULT_CHARS`; a tool whose data can be
 * larger pages or summarises it itself, and says how to get the rest.
 */
export type ToolOutput = string | object;

export const MAX_RESULT_CHARS = 100_000;

export interface ToolDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> {
  /** snake_case, as the official QuantConnect MCP server names it. */
  readonly name: string;
  readonly title: string;
  /** One or two sentences an agent can act on. */
  readonly description: string;
  readonly effect: Effect;
  /**
   * Overrides the effect's idempotence where the endpoint differs from its kind (patch_file: an
   * update, but applying the same diff twice is not a no-op). Such a tool sends its request in
   * `run` with the matching `idempotent` option, so the client never retries it blindly.
   * @default the effect's idempotentHint
   */
  readonly idempotent?: boolean;
  /**
   * Overrides the effect's destructiveness where the endpoint differs from its kind
   * (lock_project_with_collaborators: an update of the project's state that deletes nothing).
   * @default the effect's destructiveHint
   */
  readonly destructive?: boolean;
  /** The API v2 path this tool calls (for docs, tests and the spec-coverage check). */
  readonly endpoint: string;
  /**
   * Input fields, named as the API names them, each with `.describe()`. Built on first read and
   * the same object from then on (see `defineTool`): `tools/list` and a tool's first call read it.
   */
  readonly input: Shape;
  /**
   * The call. Defaults to POSTing the arguments to `endpoint` and returning `shape(response)`.
   * Override for tools that wait, page, or call more than one endpoint.
   */
  run?(args: z.infer<z.ZodObject<Shape>>, context: RunContext): Promise<ToolOutput>;
  /** Turns QuantConnect's answer into what the agent reads. @default the response without `success` */
  shape?(response: QuantConnectResponse, args: z.infer<z.ZodObject<Shape>>): ToolOutput;
  /** Maps the arguments to the request body. @default the arguments as they are */
  body?(args: z.infer<z.ZodObject<Shape>>): object;
}

// Methods (not function-typed properties) so that a table of tools with different input shapes
// is assignable to `ToolDefinition[]`.

/**
 * A tool as its file declares it: the definition, with its input given as a function that builds
 * the zod fields. Building the whole catalogue's schemas at load cost the cold start about 20 ms,
 * for a first request (`initialize`) that reads none of them.
 */
export type ToolDeclaration<Shape extends z.ZodRawShape> = Omit<ToolDefinition<Shape>, 'input'> & {
  /** Builds the input fields; called on the definition's first read of `input`. */
  readonly input: () => Shape;
};

/**
 * Turns a declaration into its definition, whose `input` is built on first read and then kept (the
 * getter replaces itself with the value), and keeps the input shape's types flowing into `run`,
 * `shape` and `body`.
 */
export function defineTool<Shape extends z.ZodRawShape>(declaration: ToolDeclaration<Shape>): ToolDefinition<Shape> {
  const { input: build, ...rest } = declaration;
  const definition = rest as ToolDefinition<Shape>;
  return Object.defineProperty(definition, 'input', {
    configurable: true,
    enumerable: true,
    get: () => {
      const input = build();
      Object.defineProperty(definition, 'input', { value: input, enumerable: true });
      return input;
    },
  });
}
