/**
 * The Cognito user pool that signs MCP users in: invited users only by default, MFA as configured
 * (required by default in prod), threat protection when asked (the Plus tier), its
 * managed-login domain, the resource server whose scopes are the access tiers, and one group per
 * tier (the operator's per-user grant; lambda/auth/tiers.ts says why both).
 */
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { CognitoResourceServer } from '@cdktf/provider-aws/lib/cognito-resource-server';
import { CognitoUserGroup } from '@cdktf/provider-aws/lib/cognito-user-group';
import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool';
import { CognitoUserPoolDomain } from '@cdktf/provider-aws/lib/cognito-user-pool-domain';
import { RESOURCE_SERVER_IDENTIFIER, TIER_GROUPS } from '../../lambda/auth/tiers';
import type { Access } from '../../lambda/tools/define';
import type { MfaSetting, ThreatProtectionSetting } from '../config';

export interface McpUserPoolProps {
  /** @default 'qc-mcp-users' */
  readonly name?: string;
  /** The stack's region: part of the issuer and managed-login URLs. */
  readonly region: string;
  /** @default 'optional' (users may add an authenticator app); the stack's configuration makes prod 'required' */
  readonly mfa?: MfaSetting;
  /**
   * Threat protection (compromised credentials, adaptive authentication). Cognito offers it on the
   * Plus tier only, so anything but 'off' moves the pool from Essentials to Plus.
   * @default 'off'
   */
  readonly threatProtection?: ThreatProtectionSetting;
  /** @default false (users are invited with admin-create-user) */
  readonly selfSignUp?: boolean;
  /** @default 'qc-mcp-' + the pool id in lower case (pool ids are unique, so is the prefix) */
  readonly domainPrefix?: string;
  /** Refuse `terraform destroy` of the pool and its users. @default true */
  readonly deletionProtection?: boolean;
}

const MFA_CONFIGURATION: Record<MfaSetting, string> = { off: 'OFF', optional: 'OPTIONAL', required: 'ON' };

const ADVANCED_SECURITY_MODE: Record<Exclude<ThreatProtectionSetting, 'off'>, string> = {
  audit: 'AUDIT',
  enforced: 'ENFORCED',
};

const TIER_DESCRIPTIONS: Record<Access, string> = {
  'read-only': 'Read projects, backtests and live results',
  standard: 'Also create, change and delete projects, files, backtests and optimizations',
  'live-trading': 'Also deploy, stop and trade live algorithms',
};

/** Cognito picks the group with the lowest precedence for a role; the higher tier comes first. */
const GROUP_PRECEDENCE: Record<Access, number> = { 'live-trading': 1, standard: 2, 'read-only': 3 };

/**
 * @resource aws_cognito_user_pool
 */
export class McpUserPool extends Construct {
  readonly userPoolId: string;
  readonly userPoolArn: string;
  /** The `iss` of its tokens and the OpenID discovery base: https://cognito-idp.<region>.amazonaws.com/<pool id> */
  readonly issuer: string;
  /** The managed login (authorize, token and login pages): https://<prefix>.auth.<region>.amazoncognito.com */
  readonly domainUrl: string;
  /** The resource server, for app clients that allow its scopes. */
  readonly resourceServer: CognitoResourceServer;

  constructor(scope: Construct, id: string, props: McpUserPoolProps) {
    super(scope, id);
    const mfa = props.mfa ?? 'optional';
    const threatProtection = props.threatProtection ?? 'off';

    const pool = new CognitoUserPool(this, 'Resource', {
      name: props.name ?? 'qc-mcp-users',
      usernameAttributes: ['email'],
      autoVerifiedAttributes: ['email'],
      adminCreateUserConfig: { allowAdminCreateUserOnly: !(props.selfSignUp ?? false) },
      mfaConfiguration: MFA_CONFIGURATION[mfa],
      softwareTokenMfaConfiguration: mfa === 'off' ? undefined : { enabled: true },
      accountRecoverySetting: { recoveryMechanism: [{ name: 'verified_email', priority: 1 }] },
      passwordPolicy: {
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: false,
        temporaryPasswordValidityDays: 7,
      },
      // Essentials: managed login, access tokens for resource-server scopes, refresh-token rotation;
      // free up to 10 000 users a month. Plus adds threat protection, at a price per user.
      userPoolTier: threatProtection === 'off' ? 'ESSENTIALS' : 'PLUS',
      userPoolAddOns:
        threatProtection === 'off' ? undefined : { advancedSecurityMode: ADVANCED_SECURITY_MODE[threatProtection] },
      deletionProtection: (props.deletionProtection ?? true) ? 'ACTIVE' : 'INACTIVE',
    });
    const domain = new CognitoUserPoolDomain(this, 'Domain', {
      userPoolId: pool.id,
      domain: props.domainPrefix ?? `qc-mcp-${Fn.lower(Fn.replace(pool.id, '_', '-'))}`,
      // Version 2 (the new managed login) shows no page until a branding style exists, which
      // provider 5.100.0 cannot create; the classic hosted UI needs none.
      managedLoginVersion: 1,
    });
    this.resourceServer = new CognitoResourceServer(this, 'ResourceServer', {
      userPoolId: pool.id,
      identifier: RESOURCE_SERVER_IDENTIFIER,
      name: 'QuantConnect MCP',
      scope: TIER_GROUPS.map((tier) => ({ scopeName: tier, scopeDescription: TIER_DESCRIPTIONS[tier] })),
    });
    for (const tier of TIER_GROUPS) {
      new CognitoUserGroup(this, `Group-${tier}`, {
        userPoolId: pool.id,
        name: tier,
        precedence: GROUP_PRECEDENCE[tier],
        description: `QuantConnect MCP tier ${tier}: ${TIER_DESCRIPTIONS[tier]}`,
      });
    }

    this.userPoolId = pool.id;
    this.userPoolArn = pool.arn;
    this.issuer = `https://cognito-idp.${props.region}.amazonaws.com/${pool.id}`;
    this.domainUrl = `https://${domain.domain}.auth.${props.region}.amazoncognito.com`;
  }
}
