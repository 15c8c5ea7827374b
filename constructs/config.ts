/**
 * The stack configuration: every environment variable the infrastructure reads, read here and
 * nowhere else, validated once, and handed to the constructs as typed props.
 */
import { z } from 'zod';
import { AUTH_MODES, type AuthMode } from '../lambda/auth/modes';
import { ACCESS_LEVELS, type Access } from '../lambda/tools/define';
import { ORIGIN_PATTERN } from './cors';
import { ENVIRONMENT_NAMES, type EnvironmentName } from './environments';
import { isKnownRegion } from './regions';
import { blankToUndefined } from '../lambda/blank-as-unset';
import { DEFAULT_MAX_CLIENTS } from '../lambda/auth/app-client-directory';

export const STATE_BACKENDS = ['s3', 'cloud', 'local'] as const;
export type StateBackendKind = (typeof STATE_BACKENDS)[number];

/** Where Terraform keeps the stack's state. */
export type StateConfig =
  | { readonly backend: 's3'; readonly bucket: string; readonly key: string; readonly region: string }
  | { readonly backend: 'cloud'; readonly organization: string; readonly workspace: string }
  | { readonly backend: 'local' };

export const MFA_SETTINGS = ['off', 'optional', 'required'] as const;
export type MfaSetting = (typeof MFA_SETTINGS)[number];

/** Cognito's threat protection (the Plus tier): off, or on in audit-only or enforcing mode. */
export const THREAT_PROTECTION_SETTINGS = ['off', 'audit', 'enforced'] as const;
export type ThreatProtectionSetting = (typeof THREAT_PROTECTION_SETTINGS)[number];

/** The Cognito side of OAuth (QC_MCP_AUTH=oauth or both). */
export interface OAuthConfig {
  /** Multi-factor authentication with an authenticator app: required by default in prod, optional in dev. */
  readonly mfa: MfaSetting;
  /** Cognito threat protection; anything but off moves the pool to the Plus tier. */
  readonly threatProtection: ThreatProtectionSetting;
  /** POST /oauth/register (RFC 7591), off unless asked: Client ID Metadata Documents replace it. */
  readonly registration: boolean;
  /** The most app clients the function may create (registrations and metadata documents together). */
  readonly maxClients: number;
  /** Anyone may sign up (false: the operator invites each user). */
  readonly selfSignUp: boolean;
  /** Redirect URIs of other OAuth clients, served by one more public PKCE app client. */
  readonly extraCallbackUrls: readonly string[];
  /** The per-connector redirect URIs ChatGPT shows when a connector is created. */
  readonly chatGptCallbackUrls: readonly string[];
  /** The managed-login domain prefix; default: derived from the user pool id (unique). */
  readonly domainPrefix?: string;
  /** Hosts registered clients may redirect to (POST /oauth/register); empty: the runtime's default list. */
  readonly registrationHosts: readonly string[];
}

export interface StackConfig {
  readonly environment: EnvironmentName;
  /** AWS region of every resource. */
  readonly region: string;
  /** QC_MCP_ACCESS for the function: which tools agents may see and call. */
  readonly access: Access;
  /** QC_MCP_AUTH: API keys on /mcp, OAuth on /oauth/mcp, or both. */
  readonly auth: AuthMode;
  /** Present when `auth` includes OAuth. */
  readonly oauth?: OAuthConfig;
  /** Browser origins allowed to call the API (CORS at the gateway and in the function). */
  readonly allowedOrigins: readonly string[];
  /** Alarm notifications: an e-mail address subscribed to a new SNS topic, and/or an existing topic. */
  readonly alarmEmail?: string;
  readonly alarmTopicArn?: string;
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
  readonly vpc?: { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  /**
   * Concurrent executions reserved for the function: a number, 'none' for no reservation, or
   * undefined for the environment's default (constructs/environments.ts).
   */
  readonly reservedConcurrency?: number | 'none';
  readonly provisionedConcurrency?: number;
  /** The API Gateway stage's access log (needs the account's API Gateway CloudWatch role). */
  readonly accessLog: boolean;
  /** Switch off the default execute-api endpoint, so the API answers on the custom domain only. */
  readonly disableExecuteApiEndpoint: boolean;
  /** ARN of the IAM policy set as permissions boundary of the function's role. */
  readonly permissionsBoundaryArn?: string;
  readonly tracing: boolean;
  /** Write the QuantConnect credentials from sensitive Terraform inputs instead of by hand. */
  readonly manageSecretValues: boolean;
  /** Refuse to destroy the log group (Terraform prevent_destroy). */
  readonly protectLogGroup: boolean;
  readonly state: StateConfig;
}

/** The configuration is invalid; the message names every variable at fault and how to fix it. */
export class StackConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid stack configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StackConfigError';
  }
}

const DEFAULT_REGION = 'us-east-1';

const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : value);
const optionalText = (schema: z.ZodType<string>) =>
  z.preprocess((v) => blankToUndefined(trimmed(v)), schema.optional());

const commaList = (itemPattern: RegExp, itemDescription: string) =>
  z.preprocess(
    (v) => blankToUndefined(v),
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item !== ''),
      )
      .pipe(z.array(z.string().regex(itemPattern, `each entry must be ${itemDescription}`)))
      .optional(),
  );

const flag = (defaultValue: boolean) =>
  z.preprocess(
    (v) => blankToUndefined(trimmed(v)),
    z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .optional()
      .transform((v) => (v === undefined ? defaultValue : v === 'true')),
  );

const positiveInteger = z.preprocess(
  (v) => blankToUndefined(trimmed(v)),
  z
    .string()
    .regex(/^[1-9][0-9]*$/, 'must be a whole number of at least 1')
    .transform(Number)
    .optional(),
);

const choice = <const T extends readonly [string, ...string[]]>(values: T, defaultValue: T[number]) =>
  z.preprocess(
    (v) => blankToUndefined(trimmed(v)),
    z.enum(values, { error: `must be one of ${values.join(', ')}` }).default(defaultValue),
  );

const region = (defaultValue?: string) =>
  z.preprocess(
    (v) => blankToUndefined(trimmed(v)),
    z
      .string()
      .refine(isKnownRegion, 'must be an AWS region the AWS provider 5.100.0 knows, such as us-east-1')
      .optional()
      .transform((v) => v ?? defaultValue),
  );
// Cognito takes https anywhere, http only for localhost, and a private scheme (cursor://…).
const CALLBACK_URL =
  /^(https:\/\/[^\s*#]+|http:\/\/(localhost|127\.0\.0\.1)(:[0-9]{1,5})?\/[^\s*#]*|[a-z][a-z0-9+.-]*:\/\/[^\s*#]+)$/;

const environmentSchema = z
  .object({
    QC_MCP_ENVIRONMENT: choice(ENVIRONMENT_NAMES, 'prod'),
    QC_MCP_AWS_REGION: region(DEFAULT_REGION),
    QC_MCP_ACCESS: choice(ACCESS_LEVELS as unknown as readonly [Access, ...Access[]], 'standard'),
    QC_MCP_AUTH: choice(AUTH_MODES, 'api-key'),
    QC_MCP_OAUTH_MFA: z.preprocess(
      (v) => blankToUndefined(trimmed(v)),
      z.enum(MFA_SETTINGS, { error: `must be one of ${MFA_SETTINGS.join(', ')}` }).optional(),
    ),
    QC_MCP_OAUTH_THREAT_PROTECTION: choice(THREAT_PROTECTION_SETTINGS, 'off'),
    QC_MCP_OAUTH_REGISTRATION: flag(false),
    QC_MCP_OAUTH_MAX_CLIENTS: positiveInteger,
    QC_MCP_OAUTH_SELF_SIGN_UP: flag(false),
    QC_MCP_OAUTH_CALLBACK_URLS: commaList(CALLBACK_URL, 'an exact redirect URI (https, http://localhost, or app://…)'),
    QC_MCP_OAUTH_CHATGPT_CALLBACK_URLS: commaList(
      /^https:\/\/chatgpt\.com\/[^\s*#]+$/,
      'a ChatGPT redirect URI such as https://chatgpt.com/connector/oauth/…',
    ),
    QC_MCP_OAUTH_REGISTRATION_HOSTS: commaList(
      /^(localhost|127\.0\.0\.1|([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})$/,
      'a lower-case host name such as claude.ai (no scheme, port or path)',
    ),
    QC_MCP_OAUTH_DOMAIN_PREFIX: optionalText(
      z
        .string()
        .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits and hyphens (1-63)')
        .refine((prefix) => !/aws|amazon|cognito/.test(prefix), 'may not contain aws, amazon or cognito'),
    ),
    QC_MCP_ALLOWED_ORIGINS: commaList(
      ORIGIN_PATTERN,
      'an origin such as https://app.example.com (lower case, no path)',
    ),
    QC_MCP_ALARM_EMAIL: optionalText(z.email({ error: 'must be an e-mail address' })),
    QC_MCP_ALARM_TOPIC_ARN: optionalText(
      z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$/, 'must be an SNS topic ARN'),
    ),
    QC_MCP_DOMAIN_NAME: optionalText(
      z.string().regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, 'must be a lower-case host name'),
    ),
    QC_MCP_CERTIFICATE_ARN: optionalText(
      z
        .string()
        .regex(
          /^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate\/[A-Za-z0-9-]+$/,
          'must be an ACM certificate ARN',
        ),
    ),
    QC_MCP_VPC_SUBNET_IDS: commaList(/^subnet-[0-9a-f]+$/, 'a subnet id (subnet-…)'),
    QC_MCP_VPC_SECURITY_GROUP_IDS: commaList(/^sg-[0-9a-f]+$/, 'a security group id (sg-…)'),
    QC_MCP_RESERVED_CONCURRENCY: z.preprocess(
      (v) => blankToUndefined(trimmed(v)),
      z
        .union(
          [
            z.literal('none'),
            z
              .string()
              .regex(/^[1-9][0-9]*$/)
              .transform(Number),
          ],
          {
            error: 'must be a whole number of at least 1, or none for no reservation',
          },
        )
        .optional(),
    ),
    QC_MCP_PROVISIONED_CONCURRENCY: positiveInteger,
    QC_MCP_ACCESS_LOG: flag(true),
    QC_MCP_DISABLE_EXECUTE_API_ENDPOINT: flag(false),
    QC_MCP_PERMISSIONS_BOUNDARY_ARN: optionalText(
      z.string().regex(/^arn:aws[a-z-]*:iam::[0-9]{12}:policy\/[\w+=,.@/-]+$/, 'must be an IAM policy ARN'),
    ),
    QC_MCP_TRACING: flag(false),
    QC_MCP_MANAGE_SECRET_VALUES: flag(false),
    QC_MCP_PROTECT_LOG_GROUP: flag(true),
    QC_MCP_STATE_BACKEND: choice(STATE_BACKENDS, 's3'),
    QC_MCP_STATE_BUCKET: optionalText(
      z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3-63 lower-case characters)'),
    ),
    QC_MCP_STATE_KEY: optionalText(z.string().regex(/^[^/].*[^/]$/, 'must be an object key without a leading slash')),
    QC_MCP_STATE_REGION: region(),
    QC_MCP_TFC_ORGANIZATION: optionalText(z.string()),
    QC_MCP_TFC_WORKSPACE: optionalText(z.string()),
  })
  .superRefine(
    (env, ctx) => {
      const problem = (variable: string, message: string) =>
        ctx.addIssue({ code: 'custom', path: [variable], message });
      const pairs: [string, unknown, string, unknown, string][] = [
        [
          'QC_MCP_DOMAIN_NAME',
          env.QC_MCP_DOMAIN_NAME,
          'QC_MCP_CERTIFICATE_ARN',
          env.QC_MCP_CERTIFICATE_ARN,
          'custom domain',
        ],
        [
          'QC_MCP_VPC_SUBNET_IDS',
          env.QC_MCP_VPC_SUBNET_IDS?.length ? env.QC_MCP_VPC_SUBNET_IDS : undefined,
          'QC_MCP_VPC_SECURITY_GROUP_IDS',
          env.QC_MCP_VPC_SECURITY_GROUP_IDS?.length ? env.QC_MCP_VPC_SECURITY_GROUP_IDS : undefined,
          'VPC',
        ],
      ];
      for (const [aName, a, bName, b, feature] of pairs) {
        if (a !== undefined && b === undefined)
          problem(bName, `is required when ${aName} is set (the ${feature} needs both)`);
        if (b !== undefined && a === undefined)
          problem(aName, `is required when ${bName} is set (the ${feature} needs both)`);
      }
      const certificateRegion = env.QC_MCP_CERTIFICATE_ARN?.split(':')[3];
      if (certificateRegion && env.QC_MCP_AWS_REGION && certificateRegion !== env.QC_MCP_AWS_REGION) {
        problem(
          'QC_MCP_CERTIFICATE_ARN',
          `is in ${certificateRegion}, but a regional API needs its certificate in QC_MCP_AWS_REGION (${env.QC_MCP_AWS_REGION})`,
        );
      }
      const reserved = env.QC_MCP_RESERVED_CONCURRENCY;
      const provisioned = env.QC_MCP_PROVISIONED_CONCURRENCY;
      if (typeof reserved === 'number' && typeof provisioned === 'number' && provisioned > reserved) {
        problem(
          'QC_MCP_PROVISIONED_CONCURRENCY',
          `(${provisioned}) cannot exceed QC_MCP_RESERVED_CONCURRENCY (${reserved}): lower it or raise the reservation`,
        );
      }
      if (env.QC_MCP_DISABLE_EXECUTE_API_ENDPOINT && env.QC_MCP_DOMAIN_NAME === undefined) {
        problem(
          'QC_MCP_DISABLE_EXECUTE_API_ENDPOINT',
          'needs QC_MCP_DOMAIN_NAME: without the custom domain the API would have no endpoint at all',
        );
      }
      if (env.QC_MCP_STATE_BACKEND === 's3' && env.QC_MCP_STATE_BUCKET === undefined) {
        problem(
          'QC_MCP_STATE_BUCKET',
          'is required with the S3 state backend (QC_MCP_STATE_BACKEND=s3, the default): choose a globally ' +
            'unique bucket name, create the bucket once with `QC_MCP_STATE_BUCKET=<name> npm run bootstrap`, then ' +
            'keep QC_MCP_STATE_BUCKET=<name> set for every cdktf command; or choose QC_MCP_STATE_BACKEND=cloud ' +
            'or QC_MCP_STATE_BACKEND=local',
        );
      }
      if (env.QC_MCP_STATE_BACKEND === 'cloud') {
        for (const variable of ['QC_MCP_TFC_ORGANIZATION', 'QC_MCP_TFC_WORKSPACE'] as const) {
          if (env[variable] === undefined) {
            problem(variable, 'is required with the Terraform Cloud state backend (QC_MCP_STATE_BACKEND=cloud)');
          }
        }
      }
      // Also when a field above is malformed, so that one run names every problem at once.
    },
    { when: () => true },
  );

type ParsedEnvironment = z.infer<typeof environmentSchema>;

const STACK_OAUTH_VARIABLES = [
  'QC_MCP_OAUTH_MFA',
  'QC_MCP_OAUTH_THREAT_PROTECTION',
  'QC_MCP_OAUTH_REGISTRATION',
  'QC_MCP_OAUTH_MAX_CLIENTS',
  'QC_MCP_OAUTH_SELF_SIGN_UP',
  'QC_MCP_OAUTH_CALLBACK_URLS',
  'QC_MCP_OAUTH_CHATGPT_CALLBACK_URLS',
  'QC_MCP_OAUTH_DOMAIN_PREFIX',
  'QC_MCP_OAUTH_REGISTRATION_HOSTS',
] as const;

/** An OAuth setting while QC_MCP_AUTH leaves OAuth off is a mistake worth naming, not ignoring. */
function oauthSettingsWithoutOAuth(environment: NodeJS.ProcessEnv): string[] {
  const mode = blankToUndefined(trimmed(environment.QC_MCP_AUTH)) ?? 'api-key';
  if (mode !== 'api-key') return [];
  return STACK_OAUTH_VARIABLES.filter((name) => blankToUndefined(environment[name]) !== undefined).map(
    (name) => `${name} only applies with QC_MCP_AUTH=oauth or QC_MCP_AUTH=both`,
  );
}

function oauthConfig(env: ParsedEnvironment): OAuthConfig | undefined {
  if (env.QC_MCP_AUTH === 'api-key') return undefined;
  return {
    // A pool whose users may reach live trading: a second factor unless the operator says otherwise.
    mfa: env.QC_MCP_OAUTH_MFA ?? (env.QC_MCP_ENVIRONMENT === 'prod' ? 'required' : 'optional'),
    threatProtection: env.QC_MCP_OAUTH_THREAT_PROTECTION,
    registration: env.QC_MCP_OAUTH_REGISTRATION,
    maxClients: env.QC_MCP_OAUTH_MAX_CLIENTS ?? DEFAULT_MAX_CLIENTS,
    selfSignUp: env.QC_MCP_OAUTH_SELF_SIGN_UP,
    extraCallbackUrls: env.QC_MCP_OAUTH_CALLBACK_URLS ?? [],
    chatGptCallbackUrls: env.QC_MCP_OAUTH_CHATGPT_CALLBACK_URLS ?? [],
    domainPrefix: env.QC_MCP_OAUTH_DOMAIN_PREFIX,
    registrationHosts: env.QC_MCP_OAUTH_REGISTRATION_HOSTS ?? [],
  };
}

function stateConfig(env: ParsedEnvironment): StateConfig {
  switch (env.QC_MCP_STATE_BACKEND) {
    case 's3':
      return {
        backend: 's3',
        bucket: env.QC_MCP_STATE_BUCKET as string,
        key: env.QC_MCP_STATE_KEY ?? `qc-mcp/${env.QC_MCP_ENVIRONMENT}/terraform.tfstate`,
        region: env.QC_MCP_STATE_REGION ?? (env.QC_MCP_AWS_REGION as string),
      };
    case 'cloud':
      return {
        backend: 'cloud',
        organization: env.QC_MCP_TFC_ORGANIZATION as string,
        workspace: env.QC_MCP_TFC_WORKSPACE as string,
      };
    case 'local':
      return { backend: 'local' };
  }
}

/**
 * Reads the stack configuration from the environment.
 * @throws StackConfigError naming every variable that is missing or malformed.
 */
export function loadStackConfig(environment: NodeJS.ProcessEnv = process.env): StackConfig {
  const parsed = environmentSchema.safeParse(environment);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0]);
        return `${variable} ${issue.message}` + (variable in environment ? ` (got "${environment[variable]}")` : '');
      });
  problems.push(...oauthSettingsWithoutOAuth(environment));
  if (!parsed.success || problems.length > 0) throw new StackConfigError(problems);
  const env = parsed.data;
  return {
    environment: env.QC_MCP_ENVIRONMENT,
    region: env.QC_MCP_AWS_REGION as string,
    access: env.QC_MCP_ACCESS,
    auth: env.QC_MCP_AUTH,
    oauth: oauthConfig(env),
    allowedOrigins: env.QC_MCP_ALLOWED_ORIGINS ?? [],
    alarmEmail: env.QC_MCP_ALARM_EMAIL,
    alarmTopicArn: env.QC_MCP_ALARM_TOPIC_ARN,
    customDomain:
      env.QC_MCP_DOMAIN_NAME && env.QC_MCP_CERTIFICATE_ARN
        ? { domainName: env.QC_MCP_DOMAIN_NAME, certificateArn: env.QC_MCP_CERTIFICATE_ARN }
        : undefined,
    vpc:
      env.QC_MCP_VPC_SUBNET_IDS?.length && env.QC_MCP_VPC_SECURITY_GROUP_IDS?.length
        ? { subnetIds: env.QC_MCP_VPC_SUBNET_IDS, securityGroupIds: env.QC_MCP_VPC_SECURITY_GROUP_IDS }
        : undefined,
    reservedConcurrency: env.QC_MCP_RESERVED_CONCURRENCY,
    provisionedConcurrency: env.QC_MCP_PROVISIONED_CONCURRENCY,
    accessLog: env.QC_MCP_ACCESS_LOG,
    disableExecuteApiEndpoint: env.QC_MCP_DISABLE_EXECUTE_API_ENDPOINT,
    permissionsBoundaryArn: env.QC_MCP_PERMISSIONS_BOUNDARY_ARN,
    tracing: env.QC_MCP_TRACING,
    manageSecretValues: env.QC_MCP_MANAGE_SECRET_VALUES,
    protectLogGroup: env.QC_MCP_PROTECT_LOG_GROUP,
    state: stateConfig(env),
  };
}
