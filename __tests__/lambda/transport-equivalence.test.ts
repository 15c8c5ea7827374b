/**
 * Differential: our endpoint, with its own stateless JSON transport, against the SDK's
 * WebStandardStreamableHTTPServerTransport (stateless, JSON responses) that it replaced, both
 * serving the same server factory and test catalogue. Each request of the table goes to both;
 * status, content type, session header and parsed body must be the same, except where a row
 * documents an intentional difference and why. The SDK's transport is used here only.
 */
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { environmentCredentials } from '../../lambda/credentials';
import { createHandler } from '../../lambda/http/handler';
import { createServerFactory, type ServerDependencies } from '../../lambda/server';
import { apiGatewayEvent, initializeRequest, lambdaContext, mcpPost, rpc, toolCall } from '../support/mcp-events';
import { RecordingClient, TEST_TOOLS } from '../support/mcp-test-catalogue';

const NEWER_VERSION = '2026-07-28';
const SUPPORTED = SUPPORTED_PROTOCOL_VERSIONS[0];

const dependencies: ServerDependencies = {
  tools: TEST_TOOLS,
  client: new RecordingClient((endpoint) => ({ success: true, projects: [{ projectId: 7, endpoint }] })),
  credentials: environmentCredentials('12345', 'token-abc'),
  access: 'standard',
};
const ourHandler = createHandler({ ...dependencies, allowedOrigins: [], environment: 'local', log: () => undefined });
const newServer = createServerFactory(dependencies);

interface Answer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly sessionId: string | undefined;
  readonly body: unknown;
}

function parsed(text: string): unknown {
  return text === '' ? undefined : JSON.parse(text);
}

async function ours(event: APIGatewayProxyEvent): Promise<Answer> {
  const result = await ourHandler(event, lambdaContext());
  return {
    status: result.statusCode,
    contentType: result.headers?.['content-type'] as string | undefined,
    sessionId: result.headers?.['mcp-session-id'] as string | undefined,
    body: parsed(result.body),
  };
}

/** The SDK's transport, as our endpoint used it: fresh per request, reading the raw body itself. */
async function sdk(event: APIGatewayProxyEvent): Promise<Answer> {
  const server = newServer({});
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    const headers = Object.entries(event.headers).filter((entry): entry is [string, string] => entry[1] !== undefined);
    const request = new Request(`https://${event.headers.Host ?? 'localhost'}${event.path}`, {
      method: event.httpMethod,
      headers,
      body: event.body,
    });
    const response = await transport.handleRequest(request);
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? undefined,
      sessionId: response.headers.get('mcp-session-id') ?? undefined,
      body: parsed(await response.text()),
    };
  } finally {
    await server.close();
  }
}

const notification = (method: string) => ({ jsonrpc: '2.0', method });
const post = (message: unknown, headers?: Record<string, string>) => () => mcpPost(message, headers);

/** Name, event (built per run, so ids are fresh), and the status both answer. */
const SAME: [string, () => APIGatewayProxyEvent, number][] = [
  ...SUPPORTED_PROTOCOL_VERSIONS.map((version): [string, () => APIGatewayProxyEvent, number] => [
    `initialize with ${version}`,
    post(initializeRequest(version)),
    200,
  ]),
  [`initialize with a newer version (${NEWER_VERSION})`, post(initializeRequest(NEWER_VERSION)), 200],
  [
    'initialize announcing a newer version in its header too (not checked on initialize)',
    post(initializeRequest(NEWER_VERSION), { 'MCP-Protocol-Version': NEWER_VERSION }),
    200,
  ],
  ['tools/list', post(rpc('tools/list')), 200],
  ['tools/list with a string id', post({ jsonrpc: '2.0', id: 'list-a', method: 'tools/list' }), 200],
  ['tools/call with valid arguments', post(toolCall('read_project', { projectId: 7 })), 200],
  ['tools/call with invalid arguments', post(toolCall('read_project', { projectId: 'seven' })), 200],
  ['tools/call of a tool that fails', post(toolCall('read_failing', {})), 200],
  ['tools/call of an unknown tool', post(toolCall('read_nothing', {})), 200],
  ['tools/call outside the access level', post(toolCall('liquidate_live_algorithm', { projectId: 7 })), 200],
  ['ping', post(rpc('ping')), 200],
  ['an unknown method', post(rpc('resources/list')), 200],
  ['a request with invalid params', post(rpc('tools/call', { arguments: {} })), 200],
  ['a notification only', post(notification('notifications/initialized')), 202],
  ['a response only', post({ jsonrpc: '2.0', id: 99, result: {} }), 202],
  [
    'a batch of notifications',
    post([notification('notifications/initialized'), notification('notifications/roots/list_changed')]),
    202,
  ],
  ['a batch of requests', post([rpc('tools/list'), rpc('ping'), toolCall('read_project', { projectId: 3 })]), 200],
  [
    'a batch mixing requests, notifications and an error',
    post([rpc('ping'), notification('notifications/initialized'), rpc('no/such/method'), rpc('tools/list')]),
    200,
  ],
  ['initialize inside a batch', post([initializeRequest(), rpc('tools/list')]), 400],
  ['a supported MCP-Protocol-Version', post(rpc('tools/list'), { 'MCP-Protocol-Version': SUPPORTED }), 200],
  ['an unsupported MCP-Protocol-Version', post(rpc('tools/list'), { 'MCP-Protocol-Version': NEWER_VERSION }), 400],
  [
    'notifications with an unsupported MCP-Protocol-Version',
    post(notification('notifications/initialized'), { 'MCP-Protocol-Version': 'latest' }),
    400,
  ],
  ['no MCP-Protocol-Version', post(rpc('tools/list')), 200],
  [
    'an Mcp-Session-Id (ignored: stateless)',
    post(rpc('tools/list'), { 'Mcp-Session-Id': 'session-from-a-client' }),
    200,
  ],
  ['a batch over 100 messages', post(Array.from({ length: 101 }, () => rpc('ping'))), 400],
  [
    'a content type other than JSON',
    () =>
      apiGatewayEvent({
        body: rpc('ping'),
        headers: { 'Content-Type': 'text/plain', Accept: 'application/json, text/event-stream', Host: 'h' },
      }),
    415,
  ],
];

describe('answers like the SDK transport', () => {
  test.each(SAME)('%s', async (_name, event, status) => {
    const request = event();
    const [our, their] = [await ours(request), await sdk(request)];
    expect(their.status).toBe(status);
    expect(our).toEqual(their);
  });
});

/** Where we answer differently on purpose: what each answers, and why. */
describe('intentional differences', () => {
  test('malformed JSON: the same 400 -32700, in our words', async () => {
    const request = mcpPost('{"jsonrpc": "2.0", "id": 1, "method": ');
    const their = await sdk(request);
    expect(their).toMatchObject({
      status: 400,
      body: { error: { code: -32700, message: 'Parse error: Invalid JSON' } },
    });
    expect(await ours(request)).toMatchObject({
      status: 400,
      body: { error: { code: -32700, message: 'Parse error: the body is not valid JSON' } },
    });
  });

  test('a body that is JSON but not JSON-RPC: -32600 Invalid Request (JSON-RPC 2.0), where the SDK says -32700 Parse error', async () => {
    const request = mcpPost({ hello: 'world' });
    expect(await sdk(request)).toMatchObject({ status: 400, body: { error: { code: -32700 } } });
    expect(await ours(request)).toMatchObject({ status: 400, body: { error: { code: -32600 } } });
  });

  test('an empty batch: 400 -32600 (JSON-RPC 2.0), where the SDK accepts it with 202', async () => {
    const request = mcpPost([]);
    expect((await sdk(request)).status).toBe(202);
    expect(await ours(request)).toMatchObject({ status: 400, body: { error: { code: -32600 } } });
  });

  test('a batch is answered with an array even when it holds one request (JSON-RPC 2.0); the SDK answers an object', async () => {
    const ping = rpc('ping');
    const request = mcpPost([ping, notification('notifications/initialized')]);
    const their = await sdk(request);
    expect(their.body).toEqual({ jsonrpc: '2.0', id: ping.id, result: {} });
    expect(await ours(request)).toEqual({ ...their, body: [their.body] });
  });

  test('two requests sharing an id: 400 -32600, where the SDK answers only one of them', async () => {
    const first = rpc('ping');
    const request = mcpPost([first, { ...rpc('tools/list'), id: first.id }]);
    const their = await sdk(request);
    expect(their.status).toBe(200);
    expect(their.body).not.toBeInstanceOf(Array);
    expect(await ours(request)).toMatchObject({ status: 400, body: { error: { code: -32600 } } });
  });

  test.each([
    ['no Accept header', undefined],
    ['Accept: application/json only', 'application/json'],
  ])(
    '%s: served (clients in the wild send these; every answer is JSON), where the SDK answers 406',
    async (_name, accept) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json', Host: 'h' };
      if (accept !== undefined) headers.Accept = accept;
      const request = apiGatewayEvent({ body: rpc('ping'), headers });
      expect((await sdk(request)).status).toBe(406);
      expect(await ours(request)).toMatchObject({ status: 200, body: { result: {} } });
    },
  );
});
