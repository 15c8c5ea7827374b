import { applyUnifiedDiff, PatchError } from '../../lambda/sandbox/simulator/unified-diff';

const diff = (...lines: string[]) => `${lines.join('\n')}\n`;
const files = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('the fake’s unified diff (/files/patch)', () => {
  it('replaces a line between context lines', () => {
    const patch = diff('--- a/main.py', '+++ b/main.py', '@@ -1,3 +1,3 @@', ' a', '-b', '+B', ' c');
    expect(applyUnifiedDiff(files({ 'main.py': 'a\nb\nc\n' }), patch).get('main.py')).toBe('a\nB\nc\n');
  });

  it('applies several hunks, shifting later ones by the lines earlier ones added', () => {
    const source = ['1', '2', '3', '4', '5', '6', '7', '8', '9', ''].join('\n');
    const patch = diff(
      '--- a/main.py',
      '+++ b/main.py',
      '@@ -1,2 +1,3 @@',
      ' 1',
      '+1.5',
      ' 2',
      '@@ -8,2 +9,2 @@',
      ' 8',
      '-9',
      '+nine',
    );
    expect(applyUnifiedDiff(files({ 'main.py': source }), patch).get('main.py')).toBe(
      '1\n1.5\n2\n3\n4\n5\n6\n7\n8\nnine\n',
    );
  });

  it('finds a hunk whose line numbers are off', () => {
    const patch = diff('--- a/main.py', '+++ b/main.py', '@@ -1,2 +1,2 @@', ' x', '-y', '+Y');
    expect(applyUnifiedDiff(files({ 'main.py': 'a\nb\nx\ny\n' }), patch).get('main.py')).toBe('a\nb\nx\nY\n');
  });

  it('creates and deletes files', () => {
    const patch = diff(
      '--- /dev/null',
      '+++ b/util.py',
      '@@ -0,0 +1,1 @@',
      '+X = 1',
      '--- a/old.py',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-gone',
    );
    const result = applyUnifiedDiff(files({ 'old.py': 'gone\n' }), patch);
    expect(result.get('util.py')).toBe('X = 1\n');
    expect(result.get('old.py')).toBeNull();
  });

  it('keeps "no newline at end of file"', () => {
    const patch = diff(
      '--- a/main.py',
      '+++ b/main.py',
      '@@ -1 +1 @@',
      '-a',
      '\\ No newline at end of file',
      '+b',
      '\\ No newline at end of file',
    );
    expect(applyUnifiedDiff(files({ 'main.py': 'a' }), patch).get('main.py')).toBe('b');
  });

  it('refuses a hunk whose lines are not in the file, saying which', () => {
    const patch = diff('--- a/main.py', '+++ b/main.py', '@@ -1,2 +1,2 @@', ' a', '-q', '+Q');
    expect(() => applyUnifiedDiff(files({ 'main.py': 'a\nb\n' }), patch)).toThrow(
      new PatchError(
        'Hunk 1 of main.py does not apply: the lines it expects near line 1 are not in the file. Read the file again and make the patch against its current content.',
      ),
    );
  });

  it('refuses a patch of a file that is not in the project', () => {
    const patch = diff('--- a/nope.py', '+++ b/nope.py', '@@ -1 +1 @@', '-a', '+b');
    expect(() => applyUnifiedDiff(files({}), patch)).toThrow('The patch changes nope.py, which is not in the project.');
  });

  it('refuses text that is not a diff', () => {
    expect(() => applyUnifiedDiff(files({ 'main.py': 'a' }), 'replace a with b')).toThrow(PatchError);
  });
});
