/**
 * The real OAuth server of support/oidc-server.mjs as a child process, and a user signing in at
 * it: its development login and consent pages, answered as a browser would (cookies, redirects,
 * the form's fields), until it redirects to the client's redirect URI with the code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';

export interface OidcIssuer {
  readonly issuer: string;
  /** A token signed with the issuer's own key, with claims it would never issue (expired, no scope…). */
  signWithIssuerKey(claims: JWTPayload, options: { issuer?: string; expiresIn: number }): Promise<string>;
  stop(): Promise<void>;
}

export async function startOidcIssuer(options: {
  readonly scopes: readonly string[];
  /** Account id → the tier groups put in its access tokens' cognito:groups. */
  readonly groups: Readonly<Record<string, readonly string[]>>;
}): Promise<OidcIssuer> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'issuer-key', alg: 'RS256', use: 'sig' };
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'oidc-server.mjs')], {
    env: {
      PATH: process.env.PATH ?? '',
      OIDC_SIGNING_JWK: JSON.stringify(jwk),
      OIDC_SCOPES: options.scopes.join(' '),
      OIDC_GROUPS: JSON.stringify(options.groups),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the OAuth server exited with ${code}: ${stderr}`)));
  });
  return {
    issuer,
    signWithIssuerKey: (claims, { issuer: iss = issuer, expiresIn }) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'issuer-key', typ: 'at+jwt' })
        .setIssuer(iss)
        .setIssuedAt(now - 600)
        .setExpirationTime(now + expiresIn)
        .sign(privateKey);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Signs `account` in at the authorization URL and consents to what the client asked for; returns
 * the query of the redirect to `redirectUri` (code, state, iss).
 */
export async function signIn(authorizationUrl: URL, account: string, redirectUri: string): Promise<URLSearchParams> {
  const cookies = new Map<string, string>();
  const send = async (url: URL, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const separator = pair.indexOf('=');
      cookies.set(pair.slice(0, separator), pair.slice(separator + 1));
    }
    return response;
  };
  let url = authorizationUrl;
  for (let step = 0; step < 10; step += 1) {
    const response = await send(url);
    const location = response.headers.get('location');
    if (location !== null) {
      url = new URL(location, url);
      if (url.href.startsWith(redirectUri)) return url.searchParams;
      continue;
    }
    // An interaction page: the login or consent form, which names its prompt in a hidden field.
    const page = await response.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    if (prompt === undefined)
      throw new Error(`unexpected page at ${url.href} (${response.status}): ${page.slice(0, 300)}`);
    const form = new URLSearchParams(prompt === 'login' ? { prompt, login: account, password: 'any' } : { prompt });
    const submitted = await send(url, {
      method: 'POST',
      body: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    url = new URL(submitted.headers.get('location') ?? '', url);
  }
  throw new Error('the sign-in did not reach the redirect URI');
}
