/**
 * Protocol versions. `initialize` negotiates: a version the SDK supports is echoed, any other
 * gets the latest one. Requests after it carry MCP-Protocol-Version; an unsupported value gets
 * 400 (spec, transports). A client of the initialize-less revisions (2026-07-28 and later) sends
 * its version on every request: the plain 400 JSON-RPC error without the modern
 * UnsupportedProtocolVersion code is what tells such a dual-era client that this is a legacy
 * server, so it falls back to `initialize`.
 */
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { body, testHandler } from '../support/mcp-harness';
import { initializeRequest, mcpPost, rpc } from '../support/mcp-events';

const { invoke } = testHandler();
const NEWER_VERSION = '2026-07-28';

test.each(SUPPORTED_PROTOCOL_VERSIONS)('initialize with %s answers with that version', async (version) => {
  const result = await invoke(mcpPost(initializeRequest(version)));
  expect(body(result).result?.protocolVersion).toBe(version);
});

test('every version from 2025-03-26 to 2025-11-25 is among them', () => {
  expect(SUPPORTED_PROTOCOL_VERSIONS).toEqual(expect.arrayContaining(['2025-03-26', '2025-06-18', '2025-11-25']));
});

test('initialize with a newer version answers with the latest supported one', async () => {
  const result = await invoke(mcpPost(initializeRequest(NEWER_VERSION), { 'MCP-Protocol-Version': NEWER_VERSION }));
  expect(result.statusCode).toBe(200);
  expect(body(result).result?.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
});

test.each(SUPPORTED_PROTOCOL_VERSIONS)('a request with MCP-Protocol-Version %s is served', async (version) => {
  const result = await invoke(mcpPost(rpc('tools/list'), { 'MCP-Protocol-Version': version }));
  expect(result.statusCode).toBe(200);
  expect(body(result).result?.tools).toBeDefined();
});

test('a request without MCP-Protocol-Version is served (2025-03-26 clients send none)', async () => {
  expect((await invoke(mcpPost(rpc('tools/list')))).statusCode).toBe(200);
});

test('a request announcing a newer version gets 400 with a legacy JSON-RPC error, so the client falls back to initialize', async () => {
  const result = await invoke(
    mcpPost(rpc('server/discover', { _meta: { 'io.modelcontextprotocol/protocolVersion': NEWER_VERSION } }), {
      'MCP-Protocol-Version': NEWER_VERSION,
    }),
  );
  expect(result.statusCode).toBe(400);
  const error = body(result).error;
  expect(error?.code).toBe(-32000);
  expect(error?.message).toContain(`Unsupported protocol version: ${NEWER_VERSION}`);
  expect(error?.message).toContain(LATEST_PROTOCOL_VERSION);
});

test('a request with a malformed MCP-Protocol-Version gets 400', async () => {
  const result = await invoke(mcpPost(rpc('tools/list'), { 'MCP-Protocol-Version': 'latest' }));
  expect(result.statusCode).toBe(400);
});
