/**
 * A minimal OpenID issuer on 127.0.0.1 for unit tests: a discovery document, a JWKS with one
 * real key, and a signer for tokens of any shape (the end-to-end test uses a full OAuth server).
 */
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestIssuer {
  readonly issuer: string;
  /**
   * A token signed by this issuer's key; `expiresIn` in seconds, negative for an expired token,
   * null for a token without `exp`.
   */
  sign(claims: JWTPayload, options?: { expiresIn?: number | null; issuer?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  let issuer = '';
  const server = createServer((request, response) => {
    const body =
      request.url === '/.well-known/openid-configuration'
        ? { issuer, jwks_uri: `${issuer}/jwks` }
        : request.url === '/jwks'
          ? { keys: [jwk] }
          : undefined;
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    sign: (claims, options = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const token = new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer(options.issuer ?? issuer)
        .setIssuedAt(now - 60);
      if (options.expiresIn !== null) token.setExpirationTime(now + (options.expiresIn ?? 300));
      return token.sign(privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A token of the right shape signed by a key no issuer publishes, under the `kid` of a real one. */
export async function forgedToken(issuer: string, claims: JWTPayload, kid = 'test-key'): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(issuer)
    .setExpirationTime(now + 300)
    .sign(privateKey);
}
