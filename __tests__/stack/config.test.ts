import { loadStackConfig, StackConfigError } from '../../constructs/config';

const local = { QC_MCP_STATE_BACKEND: 'local' };

function problemsOf(environment: Record<string, string>): string[] {
  try {
    loadStackConfig(environment);
  } catch (error) {
    if (error instanceof StackConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('stack configuration defaults', () => {
  const config = loadStackConfig(local);

  test('is production in us-east-1 with the standard tool access', () => {
    expect(config).toMatchObject({ environment: 'prod', region: 'us-east-1', access: 'standard' });
  });

  test('allows no browser origin', () => {
    expect(config.allowedOrigins).toEqual([]);
  });

  test('turns every optional feature off', () => {
    expect(config).toMatchObject({ tracing: false, manageSecretValues: false });
    for (const feature of [
      'customDomain',
      'vpc',
      'reservedConcurrency',
      'provisionedConcurrency',
      'alarmEmail',
      'alarmTopicArn',
    ]) {
      expect(config[feature as keyof typeof config]).toBeUndefined();
    }
  });

  test('protects the log group from destruction', () => {
    expect(config.protectLogGroup).toBe(true);
  });
});

describe('state backend', () => {
  test('is S3 by default, and then needs QC_MCP_STATE_BUCKET, naming how to get one', () => {
    const [problem] = problemsOf({});
    expect(problem).toMatch(/^QC_MCP_STATE_BUCKET is required with the S3 state backend/);
    // The bootstrap needs the bucket name too: the hint says to choose one and pass it.
    expect(problem).toContain('QC_MCP_STATE_BUCKET=<name> npm run bootstrap');
    expect(problem).toContain('QC_MCP_STATE_BACKEND=local');
  });

  test('in S3 keeps each environment under its own key, in the stack region, unless told otherwise', () => {
    expect(loadStackConfig({ QC_MCP_STATE_BUCKET: 'my-state', QC_MCP_ENVIRONMENT: 'dev' }).state).toEqual({
      backend: 's3',
      bucket: 'my-state',
      key: 'qc-mcp/dev/terraform.tfstate',
      region: 'us-east-1',
    });
    expect(
      loadStackConfig({
        QC_MCP_STATE_BUCKET: 'my-state',
        QC_MCP_STATE_KEY: 'a/b.tfstate',
        QC_MCP_STATE_REGION: 'eu-west-1',
      }).state,
    ).toEqual({ backend: 's3', bucket: 'my-state', key: 'a/b.tfstate', region: 'eu-west-1' });
  });

  test('in Terraform Cloud needs an organization and a workspace', () => {
    expect(problemsOf({ QC_MCP_STATE_BACKEND: 'cloud' })).toEqual([
      expect.stringMatching(/^QC_MCP_TFC_ORGANIZATION is required with the Terraform Cloud state backend/),
      expect.stringMatching(/^QC_MCP_TFC_WORKSPACE is required with the Terraform Cloud state backend/),
    ]);
    expect(
      loadStackConfig({
        QC_MCP_STATE_BACKEND: 'cloud',
        QC_MCP_TFC_ORGANIZATION: 'acme',
        QC_MCP_TFC_WORKSPACE: 'qc-mcp',
      }).state,
    ).toEqual({ backend: 'cloud', organization: 'acme', workspace: 'qc-mcp' });
  });

  test('is local only when asked for by name', () => {
    expect(loadStackConfig(local).state).toEqual({ backend: 'local' });
  });

  test('rejects an unknown backend, listing the choices', () => {
    expect(problemsOf({ QC_MCP_STATE_BACKEND: 'consul' })).toEqual([
      'QC_MCP_STATE_BACKEND must be one of s3, cloud, local (got "consul")',
    ]);
  });
});

describe('settings', () => {
  test('choose the environment and the tool access', () => {
    expect(loadStackConfig({ ...local, QC_MCP_ENVIRONMENT: 'dev', QC_MCP_ACCESS: 'read-only' })).toMatchObject({
      environment: 'dev',
      access: 'read-only',
    });
    expect(problemsOf({ ...local, QC_MCP_ENVIRONMENT: 'staging' })).toEqual([
      'QC_MCP_ENVIRONMENT must be one of dev, prod (got "staging")',
    ]);
    expect(problemsOf({ ...local, QC_MCP_ACCESS: 'admin' })).toEqual([
      'QC_MCP_ACCESS must be one of read-only, standard, live-trading (got "admin")',
    ]);
  });

  test('read the allowed origins as a comma-separated list', () => {
    const config = loadStackConfig({
      ...local,
      QC_MCP_ALLOWED_ORIGINS: ' https://app.example.com, http://localhost:6274 ,',
    });
    expect(config.allowedOrigins).toEqual(['https://app.example.com', 'http://localhost:6274']);
  });

  test.each([
    '*',
    'https://app.example.com/',
    'https://app.example.com/mcp',
    'app.example.com',
    'https://App.example.com',
  ])('reject %s as an origin', (origin) => {
    expect(problemsOf({ ...local, QC_MCP_ALLOWED_ORIGINS: origin })).toEqual([
      expect.stringMatching(/^QC_MCP_ALLOWED_ORIGINS each entry must be an origin such as https:\/\/app.example.com/),
    ]);
  });

  test('treat a blank value as unset', () => {
    expect(
      loadStackConfig({ ...local, QC_MCP_ENVIRONMENT: '', QC_MCP_TRACING: ' ', QC_MCP_DOMAIN_NAME: '' }),
    ).toMatchObject({
      environment: 'prod',
      tracing: false,
      customDomain: undefined,
    });
  });

  test('accept only true or false for a switch', () => {
    expect(loadStackConfig({ ...local, QC_MCP_TRACING: 'true', QC_MCP_PROTECT_LOG_GROUP: 'false' })).toMatchObject({
      tracing: true,
      protectLogGroup: false,
    });
    expect(problemsOf({ ...local, QC_MCP_TRACING: 'yes' })).toEqual([
      'QC_MCP_TRACING must be true or false (got "yes")',
    ]);
  });

  test('need both halves of the custom domain, with the certificate in the stack region', () => {
    expect(problemsOf({ ...local, QC_MCP_DOMAIN_NAME: 'mcp.example.com' })).toEqual([
      'QC_MCP_CERTIFICATE_ARN is required when QC_MCP_DOMAIN_NAME is set (the custom domain needs both)',
    ]);
    const certificate = 'arn:aws:acm:eu-west-1:123456789012:certificate/abcd-1234';
    expect(
      problemsOf({ ...local, QC_MCP_DOMAIN_NAME: 'mcp.example.com', QC_MCP_CERTIFICATE_ARN: certificate }),
    ).toEqual([
      expect.stringMatching(
        /^QC_MCP_CERTIFICATE_ARN is in eu-west-1, but a regional API needs its certificate in QC_MCP_AWS_REGION \(us-east-1\)/,
      ),
    ]);
    expect(
      loadStackConfig({
        ...local,
        QC_MCP_AWS_REGION: 'eu-west-1',
        QC_MCP_DOMAIN_NAME: 'mcp.example.com',
        QC_MCP_CERTIFICATE_ARN: certificate,
      }).customDomain,
    ).toEqual({ domainName: 'mcp.example.com', certificateArn: certificate });
  });

  test('need both subnets and security groups for the VPC', () => {
    expect(problemsOf({ ...local, QC_MCP_VPC_SECURITY_GROUP_IDS: 'sg-0abc' })).toEqual([
      'QC_MCP_VPC_SUBNET_IDS is required when QC_MCP_VPC_SECURITY_GROUP_IDS is set (the VPC needs both)',
    ]);
    expect(
      loadStackConfig({
        ...local,
        QC_MCP_VPC_SUBNET_IDS: 'subnet-0a,subnet-0b',
        QC_MCP_VPC_SECURITY_GROUP_IDS: 'sg-0abc',
      }).vpc,
    ).toEqual({ subnetIds: ['subnet-0a', 'subnet-0b'], securityGroupIds: ['sg-0abc'] });
  });

  test('take concurrency as whole numbers, provisioned within reserved', () => {
    expect(problemsOf({ ...local, QC_MCP_RESERVED_CONCURRENCY: '0' })).toEqual([
      'QC_MCP_RESERVED_CONCURRENCY must be a whole number of at least 1, or none for no reservation (got "0")',
    ]);
    expect(loadStackConfig({ ...local, QC_MCP_RESERVED_CONCURRENCY: 'none' }).reservedConcurrency).toBe('none');
    expect(problemsOf({ ...local, QC_MCP_RESERVED_CONCURRENCY: '2', QC_MCP_PROVISIONED_CONCURRENCY: '3' })).toEqual([
      expect.stringMatching(/^QC_MCP_PROVISIONED_CONCURRENCY \(3\) cannot exceed QC_MCP_RESERVED_CONCURRENCY \(2\)/),
    ]);
    expect(
      loadStackConfig({ ...local, QC_MCP_RESERVED_CONCURRENCY: '10', QC_MCP_PROVISIONED_CONCURRENCY: '2' }),
    ).toMatchObject({
      reservedConcurrency: 10,
      provisionedConcurrency: 2,
    });
  });

  test.each([
    ['QC_MCP_AWS_REGION', 'xx-fake-9'],
    ['QC_MCP_AWS_REGION', 'us-east-9'],
    ['QC_MCP_STATE_REGION', 'mars-north-1'],
  ])('refuse %s=%s, a region the AWS provider does not know, before any plan', (variable, region) => {
    expect(problemsOf({ ...local, [variable]: region })).toEqual([
      `${variable} must be an AWS region the AWS provider 5.100.0 knows, such as us-east-1 (got "${region}")`,
    ]);
  });

  test('accept every region of the provider, GovCloud and China included', () => {
    for (const region of ['eu-central-2', 'ap-southeast-7', 'mx-central-1', 'us-gov-west-1', 'cn-north-1']) {
      expect(loadStackConfig({ ...local, QC_MCP_AWS_REGION: region }).region).toBe(region);
    }
  });

  test('turn the access log on unless told otherwise', () => {
    expect(loadStackConfig(local).accessLog).toBe(true);
    expect(loadStackConfig({ ...local, QC_MCP_ACCESS_LOG: 'false' }).accessLog).toBe(false);
  });

  test('switch the default endpoint off only with a custom domain', () => {
    expect(problemsOf({ ...local, QC_MCP_DISABLE_EXECUTE_API_ENDPOINT: 'true' })).toEqual([
      'QC_MCP_DISABLE_EXECUTE_API_ENDPOINT needs QC_MCP_DOMAIN_NAME: without the custom domain the API would have no endpoint at all (got "true")',
    ]);
  });

  test('take the permissions boundary as an IAM policy ARN', () => {
    const boundary = 'arn:aws:iam::123456789012:policy/qc-mcp-boundary';
    expect(loadStackConfig({ ...local, QC_MCP_PERMISSIONS_BOUNDARY_ARN: boundary }).permissionsBoundaryArn).toBe(
      boundary,
    );
    expect(problemsOf({ ...local, QC_MCP_PERMISSIONS_BOUNDARY_ARN: 'qc-mcp-boundary' })).toEqual([
      'QC_MCP_PERMISSIONS_BOUNDARY_ARN must be an IAM policy ARN (got "qc-mcp-boundary")',
    ]);
  });

  test('check the alarm e-mail address and topic', () => {
    expect(problemsOf({ ...local, QC_MCP_ALARM_EMAIL: 'ops', QC_MCP_ALARM_TOPIC_ARN: 'my-topic' })).toEqual([
      'QC_MCP_ALARM_EMAIL must be an e-mail address (got "ops")',
      'QC_MCP_ALARM_TOPIC_ARN must be an SNS topic ARN (got "my-topic")',
    ]);
  });
});

test('every problem is reported at once, in one error that lists them', () => {
  let error: StackConfigError | undefined;
  try {
    loadStackConfig({ QC_MCP_ENVIRONMENT: 'qa', QC_MCP_DOMAIN_NAME: 'mcp.example.com' });
  } catch (caught) {
    error = caught as StackConfigError;
  }
  expect(error).toBeInstanceOf(StackConfigError);
  expect(error?.problems.map((problem) => problem.split(' ')[0])).toEqual([
    'QC_MCP_ENVIRONMENT',
    'QC_MCP_CERTIFICATE_ARN',
    'QC_MCP_STATE_BUCKET',
  ]);
  expect(error?.message).toMatch(/^Invalid stack configuration:\n {2}- QC_MCP_ENVIRONMENT/);
});
