/**
 * Zips files the way the Terraform archive provider's `archive_file` does (Go's archive/zip,
 * method deflate at flate level 5, entries in sorted order, a fixed file mode and time stamp):
 * the same bytes on every machine and every build of the same code. The stack builds the Lambda
 * package with it at synth time (constructs/mcp-function.ts), and the benchmark reports the size
 * Lambda receives.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

const DEFLATE = 8;
const VERSION_20 = 20;
const UTF8_NAMES = 0x0800;
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

export interface ZipEntry {
  /** Posix path inside the archive. */
  readonly name: string;
  readonly data: Buffer;
}

/** Files under a directory, as sorted posix paths relative to it. */
export function filesUnder(root: string, prefix = ''): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = posix.join(prefix, entry.name);
      return entry.isDirectory() ? filesUnder(root, relative) : [relative];
    })
    .sort();
}

function localHeader(name: Buffer, crc: number, compressed: number, size: number): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(VERSION_20, 4);
  header.writeUInt16LE(UTF8_NAMES, 6);
  header.writeUInt16LE(DEFLATE, 8);
  header.writeUInt16LE(0, 10);
  header.writeUInt16LE(DOS_DATE_1980_01_01, 12);
  header.writeUInt32LE(crc, 14);
  header.writeUInt32LE(compressed, 18);
  header.writeUInt32LE(size, 22);
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, name]);
}

function centralHeader(name: Buffer, crc: number, compressed: number, size: number, offset: number, mode: number) {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE((3 << 8) | VERSION_20, 4); // made by: Unix
  header.writeUInt16LE(VERSION_20, 6);
  header.writeUInt16LE(UTF8_NAMES, 8);
  header.writeUInt16LE(DEFLATE, 10);
  header.writeUInt16LE(0, 12);
  header.writeUInt16LE(DOS_DATE_1980_01_01, 14);
  header.writeUInt32LE(crc, 16);
  header.writeUInt32LE(compressed, 20);
  header.writeUInt32LE(size, 24);
  header.writeUInt16LE(name.length, 28);
  header.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38); // a regular file with this mode
  header.writeUInt32LE(offset, 42);
  return Buffer.concat([header, name]);
}

function endOfCentralDirectory(entries: number, size: number, offset: number): Buffer {
  const record = Buffer.alloc(22);
  record.writeUInt32LE(0x06054b50, 0);
  record.writeUInt16LE(entries, 8);
  record.writeUInt16LE(entries, 10);
  record.writeUInt32LE(size, 12);
  record.writeUInt32LE(offset, 16);
  return record;
}

/** Unix permission bits (e.g. 0o644): one for every entry, or each entry's by its name. */
export type FileMode = number | ((name: string) => number);

/** A zip of `entries`, in their order, each with the Unix permission bits `mode` gives it. */
export function zipArchive(entries: readonly ZipEntry[], mode: FileMode): Buffer {
  const modeOf = typeof mode === 'number' ? () => mode : mode;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data, { level: 5 });
    const crc = crc32(entry.data);
    const local = localHeader(name, crc, compressed.length, entry.data.length);
    centrals.push(centralHeader(name, crc, compressed.length, entry.data.length, offset, modeOf(entry.name)));
    locals.push(local, compressed);
    offset += local.length + compressed.length;
  }
  const central = Buffer.concat(centrals);
  return Buffer.concat([...locals, central, endOfCentralDirectory(entries.length, central.length, offset)]);
}

/** Every file under `root`, zipped with `mode`, and the entry names in archive order. */
export function zipDirectory(root: string, mode: FileMode): { readonly zip: Buffer; readonly entries: string[] } {
  const entries = filesUnder(root);
  const zip = zipArchive(
    entries.map((name) => ({ name, data: readFileSync(join(root, name)) })),
    mode,
  );
  return { zip, entries };
}
