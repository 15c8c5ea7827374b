/**
 * A copy of a synthesized stack that `terraform plan` can run with no network and no AWS account.
 * The stack directory is copied whole (its assets, the Lambda package among them, as synthesized),
 * with two substitutions in cdk.tf.json:
 *
 * 1. The AWS provider gets fake static credentials and skips every call that would check them
 *    (credentials, account id, metadata API, region list). A plan of new resources needs no AWS
 *    call; a refresh of existing ones would, and there are none.
 * 2. The backend becomes a local state file inside the copy, whatever the stack was synthesized with.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The parts of a synthesized stack (cdk.tf.json) the copy changes or reads; the rest passes through untouched. */
interface StackJson {
  provider: { aws: Record<string, unknown>[]; [name: string]: unknown };
  resource?: { aws_lambda_function?: Record<string, { filename: string }>; [type: string]: unknown };
  terraform: {
    backend?: Record<string, unknown>;
    cloud?: unknown;
    [setting: string]: unknown;
  };
  [block: string]: unknown;
}

export interface OfflineCopy {
  /** The Lambda package the stack carries: its path (relative to the copy), base64 SHA-256 and entries. */
  readonly bundle?: { readonly path: string; readonly base64Sha256: string; readonly entries: string[] };
}

export function writeOfflineCopy(stackDirectory: string, copyDirectory: string): OfflineCopy {
  fs.cpSync(stackDirectory, copyDirectory, { recursive: true });
  const stack = JSON.parse(fs.readFileSync(path.join(stackDirectory, 'cdk.tf.json'), 'utf8')) as StackJson;

  for (const aws of stack.provider.aws) {
    Object.assign(aws, {
      access_key: 'AKIAIOSFODNN7EXAMPLE',
      secret_key: 'not-a-real-secret-key',
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
    });
  }

  delete stack.terraform.backend;
  delete stack.terraform.cloud;
  stack.terraform.backend = { local: { path: 'terraform.tfstate' } };
  fs.writeFileSync(path.join(copyDirectory, 'cdk.tf.json'), JSON.stringify(stack, null, 2));

  const lambda = Object.values(stack.resource?.aws_lambda_function ?? {})[0];
  if (lambda === undefined) return {};
  const zip = fs.readFileSync(path.join(copyDirectory, lambda.filename));
  return {
    bundle: {
      path: lambda.filename,
      base64Sha256: createHash('sha256').update(zip).digest('base64'),
      entries: zipEntryNames(zip),
    },
  };
}

/** The names in a zip's central directory (what Lambda unpacks). */
function zipEntryNames(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
