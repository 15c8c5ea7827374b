/**
 * The JSON body of the server's answers. A frozen result cannot change, so its JSON is made once
 * and reused for as long as the result lives: that is the `tools/list` answer, built and frozen
 * once per container (lambda/server.ts), whose 36 KB took most of a warm `tools/list`'s time to
 * serialise again on every request. Each answer still carries its own request's id.
 */
import type { JsonRpcAnswer } from './json-transport';

const frozenResultJson = new WeakMap<object, string>();

function resultJson(result: object): string {
  if (!Object.isFrozen(result)) return JSON.stringify(result);
  let json = frozenResultJson.get(result);
  if (json === undefined) {
    json = JSON.stringify(result);
    frozenResultJson.set(result, json);
  }
  return json;
}

function answerJson(answer: JsonRpcAnswer): string {
  if (!('result' in answer)) return JSON.stringify(answer);
  // The members and order of the SDK's Protocol, which builds every result answer.
  return `{"result":${resultJson(answer.result)},"jsonrpc":"2.0","id":${JSON.stringify(answer.id)}}`;
}

/** One answer as an object, or a batch's answers as an array. */
export function answersJson(answers: readonly JsonRpcAnswer[], batch: boolean): string {
  return batch ? `[${answers.map(answerJson).join(',')}]` : answerJson(answers[0]);
}
