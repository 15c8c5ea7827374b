/**
 * Per-tool metrics as CloudWatch Embedded Metric Format: the request's log line carries them and
 * CloudWatch Logs extracts them, so publishing costs no API call and no latency. The names are
 * the stack's dashboard contract: namespace QuantConnectMCP, dimensions ToolName and Environment,
 * metrics ToolCalls, ToolErrors and QuantConnectLatency for the calls that ran, RejectedToolCalls
 * for those refused before (an unknown tool, a tool outside the tier, bad arguments, a request the
 * protocol checks refused), so that a client's mistakes do not read as use of the tool.
 * Environment keeps the series of the environments sharing an account (prod, dev) apart, so each
 * dashboard shows only its own.
 */
import { TOOLS } from '../tools';

export const METRICS_NAMESPACE = 'QuantConnectMCP';

/**
 * The ToolName of a call whose name is not in the catalogue. Every distinct dimension value is a
 * new custom metric (billed monthly) and a new line on the dashboard, and a client may send any
 * name it likes: only the catalogue's names, a fixed set, become dimensions.
 */
export const UNKNOWN_TOOL = 'unknown';
const CATALOGUE_NAMES: ReadonlySet<string> = new Set(TOOLS.map((tool) => tool.name));

/** The ToolName dimension for a requested tool name. */
export function toolNameDimension(name: string): string {
  return CATALOGUE_NAMES.has(name) ? name : UNKNOWN_TOOL;
}

export interface ToolCallMetrics {
  /** The name the client asked for; recorded as given only when it is a catalogue name. */
  readonly tool: string;
  /** The deployment that served the call (RuntimeConfig.environment). */
  readonly environment: string;
  /** Whether the tool ran; a refused call counts as RejectedToolCalls only. */
  readonly ran: boolean;
  readonly isError: boolean;
  /** Undefined when the call never reached QuantConnect (bad arguments, access level). */
  readonly quantConnectMs?: number;
}

/**
 * The EMF members to merge into a log line's root. EMF requires every metric it declares to be
 * present at the root, so QuantConnectLatency is only declared when QuantConnect was called: a
 * zero for calls that never reached it would drag the latency statistics down.
 */
export function toolCallMetricMembers(metrics: ToolCallMetrics, timestamp: number): Record<string, unknown> {
  const declared = metrics.ran
    ? [
        { Name: 'ToolCalls', Unit: 'Count' },
        { Name: 'ToolErrors', Unit: 'Count' },
      ]
    : [{ Name: 'RejectedToolCalls', Unit: 'Count' }];
  const values: Record<string, number> = metrics.ran
    ? { ToolCalls: 1, ToolErrors: metrics.isError ? 1 : 0 }
    : { RejectedToolCalls: 1 };
  if (metrics.ran && metrics.quantConnectMs !== undefined) {
    declared.push({ Name: 'QuantConnectLatency', Unit: 'Milliseconds' });
    values.QuantConnectLatency = Math.round(metrics.quantConnectMs * 100) / 100;
  }
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        { Namespace: METRICS_NAMESPACE, Dimensions: [['ToolName', 'Environment']], Metrics: declared },
      ],
    },
    ToolName: toolNameDimension(metrics.tool),
    Environment: metrics.environment,
    ...values,
  };
}
