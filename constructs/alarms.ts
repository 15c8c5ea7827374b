/**
 * The two alarms an operator of the server needs: the function fails, or it runs into the
 * gateway's 29 s ceiling. Optionally they notify an SNS topic or an e-mail address.
 */
import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';

export interface McpAlarmsProps {
  /** The function watched. */
  readonly functionName: string;
  /** @default 'QC-MCP-High-Error-Rate' */
  readonly errorAlarmName?: string;
  /** @default 'QC-MCP-High-Duration' */
  readonly durationAlarmName?: string;
  /** Alarm when more function errors than this in 5 minutes, two periods running. @default 5 */
  readonly errorThreshold?: number;
  /** Alarm when the average duration exceeds this many ms, three 5-minute periods running. @default 25000 */
  readonly durationThresholdMs?: number;
  /** Subscribe this address to a new SNS topic that the alarms notify (the owner confirms by e-mail). @default none */
  readonly email?: string;
  /** Name of that new topic. @default 'qc-mcp-alarms' */
  readonly topicName?: string;
  /** An existing SNS topic the alarms notify as well. @default none */
  readonly topicArn?: string;
}

/**
 * @resource aws_cloudwatch_metric_alarm
 */
export class McpAlarms extends Construct {
  readonly errorAlarmArn: string;
  readonly durationAlarmArn: string;
  /** The topic created for the e-mail subscription, when there is one. */
  readonly topicArn?: string;

  constructor(scope: Construct, id: string, props: McpAlarmsProps) {
    super(scope, id);
    const errorThreshold = props.errorThreshold ?? 5;
    const durationThresholdMs = props.durationThresholdMs ?? 25000;

    const actions: string[] = [];
    if (props.email !== undefined) {
      const topic = new SnsTopic(this, 'Topic', { name: props.topicName ?? 'qc-mcp-alarms' });
      new SnsTopicSubscription(this, 'EmailSubscription', {
        topicArn: topic.arn,
        protocol: 'email',
        endpoint: props.email,
      });
      this.topicArn = topic.arn;
      actions.push(topic.arn);
    }
    if (props.topicArn !== undefined) actions.push(props.topicArn);

    const common = {
      namespace: 'AWS/Lambda',
      dimensions: { FunctionName: props.functionName },
      period: 300,
      comparisonOperator: 'GreaterThanThreshold',
      // No invocations is not a problem.
      treatMissingData: 'notBreaching',
      alarmActions: actions,
      okActions: actions,
    };
    const errors = new CloudwatchMetricAlarm(this, 'HighErrorRate', {
      ...common,
      alarmName: props.errorAlarmName ?? 'QC-MCP-High-Error-Rate',
      alarmDescription: `More than ${errorThreshold} function errors in 5 minutes, twice in a row: read the function's logs.`,
      metricName: 'Errors',
      statistic: 'Sum',
      threshold: errorThreshold,
      evaluationPeriods: 2,
    });
    const duration = new CloudwatchMetricAlarm(this, 'HighDuration', {
      ...common,
      alarmName: props.durationAlarmName ?? 'QC-MCP-High-Duration',
      alarmDescription:
        `Average duration above ${durationThresholdMs / 1000} s for 15 minutes: calls near API Gateway's ` +
        '29 s limit; QuantConnect may be slow.',
      metricName: 'Duration',
      statistic: 'Average',
      threshold: durationThresholdMs,
      evaluationPeriods: 3,
    });
    this.errorAlarmArn = errors.arn;
    this.durationAlarmArn = duration.arn;
  }

  get alarmArns(): string[] {
    return [this.errorAlarmArn, this.durationAlarmArn];
  }
}
