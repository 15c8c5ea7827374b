/**
 * The authenticator: every way a request is accepted or refused, with real signed tokens from a
 * real JWKS endpoint on 127.0.0.1 (locally) and with the claims API Gateway's Cognito authorizer
 * hands over (in AWS).
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createAuthenticator, type Authentication, type AuthConfig } from '../../lambda/auth/authenticate';
import { OAUTH_MCP_PATH } from '../../lambda/auth/modes';
import { issuerTokenVerifier } from '../../lambda/auth/token-verifier';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Access } from '../../lambda/tools/define';
import { apiGatewayEvent } from '../support/mcp-events';
import { forgedToken, startTestIssuer, type TestIssuer } from '../support/jwks-issuer';

const RESOURCE = 'http://127.0.0.1:3000/oauth/mcp';
const METADATA = 'http://127.0.0.1:3000/.well-known/oauth-protected-resource/oauth/mcp';
const ALL_SCOPES = 'quantconnect-mcp/read-only quantconnect-mcp/standard quantconnect-mcp/live-trading';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await startTestIssuer();
});
afterAll(() => issuer.close());

function oauthEvent(headers: Record<string, string> = {}, path = OAUTH_MCP_PATH): APIGatewayProxyEvent {
  return { ...apiGatewayEvent({ headers }), resource: path, path };
}

function localAuthenticator(options: { access?: Access; clientIds?: string[]; mode?: AuthConfig['mode'] } = {}) {
  return createAuthenticator({
    config: {
      mode: options.mode ?? 'oauth',
      oauth: { issuer: issuer.issuer, resource: RESOURCE, clientIds: options.clientIds ?? [] },
    },
    access: options.access ?? 'live-trading',
  });
}

async function withToken(claims: Record<string, unknown>, options?: Parameters<TestIssuer['sign']>[1]) {
  return oauthEvent({ Authorization: `Bearer ${await issuer.sign(claims, options)}` });
}

const userClaims = (extra: Record<string, unknown> = {}) => ({
  sub: 'user-1',
  client_id: 'client-a',
  aud: RESOURCE,
  scope: ALL_SCOPES,
  'cognito:groups': ['live-trading'],
  ...extra,
});

function rejection(result: Authentication) {
  if (!('rejection' in result)) throw new Error(`expected a rejection, got principal ${result.principal.subject}`);
  return {
    status: result.rejection.statusCode,
    challenge: result.rejection.headers?.['www-authenticate'],
    message: (JSON.parse(result.rejection.body) as { error: { message: string } }).error.message,
  };
}

function principal(result: Authentication) {
  if ('rejection' in result) throw new Error(`expected a principal, got ${result.rejection.body}`);
  return result.principal;
}

describe('a local OAuth request (token verified against QC_MCP_OAUTH_ISSUER)', () => {
  it('is accepted with a valid token and names its subject, client and tier', async () => {
    const result = principal(await localAuthenticator()(await withToken(userClaims())));
    expect(result).toMatchObject({ subject: 'user-1', clientId: 'client-a', access: 'live-trading' });
  });

  it('without a token gets 401 naming the resource metadata, and no error code', async () => {
    const refused = rejection(await localAuthenticator()(oauthEvent()));
    expect(refused.status).toBe(401);
    expect(refused.challenge).toBe(`Bearer resource_metadata="${METADATA}"`);
  });

  it.each([
    ['an expired token', () => issuer.sign(userClaims(), { expiresIn: -60 }), 'expired'],
    ['a token without expiry (exp)', () => issuer.sign(userClaims(), { expiresIn: null }), 'no valid expiry'],
    ['a forged signature', () => forgedToken(issuer.issuer, userClaims()), 'signature'],
    ['another issuer', () => issuer.sign(userClaims(), { issuer: 'https://elsewhere.example' }), 'another issuer'],
    ['a token for another resource', () => issuer.sign(userClaims({ aud: 'https://other.example/mcp' })), 'resource'],
    ['a token with no audience', () => issuer.sign(userClaims({ aud: undefined })), 'audience'],
    ['an ID token', () => issuer.sign(userClaims({ token_use: 'id' })), 'not an access token'],
    ['a token without subject', () => issuer.sign(userClaims({ sub: undefined })), 'subject'],
    ['a token that is not a JWT', () => Promise.resolve('not-a-jwt'), 'not valid'],
  ])('with %s gets 401 invalid_token', async (_name, token, reason) => {
    const refused = rejection(await localAuthenticator()(oauthEvent({ Authorization: `Bearer ${await token()}` })));
    expect(refused.status).toBe(401);
    expect(refused.challenge).toContain(`resource_metadata="${METADATA}"`);
    expect(refused.challenge).toContain('error="invalid_token"');
    expect(refused.message).toContain(reason);
  });

  it('with a client outside the allow-list gets 401, and an allowed client passes without aud (Cognito)', async () => {
    const authenticate = localAuthenticator({ clientIds: ['client-b'] });
    expect(rejection(await authenticate(await withToken(userClaims()))).status).toBe(401);
    const cognitoLike = await withToken(userClaims({ client_id: 'client-b', aud: undefined, token_use: 'access' }));
    expect(principal(await authenticate(cognitoLike)).clientId).toBe('client-b');
  });

  it('with no tier scope gets 403 insufficient_scope listing the tier scopes', async () => {
    const refused = rejection(await localAuthenticator()(await withToken(userClaims({ scope: 'openid email' }))));
    expect(refused.status).toBe(403);
    expect(refused.challenge).toContain('error="insufficient_scope"');
    expect(refused.challenge).toContain(`scope="${ALL_SCOPES}"`);
  });
});

describe('an OAuth issuer that does not answer, locally', () => {
  /** Accepts connections and never answers; `answers` lists the paths it does answer, from `issuer`. */
  async function silentIssuer(answers: Record<string, (origin: string) => object> = {}) {
    const server = createServer((request, response) => {
      const answer = answers[request.url ?? ''];
      if (answer) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer(origin)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      origin,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    };
  }

  function authenticatorOf(issuerUrl: string) {
    return createAuthenticator({
      config: { mode: 'oauth', oauth: { issuer: issuerUrl, resource: RESOURCE, clientIds: [] } },
      access: 'live-trading',
      verifier: issuerTokenVerifier({
        issuer: issuerUrl,
        acceptWithoutAudience: false,
        timeoutMs: 200,
      }),
    });
  }

  it('fails every waiting request with 503 naming the issuer and the timeout, instead of holding them', async () => {
    const silent = await silentIssuer();
    try {
      const authenticate = authenticatorOf(silent.origin);
      const token = await issuer.sign(userClaims());
      const results = await Promise.all(
        Array.from({ length: 20 }, () => authenticate(oauthEvent({ Authorization: `Bearer ${token}` }))),
      );
      for (const result of results) {
        if (!('rejection' in result)) throw new Error('expected a rejection');
        expect(result.rejection.statusCode).toBe(503);
        expect(result.rejection.headers).toMatchObject({ 'retry-after': '5' });
        const { message } = (JSON.parse(result.rejection.body) as { error: { message: string } }).error;
        expect(message).toBe(
          `Service Unavailable: The OAuth issuer ${silent.origin} could not be read (no answer from ` +
            `${silent.origin}/.well-known/openid-configuration within 200 ms): check QC_MCP_OAUTH_ISSUER and that it is up.`,
        );
      }
    } finally {
      await silent.close();
    }
  });

  it('whose keys do not arrive gets 503 too, not a refused token', async () => {
    const silent = await silentIssuer({
      '/.well-known/openid-configuration': (origin) => ({ issuer: origin, jwks_uri: `${origin}/jwks` }),
    });
    try {
      const result = await authenticatorOf(silent.origin)(
        oauthEvent({ Authorization: `Bearer ${await issuer.sign(userClaims())}` }),
      );
      if (!('rejection' in result)) throw new Error('expected a rejection');
      expect(result.rejection.statusCode).toBe(503);
      expect(result.rejection.body).toContain('its keys did not arrive within 200 ms');
    } finally {
      await silent.close();
    }
  });
});

describe('the tier of a request', () => {
  it.each<[string, Access, string, string[], Access]>([
    ['the user group caps a live-trading scope', 'live-trading', ALL_SCOPES, ['standard'], 'standard'],
    ['the scope caps a live-trading user', 'live-trading', 'quantconnect-mcp/read-only', ['live-trading'], 'read-only'],
    ['the deployment caps everyone', 'standard', ALL_SCOPES, ['live-trading'], 'standard'],
    ['a user in no tier group may only read', 'live-trading', ALL_SCOPES, ['admins'], 'read-only'],
    ['the highest group counts', 'live-trading', ALL_SCOPES, ['read-only', 'live-trading'], 'live-trading'],
  ])('%s', async (_name, deployment, scope, groups, expected) => {
    const result = await localAuthenticator({ access: deployment })(
      await withToken(userClaims({ scope, 'cognito:groups': groups })),
    );
    expect(principal(result).access).toBe(expected);
  });

  it('asks for more scope (403 insufficient_scope) only when more scope would allow the call', async () => {
    const result = await localAuthenticator()(
      await withToken(userClaims({ scope: 'quantconnect-mcp/read-only', 'cognito:groups': ['standard'] })),
    );
    if ('rejection' in result) throw new Error(result.rejection.body);
    expect(result.requireAccess('read-only')).toBeUndefined();
    const stepUp = result.requireAccess('standard');
    expect(stepUp?.statusCode).toBe(403);
    expect(stepUp?.headers?.['www-authenticate']).toContain('scope="quantconnect-mcp/standard"');
    // Beyond the user's group no token helps: the server's own "not available" answer applies.
    expect(result.requireAccess('live-trading')).toBeUndefined();
  });
});

describe('an OAuth request in AWS (claims from the Cognito authorizer)', () => {
  const gatewayAuthenticator = createAuthenticator({
    config: { mode: 'both', oauth: { clientIds: ['client-a'] } },
    access: 'standard',
  });

  function withClaims(claims: Record<string, string> | undefined): APIGatewayProxyEvent {
    const event = oauthEvent();
    return {
      ...event,
      requestContext: {
        ...event.requestContext,
        domainName: 'mcp.example.com',
        path: '/oauth/mcp',
        authorizer: claims === undefined ? undefined : { claims },
      },
    };
  }

  it('reads the claims as API Gateway renders them (groups as "[a b]", scopes space-separated)', async () => {
    const claims = {
      sub: 'user-2',
      client_id: 'client-a',
      token_use: 'access',
      scope: ALL_SCOPES,
      'cognito:groups': '[read-only live-trading]',
    };
    expect(principal(await gatewayAuthenticator(withClaims(claims)))).toMatchObject({
      subject: 'user-2',
      access: 'standard',
    });
  });

  it('refuses a request no authorizer verified, naming the metadata on the request host', async () => {
    const refused = rejection(await gatewayAuthenticator(withClaims(undefined)));
    expect(refused.status).toBe(401);
    expect(refused.challenge).toBe(
      'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/oauth/mcp"',
    );
  });

  it('refuses a client outside the allow-list (the audience check Cognito tokens need)', async () => {
    const claims = { sub: 'user-2', client_id: 'client-z', token_use: 'access', scope: ALL_SCOPES };
    expect(rejection(await gatewayAuthenticator(withClaims(claims))).status).toBe(401);
  });

  it('serves the API-key path with the deployment tier and the key id as subject', async () => {
    const event = apiGatewayEvent();
    const keyed = {
      ...event,
      requestContext: { ...event.requestContext, identity: { apiKeyId: 'key-123' } },
    } as APIGatewayProxyEvent;
    expect(principal(await gatewayAuthenticator(keyed))).toMatchObject({ subject: 'key-123', access: 'standard' });
  });
});
