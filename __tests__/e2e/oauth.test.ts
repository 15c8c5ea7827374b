/**
 * OAuth end to end, with no mock in the protocol path: a real OAuth 2.1 / OpenID server
 * (oidc-provider: dynamic client registration, PKCE, resource indicators) on 127.0.0.1, the MCP
 * SDK v2 client with its own OAuth support, and `qc-mcp` (what `npm start` runs) with
 * QC_MCP_AUTH=oauth against that issuer and the QuantConnect fake. A user signs in, and gets the
 * tools of her tier; then every kind of bad token is refused before any tool runs.
 */
import { Client, StreamableHTTPClientTransport, UnauthorizedError } from '@modelcontextprotocol/client';
import { request as httpRequest } from 'node:http';
import { TIER_SCOPES } from '../../lambda/auth/tiers';
import { isAllowed } from '../../lambda/tools/define';
import { TOOLS } from '../../lambda/tools';
import { forgedToken } from '../support/jwks-issuer';
import { startQcMcp, type RunningServer, quantConnectEnvironment } from '../support/mcp-process';
import { signIn, startOidcIssuer, type OidcIssuer } from '../support/oidc-issuer';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';
import { recordingFetch, RememberingOAuthProvider } from '../support/oauth-client-provider';

const REDIRECT_URI = 'http://127.0.0.1:8976/callback';

/** What an MCP client keeps between runs: its registration, the PKCE verifier, what it discovered, its tokens. */
describe('OAuth with npm start (QC_MCP_AUTH=oauth) and a real authorization server', () => {
  let issuer: OidcIssuer;
  let quantConnect: QuantConnectFake;
  let running: RunningServer;

  beforeAll(async () => {
    issuer = await startOidcIssuer({ scopes: TIER_SCOPES, groups: { alice: ['standard'], bob: ['read-only'] } });
    quantConnect = await startQuantConnectFake();
    running = await startQcMcp({
      ...quantConnectEnvironment(quantConnect),
      QC_MCP_ACCESS: 'live-trading',
      QC_MCP_AUTH: 'oauth',
      QC_MCP_OAUTH_ISSUER: issuer.issuer,
    });
  });

  afterAll(async () => {
    await running?.stop();
    await quantConnect?.close();
    await issuer?.stop();
  });

  async function signedInClient(account: string, log: string[], url = running.url) {
    const provider = new RememberingOAuthProvider(REDIRECT_URI, { clientName: 'e2e MCP client' });
    const transportFor = () =>
      new StreamableHTTPClientTransport(new URL(url), { authProvider: provider, fetch: recordingFetch(log) });
    const firstTransport = transportFor();
    await expect(new Client({ name: 'e2e', version: '1.0.0' }).connect(firstTransport)).rejects.toThrow(
      UnauthorizedError,
    );
    if (provider.authorizationUrl === undefined) throw new Error('the client was not sent to authorize');
    const callback = await signIn(provider.authorizationUrl, account, REDIRECT_URI);
    await firstTransport.finishAuth(callback);
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(transportFor());
    return { client, provider };
  }

  test('a user signs in (401 → metadata → registration → authorize → token) and gets her tier’s tools', async () => {
    const log: string[] = [];
    const { client, provider } = await signedInClient('alice', log);
    try {
      expect(log.slice(0, 5)).toEqual([
        'POST /oauth/mcp 401',
        'GET /.well-known/oauth-protected-resource/oauth/mcp 200',
        'GET /.well-known/oauth-authorization-server 200',
        'POST /reg 201',
        // The sign-in happens in the browser (not this client's fetch); then the code becomes a token.
        'POST /token 200',
      ]);
      expect(log.slice(5).every((entry) => /^POST \/oauth\/mcp 20[02]$/.test(entry))).toBe(true);
      expect(provider.authorizationUrl?.searchParams.get('code_challenge_method')).toBe('S256');
      expect(provider.authorizationUrl?.searchParams.get('resource')).toBe(running.url);

      const { tools } = await client.listTools();
      const expected = TOOLS.filter((tool) => isAllowed(tool.effect, 'standard')).map((tool) => tool.name);
      expect(tools.map((tool) => tool.name).sort()).toEqual(expected.sort());
      expect(tools.length).toBeLessThan(TOOLS.filter((tool) => isAllowed(tool.effect, 'live-trading')).length);

      const result = await client.callTool({ name: 'list_projects', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(quantConnect.requests.at(-1)?.endpoint).toBe('/projects/read');
    } finally {
      await client.close();
    }
  });

  test('the log line names the user (the token’s subject), never the token', async () => {
    const log: string[] = [];
    const { client, provider } = await signedInClient('bob', log);
    try {
      await client.listTools();
      const lines = running
        .stdout()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { subject?: string; method?: string });
      expect(lines.some((line) => line.subject === 'bob' && line.method === 'tools/list')).toBe(true);
      expect(running.stdout()).not.toContain(provider.tokens()?.access_token);
    } finally {
      await client.close();
    }
  });

  test('a client that uses localhost where the server printed 127.0.0.1 signs in too: both name this resource', async () => {
    const asLocalhost = running.url.replace('//127.0.0.1:', '//localhost:');
    const metadata = (await (
      await fetch(asLocalhost.replace('/oauth/mcp', '/.well-known/oauth-protected-resource/oauth/mcp'))
    ).json()) as { resource: string };
    expect(metadata.resource).toBe(asLocalhost);
    const log: string[] = [];
    const { client, provider } = await signedInClient('alice', log, asLocalhost);
    try {
      expect(provider.authorizationUrl?.searchParams.get('resource')).toBe(asLocalhost);
      const result = await client.callTool({ name: 'list_projects', arguments: {} });
      expect(result.isError).toBeFalsy();
      // Its token names localhost: at the other name, the answer says which resource that is.
      const response = await fetch(running.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          authorization: `Bearer ${provider.tokens()?.access_token}`,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
        `Unauthorized: the token was issued for another resource than ${running.url}.`,
      );
    } finally {
      await client.close();
    }
  });

  test('a Host that is not a loopback name of the server gets the resource the server printed', async () => {
    const metadataUrl = running.url.replace('/oauth/mcp', '/.well-known/oauth-protected-resource/oauth/mcp');
    const { port } = new URL(running.url);
    const answer = await new Promise<string>((resolve, reject) => {
      // fetch cannot set Host: a raw request as a DNS-rebinding page would send it.
      const request = httpRequest(metadataUrl, { headers: { host: `rebound.example:${port}` } }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve(text));
      });
      request.on('error', reject).end();
    });
    expect((JSON.parse(answer) as { resource: string }).resource).toBe(running.url);
  });

  describe('a request is refused before any tool runs', () => {
    const claims = (extra: Record<string, unknown> = {}) => ({
      sub: 'alice',
      client_id: 'any-client',
      aud: running.url,
      scope: TIER_SCOPES.join(' '),
      'cognito:groups': ['live-trading'],
      ...extra,
    });

    async function callWith(token: string | undefined) {
      const before = quantConnect.requests.length;
      const response = await fetch(running.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'list_projects', arguments: {} },
        }),
      });
      expect(quantConnect.requests.length).toBe(before);
      return { status: response.status, challenge: response.headers.get('www-authenticate') ?? '' };
    }

    const metadataUrl = () => running.url.replace('/oauth/mcp', '/.well-known/oauth-protected-resource/oauth/mcp');

    test('no token: 401 naming the resource metadata', async () => {
      expect(await callWith(undefined)).toEqual({
        status: 401,
        challenge: `Bearer resource_metadata="${metadataUrl()}"`,
      });
    });

    test.each([
      ['expired', () => issuer.signWithIssuerKey(claims(), { expiresIn: -60 })],
      ['signed by another key', () => forgedToken(issuer.issuer, claims(), 'issuer-key')],
      [
        'from another issuer',
        () => issuer.signWithIssuerKey(claims(), { issuer: 'https://other.example', expiresIn: 300 }),
      ],
      [
        'for another resource',
        () => issuer.signWithIssuerKey(claims({ aud: 'https://other.example/mcp' }), { expiresIn: 300 }),
      ],
    ])('a token %s: 401 invalid_token', async (_name, token) => {
      const { status, challenge } = await callWith(await token());
      expect(status).toBe(401);
      expect(challenge).toContain('error="invalid_token"');
      expect(challenge).toContain(`resource_metadata="${metadataUrl()}"`);
    });

    test('a token without a tier scope: 403 insufficient_scope', async () => {
      const { status, challenge } = await callWith(
        await issuer.signWithIssuerKey(claims({ scope: 'openid' }), { expiresIn: 300 }),
      );
      expect(status).toBe(403);
      expect(challenge).toContain('error="insufficient_scope"');
    });

    test('a token whose scope is below the tool’s tier, for a user allowed more: 403 insufficient_scope naming it', async () => {
      const token = await issuer.signWithIssuerKey(claims({ scope: 'quantconnect-mcp/read-only' }), { expiresIn: 300 });
      const before = quantConnect.requests.length;
      const response = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'create_project', arguments: { name: 'X', language: 'Py' } },
        }),
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toContain('scope="quantconnect-mcp/standard"');
      expect(quantConnect.requests.length).toBe(before);
    });
  });
});
