/**
 * The deployment environments and what sets them apart. Production carries the names and sizes
 * the operator documentation promises; every other environment adds a suffix to every name so it
 * can live in the same AWS account next to production.
 */
import { DEFAULT_API_TOKEN_SECRET, DEFAULT_USER_ID_SECRET } from '../lambda/config';

export const ENVIRONMENT_NAMES = ['dev', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

export interface EnvironmentPreset {
  /** Appended to every resource name ('' for production). */
  readonly nameSuffix: string;
  /** Lambda memory in MB (CPU scales with it). */
  readonly memorySize: number;
  /** Lambda timeout in seconds; API Gateway gives up at 29 s anyway. */
  readonly timeoutSeconds: number;
  /** CloudWatch Logs retention of the function's log group. */
  readonly logRetentionDays: number;
  /**
   * Days a deleted secret can be restored. 0 deletes at once, so a torn-down dev stack can be
   * deployed again under the same names; production keeps AWS's own default.
   */
  readonly secretRecoveryWindowDays: number;
  /**
   * Concurrent executions reserved for (and capping) the function, unless QC_MCP_RESERVED_CONCURRENCY
   * says otherwise. Production reserves 100: the usage plan admits 100 requests a second, and at the
   * usual 0.2–1 s per request that takes at most about 100 executions; a leaked key sending slow
   * calls (up to 30 s each) would otherwise climb to about 3,000, past an account's default 1,000,
   * and starve every other function of the account. Dev reserves none (no cap, nothing set aside).
   */
  readonly reservedConcurrency?: number;
}

export const ENVIRONMENT_PRESETS: Readonly<Record<EnvironmentName, EnvironmentPreset>> = {
  prod: {
    nameSuffix: '',
    memorySize: 1024,
    timeoutSeconds: 30,
    logRetentionDays: 3,
    secretRecoveryWindowDays: 30,
    reservedConcurrency: 100,
  },
  dev: { nameSuffix: '-dev', memorySize: 512, timeoutSeconds: 30, logRetentionDays: 1, secretRecoveryWindowDays: 0 },
};

/** The resource names of one environment: production's base names plus the environment's suffix. */
export interface ResourceNames {
  readonly functionName: string;
  readonly roleName: string;
  readonly policyName: string;
  readonly apiName: string;
  /** The API Gateway stage: the environment's own name, so dev's URLs never say prod. */
  readonly stageName: string;
  /** The stage's access log group. */
  readonly accessLogGroupName: string;
  readonly apiKeyName: string;
  readonly usagePlanName: string;
  readonly userIdSecretName: string;
  readonly apiTokenSecretName: string;
  readonly errorAlarmName: string;
  readonly durationAlarmName: string;
  readonly api5xxAlarmName: string;
  readonly throttleAlarmName: string;
  readonly oauthClientAlarmName: string;
  readonly alarmTopicName: string;
  readonly dashboardName: string;
  readonly userPoolName: string;
  readonly appClientPrefix: string;
}

export function resourceNames(environment: EnvironmentName): ResourceNames {
  const suffix = ENVIRONMENT_PRESETS[environment].nameSuffix;
  return {
    functionName: `qc-mcp-lambda-handler${suffix}`,
    roleName: `qc-mcp-lambda-role${suffix}`,
    policyName: `qc-mcp-lambda-policy${suffix}`,
    apiName: `qc-mcp-api-gateway${suffix}`,
    stageName: environment,
    accessLogGroupName: `/aws/apigateway/qc-mcp-api-gateway${suffix}/access`,
    apiKeyName: `qc-mcp-api-key${suffix}`,
    usagePlanName: `qc-mcp-usage-plan${suffix}`,
    userIdSecretName: `${DEFAULT_USER_ID_SECRET}${suffix}`,
    apiTokenSecretName: `${DEFAULT_API_TOKEN_SECRET}${suffix}`,
    errorAlarmName: `QC-MCP-High-Error-Rate${suffix}`,
    durationAlarmName: `QC-MCP-High-Duration${suffix}`,
    api5xxAlarmName: `QC-MCP-API-5XX${suffix}`,
    throttleAlarmName: `QC-MCP-Throttles${suffix}`,
    oauthClientAlarmName: `QC-MCP-OAuth-Client-Refusals${suffix}`,
    alarmTopicName: `qc-mcp-alarms${suffix}`,
    dashboardName: `qc-mcp-dashboard${suffix}`,
    userPoolName: `qc-mcp-users${suffix}`,
    appClientPrefix: `qc-mcp${suffix}-`,
  };
}
