/**
 * QuantConnect's request signature, as documented on
 * https://www.quantconnect.com/docs/v2/cloud-platform/api-reference/authentication:
 * `Timestamp: <unix seconds>` and HTTP Basic auth with the user id as user name and
 * sha256_hex("<apiToken>:<timestamp>") as password. The token itself never leaves the process.
 */
import { createHash } from 'node:crypto';
import type { Credentials } from './types';

export interface AuthHeaders {
  readonly Timestamp: string;
  readonly Authorization: string;
}

export function authHeaders(credentials: Credentials, unixSeconds: number): AuthHeaders {
  const timestamp = String(Math.floor(unixSeconds));
  const hash = createHash('sha256').update(`${credentials.apiToken}:${timestamp}`, 'utf8').digest('hex');
  const basic = Buffer.from(`${credentials.userId}:${hash}`, 'utf8').toString('base64');
  return { Timestamp: timestamp, Authorization: `Basic ${basic}` };
}
