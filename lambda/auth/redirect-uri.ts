/**
 * Which redirect URIs a client that registers itself (RFC 7591) or publishes a Client ID Metadata
 * Document may use, and their normal form. A URI is parsed with URL and refused for anything a
 * parser could read two ways (userinfo, a backslash, control characters, a fragment); the hosted
 * clients (claude.ai, claude.com, chatgpt.com, chat.openai.com) get their callback paths on the default
 * port only; loopback hosts take http and any port (RFC 8252 §7.3: CLIs pick a free one). What is
 * passed on (to Cognito, to the client's browser) is always the normal form, never the raw string.
 */

/** The hosts of the clients people use; loopback hosts take any port. */
export const DEFAULT_REDIRECT_HOSTS: readonly string[] = [
  'claude.ai',
  'claude.com',
  'chatgpt.com',
  'chat.openai.com',
  'localhost',
  '127.0.0.1',
];

export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1']);

/**
 * The callback paths the hosted clients use: Claude's connectors, ChatGPT's connector platform
 * (also on its former host chat.openai.com) and its per-connector callbacks
 * (`/connector/oauth/<id>`). Any other path is refused.
 */
const CHATGPT_CALLBACKS = [/^\/connector_platform_oauth_redirect$/, /^\/connector\/oauth\/[A-Za-z0-9_-]{1,100}$/];
const HOSTED_CALLBACK_PATHS: Readonly<Record<string, readonly RegExp[]>> = {
  'claude.ai': [/^\/api\/mcp\/auth_callback$/],
  'claude.com': [/^\/api\/mcp\/auth_callback$/],
  'chatgpt.com': CHATGPT_CALLBACKS,
  'chat.openai.com': CHATGPT_CALLBACKS,
};

export class InvalidRedirectUri extends Error {}

/** The allowed hosts, in the refusal's words. */
function allowed(hosts: ReadonlySet<string>): string {
  return `https on ${[...hosts].join(', ')} (http for localhost and 127.0.0.1)`;
}

/**
 * The normal form of `value` if it is an acceptable redirect URI on one of `hosts`.
 * @throws InvalidRedirectUri saying what is wrong, without quoting the URI.
 */
export function normaliseRedirectUri(value: unknown, hosts: ReadonlySet<string>): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) {
    throw new InvalidRedirectUri('a redirect URI must be a string of 1 to 2000 characters');
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u0020\u007f\\]/.test(value)) {
    throw new InvalidRedirectUri('a redirect URI may not contain spaces, control characters or backslashes');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidRedirectUri('a redirect URI is not a URL');
  }
  if (value.includes('#')) throw new InvalidRedirectUri('a redirect URI may not have a fragment');
  if (url.username !== '' || url.password !== '') {
    throw new InvalidRedirectUri('a redirect URI may not carry credentials (user@host)');
  }
  const host = url.hostname;
  const loopback = LOOPBACK_HOSTS.has(host);
  const schemes = loopback ? ['http:', 'https:'] : ['https:'];
  if (!hosts.has(host) || !schemes.includes(url.protocol)) {
    throw new InvalidRedirectUri(`redirect URIs must be ${allowed(hosts)}`);
  }
  if (!loopback && url.port !== '') {
    throw new InvalidRedirectUri('a redirect URI on a hosted client must use the default https port');
  }
  const paths = HOSTED_CALLBACK_PATHS[host];
  if (paths !== undefined && (url.search !== '' || !paths.some((path) => path.test(url.pathname)))) {
    throw new InvalidRedirectUri(`a redirect URI on ${host} must be its documented callback path`);
  }
  return url.href;
}

/**
 * Whether the requested redirect URI is one `registered` lists: exactly, or for a loopback URI
 * with any port (RFC 8252 §7.3), since a CLI registers a portless URI and listens where it can.
 */
export function redirectUriMatches(requested: string, registered: readonly string[]): boolean {
  const withoutPort = (uri: string): string | undefined => {
    const url = new URL(uri);
    if (!LOOPBACK_HOSTS.has(url.hostname)) return undefined;
    url.port = '';
    return url.href;
  };
  const loose = withoutPort(requested);
  return registered.some((uri) => uri === requested || (loose !== undefined && withoutPort(uri) === loose));
}
