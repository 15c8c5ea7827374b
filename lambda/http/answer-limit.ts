/**
 * Keeps the answer of one POST within what AWS Lambda can return. A synchronous invocation's
 * response is at most 6 MB; past it API Gateway answers 502 and the client learns nothing. Each
 * tool result is capped already (MAX_RESULT_CHARS); this bounds the whole answer of a batch:
 * the largest answers are replaced, one by one, with an error saying what to do instead.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { JsonRpcCode } from './json-rpc-error';

/** Lambda's limit is 6,291,456 bytes for the whole proxy result: headers and escaping need room. */
export const MAX_ANSWER_BYTES = 6_000_000;
/** JSON escaping makes a character at most six (\u0000): below this the result cannot be too large. */
const ESCAPE_FACTOR = 6;

interface Answer {
  readonly id?: unknown;
}

function proxyBytes(result: APIGatewayProxyResult): number {
  return Buffer.byteLength(JSON.stringify(result));
}

function tooLarge(answer: Answer, bytes: number, limit: number): Answer {
  return {
    jsonrpc: '2.0',
    id: answer.id ?? null,
    error: {
      code: JsonRpcCode.InternalError,
      message:
        `The answer to this request (${bytes} bytes) did not fit in one HTTP answer (at most ${limit} bytes ` +
        'from AWS Lambda): send this call in a request of its own, or ask for less (a page, a filter, a summary).',
    },
  } as Answer;
}

export function fitAnswer(result: APIGatewayProxyResult, limit = MAX_ANSWER_BYTES): APIGatewayProxyResult {
  if (result.body.length * ESCAPE_FACTOR <= limit || proxyBytes(result) <= limit) return result;
  const parsed = JSON.parse(result.body) as Answer | Answer[];
  if (!Array.isArray(parsed)) {
    return { ...result, body: JSON.stringify(tooLarge(parsed, Buffer.byteLength(result.body), limit)) };
  }
  const answers = [...parsed];
  const sizes = answers.map((answer) => Buffer.byteLength(JSON.stringify(answer)));
  const largestFirst = answers.map((_answer, index) => index).sort((a, b) => sizes[b] - sizes[a]);
  let fitted = result;
  for (const index of largestFirst) {
    answers[index] = tooLarge(answers[index], sizes[index], limit);
    fitted = { ...result, body: JSON.stringify(answers) };
    if (proxyBytes(fitted) <= limit) break;
  }
  return fitted;
}
