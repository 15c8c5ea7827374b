/**
 * The authorization proxy as the function runs it in front of Cognito: documents read from an
 * https server on 127.0.0.1, app clients found or created through the real AWS SDK in a Cognito
 * on 127.0.0.1, and a token endpoint on 127.0.0.1 that records what Cognito would receive.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createServer, type Server } from 'node:http';
import { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createAuthorizationProxy, type AuthorizationProxy } from '../../lambda/auth/authorization-proxy';
import { clientMetadataDocuments } from '../../lambda/auth/client-metadata-document';
import { cognitoAppClients } from '../../lambda/auth/cognito-app-client-creator';
import { issuerFromEvent } from '../../lambda/auth/oauth-routes';
import { DEFAULT_REDIRECT_HOSTS } from '../../lambda/auth/redirect-uri';
import { pointAwsSdkAt, startCognitoFake, type CognitoFake } from '../support/cognito-fake';
import { startDocumentServer, type DocumentServer } from '../support/document-server';
import { apiGatewayEvent } from '../support/mcp-events';

const ISSUER = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod';
const LOGIN = 'https://qc-mcp-test.auth.us-east-1.amazoncognito.com';
const CLAUDE_CALLBACK = 'https://claude.ai/api/mcp/auth_callback';

function get(path: string, query: Record<string, string>): APIGatewayProxyEvent {
  return { ...apiGatewayEvent({ method: 'GET' }), resource: path, path, queryStringParameters: query };
}

describe('the authorization proxy in front of Cognito', () => {
  const saved = { ...process.env };
  let cognito: CognitoFake;
  let documents: DocumentServer;
  let agent: Agent;
  let tokenEndpoint: Server;
  let tokenRequests: { body: string; authorization?: string }[];
  let proxy: AuthorizationProxy;
  let documentUrl: string;
  const outcomes: string[] = [];

  beforeAll(async () => {
    cognito = await startCognitoFake();
    pointAwsSdkAt(cognito);
    documents = await startDocumentServer();
    agent = new Agent({ ca: documents.ca });
    documentUrl = `${documents.origin}/claude.json`;
    documents.set('/claude.json', {
      body: { client_id: documentUrl, client_name: 'Claude', redirect_uris: [CLAUDE_CALLBACK] },
    });
    tokenRequests = [];
    tokenEndpoint = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        tokenRequests.push({ body, authorization: request.headers.authorization });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"t"}');
      });
    });
    await new Promise<void>((resolve) => tokenEndpoint.listen(0, '127.0.0.1', resolve));
    const hosts = new Set(DEFAULT_REDIRECT_HOSTS);
    proxy = createAuthorizationProxy({
      upstream: () =>
        Promise.resolve({
          authorizationEndpoint: `${LOGIN}/oauth2/authorize`,
          tokenEndpoint: `http://127.0.0.1:${(tokenEndpoint.address() as AddressInfo).port}/oauth2/token`,
        }),
      documents: clientMetadataDocuments({ redirectHosts: hosts, agent, allowLoopback: true }),
      clients: cognitoAppClients('us-east-1_AbCdEf123', { maxClients: 2 }),
      redirectHosts: hosts,
      issuerOf: () => ISSUER,
      onClient: (outcome, reason) => outcomes.push(`${outcome}: ${reason}`),
    });
  });

  afterAll(async () => {
    process.env = saved;
    agent.destroy();
    await documents.close();
    await cognito.close();
    await new Promise((resolve) => tokenEndpoint.close(resolve));
  });

  test('maps a document to one Cognito app client whose only callback is ours, and sends the browser to Cognito', async () => {
    const query = {
      response_type: 'code',
      client_id: documentUrl,
      redirect_uri: CLAUDE_CALLBACK,
      code_challenge: 'challenge',
      code_challenge_method: 'S256',
      state: 'claude-state',
      scope: 'quantconnect-mcp/standard',
      resource: `${ISSUER}/oauth/mcp`,
    };
    const first = await proxy(get('/oauth/authorize', query));
    const again = await proxy(get('/oauth/authorize', query));
    expect(first.statusCode).toBe(302);
    const location = new URL(String(first.headers?.location));
    expect(location.origin + location.pathname).toBe(`${LOGIN}/oauth2/authorize`);
    const created = cognito.requests.filter((request) => request.target.endsWith('CreateUserPoolClient'));
    expect(created).toHaveLength(1);
    expect(created[0].body.ClientName).toMatch(/^qc-mcp-cimd-[0-9a-f]{32}$/);
    expect(created[0].body).toMatchObject({
      GenerateSecret: false,
      CallbackURLs: [location.searchParams.get('redirect_uri')],
      RefreshTokenRotation: { Feature: 'ENABLED' },
    });
    expect(location.searchParams.get('redirect_uri')).toMatch(new RegExp(`^${ISSUER}/oauth/callback/[\\w-]{32}$`));
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: 'registeredclient0000000001',
      code_challenge: 'challenge',
      code_challenge_method: 'S256',
      scope: 'quantconnect-mcp/standard',
      resource: `${ISSUER}/oauth/mcp`,
    });
    expect(new URL(String(again.headers?.location)).searchParams.get('client_id')).toBe('registeredclient0000000001');
    expect(outcomes).toEqual(['created: client id metadata document']);

    // Cognito redirects to our callback; we send the code on to Claude's redirect URI, with Claude's state.
    const callback = new URL(String(location.searchParams.get('redirect_uri')));
    const relayed = await proxy(
      get(callback.pathname.replace('/prod', ''), {
        code: 'the-code',
        state: String(location.searchParams.get('state')),
      }),
    );
    const toClient = new URL(String(relayed.headers?.location));
    expect(toClient.origin + toClient.pathname).toBe(CLAUDE_CALLBACK);
    expect(Object.fromEntries(toClient.searchParams)).toEqual({ code: 'the-code', state: 'claude-state', iss: ISSUER });

    // The token request goes to Cognito under the mapped client and our callback, PKCE untouched.
    const token = await proxy({
      ...apiGatewayEvent({
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: documentUrl,
          code: 'the-code',
          code_verifier: 'verifier',
          redirect_uri: CLAUDE_CALLBACK,
        }).toString(),
      }),
      resource: '/oauth/token',
      path: '/oauth/token',
    });
    expect(token.statusCode).toBe(200);
    expect(Object.fromEntries(new URLSearchParams(tokenRequests.at(-1)?.body))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'registeredclient0000000001',
      code: 'the-code',
      code_verifier: 'verifier',
      redirect_uri: callback.href,
    });
  });

  test('refreshes a document client’s tokens under its mapped client', async () => {
    const refreshed = await proxy({
      ...apiGatewayEvent({
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: documentUrl,
          refresh_token: 'r',
        }).toString(),
      }),
      resource: '/oauth/token',
      path: '/oauth/token',
    });
    expect(refreshed.statusCode).toBe(200);
    expect(Object.fromEntries(new URLSearchParams(tokenRequests.at(-1)?.body))).toEqual({
      grant_type: 'refresh_token',
      client_id: 'registeredclient0000000001',
      refresh_token: 'r',
    });
  });

  test('passes a pre-registered confidential client’s token request on as sent, its secret included', async () => {
    const body = 'grant_type=refresh_token&refresh_token=r';
    await proxy({
      ...apiGatewayEvent({ body, headers: { Authorization: 'Basic Y2xpZW50OnNlY3JldA==' } }),
      resource: '/oauth/token',
      path: '/oauth/token',
    });
    expect(tokenRequests.at(-1)).toEqual({ body, authorization: 'Basic Y2xpZW50OnNlY3JldA==' });
  });

  test('sends the client back with temporarily_unavailable once the cap of app clients is reached', async () => {
    cognito.clients.push({ ClientId: 'x', ClientName: 'qc-mcp-dcr-full' });
    documents.set('/other.json', {
      body: { client_id: `${documents.origin}/other.json`, redirect_uris: ['http://localhost/callback'] },
    });
    const refused = await proxy(
      get('/oauth/authorize', {
        response_type: 'code',
        client_id: `${documents.origin}/other.json`,
        redirect_uri: 'http://localhost:4000/callback',
        code_challenge: 'challenge',
        code_challenge_method: 'S256',
      }),
    );
    const location = new URL(String(refused.headers?.location));
    expect(location.href.startsWith('http://localhost:4000/callback?')).toBe(true);
    expect(location.searchParams.get('error')).toBe('temporarily_unavailable');
    expect(outcomes.at(-1)).toBe('refused: cap reached');
  });
});

describe('issuerFromEvent', () => {
  const event = (domainName: string, fullPath: string, path: string) =>
    ({ ...apiGatewayEvent(), path, requestContext: { domainName, path: fullPath } }) as unknown as APIGatewayProxyEvent;

  test('is the stage URL on the execute-api host, and the origin on a custom domain', () => {
    expect(
      issuerFromEvent(event('abc.execute-api.us-east-1.amazonaws.com', '/prod/oauth/authorize', '/oauth/authorize')),
    ).toBe('https://abc.execute-api.us-east-1.amazonaws.com/prod');
    expect(issuerFromEvent(event('mcp.example.com', '/oauth/authorize', '/oauth/authorize'))).toBe(
      'https://mcp.example.com',
    );
  });
});

describe('an unexpected failure', () => {
  test('answers 500 server_error and logs the error type only', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const failing = createAuthorizationProxy({
        upstream: () => Promise.reject(new TypeError('fetch failed for https://secret.example')),
        documents: () => Promise.reject(new Error('not reached')),
        clients: { ensure: () => Promise.reject(new Error('not reached')) },
        redirectHosts: new Set(DEFAULT_REDIRECT_HOSTS),
        issuerOf: () => ISSUER,
      });
      const result = await failing(get('/oauth/authorize', { client_id: 'stackclient' }));
      expect(result.statusCode).toBe(500);
      expect(result.body).toContain('server_error');
      expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([
        JSON.stringify({ message: 'authorization proxy failed', error: 'TypeError' }),
      ]);
    } finally {
      errors.mockRestore();
    }
  });
});
