/**
 * The deployment environments and what sets them apart. Production carries the names and sizes
 * the operator documentation promises; every other environment adds a suffix to every name so it
 * can live in the same AWS account next to production.
 */
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
}

export const ENVIRONMENT_PRESETS: Readonly<Record<EnvironmentName, EnvironmentPreset>> = {
  prod: { nameSuffix: '', memorySize: 1024, timeoutSeconds: 30, logRetentionDays: 3, secretRecoveryWindowDays: 30 },
  dev: { nameSuffix: '-dev', memorySize: 512, timeoutSeconds: 30, logRetentionDays: 1, secretRecoveryWindowDays: 0 },
};

/** The resource names of one environment: production's base names plus the environment's suffix. */
export interface ResourceNames {
  readonly functionName: string;
  readonly roleName: string;
  readonly policyName: string;
  readonly apiName: string;
  readonly apiKeyName: string;
  readonly usagePlanName: string;
  readonly userIdSecretName: string;
  readonly apiTokenSecretName: string;
  readonly errorAlarmName: string;
  readonly durationAlarmName: string;
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
    apiKeyName: `qc-mcp-api-key${suffix}`,
    usagePlanName: `qc-mcp-usage-plan${suffix}`,
    userIdSecretName: `quant-connect-mcp/user-id${suffix}`,
    apiTokenSecretName: `quant-connect-mcp/api-token${suffix}`,
    errorAlarmName: `QC-MCP-High-Error-Rate${suffix}`,
    durationAlarmName: `QC-MCP-High-Duration${suffix}`,
    alarmTopicName: `qc-mcp-alarms${suffix}`,
    dashboardName: `qc-mcp-dashboard${suffix}`,
    userPoolName: `qc-mcp-users${suffix}`,
    appClientPrefix: `qc-mcp${suffix}-`,
  };
}
