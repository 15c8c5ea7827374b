/**
 * Credentials from the environment as they are, or from Secrets Manager, cached with a TTL; an
 * unset secret is reported with the command that sets it.
 */
import {
  awsSecretReader,
  credentialsFrom,
  secretsManagerCredentials,
  SecretNotSetError,
  type SecretReader,
} from '../../lambda/credentials';
import { startSecretsManagerFake, type SecretsManagerFake } from '../support/mcp-secrets-manager-fake';

const USER_ID_SECRET = 'quant-connect-mcp/user-id';
const API_TOKEN_SECRET = 'quant-connect-mcp/api-token';

/** A reader over a map, counting reads; `clock` is advanced by hand. */
function secrets(values: Record<string, string | undefined>) {
  const reads: string[] = [];
  const read: SecretReader = (secretId) => {
    reads.push(secretId);
    return Promise.resolve(values[secretId]);
  };
  return { read, reads };
}

function provider(read: SecretReader, clock = { now: 0 }) {
  return secretsManagerCredentials({
    userIdSecret: USER_ID_SECRET,
    apiTokenSecret: API_TOKEN_SECRET,
    ttlMs: 300_000,
    readSecret: read,
    now: () => clock.now,
  });
}

describe('from the environment', () => {
  test('are used as they are', async () => {
    const credentials = credentialsFrom({ kind: 'environment', userId: '12345', apiToken: 'token' });
    await expect(credentials()).resolves.toEqual({ userId: '12345', apiToken: 'token' });
  });
});

describe('from Secrets Manager', () => {
  test('reads both secrets', async () => {
    const { read } = secrets({ [USER_ID_SECRET]: '12345', [API_TOKEN_SECRET]: 'token' });
    await expect(provider(read)()).resolves.toEqual({ userId: '12345', apiToken: 'token' });
  });

  test('trims the whitespace a pasted value often carries', async () => {
    const { read } = secrets({ [USER_ID_SECRET]: ' 12345\n', [API_TOKEN_SECRET]: 'token\n' });
    await expect(provider(read)()).resolves.toEqual({ userId: '12345', apiToken: 'token' });
  });

  test('reuses the values within the TTL', async () => {
    const { read, reads } = secrets({ [USER_ID_SECRET]: '12345', [API_TOKEN_SECRET]: 'token' });
    const clock = { now: 0 };
    const credentials = provider(read, clock);
    await credentials();
    clock.now = 299_999;
    await credentials();
    expect(reads).toHaveLength(2);
  });

  test('reads again after the TTL, picking up a rotation', async () => {
    const values: Record<string, string> = { [USER_ID_SECRET]: '12345', [API_TOKEN_SECRET]: 'old' };
    const { read } = secrets(values);
    const clock = { now: 0 };
    const credentials = provider(read, clock);
    await credentials();
    values[API_TOKEN_SECRET] = 'rotated';
    clock.now = 300_000;
    await expect(credentials()).resolves.toEqual({ userId: '12345', apiToken: 'rotated' });
  });

  test('concurrent callers share one read', async () => {
    const { read, reads } = secrets({ [USER_ID_SECRET]: '12345', [API_TOKEN_SECRET]: 'token' });
    const credentials = provider(read);
    await Promise.all([credentials(), credentials(), credentials()]);
    expect(reads).toHaveLength(2);
  });

  test.each([
    ['has no value', undefined],
    ['is empty', '   '],
  ])('a secret that %s gives the exact put-secret-value command', async (_name, value) => {
    const { read } = secrets({ [USER_ID_SECRET]: value, [API_TOKEN_SECRET]: 'token' });
    const failure = provider(read)();
    await expect(failure).rejects.toBeInstanceOf(SecretNotSetError);
    await expect(failure).rejects.toThrow(
      `aws secretsmanager put-secret-value --secret-id ${USER_ID_SECRET} --secret-string '<your QuantConnect user id>'`,
    );
  });

  test('a failure is not cached: a value put afterwards is used on the next call', async () => {
    const values: Record<string, string | undefined> = { [USER_ID_SECRET]: '12345', [API_TOKEN_SECRET]: undefined };
    const credentials = provider(secrets(values).read);
    await expect(credentials()).rejects.toThrow(SecretNotSetError);
    values[API_TOKEN_SECRET] = 'token';
    await expect(credentials()).resolves.toEqual({ userId: '12345', apiToken: 'token' });
  });
});

describe('through the AWS SDK, against a Secrets Manager on 127.0.0.1', () => {
  const saved = { ...process.env };
  let fake: SecretsManagerFake;

  beforeAll(async () => {
    fake = await startSecretsManagerFake({
      [USER_ID_SECRET]: '12345',
      [API_TOKEN_SECRET]: 'token-from-aws',
      'quant-connect-mcp/unset': undefined,
      'quant-connect-mcp/forbidden': { error: 'AccessDeniedException' },
    });
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
      AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.endpoint,
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
  });

  afterAll(async () => {
    process.env = saved;
    await fake.close();
  });

  test('reads both secrets with signed GetSecretValue requests', async () => {
    const credentials = secretsManagerCredentials({
      userIdSecret: USER_ID_SECRET,
      apiTokenSecret: API_TOKEN_SECRET,
      ttlMs: 300_000,
    });
    await expect(credentials()).resolves.toEqual({ userId: '12345', apiToken: 'token-from-aws' });
    expect(fake.requests).toEqual(
      expect.arrayContaining([
        { secretId: USER_ID_SECRET, target: 'secretsmanager.GetSecretValue', signed: true },
        { secretId: API_TOKEN_SECRET, target: 'secretsmanager.GetSecretValue', signed: true },
      ]),
    );
  });

  test.each(['quant-connect-mcp/unset', 'quant-connect-mcp/missing'])(
    'a secret without a value (%s) reads as unset',
    async (secretId) => {
      await expect(awsSecretReader()(secretId)).resolves.toBeUndefined();
    },
  );

  test('any other failure names the secret and the error', async () => {
    await expect(awsSecretReader()('quant-connect-mcp/forbidden')).rejects.toThrow(
      /Could not read secret quant-connect-mcp\/forbidden from Secrets Manager \(AccessDeniedException/,
    );
  });
});
