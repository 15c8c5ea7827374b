/**
 * The bootstrap stack: the S3 bucket that holds the main stack's Terraform state. It keeps its own
 * (tiny) state locally, since it cannot live in the bucket it creates — our `cdk bootstrap`.
 */
import { Construct } from 'constructs';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { projectRootStateFile } from './state-backend';

export interface StateBucketStackProps {
  /** Name of the state bucket (QC_MCP_STATE_BUCKET). */
  readonly bucketName: string;
  /** Region of the bucket (QC_MCP_STATE_REGION). */
  readonly region: string;
  /**
   * Old state versions are kept this many days after a newer one replaced them (the newest
   * `keepNoncurrentVersions` are kept whatever their age), then deleted. @default 90
   */
  readonly noncurrentVersionDays?: number;
  /** Old state versions always kept, however old. @default 10 */
  readonly keepNoncurrentVersions?: number;
}

export class StateBucketStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: StateBucketStackProps) {
    super(scope, id);
    new AwsProvider(this, 'aws', {
      region: props.region,
      defaultTags: [{ tags: { Project: 'quantconnect-mcp', ManagedBy: 'cdktf' } }],
    });
    // Locally, at the project root: the bucket cannot hold the state of its own creation. Losing the
    // file only means a `terraform import` of the bucket.
    new LocalBackend(this, { path: projectRootStateFile(this) });

    const bucket = new S3Bucket(this, 'Resource', {
      bucket: props.bucketName,
      // The state of every environment lives here: never delete it with the stack.
      lifecycle: { preventDestroy: true },
    });
    const versioning = new S3BucketVersioningA(this, 'Versioning', {
      bucket: bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    // Every apply writes a new state version; without this they would be kept, and billed, forever.
    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket: bucket.id,
      rule: [
        {
          id: 'expire-old-state-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [
            {
              noncurrentDays: props.noncurrentVersionDays ?? 90,
              newerNoncurrentVersions: props.keepNoncurrentVersions ?? 10,
            },
          ],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      // Rules on non-current versions need versioning on first (the provider's documented order).
      dependsOn: [versioning],
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, bucketKeyEnabled: true }],
    });
    new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'Ownership', {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketPolicy(this, 'Policy', {
      bucket: bucket.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [bucket.arn, `${bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    });

    new TerraformOutput(this, 'state_bucket', {
      value: bucket.bucket,
      description: 'Set QC_MCP_STATE_BUCKET to this.',
    });
    new TerraformOutput(this, 'state_region', { value: props.region, description: 'Set QC_MCP_STATE_REGION to this.' });
  }
}
