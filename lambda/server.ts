/**
 * The registrar: turns the tool catalogue into an MCP server (MCP TypeScript SDK v2), one per
 * request, for either protocol era: the SDK's serving entries call the factory for 2026-07-28
 * requests and 2025 ones alike. What can be built once per container is built once (on first
 * use) and shared by every request: the `tools/list` answer of each access tier, the zod objects
 * that check arguments, the client and the credentials. Each request only gets a fresh `Server`
 * (the SDK forbids reusing one across requests) with two handlers.
 *
 * We use the SDK's low-level `Server` rather than `McpServer.registerTool`: McpServer converts
 * every zod schema to JSON Schema again and registers every tool on each new server, which is
 * the per-request cost this project exists to avoid.
 */
import {
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type CacheHint,
  type CallToolResult,
  type ListToolsResult,
} from '@modelcontextprotocol/server';
import { version } from '../package.json';
import { clip } from './quote';
import type { QuantConnectClient, CredentialsProvider, QuantConnectResponse } from './quantconnect/types';
import { instructionsFor } from './instructions';
import { REQUEST_TIME_BUDGET_MS } from './time-budget';
import { parseArguments } from './tools/arguments';
import { describeTool } from './tools/describe';
import { toolErrorMessage } from './tools/tool-errors';
import {
  MAX_RESULT_CHARS,
  isAllowed,
  requiredAccess,
  toolAnnotations,
  type Access,
  type ToolContext,
  type ToolDefinition,
  type ToolOutput,
} from './tools/define';

export const SERVER_INFO = { name: 'quantconnect-mcp', title: 'QuantConnect', version } as const;

/** At most this long for one tool call: API Gateway gives up at 29 s and answers 504. */
export const TOOL_TIME_BUDGET_MS = REQUEST_TIME_BUDGET_MS;
/** Kept back from the Lambda's remaining time, to answer and log before the runtime stops us. */
export const LAMBDA_TIME_RESERVE_MS = 2_000;

export interface ServerDependencies {
  readonly tools: readonly ToolDefinition[];
  readonly client: QuantConnectClient;
  /** Checked before each tool runs, so a missing secret is reported with the command that fixes it. */
  readonly credentials: CredentialsProvider;
  readonly access: Access;
  /** Said before the tier's instructions (the sandbox says it is one). @default nothing */
  readonly notice?: string;
}

/** What one finished tool call looked like, for the log line and the metrics. */
export interface ToolCallRecord {
  readonly tool: string;
  /** False when the call was refused before it ran: a tool outside the tier, or bad arguments. */
  readonly ran: boolean;
  readonly isError: boolean;
  readonly durationMs: number;
  /** Milliseconds spent waiting for QuantConnect; undefined when it was not called. */
  readonly quantConnectMs?: number;
}

/** What the edge in front of the server knows about the request. */
export interface RequestScope {
  /** Milliseconds left before the runtime stops the invocation; absent outside Lambda. */
  readonly remainingTimeMs?: () => number;
  /** Aborted when the runtime is about to stop the invocation. */
  readonly signal?: AbortSignal;
  /** Aborted when the client has gone (McpContext.clientGone): its calls stop, freeing their QuantConnect slots. */
  readonly clientGone?: AbortSignal;
  readonly onToolCall?: (record: ToolCallRecord) => void;
  /**
   * The caller's own access tier, when authentication gives each caller one (already no higher
   * than the deployment's). Its presence makes `tools/list` an answer for this caller only.
   */
  readonly callerAccess?: Access;
}

export type ServerFactory = (scope: RequestScope) => Server;

/**
 * How long a client may reuse a `tools/list` or `server/discover` answer (2026-07-28 caches):
 * both change only when the operator redeploys, and an agent picks up a change within minutes.
 */
export const LIST_TTL_MS = 300_000;

/**
 * Cache hints of one server: shared by every caller unless the tier is the caller's own, for the
 * tool list and for discovery alike (its instructions name the tier).
 */
function cacheHints(perCaller: boolean): { 'tools/list': CacheHint; 'server/discover': CacheHint } {
  const hint: CacheHint = { ttlMs: LIST_TTL_MS, cacheScope: perCaller ? 'private' : 'public' };
  return { 'tools/list': hint, 'server/discover': hint };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

export function toolDeadline(now: number, remainingTimeMs?: number): number {
  const budget =
    remainingTimeMs === undefined
      ? TOOL_TIME_BUDGET_MS
      : Math.min(TOOL_TIME_BUDGET_MS, remainingTimeMs - LAMBDA_TIME_RESERVE_MS);
  return now + Math.max(0, budget);
}

function textResult(text: string, isError = false): CallToolResult {
  return isError ? { content: [{ type: 'text', text }], isError: true } : { content: [{ type: 'text', text }] };
}

/** Caps what the agent reads at MAX_RESULT_CHARS, saying so, so one answer cannot flood its context. */
export function renderOutput(output: ToolOutput): string {
  const text = typeof output === 'string' ? output : JSON.stringify(output);
  if (text.length <= MAX_RESULT_CHARS) return text;
  const note = (shown: number) =>
    `\n[Result cut: it has ${text.length} characters and only the first ${shown} are shown. ` +
    'Ask for less: a page, a filter or a summary.]';
  // `shown` has no more digits than MAX_RESULT_CHARS, so text and note stay within the cap.
  const shown = MAX_RESULT_CHARS - note(MAX_RESULT_CHARS).length;
  return text.slice(0, shown) + note(shown);
}

function unavailableMessage(definition: ToolDefinition, access: Access, perCaller: boolean): string {
  const needs = requiredAccess(definition.effect);
  return perCaller
    ? `Tool ${definition.name} is not available to you: it needs the ${needs} access tier and yours is ${access}. ` +
        'Ask the operator for a higher tier, or list the tools again.'
    : `Tool ${definition.name} is not available: it needs QC_MCP_ACCESS=${needs} ` +
        `and this server runs with QC_MCP_ACCESS=${access}. Ask the operator to change the setting, or list the tools again.`;
}

function withoutSuccess(response: QuantConnectResponse): QuantConnectResponse {
  const { success: _success, ...rest } = response;
  return rest;
}

/** Times every QuantConnect call a tool makes, for the QuantConnectLatency metric. */
function timedClient(client: QuantConnectClient, elapsed: { ms?: number }): QuantConnectClient {
  async function timed<T>(call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await call();
    } finally {
      elapsed.ms = (elapsed.ms ?? 0) + (performance.now() - started);
    }
  }
  return {
    post: (endpoint, body, options) => timed(() => client.post(endpoint, body, options)),
    postForRedirect: (endpoint, body, options) => timed(() => client.postForRedirect(endpoint, body, options)),
  };
}

const OUT_OF_TIME =
  'The call ran out of time before QuantConnect answered. Work it started may still be running: ' +
  'check with the matching read_ or list_ tool before trying again.';

/**
 * One tool call's time budget: its signal aborts at the deadline, when the invocation is being
 * stopped, when the client cancels the request or when it has gone, and `expired` rejects then, so a tool that
 * ignores its signal still cannot outlive it. A per-call controller (rather than AbortSignal.any
 * over the long-lived invocation signal) keeps nothing attached to that signal once the call is over.
 */
function callBudget(deadline: number, stoppers: readonly (AbortSignal | undefined)[]) {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, Math.max(0, deadline - Date.now()));
  for (const stopper of stoppers) stopper?.addEventListener('abort', abort, { once: true });
  const expired = new Promise<never>((_resolve, reject) => {
    controller.signal.addEventListener('abort', () => reject(new Error(OUT_OF_TIME)), { once: true });
  });
  if (stoppers.some((stopper) => stopper?.aborted)) abort();
  return {
    signal: controller.signal,
    expired,
    dispose() {
      clearTimeout(timer);
      for (const stopper of stoppers) stopper?.removeEventListener('abort', abort);
    },
  };
}

async function runTool(
  definition: ToolDefinition,
  args: Record<string, unknown>,
  context: ToolContext,
): Promise<ToolOutput> {
  if (definition.run) return definition.run(args, { ...context, endpoint: definition.endpoint });
  const response = await context.client.post(definition.endpoint, definition.body?.(args) ?? args, {
    // Retried after a network error, 429 or 5xx only when sending it twice is harmless.
    idempotent: toolAnnotations(definition).idempotentHint,
    signal: context.signal,
    deadline: context.deadline,
  });
  return definition.shape ? definition.shape(response, args) : withoutSuccess(response);
}

export function createServerFactory(dependencies: ServerDependencies): ServerFactory {
  const { credentials, client } = dependencies;
  const catalogue = new Map<string, ToolDefinition>(
    dependencies.tools.map((definition) => [definition.name, definition]),
  );
  const listResults = new Map<Access, ListToolsResult>();
  const instructions = new Map<Access, string>();

  function instructionsOf(access: Access): string {
    let text = instructions.get(access);
    if (text === undefined) {
      text = [dependencies.notice, instructionsFor(access)].filter((part) => part !== undefined).join('\n');
      instructions.set(access, text);
    }
    return text;
  }

  // Built on the first tools/list of each tier, not at load: a cold start that only initializes
  // skips it. Deeply frozen, since every request of that tier shares it, which also lets its JSON
  // text be made once (lambda/vendor/frozen-json.ts). Catalogue order, always the same.
  function listTools(access: Access): ListToolsResult {
    let result = listResults.get(access);
    if (result === undefined) {
      result = deepFreeze({
        tools: dependencies.tools.filter((tool) => isAllowed(tool.effect, access)).map((tool) => describeTool(tool)),
      });
      listResults.set(access, result);
    }
    return result;
  }

  async function callTool(
    definition: ToolDefinition,
    rawArguments: unknown,
    access: Access,
    scope: RequestScope,
    cancelled: AbortSignal,
    elapsed: { ms?: number },
  ): Promise<{ result: CallToolResult; ran: boolean }> {
    if (!isAllowed(definition.effect, access)) {
      const message = unavailableMessage(definition, access, scope.callerAccess !== undefined);
      return { result: textResult(message, true), ran: false };
    }
    const parsed = parseArguments(definition, rawArguments);
    if (!parsed.success) return { result: textResult(parsed.message, true), ran: false };
    const deadline = toolDeadline(Date.now(), scope.remainingTimeMs?.());
    const budget = callBudget(deadline, [scope.signal, scope.clientGone, cancelled]);
    const context: ToolContext = { client: timedClient(client, elapsed), signal: budget.signal, deadline, access };
    try {
      const run = async () => {
        await credentials();
        return runTool(definition, parsed.data, context);
      };
      return { result: textResult(renderOutput(await Promise.race([run(), budget.expired]))), ran: true };
    } catch (error) {
      return { result: textResult(toolErrorMessage(definition, error), true), ran: true };
    } finally {
      budget.dispose();
    }
  }

  return (scope) => {
    const access = scope.callerAccess ?? dependencies.access;
    const server = new Server(SERVER_INFO, {
      capabilities: { tools: {} },
      instructions: instructionsOf(access),
      cacheHints: cacheHints(scope.callerAccess !== undefined),
    });
    server.setRequestHandler('tools/list', () => listTools(access));
    server.setRequestHandler('tools/call', async (request, context) => {
      const { name, arguments: rawArguments } = request.params;
      const definition = catalogue.get(name);
      if (!definition) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `Unknown tool: ${clip(name)}. Call tools/list for the available tools.`,
        );
      }
      const started = performance.now();
      const elapsed: { ms?: number } = {};
      // The signal aborts when the client cancels this request.
      const { result, ran } = await callTool(definition, rawArguments, access, scope, context.mcpReq.signal, elapsed);
      scope.onToolCall?.({
        tool: name,
        ran,
        isError: result.isError === true,
        durationMs: performance.now() - started,
        quantConnectMs: elapsed.ms,
      });
      return server.projectCallToolResult(result, undefined);
    });
    return server;
  };
}
