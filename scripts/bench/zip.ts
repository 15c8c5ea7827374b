/**
 * The bundle's zip as Lambda receives it (scripts/zip.ts zips like the archive provider), written
 * out, not only counted, so that `unzip -t` can check it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesUnder, zipArchive } from '../zip';

export interface ZipFigures {
  readonly bytes: number;
  readonly uncompressedBytes: number;
  readonly files: readonly string[];
}

/** Writes `zipPath` with every file under `dir`, mode 0644. */
export function zipDirectory(dir: string, zipPath: string): ZipFigures {
  const files = filesUnder(dir);
  const entries = files.map((name) => ({ name, data: readFileSync(join(dir, name)) }));
  const zip = zipArchive(entries, 0o644);
  writeFileSync(zipPath, zip);
  return { bytes: zip.length, uncompressedBytes: entries.reduce((sum, entry) => sum + entry.data.length, 0), files };
}
