/**
 * With `npm start` the upstream authorization server is the issuer QC_MCP_OAUTH_ISSUER, not
 * Cognito: a client with a Client ID Metadata Document gets a client registered there (RFC 7591),
 * one per name, remembered for the life of the process (the local server is one process).
 */
import type { AppClientDirectory } from './app-client-directory';

const TIMEOUT_MS = 5000;

export interface IssuerEndpoints {
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly registration_endpoint?: string;
  readonly revocation_endpoint?: string;
  readonly jwks_uri: string;
}

/** The issuer's OpenID discovery document (its authorize, token and registration endpoints). */
export async function discoverIssuer(issuer: string): Promise<IssuerEndpoints> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) throw new Error(`the issuer's discovery document answered ${response.status}`);
  return (await response.json()) as IssuerEndpoints;
}

export function issuerClientRegistrar(endpoints: () => Promise<IssuerEndpoints>): AppClientDirectory {
  const registered = new Map<string, Promise<string>>();
  const register = async (clientName: string, redirectUris: readonly string[]): Promise<string> => {
    const { registration_endpoint: endpoint } = await endpoints();
    if (endpoint === undefined) throw new Error('the issuer offers no client registration (registration_endpoint)');
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: clientName,
        redirect_uris: redirectUris,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status !== 201) throw new Error(`the issuer refused the registration (${response.status})`);
    return ((await response.json()) as { client_id: string }).client_id;
  };
  return {
    async ensure({ clientName, redirectUris }) {
      const existing = registered.get(clientName);
      if (existing !== undefined) return { clientId: await existing, created: false };
      const pending = register(clientName, redirectUris);
      registered.set(clientName, pending);
      pending.catch(() => registered.delete(clientName));
      return { clientId: await pending, created: true };
    },
  };
}
