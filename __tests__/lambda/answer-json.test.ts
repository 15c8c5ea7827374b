/**
 * The answers' JSON: the same as serialising the answer objects, with the JSON of a frozen result
 * (the tools/list answer, built once per container) made once and reused under each request's id.
 */
import { answersJson } from '../../lambda/http/answer-json';
import type { JsonRpcAnswer } from '../../lambda/http/json-transport';
import { body, testHandler } from '../support/mcp-harness';
import { mcpPost } from '../support/mcp-events';

const answer = (id: string | number, result: Record<string, unknown>): JsonRpcAnswer => ({
  result,
  jsonrpc: '2.0',
  id,
});

test('an answer reads back as the answer object, a batch as the array of them', () => {
  const answers: JsonRpcAnswer[] = [
    answer(1, { tools: [{ name: 'read_project' }] }),
    { jsonrpc: '2.0', id: 'two', error: { code: -32601, message: 'Method not found' } },
    answer('three', Object.freeze({})),
  ];
  expect(JSON.parse(answersJson(answers.slice(0, 1), false))).toEqual(answers[0]);
  expect(JSON.parse(answersJson(answers, true))).toEqual(answers);
});

test('a frozen result is serialised once, and each answer carries its own id', () => {
  const result = Object.freeze({ tools: Object.freeze([Object.freeze({ name: 'read_project' })]) });
  const stringify = jest.spyOn(JSON, 'stringify');
  try {
    const first = answersJson([answer(1, result)], false);
    const second = answersJson([answer('b', result)], false);
    expect(stringify.mock.calls.filter(([value]) => value === result)).toHaveLength(1);
    expect(JSON.parse(first)).toEqual({ jsonrpc: '2.0', id: 1, result });
    expect(JSON.parse(second)).toEqual({ jsonrpc: '2.0', id: 'b', result });
  } finally {
    stringify.mockRestore();
  }
});

test('a result that is not frozen is serialised afresh each time', () => {
  const result: Record<string, unknown> = { count: 1 };
  expect(JSON.parse(answersJson([answer(1, result)], false))).toMatchObject({ result: { count: 1 } });
  result.count = 2;
  expect(JSON.parse(answersJson([answer(2, result)], false))).toMatchObject({ result: { count: 2 } });
});

test('a warm handler serialises the tools/list result once and answers it under each request id', async () => {
  const { invoke } = testHandler();
  const stringify = jest.spyOn(JSON, 'stringify');
  try {
    const first = body(await invoke(mcpPost({ jsonrpc: '2.0', id: 41, method: 'tools/list' })));
    const second = body(await invoke(mcpPost({ jsonrpc: '2.0', id: 'list-2', method: 'tools/list' })));
    const listSerialised = stringify.mock.calls.filter(([value]) =>
      Array.isArray((value as { tools?: unknown })?.tools),
    );
    expect(listSerialised).toHaveLength(1);
    expect([first.id, second.id]).toEqual([41, 'list-2']);
    expect(second.result?.tools).toEqual(first.result?.tools);
    expect(first.result?.tools?.length).toBeGreaterThan(0);
  } finally {
    stringify.mockRestore();
  }
});
