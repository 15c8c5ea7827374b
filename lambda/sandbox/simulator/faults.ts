/** Faults a test can make the fake answer with, and the book that hands them out. */

export type Fault =
  /** Answer with this HTTP status (500: `{"Message":"An error has occurred."}`, as ASP.NET writes it). */
  | { readonly status: number; readonly retryAfterSeconds?: number; readonly body?: string }
  /** Wait this long, then answer normally (a slow answer, to go past a deadline). */
  | { readonly delayMs: number }
  /** HTTP 200 with an HTML maintenance page instead of JSON. */
  | 'html'
  /** HTTP 200 with JSON cut off in the middle. */
  | 'malformed-json'
  /** Close the connection without answering (a network error for the client). */
  | 'disconnect'
  /** HTTP 200 with QuantConnect's failure envelope. */
  | {
      readonly success: false;
      readonly errors?: readonly string[];
      readonly messages?: readonly string[];
      readonly Message?: string;
    }
  /** Answer normally, with the answer's largest list (or text) grown to at least this many bytes. */
  | { readonly largeResultBytes: number }
  /**
   * Answer this HTTP status with a text quoting the request's credentials, as a careless proxy
   * would: the whole Authorization header, the bare Basic value and the signature hash in
   * upper-case hex.
   */
  | { readonly echoAuthorization: number };

interface Entry {
  readonly endpoint: string;
  readonly fault: Fault;
  remaining: number;
}

export class FaultBook {
  private entries: Entry[] = [];

  /** `endpoint` is an API path or '*' for every endpoint; `times` defaults to every request. */
  add(endpoint: string, fault: Fault, times = Infinity): void {
    this.entries.push({ endpoint, fault, remaining: times });
  }

  /** The next fault for this endpoint (its own faults before '*' ones, oldest first), used up once. */
  take(endpoint: string): Fault | undefined {
    const entry =
      this.entries.find((candidate) => candidate.endpoint === endpoint) ??
      this.entries.find((candidate) => candidate.endpoint === '*');
    if (!entry) return undefined;
    entry.remaining--;
    if (entry.remaining <= 0) this.entries = this.entries.filter((candidate) => candidate !== entry);
    return entry.fault;
  }

  clear(): void {
    this.entries = [];
  }
}

/**
 * Grows an answer to at least `bytes` of JSON the way real large answers are large: its longest
 * list gets more items (orders, files, logs), or, without a list, its longest text gets longer.
 */
export function inflate(answer: Record<string, unknown>, bytes: number): Record<string, unknown> {
  const grown = structuredClone(answer);
  const missing = bytes - JSON.stringify(grown).length;
  if (missing <= 0) return grown;
  const list = largest(grown, (value): value is unknown[] => Array.isArray(value) && value.length > 0);
  if (list) {
    const originals = [...list.value];
    let deficit = missing;
    // An item's share of the JSON is estimated, so check and top up until the size is reached.
    while (deficit > 0) {
      const itemSize = JSON.stringify(list.value).length / list.value.length;
      const copies = Math.ceil(deficit / itemSize);
      for (let i = 0; i < copies; i++) list.value.push(structuredClone(originals[i % originals.length]));
      deficit = bytes - JSON.stringify(grown).length;
    }
    return grown;
  }
  const text = largest(grown, (value): value is string => typeof value === 'string');
  if (text) {
    const line = ' '.repeat(76) + '\n';
    text.parent[text.key] = text.value + line.repeat(Math.ceil(missing / line.length));
    return grown;
  }
  return { ...grown, padding: 'x'.repeat(missing) };
}

interface Found<T> {
  readonly parent: Record<string | number, unknown>;
  readonly key: string | number;
  readonly value: T;
}

function largest<T>(root: unknown, accept: (value: unknown) => value is T): Found<T> | undefined {
  let best: Found<T> | undefined;
  let bestSize = -1;
  const visit = (parent: Record<string | number, unknown>, key: string | number) => {
    const value = parent[key];
    if (accept(value)) {
      const size = JSON.stringify(value).length;
      if (size > bestSize) {
        best = { parent, key, value };
        bestSize = size;
      }
    }
    if (value && typeof value === 'object') {
      for (const childKey of Object.keys(value)) visit(value as Record<string, unknown>, childKey);
    }
  };
  visit({ root }, 'root');
  return best;
}
