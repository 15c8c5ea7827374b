/**
 * Answers quote what a caller sent bounded (lambda/quote.ts): at most 100 characters of a value,
 * a few of many, so that a larger request never makes a larger error. Through the handler, as
 * API Gateway delivers requests, with the real tool catalogue; nothing reaches QuantConnect.
 */
import { boundedErrorAnswer, MAX_ERROR_MESSAGE_CHARS } from '../../lambda/http/bounded-errors';
import { QUOTED_VALUE_CHARS } from '../../lambda/quote';
import { MAX_NAMED_UNKNOWN_KEYS, MAX_NAMED_VALUE_PROBLEMS, suggestField } from '../../lambda/tools/arguments';
import { TOOLS } from '../../lambda/tools';
import { body, testHandler, toolText } from '../support/mcp-harness';
import { mcpPost, modernPost, rpc, toolCall } from '../support/mcp-events';

const HUGE = 500_000;
/** Far below what the request carried: the answer does not grow with it. */
const SMALL_ANSWER_BYTES = 2_000;

function handler() {
  return testHandler({ tools: TOOLS, access: 'live-trading' });
}

test('a 500 000-character tool name gets a small answer quoting 100 characters of it', async () => {
  const test = handler();
  const result = await test.invoke(mcpPost(toolCall('n'.repeat(HUGE))));
  expect(result.body.length).toBeLessThan(SMALL_ANSWER_BYTES);
  const { message } = body(result).error!;
  expect(message).toContain(`${'n'.repeat(QUOTED_VALUE_CHARS)}… (${HUGE} characters)`);
  expect(message).not.toContain('n'.repeat(QUOTED_VALUE_CHARS + 1));
  expect(test.client.calls).toEqual([]);
});

test('the SDK quoting a 500 000-character body value back (a header/body mismatch) is cut too', async () => {
  const result = await handler().invoke(
    modernPost(toolCall('n'.repeat(HUGE)), { headers: { 'Mcp-Name': 'read_project' } }),
  );
  expect(result.statusCode).toBe(400);
  expect(result.body.length).toBeLessThan(SMALL_ANSWER_BYTES);
  const { code, message, data } = body(result).error!;
  expect(code).toBe(-32020);
  expect(message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS + 30);
  expect(message).toMatch(/^Bad Request: the request headers and body disagree: /);
  for (const text of JSON.stringify(data).match(/"[^"]*"/g) ?? []) {
    expect(text.length).toBeLessThanOrEqual(QUOTED_VALUE_CHARS + 30);
  }
});

test('a 500 000-character method in a 2026-07-28 request is cut in the mismatch answer', async () => {
  const result = await handler().invoke(modernPost(rpc('m'.repeat(HUGE)), { headers: { 'Mcp-Method': 'tools/list' } }));
  expect(result.statusCode).toBe(400);
  expect(result.body.length).toBeLessThan(SMALL_ANSWER_BYTES);
});

test('a short error answer is left exactly as the SDK wrote it', async () => {
  const result = await handler().invoke(mcpPost(rpc('prompts/list')));
  expect(body(result).error).toEqual({ code: -32601, message: 'Method not found' });
});

test(`unknown argument keys: the first ${MAX_NAMED_UNKNOWN_KEYS} are named, each cut to 100 characters, the rest counted`, async () => {
  const test = handler();
  const keys = Array.from({ length: 50 }, (_, index) => `${String(index).padStart(2, '0')}${'k'.repeat(2_000)}`);
  const result = await test.invoke(
    mcpPost(toolCall('read_project', { projectId: 3, ...Object.fromEntries(keys.map((key) => [key, 1])) })),
  );
  const { text, isError } = toolText(result);
  expect(isError).toBe(true);
  expect(text.length).toBeLessThan(SMALL_ANSWER_BYTES);
  for (const key of keys.slice(0, MAX_NAMED_UNKNOWN_KEYS)) {
    expect(text).toContain(`"${key.slice(0, QUOTED_VALUE_CHARS)}… (${key.length} characters)" is not a field`);
  }
  expect(text).not.toContain(keys[MAX_NAMED_UNKNOWN_KEYS].slice(0, 2));
  expect(text).toContain(`${keys.length - MAX_NAMED_UNKNOWN_KEYS} more keys are not fields`);
  expect(test.client.calls).toEqual([]);
});

test('a key longer than any typo of a field gets no suggestion (none is computed), a short one still does', () => {
  expect(suggestField('project_Id', ['projectId'])).toBe('projectId');
  expect(suggestField(`project${'_'.repeat(100)}Id`, ['projectId'])).toBeUndefined();
});

test(`problems with values: the first ${MAX_NAMED_VALUE_PROBLEMS} are said, the rest counted`, async () => {
  const files = Array.from({ length: 1_000 }, () => ({ name: 1, content: 2 }));
  const { text, isError } = toolText(
    await handler().invoke(mcpPost(toolCall('check_syntax', { language: 'Py', files }))),
  );
  expect(isError).toBe(true);
  expect(text.length).toBeLessThan(SMALL_ANSWER_BYTES);
  expect(text).toContain('files.0.name: Invalid input: expected string, received number');
  expect(text).toContain(`${2 * files.length - MAX_NAMED_VALUE_PROBLEMS} more values are invalid`);
});

test('an error’s data is bounded in depth, items and string length; a small error is returned as it was', () => {
  const small = { jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'Invalid params', data: { field: 'x' } } };
  expect(boundedErrorAnswer(small)).toBe(small);
  const bounded = boundedErrorAnswer({
    id: 1,
    error: {
      code: -32020,
      message: 'm'.repeat(1_000),
      data: {
        list: Array.from({ length: 1_000 }, () => 's'.repeat(1_000)),
        deep: { a: { b: { c: { d: 'too deep' } } } },
      },
    },
  });
  const data = bounded.error?.data as { list: string[]; deep: unknown };
  expect(data.list).toHaveLength(17);
  expect(data.list.at(-1)).toBe('… (1000 items)');
  expect(data.list[0]).toBe(`${'s'.repeat(QUOTED_VALUE_CHARS)}… (1000 characters)`);
  expect(JSON.parse(JSON.stringify(data.deep))).toEqual({ a: { b: {} } });
  expect(bounded.error?.message).toBe(`${'m'.repeat(MAX_ERROR_MESSAGE_CHARS)}… (1000 characters)`);
});
