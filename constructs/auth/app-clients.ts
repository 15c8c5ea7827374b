/**
 * The Cognito app clients of the MCP clients people use, each with the exact redirect URIs its
 * documentation gives (Cognito matches them exactly). Web apps that keep a secret server-side get
 * a confidential client; apps on the user's machine a public one, where PKCE protects the code.
 * One client per app, so that the log line's client id says which app acted.
 */
import { Construct } from 'constructs';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client';
import {
  APP_CLIENT_AUTH_FLOWS,
  APP_CLIENT_REFRESH_ROTATION,
  APP_CLIENT_SCOPES,
  APP_CLIENT_TOKEN_VALIDITY,
} from '../../lambda/auth/app-client-settings';
import type { OAuthConfig } from '../config';
import type { McpUserPool } from './user-pool';

export interface AppClientDefinition {
  /** Part of the construct id and of the Terraform output name: stable. */
  readonly id: string;
  /** Who uses it, for the operator. */
  readonly app: string;
  readonly confidential: boolean;
  readonly callbackUrls: readonly string[];
}

/** Claude Code's default OAuth callback port (`--callback-port` changes it; keep them equal). */
export const CLAUDE_CODE_CALLBACK_PORT = 3118;

export function appClientDefinitions(
  oauth: Pick<OAuthConfig, 'extraCallbackUrls' | 'chatGptCallbackUrls'>,
): AppClientDefinition[] {
  const definitions: AppClientDefinition[] = [
    {
      id: 'claude',
      app: 'claude.ai custom connectors (web, desktop, mobile)',
      confidential: true,
      callbackUrls: ['https://claude.ai/api/mcp/auth_callback', 'https://claude.com/api/mcp/auth_callback'],
    },
    {
      id: 'chatgpt',
      app: 'ChatGPT apps and connectors',
      confidential: true,
      callbackUrls: ['https://chatgpt.com/connector_platform_oauth_redirect', ...oauth.chatGptCallbackUrls],
    },
    {
      id: 'claude-code',
      app: 'Claude Code',
      confidential: false,
      callbackUrls: [`http://localhost:${CLAUDE_CODE_CALLBACK_PORT}/callback`],
    },
    {
      id: 'cursor',
      app: 'Cursor',
      confidential: false,
      callbackUrls: ['cursor://anysphere.cursor-mcp/oauth/callback', 'http://localhost:8787/callback'],
    },
    {
      id: 'inspector',
      app: 'MCP Inspector',
      confidential: false,
      callbackUrls: ['http://localhost:6274/oauth/callback', 'http://localhost:6274/oauth/callback/debug'],
    },
  ];
  if (oauth.extraCallbackUrls.length > 0) {
    definitions.push({ id: 'other', app: 'other clients', confidential: false, callbackUrls: oauth.extraCallbackUrls });
  }
  return definitions;
}

export interface McpAppClientsProps {
  readonly userPool: McpUserPool;
  readonly clients: readonly AppClientDefinition[];
  /** @default 'qc-mcp-' */
  readonly namePrefix?: string;
}

/**
 * @resource aws_cognito_user_pool_client
 */
export class McpAppClients extends Construct {
  /** Client id by definition id. */
  readonly clientIds: Readonly<Record<string, string>>;
  /** Client secret by definition id, confidential clients only (sensitive). */
  readonly clientSecrets: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: McpAppClientsProps) {
    super(scope, id);
    const clientIds: Record<string, string> = {};
    const clientSecrets: Record<string, string> = {};
    for (const definition of props.clients) {
      const client = new CognitoUserPoolClient(this, definition.id, {
        name: `${props.namePrefix ?? 'qc-mcp-'}${definition.id}`,
        userPoolId: props.userPool.userPoolId,
        generateSecret: definition.confidential,
        callbackUrls: [...definition.callbackUrls],
        allowedOauthFlows: ['code'],
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthScopes: [...APP_CLIENT_SCOPES],
        supportedIdentityProviders: ['COGNITO'],
        // Public clients rotate their refresh tokens (OAuth 2.1 §4.3.1); a confidential client's
        // refresh token is bound to its secret, and rotation there is the web app's own choice.
        explicitAuthFlows: definition.confidential ? ['ALLOW_REFRESH_TOKEN_AUTH'] : [...APP_CLIENT_AUTH_FLOWS],
        refreshTokenRotation: definition.confidential
          ? undefined
          : [{ feature: 'ENABLED', retryGracePeriodSeconds: APP_CLIENT_REFRESH_ROTATION.retryGracePeriodSeconds }],
        preventUserExistenceErrors: 'ENABLED',
        enableTokenRevocation: true,
        accessTokenValidity: APP_CLIENT_TOKEN_VALIDITY.accessTokenMinutes,
        idTokenValidity: APP_CLIENT_TOKEN_VALIDITY.idTokenMinutes,
        refreshTokenValidity: APP_CLIENT_TOKEN_VALIDITY.refreshTokenDays,
        tokenValidityUnits: [{ accessToken: 'minutes', idToken: 'minutes', refreshToken: 'days' }],
        dependsOn: [props.userPool.resourceServer],
      });
      clientIds[definition.id] = client.id;
      if (definition.confidential) clientSecrets[definition.id] = client.clientSecret;
    }
    this.clientIds = clientIds;
    this.clientSecrets = clientSecrets;
  }
}
