import { Testing } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { StateBucketStack } from '../../constructs/state-bucket';
import { addressOf, onlyResource, parsed, referenceTo, synthStack, testApp } from './synth';

describe('the main stack’s state', () => {
  test('lives in S3, encrypted, locked with a lock file, under the configured key', () => {
    const { tf } = synthStack({
      QC_MCP_STATE_BACKEND: 's3',
      QC_MCP_STATE_BUCKET: 'acme-qc-mcp-state',
      QC_MCP_STATE_REGION: 'eu-central-1',
    });
    expect(tf.terraform.backend).toEqual({
      s3: {
        bucket: 'acme-qc-mcp-state',
        key: 'qc-mcp/prod/terraform.tfstate',
        region: 'eu-central-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  test('lives in a Terraform Cloud workspace when the cloud backend is chosen', () => {
    const { tf } = synthStack({
      QC_MCP_STATE_BACKEND: 'cloud',
      QC_MCP_TFC_ORGANIZATION: 'acme',
      QC_MCP_TFC_WORKSPACE: 'qc-mcp-prod',
    });
    expect(tf.terraform.cloud).toEqual({ organization: 'acme', workspaces: { name: 'qc-mcp-prod' } });
    expect(tf.terraform.backend).toBeUndefined();
  });

  test('lives in a local file at the project root, by a relative path, only when asked for', () => {
    const { tf } = synthStack({ QC_MCP_STATE_BACKEND: 'local' });
    expect(tf.terraform.backend).toEqual({ local: { path: '../../../terraform.tfstate.qc-mcp' } });
  });
});

test('the main stack asks for Terraform 1.11 or later (write-only attributes, S3 lock files)', () => {
  expect(synthStack().tf.terraform).toMatchObject({ required_version: '>= 1.11.0' });
});

describe('the bootstrap stack', () => {
  const stack = new StateBucketStack(testApp(), 'qc-mcp-state', {
    bucketName: 'acme-qc-mcp-state',
    region: 'eu-central-1',
  });
  const { json, tf } = parsed(Testing.synth(stack));
  const bucket = referenceTo(tf, 'aws_s3_bucket', 'id');

  test('creates the state bucket, which refuses to be destroyed', () => {
    expect(json).toHaveResourceWithProperties(S3Bucket, {
      bucket: 'acme-qc-mcp-state',
      lifecycle: { prevent_destroy: true },
    });
  });

  test('keeps a version of the state for every change', () => {
    expect(json).toHaveResourceWithProperties(S3BucketVersioningA, {
      bucket,
      versioning_configuration: { status: 'Enabled' },
    });
  });

  test('deletes old versions after 90 days, keeping the newest 10 whatever their age', () => {
    expect(onlyResource(tf, 'aws_s3_bucket_lifecycle_configuration')).toMatchObject({
      bucket,
      rule: [
        {
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrent_version_expiration: [{ noncurrent_days: 90, newer_noncurrent_versions: 10 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
      ],
      depends_on: [addressOf(tf, 'aws_s3_bucket_versioning')],
    });
  });

  test('encrypts it at rest', () => {
    expect(json).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      bucket,
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' }, bucket_key_enabled: true }],
    });
  });

  test('blocks every form of public access', () => {
    expect(json).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      bucket,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test('refuses any request that is not over TLS', () => {
    const policy = JSON.parse(onlyResource<{ policy: string }>(tf, 'aws_s3_bucket_policy').policy) as {
      Statement: unknown[];
    };
    const arn = referenceTo(tf, 'aws_s3_bucket', 'arn');
    expect(policy.Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  test('keeps its own state in a local file at the project root', () => {
    expect(tf.terraform.backend).toEqual({ local: { path: '../../../terraform.tfstate.qc-mcp-state' } });
  });

  test('creates the bucket in the state region', () => {
    expect(tf.provider.aws[0].region).toBe('eu-central-1');
  });
});
