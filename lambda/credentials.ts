/**
 * The QuantConnect credentials, from the environment (local runs, tests, benchmarks) or from the
 * two Secrets Manager secrets the stack creates. Secret values are cached per container for a
 * short TTL so a rotation is picked up within minutes without a read on every request.
 */
import type { CredentialSource } from './config';
import type { Credentials, CredentialsProvider } from './quantconnect/types';

/** Thrown when a secret has no usable value; the message is the command the operator runs next. */
export class SecretNotSetError extends Error {
  constructor(
    readonly secretId: string,
    placeholder: string,
  ) {
    super(
      `The QuantConnect credentials are not set up: secret ${secretId} has no value yet ` +
        '(or does not exist: deploying the stack creates it). ' +
        `Run: aws secretsmanager put-secret-value --secret-id ${secretId} --secret-string '${placeholder}'`,
    );
    this.name = 'SecretNotSetError';
  }
}

/** Thrown when Secrets Manager could not be read for another reason (permissions, network). */
export class SecretReadError extends Error {
  constructor(secretId: string, cause: unknown) {
    const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(
      `Could not read secret ${secretId} from Secrets Manager (${detail}). ` +
        'Outside AWS, set QC_USER_ID and QC_API_TOKEN instead.',
    );
    this.name = 'SecretReadError';
  }
}

/** Returns a secret's string value, or undefined when the secret has no value or does not exist. */
export type SecretReader = (secretId: string) => Promise<string | undefined>;

/** Reads secrets with the AWS SDK, which is loaded on the first read only (it is heavy to load). */
export function awsSecretReader(): SecretReader {
  let client: Promise<import('@aws-sdk/client-secrets-manager').SecretsManagerClient> | undefined;
  let command: typeof import('@aws-sdk/client-secrets-manager').GetSecretValueCommand | undefined;
  return async (secretId) => {
    client ??= import('@aws-sdk/client-secrets-manager').then((sdk) => {
      command = sdk.GetSecretValueCommand;
      return new sdk.SecretsManagerClient({});
    });
    const sdkClient = await client;
    try {
      const output = await sdkClient.send(new command!({ SecretId: secretId }));
      return output.SecretString;
    } catch (error) {
      const name = (error as { name?: string }).name;
      // A secret created without a value has no AWSCURRENT version: GetSecretValue answers
      // ResourceNotFoundException for it as for a secret that does not exist.
      if (name === 'ResourceNotFoundException') return undefined;
      throw new SecretReadError(secretId, error);
    }
  };
}

export function environmentCredentials(userId: string, apiToken: string): CredentialsProvider {
  const credentials: Credentials = { userId, apiToken };
  return () => Promise.resolve(credentials);
}

export interface SecretsManagerCredentialsOptions {
  readonly userIdSecret: string;
  readonly apiTokenSecret: string;
  readonly ttlMs: number;
  /** @default awsSecretReader() */
  readonly readSecret?: SecretReader;
  /** @default Date.now */
  readonly now?: () => number;
}

export function secretsManagerCredentials(options: SecretsManagerCredentialsOptions): CredentialsProvider {
  const readSecret = options.readSecret ?? awsSecretReader();
  const now = options.now ?? Date.now;
  let cached: { credentials: Credentials; expiresAt: number } | undefined;
  // Concurrent callers share one read instead of each hitting Secrets Manager.
  let pending: Promise<Credentials> | undefined;

  async function readValue(secretId: string, placeholder: string): Promise<string> {
    const value = (await readSecret(secretId))?.trim();
    if (!value) throw new SecretNotSetError(secretId, placeholder);
    return value;
  }

  async function read(): Promise<Credentials> {
    const [userId, apiToken] = await Promise.all([
      readValue(options.userIdSecret, '<your QuantConnect user id>'),
      readValue(options.apiTokenSecret, '<your QuantConnect API token>'),
    ]);
    const credentials = { userId, apiToken };
    cached = { credentials, expiresAt: now() + options.ttlMs };
    return credentials;
  }

  return () => {
    if (cached && now() < cached.expiresAt) return Promise.resolve(cached.credentials);
    // Failures are not cached: the next call reads again, so a value put after the error
    // is used at once.
    pending ??= read().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

export function credentialsFrom(source: CredentialSource, readSecret?: SecretReader): CredentialsProvider {
  if (source.kind === 'environment') return environmentCredentials(source.userId, source.apiToken);
  return secretsManagerCredentials({ ...source, readSecret });
}
