/**
 * The whole deployment of the QuantConnect MCP server, from one validated configuration.
 *
 * Construct ids are Terraform addresses: renaming one (here or inside a construct) destroys and
 * recreates that resource in every deployment. __tests__/stack/addresses.test.ts pins the
 * production addresses; a rename must come with `moveFromId` (a `moved` block) or a reason.
 */
import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { McpAlarms } from './alarms';
import type { StackConfig } from './config';
import { McpCustomDomain } from './custom-domain';
import { McpDashboard } from './dashboard';
import { ENVIRONMENT_PRESETS, resourceNames } from './environments';
import { McpApi } from './mcp-api';
import { McpAuth } from './mcp-auth';
import { McpFunction } from './mcp-function';
import { McpSecrets } from './secrets';
import { useStateBackend } from './state-backend';

export interface QuantConnectMcpStackProps {
  readonly config: StackConfig;
  /** Directory of the Lambda bundle. @default dist/lambda of this project */
  readonly bundleDir?: string;
}

export class QuantConnectMcpStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: QuantConnectMcpStackProps) {
    super(scope, id);
    const { config } = props;
    const preset = ENVIRONMENT_PRESETS[config.environment];
    const names = resourceNames(config.environment);
    const reservedConcurrency =
      config.reservedConcurrency === 'none' ? undefined : (config.reservedConcurrency ?? preset.reservedConcurrency);

    new AwsProvider(this, 'aws', {
      region: config.region,
      defaultTags: [{ tags: { Project: 'quantconnect-mcp', Environment: config.environment, ManagedBy: 'cdktf' } }],
    });
    useStateBackend(this, config.state);
    // Write-only secret values need 1.11, S3 lock files 1.10: fail with Terraform's own clear message.
    this.addOverride('terraform.required_version', '>= 1.11.0');

    const secrets = new McpSecrets(this, 'Secrets', {
      userIdSecretName: names.userIdSecretName,
      apiTokenSecretName: names.apiTokenSecretName,
      recoveryWindowInDays: preset.secretRecoveryWindowDays,
      writeValues: config.manageSecretValues,
    });
    const auth = new McpAuth(this, 'Auth', {
      mode: config.auth,
      oauth: config.oauth,
      region: config.region,
      publicOrigin: config.customDomain ? `https://${config.customDomain.domainName}` : undefined,
      userPoolName: names.userPoolName,
      clientNamePrefix: names.appClientPrefix,
      deletionProtection: config.environment === 'prod',
    });
    const fn = new McpFunction(this, 'Function', {
      secrets,
      functionName: names.functionName,
      roleName: names.roleName,
      policyName: names.policyName,
      bundleDir: props.bundleDir,
      memorySize: preset.memorySize,
      timeoutSeconds: preset.timeoutSeconds,
      logRetentionDays: preset.logRetentionDays,
      protectLogGroup: config.protectLogGroup,
      environment: config.environment,
      access: config.access,
      allowedOrigins: config.allowedOrigins,
      tracing: config.tracing,
      vpc: config.vpc,
      reservedConcurrency,
      provisionedConcurrency: config.provisionedConcurrency,
      authEnvironment: auth.functionEnvironment,
      authPolicyStatements: auth.functionPolicyStatements,
      permissionsBoundaryArn: config.permissionsBoundaryArn,
    });
    const api = new McpApi(this, 'Api', {
      handler: fn,
      apiName: names.apiName,
      apiKeyName: names.apiKeyName,
      usagePlanName: names.usagePlanName,
      stageName: names.stageName,
      allowedOrigins: config.allowedOrigins,
      tracing: config.tracing,
      auth,
      disableExecuteApiEndpoint: config.disableExecuteApiEndpoint,
      accessLog: config.accessLog
        ? { logGroupName: names.accessLogGroupName, retentionDays: preset.logRetentionDays }
        : false,
    });
    const alarms = new McpAlarms(this, 'Alarms', {
      functionName: fn.functionName,
      api: { apiName: api.apiName, stageName: api.stageName },
      errorAlarmName: names.errorAlarmName,
      durationAlarmName: names.durationAlarmName,
      api5xxAlarmName: names.api5xxAlarmName,
      throttleAlarmName: names.throttleAlarmName,
      oauthClients:
        auth.userPool === undefined
          ? undefined
          : { environment: config.environment, alarmName: names.oauthClientAlarmName },
      email: config.alarmEmail,
      topicName: names.alarmTopicName,
      topicArn: config.alarmTopicArn,
    });
    const dashboard = new McpDashboard(this, 'Dashboard', {
      region: config.region,
      functionName: fn.functionName,
      apiName: api.apiName,
      stageName: api.stageName,
      alarmArns: alarms.alarmArns,
      dashboardName: names.dashboardName,
      environment: config.environment,
    });

    const domain = config.customDomain
      ? new McpCustomDomain(this, 'CustomDomain', {
          ...config.customDomain,
          restApiId: api.restApiId,
          stageName: api.stageName,
        })
      : undefined;
    // With the default endpoint off (allowed only with a custom domain), the domain is the way in.
    const executeApiOff = config.disableExecuteApiEndpoint && domain !== undefined;

    new TerraformOutput(this, 'invoke_url', {
      value: api.invokeUrl,
      description: executeApiOff
        ? 'Invoke URL of the API stage, switched off (QC_MCP_DISABLE_EXECUTE_API_ENDPOINT): use mcp_url.'
        : 'Invoke URL of the API stage.',
    });
    if (api.apiKeyId !== undefined) {
      new TerraformOutput(this, 'mcp_url', {
        value: executeApiOff ? domain.mcpUrl : api.mcpUrl,
        description: 'The URL API-key clients connect to.',
      });
      new TerraformOutput(this, 'api_key_id', {
        value: api.apiKeyId,
        description: 'Id of the API key: aws apigateway get-api-key --include-value --api-key <id>.',
      });
      new TerraformOutput(this, 'api_key_value', {
        value: api.apiKeyValue,
        sensitive: true,
        description:
          'The x-api-key clients send (cdktf output --outputs-file, or terraform output -raw api_key_value).',
      });
    }
    oauthOutputs(this, auth);
    new TerraformOutput(this, 'function_name', { value: fn.functionName, description: 'The Lambda function.' });
    new TerraformOutput(this, 'log_group_name', {
      value: fn.logGroupName,
      description: 'aws logs tail <name> --follow',
    });
    if (api.accessLogGroupName !== undefined) {
      new TerraformOutput(this, 'access_log_group_name', {
        value: api.accessLogGroupName,
        description: 'The API stage access log, including the requests the gateway refused itself.',
      });
    }
    new TerraformOutput(this, 'dashboard_url', {
      value: `https://${config.region}.console.aws.amazon.com/cloudwatch/home?region=${config.region}#dashboards:name=${dashboard.dashboardName}`,
      description: 'The CloudWatch dashboard.',
    });

    if (config.customDomain && domain) {
      new TerraformOutput(this, 'custom_domain_mcp_url', {
        value: domain.mcpUrl,
        description: 'MCP URL on the custom domain.',
      });
      new TerraformOutput(this, 'custom_domain_target', {
        value: domain.targetDomainName,
        description: `Point a CNAME (or Route 53 alias) for ${config.customDomain.domainName} at this host name.`,
      });
    }
  }
}

/** What an operator needs to invite users and connect OAuth clients. */
function oauthOutputs(stack: TerraformStack, auth: McpAuth): void {
  const { userPool, appClients } = auth;
  if (userPool === undefined || appClients === undefined) return;
  new TerraformOutput(stack, 'oauth_mcp_url', {
    value: auth.oauthMcpUrl,
    description: 'The URL OAuth clients (claude.ai, ChatGPT, Claude Code, Cursor) connect to.',
  });
  new TerraformOutput(stack, 'oauth_resource_metadata_url', {
    value: auth.resourceMetadataUrl,
    description: 'The protected-resource metadata (RFC 9728) the 401 names.',
  });
  new TerraformOutput(stack, 'user_pool_id', {
    value: userPool.userPoolId,
    description: 'aws cognito-idp admin-create-user --user-pool-id <id> …, then admin-add-user-to-group.',
  });
  new TerraformOutput(stack, 'oauth_issuer', { value: userPool.issuer, description: 'The issuer of the tokens.' });
  new TerraformOutput(stack, 'oauth_login_url', {
    value: userPool.domainUrl,
    description: 'The managed login (authorize and token endpoints).',
  });
  new TerraformOutput(stack, 'oauth_client_ids', {
    value: appClients.clientIds,
    description: 'App client id per MCP client.',
  });
  new TerraformOutput(stack, 'oauth_client_secrets', {
    value: appClients.clientSecrets,
    sensitive: true,
    description: 'Secrets of the confidential clients (claude, chatgpt): terraform output -json oauth_client_secrets.',
  });
}
