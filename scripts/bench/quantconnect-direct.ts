/**
 * A bare signed POST to the QuantConnect API (here the fake): the floor a tool call cannot go
 * below. The benchmark subtracts its time from the handler's to get what our layers add.
 */
import { createHash } from 'node:crypto';

export interface DirectTarget {
  readonly baseUrl: string;
  readonly userId: string;
  readonly apiToken: string;
}

/** QuantConnect's documented scheme: Basic auth of `userId:sha256hex(apiToken:timestamp)`. */
function authHeaders(target: DirectTarget): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const hash = createHash('sha256').update(`${target.apiToken}:${timestamp}`).digest('hex');
  return {
    Authorization: `Basic ${Buffer.from(`${target.userId}:${hash}`).toString('base64')}`,
    Timestamp: timestamp,
  };
}

export interface DirectAnswer {
  readonly status: number;
  readonly text: string;
}

/** POSTs `body` to `endpoint` and reads the answer, nothing more (checking it is `assertSuccess`). */
export async function directPost(target: DirectTarget, endpoint: string, body: object): Promise<DirectAnswer> {
  const response = await fetch(`${target.baseUrl}${endpoint}`, {
    method: 'POST',
    headers: { ...authHeaders(target), 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

/** Returns the parsed answer; throws unless it is HTTP 200 with `success: true`. */
export function assertSuccess(endpoint: string, answer: DirectAnswer): Record<string, unknown> {
  const parsed: unknown = answer.status === 200 ? JSON.parse(answer.text) : undefined;
  if (typeof parsed !== 'object' || parsed === null || (parsed as { success?: unknown }).success !== true) {
    throw new Error(`${endpoint} answered HTTP ${answer.status}: ${answer.text.slice(0, 200)}`);
  }
  return parsed as Record<string, unknown>;
}
