/**
 * A copy of a synthesized stack that `terraform plan` can run with no network and no AWS account.
 * Three substitutions, all in the copy (the synthesized stack itself is never changed):
 *
 * 1. The archive provider is not in the provider mirror, so its `archive_file` data source cannot
 *    run. The copy zips the same asset directory itself (entries sorted, fixed time stamp, mode
 *    0666, as archive_file with output_file_mode does) and writes the zip's path and base64 SHA-256
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
  const entries = listFiles(path.join(stackDirectory, archive.source_dir));
  const zip = storedZip(
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

/** Files under a directory, as sorted posix paths relative to it. */
function listFiles(root: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(root, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = path.posix.join(prefix, entry.name);
      return entry.isDirectory() ? listFiles(root, relative) : [relative];
    })
    .sort();
}

/** A zip without compression (method 0): every entry at 1980-01-01 00:00 with the given Unix mode. */
function storedZip(files: { name: string; data: Buffer }[], mode: number): Buffer {
  const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(file.data.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, zip 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(DOS_DATE_1980_01_01, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(file.data.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38); // regular file with this mode
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, file.data);
    centrals.push(central, name);
    offset += local.length + name.length + file.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
