/**
 * How long one request may work: API Gateway gives up on its integration at 29 s and answers 504,
 * so a tool call, and the QuantConnect calls it makes, stop at 25 s and answer an MCP error instead.
 * The tool budget (server.ts), the QuantConnect client's default deadline and the duration alarm
 * of the stack all use this one value.
 */
export const REQUEST_TIME_BUDGET_MS = 25_000;
