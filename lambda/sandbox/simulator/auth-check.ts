/**
 * Checks a request's signature the way QuantConnect does. A missing or wrong signature gets HTTP
 * 200 with `{"errors":["Hash doesn't match. UID: … Hash: … Timestamp: '…'"],"success":false}` —
 * the text users report from the real API (QuantConnect forum, discussion 2953) and the one the
 * Lean CLI tests for. A timestamp too far from now gets the 401 the spec documents for "timestamp
 * is too old for hash" (the real window is not published; the fake allows five minutes).
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const TIMESTAMP_TOLERANCE_SECONDS = 300;

export interface AuthFailure {
  readonly status: 200 | 401;
  readonly body: Record<string, unknown>;
  readonly message: string;
}

export function checkAuth(
  headers: IncomingHttpHeaders,
  userId: string,
  apiToken: string,
  nowSeconds: number,
): AuthFailure | undefined {
  const timestamp = single(headers.timestamp) ?? '';
  const [scheme, encoded] = (single(headers.authorization) ?? '').split(' ');
  const [uid, hash] =
    scheme?.toLowerCase() === 'basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8').split(':') : [];
  const expected = createHash('sha256').update(`${apiToken}:${timestamp}`).digest('hex');
  if (!timestamp || uid !== userId || hash !== expected) {
    const message = `Hash doesn't match. UID: ${uid ?? ''} Hash: ${hash ?? ''} Timestamp: '${timestamp}'`;
    return { status: 200, body: { errors: [message], success: false }, message };
  }
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) {
    const message = `Timestamp ${timestamp} is too old for hash.`;
    return { status: 401, body: { errors: [message], success: false }, message };
  }
  return undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
