/**
 * A real OAuth 2.1 / OpenID authorization server for the end-to-end test: oidc-provider on
 * 127.0.0.1 with dynamic client registration, PKCE and resource indicators (RFC 8707: access
 * tokens are JWTs whose `aud` is the resource), and its development login and consent pages,
 * which the test fills in as a user would. Run as a child process (oidc-provider ships ES modules
 * only); it prints its issuer URL on stdout once listening.
 *
 * Environment: OIDC_SIGNING_JWK (the private key, so the test can also sign tokens the issuer
 * never issued: expired, missing scope), OIDC_GROUPS (JSON: account id → tier groups, put in the
 * access token's cognito:groups claim as Cognito does), OIDC_SCOPES (the resource's scopes).
 */
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const signingKey = JSON.parse(process.env.OIDC_SIGNING_JWK ?? '');
const groups = JSON.parse(process.env.OIDC_GROUPS ?? '{}');
const resourceScopes = process.env.OIDC_SCOPES ?? '';

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  jwks: { keys: [signingKey] },
  // Registered clients may name the resource's scopes too (the MCP client copies scopes_supported).
  scopes: ['openid', 'offline_access', ...resourceScopes.split(' ').filter(Boolean)],
  features: {
    devInteractions: { enabled: true },
    registration: { enabled: true },
    resourceIndicators: {
      enabled: true,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => ({
        scope: resourceScopes,
        audience: resource,
        accessTokenFormat: 'jwt',
        accessTokenTTL: 300,
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  findAccount: (_ctx, accountId) => ({ accountId, claims: () => ({ sub: accountId }) }),
  extraTokenClaims: (_ctx, token) =>
    token.accountId && groups[token.accountId] ? { 'cognito:groups': groups[token.accountId] } : undefined,
});
server.on('request', provider.callback());
process.stdout.write(`${issuer}\n`);
