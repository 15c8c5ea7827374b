/**
 * A copy of a synthesized stack that `terraform plan` can run with no network and no AWS account.
 * Three substitutions, all in the copy (the synthesized stack itself is never changed):
 *
 * 1. The archive provider is not in the provider mirror, so its `archive_file` data source cannot
 *    run. The copy zips the same asset directory itself with scripts/zip.ts (entries sorted, fixed
 *    time stamp, the stack's output_file_mode, as archive_file does) and writes the zip's path and base64 SHA-256
 *    where the function referred to the data source's `output_path` and `output_base64sha256`.
 *    Everything else is planned as synthesized.
 * 2. The AWS provider gets fake static credentials and skips every call that would check them
 *    (credentials, account id, metadata API, region list). A plan of new resources needs no AWS
 *    call; a refresh of existing ones would, and there are none.
 * 3. The backend becomes a local state file inside the copy, whatever the stack was synthesized with.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { filesUnder, zipArchive } from '../../scripts/zip';

/** The parts of a synthesized stack (cdk.tf.json) the copy changes; the rest passes through untouched. */
interface StackJson {
  data?: { archive_file?: Record<string, ArchiveFileJson>; [type: string]: unknown };
  provider: { aws: Record<string, unknown>[]; archive?: unknown; [name: string]: unknown };
  terraform: {
    backend?: Record<string, unknown>;
    cloud?: unknown;
    required_providers: { archive?: unknown; [name: string]: unknown };
    [setting: string]: unknown;
  };
  [block: string]: unknown;
}
interface ArchiveFileJson {
  source_dir: string;
  output_path: string;
  output_file_mode: string;
}

export interface OfflineCopy {
  /** The zip built in place of archive_file: its path (relative to the copy) and base64 SHA-256. */
  readonly bundle: { readonly path: string; readonly base64Sha256: string; readonly entries: string[] };
}

export function writeOfflineCopy(stackDirectory: string, copyDirectory: string): OfflineCopy {
  const stack = JSON.parse(fs.readFileSync(path.join(stackDirectory, 'cdk.tf.json'), 'utf8')) as StackJson;

  const archives = Object.entries(stack.data?.archive_file ?? {});
  if (archives.length !== 1) throw new Error(`expected one archive_file data source, found ${archives.length}`);
  const [[archiveName, archive]] = archives;
  const entries = filesUnder(path.join(stackDirectory, archive.source_dir));
  const zip = zipArchive(
    entries.map((name) => ({ name, data: fs.readFileSync(path.join(stackDirectory, archive.source_dir, name)) })),
    Number.parseInt(archive.output_file_mode, 8),
  );
  const zipPath = archive.output_path;
  fs.mkdirSync(path.dirname(path.join(copyDirectory, zipPath)), { recursive: true });
  fs.writeFileSync(path.join(copyDirectory, zipPath), zip);
  const base64Sha256 = createHash('sha256').update(zip).digest('base64');

  delete stack.data?.archive_file;
  if (Object.keys(stack.data ?? {}).length === 0) delete stack.data;
  delete stack.provider.archive;
  delete stack.terraform.required_providers.archive;

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

  const text = JSON.stringify(stack, null, 2)
    .split(`\${data.archive_file.${archiveName}.output_path}`)
    .join(zipPath)
    .split(`\${data.archive_file.${archiveName}.output_base64sha256}`)
    .join(base64Sha256);
  if (text.includes('data.archive_file'))
    throw new Error('a reference to archive_file is left that the copy cannot replace');
  fs.writeFileSync(path.join(copyDirectory, 'cdk.tf.json'), text);
  return { bundle: { path: zipPath, base64Sha256, entries } };
}
