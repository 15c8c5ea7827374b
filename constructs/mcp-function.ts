/**
 * The Lambda function that serves MCP, with its log group and the least-privilege role it runs as.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaAlias } from '@cdktf/provider-aws/lib/lambda-alias';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaProvisionedConcurrencyConfig } from '@cdktf/provider-aws/lib/lambda-provisioned-concurrency-config';
import type { Access } from '../lambda/tools/define';
import { zipDirectory } from '../scripts/zip';
import type { SecretReference } from './secrets';

/** The bundle `npm run build` writes (scripts/build.mjs). */
export const DEFAULT_BUNDLE_DIR = path.join(__dirname, '..', 'dist', 'lambda');
/**
 * The script Lambda starts Node through, beside the bundle (lambda/runtime-wrapper.sh, copied by
 * scripts/build.mjs): it gives V8 a flag that NODE_OPTIONS cannot, for a shorter cold start.
 */
export const RUNTIME_WRAPPER = 'runtime-wrapper.sh';
/** Where Lambda unpacks the package. */
const TASK_ROOT = '/var/task';

/** Retention periods CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export interface McpFunctionProps {
  /** The QuantConnect credentials the function reads; it may read these two secrets and nothing else. */
  readonly secrets: { readonly userId: SecretReference; readonly apiToken: SecretReference };
  /** @default 'qc-mcp-lambda-handler' */
  readonly functionName?: string;
  /** Name of the execution role. @default 'qc-mcp-lambda-role' */
  readonly roleName?: string;
  /** Name of the role's inline policy. @default 'qc-mcp-lambda-policy' */
  readonly policyName?: string;
  /** Directory holding the esbuild bundle (index.js exporting `handler`). @default dist/lambda of this project */
  readonly bundleDir?: string;
  /** Memory in MB; CPU scales with it. @default 1024 */
  readonly memorySize?: number;
  /** Timeout in seconds. @default 30 */
  readonly timeoutSeconds?: number;
  /** Instruction set; the bundle is plain JavaScript, and Graviton costs 20 % less per GB-second. @default 'arm64' */
  readonly architecture?: 'arm64' | 'x86_64';
  /** Retention of the log group /aws/lambda/<functionName>. @default 3 */
  readonly logRetentionDays?: number;
  /**
   * Keep the log group when the stack is destroyed (Terraform `prevent_destroy`): `cdktf destroy`
   * then stops with an error naming the log group. To tear everything down, synthesize with this
   * off (QC_MCP_PROTECT_LOG_GROUP=false); to keep the logs, `terraform state rm` the log group first.
   * @default true
   */
  readonly protectLogGroup?: boolean;
  /** QC_MCP_ACCESS: which tools agents may see and call. @default 'standard' */
  readonly access?: Access;
  /** QC_MCP_ENVIRONMENT: the deployment, which labels the function's tool metrics. @default 'prod' */
  readonly environment?: string;
  /** QC_MCP_ALLOWED_ORIGINS: browser origins the function accepts. @default [] (no browser origins) */
  readonly allowedOrigins?: readonly string[];
  /** Active X-Ray tracing. @default false */
  readonly tracing?: boolean;
  /** Run inside these subnets with these security groups (they need a route to quantconnect.com). @default no VPC */
  readonly vpc?: { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  /** Concurrent executions reserved for (and limited to) this function. @default unreserved */
  readonly reservedConcurrency?: number;
  /** Pre-initialised environments, served through the alias `live`. @default none */
  readonly provisionedConcurrency?: number;
  /**
   * ARN of an IAM policy set as the permissions boundary of the execution role: whatever policy
   * the role is given, it can do no more than the boundary allows. A deploy role allowed to
   * create this role only with the boundary cannot use it to grant itself more. @default none
   */
  readonly permissionsBoundaryArn?: string;
  /** The authentication's variables (McpAuth.functionEnvironment). @default none: API keys */
  readonly authEnvironment?: Readonly<Record<string, string>>;
  /** The authentication's policy statements (McpAuth.functionPolicyStatements). @default none */
  readonly authPolicyStatements?: readonly object[];
}

/** Mode of the files in the package (what the archive provider wrote before); the wrapper must be executable. */
const PACKAGE_FILE_MODE = 0o666;
const EXECUTABLE_FILE_MODE = 0o755;

/** Each file's mode in the package, by its name. */
export function packageFileMode(name: string): number {
  return name === RUNTIME_WRAPPER ? EXECUTABLE_FILE_MODE : PACKAGE_FILE_MODE;
}

/**
 * @resource aws_lambda_function
 */
export class McpFunction extends Construct {
  /** The function's name (a reference, so dependents wait for it). */
  readonly functionName: string;
  readonly functionArn: string;
  /** What API Gateway integrates with: the alias when provisioned concurrency is on, else the function. */
  readonly invokeArn: string;
  /** The alias name API Gateway invokes, when there is one. */
  readonly qualifier?: string;
  readonly logGroupName: string;
  readonly logGroupArn: string;
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: McpFunctionProps) {
    super(scope, id);
    const functionName = props.functionName ?? 'qc-mcp-lambda-handler';
    const roleName = props.roleName ?? 'qc-mcp-lambda-role';
    const policyName = props.policyName ?? 'qc-mcp-lambda-policy';
    const bundleDir = props.bundleDir ?? DEFAULT_BUNDLE_DIR;
    const memorySize = props.memorySize ?? 1024;
    const timeoutSeconds = props.timeoutSeconds ?? 30;
    const logRetentionDays = props.logRetentionDays ?? 3;
    const tracing = props.tracing ?? false;
    this.validate(props, { bundleDir, memorySize, timeoutSeconds, logRetentionDays });

    const logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: logRetentionDays,
      lifecycle: { preventDestroy: props.protectLogGroup ?? true },
    });

    const role = new IamRole(this, 'Role', {
      name: roleName,
      permissionsBoundary: props.permissionsBoundaryArn,
      description: `Execution role of ${functionName}: its own logs and the two QuantConnect secrets.`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    const policy = new IamRolePolicy(this, 'Policy', {
      name: policyName,
      role: role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'WriteOwnLogs',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: [logGroup.arn, `${logGroup.arn}:*`],
          },
          {
            Sid: 'ReadQuantConnectCredentials',
            Effect: 'Allow',
            Action: 'secretsmanager:GetSecretValue',
            Resource: [props.secrets.userId.arn, props.secrets.apiToken.arn],
          },
          ...(props.authPolicyStatements ?? []),
          // The only statements with a '*' resource, and only when their feature is on:
          // X-Ray and the Lambda VPC network interfaces support no resource-level permissions.
          ...(tracing
            ? [
                {
                  Sid: 'WriteTraces',
                  Effect: 'Allow',
                  Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
                  Resource: '*',
                },
              ]
            : []),
          ...(props.vpc
            ? [
                {
                  Sid: 'ManageVpcNetworkInterfaces',
                  Effect: 'Allow',
                  Action: [
                    'ec2:CreateNetworkInterface',
                    'ec2:DescribeNetworkInterfaces',
                    'ec2:DescribeSubnets',
                    'ec2:DeleteNetworkInterface',
                    'ec2:AssignPrivateIpAddresses',
                    'ec2:UnassignPrivateIpAddresses',
                  ],
                  Resource: '*',
                },
              ]
            : []),
        ],
      }),
    });

    // The package is zipped here, at synth time, and cdktf copies the zip into the synthesized
    // stack directory, referred to by a relative path: plan and apply read the same file, also
    // when a remote run (Terraform Cloud) applies from a fresh copy of the configuration, which
    // an `archive_file` data source, building the zip during plan, cannot promise. The zip is the
    // same bytes for the same code on every machine, so a deploy without code changes changes
    // nothing (cdktf's own AssetType.ARCHIVE stores file times, which change on every build).
    const bundle = stagedPackage(bundleDir);
    const code = new TerraformAsset(this, 'Package', { path: bundle.file, type: AssetType.FILE });

    const fn = new LambdaFunction(this, 'Resource', {
      functionName,
      description: 'QuantConnect REST API v2 as MCP tools (Streamable HTTP behind API Gateway).',
      role: role.arn,
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      architectures: [props.architecture ?? 'arm64'],
      memorySize,
      timeout: timeoutSeconds,
      filename: code.path,
      sourceCodeHash: bundle.base64Sha256,
      environment: {
        variables: {
          NODE_ENV: 'production',
          AWS_LAMBDA_EXEC_WRAPPER: `${TASK_ROOT}/${RUNTIME_WRAPPER}`,
          QC_MCP_ACCESS: props.access ?? 'standard',
          QC_MCP_ENVIRONMENT: props.environment ?? 'prod',
          QC_MCP_USER_ID_SECRET: props.secrets.userId.name,
          QC_MCP_API_TOKEN_SECRET: props.secrets.apiToken.name,
          QC_MCP_ALLOWED_ORIGINS: (props.allowedOrigins ?? []).join(','),
          ...props.authEnvironment,
        },
      },
      tracingConfig: tracing ? { mode: 'Active' } : undefined,
      vpcConfig: props.vpc
        ? { subnetIds: [...props.vpc.subnetIds], securityGroupIds: [...props.vpc.securityGroupIds] }
        : undefined,
      reservedConcurrentExecutions: props.reservedConcurrency,
      publish: props.provisionedConcurrency !== undefined,
      // The log group first, or Lambda creates one itself with no retention; the policy first, or
      // the first invocations cannot read the secrets.
      dependsOn: [logGroup, policy],
    });

    this.functionName = fn.functionName;
    this.functionArn = fn.arn;
    this.invokeArn = fn.invokeArn;
    this.logGroupName = logGroup.name;
    this.logGroupArn = logGroup.arn;
    this.roleArn = role.arn;

    if (props.provisionedConcurrency !== undefined) {
      const alias = new LambdaAlias(this, 'Alias', {
        name: 'live',
        description: 'The published version API Gateway invokes, kept warm by provisioned concurrency.',
        functionName: fn.functionName,
        functionVersion: fn.version,
      });
      new LambdaProvisionedConcurrencyConfig(this, 'ProvisionedConcurrency', {
        functionName: fn.functionName,
        qualifier: alias.name,
        provisionedConcurrentExecutions: props.provisionedConcurrency,
      });
      this.invokeArn = alias.invokeArn;
      this.qualifier = alias.name;
    }
  }

  private validate(
    props: McpFunctionProps,
    resolved: { bundleDir: string; memorySize: number; timeoutSeconds: number; logRetentionDays: number },
  ): void {
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    if (!fs.existsSync(path.join(resolved.bundleDir, 'index.js'))) {
      fail(`no Lambda bundle at ${path.join(resolved.bundleDir, 'index.js')} (bundleDir): run \`npm run build\` first`);
    }
    if (!fs.existsSync(path.join(resolved.bundleDir, RUNTIME_WRAPPER))) {
      // Lambda would fail every invocation: the function's AWS_LAMBDA_EXEC_WRAPPER names it.
      fail(
        `no ${RUNTIME_WRAPPER} beside the Lambda bundle in ${resolved.bundleDir} (bundleDir): run \`npm run build\``,
      );
    }
    if (!Number.isInteger(resolved.memorySize) || resolved.memorySize < 128 || resolved.memorySize > 10240) {
      fail(`memorySize must be a whole number of MB from 128 to 10240 (got ${resolved.memorySize})`);
    }
    if (!Number.isInteger(resolved.timeoutSeconds) || resolved.timeoutSeconds < 1 || resolved.timeoutSeconds > 900) {
      fail(`timeoutSeconds must be a whole number from 1 to 900 (got ${resolved.timeoutSeconds})`);
    }
    if (!LOG_RETENTION_DAYS.includes(resolved.logRetentionDays)) {
      fail(`logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')} (got ${resolved.logRetentionDays})`);
    }
    for (const [name, value] of [
      ['reservedConcurrency', props.reservedConcurrency],
      ['provisionedConcurrency', props.provisionedConcurrency],
    ] as const) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
        fail(`${name} must be a whole number of at least 1 (got ${value}); leave it unset to turn the feature off`);
      }
    }
    if (
      props.reservedConcurrency !== undefined &&
      props.provisionedConcurrency !== undefined &&
      props.provisionedConcurrency > props.reservedConcurrency
    ) {
      fail(
        `provisionedConcurrency (${props.provisionedConcurrency}) cannot exceed reservedConcurrency (${props.reservedConcurrency})`,
      );
    }
    if (props.vpc && (props.vpc.subnetIds.length === 0 || props.vpc.securityGroupIds.length === 0)) {
      fail('vpc needs at least one subnet id and one security group id; leave it unset to run outside a VPC');
    }
  }
}

/**
 * Zips the bundle into a file named by its content, outside the project (cdktf copies it into
 * the synthesized stack), and returns its path and base64 SHA-256 (Lambda's source_code_hash).
 */
function stagedPackage(bundleDir: string): { file: string; base64Sha256: string } {
  const { zip } = zipDirectory(bundleDir, packageFileMode);
  const sha256 = createHash('sha256').update(zip);
  const directory = path.join(os.tmpdir(), 'qc-mcp-lambda-packages', sha256.copy().digest('hex'));
  const file = path.join(directory, 'lambda.zip');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(directory, { recursive: true });
    // Written aside and renamed, so a concurrent synth never sees half a zip.
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, zip);
    fs.renameSync(partial, file);
  }
  return { file, base64Sha256: sha256.digest('base64') };
}
