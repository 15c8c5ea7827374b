/**
 * What an MCP client keeps between its OAuth steps, in memory, for the SDK v2 client's
 * `authProvider`: a public PKCE client with a loopback redirect, registered by DCR or, given a
 * `clientMetadataUrl`, identified by its Client ID Metadata Document.
 */
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthDiscoveryState,
  OAuthTokens,
} from '@modelcontextprotocol/client';

export class RememberingOAuthProvider implements OAuthClientProvider {
  authorizationUrl?: URL;
  readonly clientMetadata: OAuthClientMetadata;
  readonly clientMetadataUrl?: string;
  private information?: OAuthClientInformationMixed;
  private savedTokens?: OAuthTokens;
  private verifier = '';
  private discovery?: OAuthDiscoveryState;

  /**
   * @param redirectUrl where the browser comes back to (the CLI's port)
   * @param options the client's name, the redirect URIs it declares (default: redirectUrl) and its metadata document's URL
   */
  constructor(
    readonly redirectUrl: string,
    options: { clientName: string; redirectUris?: string[]; clientMetadataUrl?: string },
  ) {
    this.clientMetadataUrl = options.clientMetadataUrl;
    this.clientMetadata = {
      client_name: options.clientName,
      redirect_uris: options.redirectUris ?? [redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  clientInformation = () => this.information;
  saveClientInformation = (information: OAuthClientInformationMixed) => void (this.information = information);
  tokens = () => this.savedTokens;
  saveTokens = (tokens: OAuthTokens) => void (this.savedTokens = tokens);
  redirectToAuthorization = (url: URL) => void (this.authorizationUrl = url);
  saveCodeVerifier = (verifier: string) => void (this.verifier = verifier);
  codeVerifier = () => this.verifier;
  // Lets the SDK check that the code is redeemed at the authorization server that issued it.
  saveDiscoveryState = (state: OAuthDiscoveryState) => void (this.discovery = state);
  discoveryState = () => this.discovery;
}

/** A fetch that records every request the client makes, in order, with its answer's status. */
export function recordingFetch(log: string[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    log.push(`${init?.method ?? 'GET'} ${url.pathname} ${response.status}`);
    return response;
  };
}
