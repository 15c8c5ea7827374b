/**
 * The authentication of the MCP endpoint (QC_MCP_AUTH), in one construct: API keys on /mcp,
 * OAuth 2.1 through Amazon Cognito on /oauth/mcp, or both. For OAuth it owns the user pool and app
 * clients, and, once the API exists (`attach`), the gateway's side: the Cognito authorizer, the
 * protected-resource metadata route (RFC 9728, answered by the gateway) and the 401 that names it,
 * the authorization-server metadata (RFC 8414), the authorization proxy's routes (Client ID
 * Metadata Documents) and, when asked, POST /oauth/register (client registration).
 * The runtime half is lambda/auth; names both sides agree on come from there.
 */
import { Construct } from 'constructs';
import type { TerraformResource } from 'cdktf';
import { ApiGatewayAuthorizer } from '@cdktf/provider-aws/lib/api-gateway-authorizer';
import { ApiGatewayGatewayResponse } from '@cdktf/provider-aws/lib/api-gateway-gateway-response';
import { ApiGatewayResource } from '@cdktf/provider-aws/lib/api-gateway-resource';
import { credentialsOf, OAUTH_MCP_PATH, type AuthMode, type Credential } from '../lambda/auth/modes';
import {
  bearerChallenge,
  METADATA_CORS_HEADERS,
  METADATA_PREFLIGHT_HEADERS,
  metadataPath,
  metadataUrlOf,
  protectedResourceMetadata,
} from '../lambda/auth/resource-metadata';
import { TIER_SCOPES } from '../lambda/auth/tiers';
import { authorizationServerMetadata } from '../lambda/auth/authorization-server-metadata';
import { appClientDefinitions, McpAppClients } from './auth/app-clients';
import {
  authorizationProxyRoutes,
  authorizationServerMetadataRoutes,
  registrationRoute,
  type MethodThrottle,
  type RegistrationHandlerRef,
} from './auth/client-registration-routes';
import { McpUserPool } from './auth/user-pool';
import type { OAuthConfig } from './config';
import { DEFAULT_MAX_CLIENTS } from '../lambda/auth/app-client-directory';
import { mockMethod } from './mock-method';

export interface McpAuthProps {
  /** QC_MCP_AUTH. @default 'api-key' */
  readonly mode?: AuthMode;
  /** The Cognito settings, when `mode` includes OAuth. @default optional MFA, invited users only, the built-in app clients */
  readonly oauth?: OAuthConfig;
  /** The stack's region (issuer, managed-login and execute-api URLs). */
  readonly region: string;
  /** The custom domain's origin (https://mcp.example.com): the resource clients call. @default the stage URL */
  readonly publicOrigin?: string;
  /** @default 'qc-mcp-users' */
  readonly userPoolName?: string;
  /** Prefix of the app client names. @default 'qc-mcp-' */
  readonly clientNamePrefix?: string;
  /** Refuse `terraform destroy` of the user pool. @default true */
  readonly deletionProtection?: boolean;
}

/** How API Gateway guards a POST to an MCP path. */
export interface MethodAuthorization {
  readonly authorization: string;
  readonly authorizerId?: string;
  readonly authorizationScopes?: string[];
  readonly apiKeyRequired: boolean;
}

export const API_KEY_AUTHORIZATION: MethodAuthorization = { authorization: 'NONE', apiKeyRequired: true };

/**
 * POST /oauth/register, deployment-wide: one a second, bursts of five. The function's cap bounds
 * how many clients there can be; this bounds how fast anyone can try.
 */
export const REGISTRATION_THROTTLE: MethodThrottle = {
  methodPath: 'oauth/register/POST',
  rateLimit: 1,
  burstLimit: 5,
};

/** What `attach` needs of the API: created before its deployment, which hashes what it returns. */
export interface GatewayHandle {
  readonly restApiId: string;
  readonly rootResourceId: string;
  readonly stageName: string;
  readonly executionArn: string;
  /** The function POST /oauth/register goes to. */
  readonly handler: RegistrationHandlerRef;
  /** The gateway's error answers as the API shapes them (CORS headers, JSON-RPC body). */
  readonly errorResponse: { readonly responseParameters: Record<string, string>; readonly template: string };
}

export interface GatewayAuth {
  /** Everything that shapes the API, for its redeployment trigger. */
  readonly resources: TerraformResource[];
  postAuthorization(credential: Credential): MethodAuthorization;
  /**
   * The function's OAuth routes under the API's /oauth segment (created with /oauth/mcp): the
   * authorization proxy's, and POST /oauth/register when registration is on.
   */
  registrationRoute(oauthResourceId: string): TerraformResource[];
  /** Stage throttles of single methods (the registration route's), set with the stage. */
  readonly methodThrottles: readonly MethodThrottle[];
}

export class McpAuth extends Construct {
  readonly mode: AuthMode;
  /** The credentials served, each on its own path (lambda/auth/modes.ts). */
  readonly credentials: readonly Credential[];
  /** The user pool, when OAuth is on. */
  readonly userPool?: McpUserPool;
  readonly appClients?: McpAppClients;
  /** What the function must know: QC_MCP_AUTH and the pool clients register in. Empty for API keys only. */
  readonly functionEnvironment: Readonly<Record<string, string>>;
  /** What the function's role may do for OAuth: list and create app clients in the pool. */
  readonly functionPolicyStatements: readonly object[];
  /** The OAuth MCP URL and its metadata URL, once attached. */
  oauthMcpUrl?: string;
  resourceMetadataUrl?: string;
  private readonly region: string;
  private readonly publicOrigin?: string;
  private readonly registration: boolean = false;

  constructor(scope: Construct, id: string, props: McpAuthProps) {
    super(scope, id);
    this.mode = props.mode ?? 'api-key';
    this.credentials = credentialsOf(this.mode);
    this.region = props.region;
    this.publicOrigin = props.publicOrigin;
    if (!this.credentials.includes('oauth')) {
      this.functionEnvironment = {};
      this.functionPolicyStatements = [];
      return;
    }
    const oauth: OAuthConfig = props.oauth ?? {
      mfa: 'optional',
      threatProtection: 'off',
      registration: false,
      maxClients: DEFAULT_MAX_CLIENTS,
      selfSignUp: false,
      extraCallbackUrls: [],
      chatGptCallbackUrls: [],
      registrationHosts: [],
    };
    this.userPool = new McpUserPool(this, 'UserPool', {
      name: props.userPoolName,
      region: props.region,
      mfa: oauth.mfa,
      threatProtection: oauth.threatProtection,
      selfSignUp: oauth.selfSignUp,
      domainPrefix: oauth.domainPrefix,
      deletionProtection: props.deletionProtection,
    });
    this.appClients = new McpAppClients(this, 'AppClients', {
      userPool: this.userPool,
      clients: appClientDefinitions(oauth),
      namePrefix: props.clientNamePrefix,
    });
    this.functionEnvironment = {
      QC_MCP_AUTH: this.mode,
      // No QC_MCP_OAUTH_CLIENT_IDS: the pool is this deployment's alone, so every client of it
      // (registered ones too) is a client of this resource; the authorizer admits only its tokens.
      QC_MCP_OAUTH_USER_POOL_ID: this.userPool.userPoolId,
      QC_MCP_OAUTH_LOGIN_URL: this.userPool.domainUrl,
      QC_MCP_OAUTH_MAX_CLIENTS: String(oauth.maxClients),
      ...(oauth.registration ? { QC_MCP_OAUTH_REGISTRATION: 'true' } : {}),
      ...(oauth.registrationHosts.length > 0
        ? { QC_MCP_OAUTH_REGISTRATION_HOSTS: oauth.registrationHosts.join(',') }
        : {}),
    };
    this.functionPolicyStatements = [
      {
        // Find a client's app client by name (idempotence, the cap), or create it.
        Sid: 'RegisterOAuthClients',
        Effect: 'Allow',
        Action: ['cognito-idp:CreateUserPoolClient', 'cognito-idp:ListUserPoolClients'],
        Resource: this.userPool.userPoolArn,
      },
    ];
    this.registration = oauth.registration;
  }

  /** The gateway's side of the authentication, added to the API before its deployment. */
  attach(gateway: GatewayHandle): GatewayAuth {
    const pool = this.userPool;
    if (pool === undefined) {
      return {
        resources: [],
        postAuthorization: () => API_KEY_AUTHORIZATION,
        registrationRoute: () => [],
        methodThrottles: [],
      };
    }
    const { restApiId } = gateway;
    const origin =
      this.publicOrigin ?? `https://${restApiId}.execute-api.${this.region}.amazonaws.com/${gateway.stageName}`;
    this.oauthMcpUrl = `${origin}${OAUTH_MCP_PATH}`;
    this.resourceMetadataUrl = metadataUrlOf(this.oauthMcpUrl);

    const authorizer = new ApiGatewayAuthorizer(this, 'Authorizer', {
      name: 'qc-mcp-cognito',
      restApiId,
      type: 'COGNITO_USER_POOLS',
      providerArns: [pool.userPoolArn],
      identitySource: 'method.request.header.Authorization',
    });

    // GET /.well-known/oauth-protected-resource/oauth/mcp, one resource per path segment.
    const resources: TerraformResource[] = [authorizer];
    const segmentIds: string[] = [];
    let parentId = gateway.rootResourceId;
    for (const [index, pathPart] of metadataPath().split('/').filter(Boolean).entries()) {
      const segment = new ApiGatewayResource(this, `MetadataPath${index}`, { restApiId, parentId, pathPart });
      resources.push(segment);
      segmentIds.push(segment.id);
      parentId = segment.id;
    }
    resources.push(
      ...mockMethod(
        this,
        'Metadata',
        { restApiId, resourceId: parentId },
        {
          httpMethod: 'GET',
          statusCode: '200',
          headers: { 'Content-Type': 'application/json', ...METADATA_CORS_HEADERS },
          // The deployment is the authorization server clients see: its metadata adds registration.
          template: JSON.stringify(protectedResourceMetadata(this.oauthMcpUrl, origin)),
        },
      ),
      // A browser client's preflight of the document (the local server answers the same).
      ...mockMethod(
        this,
        'MetadataOptions',
        { restApiId, resourceId: parentId },
        { httpMethod: 'OPTIONS', statusCode: '204', headers: { ...METADATA_PREFLIGHT_HEADERS }, template: '' },
      ),
      // Under /.well-known (the first segment above).
      ...authorizationServerMetadataRoutes(
        this,
        { restApiId, wellKnownResourceId: segmentIds[0] },
        authorizationServerMetadata({
          issuer: origin,
          jwksUri: `${pool.issuer}/.well-known/jwks.json`,
          revocationEndpoint: `${pool.domainUrl}/oauth2/revoke`,
          registration: this.registration,
        }),
      ),
    );

    // The authorizer's 401 (no token, expired, forged, wrong pool, no tier scope) names the metadata.
    resources.push(
      new ApiGatewayGatewayResponse(this, 'UnauthorizedResponse', {
        restApiId,
        responseType: 'UNAUTHORIZED',
        statusCode: '401',
        responseParameters: {
          ...gateway.errorResponse.responseParameters,
          'gatewayresponse.header.WWW-Authenticate': `'${bearerChallenge(this.resourceMetadataUrl)}'`,
          'gatewayresponse.header.Access-Control-Expose-Headers': "'WWW-Authenticate'",
        },
        responseTemplates: { 'application/json': gateway.errorResponse.template },
      }),
    );

    const oauthAuthorization: MethodAuthorization = {
      authorization: 'COGNITO_USER_POOLS',
      authorizerId: authorizer.id,
      // Any one tier scope admits the request; the function then takes the tier from it.
      authorizationScopes: [...TIER_SCOPES],
      apiKeyRequired: false,
    };
    return {
      resources,
      postAuthorization: (credential) => (credential === 'oauth' ? oauthAuthorization : API_KEY_AUTHORIZATION),
      registrationRoute: (oauthResourceId) => {
        const on = { restApiId, executionArn: gateway.executionArn, oauthResourceId };
        return [
          ...authorizationProxyRoutes(this, on, gateway.handler),
          ...(this.registration ? registrationRoute(this, on, gateway.handler) : []),
        ];
      },
      methodThrottles: this.registration ? [REGISTRATION_THROTTLE] : [],
    };
  }
}
