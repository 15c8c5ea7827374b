/**
 * An in-memory QuantConnectClient for tool tests: answers each endpoint from a script (the last
 * answer repeats) and records every call, so tests see exactly what a tool sent.
 */
import type { QuantConnectClient, QuantConnectResponse, RequestOptions } from '../../../lambda/quantconnect/types';
import { TOOLS } from '../../../lambda/tools';
import { parseArguments } from '../../../lambda/tools/arguments';
import { toolAnnotations, type Access, type ToolContext, type ToolOutput } from '../../../lambda/tools/define';
import { withoutEnvelope } from '../../../lambda/tools/shape/envelope';

export interface RecordedCall {
  readonly endpoint: string;
  readonly body: object | undefined;
  readonly options: RequestOptions;
}

type Answer = QuantConnectResponse | Error;

export class ScriptedClient implements QuantConnectClient {
  readonly calls: RecordedCall[] = [];
  private readonly script: Map<string, Answer[]>;

  constructor(
    script: Record<string, Answer | Answer[]> = {},
    private readonly redirect = 'https://broker.example/authorize?state=abc',
  ) {
    this.script = new Map(Object.entries(script).map(([endpoint, answers]) => [endpoint, [answers].flat()]));
  }

  post(endpoint: string, body: object | undefined, options: RequestOptions): Promise<QuantConnectResponse> {
    this.calls.push({ endpoint, body, options });
    const answers = this.script.get(endpoint) ?? [{ success: true }];
    const answer = answers.length > 1 ? answers.shift()! : answers[0];
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(structuredClone(answer));
  }

  postForRedirect(endpoint: string, body: object | undefined, options: RequestOptions): Promise<string> {
    this.calls.push({ endpoint, body, options });
    return Promise.resolve(this.redirect);
  }

  /** The calls made to one endpoint. */
  to(endpoint: string): RecordedCall[] {
    return this.calls.filter((call) => call.endpoint === endpoint);
  }
}

export interface RunOptions {
  /** @default 25 s from now, like the server's budget */
  readonly deadline?: number;
  readonly signal?: AbortSignal;
  /** The caller's access tier. @default 'live-trading' */
  readonly access?: Access;
}

/**
 * Calls a tool the way the registrar's contract says it is called: arguments checked by
 * parseArguments, then `run`, or a POST of `body(args)` (or the args) and `shape` (or the envelope removed).
 */
export async function callTool(
  name: string,
  rawArguments: Record<string, unknown>,
  client: QuantConnectClient,
  options: RunOptions = {},
): Promise<ToolOutput> {
  const tool = TOOLS.find((candidate) => candidate.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  const parsed = parseArguments(tool, rawArguments);
  if (!parsed.success) throw new Error(parsed.message);
  const args = parsed.data;
  const context: ToolContext = {
    client,
    signal: options.signal ?? new AbortController().signal,
    deadline: options.deadline ?? Date.now() + 25_000,
    access: options.access ?? 'live-trading',
  };
  if (tool.run) return tool.run(args, { ...context, endpoint: tool.endpoint });
  const response = await client.post(tool.endpoint, tool.body?.(args) ?? args, {
    idempotent: toolAnnotations(tool).idempotentHint,
    signal: context.signal,
    deadline: context.deadline,
  });
  return tool.shape ? tool.shape(response, args) : withoutEnvelope(response);
}

/** A tool's output as the agent reads it (objects as compact JSON). */
export function rendered(output: ToolOutput): string {
  return typeof output === 'string' ? output : JSON.stringify(output);
}
