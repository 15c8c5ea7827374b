/**
 * Access tiers as OAuth sees them: one scope per tier (`quantconnect-mcp/read-only`, …, the
 * Cognito resource server's `identifier/scope` form) and one user group per tier. The stack
 * creates both from these names and the runtime reads tokens with them: one definition.
 *
 * Why both: a client asks for every scope the resource advertises and Cognito grants any scope
 * its app client allows, so a scope says what the client was allowed, not who the user is. The
 * group is the operator's per-user grant. A request gets the lowest of the deployment's tier, the
 * highest tier scope in the token and the highest tier group of the user.
 */
import { ACCESS_LEVELS, type Access } from '../tools/define';

/** The Cognito resource server identifier: the prefix of every tier scope. */
export const RESOURCE_SERVER_IDENTIFIER = 'quantconnect-mcp';

/** The claim listing the user's groups (Cognito's name; a local issuer puts the tier groups there too). */
export const GROUPS_CLAIM = 'cognito:groups';

/** The group that grants a tier has the tier's name. */
export const TIER_GROUPS: readonly Access[] = ACCESS_LEVELS;

export function tierScope(access: Access): string {
  return `${RESOURCE_SERVER_IDENTIFIER}/${access}`;
}

export const TIER_SCOPES: readonly string[] = ACCESS_LEVELS.map(tierScope);

const rank = (access: Access) => ACCESS_LEVELS.indexOf(access);

export function lowestAccess(...levels: Access[]): Access {
  return levels.reduce((low, level) => (rank(level) < rank(low) ? level : low));
}

export function highestAccess(levels: readonly Access[]): Access | undefined {
  return levels.length === 0 ? undefined : levels.reduce((high, level) => (rank(level) > rank(high) ? level : high));
}

export function isAtLeast(access: Access, required: Access): boolean {
  return rank(access) >= rank(required);
}

/** The highest tier among the token's scopes; undefined when it holds none. */
export function scopeTier(scopes: readonly string[]): Access | undefined {
  return highestAccess(ACCESS_LEVELS.filter((level) => scopes.includes(tierScope(level))));
}

/** The highest tier among the user's groups; a user in no tier group may only read. */
export function groupTier(groups: readonly string[]): Access {
  return highestAccess(TIER_GROUPS.filter((group) => groups.includes(group))) ?? 'read-only';
}
