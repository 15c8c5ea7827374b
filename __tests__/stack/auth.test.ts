/**
 * QC_MCP_AUTH in the synthesized stack: API keys only (as before OAuth), OAuth only, and both on
 * separate paths; the Cognito pieces, the gateway's authorizer, metadata route and 401, and what
 * the function is told.
 */
import { authorizationServerMetadata } from '../../lambda/auth/authorization-server-metadata';
import { METADATA_PREFLIGHT_HEADERS, protectedResourceMetadata } from '../../lambda/auth/resource-metadata';
import { TIER_SCOPES } from '../../lambda/auth/tiers';
import { loadStackConfig } from '../../constructs/config';
import {
  PRODUCTION_RESOURCE_COUNTS,
  onlyResource,
  referenceTo,
  resourceCounts,
  resources,
  synthStack,
  type Block,
  type SynthesizedStack,
} from './synth';

const methodsOf = (tf: SynthesizedStack) =>
  resources<Block>(tf, 'aws_api_gateway_method').map((method) => ({
    path: pathOf(tf, String(method.resource_id)),
    httpMethod: method.http_method,
    authorization: method.authorization,
    apiKeyRequired: method.api_key_required,
  }));

/** /oauth/mcp from a resource reference, by walking the parents. */
function pathOf(tf: SynthesizedStack, reference: string): string {
  const name = /aws_api_gateway_resource\.([^.]+)\.id/.exec(reference)?.[1];
  if (name === undefined) return '';
  const resource = tf.resource.aws_api_gateway_resource?.[name] as { parent_id: string; path_part: string };
  return `${pathOf(tf, resource.parent_id)}/${resource.path_part}`;
}

const postOn = (tf: SynthesizedStack, path: string) =>
  resources<Block>(tf, 'aws_api_gateway_method').find(
    (method) => method.http_method === 'POST' && pathOf(tf, String(method.resource_id)) === path,
  );

/** A value, or the value a reference to another resource's attribute stands for (GET for a method's http_method). */
function resolved(tf: SynthesizedStack, value: unknown): unknown {
  const [, type, name, attribute] = /^\$\{(\w+)\.([^.]+)\.(\w+)\}$/.exec(String(value)) ?? [];
  return type === undefined ? value : resolved(tf, (tf.resource[type]?.[name] as Block)[attribute]);
}

/** The gateway's own answer (a MOCK) to `httpMethod` on `path`. */
function mockAnswer(tf: SynthesizedStack, path: string, httpMethod: string) {
  return resources<Block>(tf, 'aws_api_gateway_integration_response').find(
    (response) =>
      pathOf(tf, String(response.resource_id)) === path && resolved(tf, response.http_method) === httpMethod,
  ) as
    | { status_code: string; response_parameters: Record<string, string>; response_templates: Record<string, string> }
    | undefined;
}

/** The body the gateway answers a GET on `path` with (a MOCK). */
function mockDocument(tf: SynthesizedStack, path: string): unknown {
  const answer = mockAnswer(tf, path, 'GET');
  return answer && JSON.parse(answer.response_templates['application/json']);
}

const functionPolicy = (tf: SynthesizedStack) =>
  JSON.parse(String(onlyResource<Block>(tf, 'aws_iam_role_policy').policy)) as { Statement: { Sid: string }[] };

const functionVariables = (tf: SynthesizedStack) =>
  onlyResource<{ environment: { variables: Record<string, string> } }>(tf, 'aws_lambda_function').environment.variables;

describe('QC_MCP_AUTH=api-key (the default)', () => {
  const { tf } = synthStack();

  test('is the stack of before OAuth: no Cognito, no authorizer, nothing the function must know', () => {
    expect(resourceCounts(tf)).toEqual(PRODUCTION_RESOURCE_COUNTS);
    expect(functionVariables(tf)).not.toHaveProperty('QC_MCP_AUTH');
    expect(functionPolicy(tf).Statement.map((statement) => statement.Sid)).not.toContain('RegisterOAuthClients');
  });

  test('refuses an OAuth setting, which would silently do nothing', () => {
    expect(() => loadStackConfig({ QC_MCP_STATE_BACKEND: 'local', QC_MCP_OAUTH_MFA: 'required' })).toThrow(
      'QC_MCP_OAUTH_MFA only applies with QC_MCP_AUTH=oauth or QC_MCP_AUTH=both',
    );
  });
});

describe('QC_MCP_AUTH=oauth', () => {
  const { tf } = synthStack({ QC_MCP_AUTH: 'oauth' });
  const apiId = referenceTo(tf, 'aws_api_gateway_rest_api', 'id');
  const stageUrl = `https://${apiId}.execute-api.us-east-1.amazonaws.com/prod`;
  const poolId = referenceTo(tf, 'aws_cognito_user_pool', 'id');

  test('has no API key, no usage plan and no /mcp: nothing a client could use them with', () => {
    const counts = resourceCounts(tf);
    expect(counts).not.toHaveProperty('aws_api_gateway_api_key');
    expect(counts).not.toHaveProperty('aws_api_gateway_usage_plan');
    expect(counts).not.toHaveProperty('aws_api_gateway_usage_plan_key');
    expect(postOn(tf, '/mcp')).toBeUndefined();
    expect(tf.output).not.toHaveProperty('api_key_value');
  });

  test('guards POST /oauth/mcp with the Cognito authorizer, admitting any tier scope', () => {
    expect(postOn(tf, '/oauth/mcp')).toMatchObject({
      authorization: 'COGNITO_USER_POOLS',
      authorizer_id: referenceTo(tf, 'aws_api_gateway_authorizer', 'id'),
      authorization_scopes: TIER_SCOPES,
      api_key_required: false,
    });
    expect(onlyResource(tf, 'aws_api_gateway_authorizer')).toMatchObject({
      type: 'COGNITO_USER_POOLS',
      provider_arns: [referenceTo(tf, 'aws_cognito_user_pool', 'arn')],
      identity_source: 'method.request.header.Authorization',
    });
  });

  test('answers GET /.well-known/oauth-protected-resource/oauth/mcp from the gateway with the runtime’s document', () => {
    const metadata = methodsOf(tf).filter((method) => method.path.startsWith('/.well-known/oauth-protected-resource'));
    expect(metadata).toEqual(
      ['GET', 'OPTIONS'].map((httpMethod) => ({
        path: '/.well-known/oauth-protected-resource/oauth/mcp',
        httpMethod,
        authorization: 'NONE',
        apiKeyRequired: false,
      })),
    );
    // The deployment names itself as the authorization server: its metadata lists registration.
    expect(mockDocument(tf, metadata[0].path)).toEqual(protectedResourceMetadata(`${stageUrl}/oauth/mcp`, stageUrl));
  });

  /** The MOCK answer's headers for a preflight of the metadata, as npm start sends them. */
  const PREFLIGHT_RESPONSE_PARAMETERS = Object.fromEntries(
    Object.entries(METADATA_PREFLIGHT_HEADERS).map(([name, value]) => [`method.response.header.${name}`, `'${value}'`]),
  );

  test('answers a browser’s preflight of the protected-resource metadata (204 with the headers npm start sends)', () => {
    const answer = mockAnswer(tf, '/.well-known/oauth-protected-resource/oauth/mcp', 'OPTIONS');
    expect(resolved(tf, answer?.status_code)).toBe('204');
    expect(answer?.response_parameters).toEqual(PREFLIGHT_RESPONSE_PARAMETERS);
    expect(METADATA_PREFLIGHT_HEADERS['Access-Control-Allow-Headers']).toContain('mcp-protocol-version');
  });

  test.each(['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'])(
    'answers a browser’s preflight of the authorization-server metadata at %s as of the resource metadata',
    (path) => {
      const answer = mockAnswer(tf, path, 'OPTIONS');
      expect(resolved(tf, answer?.status_code)).toBe('204');
      expect(answer?.response_parameters).toEqual(PREFLIGHT_RESPONSE_PARAMETERS);
    },
  );

  const loginUrl = `https://${referenceTo(tf, 'aws_cognito_user_pool_domain', 'domain')}.auth.us-east-1.amazoncognito.com`;

  test('answers the authorization-server metadata at both well-known paths: our proxy, Cognito’s keys, no registration', () => {
    const expected = authorizationServerMetadata({
      issuer: stageUrl,
      jwksUri: `https://cognito-idp.us-east-1.amazonaws.com/${poolId}/.well-known/jwks.json`,
      revocationEndpoint: `${loginUrl}/oauth2/revoke`,
      registration: false,
    });
    expect(expected).toMatchObject({
      authorization_endpoint: `${stageUrl}/oauth/authorize`,
      token_endpoint: `${stageUrl}/oauth/token`,
      client_id_metadata_document_supported: true,
      code_challenge_methods_supported: ['S256'],
    });
    expect(expected).not.toHaveProperty('registration_endpoint');
    // An issuer with a path (the stage) is read at <issuer>/.well-known/openid-configuration.
    expect(mockDocument(tf, '/.well-known/openid-configuration')).toEqual(expected);
    expect(mockDocument(tf, '/.well-known/oauth-authorization-server')).toEqual(expected);
  });

  test('sends the authorization proxy’s routes to the function without authorizer or key', () => {
    const proxied = methodsOf(tf).filter((method) => /^\/oauth\/(authorize|token|callback)/.test(method.path));
    expect(proxied).toEqual(
      expect.arrayContaining([
        { path: '/oauth/authorize', httpMethod: 'GET', authorization: 'NONE', apiKeyRequired: false },
        { path: '/oauth/callback/{client}', httpMethod: 'GET', authorization: 'NONE', apiKeyRequired: false },
        { path: '/oauth/token', httpMethod: 'POST', authorization: 'NONE', apiKeyRequired: false },
        { path: '/oauth/token', httpMethod: 'OPTIONS', authorization: 'NONE', apiKeyRequired: false },
      ]),
    );
    const lambdaPaths = resources<Block>(tf, 'aws_api_gateway_integration')
      .filter((integration) => integration.type === 'AWS_PROXY')
      .map((integration) => pathOf(tf, String(integration.resource_id)));
    expect(lambdaPaths.sort()).toEqual(['/oauth/authorize', '/oauth/callback/{client}', '/oauth/mcp', '/oauth/token']);
  });

  test('has no registration route unless asked, and lets the function list and create clients in the pool only', () => {
    expect(postOn(tf, '/oauth/register')).toBeUndefined();
    expect(functionPolicy(tf).Statement).toContainEqual({
      Sid: 'RegisterOAuthClients',
      Effect: 'Allow',
      Action: ['cognito-idp:CreateUserPoolClient', 'cognito-idp:ListUserPoolClients'],
      Resource: referenceTo(tf, 'aws_cognito_user_pool', 'arn'),
    });
  });

  test('alarms when the function refuses to create a client (cap reached, Cognito refusing)', () => {
    const alarm = resources<Block>(tf, 'aws_cloudwatch_metric_alarm').find(
      (candidate) => candidate.metric_name === 'OAuthClientRefusals',
    );
    expect(alarm).toMatchObject({
      alarm_name: 'QC-MCP-OAuth-Client-Refusals',
      namespace: 'QuantConnectMCP',
      dimensions: { Environment: 'prod' },
      statistic: 'Sum',
      threshold: 0,
      comparison_operator: 'GreaterThanThreshold',
    });
  });

  test('answers the authorizer’s 401 with WWW-Authenticate naming the metadata', () => {
    const unauthorized = resources<Block>(tf, 'aws_api_gateway_gateway_response').find(
      (response) => response.response_type === 'UNAUTHORIZED',
    );
    expect(unauthorized).toMatchObject({
      status_code: '401',
      response_parameters: {
        'gatewayresponse.header.WWW-Authenticate': `'Bearer resource_metadata="${stageUrl}/.well-known/oauth-protected-resource/oauth/mcp"'`,
      },
    });
  });

  test('lets API Gateway invoke the function for POST /oauth/mcp and the proxy’s routes only', () => {
    const executionArn = referenceTo(tf, 'aws_api_gateway_rest_api', 'execution_arn');
    expect(
      resources<Block>(tf, 'aws_lambda_permission')
        .map((permission) => permission.source_arn)
        .sort(),
    ).toEqual(
      [
        `${executionArn}/*/POST/oauth/mcp`,
        `${executionArn}/*/GET/oauth/authorize`,
        `${executionArn}/*/GET/oauth/callback/*`,
        `${executionArn}/*/POST/oauth/token`,
      ].sort(),
    );
  });

  test('has a prod user pool for invited users only, with authenticator-app MFA required, protected from destroy', () => {
    expect(onlyResource(tf, 'aws_cognito_user_pool')).toMatchObject({
      name: 'qc-mcp-users',
      admin_create_user_config: { allow_admin_create_user_only: true },
      mfa_configuration: 'ON',
      software_token_mfa_configuration: { enabled: true },
      username_attributes: ['email'],
      deletion_protection: 'ACTIVE',
      user_pool_tier: 'ESSENTIALS',
    });
    expect(onlyResource(tf, 'aws_cognito_user_pool')).not.toHaveProperty('user_pool_add_ons');
  });

  test('gives every client 15-minute access tokens, and public clients rotating refresh tokens', () => {
    const clients = resources<Block>(tf, 'aws_cognito_user_pool_client');
    for (const client of clients) {
      expect(client).toMatchObject({ access_token_validity: 15, token_validity_units: [{ access_token: 'minutes' }] });
      if (client.generate_secret === false) {
        expect(client.refresh_token_rotation).toEqual([{ feature: 'ENABLED', retry_grace_period_seconds: 10 }]);
        expect(client.explicit_auth_flows).not.toContain('ALLOW_REFRESH_TOKEN_AUTH');
      } else {
        expect(client).not.toHaveProperty('refresh_token_rotation');
      }
    }
    expect(clients.filter((client) => client.generate_secret === false)).toHaveLength(3);
  });

  test('has a managed-login domain, a resource server with one scope per tier, and one group per tier', () => {
    expect(onlyResource(tf, 'aws_cognito_user_pool_domain')).toMatchObject({ user_pool_id: poolId });
    const server = onlyResource<{ identifier: string; scope: { scope_name: string }[] }>(
      tf,
      'aws_cognito_resource_server',
    );
    expect(server.scope.map((scope) => `${server.identifier}/${scope.scope_name}`)).toEqual(TIER_SCOPES);
    expect(resources<Block>(tf, 'aws_cognito_user_group').map((group) => group.name)).toEqual(
      expect.arrayContaining(['read-only', 'standard', 'live-trading']),
    );
  });

  test('registers each MCP client with exact redirect URIs: confidential for web apps, public (PKCE) on the machine', () => {
    const clients = Object.fromEntries(
      resources<Block>(tf, 'aws_cognito_user_pool_client').map((client) => [
        String(client.name),
        { secret: client.generate_secret, callbacks: client.callback_urls, flows: client.allowed_oauth_flows },
      ]),
    );
    expect(clients).toEqual({
      'qc-mcp-claude': {
        secret: true,
        callbacks: ['https://claude.ai/api/mcp/auth_callback', 'https://claude.com/api/mcp/auth_callback'],
        flows: ['code'],
      },
      'qc-mcp-chatgpt': {
        secret: true,
        callbacks: ['https://chatgpt.com/connector_platform_oauth_redirect'],
        flows: ['code'],
      },
      'qc-mcp-claude-code': { secret: false, callbacks: ['http://localhost:3118/callback'], flows: ['code'] },
      'qc-mcp-cursor': {
        secret: false,
        callbacks: ['cursor://anysphere.cursor-mcp/oauth/callback', 'http://localhost:8787/callback'],
        flows: ['code'],
      },
      'qc-mcp-inspector': {
        secret: false,
        callbacks: ['http://localhost:6274/oauth/callback', 'http://localhost:6274/oauth/callback/debug'],
        flows: ['code'],
      },
    });
  });

  test('tells the function the mode, the pool, its login and the client cap, and accepts every client of that pool', () => {
    const variables = functionVariables(tf);
    expect(variables.QC_MCP_AUTH).toBe('oauth');
    expect(variables.QC_MCP_OAUTH_USER_POOL_ID).toBe(poolId);
    expect(variables.QC_MCP_OAUTH_LOGIN_URL).toBe(loginUrl);
    expect(variables.QC_MCP_OAUTH_MAX_CLIENTS).toBe('200');
    expect(variables).not.toHaveProperty('QC_MCP_OAUTH_REGISTRATION');
    expect(variables).not.toHaveProperty('QC_MCP_OAUTH_CLIENT_IDS');
    expect(variables).not.toHaveProperty('QC_MCP_OAUTH_REGISTRATION_HOSTS');
  });

  test('outputs what an operator needs: URLs, pool, issuer, login domain, client ids, secrets as sensitive', () => {
    expect(tf.output.oauth_mcp_url.value).toBe(`${stageUrl}/oauth/mcp`);
    expect(tf.output.user_pool_id.value).toBe(poolId);
    expect(Object.keys(tf.output.oauth_client_ids.value as object).sort()).toEqual(
      ['chatgpt', 'claude', 'claude-code', 'cursor', 'inspector'].sort(),
    );
    expect(tf.output.oauth_client_secrets.sensitive).toBe(true);
    expect(tf.output).toHaveProperty('oauth_login_url');
    expect(tf.output).toHaveProperty('oauth_resource_metadata_url');
  });
});

describe('QC_MCP_AUTH=both', () => {
  const { tf } = synthStack({
    QC_MCP_AUTH: 'both',
    QC_MCP_OAUTH_MFA: 'required',
    QC_MCP_OAUTH_SELF_SIGN_UP: 'true',
    QC_MCP_OAUTH_CALLBACK_URLS: 'http://localhost:7777/oauth/callback',
    QC_MCP_OAUTH_CHATGPT_CALLBACK_URLS: 'https://chatgpt.com/connector/oauth/abc123',
    QC_MCP_OAUTH_REGISTRATION_HOSTS: 'claude.ai, localhost',
    QC_MCP_OAUTH_REGISTRATION: 'true',
    QC_MCP_OAUTH_MAX_CLIENTS: '50',
    QC_MCP_OAUTH_THREAT_PROTECTION: 'enforced',
    QC_MCP_DOMAIN_NAME: 'mcp.example.com',
    QC_MCP_CERTIFICATE_ARN: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d',
  });

  test('keeps the API key on /mcp and takes OAuth on /oauth/mcp: never both on one path', () => {
    expect(postOn(tf, '/mcp')).toMatchObject({ authorization: 'NONE', api_key_required: true });
    expect(postOn(tf, '/oauth/mcp')).toMatchObject({ authorization: 'COGNITO_USER_POOLS', api_key_required: false });
    expect(onlyResource(tf, 'aws_api_gateway_usage_plan')).toBeDefined();
  });

  test('names the custom domain in the metadata and the 401, since that is the URL clients call', () => {
    expect(tf.output.oauth_mcp_url.value).toBe('https://mcp.example.com/oauth/mcp');
    expect(JSON.stringify(tf.resource.aws_api_gateway_gateway_response)).toContain(
      'resource_metadata=\\"https://mcp.example.com/.well-known/oauth-protected-resource/oauth/mcp\\"',
    );
  });

  test('names the custom domain as the authorization server, whose metadata lists its registration endpoint', () => {
    expect(mockDocument(tf, '/.well-known/oauth-protected-resource/oauth/mcp')).toMatchObject({
      authorization_servers: ['https://mcp.example.com'],
    });
    expect(mockDocument(tf, '/.well-known/oauth-authorization-server')).toMatchObject({
      issuer: 'https://mcp.example.com',
      registration_endpoint: 'https://mcp.example.com/oauth/register',
    });
  });

  test('with registration on: POST /oauth/register to the function, throttled deployment-wide to 1 a second', () => {
    expect(postOn(tf, '/oauth/register')).toMatchObject({ authorization: 'NONE', api_key_required: false });
    const settings = resources<Block>(tf, 'aws_api_gateway_method_settings').find(
      (candidate) => candidate.method_path === 'oauth/register/POST',
    );
    expect(settings).toMatchObject({
      settings: { throttling_rate_limit: 1, throttling_burst_limit: 5, metrics_enabled: true, logging_level: 'OFF' },
    });
    expect(functionVariables(tf)).toMatchObject({ QC_MCP_OAUTH_REGISTRATION: 'true', QC_MCP_OAUTH_MAX_CLIENTS: '50' });
  });

  test('with threat protection asked for: the Plus tier and advanced security enforced', () => {
    expect(onlyResource(tf, 'aws_cognito_user_pool')).toMatchObject({
      user_pool_tier: 'PLUS',
      user_pool_add_ons: { advanced_security_mode: 'ENFORCED' },
    });
    expect(() =>
      loadStackConfig({ QC_MCP_STATE_BACKEND: 'local', QC_MCP_AUTH: 'oauth', QC_MCP_OAUTH_THREAT_PROTECTION: 'on' }),
    ).toThrow('QC_MCP_OAUTH_THREAT_PROTECTION must be one of off, audit, enforced');
    expect(() =>
      loadStackConfig({ QC_MCP_STATE_BACKEND: 'local', QC_MCP_AUTH: 'oauth', QC_MCP_OAUTH_MAX_CLIENTS: '0' }),
    ).toThrow('QC_MCP_OAUTH_MAX_CLIENTS');
  });

  test('passes the registration allow-list to the function, and refuses a host with a scheme', () => {
    expect(functionVariables(tf).QC_MCP_OAUTH_REGISTRATION_HOSTS).toBe('claude.ai,localhost');
    expect(() =>
      loadStackConfig({
        QC_MCP_STATE_BACKEND: 'local',
        QC_MCP_AUTH: 'oauth',
        QC_MCP_OAUTH_REGISTRATION_HOSTS: 'https://claude.ai',
      }),
    ).toThrow('QC_MCP_OAUTH_REGISTRATION_HOSTS');
  });

  test('applies the OAuth settings: required MFA, self sign-up, extra redirect URIs', () => {
    expect(onlyResource(tf, 'aws_cognito_user_pool')).toMatchObject({
      mfa_configuration: 'ON',
      admin_create_user_config: { allow_admin_create_user_only: false },
    });
    const callbacks = resources<Block>(tf, 'aws_cognito_user_pool_client').map((client) => client.callback_urls);
    expect(callbacks).toContainEqual(['http://localhost:7777/oauth/callback']);
    expect(callbacks).toContainEqual([
      'https://chatgpt.com/connector_platform_oauth_redirect',
      'https://chatgpt.com/connector/oauth/abc123',
    ]);
  });
});

describe('QC_MCP_AUTH in dev', () => {
  const { tf } = synthStack({ QC_MCP_AUTH: 'oauth', QC_MCP_ENVIRONMENT: 'dev' });

  test('keeps MFA optional unless asked (QC_MCP_OAUTH_MFA), and names its alarm for dev', () => {
    expect(onlyResource(tf, 'aws_cognito_user_pool')).toMatchObject({ mfa_configuration: 'OPTIONAL' });
    expect(
      resources<Block>(tf, 'aws_cloudwatch_metric_alarm').find((alarm) => alarm.metric_name === 'OAuthClientRefusals'),
    ).toMatchObject({ alarm_name: 'QC-MCP-OAuth-Client-Refusals-dev', dimensions: { Environment: 'dev' } });
  });

  test('suffixes the pool and client names and lets the pool be destroyed', () => {
    expect(onlyResource(tf, 'aws_cognito_user_pool')).toMatchObject({
      name: 'qc-mcp-users-dev',
      deletion_protection: 'INACTIVE',
    });
    expect(resources<Block>(tf, 'aws_cognito_user_pool_client').map((client) => client.name)).toContain(
      'qc-mcp-dev-claude',
    );
  });
});
