import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { AnnotationMetadataEntryType } from 'cdktf';
import { loadStackConfig } from '../../constructs/config';
import { QuantConnectMcpStack } from '../../constructs/mcp-stack';
import { loadRuntimeConfig } from '../../lambda/config';
import { toolCallMetricMembers } from '../../lambda/observability/metrics';
import {
  onlyResource,
  referencesTo,
  referenceTo,
  resources,
  synthStack,
  testApp,
  type SynthesizedStack,
} from './synth';

interface AlarmJson {
  readonly treat_missing_data: string;
  readonly alarm_actions?: string[];
}
/** A line of a metric widget: [namespace, metric, dimension, value, …, options] or [{ expression }]. */
type MetricLine = (string | { readonly stat?: string; readonly expression?: string })[];
interface Widget {
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: { readonly region?: string; readonly metrics?: MetricLine[]; readonly alarms?: string[] };
}
const widgetsOf = (tf: SynthesizedStack): Widget[] =>
  (
    JSON.parse(onlyResource<{ dashboard_body: string }>(tf, 'aws_cloudwatch_dashboard').dashboard_body) as {
      widgets: Widget[];
    }
  ).widgets;
/** The expressions of the dashboard's SEARCH lines, in widget order. */
const searchesOf = (tf: SynthesizedStack): string[] =>
  widgetsOf(tf)
    .flatMap((widget) => widget.properties.metrics ?? [])
    .filter((line) => typeof line[0] === 'object')
    .map((line) => (line[0] as { expression?: string }).expression ?? '');

describe('alarms', () => {
  const { json, tf } = synthStack();
  const functionName = referenceTo(tf, 'aws_lambda_function', 'function_name');

  test('QC-MCP-High-Error-Rate: more than 5 function errors in 5 minutes, twice in a row', () => {
    expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'QC-MCP-High-Error-Rate',
      namespace: 'AWS/Lambda',
      metric_name: 'Errors',
      dimensions: { FunctionName: functionName },
      statistic: 'Sum',
      period: 300,
      evaluation_periods: 2,
      comparison_operator: 'GreaterThanThreshold',
      threshold: 5,
    });
  });

  test('QC-MCP-High-Duration: average duration above 25 s, three 5-minute periods in a row', () => {
    expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'QC-MCP-High-Duration',
      namespace: 'AWS/Lambda',
      metric_name: 'Duration',
      dimensions: { FunctionName: functionName },
      statistic: 'Average',
      period: 300,
      evaluation_periods: 3,
      comparison_operator: 'GreaterThanThreshold',
      threshold: 25000,
    });
  });

  test('QC-MCP-API-5XX: more than 5 5XX answers of the API stage in 5 minutes, twice in a row', () => {
    expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'QC-MCP-API-5XX',
      namespace: 'AWS/ApiGateway',
      metric_name: '5XXError',
      dimensions: {
        ApiName: referenceTo(tf, 'aws_api_gateway_rest_api', 'name'),
        Stage: referenceTo(tf, 'aws_api_gateway_stage', 'stage_name'),
      },
      statistic: 'Sum',
      period: 300,
      evaluation_periods: 2,
      comparison_operator: 'GreaterThanThreshold',
      threshold: 5,
    });
  });

  test('QC-MCP-Throttles: any throttled invocation of the function in 5 minutes', () => {
    expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'QC-MCP-Throttles',
      namespace: 'AWS/Lambda',
      metric_name: 'Throttles',
      dimensions: { FunctionName: functionName },
      statistic: 'Sum',
      period: 300,
      evaluation_periods: 1,
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
    });
  });

  test('treat a quiet period as healthy', () => {
    for (const alarm of resources(tf, 'aws_cloudwatch_metric_alarm'))
      expect(alarm.treat_missing_data).toBe('notBreaching');
  });

  test('notify nobody unless asked to', () => {
    expect(tf.resource.aws_sns_topic).toBeUndefined();
    for (const alarm of resources<AlarmJson>(tf, 'aws_cloudwatch_metric_alarm'))
      expect(alarm.alarm_actions ?? []).toEqual([]);
  });

  test('notify an e-mail address through a new topic, on alarm and on recovery', () => {
    const notified = synthStack({ QC_MCP_ALARM_EMAIL: 'ops@example.com' });
    expect(onlyResource(notified.tf, 'aws_sns_topic').name).toBe('qc-mcp-alarms');
    const topic = referenceTo(notified.tf, 'aws_sns_topic', 'arn');
    expect(notified.json).toHaveResourceWithProperties(SnsTopicSubscription, {
      topic_arn: topic,
      protocol: 'email',
      endpoint: 'ops@example.com',
    });
    for (const alarm of resources(notified.tf, 'aws_cloudwatch_metric_alarm')) {
      expect(alarm).toMatchObject({ alarm_actions: [topic], ok_actions: [topic] });
    }
  });

  describe('warn at synth when they notify no one', () => {
    const warningsFor = (settings: Record<string, string>) => {
      const stack = new QuantConnectMcpStack(testApp(), 'qc-mcp', {
        config: loadStackConfig({ QC_MCP_STATE_BACKEND: 'local', ...settings }),
      });
      return stack.node
        .findAll()
        .flatMap((construct) => construct.node.metadata)
        .filter((entry) => entry.type === (AnnotationMetadataEntryType.WARN as string))
        .map((entry) => String(entry.data));
    };

    test('naming the settings that fix it', () => {
      expect(warningsFor({})).toEqual([expect.stringMatching(/^The alarms notify no one: set QC_MCP_ALARM_EMAIL/)]);
    });

    test.each<Record<string, string>>([
      { QC_MCP_ALARM_EMAIL: 'ops@example.com' },
      { QC_MCP_ALARM_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:on-call' },
    ])('and not with %j', (settings) => {
      expect(warningsFor(settings)).toEqual([]);
    });
  });

  test('notify an existing topic', () => {
    const topic = 'arn:aws:sns:us-east-1:123456789012:on-call';
    const notified = synthStack({ QC_MCP_ALARM_TOPIC_ARN: topic });
    expect(notified.tf.resource.aws_sns_topic).toBeUndefined();
    for (const alarm of resources(notified.tf, 'aws_cloudwatch_metric_alarm')) {
      expect(alarm).toMatchObject({ alarm_actions: [topic], ok_actions: [topic] });
    }
  });
});

describe('the dashboard', () => {
  const { tf } = synthStack();
  const dev = synthStack({ QC_MCP_ENVIRONMENT: 'dev' }).tf;
  const widgets = widgetsOf(tf);
  const metricWidgets = widgets.filter((widget) => widget.type === 'metric');
  const lines = metricWidgets.flatMap((widget) => widget.properties.metrics ?? []);
  const optionsOf = (line: MetricLine) => line[line.length - 1] as { stat?: string; expression?: string };
  const metricsOf = (namespace: string) =>
    lines.filter((line) => line[0] === namespace).map((line) => `${line[1] as string}/${optionsOf(line).stat}`);

  test('is qc-mcp-dashboard', () => {
    expect(onlyResource(tf, 'aws_cloudwatch_dashboard').dashboard_name).toBe('qc-mcp-dashboard');
  });

  test('shows tool calls, tool errors, refused calls and QuantConnect latency, one line per tool, of prod only', () => {
    expect(searchesOf(tf)).toEqual([
      `SEARCH('{QuantConnectMCP,ToolName,Environment} MetricName="ToolCalls" Environment="prod"', 'Sum', 300)`,
      `SEARCH('{QuantConnectMCP,ToolName,Environment} MetricName="ToolErrors" Environment="prod"', 'Sum', 300)`,
      `SEARCH('{QuantConnectMCP,ToolName,Environment} MetricName="RejectedToolCalls" Environment="prod"', 'Sum', 300)`,
      `SEARCH('{QuantConnectMCP,ToolName,Environment} MetricName="QuantConnectLatency" Environment="prod"', 'Average', 300)`,
    ]);
  });

  test('of a dev stack shows dev’s tool metrics only', () => {
    const searches = searchesOf(dev);
    expect(searches).toHaveLength(4);
    for (const search of searches) {
      expect(search).toContain(' Environment="dev"');
      expect(search).not.toContain('prod');
    }
  });

  test.each([
    ['prod', tf],
    ['dev', dev],
  ])(
    'of %s searches exactly the namespace, dimensions, metrics and environment its function emits',
    (environment, stack) => {
      // What the runtime makes of the function's environment variables, as Lambda would start it.
      const variables = onlyResource<{ environment: { variables: Record<string, string> } }>(
        stack,
        'aws_lambda_function',
      ).environment.variables;
      type Emitted = {
        Environment: string;
        _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
      };
      // A call that ran (and reached QuantConnect) and one refused before it ran: every metric either emits.
      const emitted = [true, false].map(
        (ran) =>
          toolCallMetricMembers(
            {
              tool: 'read_backtest',
              environment: loadRuntimeConfig(variables).environment,
              ran,
              isError: false,
              quantConnectMs: 12,
            },
            0,
          ) as Emitted,
      );
      const searched = searchesOf(stack).map((expression) => {
        const [, namespace, dimensions, metric, filtered] =
          /^SEARCH\('\{([^,}]+),([^}]+)\} MetricName="(\w+)" Environment="([^"]+)"'/.exec(expression) ?? [];
        return { namespace, dimensions: dimensions?.split(','), metric, environment: filtered };
      });
      const byMetric = (a: { metric?: string }, b: { metric?: string }) =>
        String(a.metric).localeCompare(String(b.metric));
      expect(emitted.map((members) => members.Environment)).toEqual([environment, environment]);
      expect(searched.sort(byMetric)).toEqual(
        emitted
          .flatMap(
            ({
              _aws: {
                CloudWatchMetrics: [directive],
              },
              Environment,
            }) =>
              directive.Metrics.map((metric) => ({
                namespace: directive.Namespace,
                dimensions: directive.Dimensions[0],
                metric: metric.Name,
                environment: Environment,
              })),
          )
          .sort(byMetric),
      );
    },
  );

  test('shows the function’s invocations, errors, duration p50 and p99, throttles and concurrency', () => {
    expect(metricsOf('AWS/Lambda')).toEqual([
      'Invocations/Sum',
      'Errors/Sum',
      'Duration/p50',
      'Duration/p99',
      'Throttles/Sum',
      'ConcurrentExecutions/Maximum',
    ]);
    for (const line of lines.filter((candidate) => candidate[0] === 'AWS/Lambda')) {
      expect(line.slice(2, 4)).toEqual(['FunctionName', referenceTo(tf, 'aws_lambda_function', 'function_name')]);
    }
  });

  test('shows the API’s requests, 4XX and 5XX, latency and integration latency for the stage', () => {
    expect(metricsOf('AWS/ApiGateway')).toEqual([
      'Count/Sum',
      '4XXError/Sum',
      '5XXError/Sum',
      'Latency/p50',
      'Latency/p99',
      'IntegrationLatency/p50',
      'IntegrationLatency/p99',
    ]);
    for (const line of lines.filter((candidate) => candidate[0] === 'AWS/ApiGateway')) {
      expect(line.slice(2, 6)).toEqual([
        'ApiName',
        referenceTo(tf, 'aws_api_gateway_rest_api', 'name'),
        'Stage',
        referenceTo(tf, 'aws_api_gateway_stage', 'stage_name'),
      ]);
    }
  });

  test('shows every alarm', () => {
    const alarmWidget = widgets.find((widget) => widget.type === 'alarm');
    expect([...(alarmWidget?.properties.alarms ?? [])].sort()).toEqual(
      referencesTo(tf, 'aws_cloudwatch_metric_alarm', 'arn'),
    );
  });

  test('reads every metric from the stack’s region', () => {
    for (const widget of metricWidgets) expect(widget.properties.region).toBe('us-east-1');
    const elsewhere = synthStack({ QC_MCP_AWS_REGION: 'eu-west-1' });
    for (const widget of widgetsOf(elsewhere.tf).filter((candidate) => candidate.type === 'metric')) {
      expect(widget.properties.region).toBe('eu-west-1');
    }
  });

  test('lays its widgets out on the 24-column grid without overlap', () => {
    const cells = new Set<string>();
    for (const widget of widgets) {
      expect(widget.x + widget.width).toBeLessThanOrEqual(24);
      for (let x = widget.x; x < widget.x + widget.width; x++) {
        for (let y = widget.y; y < widget.y + widget.height; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });
});
