/**
 * A child's output as it arrives. Its stdout and stderr are separate pipes, so a line written to
 * stderr before an answer on stdout may still arrive after it: tests wait for what they expect.
 */
import type { Readable } from 'node:stream';

export interface StreamText {
  /** Everything received so far. */
  text(): string;
  /** Resolves with what `read` finds in the text once it finds something (not undefined). */
  when<T>(read: (text: string) => T | undefined): Promise<T>;
}

export function streamText(stream: Readable): StreamText {
  let text = '';
  const waiting = new Set<() => void>();
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    for (const check of [...waiting]) check();
  });
  return {
    text: () => text,
    when: (read) =>
      new Promise((resolve) => {
        const check = () => {
          const found = read(text);
          if (found === undefined) return;
          waiting.delete(check);
          resolve(found);
        };
        waiting.add(check);
        check();
      }),
  };
}
