/**
 * The authentication of a request, whatever the credential: the one place that decides who the
 * caller is. API keys were checked by API Gateway (or the local server) before the event got
 * here; OAuth tokens were verified by the gateway's Cognito authorizer, whose claims are checked
 * again here, or are verified here against QC_MCP_OAUTH_ISSUER when no gateway ran (`npm start`).
 * The answer is a principal, or the 401/403 the MCP authorization spec prescribes.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { JsonRpcCode, jsonRpcErrorResult } from '../http/json-rpc-error';
import type { Access } from '../tools/define';
import { credentialFor, OAUTH_MCP_PATH, type AuthMode, type Credential } from './modes';
import { principalFromClaims, TokenRejected, type Principal } from './principal';
import { bearerChallenge, metadataUrlOf } from './resource-metadata';
import { isAtLeast, tierScope, TIER_SCOPES } from './tiers';
import { IssuerUnavailable, issuerTokenVerifier, type TokenVerifier } from './token-verifier';

/** An issuer that did not answer is tried again on the next request: a short wait is enough. */
const ISSUER_RETRY_AFTER_SECONDS = 5;

export interface OAuthSettings {
  /** `QC_MCP_OAUTH_CLIENT_IDS`: the accepted OAuth clients; empty accepts any client of the issuer. */
  readonly clientIds: readonly string[];
  /**
   * `QC_MCP_OAUTH_ISSUER`: set, tokens are verified here against this OpenID issuer; unset, API
   * Gateway's Cognito authorizer has verified them and its claims are in the event.
   */
  readonly issuer?: string;
  /** `QC_MCP_OAUTH_RESOURCE`: the OAuth MCP URL as clients call it. @default from the request (in AWS) */
  readonly resource?: string;
}

export interface AuthConfig {
  /** `QC_MCP_AUTH` */
  readonly mode: AuthMode;
  readonly oauth: OAuthSettings;
}

export interface Authenticated {
  readonly credential: Credential;
  readonly principal: Principal;
  /** The 403 `insufficient_scope` answer when a token with more scope would allow `required`. */
  requireAccess(required: Access): APIGatewayProxyResult | undefined;
}

export type Authentication = Authenticated | { readonly rejection: APIGatewayProxyResult };
export type Authenticator = (event: APIGatewayProxyEvent) => Promise<Authentication>;

export interface AuthenticatorOptions {
  readonly config: AuthConfig;
  /** The deployment's QC_MCP_ACCESS. */
  readonly access: Access;
  /**
   * The OAuth MCP URL of a request when the configuration does not name it: the local server's,
   * as the request reached it. @default from the event (in AWS)
   */
  readonly resource?: (event: APIGatewayProxyEvent) => string;
  /** @default verification against `config.oauth.issuer` */
  readonly verifier?: TokenVerifier;
}

function bearerToken(event: APIGatewayProxyEvent): string | undefined {
  const header = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(header?.trim() ?? '');
  return match?.[1];
}

/** In API Gateway the request's own host and path: the custom domain or the stage URL. */
function resourceFromEvent(event: APIGatewayProxyEvent): string | undefined {
  const { domainName, path } = event.requestContext ?? {};
  return domainName && path ? `https://${domainName}${path}` : undefined;
}

function refusal(status: 401 | 403, challenge: string, message: string): { rejection: APIGatewayProxyResult } {
  return { rejection: jsonRpcErrorResult(status, JsonRpcCode.ServerError, message, { 'www-authenticate': challenge }) };
}

export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const { config, access } = options;
  const { oauth } = config;
  const verify =
    options.verifier ??
    (oauth.issuer === undefined
      ? undefined
      : issuerTokenVerifier({
          issuer: oauth.issuer,
          acceptWithoutAudience: oauth.clientIds.length > 0,
        }));
  const checks = { access, clientIds: oauth.clientIds };

  const withScopeCheck = (principal: Principal, metadataUrl: string): Authenticated => ({
    credential: 'oauth',
    principal,
    requireAccess: (required) =>
      isAtLeast(principal.access, required) || !isAtLeast(principal.grantable, required)
        ? undefined
        : refusal(
            403,
            bearerChallenge(metadataUrl, {
              error: 'insufficient_scope',
              description: `this call needs the ${tierScope(required)} scope`,
              scope: tierScope(required),
            }),
            `Forbidden: this call needs the ${tierScope(required)} scope; authorize again with it.`,
          ).rejection,
  });

  async function authenticateBearer(event: APIGatewayProxyEvent): Promise<Authentication> {
    const resource = oauth.resource ?? options.resource?.(event) ?? resourceFromEvent(event) ?? OAUTH_MCP_PATH;
    const metadataUrl = metadataUrlOf(resource);
    const token = bearerToken(event);
    try {
      let claims: Readonly<Record<string, unknown>> | undefined;
      if (verify !== undefined) {
        if (token === undefined)
          return refusal(401, bearerChallenge(metadataUrl), 'Unauthorized: a bearer token is required.');
        claims = await verify(token, resource);
      } else {
        claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
        if (claims === undefined) {
          return refusal(401, bearerChallenge(metadataUrl), 'Unauthorized: a bearer token is required.');
        }
      }
      return withScopeCheck(principalFromClaims(claims, checks), metadataUrl);
    } catch (error) {
      if (error instanceof IssuerUnavailable) {
        // Not the caller's fault: a 503 that says what to fix, and the caller may retry later.
        return {
          rejection: jsonRpcErrorResult(503, JsonRpcCode.ServerError, `Service Unavailable: ${error.message}`, {
            'retry-after': String(ISSUER_RETRY_AFTER_SECONDS),
          }),
        };
      }
      if (!(error instanceof TokenRejected)) throw error;
      const challenge = bearerChallenge(metadataUrl, {
        error: error.error,
        description: error.message,
        scope: error.error === 'insufficient_scope' ? TIER_SCOPES.join(' ') : undefined,
      });
      return error.error === 'insufficient_scope'
        ? refusal(403, challenge, `Forbidden: ${error.message}.`)
        : refusal(401, challenge, `Unauthorized: ${error.message}.`);
    }
  }

  return async (event) => {
    if (credentialFor(config.mode, event.resource) === 'oauth') return authenticateBearer(event);
    // The key itself was checked before the event got here; its id names the caller.
    const subject = event.requestContext?.identity?.apiKeyId ?? 'api-key';
    return {
      credential: 'api-key',
      principal: { subject, scopes: [], access, grantable: access },
      requireAccess: () => undefined,
    };
  };
}
