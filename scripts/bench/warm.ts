/**
 * Warm figures of one bundle, in one process (a warm Lambda container) serving clients of one
 * protocol era: handler time of `tools/list` and of one representative `tools/call` against the
 * QuantConnect fake, the fake's own time for the same request, and the heap before and after
 * many requests.
 * Driven by the benchmark over an IPC channel, so that the warm processes of every bundle take
 * turns, round after round, as the cold starts do: the process warms up and says `ready`, then
 * answers each `slice` with that many timed requests, and `finish` with its heap and peak RSS.
 * Usage: node --expose-gc dist/bench/warm.js <bundle> <plan as JSON>, with an IPC channel.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import {
  callToolRequest,
  type Era,
  FIRST_REQUEST,
  type JsonRpcRequest,
  lambdaContext,
  listToolsRequest,
  mcpEvent,
} from './events';
import { jsonRpcResult, loadHandler, type LambdaHandler } from './handler';
import { assertSuccess, directPost, type DirectTarget } from './quantconnect-direct';

export interface WarmPlan {
  /** The protocol era of every request. */
  readonly era: Era;
  /** The tool called, its arguments, and the request it sends QuantConnect (for the direct floor). */
  readonly call: {
    readonly tool: string;
    readonly arguments: object;
    readonly endpoint: string;
    readonly body: object;
  };
  readonly warmupRequests: number;
  /**
   * Requests (half lists, half calls) between the two heap readings, 0 to skip. As many again run
   * first, unmeasured: V8 and Node keep filling one-time caches (feedback, lazily compiled code)
   * for the first few thousand requests, then the live heap stays flat (checked up to 160 000).
   */
  readonly heapRequests: number;
}

/** What the benchmark asks a warm process, one message at a time. */
export type WarmCommand =
  { readonly kind: 'slice'; readonly lists: number; readonly calls: number } | { readonly kind: 'finish' };

/** What a warm process answers: once warmed up, then one reply per command. */
export type WarmReply =
  | { readonly kind: 'ready'; readonly toolCount: number; readonly listBytes: number }
  | {
      readonly kind: 'slice';
      readonly listUs: readonly number[];
      readonly callUs: readonly number[];
      /** The same QuantConnect request sent straight to the fake, interleaved with the calls. */
      readonly directUs: readonly number[];
    }
  | {
      readonly kind: 'finished';
      readonly heap?: { settlingBytes: number; beforeBytes: number; afterBytes: number; requests: number };
      readonly maxRssKb: number;
    };

const collectGarbage = (globalThis as { gc?: () => void }).gc;

function heapAfterFullGc(): number {
  if (!collectGarbage) throw new Error('run with --expose-gc');
  // Twice: the first pass may only promote what the second frees.
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

function microsecondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1000;
}

class Driver {
  private sequence = 0;
  constructor(
    private readonly handler: LambdaHandler,
    private readonly era: Era,
  ) {}

  /** One invocation; the clock covers the handler only, not building the event. */
  async invoke(
    request: (id: number) => JsonRpcRequest,
  ): Promise<{ result: APIGatewayProxyResult; us: number; id: number }> {
    const id = ++this.sequence;
    const event = mcpEvent(request(id), id, this.era);
    const context = lambdaContext(id);
    const start = process.hrtime.bigint();
    const result = await this.handler(event, context);
    return { result, us: microsecondsSince(start), id };
  }
}

async function main(bundlePath: string, plan: WarmPlan): Promise<void> {
  const target: DirectTarget = {
    baseUrl: required('QC_API_BASE_URL'),
    userId: required('QC_USER_ID'),
    apiToken: required('QC_API_TOKEN'),
  };
  const driver = new Driver(loadHandler(bundlePath), plan.era);
  const list = (id: number) => listToolsRequest(id);
  const call = (id: number) => callToolRequest(id, plan.call.tool, plan.call.arguments);

  const first = FIRST_REQUEST[plan.era];
  jsonRpcResult((await driver.invoke(first.build)).result, first.method);
  const firstList = await driver.invoke(list);
  const tools = jsonRpcResult(firstList.result, 'tools/list').tools as unknown[];
  const listBytes = Buffer.byteLength(firstList.result.body);
  const checkList = ({ result, id }: { result: APIGatewayProxyResult; id: number }) => {
    // The same answer every time: same status, same size but for the digits of the request id.
    const expectedBytes = listBytes - String(firstList.id).length + String(id).length;
    if (result.statusCode !== 200 || Buffer.byteLength(result.body) !== expectedBytes) {
      throw new Error(`tools/list changed: HTTP ${result.statusCode}, ${result.body.slice(0, 300)}`);
    }
  };
  const checkCall = (result: APIGatewayProxyResult) => {
    const answer = jsonRpcResult(result, 'tools/call');
    if (answer.isError === true) throw new Error(`${plan.call.tool} failed: ${result.body.slice(0, 300)}`);
  };
  const direct = async () => {
    const start = process.hrtime.bigint();
    const answer = await directPost(target, plan.call.endpoint, plan.call.body);
    const us = microsecondsSince(start);
    assertSuccess(plan.call.endpoint, answer);
    return us;
  };

  for (let i = 0; i < plan.warmupRequests; i++) {
    checkList(await driver.invoke(list));
    checkCall((await driver.invoke(call)).result);
    await direct();
  }

  const slice = async (lists: number, calls: number): Promise<WarmReply> => {
    const listUs: number[] = [];
    for (let i = 0; i < lists; i++) {
      const invocation = await driver.invoke(list);
      checkList(invocation);
      listUs.push(invocation.us);
    }
    // Interleaved, alternating which goes first, so drift on the machine hits both alike.
    const callUs: number[] = [];
    const directUs: number[] = [];
    for (let i = 0; i < calls; i++) {
      if (i % 2 === 1) directUs.push(await direct());
      const { result, us } = await driver.invoke(call);
      checkCall(result);
      callUs.push(us);
      if (i % 2 === 0) directUs.push(await direct());
    }
    return { kind: 'slice', listUs, callUs, directUs };
  };

  const listAndCall = async (requests: number) => {
    for (let i = 0; i < requests; i += 2) {
      checkList(await driver.invoke(list));
      checkCall((await driver.invoke(call)).result);
    }
  };
  const finish = async (): Promise<WarmReply> => {
    if (plan.heapRequests === 0) return { kind: 'finished', maxRssKb: process.resourceUsage().maxRSS };
    const settlingBytes = heapAfterFullGc();
    await listAndCall(plan.heapRequests);
    const beforeBytes = heapAfterFullGc();
    await listAndCall(plan.heapRequests);
    const heap = { settlingBytes, beforeBytes, afterBytes: heapAfterFullGc(), requests: plan.heapRequests };
    return { kind: 'finished', heap, maxRssKb: process.resourceUsage().maxRSS };
  };

  const reply = (message: WarmReply) =>
    new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));
  process.on('message', (command: WarmCommand) => {
    const answer = command.kind === 'slice' ? slice(command.lists, command.calls) : finish();
    answer.then(reply).then(
      // Keep-alive sockets to the fake would hold the process open for seconds.
      () => command.kind === 'finish' && process.exit(0),
      fail,
    );
  });
  // Without the benchmark there is nobody to answer: stop rather than linger.
  process.on('disconnect', () => process.exit(1));
  await reply({ kind: 'ready', toolCount: tools.length, listBytes });
}

function fail(error: unknown): never {
  console.error(error);
  process.exit(1);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is required`);
  return value;
}

if (!process.send)
  fail(new Error('warm.js answers the benchmark over an IPC channel: start it from scripts/bench/run.ts'));
main(process.argv[2], JSON.parse(process.argv[3]) as WarmPlan).catch(fail);
