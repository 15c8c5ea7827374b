/**
 * Reads a zip's central directory the way an unzipper (Lambda's among them) does: each entry's
 * name, Unix mode and content. Enough for the archives scripts/zip.ts writes (deflate, no zip64).
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntryRead {
  readonly name: string;
  /** The Unix file type and permission bits, from the entry's external attributes. */
  readonly unixMode: number;
  readonly content: Buffer;
}

export function zipEntries(zip: Buffer): ZipEntryRead[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end === -1) throw new Error('no end of central directory record: not a zip');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntryRead[] = [];
  for (let index = 0; index < count; index++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`entry ${index}: not a central directory header`);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const unixMode = zip.readUInt32LE(at + 38) >>> 16;
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    entries.push({ name, unixMode, content: inflateRawSync(zip.subarray(dataStart, dataStart + compressedSize)) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
