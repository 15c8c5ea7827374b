/**
 * One CloudWatch dashboard for the server: what agents call and how it goes (per-tool metrics the
 * function writes in Embedded Metric Format), the Lambda and API Gateway metrics, and the alarms.
 */
import { Construct } from 'constructs';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { METRICS_NAMESPACE } from '../lambda/observability/metrics';

/** The dimensions the function's per-tool metrics carry (EMF on its log lines: no API cost). */
const TOOL_DIMENSION = 'ToolName';
const ENVIRONMENT_DIMENSION = 'Environment';

export interface McpDashboardProps {
  /** Region of the metrics. */
  readonly region: string;
  readonly functionName: string;
  /** The REST API's name and stage: API Gateway's metric dimensions. */
  readonly apiName: string;
  readonly stageName: string;
  /**
   * The deployment environment whose tool metrics to show: the function's QC_MCP_ENVIRONMENT, their
   * Environment dimension. Other environments in the account write the same metric names.
   */
  readonly environment: string;
  /** Alarms shown with their state. */
  readonly alarmArns: readonly string[];
  /** @default 'qc-mcp-dashboard' */
  readonly dashboardName?: string;
  /** Seconds per data point. @default 300 */
  readonly period?: number;
}

type Metric = (string | Record<string, unknown>)[];
interface Widget {
  readonly type: 'metric' | 'alarm' | 'text';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

/**
 * @resource aws_cloudwatch_dashboard
 */
export class McpDashboard extends Construct {
  readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: McpDashboardProps) {
    super(scope, id);
    const period = props.period ?? 300;
    const graph = (title: string, metrics: Metric[], extra: Record<string, unknown> = {}) => ({
      view: 'timeSeries',
      region: props.region,
      title,
      period,
      metrics,
      ...extra,
    });
    // One line per tool, whichever tools are in use: a SEARCH over the ToolName dimension, held to
    // this stack's environment. Without a label, CloudWatch names each line by its dimension values.
    const perTool = (metricName: string, stat: string): Metric => [
      {
        expression:
          `SEARCH('{${METRICS_NAMESPACE},${TOOL_DIMENSION},${ENVIRONMENT_DIMENSION}} MetricName="${metricName}" ` +
          `${ENVIRONMENT_DIMENSION}="${props.environment}"', '${stat}', ${period})`,
        id: metricName.toLowerCase(),
      },
    ];
    const lambda = (metricName: string, stat: string, label = metricName): Metric => [
      'AWS/Lambda',
      metricName,
      'FunctionName',
      props.functionName,
      { stat, label },
    ];
    const gateway = (metricName: string, stat: string, label = metricName): Metric => [
      'AWS/ApiGateway',
      metricName,
      'ApiName',
      props.apiName,
      'Stage',
      props.stageName,
      { stat, label },
    ];

    const row = (y: number, height: number, widgets: Omit<Widget, 'x' | 'y' | 'height'>[]): Widget[] => {
      let x = 0;
      return widgets.map((widget) => {
        const placed = { ...widget, x, y, height };
        x += widget.width;
        return placed;
      });
    };
    const widgets: Widget[] = [
      ...row(0, 6, [
        {
          type: 'metric',
          width: 8,
          properties: graph('Tool calls by tool', [perTool('ToolCalls', 'Sum')], { stacked: true }),
        },
        {
          type: 'metric',
          width: 8,
          // Refused calls (unknown tool, tier, bad arguments) are the client's mistakes, not the tool's use.
          properties: graph('Tool errors and refused calls by tool', [
            perTool('ToolErrors', 'Sum'),
            perTool('RejectedToolCalls', 'Sum'),
          ]),
        },
        {
          type: 'metric',
          width: 8,
          properties: graph('QuantConnect latency by tool (ms, average)', [perTool('QuantConnectLatency', 'Average')]),
        },
      ]),
      ...row(6, 6, [
        {
          type: 'metric',
          width: 6,
          properties: graph('Lambda invocations and errors', [lambda('Invocations', 'Sum'), lambda('Errors', 'Sum')]),
        },
        {
          type: 'metric',
          width: 6,
          properties: graph('Lambda duration (ms)', [
            lambda('Duration', 'p50', 'Duration p50'),
            lambda('Duration', 'p99', 'Duration p99'),
          ]),
        },
        { type: 'metric', width: 6, properties: graph('Lambda throttles', [lambda('Throttles', 'Sum')]) },
        {
          type: 'metric',
          width: 6,
          properties: graph('Lambda concurrent executions', [lambda('ConcurrentExecutions', 'Maximum')]),
        },
      ]),
      ...row(12, 6, [
        { type: 'metric', width: 6, properties: graph('API requests', [gateway('Count', 'Sum', 'Requests')]) },
        {
          type: 'metric',
          width: 6,
          properties: graph('API errors', [gateway('4XXError', 'Sum', '4XX'), gateway('5XXError', 'Sum', '5XX')]),
        },
        {
          type: 'metric',
          width: 6,
          properties: graph('API latency (ms)', [
            gateway('Latency', 'p50', 'Latency p50'),
            gateway('Latency', 'p99', 'Latency p99'),
          ]),
        },
        {
          type: 'metric',
          width: 6,
          properties: graph('API integration latency (ms)', [
            gateway('IntegrationLatency', 'p50', 'Integration p50'),
            gateway('IntegrationLatency', 'p99', 'Integration p99'),
          ]),
        },
      ]),
      ...row(18, 3, [{ type: 'alarm', width: 24, properties: { title: 'Alarms', alarms: [...props.alarmArns] } }]),
    ];

    const dashboard = new CloudwatchDashboard(this, 'Resource', {
      dashboardName: props.dashboardName ?? 'qc-mcp-dashboard',
      dashboardBody: JSON.stringify({ widgets }),
    });
    this.dashboardName = dashboard.dashboardName;
  }
}
