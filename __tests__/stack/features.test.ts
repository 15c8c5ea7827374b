import { ApiGatewayBasePathMapping } from '@cdktf/provider-aws/lib/api-gateway-base-path-mapping';
import { ApiGatewayDomainName } from '@cdktf/provider-aws/lib/api-gateway-domain-name';
import { LambdaAlias } from '@cdktf/provider-aws/lib/lambda-alias';
import { LambdaProvisionedConcurrencyConfig } from '@cdktf/provider-aws/lib/lambda-provisioned-concurrency-config';
import {
  PRODUCTION_RESOURCE_COUNTS,
  onlyResource,
  referenceTo,
  resourceCounts,
  resources,
  synthStack,
  type SynthesizedStack,
} from './synth';

type Statement = { Sid: string; Action: string[]; Resource: string | string[] };
const statementsOf = (tf: SynthesizedStack): Statement[] =>
  (JSON.parse(onlyResource<{ policy: string }>(tf, 'aws_iam_role_policy').policy) as { Statement: Statement[] })
    .Statement;

describe('with no optional feature asked for', () => {
  const { tf } = synthStack();
  const fn = onlyResource(tf, 'aws_lambda_function');

  test('the stack is exactly the documented resources', () => {
    expect(resourceCounts(tf)).toEqual(PRODUCTION_RESOURCE_COUNTS);
  });

  test('the function runs outside any VPC, untraced, with production’s reserved concurrency', () => {
    expect(fn).not.toHaveProperty('vpc_config');
    expect(fn).not.toHaveProperty('tracing_config');
    expect(fn.reserved_concurrent_executions).toBe(100);
    expect(onlyResource(tf, 'aws_api_gateway_stage').xray_tracing_enabled).toBe(false);
  });
});

describe('custom domain (QC_MCP_DOMAIN_NAME + QC_MCP_CERTIFICATE_ARN)', () => {
  const certificate = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f';
  const { json, tf } = synthStack({ QC_MCP_DOMAIN_NAME: 'mcp.example.com', QC_MCP_CERTIFICATE_ARN: certificate });

  test('serves the API on the domain with the regional certificate and TLS 1.2', () => {
    expect(json).toHaveResourceWithProperties(ApiGatewayDomainName, {
      domain_name: 'mcp.example.com',
      regional_certificate_arn: certificate,
      endpoint_configuration: { types: ['REGIONAL'] },
      security_policy: 'TLS_1_2',
    });
  });

  test('maps the domain’s root to the stage, so the URL is https://mcp.example.com/mcp', () => {
    expect(json).toHaveResourceWithProperties(ApiGatewayBasePathMapping, {
      api_id: referenceTo(tf, 'aws_api_gateway_rest_api', 'id'),
      stage_name: referenceTo(tf, 'aws_api_gateway_stage', 'stage_name'),
      domain_name: referenceTo(tf, 'aws_api_gateway_domain_name', 'domain_name'),
    });
    expect(tf.output.custom_domain_mcp_url.value).toBe('https://mcp.example.com/mcp');
  });

  test('tells the operator where to point the DNS record', () => {
    expect(tf.output.custom_domain_target.value).toBe(
      referenceTo(tf, 'aws_api_gateway_domain_name', 'regional_domain_name'),
    );
  });

  test('keeps the default execute-api endpoint on unless told otherwise', () => {
    expect(onlyResource(tf, 'aws_api_gateway_rest_api').disable_execute_api_endpoint).toBe(false);
    expect(tf.output.mcp_url.value).toBe(`${referenceTo(tf, 'aws_api_gateway_stage', 'invoke_url')}/mcp`);
  });

  describe('with QC_MCP_DISABLE_EXECUTE_API_ENDPOINT=true', () => {
    const domainOnly = synthStack({
      QC_MCP_DOMAIN_NAME: 'mcp.example.com',
      QC_MCP_CERTIFICATE_ARN: certificate,
      QC_MCP_DISABLE_EXECUTE_API_ENDPOINT: 'true',
    }).tf;

    test('switches the default endpoint off, so the API answers on the domain only', () => {
      expect(onlyResource(domainOnly, 'aws_api_gateway_rest_api').disable_execute_api_endpoint).toBe(true);
    });

    test('redeploys the stage, which the switch needs to take effect', () => {
      const triggers = (tf: SynthesizedStack) =>
        onlyResource<{ triggers: Record<string, string> }>(tf, 'aws_api_gateway_deployment').triggers;
      expect(triggers(domainOnly).executeApiEndpoint).toBe('disabled');
      expect(triggers(tf).executeApiEndpoint).toBe('enabled');
    });

    test('gives the domain’s URL as the MCP URL', () => {
      expect(domainOnly.output.mcp_url.value).toBe('https://mcp.example.com/mcp');
    });
  });
});

describe('VPC (QC_MCP_VPC_SUBNET_IDS + QC_MCP_VPC_SECURITY_GROUP_IDS)', () => {
  const { tf } = synthStack({ QC_MCP_VPC_SUBNET_IDS: 'subnet-0a,subnet-0b', QC_MCP_VPC_SECURITY_GROUP_IDS: 'sg-0c' });

  test('runs the function in the subnets with the security groups', () => {
    expect(onlyResource(tf, 'aws_lambda_function').vpc_config).toEqual({
      subnet_ids: ['subnet-0a', 'subnet-0b'],
      security_group_ids: ['sg-0c'],
    });
  });

  test('lets the function manage its network interfaces, the one grant AWS allows only on every resource', () => {
    const wildcard = statementsOf(tf).filter((statement) => [statement.Resource].flat().includes('*'));
    expect(wildcard.map((statement) => statement.Sid)).toEqual(['ManageVpcNetworkInterfaces']);
    expect(wildcard[0].Action).toEqual([
      'ec2:CreateNetworkInterface',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets',
      'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses',
      'ec2:UnassignPrivateIpAddresses',
    ]);
  });
});

describe('reserved concurrency (QC_MCP_RESERVED_CONCURRENCY)', () => {
  test('reserves, and caps, the function’s concurrent executions', () => {
    const { tf } = synthStack({ QC_MCP_RESERVED_CONCURRENCY: '20' });
    expect(onlyResource(tf, 'aws_lambda_function').reserved_concurrent_executions).toBe(20);
  });

  test('none sets no reservation, for accounts too small to set one aside', () => {
    const { tf } = synthStack({ QC_MCP_RESERVED_CONCURRENCY: 'none' });
    expect(onlyResource(tf, 'aws_lambda_function')).not.toHaveProperty('reserved_concurrent_executions');
  });
});

describe('permissions boundary (QC_MCP_PERMISSIONS_BOUNDARY_ARN)', () => {
  const boundary = 'arn:aws:iam::123456789012:policy/qc-mcp-boundary';

  test('is set on the function’s role', () => {
    const { tf } = synthStack({ QC_MCP_PERMISSIONS_BOUNDARY_ARN: boundary });
    expect(onlyResource(tf, 'aws_iam_role').permissions_boundary).toBe(boundary);
  });

  test('is absent unless asked for', () => {
    expect(onlyResource(synthStack().tf, 'aws_iam_role')).not.toHaveProperty('permissions_boundary');
  });
});

describe('provisioned concurrency (QC_MCP_PROVISIONED_CONCURRENCY)', () => {
  const { json, tf } = synthStack({ QC_MCP_PROVISIONED_CONCURRENCY: '2' });

  test('publishes versions and serves the latest through the alias live', () => {
    expect(onlyResource(tf, 'aws_lambda_function').publish).toBe(true);
    expect(json).toHaveResourceWithProperties(LambdaAlias, {
      name: 'live',
      function_name: referenceTo(tf, 'aws_lambda_function', 'function_name'),
      function_version: referenceTo(tf, 'aws_lambda_function', 'version'),
    });
  });

  test('keeps that many environments of the alias initialised', () => {
    expect(json).toHaveResourceWithProperties(LambdaProvisionedConcurrencyConfig, {
      qualifier: referenceTo(tf, 'aws_lambda_alias', 'name'),
      provisioned_concurrent_executions: 2,
    });
  });

  test('has API Gateway invoke the alias, and only the alias', () => {
    const post = resources<{ type: string; uri?: string }>(tf, 'aws_api_gateway_integration').find(
      (integration) => integration.type === 'AWS_PROXY',
    );
    expect(post?.uri).toBe(referenceTo(tf, 'aws_lambda_alias', 'invoke_arn'));
    expect(onlyResource(tf, 'aws_lambda_permission').qualifier).toBe(referenceTo(tf, 'aws_lambda_alias', 'name'));
  });
});

describe('X-Ray tracing (QC_MCP_TRACING=true)', () => {
  const { tf } = synthStack({ QC_MCP_TRACING: 'true' });

  test('traces the function and the stage', () => {
    expect(onlyResource(tf, 'aws_lambda_function').tracing_config).toEqual({ mode: 'Active' });
    expect(onlyResource(tf, 'aws_api_gateway_stage').xray_tracing_enabled).toBe(true);
  });

  test('lets the function write traces, which X-Ray grants only on every resource', () => {
    const wildcard = statementsOf(tf).filter((statement) => [statement.Resource].flat().includes('*'));
    expect(wildcard).toEqual([
      {
        Sid: 'WriteTraces',
        Effect: 'Allow',
        Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
        Resource: '*',
      },
    ]);
  });
});
