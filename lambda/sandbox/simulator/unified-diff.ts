/**
 * Applies a unified diff (as `git diff` writes it) to a project's files, the way /files/patch does:
 * every hunk's context and removed lines must be found in the file, at the stated line or nearby.
 * Handles several files per patch, new files (`--- /dev/null`), deleted files (`+++ /dev/null`),
 * renames, and "\ No newline at end of file".
 */

export class PatchError extends Error {}

interface Hunk {
  readonly oldStart: number;
  readonly oldCount: number;
  readonly oldLines: string[];
  readonly newLines: string[];
  /** The new side's last line has no newline after it. */
  newNoNewline: boolean;
}

interface FilePatch {
  readonly oldPath: string | null;
  readonly newPath: string | null;
  readonly hunks: Hunk[];
}

/** The new content of every file the patch touches; `null` for a deleted file. */
export function applyUnifiedDiff(files: ReadonlyMap<string, string>, patch: string): Map<string, string | null> {
  const result = new Map<string, string | null>();
  const filePatches = parse(patch);
  if (filePatches.length === 0)
    throw new PatchError('The patch contains no file changes (expected ---/+++ headers and @@ hunks).');
  for (const filePatch of filePatches) {
    const source = filePatch.oldPath === null ? '' : files.get(filePatch.oldPath);
    if (source === undefined)
      throw new PatchError(`The patch changes ${filePatch.oldPath}, which is not in the project.`);
    if (filePatch.oldPath === null && filePatch.newPath !== null && files.has(filePatch.newPath)) {
      throw new PatchError(`The patch creates ${filePatch.newPath}, which already exists.`);
    }
    const patched = applyHunks(filePatch.oldPath ?? filePatch.newPath ?? '', source, filePatch.hunks);
    if (filePatch.oldPath !== null && filePatch.oldPath !== filePatch.newPath) result.set(filePatch.oldPath, null);
    if (filePatch.newPath !== null) result.set(filePatch.newPath, patched);
  }
  return result;
}

function parse(patch: string): FilePatch[] {
  const lines = patch.replace(/\r\n/g, '\n').split('\n');
  const filePatches: FilePatch[] = [];
  let current: FilePatch | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      current = { oldPath: pathOf(line.slice(4)), newPath: pathOf(lines[i + 1].slice(4)), hunks: [] };
      filePatches.push(current);
      i++;
      continue;
    }
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (!header) continue;
    if (!current) throw new PatchError('A hunk (@@ … @@) comes before any ---/+++ file header.');
    const oldCount = header[2] === undefined ? 1 : Number(header[2]);
    const newCount = header[4] === undefined ? 1 : Number(header[4]);
    const hunk: Hunk = { oldStart: Number(header[1]), oldCount, oldLines: [], newLines: [], newNoNewline: false };
    let lastSide: 'old' | 'new' | 'both' = 'both';
    while (hunk.oldLines.length < oldCount || hunk.newLines.length < newCount || lines[i + 1]?.startsWith('\\')) {
      const body = lines[++i];
      if (body === undefined) throw new PatchError(`A hunk of ${current.newPath ?? current.oldPath} ends early.`);
      if (body.startsWith('\\')) {
        if (lastSide !== 'old') hunk.newNoNewline = true;
        continue;
      }
      // Editors often strip the single space of an empty context line.
      const kind = body === '' ? ' ' : body[0];
      const text = body.slice(1);
      if (kind === ' ') {
        hunk.oldLines.push(text);
        hunk.newLines.push(text);
        lastSide = 'both';
      } else if (kind === '-') {
        hunk.oldLines.push(text);
        lastSide = 'old';
      } else if (kind === '+') {
        hunk.newLines.push(text);
        lastSide = 'new';
      } else {
        throw new PatchError(`Unexpected line in a hunk of ${current.newPath ?? current.oldPath}: "${body}".`);
      }
    }
    current.hunks.push(hunk);
  }
  return filePatches;
}

/** `a/main.py` → `main.py`; `/dev/null` → null; drops a trailing tab and timestamp. */
function pathOf(raw: string): string | null {
  const path = raw.split('\t')[0].trim();
  if (path === '/dev/null') return null;
  return path.replace(/^[ab]\//, '');
}

function applyHunks(name: string, source: string, hunks: readonly Hunk[]): string {
  const endsWithNewline = source === '' || source.endsWith('\n');
  const lines = source === '' ? [] : (endsWithNewline ? source.slice(0, -1) : source).split('\n');
  let offset = 0;
  let finalNewline = endsWithNewline;
  for (const [index, hunk] of hunks.entries()) {
    const hint = (hunk.oldCount === 0 ? hunk.oldStart : hunk.oldStart - 1) + offset;
    const at = locate(lines, hunk.oldLines, hint);
    if (at === undefined) {
      throw new PatchError(
        `Hunk ${index + 1} of ${name} does not apply: the lines it expects near line ${hunk.oldStart} are not in the file. Read the file again and make the patch against its current content.`,
      );
    }
    lines.splice(at, hunk.oldLines.length, ...hunk.newLines);
    offset += at - hint + hunk.newLines.length - hunk.oldLines.length;
    if (at + hunk.newLines.length === lines.length) finalNewline = !hunk.newNoNewline;
  }
  if (lines.length === 0) return '';
  return lines.join('\n') + (finalNewline ? '\n' : '');
}

/** Where `expected` occurs in `lines`, trying `hint` first and then ever further away. */
function locate(lines: readonly string[], expected: readonly string[], hint: number): number | undefined {
  const matchesAt = (at: number) =>
    at >= 0 && at + expected.length <= lines.length && expected.every((line, i) => lines[at + i] === line);
  for (let distance = 0; distance <= lines.length; distance++) {
    if (matchesAt(hint - distance)) return hint - distance;
    if (matchesAt(hint + distance)) return hint + distance;
  }
  return undefined;
}
