/**
 * The alarms an operator of the server needs: the function fails, runs into the gateway's 29 s
 * ceiling or is throttled at its reserved concurrency, or the API answers 5XX (which includes the
 * gateway's own 502 and 504, never seen by the function). They notify an SNS topic and/or an
 * e-mail address; with neither, synthesis warns that they notify no one.
 */
import { Construct } from 'constructs';
import { Annotations } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { METRICS_NAMESPACE } from '../lambda/observability/metrics';
import { REQUEST_TIME_BUDGET_MS } from '../lambda/time-budget';

export interface McpAlarmsProps {
  /** The function watched. */
  readonly functionName: string;
  /** The API and stage watched for 5XX answers. */
  readonly api: { readonly apiName: string; readonly stageName: string };
  /** @default 'QC-MCP-High-Error-Rate' */
  readonly errorAlarmName?: string;
  /** @default 'QC-MCP-High-Duration' */
  readonly durationAlarmName?: string;
  /** @default 'QC-MCP-API-5XX' */
  readonly api5xxAlarmName?: string;
  /** @default 'QC-MCP-Throttles' */
  readonly throttleAlarmName?: string;
  /**
   * Alarm when the function refuses to create an OAuth client (its cap reached, or Cognito
   * refusing): the `Environment` of its metrics, when OAuth is on. @default no such alarm
   */
  readonly oauthClients?: { readonly environment: string; readonly alarmName?: string };
  /** Alarm when the API answers more 5XX than this in 5 minutes, two periods running. @default 5 */
  readonly api5xxThreshold?: number;
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
  readonly api5xxAlarmArn: string;
  readonly throttleAlarmArn: string;
  /** The OAuth client refusals alarm, when OAuth is on. */
  readonly oauthClientAlarmArn?: string;
  /** The topic created for the e-mail subscription, when there is one. */
  readonly topicArn?: string;

  constructor(scope: Construct, id: string, props: McpAlarmsProps) {
    super(scope, id);
    const errorThreshold = props.errorThreshold ?? 5;
    const durationThresholdMs = props.durationThresholdMs ?? REQUEST_TIME_BUDGET_MS;
    const api5xxThreshold = props.api5xxThreshold ?? 5;

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
    if (actions.length === 0) {
      Annotations.of(this).addWarning(
        'The alarms notify no one: set QC_MCP_ALARM_EMAIL (an address to subscribe) or QC_MCP_ALARM_TOPIC_ARN ' +
          '(an existing SNS topic), or props email/topicArn, to hear when the server fails.',
      );
    }

    const common = {
      period: 300,
      comparisonOperator: 'GreaterThanThreshold',
      // No invocations is not a problem.
      treatMissingData: 'notBreaching',
      alarmActions: actions,
      okActions: actions,
    };
    const ofFunction = { namespace: 'AWS/Lambda', dimensions: { FunctionName: props.functionName } };
    const errors = new CloudwatchMetricAlarm(this, 'HighErrorRate', {
      ...common,
      ...ofFunction,
      alarmName: props.errorAlarmName ?? 'QC-MCP-High-Error-Rate',
      alarmDescription: `More than ${errorThreshold} function errors in 5 minutes, twice in a row: read the function's logs.`,
      metricName: 'Errors',
      statistic: 'Sum',
      threshold: errorThreshold,
      evaluationPeriods: 2,
    });
    const duration = new CloudwatchMetricAlarm(this, 'HighDuration', {
      ...common,
      ...ofFunction,
      alarmName: props.durationAlarmName ?? 'QC-MCP-High-Duration',
      alarmDescription:
        `Average duration above ${durationThresholdMs / 1000} s for 15 minutes: calls near API Gateway's ` +
        '29 s limit; QuantConnect may be slow.',
      metricName: 'Duration',
      statistic: 'Average',
      threshold: durationThresholdMs,
      evaluationPeriods: 3,
    });
    const api5xx = new CloudwatchMetricAlarm(this, 'Api5xx', {
      ...common,
      alarmName: props.api5xxAlarmName ?? 'QC-MCP-API-5XX',
      alarmDescription:
        `More than ${api5xxThreshold} 5XX answers of the API in 5 minutes, twice in a row: gateway timeouts (504) ` +
        'and function failures reach clients; read the access log and the function logs.',
      namespace: 'AWS/ApiGateway',
      dimensions: { ApiName: props.api.apiName, Stage: props.api.stageName },
      metricName: '5XXError',
      statistic: 'Sum',
      threshold: api5xxThreshold,
      evaluationPeriods: 2,
    });
    const throttles = new CloudwatchMetricAlarm(this, 'Throttles', {
      ...common,
      ...ofFunction,
      alarmName: props.throttleAlarmName ?? 'QC-MCP-Throttles',
      alarmDescription:
        'The function was throttled: it reached its reserved concurrency (or the account limit) and requests ' +
        'were refused. A leaked API key, or a real rise in use: check the access log by apiKeyId.',
      metricName: 'Throttles',
      statistic: 'Sum',
      threshold: 0,
      evaluationPeriods: 1,
    });
    if (props.oauthClients !== undefined) {
      this.oauthClientAlarmArn = new CloudwatchMetricAlarm(this, 'OAuthClientRefusals', {
        ...common,
        alarmName: props.oauthClients.alarmName ?? 'QC-MCP-OAuth-Client-Refusals',
        alarmDescription:
          'The function refused to create an OAuth client (its cap QC_MCP_OAUTH_MAX_CLIENTS reached, or Cognito ' +
          'refusing): new clients cannot sign in. Delete unused qc-mcp-dcr-/qc-mcp-cimd- app clients (docs/oauth.md).',
        namespace: METRICS_NAMESPACE,
        dimensions: { Environment: props.oauthClients.environment },
        metricName: 'OAuthClientRefusals',
        statistic: 'Sum',
        threshold: 0,
        evaluationPeriods: 1,
      }).arn;
    }
    this.errorAlarmArn = errors.arn;
    this.durationAlarmArn = duration.arn;
    this.api5xxAlarmArn = api5xx.arn;
    this.throttleAlarmArn = throttles.arn;
  }

  get alarmArns(): string[] {
    return [
      this.errorAlarmArn,
      this.durationAlarmArn,
      this.api5xxAlarmArn,
      this.throttleAlarmArn,
      ...(this.oauthClientAlarmArn === undefined ? [] : [this.oauthClientAlarmArn]),
    ];
  }
}
