/**
 * Protocol versions, both eras on one endpoint. 2025 clients `initialize`: a version the SDK
 * supports is echoed, any other gets the latest 2025 one, and a later request naming an unknown
 * MCP-Protocol-Version gets 400. 2026-07-28 clients send no `initialize`: every request carries
 * its version in `_meta` (and the header), and an unknown one gets -32022 naming the supported ones.
 */
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/server';
import { body, testHandler } from '../support/mcp-harness';
import { initializeRequest, mcpPost, modernPost, rpc } from '../support/mcp-events';

const { invoke } = testHandler();
const MODERN = '2026-07-28';
/** The SDK's list of the versions `initialize` negotiates; 2026-07-28 is served by `server/discover`. */
const LEGACY_VERSIONS = SUPPORTED_PROTOCOL_VERSIONS;
const LATEST_LEGACY = '2025-11-25';

test.each(LEGACY_VERSIONS)('initialize with %s answers with that version', async (version) => {
  const result = await invoke(mcpPost(initializeRequest(version)));
  expect(body(result).result?.protocolVersion).toBe(version);
});

test('every version from 2025-03-26 to 2025-11-25 is among them', () => {
  expect(LEGACY_VERSIONS).toEqual(expect.arrayContaining(['2025-03-26', '2025-06-18', '2025-11-25']));
});

test.each([MODERN, '2099-01-01'])('initialize naming %s answers with the latest 2025 version', async (version) => {
  const result = await invoke(mcpPost(initializeRequest(version)));
  expect(result.statusCode).toBe(200);
  expect(body(result).result?.protocolVersion).toBe(LATEST_LEGACY);
});

test.each(LEGACY_VERSIONS)('a request with MCP-Protocol-Version %s is served', async (version) => {
  const result = await invoke(mcpPost(rpc('tools/list'), { 'MCP-Protocol-Version': version }));
  expect(result.statusCode).toBe(200);
  expect(body(result).result?.tools).toBeDefined();
});

test('a request without MCP-Protocol-Version is served (2025-03-26 clients send none)', async () => {
  expect((await invoke(mcpPost(rpc('tools/list')))).statusCode).toBe(200);
});

test('a 2025 request naming an unknown MCP-Protocol-Version gets 400 listing the supported versions, with its id', async () => {
  const request = rpc('tools/list');
  const result = await invoke(mcpPost(request, { 'MCP-Protocol-Version': '2024-01-01' }));
  expect(result.statusCode).toBe(400);
  expect(body(result).id).toBe(request.id);
  expect(body(result).error?.message).toContain('Unsupported protocol version: 2024-01-01');
  expect(body(result).error?.message).toContain(LATEST_LEGACY);
});

test('a 2026-07-28 request is served without initialize', async () => {
  const result = await invoke(modernPost(rpc('tools/list')));
  expect(result.statusCode).toBe(200);
  expect(body(result).result?.tools?.length).toBeGreaterThan(0);
});

test('server/discover names 2026-07-28 and the server', async () => {
  const result = await invoke(modernPost(rpc('server/discover')));
  expect(result.statusCode).toBe(200);
  const discovered = body(result).result as {
    supportedVersions?: string[];
    capabilities?: object;
    instructions?: string;
  };
  expect(discovered.supportedVersions).toEqual([MODERN]);
  expect(discovered.capabilities).toEqual({ tools: {} });
  expect(discovered.instructions).toMatch(/QuantConnect/);
});

test('a request naming an unknown later revision gets -32022 with data.supported and data.requested', async () => {
  const request = rpc('tools/list');
  const result = await invoke(modernPost(request, { version: '2099-01-01' }));
  expect(result.statusCode).toBe(400);
  expect(body(result)).toMatchObject({
    id: request.id,
    error: { code: -32022, data: { supported: [MODERN], requested: '2099-01-01' } },
  });
});

test('a malformed MCP-Protocol-Version gets 400 with the request id', async () => {
  const request = rpc('tools/list');
  const result = await invoke(mcpPost(request, { 'MCP-Protocol-Version': 'latest' }));
  expect(result.statusCode).toBe(400);
  expect(body(result).id).toBe(request.id);
});

test('a request naming 2026-07-28 in the header only (no _meta) gets -32602 with its id, never id null', async () => {
  const request = rpc('tools/list');
  const result = await invoke(mcpPost(request, { 'MCP-Protocol-Version': MODERN }));
  expect(result.statusCode).toBe(400);
  expect(body(result)).toMatchObject({ id: request.id, error: { code: -32602 } });
});

test('a version header too long to be a revision is refused without being quoted at length', async () => {
  const long = 'x'.repeat(10_000);
  const result = await invoke(mcpPost(rpc('tools/list'), { 'MCP-Protocol-Version': long }));
  expect(result.statusCode).toBe(400);
  expect(result.body.length).toBeLessThan(400);
});
