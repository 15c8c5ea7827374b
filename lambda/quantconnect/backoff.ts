/**
 * How long to wait before retrying: exponential back-off with full jitter (a random wait between
 * zero and base × 2^(retry − 1), capped), so that many clients failing together do not retry in
 * step; never shorter than what QuantConnect asked for with Retry-After.
 */
export interface BackOffPolicy {
  /** The upper bound of the first wait, in ms. */
  readonly baseDelayMs: number;
  /** The largest upper bound, in ms. */
  readonly maxDelayMs: number;
  /** Uniform in [0, 1). */
  readonly random: () => number;
}

/** The wait before retry number `retry` (1 for the first retry), in ms. */
export function retryDelay(policy: BackOffPolicy, retry: number, retryAfterSeconds?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.floor(policy.random() * ceiling);
  return retryAfterSeconds === undefined ? jittered : Math.max(jittered, retryAfterSeconds * 1000);
}
