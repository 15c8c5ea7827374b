/**
 * A real `terraform init`, `validate` and `plan` of the synthesized stack, offline: the AWS
 * provider 5.100.0 comes from the filesystem mirror in QC_MCP_TF_PROVIDER_MIRROR, credentials are
 * fake, state is local. What is planned is a copy of the synthesized stack directory, the Lambda
 * package it carries included, with two documented substitutions (see
 * __tests__/support/terraform-offline-copy.ts): the provider gets fake credentials and skips the
 * calls that would check them; the backend is a local file.
 *
 * Four configurations are planned: production as `cdktf synth` writes it from the command line
 * (proving synth runs offline), dev with every optional feature on (API keys and OAuth both),
 * production with OAuth only, and the state-bucket bootstrap.
 * Skipped, with the reason printed, only where terraform or the mirror is absent.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { App } from 'cdktf';
import { loadStackConfig } from '../../constructs/config';
import { QuantConnectMcpStack } from '../../constructs/mcp-stack';
import { StateBucketStack } from '../../constructs/state-bucket';
import { writeOfflineCopy, type OfflineCopy } from '../support/terraform-offline-copy';
import { TIER_SCOPES } from '../../lambda/auth/tiers';
import { PRODUCTION_RESOURCE_COUNTS } from './synth';
import {
  init,
  plan,
  terraformAvailability,
  validate,
  writeCliConfig,
  type PlanJson,
  type ValidateJson,
} from '../support/terraform';

const repositoryRoot = path.join(__dirname, '..', '..');
const availability = terraformAvailability();
if (!availability.available) console.log(`terraform plan tests skipped: ${availability.reason}`);
const describeWithTerraform = availability.available ? describe : describe.skip;

/** What `cdktf synth` sees: this process's environment without any stack setting or AWS credential. */
function synthEnvironment(settings: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !/^(QC_MCP_|AWS_|TF_)/.test(name));
  return { ...Object.fromEntries(inherited), CHECKPOINT_DISABLE: '1', ...settings };
}

const everyFeature = {
  QC_MCP_ENVIRONMENT: 'dev',
  QC_MCP_STATE_BACKEND: 'local',
  QC_MCP_ALLOWED_ORIGINS: 'https://app.example.com,http://localhost:6274',
  QC_MCP_ALARM_EMAIL: 'ops@example.com',
  QC_MCP_ALARM_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:on-call',
  QC_MCP_DOMAIN_NAME: 'mcp.example.com',
  QC_MCP_CERTIFICATE_ARN: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d',
  QC_MCP_VPC_SUBNET_IDS: 'subnet-0a1b,subnet-0c2d',
  QC_MCP_VPC_SECURITY_GROUP_IDS: 'sg-0e3f',
  QC_MCP_RESERVED_CONCURRENCY: '10',
  QC_MCP_PROVISIONED_CONCURRENCY: '2',
  QC_MCP_TRACING: 'true',
  QC_MCP_MANAGE_SECRET_VALUES: 'true',
  QC_MCP_PROTECT_LOG_GROUP: 'false',
  QC_MCP_AUTH: 'both',
  QC_MCP_OAUTH_MFA: 'required',
  QC_MCP_OAUTH_CALLBACK_URLS: 'http://localhost:7777/oauth/callback',
  QC_MCP_OAUTH_DOMAIN_PREFIX: 'qc-mcp-dev-example',
  QC_MCP_OAUTH_REGISTRATION: 'true',
  QC_MCP_OAUTH_THREAT_PROTECTION: 'audit',
  QC_MCP_DISABLE_EXECUTE_API_ENDPOINT: 'true',
  QC_MCP_PERMISSIONS_BOUNDARY_ARN: 'arn:aws:iam::123456789012:policy/qc-mcp-boundary',
};
const oauthOnly = { QC_MCP_STATE_BACKEND: 'local', QC_MCP_AUTH: 'oauth' };

interface Planned {
  readonly plan: PlanJson;
  readonly validate?: ValidateJson;
  readonly offline: OfflineCopy;
}

type After = Record<string, unknown>;
const changesOf = (planned: Planned, type: string) =>
  planned.plan.resource_changes.filter((change) => change.type === type && change.mode === 'managed');
const afterOf = (planned: Planned, type: string): After[] =>
  changesOf(planned, type).map((change) => change.change.after);
const onlyAfter = (planned: Planned, type: string): After => {
  const found = afterOf(planned, type);
  if (found.length !== 1) throw new Error(`expected one planned ${type}, found ${found.length}`);
  return found[0];
};
const countsOf = (planned: Planned) =>
  planned.plan.resource_changes
    .filter((change) => change.mode === 'managed')
    .reduce<Record<string, number>>(
      (counts, change) => ({ ...counts, [change.type]: (counts[change.type] ?? 0) + 1 }),
      {},
    );

describeWithTerraform('terraform plan, offline, against the AWS provider 5.100.0', () => {
  let work = '';
  afterAll(() => work && fs.rmSync(work, { recursive: true, force: true }));
  const secretToken = `token-that-must-not-leak-${randomUUID()}`;
  let production: Planned;
  let features: Planned;
  let oauth: Planned;
  let bootstrap: Planned;
  let cliSynthOutput = '';

  beforeAll(async () => {
    if (!availability.available) return;
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-mcp-plan-'));
    const cliConfigFile = writeCliConfig(work, availability.mirror);

    const prepare = (stackDirectory: string, name: string, variables: Record<string, string> = {}) => {
      const cwd = path.join(work, name);
      fs.mkdirSync(cwd);
      const offline = writeOfflineCopy(stackDirectory, cwd);
      return { run: { cwd, cliConfigFile, variables }, offline };
    };

    // Production, synthesized by the cdktf CLI exactly as an operator would, with no AWS access;
    // the dev configuration is synthesized and initialised meanwhile.
    const cliOutput = path.join(work, 'cli-synth');
    const cliSynth = promisify(execFile)(
      path.join(repositoryRoot, 'node_modules', '.bin', 'cdktf'),
      ['synth', '--output', cliOutput],
      { cwd: repositoryRoot, env: synthEnvironment({ QC_MCP_STATE_BACKEND: 'local' }) },
    );
    // The other configurations are synthesized in-process, from the same configuration path.
    const synthInProcess = (name: string, settings: Record<string, string>) => {
      const appOutput = path.join(work, `${name}-synth`);
      const app = new App({ outdir: appOutput });
      new QuantConnectMcpStack(app, 'qc-mcp', { config: loadStackConfig(settings) });
      app.synth();
      return path.join(appOutput, 'stacks', 'qc-mcp');
    };
    const devReady = (async () => {
      const dev = prepare(synthInProcess('app', everyFeature), 'dev', {
        quantconnect_user_id: '123456',
        quantconnect_api_token: secretToken,
      });
      await init(dev.run);
      return dev;
    })();
    const oauthReady = (async () => {
      const stack = prepare(synthInProcess('oauth', oauthOnly), 'oauth');
      await devReady; // one init at a time: the plugin cache is shared
      await init(stack.run);
      return stack;
    })();
    const prodReady = (async () => {
      const { stdout, stderr } = await cliSynth;
      cliSynthOutput = `${stdout}\n${stderr}`;
      const prod = prepare(path.join(cliOutput, 'stacks', 'qc-mcp'), 'prod');
      await oauthReady;
      await init(prod.run);
      return prod;
    })();
    const bootstrapReady = (async () => {
      const appOutput = path.join(work, 'bootstrap-synth');
      const app = new App({ outdir: appOutput });
      new StateBucketStack(app, 'qc-mcp-state', { bucketName: 'acme-qc-mcp-state', region: 'eu-central-1' });
      app.synth();
      const state = prepare(path.join(appOutput, 'stacks', 'qc-mcp-state'), 'bootstrap');
      await prodReady;
      await init(state.run);
      return state;
    })();
    [production, features, oauth, bootstrap] = await Promise.all([
      prodReady.then(async (prod) => {
        const [validation, planJson] = await Promise.all([validate(prod.run), plan(prod.run)]);
        return { plan: planJson, validate: validation, offline: prod.offline };
      }),
      // Planning validates too; a separate validate of this copy would only cost time.
      devReady.then(async (dev) => ({ plan: await plan(dev.run), offline: dev.offline })),
      oauthReady.then(async (stack) => ({ plan: await plan(stack.run), offline: stack.offline })),
      bootstrapReady.then(async (state) => ({ plan: await plan(state.run), offline: state.offline })),
    ]);
  }, 300_000);

  describe('of production, as `cdktf synth` writes it', () => {
    test('is valid, without a warning', () => {
      expect(production.validate).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
    });

    test('creates the documented resources and nothing else', () => {
      expect(production.plan.resource_changes.every((change) => change.change.actions.join() === 'create')).toBe(true);
      expect(countsOf(production)).toEqual(PRODUCTION_RESOURCE_COUNTS);
    });

    test('warns, as `cdktf synth` runs, that the alarms notify no one', () => {
      expect(cliSynthOutput).toContain('The alarms notify no one');
    });

    test('reads no data source: nothing is built at plan time that an apply elsewhere would miss', () => {
      expect(production.plan.resource_changes.filter((change) => change.mode === 'data')).toEqual([]);
    });

    test('deploys the package the synthesized directory carries, with that file’s hash, on Node.js 22', () => {
      const bundle = production.offline.bundle!;
      expect(onlyAfter(production, 'aws_lambda_function')).toMatchObject({
        function_name: 'qc-mcp-lambda-handler',
        runtime: 'nodejs22.x',
        handler: 'index.handler',
        memory_size: 1024,
        timeout: 30,
        architectures: ['arm64'],
        filename: bundle.path,
        source_code_hash: bundle.base64Sha256,
        reserved_concurrent_executions: 100,
        environment: [
          {
            variables: {
              NODE_ENV: 'production',
              AWS_LAMBDA_EXEC_WRAPPER: '/var/task/runtime-wrapper.sh',
              QC_MCP_ACCESS: 'standard',
              QC_MCP_ENVIRONMENT: 'prod',
              QC_MCP_USER_ID_SECRET: 'quant-connect-mcp/user-id',
              QC_MCP_API_TOKEN_SECRET: 'quant-connect-mcp/api-token',
              QC_MCP_ALLOWED_ORIGINS: '',
            },
          },
        ],
      });
      // index.js, the script Lambda starts Node through (lambda/runtime-wrapper.sh), and the SDK's
      // ajv validator the bundle requires on first use (scripts/lazy-ajv-plugin.mjs).
      expect(bundle.entries).toEqual(['index.js', 'runtime-wrapper.sh', 'sdk-ajv-validator.js']);
    });

    test('keeps the function’s logs and the access log 3 days', () => {
      const groups = afterOf(production, 'aws_cloudwatch_log_group').map((group) => [
        group.name,
        group.retention_in_days,
      ]);
      expect(groups.sort()).toEqual([
        ['/aws/apigateway/qc-mcp-api-gateway/access', 3],
        ['/aws/lambda/qc-mcp-lambda-handler', 3],
      ]);
    });

    test('writes the stage’s access log as JSON, compresses large answers, keeps the default endpoint', () => {
      const stage = onlyAfter(production, 'aws_api_gateway_stage') as {
        access_log_settings: { format: string }[];
      };
      expect(JSON.parse(stage.access_log_settings[0].format)).toMatchObject({ apiKeyId: '$context.identity.apiKeyId' });
      expect(onlyAfter(production, 'aws_api_gateway_rest_api')).toMatchObject({
        minimum_compression_size: '1024',
        disable_execute_api_endpoint: false,
      });
    });

    test('lets only Lambda assume the role, whose policy refers to the log group and the two secrets only', () => {
      const trust = JSON.parse(onlyAfter(production, 'aws_iam_role').assume_role_policy as string) as unknown;
      expect(trust).toEqual({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      });
      const policy = production.plan.configuration.root_module.resources.find(
        (resource) => resource.type === 'aws_iam_role_policy',
      );
      const referenced = new Set(
        (policy?.expressions.policy.references ?? []).filter((reference) => reference.endsWith('.arn')),
      );
      expect([...referenced].map((reference) => reference.split('.')[0]).sort()).toEqual([
        'aws_cloudwatch_log_group',
        'aws_secretsmanager_secret',
        'aws_secretsmanager_secret',
      ]);
    });

    test('throttles the stage and the key to 100 rps, bursts of 200, 10 000 requests a day', () => {
      expect(onlyAfter(production, 'aws_api_gateway_usage_plan')).toMatchObject({
        name: 'qc-mcp-usage-plan',
        throttle_settings: [{ rate_limit: 100, burst_limit: 200 }],
        quota_settings: [{ limit: 10000, period: 'DAY' }],
      });
      expect(onlyAfter(production, 'aws_api_gateway_method_settings')).toMatchObject({
        method_path: '*/*',
        settings: [{ metrics_enabled: true, throttling_rate_limit: 100, throttling_burst_limit: 200 }],
      });
      expect(onlyAfter(production, 'aws_api_gateway_stage')).toMatchObject({ stage_name: 'prod' });
    });

    test('requires the API key on POST /mcp only', () => {
      const methods = afterOf(production, 'aws_api_gateway_method').map((method) => [
        method.http_method,
        method.api_key_required,
      ]);
      expect(methods.sort()).toEqual([
        ['GET', false],
        ['OPTIONS', false],
        ['POST', true],
      ]);
    });

    test('raises the four alarms on the documented thresholds', () => {
      const alarms = afterOf(production, 'aws_cloudwatch_metric_alarm').map((alarm) => [
        alarm.alarm_name,
        alarm.metric_name,
        alarm.statistic,
        alarm.threshold,
        alarm.evaluation_periods,
      ]);
      expect(alarms.sort()).toEqual([
        ['QC-MCP-API-5XX', '5XXError', 'Sum', 5, 2],
        ['QC-MCP-High-Duration', 'Duration', 'Average', 25000, 3],
        ['QC-MCP-High-Error-Rate', 'Errors', 'Sum', 5, 2],
        ['QC-MCP-Throttles', 'Throttles', 'Sum', 0, 1],
      ]);
    });

    test('outputs the function name, and the API key value only as a sensitive value', () => {
      expect(production.plan.planned_values.outputs.function_name).toEqual({
        sensitive: false,
        type: 'string',
        value: 'qc-mcp-lambda-handler',
      });
      expect(production.plan.planned_values.outputs.api_key_value.sensitive).toBe(true);
    });
  });

  describe('of dev with every optional feature on', () => {
    test('serves the stage dev, on the custom domain only, and bounds the role by the boundary', () => {
      expect(onlyAfter(features, 'aws_api_gateway_stage')).toMatchObject({ stage_name: 'dev' });
      expect(onlyAfter(features, 'aws_api_gateway_rest_api')).toMatchObject({ disable_execute_api_endpoint: true });
      expect(onlyAfter(features, 'aws_iam_role')).toMatchObject({
        permissions_boundary: 'arn:aws:iam::123456789012:policy/qc-mcp-boundary',
      });
    });

    test('adds the alias, provisioned concurrency, custom domain, alarm topic and secret values', () => {
      expect(countsOf(features)).toMatchObject({
        aws_lambda_alias: 1,
        aws_lambda_provisioned_concurrency_config: 1,
        aws_api_gateway_domain_name: 1,
        aws_api_gateway_base_path_mapping: 1,
        aws_sns_topic: 1,
        aws_sns_topic_subscription: 1,
        aws_secretsmanager_secret_version: 2,
      });
    });

    test('runs a traced, reserved, published function in the VPC', () => {
      expect(onlyAfter(features, 'aws_lambda_function')).toMatchObject({
        function_name: 'qc-mcp-lambda-handler-dev',
        memory_size: 512,
        publish: true,
        reserved_concurrent_executions: 10,
        tracing_config: [{ mode: 'Active' }],
        vpc_config: [{ subnet_ids: ['subnet-0a1b', 'subnet-0c2d'], security_group_ids: ['sg-0e3f'] }],
      });
    });

    test('never puts the QuantConnect token into the plan', () => {
      expect(JSON.stringify(features.plan)).not.toContain(secretToken);
      for (const version of afterOf(features, 'aws_secretsmanager_secret_version')) {
        expect(version.secret_string_wo ?? null).toBeNull();
        expect(version.secret_string_wo_version).toBe(1);
      }
    });
  });

  describe('with OAuth (QC_MCP_AUTH=oauth, and both in dev)', () => {
    // A set in the provider's schema: planned in sorted order.
    const TIER_SET = [...TIER_SCOPES].sort();
    const postMethods = (planned: Planned) =>
      afterOf(planned, 'aws_api_gateway_method')
        .filter((method) => method.http_method === 'POST')
        .map((method) => [method.authorization, method.api_key_required, method.authorization_scopes ?? null]);

    test('plans the user pool (MFA required in prod), its domain, resource server, three tier groups and five app clients', () => {
      expect(countsOf(oauth)).toMatchObject({
        aws_cognito_user_pool: 1,
        aws_cognito_user_pool_domain: 1,
        aws_cognito_resource_server: 1,
        aws_cognito_user_group: 3,
        aws_cognito_user_pool_client: 5,
        aws_api_gateway_authorizer: 1,
      });
      expect(onlyAfter(oauth, 'aws_cognito_user_pool')).toMatchObject({
        name: 'qc-mcp-users',
        mfa_configuration: 'ON',
        admin_create_user_config: [{ allow_admin_create_user_only: true }],
        user_pool_tier: 'ESSENTIALS',
      });
      const publicClients = afterOf(oauth, 'aws_cognito_user_pool_client').filter(
        (client) => client.generate_secret === false,
      );
      expect(publicClients.map((client) => client.refresh_token_rotation)).toEqual(
        publicClients.map(() => [{ feature: 'ENABLED', retry_grace_period_seconds: 10 }]),
      );
      expect(
        afterOf(oauth, 'aws_cognito_user_pool_client').every((client) => client.access_token_validity === 15),
      ).toBe(true);
    });

    // The other POSTs without a key are the token endpoint and, when on, /oauth/register: a client
    // uses them before it has a token.
    const OPEN_POST = ['NONE', false, null];

    test('oauth alone: the Cognito authorizer on the MCP POST, the open token endpoint, no registration, no API key', () => {
      expect(postMethods(oauth)).toEqual([['COGNITO_USER_POOLS', false, TIER_SET], OPEN_POST]);
      expect(afterOf(oauth, 'aws_api_gateway_method_settings')).toHaveLength(1);
      expect(countsOf(oauth)).not.toHaveProperty('aws_api_gateway_api_key');
      expect(countsOf(oauth)).not.toHaveProperty('aws_api_gateway_usage_plan');
    });

    test('both: the API key on one POST, the authorizer on the other', () => {
      expect(postMethods(features).sort()).toEqual([
        ['COGNITO_USER_POOLS', false, TIER_SET],
        OPEN_POST,
        OPEN_POST,
        ['NONE', true, null],
      ]);
      expect(onlyAfter(features, 'aws_cognito_user_pool_domain')).toMatchObject({ domain: 'qc-mcp-dev-example' });
    });

    test('registration on in dev: its method throttled to 1 a second, bursts of 5; threat protection on Plus', () => {
      const throttled = afterOf(features, 'aws_api_gateway_method_settings').find(
        (settings) => settings.method_path === 'oauth/register/POST',
      );
      expect(throttled).toMatchObject({ settings: [{ throttling_rate_limit: 1, throttling_burst_limit: 5 }] });
      expect(onlyAfter(features, 'aws_cognito_user_pool')).toMatchObject({
        user_pool_tier: 'PLUS',
        user_pool_add_ons: [{ advanced_security_mode: 'AUDIT' }],
      });
    });

    test('the 401 names the metadata, served on the custom domain in dev', () => {
      const unauthorized = afterOf(features, 'aws_api_gateway_gateway_response').find(
        (response) => response.response_type === 'UNAUTHORIZED',
      );
      expect(unauthorized?.response_parameters).toMatchObject({
        'gatewayresponse.header.WWW-Authenticate':
          '\'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/oauth/mcp"\'',
      });
    });
  });

  describe('of the state-bucket bootstrap', () => {
    test('expires old state versions after 90 days, keeping the newest 10', () => {
      expect(onlyAfter(bootstrap, 'aws_s3_bucket_lifecycle_configuration')).toMatchObject({
        rule: [
          {
            status: 'Enabled',
            noncurrent_version_expiration: [{ noncurrent_days: 90, newer_noncurrent_versions: 10 }],
          },
        ],
      });
    });
  });
});
