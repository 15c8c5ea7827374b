/**
 * The runtime's configuration: the only module that reads the environment. Everything is
 * validated once, at load, so a bad value stops the container with a message naming the
 * variable instead of surfacing later as a confusing tool error.
 */
import type { AuthConfig } from './auth/authenticate';
import { AUTH_MODES, type AuthMode } from './auth/modes';
import { ACCESS_LEVELS, type Access } from './tools/define';
import { DEFAULT_MAX_CLIENTS } from './auth/app-client-directory';
import {
  matching,
  oneOf,
  optionalText,
  readVariables,
  url,
  wholeNumber,
  withDefault,
  type Readers,
  type ReadValues,
} from './environment-variables';

/** Thrown when an environment variable has a value the runtime cannot use. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

/** Where the QuantConnect user id and API token come from. */
export type CredentialSource =
  | { readonly kind: 'environment'; readonly userId: string; readonly apiToken: string }
  | {
      readonly kind: 'secrets-manager';
      readonly userIdSecret: string;
      readonly apiTokenSecret: string;
      /** How long a secret value read is reused before it is read again (rotation pickup). */
      readonly ttlMs: number;
    };

export interface RuntimeConfig {
  /** `QC_MCP_ACCESS`: which tools are listed and callable. */
  readonly access: Access;
  /**
   * `QC_MCP_ALLOWED_ORIGINS`: the browser origins allowed to call the endpoint. An entry ending
   * in `:*` allows any port of that scheme and host. Requests without an `Origin` always pass.
   */
  readonly allowedOrigins: readonly string[];
  readonly credentials: CredentialSource;
  /** `QC_API_BASE_URL`: the QuantConnect API v2 root, without a trailing slash. */
  readonly quantConnectBaseUrl: string;
  /**
   * `QC_MCP_ENVIRONMENT`: the deployment this runtime serves (the stack sets `prod` or `dev`), the
   * `Environment` dimension of the tool metrics, so each environment's dashboard shows only its own
   * traffic. Unset means a run outside any deployment: `npm start`, stdio, tests.
   */
  readonly environment: string;
  /** `QC_MCP_AUTH` and the OAuth settings (lambda/auth). */
  readonly auth: AuthConfig;
}

/** What the local server (`npm start`) adds to the runtime configuration. */
export interface LocalServerConfig {
  readonly host: string;
  readonly port: number;
  /** `MCP_API_KEY`: when set, requests must carry it in `x-api-key`, as API Gateway demands. */
  readonly apiKey?: string;
  /**
   * `QC_MCP_OAUTH_PROXY=true`: the local server is the authorization server in front of the issuer,
   * as the stack is in front of Cognito, so clients with a Client ID Metadata Document sign in.
   */
  readonly oauthProxy: boolean;
  /**
   * `QC_MCP_OAUTH_TEST_LOOPBACK_DOCUMENTS=true`: metadata documents may be fetched from loopback
   * addresses. For tests, whose document server runs on 127.0.0.1; Lambda never reads it.
   */
  readonly loopbackDocuments: boolean;
}

/**
 * The OAuth routes the function serves in the stack (lambda/auth/oauth-routes.ts), from the
 * variables the stack sets: undefined without a user pool (API keys only, or `npm start`).
 */
export interface OAuthRoutesConfig {
  /** `QC_MCP_OAUTH_USER_POOL_ID`: the pool app clients are found and created in. */
  readonly userPoolId: string;
  /** `QC_MCP_OAUTH_LOGIN_URL`: Cognito's login domain, https://<prefix>.auth.<region>.amazoncognito.com */
  readonly loginUrl: string;
  /** `QC_MCP_OAUTH_REGISTRATION_HOSTS`: redirect URI hosts; unset, lambda/auth/redirect-uri.ts's default list. */
  readonly redirectHosts?: readonly string[];
  /** `QC_MCP_OAUTH_REGISTRATION=true`: serve POST /oauth/register. */
  readonly registration: boolean;
  /** `QC_MCP_OAUTH_MAX_CLIENTS`: the most app clients the function may create. */
  readonly maxClients: number;
  /** `QC_MCP_ENVIRONMENT`, the metrics' dimension. */
  readonly environment: string;
}

/** Lets the MCP Inspector and other local browser tools connect to `npm start`'s server. */
export const LOCAL_ALLOWED_ORIGINS: readonly string[] = ['http://localhost:*', 'http://127.0.0.1:*'];

export const DEFAULT_USER_ID_SECRET = 'quant-connect-mcp/user-id';
export const DEFAULT_API_TOKEN_SECRET = 'quant-connect-mcp/api-token';
export const DEFAULT_QUANTCONNECT_BASE_URL = 'https://www.quantconnect.com/api/v2';
/** A run outside any deployment: `npm start`, stdio, tests. */
const DEFAULT_ENVIRONMENT = 'local';

type Environment = Readonly<Record<string, string | undefined>>;

const TRUE_OR_FALSE = ['true', 'false'] as const;

const RUNTIME_VARIABLES = {
  QC_MCP_ACCESS: oneOf(ACCESS_LEVELS, 'standard'),
  QC_MCP_ALLOWED_ORIGINS: optionalText,
  QC_MCP_USER_ID_SECRET: optionalText,
  QC_MCP_API_TOKEN_SECRET: optionalText,
  QC_MCP_SECRETS_TTL_SECONDS: wholeNumber({ min: 0 }, 300),
  QC_USER_ID: optionalText,
  QC_API_TOKEN: optionalText,
  QC_API_BASE_URL: withDefault(url(['http', 'https']), DEFAULT_QUANTCONNECT_BASE_URL),
  // A short slug: the dashboard quotes it inside a SEARCH expression, and a metric dimension value
  // should not carry anything surprising.
  QC_MCP_ENVIRONMENT: matching(/^[a-z][a-z0-9-]{0,31}$/, DEFAULT_ENVIRONMENT),
  QC_MCP_AUTH: oneOf<AuthMode>(AUTH_MODES, 'api-key'),
  QC_MCP_OAUTH_ISSUER: url(['http', 'https']),
  QC_MCP_OAUTH_RESOURCE: url(['http', 'https']),
  QC_MCP_OAUTH_CLIENT_IDS: optionalText,
} satisfies Readers;

const OAUTH_ROUTES_VARIABLES = {
  QC_MCP_OAUTH_USER_POOL_ID: optionalText,
  QC_MCP_OAUTH_LOGIN_URL: url(['https']),
  QC_MCP_OAUTH_REGISTRATION_HOSTS: optionalText,
  QC_MCP_OAUTH_REGISTRATION: oneOf(TRUE_OR_FALSE, 'false'),
  QC_MCP_OAUTH_MAX_CLIENTS: wholeNumber({ min: 1 }, DEFAULT_MAX_CLIENTS),
  QC_MCP_ENVIRONMENT: optionalText,
} satisfies Readers;

const LOCAL_VARIABLES = {
  HOST: optionalText,
  PORT: wholeNumber({ min: 0, max: 65535 }, 3000),
  MCP_API_KEY: optionalText,
  QC_MCP_OAUTH_PROXY: oneOf(TRUE_OR_FALSE, 'false'),
  QC_MCP_OAUTH_TEST_LOOPBACK_DOCUMENTS: oneOf(TRUE_OR_FALSE, 'false'),
} satisfies Readers;

const EXPECTED: Record<string, string> = {
  QC_MCP_ACCESS: `one of ${ACCESS_LEVELS.join(', ')}`,
  QC_MCP_SECRETS_TTL_SECONDS: 'a whole number of seconds, 0 or more',
  QC_API_BASE_URL: 'an http(s) URL such as https://www.quantconnect.com/api/v2',
  QC_MCP_ENVIRONMENT: 'a name of lowercase letters, digits and hyphens (at most 32) such as prod or dev',
  QC_MCP_AUTH: `one of ${AUTH_MODES.join(', ')}`,
  QC_MCP_OAUTH_ISSUER: 'the http(s) URL of an OpenID issuer, as its tokens name it in iss',
  QC_MCP_OAUTH_RESOURCE: 'the http(s) URL of the OAuth MCP endpoint, such as https://mcp.example.com/oauth/mcp',
  PORT: 'a port number between 0 and 65535',
  QC_MCP_OAUTH_LOGIN_URL: 'the https URL of the Cognito login domain (the stack sets it)',
  QC_MCP_OAUTH_REGISTRATION: 'true or false',
  QC_MCP_OAUTH_MAX_CLIENTS: 'a whole number of at least 1',
  QC_MCP_OAUTH_PROXY: 'true or false',
  QC_MCP_OAUTH_TEST_LOOPBACK_DOCUMENTS: 'true or false',
};

function parse<R extends Readers>(readers: R, env: Environment): ReadValues<R> {
  const { values, invalid } = readVariables(readers, env);
  if (values !== undefined) return values;
  const problems = invalid.map(
    (variable) =>
      `Environment variable ${variable} must be ${EXPECTED[variable] ?? 'valid'} (got ${JSON.stringify(env[variable])})`,
  );
  throw new ConfigurationError(problems.join('; '));
}

function commaList(value: string | undefined): readonly string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function originList(value: string | undefined, fallback: readonly string[]): readonly string[] {
  if (value === undefined) return fallback;
  return value
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin !== '');
}

export interface RuntimeConfigOptions {
  /** Allowed origins when `QC_MCP_ALLOWED_ORIGINS` is unset. @default none (only requests without Origin) */
  readonly defaultAllowedOrigins?: readonly string[];
}

export function loadRuntimeConfig(env: Environment = process.env, options: RuntimeConfigOptions = {}): RuntimeConfig {
  const parsed = parse(RUNTIME_VARIABLES, env);
  if ((parsed.QC_USER_ID === undefined) !== (parsed.QC_API_TOKEN === undefined)) {
    const missing = parsed.QC_USER_ID === undefined ? 'QC_USER_ID' : 'QC_API_TOKEN';
    throw new ConfigurationError(
      `Environment variable ${missing} is required when ${missing === 'QC_USER_ID' ? 'QC_API_TOKEN' : 'QC_USER_ID'} is set ` +
        '(set both to use credentials from the environment, or neither to read them from Secrets Manager)',
    );
  }
  const credentials: CredentialSource =
    parsed.QC_USER_ID !== undefined && parsed.QC_API_TOKEN !== undefined
      ? { kind: 'environment', userId: parsed.QC_USER_ID, apiToken: parsed.QC_API_TOKEN }
      : {
          kind: 'secrets-manager',
          userIdSecret: parsed.QC_MCP_USER_ID_SECRET ?? DEFAULT_USER_ID_SECRET,
          apiTokenSecret: parsed.QC_MCP_API_TOKEN_SECRET ?? DEFAULT_API_TOKEN_SECRET,
          ttlMs: parsed.QC_MCP_SECRETS_TTL_SECONDS * 1000,
        };
  return {
    access: parsed.QC_MCP_ACCESS,
    allowedOrigins: originList(parsed.QC_MCP_ALLOWED_ORIGINS, options.defaultAllowedOrigins ?? []),
    credentials,
    quantConnectBaseUrl: parsed.QC_API_BASE_URL.replace(/\/+$/, ''),
    environment: parsed.QC_MCP_ENVIRONMENT,
    auth: {
      mode: parsed.QC_MCP_AUTH,
      oauth: {
        clientIds: commaList(parsed.QC_MCP_OAUTH_CLIENT_IDS),
        issuer: parsed.QC_MCP_OAUTH_ISSUER,
        resource: parsed.QC_MCP_OAUTH_RESOURCE,
      },
    },
  };
}

export function loadLocalServerConfig(env: Environment = process.env): LocalServerConfig {
  const parsed = parse(LOCAL_VARIABLES, env);
  return {
    host: parsed.HOST ?? '127.0.0.1',
    port: parsed.PORT,
    apiKey: parsed.MCP_API_KEY,
    oauthProxy: parsed.QC_MCP_OAUTH_PROXY === 'true',
    loopbackDocuments: parsed.QC_MCP_OAUTH_TEST_LOOPBACK_DOCUMENTS === 'true',
  };
}

export function loadOAuthRoutesConfig(env: Environment = process.env): OAuthRoutesConfig | undefined {
  const parsed = parse(OAUTH_ROUTES_VARIABLES, env);
  if (parsed.QC_MCP_OAUTH_USER_POOL_ID === undefined) return undefined;
  if (parsed.QC_MCP_OAUTH_LOGIN_URL === undefined) {
    throw new ConfigurationError(
      'Environment variable QC_MCP_OAUTH_LOGIN_URL is required with QC_MCP_OAUTH_USER_POOL_ID: ' +
        'the Cognito login domain the authorization proxy sends sign-ins to (the stack sets both)',
    );
  }
  const hosts = commaList(parsed.QC_MCP_OAUTH_REGISTRATION_HOSTS).map((host) => host.toLowerCase());
  return {
    userPoolId: parsed.QC_MCP_OAUTH_USER_POOL_ID,
    loginUrl: parsed.QC_MCP_OAUTH_LOGIN_URL.replace(/\/+$/, ''),
    redirectHosts: hosts.length > 0 ? hosts : undefined,
    registration: parsed.QC_MCP_OAUTH_REGISTRATION === 'true',
    maxClients: parsed.QC_MCP_OAUTH_MAX_CLIENTS,
    environment: parsed.QC_MCP_ENVIRONMENT ?? 'prod',
  };
}
