/** Fields with no value cost an agent tokens and say nothing. */
export function definedOnly(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null || value === '') continue;
    out[key] = value;
  }
  return out;
}

/** QuantConnect nests most answers one level down (`backtest`, `optimization`, …); a missing one reads as empty. */
export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string field, or '' when QuantConnect left it out or sent something else. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
