import { addressNamed, referenceTo, synthStack } from './synth';

describe('stack outputs', () => {
  const { tf } = synthStack();

  test('give the stage’s invoke URL and the MCP URL clients connect to', () => {
    const invokeUrl = referenceTo(tf, 'aws_api_gateway_stage', 'invoke_url');
    expect(tf.output.invoke_url.value).toBe(invokeUrl);
    expect(tf.output.mcp_url.value).toBe(`${invokeUrl}/mcp`);
  });

  test('give the API key’s id, and its value only as a sensitive output', () => {
    expect(tf.output.api_key_id.value).toBe(referenceTo(tf, 'aws_api_gateway_api_key', 'id'));
    expect(tf.output.api_key_value).toEqual(
      expect.objectContaining({ value: referenceTo(tf, 'aws_api_gateway_api_key', 'value'), sensitive: true }),
    );
    for (const [name, output] of Object.entries(tf.output as Record<string, { sensitive?: boolean }>)) {
      if (name !== 'api_key_value') expect(output.sensitive ?? false).toBe(false);
    }
  });

  test('give the function, its log group, the access log group and the dashboard', () => {
    expect(tf.output.function_name.value).toBe(referenceTo(tf, 'aws_lambda_function', 'function_name'));
    const logGroup = (name: string) => `\${${addressNamed(tf, 'aws_cloudwatch_log_group', name)}.name}`;
    expect(tf.output.log_group_name.value).toBe(logGroup('/aws/lambda/qc-mcp-lambda-handler'));
    expect(tf.output.access_log_group_name.value).toBe(logGroup('/aws/apigateway/qc-mcp-api-gateway/access'));
    expect(tf.output.dashboard_url.value).toBe(
      `https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=${referenceTo(
        tf,
        'aws_cloudwatch_dashboard',
        'dashboard_name',
      )}`,
    );
  });
});
