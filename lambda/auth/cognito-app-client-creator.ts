/**
 * Creates a registered client's Cognito app client (CreateUserPoolClient). The AWS SDK is loaded
 * on the first registration only, not at every cold start: most requests are MCP calls.
 */
import { APP_CLIENT_SCOPES, APP_CLIENT_TOKEN_VALIDITY } from './app-client-settings';
import type { AppClientCreator } from './client-registration';

type CognitoSdk = typeof import('@aws-sdk/client-cognito-identity-provider');

export function cognitoAppClientCreator(userPoolId: string): AppClientCreator {
  let sdk:
    Promise<{ module: CognitoSdk; client: InstanceType<CognitoSdk['CognitoIdentityProviderClient']> }> | undefined;
  return async ({ clientName, redirectUris }) => {
    sdk ??= import('@aws-sdk/client-cognito-identity-provider').then((module) => ({
      module,
      client: new module.CognitoIdentityProviderClient({}),
    }));
    const { module, client } = await sdk;
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
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
        AccessTokenValidity: APP_CLIENT_TOKEN_VALIDITY.accessTokenMinutes,
        IdTokenValidity: APP_CLIENT_TOKEN_VALIDITY.idTokenMinutes,
        RefreshTokenValidity: APP_CLIENT_TOKEN_VALIDITY.refreshTokenDays,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      }),
    );
    const clientId = output.UserPoolClient?.ClientId;
    if (clientId === undefined) throw new Error('Cognito answered without a client id');
    return clientId;
  };
}
