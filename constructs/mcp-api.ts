/**
 * The public face of the server: a REST API with one resource, /mcp, behind an API key and a
 * usage plan, deployed to one stage.
 */
import { Construct } from 'constructs';
import { Fn, ref, TerraformStack, type TerraformResource } from 'cdktf';
import { ApiGatewayApiKey } from '@cdktf/provider-aws/lib/api-gateway-api-key';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import { ApiGatewayGatewayResponse } from '@cdktf/provider-aws/lib/api-gateway-gateway-response';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayMethodSettings } from '@cdktf/provider-aws/lib/api-gateway-method-settings';
import { ApiGatewayResource } from '@cdktf/provider-aws/lib/api-gateway-resource';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import { ApiGatewayUsagePlan } from '@cdktf/provider-aws/lib/api-gateway-usage-plan';
import { ApiGatewayUsagePlanKey } from '@cdktf/provider-aws/lib/api-gateway-usage-plan-key';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import {
  CORS_ALLOWED_HEADERS,
  CORS_ALLOWED_METHODS,
  CORS_MAX_AGE_SECONDS,
  ORIGIN_PATTERN,
  corsOriginTemplate,
} from './cors';
import { mcpPathOf, type Credential } from '../lambda/auth/modes';
import { API_KEY_AUTHORIZATION, type McpAuth, type MethodAuthorization } from './mcp-auth';
import { mockMethod } from './mock-method';

export interface McpApiProps {
  /** The function behind POST /mcp: what to integrate with and what to let API Gateway invoke. */
  readonly handler: {
    readonly functionName: string;
    readonly invokeArn: string;
    /** Alias to invoke, when the function is served through one. */
    readonly qualifier?: string;
  };
  /** @default 'qc-mcp-api-gateway' */
  readonly apiName?: string;
  /** @default 'This service serves QuantConnect MCP requests.' */
  readonly description?: string;
  /** @default 'prod' */
  readonly stageName?: string;
  /** Browser origins answered by the CORS preflight and the gateway's own errors. @default [] (none) */
  readonly allowedOrigins?: readonly string[];
  /** Steady-state requests per second and burst, for the stage and the usage plan. @default { rateLimit: 100, burstLimit: 200 } */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /** Requests an API key may make per period. @default { limit: 10000, period: 'DAY' } */
  readonly quota?: { readonly limit: number; readonly period: 'DAY' | 'WEEK' | 'MONTH' };
  /** @default 'qc-mcp-api-key' */
  readonly apiKeyName?: string;
  /** @default 'qc-mcp-usage-plan' */
  readonly usagePlanName?: string;
  /** X-Ray tracing of the stage. @default false */
  readonly tracing?: boolean;
  /**
   * Answers at least this large are gzip-compressed for clients that accept it (tool results are
   * large JSON). @default 1024
   */
  readonly minimumCompressionSize?: number;
  /**
   * Turn the default https://<api>.execute-api.<region>.amazonaws.com endpoint off, so the API is
   * reachable only through a custom domain (which the caller must map). @default false
   */
  readonly disableExecuteApiEndpoint?: boolean;
  /**
   * The stage's access log: one JSON line per request, including those the gateway refuses itself
   * (403 without a key, 429 throttled, 504 timeout). API Gateway writes it with the account's
   * CloudWatch role (`aws apigateway update-account`), which must be set once per account and
   * region. @default { logGroupName: '/aws/apigateway/<apiName>/access', retentionDays: 3 }
   */
  readonly accessLog?: { readonly logGroupName?: string; readonly retentionDays?: number } | false;
  /** Which credentials the API takes, on which paths (QC_MCP_AUTH). @default API keys on /mcp */
  readonly auth?: McpAuth;
}

/**
 * The access log line. Identifiers, the caller's address, status and timings only: never a header
 * value (no user agent, no API key value, only its id), a body or the gateway's error text.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTimeEpoch',
  ip: '$context.identity.sourceIp',
  apiKeyId: '$context.identity.apiKeyId',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  protocol: '$context.protocol',
  status: '$context.status',
  errorType: '$context.error.responseType',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integration.status',
  integrationLatency: '$context.integration.latency',
});

/** The JSON-RPC error body for a GET: MCP over Streamable HTTP is served by POST only here (stateless, no SSE stream). */
const METHOD_NOT_ALLOWED_BODY = JSON.stringify({
  jsonrpc: '2.0',
  error: { code: -32000, message: 'Method not allowed: send MCP messages with POST.' },
  id: null,
});
/** The gateway's own errors (missing key 403, throttled 429, timeout 504, …) as JSON-RPC errors too. */
const GATEWAY_ERROR_TEMPLATE =
  '{"jsonrpc":"2.0","error":{"code":-32000,"message":$context.error.messageString},"id":null}';

/**
 * @resource aws_api_gateway_rest_api
 */
export class McpApi extends Construct {
  readonly restApiId: string;
  readonly apiName: string;
  readonly executionArn: string;
  readonly stageName: string;
  /** ARN of the stage (a WAF web ACL association, for one, takes it). */
  readonly stageArn: string;
  /** https://<api>.execute-api.<region>.amazonaws.com/<stage> */
  readonly invokeUrl: string;
  /** The URL MCP clients connect to. */
  readonly mcpUrl: string;
  /** Absent when the API takes no API key (QC_MCP_AUTH=oauth). */
  readonly apiKeyId?: string;
  /** The API key clients send as x-api-key (sensitive). Absent without API keys. */
  readonly apiKeyValue?: string;
  /** The stage's access log group, when the access log is on. */
  readonly accessLogGroupName?: string;

  constructor(scope: Construct, id: string, props: McpApiProps) {
    super(scope, id);
    const apiName = props.apiName ?? 'qc-mcp-api-gateway';
    const stageName = props.stageName ?? 'prod';
    const allowedOrigins = props.allowedOrigins ?? [];
    const throttle = props.throttle ?? { rateLimit: 100, burstLimit: 200 };
    const quota = props.quota ?? { limit: 10000, period: 'DAY' };
    const minimumCompressionSize = props.minimumCompressionSize ?? 1024;
    const disableExecuteApiEndpoint = props.disableExecuteApiEndpoint ?? false;
    const accessLog =
      props.accessLog === false
        ? undefined
        : {
            logGroupName: props.accessLog?.logGroupName ?? `/aws/apigateway/${apiName}/access`,
            retentionDays: props.accessLog?.retentionDays ?? 3,
          };
    this.validate(allowedOrigins, throttle, quota, minimumCompressionSize);

    const api = new ApiGatewayRestApi(this, 'Resource', {
      name: apiName,
      description: props.description ?? 'This service serves QuantConnect MCP requests.',
      endpointConfiguration: { types: ['REGIONAL'] },
      minimumCompressionSize: String(minimumCompressionSize),
      disableExecuteApiEndpoint,
    });
    const credentials = props.auth?.credentials ?? ['api-key'];
    const shaping: TerraformResource[] = [];
    // First, so that an API-key-only API hashes as it did before OAuth existed (no redeployment).
    if (credentials.includes('api-key')) {
      shaping.push(...this.mcpRoute(api, 'api-key', API_KEY_AUTHORIZATION, props.handler, allowedOrigins));
    }

    // The gateway's own errors. Their headers cannot run a template, so with several origins they
    // echo the request's Origin: harmless, because a browser only sends the POST after our
    // preflight accepted its origin, and these bodies carry no data.
    const errorCorsHeaders: Record<string, string> =
      allowedOrigins.length === 0
        ? {}
        : {
            'gatewayresponse.header.Access-Control-Allow-Origin':
              allowedOrigins.length === 1 ? `'${allowedOrigins[0]}'` : 'method.request.header.Origin',
            'gatewayresponse.header.Vary': "'Origin'",
          };
    for (const responseType of ['DEFAULT_4XX', 'DEFAULT_5XX']) {
      shaping.push(
        new ApiGatewayGatewayResponse(this, `GatewayResponse${responseType}`, {
          restApiId: api.id,
          responseType,
          responseParameters: errorCorsHeaders,
          responseTemplates: { 'application/json': GATEWAY_ERROR_TEMPLATE },
        }),
      );
    }

    const gatewayAuth = props.auth?.attach({
      restApiId: api.id,
      rootResourceId: api.rootResourceId,
      stageName,
      executionArn: api.executionArn,
      handler: props.handler,
      errorResponse: { responseParameters: errorCorsHeaders, template: GATEWAY_ERROR_TEMPLATE },
    });
    shaping.push(...(gatewayAuth?.resources ?? []));
    if (credentials.includes('oauth') && gatewayAuth) {
      const oauthRoute = this.mcpRoute(
        api,
        'oauth',
        gatewayAuth.postAuthorization('oauth'),
        props.handler,
        allowedOrigins,
      );
      // Its first resource is the /oauth segment, which the authorization server's routes share.
      shaping.push(...oauthRoute, ...gatewayAuth.registrationRoute((oauthRoute[0] as ApiGatewayResource).id));
    }

    // A deployment is a snapshot: redeploy whenever anything that shapes the API changes. Whole
    // resources are hashed, not their ids, so a changed template or timeout redeploys too.
    const stack = TerraformStack.of(this);
    const deployment = new ApiGatewayDeployment(this, 'Deployment', {
      restApiId: api.id,
      description: `${apiName} /mcp`,
      triggers: {
        redeployment: Fn.sha1(Fn.jsonencode(shaping.map((resource) => ref(resource.fqn, stack)))),
        // Switching the default endpoint on or off takes effect only with a new deployment.
        executeApiEndpoint: disableExecuteApiEndpoint ? 'disabled' : 'enabled',
      },
      lifecycle: { createBeforeDestroy: true },
    });
    const accessLogGroup = accessLog
      ? new CloudwatchLogGroup(this, 'AccessLogGroup', {
          name: accessLog.logGroupName,
          retentionInDays: accessLog.retentionDays,
        })
      : undefined;
    const stage = new ApiGatewayStage(this, 'Stage', {
      restApiId: api.id,
      deploymentId: deployment.id,
      stageName,
      description: `The ${stageName} stage of the QuantConnect MCP server.`,
      xrayTracingEnabled: props.tracing ?? false,
      accessLogSettings: accessLogGroup ? { destinationArn: accessLogGroup.arn, format: ACCESS_LOG_FORMAT } : undefined,
    });
    new ApiGatewayMethodSettings(this, 'MethodSettings', {
      restApiId: api.id,
      stageName: stage.stageName,
      methodPath: '*/*',
      settings: {
        metricsEnabled: true,
        // Execution logging stays off: with data trace it would log the x-api-key header.
        loggingLevel: 'OFF',
        dataTraceEnabled: false,
        throttlingRateLimit: throttle.rateLimit,
        throttlingBurstLimit: throttle.burstLimit,
      },
    });
    // A method's own settings replace the stage-wide ones for it, so they repeat metrics and logging.
    for (const methodThrottle of gatewayAuth?.methodThrottles ?? []) {
      new ApiGatewayMethodSettings(this, `MethodSettings-${methodThrottle.methodPath.replace(/\W+/g, '-')}`, {
        restApiId: api.id,
        stageName: stage.stageName,
        methodPath: methodThrottle.methodPath,
        settings: {
          metricsEnabled: true,
          loggingLevel: 'OFF',
          dataTraceEnabled: false,
          throttlingRateLimit: methodThrottle.rateLimit,
          throttlingBurstLimit: methodThrottle.burstLimit,
        },
      });
    }

    // Usage plans throttle and count per API key: with OAuth alone there is no key, and the stage
    // throttle above is what limits OAuth clients.
    if (credentials.includes('api-key')) {
      const apiKey = new ApiGatewayApiKey(this, 'ApiKey', {
        name: props.apiKeyName ?? 'qc-mcp-api-key',
        description: 'Sent by MCP clients as the x-api-key header.',
        enabled: true,
      });
      const usagePlan = new ApiGatewayUsagePlan(this, 'UsagePlan', {
        name: props.usagePlanName ?? 'qc-mcp-usage-plan',
        description: 'Throttle and daily quota of the QuantConnect MCP API key.',
        apiStages: [{ apiId: api.id, stage: stage.stageName }],
        throttleSettings: { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit },
        quotaSettings: { limit: quota.limit, period: quota.period },
      });
      new ApiGatewayUsagePlanKey(this, 'UsagePlanKey', {
        keyId: apiKey.id,
        keyType: 'API_KEY',
        usagePlanId: usagePlan.id,
      });
      this.apiKeyId = apiKey.id;
      this.apiKeyValue = apiKey.value;
    }

    this.restApiId = api.id;
    this.apiName = api.name;
    this.executionArn = api.executionArn;
    this.stageName = stage.stageName;
    this.stageArn = stage.arn;
    this.invokeUrl = stage.invokeUrl;
    this.mcpUrl = `${stage.invokeUrl}/mcp`;
    this.accessLogGroupName = accessLogGroup?.name;
  }

  /**
   * One MCP path (/mcp for API keys, /oauth/mcp for OAuth): POST to the function, GET 405 and the
   * CORS preflight from the gateway, and the function's permission for that POST. The API-key
   * route keeps the construct ids it had before OAuth existed (they are Terraform addresses).
   */
  private mcpRoute(
    api: ApiGatewayRestApi,
    credential: Credential,
    authorization: MethodAuthorization,
    handler: McpApiProps['handler'],
    allowedOrigins: readonly string[],
  ): TerraformResource[] {
    const prefix = credential === 'api-key' ? '' : 'OAuth';
    const pathParts = mcpPathOf(credential).split('/').filter(Boolean);
    const shaping: TerraformResource[] = [];
    let parentId = api.rootResourceId;
    for (const [index, pathPart] of pathParts.entries()) {
      const last = index === pathParts.length - 1;
      const resource = new ApiGatewayResource(this, `${prefix}${last ? 'Mcp' : 'Path' + index}Resource`, {
        restApiId: api.id,
        parentId,
        pathPart,
      });
      shaping.push(resource);
      parentId = resource.id;
    }
    const onMcp = { restApiId: api.id, resourceId: parentId };

    // POST: the MCP endpoint itself.
    const post = new ApiGatewayMethod(this, `${prefix}PostMethod`, {
      ...onMcp,
      httpMethod: 'POST',
      ...authorization,
    });
    const postIntegration = new ApiGatewayIntegration(this, `${prefix}PostIntegration`, {
      ...onMcp,
      httpMethod: post.httpMethod,
      type: 'AWS_PROXY',
      integrationHttpMethod: 'POST',
      uri: handler.invokeArn,
      // API Gateway's ceiling; the function budgets its QuantConnect calls to answer before it.
      timeoutMilliseconds: 29000,
    });
    shaping.push(post, postIntegration);

    // GET: answered by the gateway, so a client probing for an SSE stream never holds a
    // Lambda open until its timeout.
    shaping.push(
      ...mockMethod(this, `${prefix}Get`, onMcp, {
        httpMethod: 'GET',
        statusCode: '405',
        headers: { Allow: CORS_ALLOWED_METHODS, Vary: 'Origin' },
        template: corsOriginTemplate(allowedOrigins) + METHOD_NOT_ALLOWED_BODY,
      }),
    );

    // OPTIONS: the CORS preflight, without a key (browsers never send one on a preflight).
    shaping.push(
      ...mockMethod(this, `${prefix}Options`, onMcp, {
        httpMethod: 'OPTIONS',
        statusCode: '204',
        headers: {
          'Access-Control-Allow-Methods': CORS_ALLOWED_METHODS,
          'Access-Control-Allow-Headers': CORS_ALLOWED_HEADERS,
          'Access-Control-Max-Age': String(CORS_MAX_AGE_SECONDS),
          Vary: 'Origin',
        },
        template: corsOriginTemplate(allowedOrigins),
      }),
    );

    new LambdaPermission(this, `${prefix}InvokePermission`, {
      statementId: credential === 'api-key' ? 'AllowApiGatewayPostMcp' : 'AllowApiGatewayPostOAuthMcp',
      action: 'lambda:InvokeFunction',
      principal: 'apigateway.amazonaws.com',
      functionName: handler.functionName,
      qualifier: handler.qualifier,
      // Any stage of this API, POST on this path only.
      sourceArn: `${api.executionArn}/*/POST${mcpPathOf(credential)}`,
    });
    return shaping;
  }

  private validate(
    allowedOrigins: readonly string[],
    throttle: { rateLimit: number; burstLimit: number },
    quota: { limit: number },
    minimumCompressionSize: number,
  ): void {
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    for (const origin of allowedOrigins) {
      if (!ORIGIN_PATTERN.test(origin)) {
        fail(`allowedOrigins: "${origin}" is not an origin; write it as https://host[:port], lower case, no path`);
      }
    }
    if (!(throttle.rateLimit > 0) || !Number.isInteger(throttle.burstLimit) || throttle.burstLimit < 1) {
      fail('throttle needs a rateLimit above 0 and a whole burstLimit of at least 1');
    }
    if (!Number.isInteger(quota.limit) || quota.limit < 1) {
      fail(`quota.limit must be a whole number of at least 1 (got ${quota.limit})`);
    }
    if (!Number.isInteger(minimumCompressionSize) || minimumCompressionSize < 0 || minimumCompressionSize > 10485760) {
      fail(`minimumCompressionSize must be a whole number of bytes from 0 to 10485760 (got ${minimumCompressionSize})`);
    }
  }
}
