/**
 * The authorization-server metadata (RFC 8414) this deployment publishes for Cognito, whose own
 * documents list no `registration_endpoint`: Cognito's authorize, token and key endpoints plus our
 * registration endpoint (client-registration.ts). The `issuer` is this deployment's origin, because
 * MCP clients check that it equals the `authorization_servers` entry they fetched it for (RFC 8414
 * §3.3). The stack puts the document in the gateway's MOCK integrations, the local server answers
 * it from here: the two cannot disagree.
 */
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
  /** Cognito's login domain: https://<prefix>.auth.<region>.amazoncognito.com */
  readonly loginUrl: string;
  /** Cognito's issuer, where its signing keys are: https://cognito-idp.<region>.amazonaws.com/<pool id> */
  readonly tokenIssuer: string;
}

/** Plain strings in, plain JSON out: the stack passes Terraform references through unchanged. */
export function authorizationServerMetadata(input: AuthorizationServerMetadataInput): Record<string, unknown> {
  return {
    issuer: input.issuer,
    authorization_endpoint: `${input.loginUrl}/oauth2/authorize`,
    token_endpoint: `${input.loginUrl}/oauth2/token`,
    revocation_endpoint: `${input.loginUrl}/oauth2/revoke`,
    jwks_uri: `${input.tokenIssuer}/.well-known/jwks.json`,
    registration_endpoint: `${input.issuer}${REGISTRATION_PATH}`,
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
