/**
 * Client ID Metadata Documents end to end, with no mock in the protocol path: the MCP SDK v2
 * client with a `clientMetadataUrl` (its document on an https server on 127.0.0.1), `qc-mcp`
 * (what `npm start` runs) as the authorization server in front of a real OAuth server
 * (oidc-provider) with QC_MCP_OAUTH_PROXY=true, as the stack is in front of Cognito. The client
 * registers nothing: the proxy reads its document, registers one upstream client for it with its
 * own callback, and relays the code to the client's portless loopback redirect (RFC 8252, any
 * port). Loopback documents are allowed here only by the test-only QC_MCP_OAUTH_TEST_LOOPBACK_DOCUMENTS.
 */
import { Client, StreamableHTTPClientTransport, UnauthorizedError } from '@modelcontextprotocol/client';
import { TIER_SCOPES } from '../../lambda/auth/tiers';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';
import { startDocumentServer, type DocumentServer } from '../support/document-server';
import { quantConnectEnvironment, startQcMcp, type RunningServer } from '../support/mcp-process';
import { signIn, startOidcIssuer, type OidcIssuer } from '../support/oidc-issuer';
import { expectMetadataPreflightAnswer, metadataPreflight } from '../support/metadata-preflight';
import { recordingFetch, RememberingOAuthProvider } from '../support/oauth-client-provider';

/** The port the CLI happens to listen on; its document lists the URI without one. */
const REDIRECT_URI = 'http://127.0.0.1:8977/callback';
const DOCUMENT_PATH = '/oauth/client-metadata.json';

describe('a client with a metadata document signs in through npm start’s authorization proxy', () => {
  let issuer: OidcIssuer;
  let documents: DocumentServer;
  let quantConnect: QuantConnectFake;
  let running: RunningServer;
  let documentUrl: string;

  beforeAll(async () => {
    issuer = await startOidcIssuer({ scopes: TIER_SCOPES, groups: { alice: ['standard'] } });
    documents = await startDocumentServer();
    documentUrl = `${documents.origin}${DOCUMENT_PATH}`;
    documents.set(DOCUMENT_PATH, {
      body: {
        client_id: documentUrl,
        client_name: 'e2e CLI',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
    });
    quantConnect = await startQuantConnectFake();
    running = await startQcMcp({
      ...quantConnectEnvironment(quantConnect),
      QC_MCP_ACCESS: 'live-trading',
      QC_MCP_AUTH: 'oauth',
      QC_MCP_OAUTH_ISSUER: issuer.issuer,
      QC_MCP_OAUTH_PROXY: 'true',
      QC_MCP_OAUTH_TEST_LOOPBACK_DOCUMENTS: 'true',
      NODE_EXTRA_CA_CERTS: documents.caPath,
    });
  });

  afterAll(async () => {
    await running?.stop();
    await quantConnect?.close();
    await documents?.close();
    await issuer?.stop();
  });

  const origin = () => new URL(running.url).origin;

  test('401 → metadata (no registration) → authorize → callback → token → the user’s tools', async () => {
    const log: string[] = [];
    const provider = new RememberingOAuthProvider(REDIRECT_URI, {
      clientName: 'e2e CLI',
      redirectUris: ['http://127.0.0.1/callback'],
      clientMetadataUrl: documentUrl,
    });
    const transportFor = () =>
      new StreamableHTTPClientTransport(new URL(running.url), { authProvider: provider, fetch: recordingFetch(log) });
    const first = transportFor();
    await expect(new Client({ name: 'e2e', version: '1.0.0' }).connect(first)).rejects.toThrow(UnauthorizedError);
    const authorizationUrl = provider.authorizationUrl as URL;
    expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(`${origin()}/oauth/authorize`);
    expect(authorizationUrl.searchParams.get('client_id')).toBe(documentUrl);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');

    // The browser: our authorize → the issuer's login and consent → our callback → the CLI.
    const callback = await signIn(authorizationUrl, 'alice', REDIRECT_URI);
    expect(callback.get('iss')).toBe(origin());
    expect(callback.get('state')).toBe(authorizationUrl.searchParams.get('state'));
    await first.finishAuth(callback);

    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(transportFor());
    try {
      expect(log.slice(0, 4)).toEqual([
        'POST /oauth/mcp 401',
        'GET /.well-known/oauth-protected-resource/oauth/mcp 200',
        'GET /.well-known/oauth-authorization-server 200',
        'POST /oauth/token 200',
      ]);
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('create_project');
      const result = await client.callTool({ name: 'list_projects', arguments: {} });
      expect(result.isError).toBeFalsy();
      // The token was issued for this resource (RFC 8707), under the upstream client of the document.
      const claims = JSON.parse(
        Buffer.from((provider.tokens()?.access_token ?? '').split('.')[1], 'base64url').toString(),
      ) as { aud: string; client_id: string };
      expect(claims.aud).toBe(running.url);
      expect(claims.client_id).not.toBe(documentUrl);
    } finally {
      await client.close();
    }
  });

  /** GET on the local server without following redirects. */
  const get = (path: string) => fetch(`${origin()}${path}`, { redirect: 'manual' });
  const authorizeQuery = (overrides: Record<string, string>) =>
    new URLSearchParams({
      response_type: 'code',
      client_id: documentUrl,
      redirect_uri: REDIRECT_URI,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      state: 'client-state',
      ...overrides,
    });

  test.each(['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'])(
    'OPTIONS on %s answers a browser’s preflight as the gateway does',
    async (path) => {
      expectMetadataPreflightAnswer(await metadataPreflight(`${origin()}${path}`));
    },
  );

  test('the authorize step refuses, without redirecting, a redirect URI the document does not list', async () => {
    for (const redirectUri of [
      'http://127.0.0.1:8977/other',
      'https://evil.example/callback',
      'http://127.0.0.1:8977/callback\n',
    ]) {
      const response = await get(`/oauth/authorize?${authorizeQuery({ redirect_uri: redirectUri })}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('redirect_uri');
    }
  });

  test('the authorize step refuses a document that is not the client’s, and one it cannot fetch', async () => {
    documents.set('/other.json', {
      body: { client_id: 'https://other.example/client.json', redirect_uris: [REDIRECT_URI] },
    });
    const foreign = await get(`/oauth/authorize?${authorizeQuery({ client_id: `${documents.origin}/other.json` })}`);
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain('invalid_client');
    const missing = await get(`/oauth/authorize?${authorizeQuery({ client_id: `${documents.origin}/missing.json` })}`);
    expect(missing.status).toBe(400);
  });

  test('the authorize step sends a client without S256 PKCE back with invalid_request', async () => {
    const response = await get(`/oauth/authorize?${authorizeQuery({ code_challenge_method: 'plain' })}`);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('http://127.0.0.1:8977/callback');
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('client-state');
  });

  test('the callback refuses a state forged to send another client’s code elsewhere', async () => {
    const authorized = await get(`/oauth/authorize?${authorizeQuery({})}`);
    const upstream = new URL(authorized.headers.get('location') ?? '');
    const callbackPath = new URL(upstream.searchParams.get('redirect_uri') ?? '').pathname;
    const forge = (state: object) => Buffer.from(JSON.stringify(state)).toString('base64url');
    for (const state of [
      // Another client's document, on this client's callback.
      forge({ c: `${documents.origin}/other.json`, r: 'https://evil.example/callback' }),
      // This client, with a redirect its document does not list.
      forge({ c: documentUrl, r: 'https://evil.example/callback' }),
      'not-a-state',
    ]) {
      const response = await get(`${callbackPath}?${new URLSearchParams({ code: 'stolen', state })}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
  });

  test('the token step refuses a redirect URI the document does not list, and an oversized body', async () => {
    const token = (body: string) =>
      fetch(`${origin()}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const wrong = await token(
      new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: documentUrl,
        code: 'x',
        code_verifier: 'y',
        redirect_uri: 'https://evil.example/callback',
      }).toString(),
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    const large = await token(`client_id=${encodeURIComponent(documentUrl)}&x=${'a'.repeat(20_000)}`);
    expect(large.status).toBe(413);
  });
});
