/**
 * What every Cognito app client of an MCP client gets, whether the stack creates it or the
 * registration endpoint does (RFC 7591): the code grant, the tier scopes and the token lifetimes.
 * One definition, so that a registered client can do exactly what a pre-registered one can.
 */
import { TIER_SCOPES } from './tiers';

/** The tiers, plus what OpenID clients add on their own. */
export const APP_CLIENT_SCOPES: readonly string[] = [...TIER_SCOPES, 'openid', 'email', 'profile'];

/** Access and ID tokens last an hour, refresh tokens 30 days. */
export const APP_CLIENT_TOKEN_VALIDITY = {
  accessTokenMinutes: 60,
  idTokenMinutes: 60,
  refreshTokenDays: 30,
} as const;
