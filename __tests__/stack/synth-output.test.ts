/**
 * The synthesized stack directory as `cdktf synth` writes it: self-contained and free of any path
 * of the machine that built it, so a plan elsewhere (CI, Terraform Cloud) sees the same thing.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { loadStackConfig } from '../../constructs/config';
import { DEFAULT_BUNDLE_DIR, packageFileMode, RUNTIME_WRAPPER } from '../../constructs/mcp-function';
import { QuantConnectMcpStack } from '../../constructs/mcp-stack';
import { zipDirectory } from '../../scripts/zip';
import { zipEntries } from '../support/zip-entries';

const repositoryRoot = path.join(__dirname, '..', '..');

describe('the synthesized stack directory', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-mcp-synth-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  // Every setting that adds configuration on, so every construct's output is searched.
  const config = loadStackConfig({
    QC_MCP_STATE_BACKEND: 'local',
    QC_MCP_ALLOWED_ORIGINS: 'https://app.example.com,http://localhost:6274',
    QC_MCP_ALARM_EMAIL: 'ops@example.com',
    QC_MCP_DOMAIN_NAME: 'mcp.example.com',
    QC_MCP_CERTIFICATE_ARN: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b',
    QC_MCP_VPC_SUBNET_IDS: 'subnet-0a',
    QC_MCP_VPC_SECURITY_GROUP_IDS: 'sg-0b',
    QC_MCP_RESERVED_CONCURRENCY: '5',
    QC_MCP_PROVISIONED_CONCURRENCY: '1',
    QC_MCP_TRACING: 'true',
    QC_MCP_MANAGE_SECRET_VALUES: 'true',
  });
  const app = new App({ outdir });
  new QuantConnectMcpStack(app, 'qc-mcp', { config });
  app.synth();
  const stackDirectory = path.join(outdir, 'stacks', 'qc-mcp');
  const synthesized = fs.readFileSync(path.join(stackDirectory, 'cdk.tf.json'), 'utf8');
  const lambda = Object.values(
    (
      JSON.parse(synthesized) as {
        resource: {
          aws_lambda_function: Record<
            string,
            { filename: string; source_code_hash: string; environment: { variables: Record<string, string> } }
          >;
        };
      }
    ).resource.aws_lambda_function,
  )[0];

  test.each([
    ['the repository', repositoryRoot],
    ['the home directory', os.homedir()],
    ['the temporary directory', os.tmpdir()],
    ['/tmp', '/tmp'],
    ['the output directory', outdir],
  ])('never names %s', (_, machinePath) => {
    expect(synthesized).not.toContain(machinePath);
  });

  test('carries the Lambda package inside itself, where the function’s filename points, with that file’s hash', () => {
    // Built at synth time: a remote run that plans and applies from this directory reads this very file.
    expect(path.isAbsolute(lambda.filename)).toBe(false);
    const zip = fs.readFileSync(path.join(stackDirectory, lambda.filename));
    expect(createHash('sha256').update(zip).digest('base64')).toBe(lambda.source_code_hash);
    expect(zip).toEqual(zipDirectory(DEFAULT_BUNDLE_DIR, packageFileMode).zip);
  });

  test('starts Node through the runtime wrapper in its package: where AWS_LAMBDA_EXEC_WRAPPER points, executable', () => {
    // Lambda unpacks the package in /var/task and fails every invocation if the wrapper is missing or not executable.
    const entries = zipEntries(fs.readFileSync(path.join(stackDirectory, lambda.filename)));
    expect(lambda.environment.variables.AWS_LAMBDA_EXEC_WRAPPER).toBe(`/var/task/${RUNTIME_WRAPPER}`);
    const wrapper = entries.find((entry) => entry.name === RUNTIME_WRAPPER);
    expect(wrapper?.content).toEqual(fs.readFileSync(path.join(repositoryRoot, 'lambda', RUNTIME_WRAPPER)));
    expect(wrapper?.unixMode).toBe(0o100755);
    // Everything else as the archive provider wrote it.
    for (const entry of entries.filter((other) => other !== wrapper)) expect(entry.unixMode).toBe(0o100666);
    expect(entries.map((entry) => entry.name)).toEqual(expect.arrayContaining(['index.js', RUNTIME_WRAPPER]));
  });
});
