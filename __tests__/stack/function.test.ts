import * as path from 'node:path';
import { Testing } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { McpFunction } from '../../constructs/mcp-function';
import {
  addressNamed,
  addressOf,
  emptyStack,
  onlyResource,
  referencesTo,
  referenceTo,
  synthStack,
  type SynthesizedStack,
} from './synth';

interface FunctionJson {
  readonly environment: { readonly variables: Record<string, string> };
  readonly publish: boolean;
  readonly depends_on: string[];
  readonly role: string;
}
interface PolicyDocument {
  readonly Statement: { Sid: string; Effect: string; Action: string | string[]; Resource: string | string[] }[];
}
const lambdaOf = (tf: SynthesizedStack) => onlyResource<FunctionJson>(tf, 'aws_lambda_function');
const FUNCTION_LOG_GROUP = '/aws/lambda/qc-mcp-lambda-handler';

describe('the Lambda function', () => {
  const { json, tf } = synthStack();

  test('runs the bundle on Node.js 22 with 1 GB, 30 s and Graviton', () => {
    expect(json).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'qc-mcp-lambda-handler',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      memory_size: 1024,
      timeout: 30,
      architectures: ['arm64'],
    });
  });

  test('gets exactly the agreed environment: production mode, runtime wrapper, tool access, deployment, secret names, origins', () => {
    expect(lambdaOf(tf).environment.variables).toEqual({
      NODE_ENV: 'production',
      AWS_LAMBDA_EXEC_WRAPPER: '/var/task/runtime-wrapper.sh',
      QC_MCP_ACCESS: 'standard',
      QC_MCP_ENVIRONMENT: 'prod',
      QC_MCP_USER_ID_SECRET: 'quant-connect-mcp/user-id',
      QC_MCP_API_TOKEN_SECRET: 'quant-connect-mcp/api-token',
      QC_MCP_ALLOWED_ORIGINS: '',
    });
  });

  test('passes the tool access and the allowed origins from the settings', () => {
    const configured = synthStack({
      QC_MCP_ACCESS: 'live-trading',
      QC_MCP_ALLOWED_ORIGINS: 'https://a.example.com,https://b.example.com',
    });
    expect(lambdaOf(configured.tf).environment.variables).toMatchObject({
      QC_MCP_ACCESS: 'live-trading',
      QC_MCP_ALLOWED_ORIGINS: 'https://a.example.com,https://b.example.com',
    });
  });

  test('deploys a zip built at synth time and carried in the stack, by a relative path, with its hash', () => {
    const { filename, source_code_hash } = lambdaOf(tf) as unknown as { filename: string; source_code_hash: string };
    expect(filename).toMatch(/^assets\/Function_Package_[0-9A-F]+\/[0-9A-F]+\/lambda\.zip$/);
    // A value, not a reference: nothing is left to build or hash when Terraform plans or applies.
    expect(source_code_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  test('has no data source and no archive provider, so a plan creates no file an apply would need', () => {
    expect(tf.data).toBeUndefined();
    expect(Object.keys(tf.provider)).toEqual(['aws']);
  });

  test('gets the same zip, byte for byte, from the same bundle', () => {
    const again = lambdaOf(synthStack().tf) as unknown as { source_code_hash: string };
    expect(again.source_code_hash).toBe((lambdaOf(tf) as unknown as { source_code_hash: string }).source_code_hash);
  });

  test('waits for its log group and its permissions before it exists', () => {
    expect(lambdaOf(tf).depends_on).toEqual([
      addressNamed(tf, 'aws_cloudwatch_log_group', FUNCTION_LOG_GROUP),
      addressOf(tf, 'aws_iam_role_policy'),
    ]);
  });

  test('is published with an alias only when provisioned concurrency asks for it', () => {
    expect(lambdaOf(tf).publish).toBe(false);
    expect(tf.resource.aws_lambda_alias).toBeUndefined();
  });
});

describe('the log group', () => {
  const { json } = synthStack();

  test('is the function’s own, kept 3 days', () => {
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/lambda/qc-mcp-lambda-handler',
      retention_in_days: 3,
    });
  });

  test('refuses to be destroyed, unless the protection is turned off', () => {
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, { lifecycle: { prevent_destroy: true } });
    const unprotected = synthStack({ QC_MCP_PROTECT_LOG_GROUP: 'false' });
    expect(unprotected.json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      lifecycle: { prevent_destroy: false },
    });
  });
});

describe('the execution role', () => {
  const { tf, json } = synthStack();
  const policy = JSON.parse(onlyResource<{ policy: string }>(tf, 'aws_iam_role_policy').policy) as PolicyDocument;

  test('can be assumed by Lambda and nothing else', () => {
    expect(json).toHaveResourceWithProperties(IamRole, { name: 'qc-mcp-lambda-role' });
    expect(JSON.parse(onlyResource<{ assume_role_policy: string }>(tf, 'aws_iam_role').assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
  });

  test('is the role the function runs as, with its policy inline', () => {
    expect(lambdaOf(tf).role).toBe(referenceTo(tf, 'aws_iam_role', 'arn'));
    expect(onlyResource(tf, 'aws_iam_role_policy')).toMatchObject({
      name: 'qc-mcp-lambda-policy',
      role: referenceTo(tf, 'aws_iam_role', 'id'),
    });
    expect(tf.resource.aws_iam_role_policy_attachment).toBeUndefined();
  });

  test('writes logs only to the function’s own log group', () => {
    const logGroup = `\${${addressNamed(tf, 'aws_cloudwatch_log_group', FUNCTION_LOG_GROUP)}.arn}`;
    expect(policy.Statement.find((statement) => statement.Sid === 'WriteOwnLogs')).toEqual({
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [logGroup, `${logGroup}:*`],
    });
  });

  test('reads only the two QuantConnect secrets', () => {
    const statement = policy.Statement.find((candidate) => candidate.Sid === 'ReadQuantConnectCredentials');
    expect(statement).toMatchObject({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue' });
    expect([statement?.Resource].flat().sort()).toEqual(referencesTo(tf, 'aws_secretsmanager_secret', 'arn'));
  });

  test('grants nothing else, and nothing on every resource', () => {
    expect(policy.Statement.map((statement) => statement.Sid)).toEqual(['WriteOwnLogs', 'ReadQuantConnectCredentials']);
    expect(policy.Statement.flatMap((statement) => [statement.Resource].flat())).not.toContain('*');
    expect(
      policy.Statement.flatMap((statement) => [statement.Action].flat()).some((action) => action.includes('*')),
    ).toBe(false);
  });
});

describe('McpFunction', () => {
  const secrets = {
    userId: { name: 'u', arn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:u' },
    apiToken: { name: 't', arn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:t' },
  };
  const build = (props: Partial<ConstructorParameters<typeof McpFunction>[2]>) => () =>
    new McpFunction(emptyStack(), 'Function', { secrets, ...props });

  test('refuses to synthesize without a built bundle, and says how to build it', () => {
    expect(build({ bundleDir: path.join(__dirname, 'no-such-bundle') })).toThrow(
      /^test\/Function: no Lambda bundle at .*no-such-bundle\/index\.js \(bundleDir\): run `npm run build` first$/,
    );
  });

  test.each([
    [{ memorySize: 64 }, /memorySize must be a whole number of MB from 128 to 10240 \(got 64\)/],
    [{ timeoutSeconds: 901 }, /timeoutSeconds must be a whole number from 1 to 900 \(got 901\)/],
    [{ logRetentionDays: 2 }, /logRetentionDays must be one of 1, 3, 5, .* \(got 2\)/],
    [{ reservedConcurrency: 0 }, /reservedConcurrency must be a whole number of at least 1 \(got 0\)/],
    [
      { reservedConcurrency: 1, provisionedConcurrency: 2 },
      /provisionedConcurrency \(2\) cannot exceed reservedConcurrency \(1\)/,
    ],
    [
      { vpc: { subnetIds: [], securityGroupIds: ['sg-1'] } },
      /vpc needs at least one subnet id and one security group id/,
    ],
  ])('rejects %j, naming the prop', (props, message) => {
    expect(build(props)).toThrow(message);
  });

  test('is usable on its own, with the defaults the stack relies on', () => {
    const stack = emptyStack();
    new McpFunction(stack, 'Function', { secrets });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'qc-mcp-lambda-handler',
      memory_size: 1024,
      timeout: 30,
    });
  });
});
