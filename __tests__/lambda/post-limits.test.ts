/**
 * What one POST may cost and answer: a batch (2025-03-26 clients only) carries at most ten tool
 * calls, the whole answer fits what Lambda can return, and values the caller sent are quoted
 * only in part.
 */
import { MAX_TOOL_CALLS_PER_POST } from '../../lambda/http/payload';
import { body, testHandler } from '../support/mcp-harness';
import { apiGatewayEvent, mcpPost, rpc, toolCall } from '../support/mcp-events';
import { RecordingClient } from '../support/mcp-test-catalogue';

interface Answer {
  id: number | string | null;
  result?: { content?: { text: string }[] };
  error?: { code: number; message: string };
}

const readCall = (projectId: number) => toolCall('read_project', { projectId });

describe('tool calls per POST', () => {
  test(`a batch of ${MAX_TOOL_CALLS_PER_POST} tool calls is served`, async () => {
    const handler = testHandler();
    const calls = Array.from({ length: MAX_TOOL_CALLS_PER_POST }, (_unused, index) => readCall(index + 1));
    const result = await handler.invoke(mcpPost(calls));
    expect(result.statusCode).toBe(200);
    expect((JSON.parse(result.body) as Answer[]).map((answer) => answer.id)).toEqual(calls.map((call) => call.id));
    expect(handler.client.calls).toHaveLength(MAX_TOOL_CALLS_PER_POST);
  });

  test('one more is refused whole, before QuantConnect is called', async () => {
    const handler = testHandler();
    const calls = Array.from({ length: MAX_TOOL_CALLS_PER_POST + 1 }, (_unused, index) => readCall(index + 1));
    const result = await handler.invoke(mcpPost(calls));
    expect(result.statusCode).toBe(400);
    expect(body(result).error?.code).toBe(-32600);
    expect(body(result).error?.message).toContain('at most 10 tool calls');
    expect(handler.client.calls).toHaveLength(0);
  });

  test('a batch from a client of 2025-06-18 or later is refused: batches left MCP with that revision', async () => {
    const handler = testHandler();
    const result = await handler.invoke(
      mcpPost([readCall(1), rpc('tools/list')], { 'MCP-Protocol-Version': '2025-06-18' }),
    );
    expect(result.statusCode).toBe(400);
    expect(body(result).error?.message).toContain('2025-06-18');
    expect(handler.client.calls).toHaveLength(0);
  });

  test('ten calls in one POST print no MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const calls = Array.from({ length: MAX_TOOL_CALLS_PER_POST }, (_unused, index) => readCall(index + 1));
      await testHandler().invoke(mcpPost(calls));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});

describe('the whole answer fits what Lambda can return', () => {
  const LIMIT = 20_000;
  const large = new RecordingClient((_endpoint, requestBody) => ({
    success: true,
    projects: [{ projectId: (requestBody as { projectId: number }).projectId, notes: 'n'.repeat(6_000) }],
  }));

  test('a batch whose answers would not fit: the largest become errors saying what to do, the rest stay', async () => {
    const handler = testHandler({ client: large, maxAnswerBytes: LIMIT });
    const calls = [readCall(1), readCall(2), readCall(3), readCall(4), rpc('ping')];
    const result = await handler.invoke(mcpPost(calls));
    expect(result.statusCode).toBe(200);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThanOrEqual(LIMIT);
    const answers = JSON.parse(result.body) as Answer[];
    expect(answers.map((answer) => answer.id)).toEqual(calls.map((call) => call.id));
    const refused = answers.filter((answer) => answer.error !== undefined);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].error?.message).toMatch(/did not fit in one HTTP answer.*request of its own/);
    expect(answers.filter((answer) => answer.result !== undefined).length).toBeGreaterThan(1);
  });

  test('a single answer that would not fit becomes an error with its id', async () => {
    const handler = testHandler({ client: large, maxAnswerBytes: 5_000 });
    const call = readCall(9);
    const answer = body(await handler.invoke(mcpPost(call)));
    expect(answer.id).toBe(call.id);
    expect(answer.error?.code).toBe(-32603);
  });
});

describe('values the caller sent are quoted in part', () => {
  const { invoke } = testHandler();

  test('a long Origin', async () => {
    const result = await invoke(mcpPost(rpc('tools/list'), { Origin: `https://${'a'.repeat(100_000)}.example` }));
    expect(result.statusCode).toBe(403);
    expect(result.body.length).toBeLessThan(400);
  });

  test('a long unknown tool name', async () => {
    const result = await invoke(mcpPost(toolCall('x'.repeat(500_000))));
    expect(body(result).error?.code).toBe(-32602);
    expect(result.body.length).toBeLessThan(600);
  });
});

describe('protocol errors read as such', () => {
  const { invoke } = testHandler();

  test('arguments that are not an object: -32602 with a plain message and the request id', async () => {
    const call = rpc('tools/call', { name: 'read_project', arguments: 5 });
    const answer = body(await invoke(mcpPost(call)));
    expect(answer.id).toBe(call.id);
    expect(answer.error?.code).toBe(-32602);
    expect(answer.error?.message).toMatch(/arguments must be an object.*not a number/);
  });

  test('an unknown tool: -32602 whose message does not repeat the code (clients add it)', async () => {
    const answer = body(await invoke(mcpPost(toolCall('no_such_tool'))));
    expect(answer.error?.code).toBe(-32602);
    expect(answer.error?.message).toMatch(/^Unknown tool: no_such_tool/);
    expect(answer.error?.message).not.toContain('MCP error');
  });
});

test('a POST that is not JSON-RPC names no id it could not read', async () => {
  const result = await testHandler().invoke(apiGatewayEvent({ body: { hello: 'world' } }));
  expect(body(result).id).toBeNull();
});
