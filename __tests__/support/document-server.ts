/**
 * An https server on 127.0.0.1 that serves Client ID Metadata Documents (or anything a test sets)
 * with a self-signed certificate made for the run by openssl; `ca` and `caPath` let a client
 * trust it (an https.Agent in process, NODE_EXTRA_CA_CERTS for a child process).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Answer {
  readonly status?: number;
  readonly body?: string | object;
  readonly headers?: Record<string, string>;
  /** Wait this long before answering (a slow server). */
  readonly delayMs?: number;
  /** Send the body a byte at a time, this long apart (a server that keeps the connection alive but never finishes). */
  readonly dripMs?: number;
}

export interface DocumentServer {
  /** https://127.0.0.1:<port> */
  readonly origin: string;
  readonly ca: string;
  readonly caPath: string;
  /** How many requests each path received. */
  readonly hits: Map<string, number>;
  set(path: string, answer: Answer): void;
  close(): Promise<void>;
}

export async function startDocumentServer(): Promise<DocumentServer> {
  const directory = mkdtempSync(join(tmpdir(), 'qc-mcp-documents-'));
  const keyPath = join(directory, 'key.pem');
  const caPath = join(directory, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      caPath,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const ca = readFileSync(caPath, 'utf8');
  const answers = new Map<string, Answer>();
  const hits = new Map<string, number>();
  const server = createServer({ key: readFileSync(keyPath), cert: ca }, (request, response) => {
    const path = new URL(request.url ?? '/', 'https://127.0.0.1').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const answer = answers.get(path) ?? { status: 404, body: 'not found' };
    const send = () => {
      const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
      response.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      if (answer.dripMs === undefined) return void response.end(body);
      let sent = 0;
      const drip = setInterval(() => {
        if (response.destroyed || sent >= body.length) {
          clearInterval(drip);
          return void response.end();
        }
        response.write(body[sent++]);
      }, answer.dripMs).unref();
    };
    if (answer.delayMs === undefined) send();
    else setTimeout(send, answer.delayMs).unref();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ca,
    caPath,
    hits,
    set: (path, answer) => void answers.set(path, answer),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        rmSync(directory, { recursive: true, force: true });
      }),
  };
}
