/** The runtime configuration: read from the environment once, validated, defaults applied. */
import {
  ConfigurationError,
  LOCAL_ALLOWED_ORIGINS,
  loadLocalServerConfig,
  loadRuntimeConfig,
} from '../../lambda/config';

describe('runtime', () => {
  test('defaults: standard access, no browser origin, secrets with a 5-minute TTL, the public API, environment local', () => {
    expect(loadRuntimeConfig({})).toEqual({
      access: 'standard',
      allowedOrigins: [],
      credentials: {
        kind: 'secrets-manager',
        userIdSecret: 'quant-connect-mcp/user-id',
        apiTokenSecret: 'quant-connect-mcp/api-token',
        ttlMs: 300_000,
      },
      quantConnectBaseUrl: 'https://www.quantconnect.com/api/v2',
      environment: 'local',
      auth: { mode: 'api-key', oauth: { clientIds: [], issuer: undefined, resource: undefined } },
    });
  });

  test('QC_MCP_AUTH and the OAuth settings are read: mode, issuer, resource, client id allow-list', () => {
    expect(
      loadRuntimeConfig({
        QC_MCP_AUTH: 'both',
        QC_MCP_OAUTH_ISSUER: 'http://127.0.0.1:9000',
        QC_MCP_OAUTH_RESOURCE: 'https://mcp.example.com/oauth/mcp',
        QC_MCP_OAUTH_CLIENT_IDS: ' a1, b2 ,',
      }).auth,
    ).toEqual({
      mode: 'both',
      oauth: {
        issuer: 'http://127.0.0.1:9000',
        resource: 'https://mcp.example.com/oauth/mcp',
        clientIds: ['a1', 'b2'],
      },
    });
  });

  test('an invalid QC_MCP_AUTH or issuer fails naming the variable', () => {
    expect(() => loadRuntimeConfig({ QC_MCP_AUTH: 'jwt' })).toThrow(
      'Environment variable QC_MCP_AUTH must be one of api-key, oauth, both (got "jwt")',
    );
    expect(() => loadRuntimeConfig({ QC_MCP_OAUTH_ISSUER: 'not a url' })).toThrow('QC_MCP_OAUTH_ISSUER');
  });

  test.each(['read-only', 'standard', 'live-trading'] as const)('QC_MCP_ACCESS=%s is read', (access) => {
    expect(loadRuntimeConfig({ QC_MCP_ACCESS: access }).access).toBe(access);
  });

  test('an invalid QC_MCP_ACCESS fails with a message naming the variable and its values', () => {
    expect(() => loadRuntimeConfig({ QC_MCP_ACCESS: 'admin' })).toThrow(ConfigurationError);
    expect(() => loadRuntimeConfig({ QC_MCP_ACCESS: 'admin' })).toThrow(
      'Environment variable QC_MCP_ACCESS must be one of read-only, standard, live-trading (got "admin")',
    );
  });

  test('a blank variable counts as unset', () => {
    expect(loadRuntimeConfig({ QC_MCP_ACCESS: ' ', QC_API_BASE_URL: '' }).access).toBe('standard');
  });

  test('QC_USER_ID and QC_API_TOKEN together are used directly', () => {
    expect(loadRuntimeConfig({ QC_USER_ID: '12345', QC_API_TOKEN: 'token' }).credentials).toEqual({
      kind: 'environment',
      userId: '12345',
      apiToken: 'token',
    });
  });

  test('only one of QC_USER_ID and QC_API_TOKEN fails, naming the missing one', () => {
    expect(() => loadRuntimeConfig({ QC_USER_ID: '12345' })).toThrow(/Environment variable QC_API_TOKEN is required/);
  });

  test('secret names and TTL are read', () => {
    expect(
      loadRuntimeConfig({
        QC_MCP_USER_ID_SECRET: 'dev/user',
        QC_MCP_API_TOKEN_SECRET: 'dev/token',
        QC_MCP_SECRETS_TTL_SECONDS: '60',
      }).credentials,
    ).toEqual({ kind: 'secrets-manager', userIdSecret: 'dev/user', apiTokenSecret: 'dev/token', ttlMs: 60_000 });
  });

  test('a TTL that is not a whole number of seconds fails, naming the variable', () => {
    expect(() => loadRuntimeConfig({ QC_MCP_SECRETS_TTL_SECONDS: 'five' })).toThrow(
      /QC_MCP_SECRETS_TTL_SECONDS must be a whole number of seconds/,
    );
  });

  test('QC_API_BASE_URL is read without its trailing slash; a non-URL fails', () => {
    expect(loadRuntimeConfig({ QC_API_BASE_URL: 'http://127.0.0.1:9999/api/v2/' }).quantConnectBaseUrl).toBe(
      'http://127.0.0.1:9999/api/v2',
    );
    expect(() => loadRuntimeConfig({ QC_API_BASE_URL: 'quantconnect' })).toThrow(/QC_API_BASE_URL/);
  });

  test.each(['prod', 'dev'])('QC_MCP_ENVIRONMENT=%s is read', (environment) => {
    expect(loadRuntimeConfig({ QC_MCP_ENVIRONMENT: environment }).environment).toBe(environment);
  });

  test('a QC_MCP_ENVIRONMENT that is not a short lowercase name fails, naming the variable', () => {
    expect(() => loadRuntimeConfig({ QC_MCP_ENVIRONMENT: 'Prod "eu"' })).toThrow(
      'Environment variable QC_MCP_ENVIRONMENT must be a name of lowercase letters, digits and hyphens',
    );
  });

  test('QC_MCP_ALLOWED_ORIGINS is a comma-separated list', () => {
    expect(
      loadRuntimeConfig({ QC_MCP_ALLOWED_ORIGINS: 'https://a.example, https://b.example/ ,' }).allowedOrigins,
    ).toEqual(['https://a.example', 'https://b.example']);
  });

  test('the local default origins apply only when QC_MCP_ALLOWED_ORIGINS is unset', () => {
    const local = { defaultAllowedOrigins: LOCAL_ALLOWED_ORIGINS };
    expect(loadRuntimeConfig({}, local).allowedOrigins).toEqual(['http://localhost:*', 'http://127.0.0.1:*']);
    expect(loadRuntimeConfig({ QC_MCP_ALLOWED_ORIGINS: 'https://a.example' }, local).allowedOrigins).toEqual([
      'https://a.example',
    ]);
  });
});

describe('local server', () => {
  test('defaults to 127.0.0.1:3000 without an API key, nor the authorization proxy', () => {
    expect(loadLocalServerConfig({})).toEqual({
      host: '127.0.0.1',
      port: 3000,
      apiKey: undefined,
      oauthProxy: false,
      loopbackDocuments: false,
    });
  });

  test('HOST, PORT and MCP_API_KEY are read', () => {
    expect(loadLocalServerConfig({ HOST: '0.0.0.0', PORT: '8080', MCP_API_KEY: 'k' })).toEqual({
      host: '0.0.0.0',
      port: 8080,
      apiKey: 'k',
      oauthProxy: false,
      loopbackDocuments: false,
    });
  });

  test('QC_MCP_OAUTH_PROXY and the test-only loopback allowance are read, true or false only', () => {
    expect(
      loadLocalServerConfig({ QC_MCP_OAUTH_PROXY: 'true', QC_MCP_OAUTH_TEST_LOOPBACK_DOCUMENTS: 'true' }),
    ).toMatchObject({ oauthProxy: true, loopbackDocuments: true });
    expect(() => loadLocalServerConfig({ QC_MCP_OAUTH_PROXY: 'yes' })).toThrow(
      /Environment variable QC_MCP_OAUTH_PROXY must be true or false/,
    );
  });

  test('an invalid PORT fails, naming the variable', () => {
    expect(() => loadLocalServerConfig({ PORT: 'http' })).toThrow(/Environment variable PORT must be a port number/);
  });
});
