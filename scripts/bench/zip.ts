/**
 * Zips a directory the way the Terraform archive provider's `archive_file` does (Go's
 * archive/zip, method deflate, which compresses at flate level 5), so that the size we report is
 * the size Lambda receives. Written out, not only counted, so that `unzip -t` can check it.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const DEFLATE = 8;
const VERSION_20 = 20;
// The archive provider fixes the file mode (see the stack); 0644 regular file, DOS time 1980-01-01.
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

function localHeader(name: Buffer, crc: number, compressed: number, size: number): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(VERSION_20, 4);
  header.writeUInt16LE(0, 6);
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

function centralHeader(name: Buffer, crc: number, compressed: number, size: number, offset: number): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE((3 << 8) | VERSION_20, 4); // made by: Unix
  header.writeUInt16LE(VERSION_20, 6);
  header.writeUInt16LE(0, 8);
  header.writeUInt16LE(DEFLATE, 10);
  header.writeUInt16LE(0, 12);
  header.writeUInt16LE(DOS_DATE_1980_01_01, 14);
  header.writeUInt32LE(crc, 16);
  header.writeUInt32LE(compressed, 20);
  header.writeUInt32LE(size, 24);
  header.writeUInt16LE(name.length, 28);
  header.writeUInt32LE(REGULAR_FILE_0644, 38);
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

export interface ZipFigures {
  readonly bytes: number;
  readonly uncompressedBytes: number;
  readonly files: readonly string[];
}

/** Writes `zipPath` with every file under `dir`. */
export function zipDirectory(dir: string, zipPath: string): ZipFigures {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  let uncompressedBytes = 0;
  const files = filesUnder(dir);
  for (const path of files) {
    const name = Buffer.from(relative(dir, path).split(sep).join('/'));
    const content = readFileSync(path);
    const compressed = deflateRawSync(content, { level: 5 });
    const crc = crc32(content);
    const local = localHeader(name, crc, compressed.length, content.length);
    centrals.push(centralHeader(name, crc, compressed.length, content.length, offset));
    locals.push(local, compressed);
    offset += local.length + compressed.length;
    uncompressedBytes += content.length;
  }
  const central = Buffer.concat(centrals);
  const zip = Buffer.concat([...locals, central, endOfCentralDirectory(files.length, central.length, offset)]);
  writeFileSync(zipPath, zip);
  return { bytes: zip.length, uncompressedBytes, files: files.map((path) => relative(dir, path)) };
}
