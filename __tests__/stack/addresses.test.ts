/**
 * The production stack's Terraform addresses, pinned. In CDKTF a construct id is part of the
 * address: renaming `Function` or `ApiKey` would destroy and recreate the Lambda, the API key
 * (every client's key changes) or the secrets. A change of address fails here unless the stack
 * also says where the resource went (a `moved` block: `resource.moveFromId('<old address>')`).
 * A new resource is added to the list below, with the change that creates it.
 */
import { synthStack } from './synth';

const PRODUCTION_ADDRESSES = [
  'aws_api_gateway_api_key.Api_ApiKey_4AC6F178',
  'aws_api_gateway_deployment.Api_Deployment_BA294793',
  'aws_api_gateway_gateway_response.Api_GatewayResponseDEFAULT_4XX_9AD68B01',
  'aws_api_gateway_gateway_response.Api_GatewayResponseDEFAULT_5XX_327420F0',
  'aws_api_gateway_integration.Api_GetIntegration_25E7479F',
  'aws_api_gateway_integration.Api_OptionsIntegration_FA21E187',
  'aws_api_gateway_integration.Api_PostIntegration_51E6F5B8',
  'aws_api_gateway_integration_response.Api_GetIntegrationResponse_E0650044',
  'aws_api_gateway_integration_response.Api_OptionsIntegrationResponse_2C198E2F',
  'aws_api_gateway_method.Api_GetMethod_6C993260',
  'aws_api_gateway_method.Api_OptionsMethod_B5899A64',
  'aws_api_gateway_method.Api_PostMethod_1ACD21AA',
  'aws_api_gateway_method_response.Api_GetMethodResponse_44FF976F',
  'aws_api_gateway_method_response.Api_OptionsMethodResponse_E0E81A6A',
  'aws_api_gateway_method_settings.Api_MethodSettings_98A11010',
  'aws_api_gateway_resource.Api_McpResource_6E307D43',
  'aws_api_gateway_rest_api.Api_F70053CD',
  'aws_api_gateway_stage.Api_Stage_B35FBB6B',
  'aws_api_gateway_usage_plan.Api_UsagePlan_59FD69A0',
  'aws_api_gateway_usage_plan_key.Api_UsagePlanKey_09D19F3D',
  'aws_cloudwatch_dashboard.Dashboard_9E4231ED',
  'aws_cloudwatch_log_group.Api_AccessLogGroup_67BA7250',
  'aws_cloudwatch_log_group.Function_LogGroup_5043C2D5',
  'aws_cloudwatch_metric_alarm.Alarms_Api5xx_7C4EBF29',
  'aws_cloudwatch_metric_alarm.Alarms_HighDuration_14D4B3CF',
  'aws_cloudwatch_metric_alarm.Alarms_HighErrorRate_1FD2B8D1',
  'aws_cloudwatch_metric_alarm.Alarms_Throttles_3176D953',
  'aws_iam_role.Function_Role_1ACA3CF2',
  'aws_iam_role_policy.Function_Policy_664AA09E',
  'aws_lambda_function.Function_76856677',
  'aws_lambda_permission.Api_InvokePermission_312A6854',
  'aws_secretsmanager_secret.Secrets_ApiToken_683BB2D4',
  'aws_secretsmanager_secret.Secrets_UserId_B31DC746',
];

/**
 * What OAuth adds (QC_MCP_AUTH=oauth, with registration on so that its route is pinned too): the
 * user pool and its clients hold users and their secrets, and the routes are what clients know.
 */
const OAUTH_ADDRESSES = [
  'aws_api_gateway_authorizer.Auth_Authorizer_712E4AE7',
  'aws_api_gateway_gateway_response.Auth_UnauthorizedResponse_C632D028',
  'aws_api_gateway_integration.Api_OAuthGetIntegration_B90EF42C',
  'aws_api_gateway_integration.Api_OAuthOptionsIntegration_C6F75DFF',
  'aws_api_gateway_integration.Api_OAuthPostIntegration_D2589345',
  'aws_api_gateway_integration.Auth_AuthorizationServerMetadata0Integration_D94A51E9',
  'aws_api_gateway_integration.Auth_AuthorizationServerMetadata1Integration_8F555EA4',
  'aws_api_gateway_integration.Auth_AuthorizationServerMetadata0OptionsIntegration_84CC61B3',
  'aws_api_gateway_integration.Auth_AuthorizationServerMetadata1OptionsIntegration_13288309',
  'aws_api_gateway_integration.Auth_AuthorizeGetIntegration_C910FDDC',
  'aws_api_gateway_integration.Auth_CallbackGetIntegration_44EACF97',
  'aws_api_gateway_integration.Auth_MetadataIntegration_FBE845C8',
  'aws_api_gateway_integration.Auth_MetadataOptionsIntegration_1AA62F6E',
  'aws_api_gateway_integration.Auth_RegisterOptionsIntegration_E552AE97',
  'aws_api_gateway_integration.Auth_RegisterPostIntegration_21EB8559',
  'aws_api_gateway_integration.Auth_TokenOptionsIntegration_F0B649E5',
  'aws_api_gateway_integration.Auth_TokenPostIntegration_090203AB',
  'aws_api_gateway_integration_response.Api_OAuthGetIntegrationResponse_A11DF2D2',
  'aws_api_gateway_integration_response.Api_OAuthOptionsIntegrationResponse_3DE898B6',
  'aws_api_gateway_integration_response.Auth_AuthorizationServerMetadata0IntegrationResponse_004D1719',
  'aws_api_gateway_integration_response.Auth_AuthorizationServerMetadata1IntegrationResponse_A9710121',
  'aws_api_gateway_integration_response.Auth_AuthorizationServerMetadata0OptionsIntegrationResponse_7F1B3068',
  'aws_api_gateway_integration_response.Auth_AuthorizationServerMetadata1OptionsIntegrationResponse_88D9F744',
  'aws_api_gateway_integration_response.Auth_MetadataIntegrationResponse_D7377180',
  'aws_api_gateway_integration_response.Auth_MetadataOptionsIntegrationResponse_D9A96C27',
  'aws_api_gateway_integration_response.Auth_RegisterOptionsIntegrationResponse_B2708978',
  'aws_api_gateway_integration_response.Auth_TokenOptionsIntegrationResponse_3A53DD55',
  'aws_api_gateway_method.Api_OAuthGetMethod_BE4714A0',
  'aws_api_gateway_method.Api_OAuthOptionsMethod_09C1F65F',
  'aws_api_gateway_method.Api_OAuthPostMethod_EA8F669A',
  'aws_api_gateway_method.Auth_AuthorizationServerMetadata0Method_877D225B',
  'aws_api_gateway_method.Auth_AuthorizationServerMetadata1Method_D2836DB1',
  'aws_api_gateway_method.Auth_AuthorizationServerMetadata0OptionsMethod_AA7C9E2F',
  'aws_api_gateway_method.Auth_AuthorizationServerMetadata1OptionsMethod_562C2401',
  'aws_api_gateway_method.Auth_AuthorizeGetMethod_91A4C476',
  'aws_api_gateway_method.Auth_CallbackGetMethod_FC3E8DB2',
  'aws_api_gateway_method.Auth_MetadataMethod_E7D85654',
  'aws_api_gateway_method.Auth_MetadataOptionsMethod_11C9A43D',
  'aws_api_gateway_method.Auth_RegisterOptionsMethod_4E74C033',
  'aws_api_gateway_method.Auth_RegisterPostMethod_21DE8B92',
  'aws_api_gateway_method.Auth_TokenOptionsMethod_6EB546A8',
  'aws_api_gateway_method.Auth_TokenPostMethod_1FDDDC13',
  'aws_api_gateway_method_response.Api_OAuthGetMethodResponse_3368208E',
  'aws_api_gateway_method_response.Api_OAuthOptionsMethodResponse_F41DF723',
  'aws_api_gateway_method_response.Auth_AuthorizationServerMetadata0MethodResponse_6AD93BB2',
  'aws_api_gateway_method_response.Auth_AuthorizationServerMetadata1MethodResponse_6BDFF08F',
  'aws_api_gateway_method_response.Auth_AuthorizationServerMetadata0OptionsMethodResponse_30255DA4',
  'aws_api_gateway_method_response.Auth_AuthorizationServerMetadata1OptionsMethodResponse_B4AF4916',
  'aws_api_gateway_method_response.Auth_MetadataMethodResponse_D69D7B43',
  'aws_api_gateway_method_response.Auth_MetadataOptionsMethodResponse_8E764A54',
  'aws_api_gateway_method_response.Auth_RegisterOptionsMethodResponse_FE954AA2',
  'aws_api_gateway_method_response.Auth_TokenOptionsMethodResponse_7FEB3648',
  'aws_api_gateway_method_settings.Api_MethodSettings-oauth-register-POST_48E31171',
  'aws_api_gateway_resource.Api_OAuthMcpResource_A0715236',
  'aws_api_gateway_resource.Api_OAuthPath0Resource_635B2B05',
  'aws_api_gateway_resource.Auth_AuthorizationServerMetadata0Resource_AC877625',
  'aws_api_gateway_resource.Auth_AuthorizationServerMetadata1Resource_FD54C78F',
  'aws_api_gateway_resource.Auth_AuthorizeResource_1F93331D',
  'aws_api_gateway_resource.Auth_CallbackClientResource_C31A3CA7',
  'aws_api_gateway_resource.Auth_CallbackResource_61D0E270',
  'aws_api_gateway_resource.Auth_MetadataPath0_3E1B1141',
  'aws_api_gateway_resource.Auth_MetadataPath1_9F3B5CCC',
  'aws_api_gateway_resource.Auth_MetadataPath2_970FEDDA',
  'aws_api_gateway_resource.Auth_MetadataPath3_48F4DAE1',
  'aws_api_gateway_resource.Auth_RegisterResource_23BBE9C0',
  'aws_api_gateway_resource.Auth_TokenResource_B7AA2842',
  'aws_cloudwatch_metric_alarm.Alarms_OAuthClientRefusals_FA7BFC3C',
  'aws_cognito_resource_server.Auth_UserPool_ResourceServer_1FC53A94',
  'aws_cognito_user_group.Auth_UserPool_Group-live-trading_D3EB2383',
  'aws_cognito_user_group.Auth_UserPool_Group-read-only_77941160',
  'aws_cognito_user_group.Auth_UserPool_Group-standard_A05F6D7A',
  'aws_cognito_user_pool.Auth_UserPool_8115E87F',
  'aws_cognito_user_pool_client.Auth_AppClients_chatgpt_AF5296FB',
  'aws_cognito_user_pool_client.Auth_AppClients_claude-code_317D05B7',
  'aws_cognito_user_pool_client.Auth_AppClients_claude_0B640843',
  'aws_cognito_user_pool_client.Auth_AppClients_cursor_FE891945',
  'aws_cognito_user_pool_client.Auth_AppClients_inspector_D04C479A',
  'aws_cognito_user_pool_domain.Auth_UserPool_Domain_2FF2A2DF',
  'aws_lambda_permission.Api_OAuthInvokePermission_BAC16665',
  'aws_lambda_permission.Auth_AuthorizeGetInvokePermission_5B4895EA',
  'aws_lambda_permission.Auth_CallbackGetInvokePermission_B6560C82',
  'aws_lambda_permission.Auth_RegisterInvokePermission_4B823B18',
  'aws_lambda_permission.Auth_TokenPostInvokePermission_AFB8549A',
];

interface MovedBlock {
  readonly from: string;
  readonly to: string;
}

const addressesOf = (stack: ReturnType<typeof synthStack>['tf']) =>
  Object.entries(stack.resource).flatMap(([type, byName]) =>
    Object.keys(byName ?? {}).map((name) => `${type}.${name}`),
  );
const movedOf = (stack: ReturnType<typeof synthStack>['tf']) =>
  ((stack as unknown as { moved?: MovedBlock[] }).moved ?? []).map((block) => block.from);

const { tf } = synthStack();
const synthesized = addressesOf(tf);
const moved = movedOf(tf);

test('every pinned production resource keeps its address, or the stack says where it moved', () => {
  const lost = PRODUCTION_ADDRESSES.filter((address) => !synthesized.includes(address) && !moved.includes(address));
  expect(lost).toEqual([]);
});

test('every production resource is pinned (a new one joins the list with the change that adds it)', () => {
  const unpinned = synthesized.filter((address) => !PRODUCTION_ADDRESSES.includes(address));
  expect(unpinned).toEqual([]);
});

describe('with OAuth', () => {
  const oauth = synthStack({ QC_MCP_AUTH: 'oauth', QC_MCP_OAUTH_REGISTRATION: 'true' }).tf;
  const oauthSynthesized = addressesOf(oauth);
  const oauthMoved = movedOf(oauth);

  test('every pinned OAuth resource keeps its address, or the stack says where it moved', () => {
    const lost = OAUTH_ADDRESSES.filter(
      (address) => !oauthSynthesized.includes(address) && !oauthMoved.includes(address),
    );
    expect(lost).toEqual([]);
  });

  test('every OAuth resource is pinned (a new one joins the list with the change that adds it)', () => {
    const unpinned = oauthSynthesized.filter(
      (address) => !PRODUCTION_ADDRESSES.includes(address) && !OAUTH_ADDRESSES.includes(address),
    );
    expect(unpinned).toEqual([]);
  });
});
