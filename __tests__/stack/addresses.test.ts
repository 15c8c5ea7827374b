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

interface MovedBlock {
  readonly from: string;
  readonly to: string;
}

const { tf } = synthStack();
const synthesized = Object.entries(tf.resource).flatMap(([type, byName]) =>
  Object.keys(byName ?? {}).map((name) => `${type}.${name}`),
);
const moved = ((tf as unknown as { moved?: MovedBlock[] }).moved ?? []).map((block) => block.from);

test('every pinned production resource keeps its address, or the stack says where it moved', () => {
  const lost = PRODUCTION_ADDRESSES.filter((address) => !synthesized.includes(address) && !moved.includes(address));
  expect(lost).toEqual([]);
});

test('every production resource is pinned (a new one joins the list with the change that adds it)', () => {
  const unpinned = synthesized.filter((address) => !PRODUCTION_ADDRESSES.includes(address));
  expect(unpinned).toEqual([]);
});
