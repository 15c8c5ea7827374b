/**
 * The Cognito app clients this function creates for clients that register (RFC 7591) or publish a
 * Client ID Metadata Document: found by name first, so that the same client always maps to the
 * same app client (idempotent across containers, with no table of our own), created only while
 * fewer than the cap exist (the pool's quota of app clients is shared with the stack's). The AWS
 * SDK is loaded on first use only, not at every cold start: most requests are MCP calls.
 */
import {
  APP_CLIENT_AUTH_FLOWS,
  APP_CLIENT_REFRESH_ROTATION,
  APP_CLIENT_SCOPES,
  APP_CLIENT_TOKEN_VALIDITY,
} from './app-client-settings';
import { ClientCapReached, MANAGED_CLIENT_PREFIXES, type AppClientDirectory } from './app-client-directory';

type CognitoSdk = typeof import('@aws-sdk/client-cognito-identity-provider');
type ExplicitAuthFlowsType = import('@aws-sdk/client-cognito-identity-provider').ExplicitAuthFlowsType;

const PAGE_SIZE = 60;

export function cognitoAppClients(userPoolId: string, options: { readonly maxClients: number }): AppClientDirectory {
  let sdk:
    Promise<{ module: CognitoSdk; client: InstanceType<CognitoSdk['CognitoIdentityProviderClient']> }> | undefined;
  const known = new Map<string, string>();
  const load = () =>
    (sdk ??= import('@aws-sdk/client-cognito-identity-provider').then((module) => ({
      module,
      client: new module.CognitoIdentityProviderClient({}),
    })));

  /** The pool's clients, name → id, and how many of them this function made (bounded pages). */
  async function listClients(): Promise<{ byName: Map<string, string>; managed: number }> {
    const { module, client } = await load();
    const byName = new Map<string, string>();
    let managed = 0;
    let nextToken: string | undefined;
    // The stack's own clients and the cap, plus one page: enough to see every managed client.
    const maxPages = Math.ceil(options.maxClients / PAGE_SIZE) + 2;
    for (let page = 0; page < maxPages; page += 1) {
      const output = await client.send(
        new module.ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: PAGE_SIZE, NextToken: nextToken }),
      );
      for (const { ClientName: name, ClientId: id } of output.UserPoolClients ?? []) {
        if (name === undefined || id === undefined) continue;
        if (!byName.has(name)) byName.set(name, id);
        if (MANAGED_CLIENT_PREFIXES.some((prefix) => name.startsWith(prefix))) managed += 1;
      }
      nextToken = output.NextToken;
      if (nextToken === undefined) break;
    }
    return { byName, managed };
  }

  return {
    async ensure({ clientName, redirectUris }) {
      const cached = known.get(clientName);
      if (cached !== undefined) return { clientId: cached, created: false };
      const { byName, managed } = await listClients();
      const existing = byName.get(clientName);
      if (existing !== undefined) {
        known.set(clientName, existing);
        return { clientId: existing, created: false };
      }
      if (managed >= options.maxClients) throw new ClientCapReached(options.maxClients);
      const { module, client } = await load();
      const output = await client.send(
        new module.CreateUserPoolClientCommand({
          UserPoolId: userPoolId,
          ClientName: clientName,
          GenerateSecret: false,
          CallbackURLs: [...redirectUris],
          AllowedOAuthFlows: ['code'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthScopes: [...APP_CLIENT_SCOPES],
          SupportedIdentityProviders: ['COGNITO'],
          ExplicitAuthFlows: [...APP_CLIENT_AUTH_FLOWS] as ExplicitAuthFlowsType[],
          PreventUserExistenceErrors: 'ENABLED',
          EnableTokenRevocation: true,
          RefreshTokenRotation: {
            Feature: 'ENABLED',
            RetryGracePeriodSeconds: APP_CLIENT_REFRESH_ROTATION.retryGracePeriodSeconds,
          },
          AccessTokenValidity: APP_CLIENT_TOKEN_VALIDITY.accessTokenMinutes,
          IdTokenValidity: APP_CLIENT_TOKEN_VALIDITY.idTokenMinutes,
          RefreshTokenValidity: APP_CLIENT_TOKEN_VALIDITY.refreshTokenDays,
          TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
        }),
      );
      const clientId = output.UserPoolClient?.ClientId;
      if (clientId === undefined) throw new Error('Cognito answered without a client id');
      known.set(clientName, clientId);
      return { clientId, created: true };
    },
  };
}
