/**
 * What every Cognito app client of an MCP client gets, whether the stack creates it or the
 * function does (registration, Client ID Metadata Documents): the code grant, the tier scopes,
 * the token lifetimes and refresh-token rotation. One definition, so that a client the function
 * creates can do exactly what a pre-registered one can.
 */
import { TIER_SCOPES } from './tiers';

/** The tiers, plus what OpenID clients add on their own. */
export const APP_CLIENT_SCOPES: readonly string[] = [...TIER_SCOPES, 'openid', 'email', 'profile'];

/**
 * Access tokens last 15 minutes (a revoked user or a lowered tier takes effect that soon; clients
 * refresh silently), ID tokens as long, refresh tokens 30 days.
 */
export const APP_CLIENT_TOKEN_VALIDITY = {
  accessTokenMinutes: 15,
  idTokenMinutes: 15,
  refreshTokenDays: 30,
} as const;

/**
 * Refresh-token rotation (OAuth 2.1 §4.3.1 for public clients): every refresh at the token
 * endpoint returns a new refresh token and retires the old one after the grace period, which
 * covers a client retrying a refresh whose answer it lost.
 */
export const APP_CLIENT_REFRESH_ROTATION = { retryGracePeriodSeconds: 10 } as const;

/**
 * Cognito refuses ALLOW_REFRESH_TOKEN_AUTH (the InitiateAuth refresh) on a rotating client, and an
 * empty list means Cognito's default set, which holds it: so the one SDK flow its sign-in pages use.
 */
export const APP_CLIENT_AUTH_FLOWS: readonly string[] = ['ALLOW_USER_SRP_AUTH'];
