/**
 * A QuantConnect API v2 on 127.0.0.1 for tests, benchmarks and `npm run sandbox`: in-memory state
 * so real flows run (project → file → compile → backtest → results), QuantConnect's signature
 * check, validation of every request body against the official spec, and injectable faults.
 * Plain Node (no jest globals), so a benchmark script and the sandbox can bundle it.
 *
 *   const fake = await startQuantConnectFake();
 *   const client = createQuantConnectClient({ baseUrl: fake.url, credentials: async () => fake });
 *   fake.inject('/backtests/read', { status: 500 }, { times: 1 });
 *   …
 *   await fake.close();
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkAuth } from './auth-check';
import { Redirect, type Body } from './body';
import { FaultBook, inflate, type Fault } from './faults';
import { ROUTES } from './routes';
import { createSpecValidator, type SpecValidator } from './spec-validation';
import { createWorld, FakeApiError, type World } from './world';
import { loadSpec } from './spec';

export type { Fault } from './faults';

export interface QuantConnectFakeOptions {
  /** @default '123456' */
  readonly userId?: string;
  /** @default 'fake-api-token' */
  readonly apiToken?: string;
  /** The OpenAPI YAML; `null` runs without spec validation. @default found next to the repository */
  readonly specPath?: string | null;
  /**
   * How many reads of a compile, backtest, chart, optimization or download job still answer "in
   * progress" before the final state. @default 1
   */
  readonly readsUntilDone?: number;
  /** Another reproducible data set: ids, results and dates (on a simulated clock). @default none: the real clock */
  readonly seed?: number;
  /** Said by /account/read under `notice`. @default none */
  readonly accountNotice?: string;
  /** Keep every request in `requests`; a long-running sandbox turns it off. @default true */
  readonly recordRequests?: boolean;
}

export interface RecordedRequest {
  /** The API path, e.g. `/projects/create`. */
  readonly endpoint: string;
  /** The parsed body (multipart fields as strings); undefined when it was not JSON. */
  readonly body: Body | undefined;
  readonly headers: IncomingHttpHeaders;
  /** Which TCP connection carried it (1, 2, … in the order they were accepted). */
  readonly connection: number;
  /** Why the fake refused the request, when it did. */
  refusal?: { readonly kind: 'auth' | 'spec'; readonly message: string };
}

export interface QuantConnectFake {
  /** Base URL including `/api/v2`, e.g. `http://127.0.0.1:41234/api/v2`. */
  readonly url: string;
  readonly userId: string;
  readonly apiToken: string;
  /** The organization of the fake account (object store, live command broadcast). */
  readonly organizationId: string;
  /** Every request received, in order (also refused ones); none with `recordRequests: false`. */
  readonly requests: readonly RecordedRequest[];
  /** TCP connections accepted so far (keep-alive reuses one). */
  readonly connections: number;
  /** Whether bodies are validated against the spec, and if not, why. */
  readonly specValidation:
    { readonly enabled: true; readonly path: string } | { readonly enabled: false; readonly reason: string };
  /** Makes requests to `endpoint` ('*' for all) answer with `fault`, `times` times (default: until reset). */
  inject(endpoint: string, fault: Fault, options?: { times?: number }): void;
  /** Forgets faults, recorded requests, connections and all state. */
  reset(): void;
  close(): Promise<void>;
}

let warnedAboutMissingSpec = false;

export async function startQuantConnectFake(options: QuantConnectFakeOptions = {}): Promise<QuantConnectFake> {
  const userId = options.userId ?? '123456';
  const apiToken = options.apiToken ?? 'fake-api-token';
  const readsUntilDone = options.readsUntilDone ?? 1;

  const spec = loadSpec(options.specPath);
  let validator: SpecValidator | undefined;
  if (spec.found) {
    validator = createSpecValidator(spec.document);
  } else if (!warnedAboutMissingSpec && options.specPath !== null) {
    warnedAboutMissingSpec = true;
    console.warn(`QuantConnect fake: request bodies are not validated against the spec: ${spec.reason}.`);
  }

  const requests: RecordedRequest[] = [];
  const faults = new FaultBook();
  const pendingDelays = new Set<() => void>();
  let connections = 0;
  let origin = '';
  let world: World;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 500, { Message: 'An error has occurred.', ExceptionMessage: String(error) });
    });
  });
  const connectionNumbers = new WeakMap<object, number>();
  let connectionsEver = 0;
  server.on('connection', (socket) => {
    connections++;
    connectionNumbers.set(socket, ++connectionsEver);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readAll(request);
    const path = new URL(request.url ?? '/', origin).pathname;
    if (request.method === 'GET' && path.startsWith(DOWNLOAD_PATH))
      return download(path.slice(DOWNLOAD_PATH.length), response);
    if (!path.startsWith(API_PREFIX))
      return sendJson(response, 404, { Message: `No HTTP resource was found that matches ${path}.` });
    const endpoint = path.slice(API_PREFIX.length);
    const { recorded, forHandler } = await parseBody(request.headers, raw);
    const connection = connectionNumbers.get(request.socket) ?? 0;
    const record: RecordedRequest = { endpoint, body: recorded, headers: request.headers, connection };
    if (options.recordRequests !== false) requests.push(record);

    if (request.method !== 'POST')
      return sendJson(response, 405, { Message: `The requested resource does not support ${request.method}.` });

    const fault = faults.take(endpoint);
    if (isDelay(fault)) {
      await delay(fault.delayMs);
      if (response.destroyed) return;
    } else if (fault !== undefined && !isLargeResult(fault)) {
      return answerWithFault(fault, response, request.headers.authorization ?? '');
    }

    const authFailure = checkAuth(request.headers, userId, apiToken, Date.now() / 1000);
    if (authFailure) {
      record.refusal = { kind: 'auth', message: authFailure.message };
      if (authFailure.status === 401) response.setHeader('WWW-Authenticate', 'Basic realm="QuantConnect"');
      return sendJson(response, authFailure.status, authFailure.body);
    }

    const handler = ROUTES[endpoint];
    if (!handler) return sendJson(response, 404, { Message: `No HTTP resource was found that matches ${path}.` });

    if (recorded === undefined)
      return sendJson(response, 200, { errors: ['The request body is not valid JSON.'], success: false });
    const invalid = validator?.request(endpoint, recorded);
    if (invalid) {
      record.refusal = { kind: 'spec', message: invalid };
      return sendJson(response, 200, { errors: [`Invalid request: ${invalid}`], success: false });
    }

    let answer;
    try {
      answer = handler(forHandler ?? recorded, world);
    } catch (error) {
      if (error instanceof FakeApiError) return sendJson(response, 200, { errors: [error.message], success: false });
      throw error;
    }
    if (answer instanceof Redirect) {
      response.writeHead(302, { Location: answer.location }).end();
      return;
    }
    const body = { ...answer, success: true };
    sendJson(response, 200, isLargeResult(fault) ? inflate(body, fault.largeResultBytes) : body);
  }

  function answerWithFault(fault: Fault, response: ServerResponse, authorization: string): void {
    if (fault === 'disconnect') {
      response.socket?.destroy();
    } else if (fault === 'html') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(MAINTENANCE_PAGE);
    } else if (fault === 'malformed-json') {
      response
        .writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' })
        .end('{"success":true,"projects":[{"projectId":1,"na');
    } else if ('status' in fault) {
      if (fault.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(fault.retryAfterSeconds));
      if (fault.body !== undefined) {
        response.writeHead(fault.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(fault.body);
      } else {
        const message = fault.status === 429 ? 'Too many requests, slow down.' : 'An error has occurred.';
        sendJson(response, fault.status, { Message: message });
      }
    } else if ('success' in fault) {
      sendJson(response, 200, { ...fault });
    } else if ('echoAuthorization' in fault) {
      const basic = authorization.replace(/^Basic /, '');
      const hash = Buffer.from(basic, 'base64').toString('utf8').split(':')[1] ?? '';
      response
        .writeHead(fault.echoAuthorization, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end(
          `Rejected request with Authorization: ${authorization} (credentials ${basic}, signature ${hash.toUpperCase()})`,
        );
    }
  }

  function download(jobId: string, response: ServerResponse): void {
    const job = world.objectJobs.get(jobId);
    if (!job) return sendJson(response, 404, { Message: 'No such download.' });
    const objects = job.keys.map((key) => world.objects.get(key)).filter((object) => object !== undefined);
    // QuantConnect serves a zip; the fake serves one object as is, several as JSON of base64.
    if (objects.length === 1) {
      response.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(objects[0].data);
    } else {
      sendJson(
        response,
        200,
        Object.fromEntries(objects.map((object) => [object.key, object.data.toString('base64')])),
      );
    }
  }

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        pendingDelays.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      pendingDelays.add(finish);
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const freshWorld = () =>
    createWorld({
      userId,
      readsUntilDone,
      origin: `${origin}${DOWNLOAD_PATH}`,
      seed: options.seed,
      notice: options.accountNotice,
    });
  world = freshWorld();

  return {
    url: `${origin}${API_PREFIX}`,
    userId,
    apiToken,
    get organizationId() {
      return world.organizationId;
    },
    requests,
    get connections() {
      return connections;
    },
    specValidation: spec.found ? { enabled: true, path: spec.path } : { enabled: false, reason: spec.reason },
    inject(endpoint, fault, injectOptions) {
      faults.add(endpoint, fault, injectOptions?.times);
    },
    reset() {
      faults.clear();
      requests.length = 0;
      connections = 0;
      world = freshWorld();
    },
    close() {
      for (const finish of [...pendingDelays]) finish();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

const API_PREFIX = '/api/v2';
const DOWNLOAD_PATH = '/object-store/downloads/';

const MAINTENANCE_PAGE =
  '<!DOCTYPE html><html><head><title>QuantConnect - Down for Maintenance</title></head>' +
  '<body><h1>We will be back shortly.</h1><p>QuantConnect is being upgraded.</p></body></html>';

function isDelay(fault: Fault | undefined): fault is { delayMs: number } {
  return typeof fault === 'object' && 'delayMs' in fault;
}

function isLargeResult(fault: Fault | undefined): fault is { largeResultBytes: number } {
  return typeof fault === 'object' && 'largeResultBytes' in fault;
}

function readAll(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * JSON bodies as they are; multipart bodies (/object/set) as fields, the file as text for the
 * record and the validation, as bytes for the handler.
 */
async function parseBody(
  headers: IncomingHttpHeaders,
  raw: Buffer,
): Promise<{ recorded: Body | undefined; forHandler?: Body }> {
  const contentType = headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    const entries: [string, FormDataEntryValue][] = [];
    form.forEach((value, name) => entries.push([name, value]));
    const recorded: Body = {};
    const forHandler: Body = {};
    for (const [name, value] of entries) {
      if (typeof value === 'string') {
        recorded[name] = value;
        forHandler[name] = value;
      } else {
        const file = Buffer.from(await value.arrayBuffer());
        recorded[name] = file.toString('utf8');
        forHandler[name] = file;
      }
    }
    return { recorded, forHandler };
  }
  const text = raw.toString('utf8');
  if (text.trim() === '') return { recorded: {} };
  try {
    const parsed: unknown = JSON.parse(text);
    return {
      recorded: typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Body) : undefined,
    };
  } catch {
    return { recorded: undefined };
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
