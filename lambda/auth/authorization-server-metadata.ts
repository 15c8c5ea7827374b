/**
 * The authorization-server metadata (RFC 8414) this deployment publishes for Cognito: our own
 * authorize and token endpoints (authorization-proxy.ts, which serve Client ID Metadata Documents
 * and pass other clients through to Cognito), Cognito's revocation and key endpoints, and, when
 * registration is on, our registration endpoint (client-registration.ts). The `issuer` is this
 * deployment's origin, because MCP clients check that it equals the `authorization_servers` entry
 * they fetched it for (RFC 8414 §3.3). `code_challenge_methods_supported` is here because
 * Cognito's own discovery omits it and clients such as Claude Code refuse a server without it.
 * The stack puts the document in the gateway's MOCK integrations, the local server answers it from
 * here: the two cannot disagree.
 */
import { AUTHORIZE_PATH, TOKEN_PATH } from './authorization-proxy';
import { TIER_SCOPES } from './tiers';

/** Where the document lives under the issuer: RFC 8414's path and OpenID discovery's (for an issuer with a path). */
export const AUTHORIZATION_SERVER_METADATA_PATHS = [
  '/.well-known/oauth-authorization-server',
  '/.well-known/openid-configuration',
] as const;

/** The registration endpoint's path under the issuer. */
export const REGISTRATION_PATH = '/oauth/register';

export interface AuthorizationServerMetadataInput {
  /** This deployment's origin (https://mcp.example.com, or the stage URL): what the resource metadata names. */
  readonly issuer: string;
  /** Where the upstream's signing keys are (Cognito: https://cognito-idp.<region>.amazonaws.com/<pool id>/.well-known/jwks.json). */
  readonly jwksUri: string;
  /** The upstream's revocation endpoint, for pre-registered and registered clients. @default none */
  readonly revocationEndpoint?: string;
  /** Whether POST /oauth/register is served (QC_MCP_OAUTH_REGISTRATION). */
  readonly registration: boolean;
}

/** Plain strings in, plain JSON out: the stack passes Terraform references through unchanged. */
export function authorizationServerMetadata(input: AuthorizationServerMetadataInput): Record<string, unknown> {
  return {
    issuer: input.issuer,
    authorization_endpoint: `${input.issuer}${AUTHORIZE_PATH}`,
    token_endpoint: `${input.issuer}${TOKEN_PATH}`,
    ...(input.revocationEndpoint === undefined ? {} : { revocation_endpoint: input.revocationEndpoint }),
    jwks_uri: input.jwksUri,
    ...(input.registration ? { registration_endpoint: `${input.issuer}${REGISTRATION_PATH}` } : {}),
    client_id_metadata_document_supported: true,
    scopes_supported: TIER_SCOPES,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    // OpenID discovery's required fields, for clients that read the document at its OpenID path.
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  };
}
