/**
 * The endpoint's HTTP rules, event in → proxy result out, as API Gateway would invoke Lambda.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { ALLOWED_ORIGIN, body, testHandler } from '../support/mcp-harness';
import { apiGatewayEvent, initializeRequest, mcpPost, rpc, toolCall } from '../support/mcp-events';

const { invoke } = testHandler();

/** The answer is a JSON-RPC error object (and nothing else) with this status and code. */
function expectJsonRpcError(result: APIGatewayProxyResult, status: number, code: number): void {
  expect(result.statusCode).toBe(status);
  const answer = body(result);
  expect(Object.keys(answer).sort()).toEqual(['error', 'id', 'jsonrpc']);
  expect(answer.jsonrpc).toBe('2.0');
  expect(answer.id).toBeNull();
  expect(answer.error?.code).toBe(code);
  expect(answer.error?.message).toMatch(/\w/);
}

describe('methods', () => {
  test('POST serves MCP with a JSON answer', async () => {
    const result = await invoke(mcpPost(initializeRequest()));
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('application/json');
    expect(body(result).result?.serverInfo?.name).toBe('quantconnect-mcp');
  });

  test.each(['GET', 'DELETE'])(
    '%s answers 405 with Allow: POST, OPTIONS and a JSON-RPC error, never an SSE stream',
    async (method) => {
      const result = await invoke(
        apiGatewayEvent({ method, headers: { Accept: 'text/event-stream', 'mcp-session-id': 'abc' } }),
      );
      expectJsonRpcError(result, 405, -32000);
      expect(result.headers?.allow).toBe('POST, OPTIONS');
      expect(result.headers?.['content-type']).toBe('application/json');
    },
  );

  test('another method (PUT) answers 405 too', async () => {
    const result = await invoke(apiGatewayEvent({ method: 'PUT', body: initializeRequest() }));
    expectJsonRpcError(result, 405, -32000);
  });

  test('OPTIONS from an allowed origin answers the CORS preflight', async () => {
    const result = await invoke(
      apiGatewayEvent({
        method: 'OPTIONS',
        headers: {
          Origin: ALLOWED_ORIGIN,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type, x-api-key, mcp-protocol-version',
        },
      }),
    );
    expect(result.statusCode).toBe(204);
    expect(result.headers).toMatchObject({
      'access-control-allow-origin': ALLOWED_ORIGIN,
      'access-control-allow-methods': 'POST, OPTIONS',
    });
    const allowedHeaders = String(result.headers?.['access-control-allow-headers']).split(', ');
    expect(allowedHeaders).toEqual(
      expect.arrayContaining(['content-type', 'x-api-key', 'mcp-protocol-version', 'mcp-session-id', 'authorization']),
    );
  });
});

describe('origin (DNS-rebinding protection)', () => {
  test('a request without Origin passes', async () => {
    expect((await invoke(mcpPost(initializeRequest()))).statusCode).toBe(200);
  });

  test('a request from an allowed origin passes and gets CORS headers', async () => {
    const result = await invoke(mcpPost(initializeRequest(), { Origin: ALLOWED_ORIGIN }));
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
  });

  test('an origin allowed with a port wildcard passes on any port', async () => {
    const result = await invoke(mcpPost(initializeRequest(), { Origin: 'http://localhost:6274' }));
    expect(result.statusCode).toBe(200);
  });

  test('a request from another origin gets 403 with a JSON-RPC error', async () => {
    const result = await invoke(mcpPost(initializeRequest(), { Origin: 'https://evil.example' }));
    expectJsonRpcError(result, 403, -32000);
  });

  test('a preflight from another origin gets 403', async () => {
    const result = await invoke(
      apiGatewayEvent({ method: 'OPTIONS', headers: { Origin: 'http://localhost.evil.example' } }),
    );
    expectJsonRpcError(result, 403, -32000);
  });
});

describe('headers and bodies as API Gateway delivers them', () => {
  test('header names are matched in any case', async () => {
    const result = await invoke(
      apiGatewayEvent({
        body: initializeRequest(),
        headers: { 'CONTENT-TYPE': 'Application/JSON; charset=utf-8', aCcEpT: 'application/json, text/event-stream' },
      }),
    );
    expect(result.statusCode).toBe(200);
  });

  test('headers given only in multiValueHeaders are read', async () => {
    const event = apiGatewayEvent({ body: initializeRequest() });
    const result = await invoke({
      ...event,
      headers: {},
      multiValueHeaders: { 'Content-Type': ['application/json'], Origin: [ALLOWED_ORIGIN] },
    });
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
  });

  test('a repeated Origin in multiValueHeaders is not taken as its first value', async () => {
    const event = apiGatewayEvent({ body: initializeRequest() });
    const result = await invoke({
      ...event,
      headers: { 'Content-Type': 'application/json', Origin: ALLOWED_ORIGIN },
      multiValueHeaders: { 'Content-Type': ['application/json'], Origin: [ALLOWED_ORIGIN, 'https://evil.example'] },
    });
    expect(result.statusCode).toBe(403);
  });

  test('a base64-encoded body is decoded', async () => {
    const result = await invoke(apiGatewayEvent({ body: rpc('tools/list'), base64: true }));
    expect(result.statusCode).toBe(200);
    expect(body(result).result?.tools?.length).toBeGreaterThan(0);
  });

  test.each([
    ['no Accept header', undefined],
    ['Accept: application/json only', 'application/json'],
    ['Accept: */*', '*/*'],
  ])('%s is served, not refused with 406', async (_name, accept) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (accept !== undefined) headers.Accept = accept;
    const result = await invoke(apiGatewayEvent({ body: initializeRequest(), headers }));
    expect(result.statusCode).toBe(200);
    expect(body(result).result?.protocolVersion).toBeDefined();
  });
});

describe('bad input gets a JSON-RPC error, never a 502, HTML or a stack', () => {
  test('malformed JSON: 400 with -32700', async () => {
    expectJsonRpcError(await invoke(apiGatewayEvent({ body: '{"jsonrpc": "2.0", "id": 1,' })), 400, -32700);
  });

  test('an empty body: 400 with -32700', async () => {
    expectJsonRpcError(await invoke(apiGatewayEvent({ body: '' })), 400, -32700);
  });

  test('JSON that is not JSON-RPC: 400 with -32600', async () => {
    expectJsonRpcError(await invoke(apiGatewayEvent({ body: { hello: 'world' } })), 400, -32600);
  });

  test('an empty batch: 400 with -32600', async () => {
    expectJsonRpcError(await invoke(apiGatewayEvent({ body: [] })), 400, -32600);
  });

  test('an unknown method: JSON-RPC error -32601', async () => {
    const result = await invoke(mcpPost(rpc('resources/list')));
    expect(body(result).error?.code).toBe(-32601);
  });

  test('a body over 1 MiB: 413', async () => {
    const big = rpc('tools/list', { padding: 'x'.repeat(1024 * 1024) });
    expectJsonRpcError(await invoke(apiGatewayEvent({ body: big })), 413, -32000);
  });

  test('a content type other than JSON: 415', async () => {
    const result = await invoke(
      apiGatewayEvent({ body: JSON.stringify(rpc('tools/list')), headers: { 'Content-Type': 'text/plain' } }),
    );
    expectJsonRpcError(result, 415, -32000);
  });

  test('no content type: 415', async () => {
    expectJsonRpcError(await invoke(apiGatewayEvent({ body: rpc('tools/list'), headers: {} })), 415, -32000);
  });

  test('notifications only: 202 with no body', async () => {
    const result = await invoke(mcpPost({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    expect(result.statusCode).toBe(202);
    expect(result.body).toBe('');
  });

  test('an unexpected failure: 500 with a JSON-RPC error naming the request id, no stack', async () => {
    const event = { ...apiGatewayEvent(), body: 42 as unknown as string };
    const result = await invoke(event);
    expectJsonRpcError(result, 500, -32603);
    expect(body(result).error?.message).toMatch(/request id lambda-request-\d+/);
    expect(result.body).not.toMatch(/\bat .+:\d+:\d+/);
  });
});

describe('a warm handler', () => {
  test('serves requests one after another, each with a fresh server', async () => {
    const warm = testHandler();
    const first = await warm.invoke(mcpPost(initializeRequest()));
    const second = await warm.invoke(mcpPost(rpc('tools/list')));
    const third = await warm.invoke(mcpPost(rpc('tools/call', { name: 'read_project', arguments: { projectId: 7 } })));
    const fourth = await warm.invoke(mcpPost(rpc('tools/list')));
    expect([first, second, third, fourth].map((result) => result.statusCode)).toEqual([200, 200, 200, 200]);
    expect(body(fourth).result?.tools).toEqual(body(second).result?.tools);
    expect(warm.client.calls).toHaveLength(1);
  });
});

describe('cancellation', () => {
  test('a request cancelled in its own batch is not waited for; the others are answered', async () => {
    const stuckCall = toolCall('read_stuck');
    const ping = rpc('ping');
    const cancel = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: stuckCall.id } };
    const result = await invoke(mcpPost([stuckCall, cancel, ping]));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual([{ jsonrpc: '2.0', id: ping.id, result: {} }]);
  });
});
