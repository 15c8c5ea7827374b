/** QuantConnect's answer envelope (`success`, an empty `errors`) tells an agent nothing once a call succeeded. */
import type { QuantConnectResponse } from '../../quantconnect/types';

export function withoutEnvelope(response: QuantConnectResponse): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...response };
  delete rest.success;
  if (Array.isArray(rest.errors) && rest.errors.length === 0) delete rest.errors;
  return rest;
}

/**
 * For writes whose answer is the bare envelope: a sentence saying what was done, plus anything
 * else QuantConnect sent back (warnings, ids).
 */
export function confirm<Args>(sentence: (args: Args) => string) {
  return (response: QuantConnectResponse, args: Args): string | object => {
    const rest = withoutEnvelope(response);
    return Object.keys(rest).length === 0 ? sentence(args) : { result: sentence(args), ...rest };
  };
}
