/**
 * The metrics of the OAuth clients the function creates, as CloudWatch Embedded Metric Format:
 * OAuthClientsCreated (an app client made for a registration or a metadata document) and
 * OAuthClientRefusals (the cap reached, or Cognito refusing). The stack alarms on the refusals:
 * they mean new clients cannot sign in until someone cleans up (docs/oauth.md).
 */
import { METRICS_NAMESPACE } from './metrics';

export type ClientMetric = 'OAuthClientsCreated' | 'OAuthClientRefusals';

export const CLIENT_METRICS: readonly ClientMetric[] = ['OAuthClientsCreated', 'OAuthClientRefusals'];

/** One log line carrying the metric, labelled with the deployment's environment. */
export function clientMetricLine(metric: ClientMetric, environment: string, reason: string, timestamp = Date.now()) {
  return JSON.stringify({
    message: metric === 'OAuthClientsCreated' ? 'oauth client created' : 'oauth client refused',
    reason,
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        { Namespace: METRICS_NAMESPACE, Dimensions: [['Environment']], Metrics: [{ Name: metric, Unit: 'Count' }] },
      ],
    },
    Environment: environment,
    [metric]: 1,
  });
}
