import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { onlyResource, resources, synthStack, type SynthesizedStack } from './synth';

type Named = { readonly name: string };

const logGroupNames = (tf: SynthesizedStack) =>
  resources<Named>(tf, 'aws_cloudwatch_log_group').map((group) => group.name);

/** Every name an operator sees in the AWS console, by what it names. */
function consoleNames(tf: SynthesizedStack): Record<string, string | string[]> {
  return {
    function: onlyResource<{ function_name: string }>(tf, 'aws_lambda_function').function_name,
    logGroup: logGroupNames(tf).filter((name) => name.startsWith('/aws/lambda/')),
    role: onlyResource<Named>(tf, 'aws_iam_role').name,
    policy: onlyResource<Named>(tf, 'aws_iam_role_policy').name,
    api: onlyResource<Named>(tf, 'aws_api_gateway_rest_api').name,
    apiKey: onlyResource<Named>(tf, 'aws_api_gateway_api_key').name,
    usagePlan: onlyResource<Named>(tf, 'aws_api_gateway_usage_plan').name,
    secrets: resources<Named>(tf, 'aws_secretsmanager_secret')
      .map((secret) => secret.name)
      .sort(),
    alarms: resources<{ alarm_name: string }>(tf, 'aws_cloudwatch_metric_alarm')
      .map((alarm) => alarm.alarm_name)
      .sort(),
    dashboard: onlyResource<{ dashboard_name: string }>(tf, 'aws_cloudwatch_dashboard').dashboard_name,
    alarmTopic: onlyResource<Named>(tf, 'aws_sns_topic').name,
  };
}

describe('production', () => {
  const { tf, json } = synthStack({ QC_MCP_ALARM_EMAIL: 'ops@example.com' });

  test('uses the documented names, with no suffix', () => {
    expect(consoleNames(tf)).toEqual({
      function: 'qc-mcp-lambda-handler',
      logGroup: ['/aws/lambda/qc-mcp-lambda-handler'],
      role: 'qc-mcp-lambda-role',
      policy: 'qc-mcp-lambda-policy',
      api: 'qc-mcp-api-gateway',
      apiKey: 'qc-mcp-api-key',
      usagePlan: 'qc-mcp-usage-plan',
      secrets: ['quant-connect-mcp/api-token', 'quant-connect-mcp/user-id'],
      alarms: ['QC-MCP-API-5XX', 'QC-MCP-High-Duration', 'QC-MCP-High-Error-Rate', 'QC-MCP-Throttles'],
      dashboard: 'qc-mcp-dashboard',
      alarmTopic: 'qc-mcp-alarms',
    });
  });

  test('serves the stage prod and logs its access under the API’s name', () => {
    expect(onlyResource(tf, 'aws_api_gateway_stage').stage_name).toBe('prod');
    expect(logGroupNames(tf)).toContain('/aws/apigateway/qc-mcp-api-gateway/access');
  });

  test('reserves 100 concurrent executions for the function', () => {
    expect(onlyResource(tf, 'aws_lambda_function').reserved_concurrent_executions).toBe(100);
  });

  test('tags every resource with the project and the environment', () => {
    expect(json).toHaveProviderWithProperties(AwsProvider, {
      region: 'us-east-1',
      default_tags: [{ tags: { Project: 'quantconnect-mcp', Environment: 'prod', ManagedBy: 'cdktf' } }],
    });
  });
});

describe('dev', () => {
  const prod = synthStack({ QC_MCP_ALARM_EMAIL: 'ops@example.com' });
  const dev = synthStack({ QC_MCP_ENVIRONMENT: 'dev', QC_MCP_ALARM_EMAIL: 'ops@example.com' });

  test('adds -dev to every name, so it can live next to production in one account', () => {
    const withSuffix = (name: string | string[]) =>
      Array.isArray(name) ? name.map((item) => `${item}-dev`) : `${name}-dev`;
    expect(consoleNames(dev.tf)).toEqual(
      Object.fromEntries(Object.entries(consoleNames(prod.tf)).map(([what, name]) => [what, withSuffix(name)])),
    );
  });

  test('runs a smaller function with shorter log retention, its access log too', () => {
    expect(onlyResource(dev.tf, 'aws_lambda_function')).toMatchObject({ memory_size: 512, timeout: 30 });
    for (const group of resources(dev.tf, 'aws_cloudwatch_log_group')) expect(group.retention_in_days).toBe(1);
  });

  test('names its stage dev, so no URL of dev says prod', () => {
    expect(onlyResource(dev.tf, 'aws_api_gateway_stage').stage_name).toBe('dev');
    expect(logGroupNames(dev.tf)).toContain('/aws/apigateway/qc-mcp-api-gateway-dev/access');
  });

  test('reserves no concurrency (nothing set aside in a shared account)', () => {
    expect(onlyResource(dev.tf, 'aws_lambda_function')).not.toHaveProperty('reserved_concurrent_executions');
  });

  test('deletes its secrets at once when torn down, so it can be deployed again under the same names', () => {
    for (const secret of resources(dev.tf, 'aws_secretsmanager_secret')) expect(secret.recovery_window_in_days).toBe(0);
  });

  test('tells the function it is dev and the dev secret names', () => {
    expect(
      onlyResource<{ environment: { variables: Record<string, string> } }>(dev.tf, 'aws_lambda_function').environment
        .variables,
    ).toMatchObject({
      QC_MCP_ENVIRONMENT: 'dev',
      QC_MCP_USER_ID_SECRET: 'quant-connect-mcp/user-id-dev',
      QC_MCP_API_TOKEN_SECRET: 'quant-connect-mcp/api-token-dev',
    });
  });

  test('is tagged as dev', () => {
    expect(dev.json).toHaveProviderWithProperties(AwsProvider, {
      default_tags: [{ tags: { Project: 'quantconnect-mcp', Environment: 'dev', ManagedBy: 'cdktf' } }],
    });
  });
});
