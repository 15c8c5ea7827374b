import { ApiGatewayApiKey } from '@cdktf/provider-aws/lib/api-gateway-api-key';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayResource } from '@cdktf/provider-aws/lib/api-gateway-resource';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import { ApiGatewayUsagePlan } from '@cdktf/provider-aws/lib/api-gateway-usage-plan';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { McpApi } from '../../constructs/mcp-api';
import { preflightResult } from '../../lambda/http/cors';
import {
  addressNamed,
  emptyStack,
  namesOf,
  onlyResource,
  resourceNamed,
  referenceTo,
  resources,
  synthStack,
  type Synthesized,
  type SynthesizedStack,
} from './synth';

/** What the tests read of a method's integration, method response and integration response. */
interface MethodPartJson {
  readonly http_method: string;
  readonly type?: string;
  readonly status_code: string;
  readonly response_parameters: Record<string, string | boolean>;
  readonly response_templates: Record<string, string>;
}
interface GatewayResponseJson {
  readonly response_type: string;
  readonly response_parameters?: Record<string, string>;
  readonly response_templates: Record<string, string>;
}

/** The resource of a type that belongs to one HTTP method of /mcp. */
function forMethod(tf: SynthesizedStack, type: string, httpMethod: string): MethodPartJson {
  const method = namesOf(tf, 'aws_api_gateway_method').find(
    (name) => tf.resource.aws_api_gateway_method?.[name].http_method === httpMethod,
  );
  if (!method) throw new Error(`no ${httpMethod} method`);
  const reference = `\${aws_api_gateway_method.${method}.http_method}`;
  const found = resources<MethodPartJson>(tf, type).filter((body) => body.http_method === reference);
  if (found.length !== 1) throw new Error(`expected one ${type} for ${httpMethod}, found ${found.length}`);
  return found[0];
}

const headerValue = (mapping: string | boolean) => String(mapping).replace(/^'(.*)'$/, '$1');

describe('the REST API', () => {
  const { json, tf } = synthStack();

  test('is qc-mcp-api-gateway, regional, described for its operators', () => {
    expect(json).toHaveResourceWithProperties(ApiGatewayRestApi, {
      name: 'qc-mcp-api-gateway',
      description: 'This service serves QuantConnect MCP requests.',
      endpoint_configuration: { types: ['REGIONAL'] },
    });
  });

  test('compresses answers of 1 KiB and more for clients that accept it (tool results are large JSON)', () => {
    expect(json).toHaveResourceWithProperties(ApiGatewayRestApi, { minimum_compression_size: '1024' });
  });

  test('has one resource, /mcp, with POST, GET and OPTIONS', () => {
    expect(json).toHaveResourceWithProperties(ApiGatewayResource, {
      path_part: 'mcp',
      parent_id: referenceTo(tf, 'aws_api_gateway_rest_api', 'root_resource_id'),
    });
    expect(
      resources(tf, 'aws_api_gateway_method')
        .map((method) => method.http_method)
        .sort(),
    ).toEqual(['GET', 'OPTIONS', 'POST']);
  });
});

describe('POST /mcp', () => {
  const { json, tf } = synthStack();

  test('requires the API key', () => {
    expect(json).toHaveResourceWithProperties(ApiGatewayMethod, {
      http_method: 'POST',
      authorization: 'NONE',
      api_key_required: true,
    });
  });

  test('proxies to the function with the gateway’s 29 s ceiling', () => {
    expect(json).toHaveResourceWithProperties(ApiGatewayIntegration, {
      type: 'AWS_PROXY',
      integration_http_method: 'POST',
      uri: referenceTo(tf, 'aws_lambda_function', 'invoke_arn'),
      timeout_milliseconds: 29000,
    });
  });

  test('is the only way API Gateway may invoke the function', () => {
    expect(json).toHaveResourceWithProperties(LambdaPermission, {
      action: 'lambda:InvokeFunction',
      principal: 'apigateway.amazonaws.com',
      function_name: referenceTo(tf, 'aws_lambda_function', 'function_name'),
      source_arn: `${referenceTo(tf, 'aws_api_gateway_rest_api', 'execution_arn')}/*/POST/mcp`,
    });
    expect(resources(tf, 'aws_lambda_permission')).toHaveLength(1);
  });
});

describe('GET /mcp', () => {
  const { json, tf } = synthStack();

  test('needs no key and never reaches the function', () => {
    expect(json).toHaveResourceWithProperties(ApiGatewayMethod, { http_method: 'GET', api_key_required: false });
    expect(forMethod(tf, 'aws_api_gateway_integration', 'GET')).toMatchObject({ type: 'MOCK' });
  });

  test('answers 405 with Allow: POST, OPTIONS and a JSON-RPC error body', () => {
    const methodResponse = forMethod(tf, 'aws_api_gateway_method_response', 'GET');
    expect(methodResponse.status_code).toBe('405');
    const response = forMethod(tf, 'aws_api_gateway_integration_response', 'GET');
    const methodResponseName = namesOf(tf, 'aws_api_gateway_method_response').find(
      (name) => tf.resource.aws_api_gateway_method_response?.[name].http_method === methodResponse.http_method,
    );
    expect(response.status_code).toBe(`\${aws_api_gateway_method_response.${methodResponseName}.status_code}`);
    expect(headerValue(response.response_parameters['method.response.header.Allow'])).toBe('POST, OPTIONS');
    expect(JSON.parse(response.response_templates['application/json'])).toEqual({
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Method not allowed: send MCP messages with POST.' },
      id: null,
    });
  });
});

describe('OPTIONS /mcp, the CORS preflight', () => {
  const withoutOrigins = synthStack();
  const withOrigins = synthStack({ QC_MCP_ALLOWED_ORIGINS: 'https://app.example.com,http://localhost:6274' });

  test('needs no key and never reaches the function', () => {
    expect(withoutOrigins.json).toHaveResourceWithProperties(ApiGatewayMethod, {
      http_method: 'OPTIONS',
      api_key_required: false,
    });
    expect(forMethod(withoutOrigins.tf, 'aws_api_gateway_integration', 'OPTIONS')).toMatchObject({ type: 'MOCK' });
  });

  test('allows POST with the headers MCP clients send', () => {
    const response = forMethod(withoutOrigins.tf, 'aws_api_gateway_integration_response', 'OPTIONS');
    expect(forMethod(withoutOrigins.tf, 'aws_api_gateway_method_response', 'OPTIONS').status_code).toBe('204');
    const headers = response.response_parameters as Record<string, string>;
    expect(headerValue(headers['method.response.header.Access-Control-Allow-Methods'])).toBe('POST, OPTIONS');
    expect(headerValue(headers['method.response.header.Access-Control-Allow-Headers'])).toBe(
      'content-type, accept, x-api-key, authorization, mcp-protocol-version, mcp-method, mcp-name, mcp-session-id',
    );
    expect(headerValue(headers['method.response.header.Vary'])).toBe('Origin');
  });

  test("the gateway's preflight allows what the function's own preflight allows", () => {
    const headers = forMethod(withoutOrigins.tf, 'aws_api_gateway_integration_response', 'OPTIONS')
      .response_parameters as Record<string, string>;
    const functionAnswer = preflightResult('https://app.example.com').headers ?? {};
    for (const name of ['Access-Control-Allow-Methods', 'Access-Control-Allow-Headers', 'Access-Control-Max-Age']) {
      expect(headerValue(headers[`method.response.header.${name}`])).toBe(String(functionAnswer[name.toLowerCase()]));
    }
  });

  test('allows no origin when none is configured', () => {
    const response = forMethod(withoutOrigins.tf, 'aws_api_gateway_integration_response', 'OPTIONS');
    expect(response.response_parameters).not.toHaveProperty('method.response.header.Access-Control-Allow-Origin');
    expect(response.response_templates['application/json']).toBe('');
  });

  test('echoes the Origin only when it is one of the configured origins', () => {
    const template: string = forMethod(withOrigins.tf, 'aws_api_gateway_integration_response', 'OPTIONS')
      .response_templates['application/json'];
    expect(template).toContain("#if(['https://app.example.com', 'http://localhost:6274'].contains(\"$!origin\"))");
    expect(template).toContain('#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)');
    expect(forMethod(withOrigins.tf, 'aws_api_gateway_method_response', 'OPTIONS').response_parameters).toMatchObject({
      'method.response.header.Access-Control-Allow-Origin': true,
    });
  });

  test('gives the GET 405 the same origin check', () => {
    const template: string = forMethod(withOrigins.tf, 'aws_api_gateway_integration_response', 'GET')
      .response_templates['application/json'];
    expect(template).toContain("['https://app.example.com', 'http://localhost:6274'].contains");
  });
});

describe('the gateway’s own errors (missing key, throttled, timeout)', () => {
  const gatewayResponses = (synthesized: Synthesized) =>
    resources<GatewayResponseJson>(synthesized.tf, 'aws_api_gateway_gateway_response');

  test('cover every 4xx and 5xx, as JSON-RPC error bodies', () => {
    const responses = gatewayResponses(synthStack());
    expect(responses.map((response) => response.response_type).sort()).toEqual(['DEFAULT_4XX', 'DEFAULT_5XX']);
    for (const response of responses) {
      expect(response.response_templates['application/json']).toBe(
        '{"jsonrpc":"2.0","error":{"code":-32000,"message":$context.error.messageString},"id":null}',
      );
    }
  });

  test('carry no CORS header when no origin is allowed', () => {
    for (const response of gatewayResponses(synthStack())) expect(response.response_parameters ?? {}).toEqual({});
  });

  test('name the one allowed origin', () => {
    for (const response of gatewayResponses(synthStack({ QC_MCP_ALLOWED_ORIGINS: 'https://app.example.com' }))) {
      expect(response.response_parameters).toEqual({
        'gatewayresponse.header.Access-Control-Allow-Origin': "'https://app.example.com'",
        'gatewayresponse.header.Vary': "'Origin'",
      });
    }
  });

  test('echo the request’s Origin when several are allowed (the preflight has vetted it)', () => {
    const several = synthStack({ QC_MCP_ALLOWED_ORIGINS: 'https://a.example.com,https://b.example.com' });
    for (const response of gatewayResponses(several)) {
      expect(response.response_parameters?.['gatewayresponse.header.Access-Control-Allow-Origin']).toBe(
        'method.request.header.Origin',
      );
    }
  });
});

describe('deployment and stage', () => {
  const { json, tf } = synthStack();
  const deployment = resources<{ triggers: { redeployment: string }; lifecycle: unknown }>(
    tf,
    'aws_api_gateway_deployment',
  )[0];

  test('redeploy when any method, integration, response or gateway response changes', () => {
    const hashed =
      /^\$\{sha1\(jsonencode\(\[(.*)\]\)\)\}$/.exec(deployment.triggers.redeployment)?.[1].split(', ') ?? [];
    const shaping = [
      'aws_api_gateway_resource',
      'aws_api_gateway_method',
      'aws_api_gateway_integration',
      'aws_api_gateway_method_response',
      'aws_api_gateway_integration_response',
      'aws_api_gateway_gateway_response',
    ].flatMap((type) => namesOf(tf, type).map((name) => `${type}.${name}`));
    expect(hashed.sort()).toEqual(shaping.sort());
  });

  test('replace the deployment before destroying the old one', () => {
    expect(deployment.lifecycle).toEqual({ create_before_destroy: true });
  });

  test('serve the deployment on a separate stage, prod', () => {
    expect(json).toHaveResourceWithProperties(ApiGatewayStage, {
      stage_name: 'prod',
      deployment_id: referenceTo(tf, 'aws_api_gateway_deployment', 'id'),
    });
    expect(deployment).not.toHaveProperty('stage_name');
  });

  test('throttle every method of the stage to 100 rps, bursts of 200, with metrics on', () => {
    expect(onlyResource(tf, 'aws_api_gateway_method_settings')).toMatchObject({
      method_path: '*/*',
      stage_name: referenceTo(tf, 'aws_api_gateway_stage', 'stage_name'),
      settings: { metrics_enabled: true, throttling_rate_limit: 100, throttling_burst_limit: 200 },
    });
  });

  test('keep execution logging and its data trace off: the trace would log the x-api-key', () => {
    expect(onlyResource(tf, 'aws_api_gateway_method_settings')).toMatchObject({
      settings: { logging_level: 'OFF', data_trace_enabled: false },
    });
  });
});

describe('the access log', () => {
  const { tf } = synthStack();
  const stage = onlyResource<{ access_log_settings?: { destination_arn: string; format: string } }>(
    tf,
    'aws_api_gateway_stage',
  );
  const logGroup = resourceNamed<{ retention_in_days: number }>(
    tf,
    'aws_cloudwatch_log_group',
    '/aws/apigateway/qc-mcp-api-gateway/access',
  );
  const format = JSON.parse(stage.access_log_settings?.format ?? '{}') as Record<string, string>;

  test('is on by default, in its own log group kept as long as the function’s logs', () => {
    expect(stage.access_log_settings?.destination_arn).toBe(
      `\${${addressNamed(tf, 'aws_cloudwatch_log_group', '/aws/apigateway/qc-mcp-api-gateway/access')}.arn}`,
    );
    expect(logGroup.retention_in_days).toBe(3);
  });

  test('is one JSON line with request id, caller IP, API key id, status and latency', () => {
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      apiKeyId: '$context.identity.apiKeyId',
      status: '$context.status',
      responseLatency: '$context.responseLatency',
      errorType: '$context.error.responseType',
    });
  });

  test('never records a header value, the API key itself, a body or the gateway’s error text', () => {
    const variables = Object.values(format);
    // Each value is a single variable of the request context that names no header or payload.
    for (const variable of variables) expect(variable).toMatch(/^\$context\.[\w.]+$/);
    for (const forbidden of [
      '$context.identity.apiKey',
      '$context.identity.userAgent',
      '$context.error.message',
      '$context.error.messageString',
      '$context.authorizer',
    ]) {
      expect(variables).not.toContain(forbidden);
    }
    expect(variables.some((variable) => /header|input|body|requestOverride|responseOverride/i.test(variable))).toBe(
      false,
    );
  });

  test('can be switched off with QC_MCP_ACCESS_LOG=false', () => {
    const off = synthStack({ QC_MCP_ACCESS_LOG: 'false' }).tf;
    expect(onlyResource(off, 'aws_api_gateway_stage')).not.toHaveProperty('access_log_settings');
    expect(resources(off, 'aws_cloudwatch_log_group')).toHaveLength(1);
    expect(off.output).not.toHaveProperty('access_log_group_name');
  });
});

describe('API key and usage plan', () => {
  const { json, tf } = synthStack();

  test('issue one enabled key, qc-mcp-api-key', () => {
    expect(json).toHaveResourceWithProperties(ApiGatewayApiKey, { name: 'qc-mcp-api-key', enabled: true });
  });

  test('limit the key to 100 rps, bursts of 200 and 10 000 requests a day on the stage', () => {
    expect(json).toHaveResourceWithProperties(ApiGatewayUsagePlan, {
      name: 'qc-mcp-usage-plan',
      api_stages: [
        {
          api_id: referenceTo(tf, 'aws_api_gateway_rest_api', 'id'),
          stage: referenceTo(tf, 'aws_api_gateway_stage', 'stage_name'),
        },
      ],
      throttle_settings: { rate_limit: 100, burst_limit: 200 },
      quota_settings: { limit: 10000, period: 'DAY' },
    });
  });

  test('bind the key to the plan', () => {
    expect(resources(tf, 'aws_api_gateway_usage_plan_key')).toEqual([
      expect.objectContaining({
        key_id: referenceTo(tf, 'aws_api_gateway_api_key', 'id'),
        key_type: 'API_KEY',
        usage_plan_id: referenceTo(tf, 'aws_api_gateway_usage_plan', 'id'),
      }),
    ]);
  });
});

describe('McpApi', () => {
  const handler = { functionName: 'f', invokeArn: 'arn:aws:apigateway:us-east-1:lambda:path/f' };

  test('exposes its stage ARN, and its REST API as the default child, like its sibling constructs', () => {
    const api = new McpApi(emptyStack(), 'Api', { handler });
    expect(api.stageArn).toMatch(/\$\{TfToken\[TOKEN\.\d+\]\}/);
    expect(api.node.defaultChild).toBeInstanceOf(ApiGatewayRestApi);
  });

  test.each(['https://app.example.com/', "https://evil.example.com'", '*'])(
    'rejects %s as an allowed origin, naming the prop and the form it wants',
    (origin) => {
      expect(() => new McpApi(emptyStack(), 'Api', { handler, allowedOrigins: [origin] })).toThrow(
        `test/Api: allowedOrigins: "${origin}" is not an origin; write it as https://host[:port], lower case, no path`,
      );
    },
  );

  test('rejects a quota that is not a whole number of requests', () => {
    expect(() => new McpApi(emptyStack(), 'Api', { handler, quota: { limit: 0.5, period: 'DAY' } })).toThrow(
      'test/Api: quota.limit must be a whole number of at least 1 (got 0.5)',
    );
  });
});
