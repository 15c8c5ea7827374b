/**
 * The two Secrets Manager secrets that hold the QuantConnect credentials.
 */
import { Construct } from 'constructs';
import { TerraformVariable } from 'cdktf';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { DEFAULT_API_TOKEN_SECRET, DEFAULT_USER_ID_SECRET } from '../lambda/config';

export interface McpSecretsProps {
  /** Name of the secret holding the QuantConnect user id. @default 'quant-connect-mcp/user-id' */
  readonly userIdSecretName?: string;
  /** Name of the secret holding the QuantConnect API token. @default 'quant-connect-mcp/api-token' */
  readonly apiTokenSecretName?: string;
  /** Days a deleted secret can still be restored (0 deletes at once). @default 30 */
  readonly recoveryWindowInDays?: number;
  /**
   * Write the secret values from the sensitive, ephemeral Terraform inputs `quantconnect_user_id` and
   * `quantconnect_api_token` (e.g. TF_VAR_quantconnect_user_id). They are written with the provider's
   * write-only `secret_string_wo`, so they never reach the Terraform state or a saved plan; bump the
   * input `quantconnect_credentials_version` to write new values. When false the secrets are created
   * empty and the operator puts the values with the AWS CLI.
   * @default false
   */
  readonly writeValues?: boolean;
}

/** A secret the function reads: its name (what the function is told) and ARN (what IAM grants). */
export interface SecretReference {
  readonly name: string;
  readonly arn: string;
}

/**
 * Both secrets are created without a value: a generated one would hand the function garbage
 * credentials, while an empty secret makes tool calls say exactly which command fills it.
 *
 * @resource aws_secretsmanager_secret
 */
export class McpSecrets extends Construct {
  readonly userId: SecretReference;
  readonly apiToken: SecretReference;

  constructor(scope: Construct, id: string, props: McpSecretsProps = {}) {
    super(scope, id);
    const userIdSecretName = props.userIdSecretName ?? DEFAULT_USER_ID_SECRET;
    const apiTokenSecretName = props.apiTokenSecretName ?? DEFAULT_API_TOKEN_SECRET;
    const recoveryWindowInDays = props.recoveryWindowInDays ?? 30;
    if (
      !Number.isInteger(recoveryWindowInDays) ||
      (recoveryWindowInDays !== 0 && (recoveryWindowInDays < 7 || recoveryWindowInDays > 30))
    ) {
      throw new Error(
        `${this.node.path}: recoveryWindowInDays must be 0 or a whole number from 7 to 30 (got ${recoveryWindowInDays})`,
      );
    }

    const userId = new SecretsmanagerSecret(this, 'UserId', {
      name: userIdSecretName,
      description: 'QuantConnect user id for the QuantConnect MCP server (a number, e.g. 123456).',
      recoveryWindowInDays,
    });
    const apiToken = new SecretsmanagerSecret(this, 'ApiToken', {
      name: apiTokenSecretName,
      description: 'QuantConnect API token for the QuantConnect MCP server (from quantconnect.com/settings).',
      recoveryWindowInDays,
    });
    this.userId = { name: userIdSecretName, arn: userId.arn };
    this.apiToken = { name: apiTokenSecretName, arn: apiToken.arn };

    if (props.writeValues ?? false) {
      const version = new TerraformVariable(this, 'CredentialsVersion', {
        type: 'number',
        default: 1,
        nullable: false,
        description: 'Raise by one to write new values of quantconnect_user_id and quantconnect_api_token.',
      });
      version.overrideLogicalId('quantconnect_credentials_version');
      const values: [string, SecretsmanagerSecret, string][] = [
        ['quantconnect_user_id', userId, `QuantConnect user id, written to ${userIdSecretName}`],
        ['quantconnect_api_token', apiToken, `QuantConnect API token, written to ${apiTokenSecretName}`],
      ];
      for (const [inputName, secret, description] of values) {
        const input = new TerraformVariable(this, `${secret.node.id}Input`, {
          type: 'string',
          sensitive: true,
          nullable: false,
          description: `${description} (write-only: never stored in the state).`,
        });
        input.overrideLogicalId(inputName);
        // Ephemeral: Terraform keeps the value out of plan files too; cdktf 0.21 has no typed option for it.
        input.addOverride('ephemeral', true);
        new SecretsmanagerSecretVersion(this, `${secret.node.id}Value`, {
          secretId: secret.id,
          secretStringWo: input.stringValue,
          secretStringWoVersion: version.numberValue,
        });
      }
    }
  }

  /** Both secrets, for IAM grants. */
  get arns(): string[] {
    return [this.userId.arn, this.apiToken.arn];
  }
}
