/**
 * QuantConnect's per-call page limits, as the spec states them in each request's `end`
 * description. A default window must stay inside them, or every call with default arguments fails.
 */

/** Backtest orders, backtest insights and live insights: "end - start must be less than 100". */
export const MAX_RECORDS_PER_CALL = 99;
/** Live orders: "end - start must be <= 1,000". */
export const MAX_LIVE_ORDERS_PER_CALL = 1_000;
/** Live logs: "endLine - startLine <= 250". */
export const MAX_LOG_LINES_PER_CALL = 250;
