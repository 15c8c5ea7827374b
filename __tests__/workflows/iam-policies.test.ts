/**
 * The IAM policies docs/continuous-delivery.md and docs/terraform-cloud.md document for the roles
 * of the workflows and of Terraform Cloud, read from the JSON files in docs/iam/ they link: valid
 * policy documents, trust only where the workflows need it, and permissions checked against
 * synthesized stacks with IAM's decision (conditions and denies included): the deploy role may do
 * what the stack's lifecycle needs and no more, the plan role may read what a plan refreshes and
 * no secret value, and the permissions boundary allows what the function's role is granted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadStackConfig } from '../../constructs/config';
import { isAllowed, list, statementsAllowing, type PolicyDocument, type RequestContext } from '../support/iam-policy';
import { root } from '../support/npm-commands';
import { synthStack, type Block, type SynthesizedStack } from '../stack/synth';

const iamDir = path.join(root, 'docs', 'iam');
const REGION = 'us-east-1';
const ACCOUNT_ID = '123456789012';
const STATE_BUCKET = 'qc-mcp-state-123456789012';

/** The state object of an environment's stack with the S3 backend (its key, as the plan policy's STATE_KEY). */
function stateKey(environment: 'prod' | 'dev'): string {
  const config = loadStackConfig({ QC_MCP_STATE_BUCKET: STATE_BUCKET, QC_MCP_ENVIRONMENT: environment });
  if (config.state.backend !== 's3') throw new Error('the default backend is s3');
  return config.state.key;
}

/** A documented policy, its placeholders filled in as the reader is told to. */
function policy(file: string, environment: 'prod' | 'dev' = 'prod'): PolicyDocument {
  const text = readFileSync(path.join(iamDir, file), 'utf8')
    .replaceAll('REGION', REGION)
    .replaceAll('ACCOUNT_ID', ACCOUNT_ID)
    .replaceAll('STATE_BUCKET', STATE_BUCKET)
    .replaceAll('STATE_KEY', stateKey(environment));
  return JSON.parse(text) as PolicyDocument;
}

const files = readdirSync(iamDir).filter((file) => file.endsWith('.json'));
const deployPolicy = policy('deploy-role-policy.json');
const boundary = policy('permissions-boundary.json');
const githubTrustPolicies = ['deploy-trust-policy.json', 'plan-trust-policy.json'].map((file) => policy(file));
const terraformCloudTrustPolicies = ['tfc-plan-trust-policy.json', 'tfc-apply-trust-policy.json'].map((file) =>
  policy(file),
);
const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT_ID}:policy/qc-mcp-boundary`;

/** The settings whose resources the deploy policy is documented to cover (not the custom domain, VPC or secret values). */
const COVERED_FEATURES = {
  QC_MCP_ALARM_EMAIL: 'ops@example.com',
  QC_MCP_PROVISIONED_CONCURRENCY: '1',
  QC_MCP_TRACING: 'true',
};
const stacks = [
  ...(['prod', 'dev'] as const).map((environment) => ({
    environment,
    tf: synthStack({ ...COVERED_FEATURES, QC_MCP_ENVIRONMENT: environment }).tf,
  })),
  // Both credentials: the OAuth side's Cognito resources and authorizer beside the API key's.
  { environment: 'prod' as const, tf: synthStack({ ...COVERED_FEATURES, QC_MCP_AUTH: 'both' }).tf },
];

const apiGateway = (resourcePath: string) => `arn:aws:apigateway:${REGION}::${resourcePath}`;
const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT_ID}:${resource}`;
const REST_API = apiGateway('/restapis/a1b2c3d4e5'); // its id is AWS's to choose
const USER_POOL = arn('cognito-idp', 'userpool/us-east-1_AbCdEf123');
const str = (block: Block, key: string) => String(block[key]);

/** The resource a reference `${type.name.attribute}` points to. */
function referenced(tf: SynthesizedStack, reference: string): Block {
  const [, type, name] = /^\$\{(\w+)\.(\w+)\.\w+\}$/.exec(reference) ?? [];
  const block = tf.resource[type]?.[name];
  if (!block) throw new Error(`${reference} points to no resource of the stack`);
  return block;
}

const functionArn = (name: string) => arn('lambda', `function:${name}`);
const functionOf = (tf: SynthesizedStack, block: Block) =>
  str(referenced(tf, str(block, 'function_name')), 'function_name');
const secretArn = (name: string) => arn('secretsmanager', `secret:${name}-AbCdEf`); // AWS appends 6 random characters
const logGroupArn = (name: string) => arn('logs', `log-group:${name}`);

/**
 * What Terraform asks AWS for to create, read and delete each resource type the stack emits, on
 * which ARN. A type missing here fails the test: check the deploy policy for it, then add it.
 */
const LIFECYCLE: Record<string, (block: Block, tf: SynthesizedStack) => [string[], string][]> = {
  aws_api_gateway_rest_api: () => [
    [['apigateway:POST'], apiGateway('/restapis')],
    [['apigateway:GET', 'apigateway:PUT', 'apigateway:PATCH', 'apigateway:DELETE'], REST_API],
  ],
  aws_api_gateway_api_key: () => [
    [['apigateway:POST'], apiGateway('/apikeys')],
    [['apigateway:GET', 'apigateway:PATCH', 'apigateway:DELETE'], apiGateway('/apikeys/k1')],
  ],
  aws_api_gateway_usage_plan: () => [
    [['apigateway:POST'], apiGateway('/usageplans')],
    [['apigateway:GET', 'apigateway:PATCH', 'apigateway:DELETE'], apiGateway('/usageplans/u1')],
  ],
  aws_api_gateway_usage_plan_key: () => [
    [['apigateway:POST', 'apigateway:GET', 'apigateway:DELETE'], apiGateway('/usageplans/u1/keys/k1')],
  ],
  aws_api_gateway_resource: () => [
    [['apigateway:POST', 'apigateway:GET', 'apigateway:DELETE'], `${REST_API}/resources/r1`],
  ],
  aws_api_gateway_method: () => [
    [['apigateway:PUT', 'apigateway:GET', 'apigateway:DELETE'], `${REST_API}/resources/r1/methods/POST`],
  ],
  aws_api_gateway_method_response: () => [
    [['apigateway:PUT', 'apigateway:GET', 'apigateway:DELETE'], `${REST_API}/resources/r1/methods/GET/responses/405`],
  ],
  aws_api_gateway_integration: () => [
    [['apigateway:PUT', 'apigateway:GET', 'apigateway:DELETE'], `${REST_API}/resources/r1/methods/POST/integration`],
  ],
  aws_api_gateway_integration_response: () => [
    [
      ['apigateway:PUT', 'apigateway:GET', 'apigateway:DELETE'],
      `${REST_API}/resources/r1/methods/GET/integration/responses/405`,
    ],
  ],
  aws_api_gateway_gateway_response: () => [
    [['apigateway:PUT', 'apigateway:GET', 'apigateway:DELETE'], `${REST_API}/gatewayresponses/DEFAULT_4XX`],
  ],
  aws_api_gateway_authorizer: () => [
    [['apigateway:POST', 'apigateway:GET', 'apigateway:PATCH', 'apigateway:DELETE'], `${REST_API}/authorizers/a1`],
  ],
  aws_cognito_user_pool: () => [
    [['cognito-idp:CreateUserPool'], '*'], // no resource-level permission: the pool does not exist yet
    [
      [
        'cognito-idp:DescribeUserPool',
        'cognito-idp:UpdateUserPool',
        'cognito-idp:DeleteUserPool',
        'cognito-idp:GetUserPoolMfaConfig',
        'cognito-idp:SetUserPoolMfaConfig',
        'cognito-idp:ListTagsForResource',
        'cognito-idp:TagResource',
        'cognito-idp:UntagResource',
      ],
      USER_POOL,
    ],
  ],
  aws_cognito_user_pool_domain: () => [
    [
      ['cognito-idp:CreateUserPoolDomain', 'cognito-idp:UpdateUserPoolDomain', 'cognito-idp:DeleteUserPoolDomain'],
      USER_POOL,
    ],
    [['cognito-idp:DescribeUserPoolDomain'], '*'], // looked up by domain name, not by pool
  ],
  aws_cognito_resource_server: () => [
    [
      [
        'cognito-idp:CreateResourceServer',
        'cognito-idp:DescribeResourceServer',
        'cognito-idp:UpdateResourceServer',
        'cognito-idp:DeleteResourceServer',
      ],
      USER_POOL,
    ],
  ],
  aws_cognito_user_pool_client: () => [
    [
      [
        'cognito-idp:CreateUserPoolClient',
        'cognito-idp:DescribeUserPoolClient',
        'cognito-idp:UpdateUserPoolClient',
        'cognito-idp:DeleteUserPoolClient',
      ],
      USER_POOL,
    ],
  ],
  aws_cognito_user_group: () => [
    [
      ['cognito-idp:CreateGroup', 'cognito-idp:GetGroup', 'cognito-idp:UpdateGroup', 'cognito-idp:DeleteGroup'],
      USER_POOL,
    ],
  ],
  aws_api_gateway_deployment: () => [
    [['apigateway:POST', 'apigateway:GET', 'apigateway:DELETE'], `${REST_API}/deployments/d1`],
  ],
  aws_api_gateway_stage: (block) => [
    [
      ['apigateway:POST', 'apigateway:GET', 'apigateway:PATCH', 'apigateway:DELETE'],
      `${REST_API}/stages/${str(block, 'stage_name')}`,
    ],
  ],
  aws_api_gateway_method_settings: () => [[['apigateway:PATCH', 'apigateway:GET'], `${REST_API}/stages/prod`]],
  aws_lambda_function: (block, tf) => [
    [
      ['lambda:CreateFunction', 'lambda:GetFunction', 'lambda:UpdateFunctionCode', 'lambda:DeleteFunction'],
      functionArn(str(block, 'function_name')),
    ],
    [['iam:PassRole'], str(referencedRole(tf), 'arn')],
  ],
  aws_lambda_permission: (block, tf) => [
    [['lambda:AddPermission', 'lambda:GetPolicy', 'lambda:RemovePermission'], functionArn(functionOf(tf, block))],
  ],
  aws_lambda_alias: (block, tf) => [
    [
      ['lambda:CreateAlias', 'lambda:GetAlias', 'lambda:DeleteAlias'],
      `${functionArn(functionOf(tf, block))}:${str(block, 'name')}`,
    ],
  ],
  aws_lambda_provisioned_concurrency_config: (block, tf) => [
    [
      [
        'lambda:PutProvisionedConcurrencyConfig',
        'lambda:GetProvisionedConcurrencyConfig',
        'lambda:DeleteProvisionedConcurrencyConfig',
      ],
      `${functionArn(functionOf(tf, block))}:live`,
    ],
  ],
  aws_iam_role: (block) => [
    [
      [
        'iam:CreateRole',
        'iam:GetRole',
        'iam:DeleteRole',
        'iam:ListRolePolicies',
        'iam:ListAttachedRolePolicies',
        'iam:ListInstanceProfilesForRole',
      ],
      `arn:aws:iam::${ACCOUNT_ID}:role/${str(block, 'name')}`,
    ],
  ],
  aws_iam_role_policy: (_, tf) => [
    [['iam:PutRolePolicy', 'iam:GetRolePolicy', 'iam:DeleteRolePolicy'], str(referencedRole(tf), 'arn')],
  ],
  aws_cloudwatch_log_group: (block) => [
    [
      ['logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'logs:ListTagsForResource', 'logs:DeleteLogGroup'],
      logGroupArn(str(block, 'name')),
    ],
    [['logs:DescribeLogGroups'], '*'],
  ],
  aws_cloudwatch_metric_alarm: (block) => [
    [
      ['cloudwatch:PutMetricAlarm', 'cloudwatch:DescribeAlarms', 'cloudwatch:DeleteAlarms'],
      arn('cloudwatch', `alarm:${str(block, 'alarm_name')}`),
    ],
  ],
  aws_cloudwatch_dashboard: (block) => [
    [
      ['cloudwatch:PutDashboard', 'cloudwatch:GetDashboard', 'cloudwatch:DeleteDashboards'],
      `arn:aws:cloudwatch::${ACCOUNT_ID}:dashboard/${str(block, 'dashboard_name')}`,
    ],
  ],
  aws_secretsmanager_secret: (block) => [
    [
      [
        'secretsmanager:CreateSecret',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetResourcePolicy',
        'secretsmanager:DeleteSecret',
      ],
      secretArn(str(block, 'name')),
    ],
  ],
  aws_sns_topic: (block) => [
    [['sns:CreateTopic', 'sns:GetTopicAttributes', 'sns:DeleteTopic'], arn('sns', str(block, 'name'))],
  ],
  aws_sns_topic_subscription: (block, tf) => [
    [
      ['sns:Subscribe', 'sns:GetSubscriptionAttributes', 'sns:Unsubscribe'],
      arn('sns', str(referenced(tf, str(block, 'topic_arn')), 'name')),
    ],
  ],
};

/**
 * The condition keys of a request the deploy makes for a block: the tags the stack puts on every
 * resource (the provider's default tags, which API Gateway and Cognito check as resource tags on
 * existing resources, and as request tags on creation), the boundary and service the function's
 * role is created and passed with, and the principal a Lambda permission names.
 */
function requestContext(tf: SynthesizedStack, block: Block): RequestContext {
  const tags = stackTags(tf);
  return {
    ...Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:ResourceTag/${key}`, value])),
    ...Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:RequestTag/${key}`, value])),
    // The deploy workflow refuses to run without the boundary setting.
    'iam:PermissionsBoundary': BOUNDARY_ARN,
    'iam:PassedToService': 'lambda.amazonaws.com',
    ...(typeof block.principal === 'string' ? { 'lambda:Principal': block.principal } : {}),
  };
}

/** The default tags of the stack's AWS provider. */
function stackTags(tf: SynthesizedStack): Record<string, string> {
  const [provider] = tf.provider.aws ?? [];
  const [defaultTags] = (provider?.default_tags ?? []) as { tags?: Record<string, string> }[];
  return defaultTags?.tags ?? {};
}

/** The function's role, as an ARN-bearing block (its ARN built from its name: AWS assigns none we could know). */
function referencedRole(tf: SynthesizedStack): Block {
  const [role] = Object.values(tf.resource.aws_iam_role ?? {});
  return { ...role, arn: `arn:aws:iam::${ACCOUNT_ID}:role/${str(role, 'name')}` };
}

/** `${aws_….X.arn}` in the function's role policy, as the ARN AWS will give that resource. */
function resolveArn(tf: SynthesizedStack, resource: string): string {
  const match = /^\$\{(\w+)\.\w+\.arn\}(.*)$/.exec(resource);
  if (!match) return resource;
  const block = referenced(tf, resource.slice(0, resource.length - match[2].length));
  const resolve: Record<string, () => string> = {
    aws_cloudwatch_log_group: () => logGroupArn(str(block, 'name')),
    aws_secretsmanager_secret: () => secretArn(str(block, 'name')),
    // Its id is AWS's to choose.
    aws_cognito_user_pool: () => USER_POOL,
  };
  if (!resolve[match[1]]) throw new Error(`the role policy names a ${match[1]}: teach this test its ARN`);
  return resolve[match[1]]() + match[2];
}

describe('the IAM policies of continuous delivery (docs/iam)', () => {
  test('are the files docs/continuous-delivery.md and docs/terraform-cloud.md link', () => {
    const linked = ['continuous-delivery.md', 'terraform-cloud.md'].flatMap((guide) =>
      [...readFileSync(path.join(root, 'docs', guide), 'utf8').matchAll(/\]\(iam\/([\w.-]+\.json)\)/g)].map(
        (match) => match[1],
      ),
    );
    expect([...new Set(linked)].sort()).toEqual([...files].sort());
    expect(files.sort()).toEqual([
      'deploy-role-policy.json',
      'deploy-trust-policy.json',
      'permissions-boundary.json',
      'plan-role-policy.json',
      'plan-trust-policy.json',
      'tfc-apply-trust-policy.json',
      'tfc-plan-trust-policy.json',
    ]);
  });

  test.each(files)('%s is a valid IAM policy document', (file) => {
    const document = policy(file);
    expect(document.Version).toBe('2012-10-17');
    expect(document.Statement.length).toBeGreaterThan(0);
    const sids = document.Statement.flatMap((statement) => (statement.Sid ? [statement.Sid] : []));
    expect(new Set(sids).size).toBe(sids.length);
    for (const statement of document.Statement) {
      expect(['Allow', 'Deny']).toContain(statement.Effect);
      expect(list(statement.Action).length).toBeGreaterThan(0);
      for (const action of list(statement.Action)) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9*]+$/);
      // A trust policy names who may assume the role; a permissions policy, what on which resources.
      const resources = [...list(statement.Resource), ...list(statement.NotResource)];
      if (statement.Principal) expect(resources).toEqual([]);
      else for (const resource of resources) expect(resource).toMatch(/^(?:\*|arn:aws:[\w-]+:)/);
      if (!statement.Principal) expect(resources.length).toBeGreaterThan(0);
      // NotResource only in a Deny: an Allow of everything but a list would grant far too much.
      if (statement.NotResource) expect(statement.Effect).toBe('Deny');
    }
  });

  test('trust the deploy role to the production environment only, the plan role to pull requests and production-plan', () => {
    const subjectsOf = (document: PolicyDocument) =>
      document.Statement.flatMap((statement) => [
        ...list(statement.Condition?.StringEquals?.['token.actions.githubusercontent.com:sub']),
        ...list(statement.Condition?.StringLike?.['token.actions.githubusercontent.com:sub']),
      ]);
    expect(githubTrustPolicies.map(subjectsOf)).toEqual([
      ['repo:OWNER/REPO:environment:production'],
      ['repo:OWNER/REPO:pull_request', 'repo:OWNER/REPO:environment:production-plan'],
    ]);
    for (const document of githubTrustPolicies) {
      for (const statement of document.Statement) {
        expect(list(statement.Action)).toEqual(['sts:AssumeRoleWithWebIdentity']);
        expect(statement.Condition).not.toHaveProperty('StringLike');
        expect(statement.Condition?.StringEquals?.['token.actions.githubusercontent.com:aud']).toBe(
          'sts.amazonaws.com',
        );
      }
    }
  });

  test('trust Terraform Cloud’s plan role to plan runs and its apply role to apply runs of one workspace', () => {
    const [plan, apply] = terraformCloudTrustPolicies.map((document) => {
      expect(document.Statement).toHaveLength(1);
      const [statement] = document.Statement;
      expect(statement.Principal).toEqual({
        Federated: `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/app.terraform.io`,
      });
      expect(list(statement.Action)).toEqual(['sts:AssumeRoleWithWebIdentity']);
      // An exact subject: no wildcard that would let one phase, or another workspace, take the other's role.
      expect(Object.keys(statement.Condition ?? {})).toEqual(['StringEquals']);
      const {
        'app.terraform.io:aud': audience,
        'app.terraform.io:sub': subject,
        ...others
      } = statement.Condition?.StringEquals ?? {};
      expect(others).toEqual({});
      expect(audience).toBe('aws.workload.identity');
      return String(subject);
    });
    expect(plan).toBe('organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:plan');
    expect(apply).toBe('organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:apply');
  });

  test('let the deploy role create and change the function’s role only under the permissions boundary', () => {
    const allowing = (action: string) =>
      deployPolicy.Statement.filter(
        (statement) => statement.Effect === 'Allow' && list(statement.Action).includes(action),
      );
    for (const action of [
      'iam:CreateRole',
      'iam:PutRolePolicy',
      'iam:AttachRolePolicy',
      'iam:PutRolePermissionsBoundary',
    ]) {
      for (const statement of allowing(action)) {
        expect(statement.Condition?.StringEquals?.['iam:PermissionsBoundary']).toBe(
          `arn:aws:iam::${ACCOUNT_ID}:policy/qc-mcp-boundary`,
        );
      }
    }
    expect(allowing('iam:CreateRole')).toHaveLength(1);
    expect(allowing('iam:DeleteRolePermissionsBoundary')).toEqual([]);
    expect(
      statementsAllowing(deployPolicy, 'iam:DeleteRolePermissionsBoundary', `arn:aws:iam::${ACCOUNT_ID}:role/x`),
    ).toEqual([]);
  });

  describe('the deploy role', () => {
    const functionRole = `arn:aws:iam::${ACCOUNT_ID}:role/qc-mcp-lambda-role-prod`;
    const handler = functionArn('qc-mcp-lambda-handler-prod');
    const tagged = { 'aws:ResourceTag/Project': 'quantconnect-mcp', 'aws:RequestTag/Project': 'quantconnect-mcp' };

    test('may not change any role’s trust policy (the function’s role gets its own at creation)', () => {
      expect(isAllowed(deployPolicy, 'iam:UpdateAssumeRolePolicy', functionRole, tagged)).toBe(false);
      expect(statementsAllowing(deployPolicy, 'iam:UpdateAssumeRolePolicy', functionRole)).toEqual([]);
    });

    test('may not give the function a URL, which would bypass API Gateway', () => {
      for (const action of ['lambda:CreateFunctionUrlConfig', 'lambda:UpdateFunctionUrlConfig']) {
        expect(isAllowed(deployPolicy, action, handler, tagged)).toBe(false);
        // Denied outright, so that no statement added later can allow it.
        expect(
          deployPolicy.Statement.some(
            (statement) =>
              statement.Effect === 'Deny' && list(statement.Action).includes(action) && statement.Resource === '*',
          ),
        ).toBe(true);
      }
    });

    test('may let API Gateway invoke the function, and no other principal', () => {
      const addPermission = (principal?: string) =>
        isAllowed(deployPolicy, 'lambda:AddPermission', handler, principal ? { 'lambda:Principal': principal } : {});
      expect(addPermission('apigateway.amazonaws.com')).toBe(true);
      for (const principal of ['*', '123456789012', 's3.amazonaws.com']) expect(addPermission(principal)).toBe(false);
      expect(addPermission()).toBe(false);
    });

    test('names its actions: no service-wide wildcard', () => {
      const wildcards = deployPolicy.Statement.filter((statement) => statement.Effect === 'Allow').flatMap(
        (statement) => list(statement.Action).filter((action) => action.endsWith(':*')),
      );
      expect(wildcards).toEqual([]);
    });

    test.each([
      ['apigateway:GET', apiGateway('/restapis/other1234')],
      ['apigateway:DELETE', apiGateway('/restapis/other1234/stages/prod')],
      ['apigateway:GET', apiGateway('/apikeys/otherkey')],
      ['apigateway:PATCH', apiGateway('/usageplans/otherplan')],
      ['apigateway:POST', apiGateway('/restapis')],
      ['apigateway:POST', apiGateway('/apikeys')],
      ['apigateway:PUT', apiGateway('/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fother1234')],
    ])('may %s %s only when it carries, or is created with, the Project tag', (action, resource) => {
      expect(isAllowed(deployPolicy, action, resource, tagged)).toBe(true);
      expect(isAllowed(deployPolicy, action, resource, {})).toBe(false);
      const otherTeam = { 'aws:ResourceTag/Project': 'billing', 'aws:RequestTag/Project': 'billing' };
      expect(isAllowed(deployPolicy, action, resource, otherTeam)).toBe(false);
    });
  });

  test('the plan role’s denials hold even beside an allow-everything policy such as ReadOnlyAccess', () => {
    const plan = policy('plan-role-policy.json');
    const withReadOnlyAccess: PolicyDocument = {
      ...plan,
      Statement: [...plan.Statement, { Effect: 'Allow', Action: '*', Resource: '*' }],
    };
    expect(
      isAllowed(withReadOnlyAccess, 'secretsmanager:GetSecretValue', secretArn('quant-connect-mcp/api-token')),
    ).toBe(false);
    expect(isAllowed(withReadOnlyAccess, 's3:GetObject', 'arn:aws:s3:::another-bucket/secrets.txt')).toBe(false);
    expect(isAllowed(withReadOnlyAccess, 's3:GetObject', `arn:aws:s3:::${STATE_BUCKET}/${stateKey('prod')}`)).toBe(
      true,
    );
  });

  describe.each(stacks)('for the $environment stack (#$#)', ({ environment, tf }) => {
    test('the deploy role may create, read and delete every resource the stack creates', () => {
      const refused: string[] = [];
      for (const [type, blocks] of Object.entries(tf.resource)) {
        const lifecycle = LIFECYCLE[type];
        if (!lifecycle) {
          refused.push(`${type}: not checked yet (check the deploy policy for it, then add it to LIFECYCLE)`);
          continue;
        }
        for (const block of Object.values(blocks ?? {})) {
          for (const [actions, resource] of lifecycle(block, tf)) {
            for (const action of actions) {
              if (!isAllowed(deployPolicy, action, resource, requestContext(tf, block)))
                refused.push(`${action} on ${resource}`);
            }
          }
        }
      }
      expect(refused).toEqual([]);
    });

    test('the stack tags what it creates with Project=quantconnect-mcp, which the API Gateway and Cognito statements require', () => {
      expect(stackTags(tf).Project).toBe('quantconnect-mcp');
      const overriding = Object.entries(tf.resource).flatMap(([type, blocks]) =>
        Object.entries(blocks ?? {})
          .filter(([, block]) => (block.tags as Record<string, string> | undefined)?.Project !== undefined)
          .map(([name]) => `${type}.${name}`),
      );
      expect(overriding).toEqual([]);
    });

    describe('the plan role', () => {
      const plan = policy('plan-role-policy.json', environment);
      const isRead = (action: string) => /^[\w-]+:(?:Get|List|Describe)|^apigateway:GET$/.test(action);

      test('may read everything a plan refreshes', () => {
        const refused: string[] = [];
        for (const [type, blocks] of Object.entries(tf.resource)) {
          for (const block of Object.values(blocks ?? {})) {
            for (const [actions, resource] of LIFECYCLE[type](block, tf)) {
              for (const action of actions.filter(isRead)) {
                if (!isAllowed(plan, action, resource, requestContext(tf, block)))
                  refused.push(`${action} on ${resource}`);
              }
            }
          }
        }
        expect(refused).toEqual([]);
      });

      test('may read this stack’s state and take its lock, and change nothing else', () => {
        const object = `arn:aws:s3:::${STATE_BUCKET}/${stateKey(environment)}`;
        expect(isAllowed(plan, 's3:ListBucket', `arn:aws:s3:::${STATE_BUCKET}`)).toBe(true);
        expect(isAllowed(plan, 's3:GetObject', object)).toBe(true);
        for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'])
          expect(isAllowed(plan, action, `${object}.tflock`)).toBe(true);
        expect(isAllowed(plan, 's3:PutObject', object)).toBe(false);
        const writes = plan.Statement.filter((statement) => statement.Effect === 'Allow').flatMap((statement) =>
          list(statement.Action)
            .filter((action) => !isRead(action) && action !== 's3:ListBucket')
            .flatMap((action) => list(statement.Resource).map((resource) => `${action} on ${resource}`)),
        );
        expect(writes.every((write) => write.endsWith('.tflock'))).toBe(true);
      });

      test('may not read another stack’s state, any other object, or a secret’s value', () => {
        const other = environment === 'prod' ? 'dev' : 'prod';
        expect(isAllowed(plan, 's3:GetObject', `arn:aws:s3:::${STATE_BUCKET}/${stateKey(other)}`)).toBe(false);
        expect(isAllowed(plan, 's3:GetObject', 'arn:aws:s3:::another-bucket/data.csv')).toBe(false);
        for (const name of Object.values(tf.resource.aws_secretsmanager_secret ?? {}).map((block) =>
          str(block, 'name'),
        )) {
          expect(isAllowed(plan, 'secretsmanager:GetSecretValue', secretArn(name))).toBe(false);
        }
        expect(isAllowed(plan, 'secretsmanager:BatchGetSecretValue', '*')).toBe(false);
      });

      test('may not read the API keys or app client secrets of resources that are not this project’s', () => {
        const untagged = {};
        expect(isAllowed(plan, 'apigateway:GET', apiGateway('/apikeys/otherkey'), untagged)).toBe(false);
        expect(isAllowed(plan, 'cognito-idp:DescribeUserPoolClient', USER_POOL, untagged)).toBe(false);
        const otherTeam = { 'aws:ResourceTag/Project': 'billing' };
        expect(isAllowed(plan, 'apigateway:GET', apiGateway('/apikeys/otherkey'), otherTeam)).toBe(false);
      });
    });

    test('the deploy role may read and write the state and its lock file', () => {
      const config = loadStackConfig({ QC_MCP_STATE_BUCKET: STATE_BUCKET, QC_MCP_ENVIRONMENT: environment });
      if (config.state.backend !== 's3') throw new Error('the default backend is s3');
      const object = `arn:aws:s3:::${STATE_BUCKET}/${config.state.key}`;
      expect(statementsAllowing(deployPolicy, 's3:ListBucket', `arn:aws:s3:::${STATE_BUCKET}`)).not.toEqual([]);
      for (const key of [object, `${object}.tflock`]) {
        for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
          expect(statementsAllowing(deployPolicy, action, key)).not.toEqual([]);
        }
      }
    });

    test('the permissions boundary allows everything the function’s role policy grants', () => {
      const granted = Object.values(tf.resource.aws_iam_role_policy ?? {}).flatMap(
        (block) => (JSON.parse(str(block, 'policy')) as PolicyDocument).Statement,
      );
      expect(granted.length).toBeGreaterThan(0);
      const outside = granted.flatMap((statement) =>
        list(statement.Action).flatMap((action) =>
          list(statement.Resource)
            .map((resource) => resolveArn(tf, resource))
            .filter((resource) => statementsAllowing(boundary, action, resource).length === 0)
            .map((resource) => `${action} on ${resource}`),
        ),
      );
      expect(outside).toEqual([]);
    });
  });
});
