import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { McpSecrets } from '../../constructs/secrets';
import { emptyStack, referencesTo, resources, synthStack } from './synth';

interface SecretVersionJson {
  readonly secret_id: string;
  readonly secret_string_wo: string;
  readonly secret_string_wo_version: string;
}

describe('the QuantConnect secrets', () => {
  const { json, tf } = synthStack();

  test('are the user id and the API token, under the names the function is given', () => {
    expect(json).toHaveResourceWithProperties(SecretsmanagerSecret, { name: 'quant-connect-mcp/user-id' });
    expect(json).toHaveResourceWithProperties(SecretsmanagerSecret, { name: 'quant-connect-mcp/api-token' });
    expect(resources(tf, 'aws_secretsmanager_secret')).toHaveLength(2);
  });

  test('are created without any value: none generated, none written', () => {
    expect(tf.resource.aws_secretsmanager_secret_version).toBeUndefined();
    expect(tf.resource.random_password).toBeUndefined();
    expect(tf.variable).toBeUndefined();
  });

  test('can be restored for 30 days after a deletion in production', () => {
    for (const secret of resources(tf, 'aws_secretsmanager_secret')) expect(secret.recovery_window_in_days).toBe(30);
  });
});

describe('secret values written by Terraform (QC_MCP_MANAGE_SECRET_VALUES=true)', () => {
  const { tf } = synthStack({ QC_MCP_MANAGE_SECRET_VALUES: 'true' });
  const versions = resources<SecretVersionJson>(tf, 'aws_secretsmanager_secret_version');
  const variables = tf.variable ?? {};

  test('come from sensitive, ephemeral inputs that must be given', () => {
    for (const name of ['quantconnect_user_id', 'quantconnect_api_token']) {
      expect(variables[name]).toMatchObject({ type: 'string', sensitive: true, ephemeral: true, nullable: false });
      expect(variables[name]).not.toHaveProperty('default');
    }
  });

  test('are written only through the write-only attribute, so they never reach the state', () => {
    expect(versions).toHaveLength(2);
    expect(versions.map((version) => version.secret_string_wo).sort()).toEqual([
      '${var.quantconnect_api_token}',
      '${var.quantconnect_user_id}',
    ]);
    for (const version of versions) {
      expect(version).not.toHaveProperty('secret_string');
      expect(version).not.toHaveProperty('secret_binary');
    }
  });

  test('are written again when the credentials version input is raised', () => {
    expect(variables.quantconnect_credentials_version).toMatchObject({ type: 'number', default: 1 });
    for (const version of versions) {
      expect(version.secret_string_wo_version).toBe('${var.quantconnect_credentials_version}');
    }
  });

  test('go each into its own secret', () => {
    expect(versions.map((version) => version.secret_id).sort()).toEqual(
      referencesTo(tf, 'aws_secretsmanager_secret', 'id'),
    );
  });
});

test('McpSecrets rejects a recovery window AWS would refuse, naming the prop', () => {
  expect(() => new McpSecrets(emptyStack(), 'Secrets', { recoveryWindowInDays: 3 })).toThrow(
    'test/Secrets: recoveryWindowInDays must be 0 or a whole number from 7 to 30 (got 3)',
  );
});
