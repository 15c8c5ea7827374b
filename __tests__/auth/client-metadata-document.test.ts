/**
 * Client ID Metadata Documents as the function reads them: from a real https server on 127.0.0.1
 * (allowed here only through the test-only loopback allowance), checked before anything is
 * fetched, bounded while fetched, validated as a public PKCE client, and cached.
 */
import { Agent } from 'node:https';
import {
  clientMetadataDocuments,
  InvalidClientMetadataDocument,
  MAX_DOCUMENT_BYTES,
} from '../../lambda/auth/client-metadata-document';
import { DEFAULT_REDIRECT_HOSTS } from '../../lambda/auth/redirect-uri';
import { startDocumentServer, type DocumentServer } from '../support/document-server';

const hosts = new Set(DEFAULT_REDIRECT_HOSTS);

describe('reading a client id metadata document', () => {
  let server: DocumentServer;
  let agent: Agent;
  const url = (path: string) => `${server.origin}${path}`;
  const documentAt = (path: string, extra: Record<string, unknown> = {}) => ({
    client_id: url(path),
    client_name: 'Example CLI',
    redirect_uris: ['http://127.0.0.1/callback'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    ...extra,
  });

  beforeAll(async () => {
    server = await startDocumentServer();
    agent = new Agent({ ca: server.ca });
  });
  afterAll(async () => {
    agent.destroy();
    await server.close();
  });

  const reader = (options: { allowLoopback?: boolean; timeoutMs?: number; now?: () => number } = {}) =>
    clientMetadataDocuments({ redirectHosts: hosts, agent, allowLoopback: true, ...options });

  test('fetches, validates and keeps a valid document for five minutes', async () => {
    server.set('/valid.json', { body: documentAt('/valid.json') });
    let now = 0;
    const read = reader({ now: () => now });
    await expect(read(url('/valid.json'))).resolves.toEqual({
      clientId: url('/valid.json'),
      clientName: 'Example CLI',
      redirectUris: ['http://127.0.0.1/callback'],
    });
    await read(url('/valid.json'));
    expect(server.hits.get('/valid.json')).toBe(1);
    now += 5 * 60_000 + 1;
    await read(url('/valid.json'));
    expect(server.hits.get('/valid.json')).toBe(2);
  });

  test.each([
    ['http', 'http://127.0.0.1/client.json', /must be https/],
    ['no path', 'https://app.example.com/', /needs a path/],
    ['a dot-dot segment', 'https://app.example.com/a/../client.json', /without \. or \.\. segments/],
    ['a fragment', 'https://app.example.com/client.json#x', /fragment/],
    ['userinfo', 'https://user@app.example.com/client.json', /without user/],
    ['a backslash', 'https://app.example.com\\@evil.com/client.json', /backslashes/],
    ['a newline', 'https://app.example.com/client.json\n', /controls/],
    ['a URL not in its normal form', 'https://APP.example.com/client.json', /normal form/],
    ['a URL of 501 characters', `https://app.example.com/${'x'.repeat(477)}`, /at most 500/],
    ['the cloud metadata address', 'https://169.254.169.254/latest/client.json', /private address/],
    ['a private address', 'https://10.0.0.1/client.json', /private address/],
    ['IPv6 loopback', 'https://[::1]/client.json', /private address/],
    ['IPv4-mapped loopback', 'https://[::ffff:7f00:1]/client.json', /private address/],
  ])('refuses a client_id with %s before fetching anything', async (_, clientId, message) => {
    await expect(reader({ allowLoopback: false })(clientId)).rejects.toThrow(message);
  });

  test('refuses loopback addresses unless the test-only allowance is on, by IP and by name', async () => {
    server.set('/loopback.json', { body: documentAt('/loopback.json') });
    const read = reader({ allowLoopback: false });
    await expect(read(url('/loopback.json'))).rejects.toThrow(/private address/);
    const byName = url('/loopback.json').replace('127.0.0.1', 'localhost');
    await expect(read(byName)).rejects.toThrow(/resolves to a private address/);
    expect(server.hits.get('/loopback.json')).toBeUndefined();
  });

  test.each<[string, Parameters<DocumentServer['set']>[1], RegExp]>([
    ['a redirect', { status: 302, headers: { location: 'http://evil.example/client.json' } }, /answered 302/],
    ['a 404', { status: 404, body: 'no' }, /answered 404/],
    ['a body over 5 KB', { body: 'x'.repeat(MAX_DOCUMENT_BYTES + 1) }, /over 5120 bytes/],
    ['a body that is not JSON', { body: '{client_id' }, /not JSON/],
    ['a JSON array', { body: '[]' }, /not a JSON object/],
  ])('refuses %s', async (_, answer, message) => {
    server.set('/refused.json', answer);
    await expect(reader()(url('/refused.json'))).rejects.toThrow(message);
  });

  test('gives up on a server that does not answer in time', async () => {
    server.set('/slow.json', { body: documentAt('/slow.json'), delayMs: 5_000 });
    await expect(reader({ timeoutMs: 100 })(url('/slow.json'))).rejects.toThrow(/timed out/);
  });

  test('gives up on a server that answers a byte at a time, within the same time limit for the whole document', async () => {
    // Each byte comes well within the limit, so only a deadline on the whole download stops it.
    server.set('/drip.json', { body: documentAt('/drip.json'), dripMs: 20 });
    await expect(reader({ timeoutMs: 300 })(url('/drip.json'))).rejects.toThrow(/timed out/);
  });

  test.each<[string, (path: string) => Record<string, unknown>, RegExp]>([
    [
      'names another client_id',
      (path) => documentAt(path, { client_id: 'https://other.example/client.json' }),
      /not the URL/,
    ],
    [
      'is a confidential client',
      (path) => documentAt(path, { token_endpoint_auth_method: 'client_secret_basic' }),
      /public/,
    ],
    ['carries a client secret', (path) => documentAt(path, { client_secret: 'x' }), /public/],
    ['asks for client credentials', (path) => documentAt(path, { grant_types: ['client_credentials'] }), /grant_types/],
    ['asks for the implicit flow', (path) => documentAt(path, { response_types: ['token'] }), /response_types/],
    ['lists no redirect URI', (path) => documentAt(path, { redirect_uris: [] }), /1 to 10/],
    [
      'redirects off the allowed hosts',
      (path) => documentAt(path, { redirect_uris: ['https://evil.example/cb'] }),
      /https on/,
    ],
    [
      'hides a host behind userinfo',
      (path) => documentAt(path, { redirect_uris: ['https://claude.ai@evil.com/api/mcp/auth_callback'] }),
      /credentials/,
    ],
  ])('refuses a document that %s', async (_, document, message) => {
    server.set('/invalid.json', { body: document('/invalid.json') });
    const failure = reader()(url('/invalid.json'));
    await expect(failure).rejects.toBeInstanceOf(InvalidClientMetadataDocument);
    await expect(failure).rejects.toThrow(message);
  });

  test('keeps no refused document: a fixed one is read at the next request', async () => {
    const read = reader();
    server.set('/fixed.json', { body: documentAt('/fixed.json', { redirect_uris: ['https://evil.example/cb'] }) });
    await expect(read(url('/fixed.json'))).rejects.toThrow();
    server.set('/fixed.json', { body: documentAt('/fixed.json') });
    await expect(read(url('/fixed.json'))).resolves.toMatchObject({ clientId: url('/fixed.json') });
  });
});
