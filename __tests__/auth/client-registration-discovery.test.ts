/**
 * What an MCP client does before it signs in, with the MCP SDK v2 client's own functions against
 * the documents the gateway serves (the same builders) and the registration route the function
 * runs (creating the client through the AWS SDK in a Cognito on 127.0.0.1): the resource metadata
 * names the deployment, whose authorization-server metadata passes the SDK's issuer check (RFC 8414
 * §3.3), advertises Client ID Metadata Documents and S256, and, with registration on, lists the
 * registration endpoint; registration gives a client id; the authorization URL goes to our
 * authorize endpoint with PKCE, which passes a registered client on to Cognito's login unchanged.
 * Served at a stage path (the stage URL) and at the root (a custom domain), the two places the SDK
 * looks for it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  discoverOAuthServerInfo,
  registerClient,
  startAuthorization,
  type AuthorizationServerMetadata,
} from '@modelcontextprotocol/client';
import {
  AUTHORIZATION_SERVER_METADATA_PATHS,
  authorizationServerMetadata,
  REGISTRATION_PATH,
} from '../../lambda/auth/authorization-server-metadata';
import { AUTHORIZE_PATH } from '../../lambda/auth/authorization-proxy';
import { OAUTH_MCP_PATH } from '../../lambda/auth/modes';
import { metadataPath, metadataUrlOf, protectedResourceMetadata } from '../../lambda/auth/resource-metadata';
import { withOAuthRoutes } from '../../lambda/auth/oauth-routes';
import { TIER_SCOPES } from '../../lambda/auth/tiers';
import { toApiGatewayEvent } from '../../lambda/local/api-gateway-event';
import { pointAwsSdkAt, startCognitoFake, type CognitoFake } from '../support/cognito-fake';
import { lambdaContext } from '../support/mcp-events';

const LOGIN_URL = 'https://qc-mcp-example.auth.us-east-1.amazoncognito.com';
const TOKEN_ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123';
const ROUTE_ENVIRONMENT = {
  QC_MCP_OAUTH_USER_POOL_ID: 'us-east-1_AbCdEf123',
  QC_MCP_OAUTH_LOGIN_URL: LOGIN_URL,
  QC_MCP_OAUTH_REGISTRATION: 'true',
};
const REDIRECT = 'http://localhost:3118/callback';

/** The gateway as a client sees it, under `base` ('' for a custom domain, '/prod' for the stage URL). */
async function startGateway(base: string): Promise<{ server: Server; issuer: string }> {
  const notMcp = () => Promise.resolve({ statusCode: 500, body: 'not the MCP handler' });
  const routes = withOAuthRoutes(notMcp, ROUTE_ENVIRONMENT);
  let issuer = '';
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const documents: Record<string, object> = {
        [metadataPath()]: protectedResourceMetadata(`${issuer}${OAUTH_MCP_PATH}`, issuer),
        ...Object.fromEntries(
          AUTHORIZATION_SERVER_METADATA_PATHS.map((documentPath) => [
            documentPath,
            authorizationServerMetadata({
              issuer,
              jwksUri: `${TOKEN_ISSUER}/.well-known/jwks.json`,
              revocationEndpoint: `${LOGIN_URL}/oauth2/revoke`,
              registration: true,
            }),
          ]),
        ),
      };
      const inStage = path.startsWith(`${base}/`) ? path.slice(base.length) : undefined;
      if (request.method === 'GET' && inStage !== undefined && documents[inStage]) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(documents[inStage]));
        return;
      }
      if (inStage === REGISTRATION_PATH || inStage === AUTHORIZE_PATH) {
        const event = toApiGatewayEvent(request, Buffer.concat(chunks), inStage);
        void routes({ ...event, path: inStage }, lambdaContext()).then((result) => {
          response.writeHead(result.statusCode, result.headers as Record<string, string>).end(result.body);
        });
        return;
      }
      // What API Gateway answers for a path it has no method on.
      response.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"Missing Authentication Token"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}${base}`;
  return { server, issuer };
}

/** What a client does on the 401: read the resource metadata its WWW-Authenticate names (a stage path is not at the host's root). */
function discover(issuer: string) {
  const resource = `${issuer}${OAUTH_MCP_PATH}`;
  return discoverOAuthServerInfo(resource, { resourceMetadataUrl: new URL(metadataUrlOf(resource)) });
}

describe.each([
  ['the stage URL (an issuer with a path)', '/prod'],
  ['a custom domain (an issuer without a path)', ''],
])('the MCP SDK client’s discovery and registration, at %s', (_, base) => {
  const saved = { ...process.env };
  let cognito: CognitoFake;
  let gateway: { server: Server; issuer: string };

  beforeAll(async () => {
    cognito = await startCognitoFake();
    pointAwsSdkAt(cognito);
    gateway = await startGateway(base);
  });
  afterAll(async () => {
    process.env = saved;
    await new Promise((resolve) => gateway.server.close(resolve));
    await cognito.close();
  });

  test('finds the deployment as the authorization server, registers, and is sent through ours to Cognito’s login with PKCE', async () => {
    const info = await discover(gateway.issuer);
    expect(info.authorizationServerUrl).toBe(gateway.issuer);
    const metadata = info.authorizationServerMetadata as AuthorizationServerMetadata;
    expect(metadata).toMatchObject({
      issuer: gateway.issuer,
      registration_endpoint: `${gateway.issuer}${REGISTRATION_PATH}`,
      authorization_endpoint: `${gateway.issuer}/oauth/authorize`,
      token_endpoint: `${gateway.issuer}/oauth/token`,
      client_id_metadata_document_supported: true,
      code_challenge_methods_supported: ['S256'],
    });

    const client = await registerClient(info.authorizationServerUrl, {
      metadata,
      clientMetadata: {
        client_name: 'Claude Code',
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
    });
    expect(client.client_id).toMatch(/^registeredclient/);
    expect(cognito.clients).toHaveLength(1);
    expect(cognito.requests.at(-1)?.body.CallbackURLs).toEqual([REDIRECT]);

    const { authorizationUrl } = await startAuthorization(info.authorizationServerUrl, {
      metadata,
      clientInformation: client,
      redirectUrl: REDIRECT,
      scope: TIER_SCOPES.join(' '),
      resource: `${gateway.issuer}${OAUTH_MCP_PATH}`,
    });
    expect(`${authorizationUrl.origin}${authorizationUrl.pathname}`).toBe(`${gateway.issuer}/oauth/authorize`);
    expect(authorizationUrl.searchParams.get('client_id')).toBe(client.client_id);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    // A client Cognito knows is passed on as it is, every parameter unchanged.
    const passed = await fetch(authorizationUrl, { redirect: 'manual' });
    expect(passed.status).toBe(302);
    const cognitoUrl = new URL(passed.headers.get('location') ?? '');
    expect(`${cognitoUrl.origin}${cognitoUrl.pathname}`).toBe(`${LOGIN_URL}/oauth2/authorize`);
    expect([...cognitoUrl.searchParams].sort()).toEqual([...authorizationUrl.searchParams].sort());
  });

  test('is refused, as the SDK reports it, for a redirect host off the list', async () => {
    const info = await discover(gateway.issuer);
    await expect(
      registerClient(info.authorizationServerUrl, {
        metadata: info.authorizationServerMetadata,
        clientMetadata: { redirect_uris: ['https://evil.example/callback'], token_endpoint_auth_method: 'none' },
      }),
    ).rejects.toThrow(/redirect URIs must be https on/);
  });

  test('builds the authorization URL at our authorize endpoint with a client id metadata URL as the client id', async () => {
    const info = await discover(gateway.issuer);
    const { authorizationUrl } = await startAuthorization(info.authorizationServerUrl, {
      metadata: info.authorizationServerMetadata,
      clientInformation: { client_id: 'https://app.example.com/oauth/client.json' },
      redirectUrl: REDIRECT,
      scope: TIER_SCOPES.join(' '),
    });
    expect(authorizationUrl.searchParams.get('client_id')).toBe('https://app.example.com/oauth/client.json');
    expect(`${authorizationUrl.origin}${authorizationUrl.pathname}`).toBe(`${gateway.issuer}/oauth/authorize`);
  });
});
