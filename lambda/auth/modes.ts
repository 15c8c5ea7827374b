/**
 * QC_MCP_AUTH, for the stack and the runtime: which credential each MCP path takes. The two
 * credentials never share a path, because clients such as Claude Code drop their static header
 * once the resource they call advertises OAuth.
 */
export const AUTH_MODES = ['api-key', 'oauth', 'both'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];
export type Credential = 'api-key' | 'oauth';

/** x-api-key, as before OAuth existed: existing client configurations keep working. */
export const API_KEY_MCP_PATH = '/mcp';
/** Bearer tokens; the path says which credential it takes, whatever the mode. */
export const OAUTH_MCP_PATH = '/oauth/mcp';

export function credentialsOf(mode: AuthMode): readonly Credential[] {
  return mode === 'both' ? ['api-key', 'oauth'] : [mode];
}

export function mcpPathOf(credential: Credential): string {
  return credential === 'oauth' ? OAUTH_MCP_PATH : API_KEY_MCP_PATH;
}

/** The credential a request to `path` must carry in this mode. */
export function credentialFor(mode: AuthMode, path: string): Credential {
  if (mode !== 'both') return mode;
  return path === OAUTH_MCP_PATH ? 'oauth' : 'api-key';
}
