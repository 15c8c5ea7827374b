/**
 * AWS Secrets Manager's GetSecretValue on 127.0.0.1, speaking the service's JSON protocol, so a
 * test drives the real @aws-sdk/client-secrets-manager (request signing, error parsing) against
 * it through AWS_ENDPOINT_URL_SECRETS_MANAGER.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SecretsManagerFake {
  readonly endpoint: string;
  /** Every GetSecretValue received: the secret asked for and whether the request was signed. */
  readonly requests: { secretId: string; target: string; signed: boolean }[];
  close(): Promise<void>;
}

/** `secrets`: id → value; undefined = exists without a value; absent = does not exist; an Error name = fails so. */
export async function startSecretsManagerFake(
  secrets: Record<string, string | undefined | { error: string }>,
): Promise<SecretsManagerFake> {
  const requests: SecretsManagerFake['requests'] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { SecretId: secretId } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretId: string };
      const target = String(request.headers['x-amz-target']);
      requests.push({
        secretId,
        target,
        signed: String(request.headers.authorization).startsWith('AWS4-HMAC-SHA256 '),
      });
      const fail = (type: string, message: string): void => {
        response
          .writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type })
          .end(JSON.stringify({ __type: type, message }));
      };
      const entry = secrets[secretId];
      if (!(secretId in secrets))
        return fail('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      if (entry === undefined) {
        return fail(
          'ResourceNotFoundException',
          "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
        );
      }
      if (typeof entry === 'object') return fail(entry.error, `${entry.error} for ${secretId}`);
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(
        JSON.stringify({
          ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${secretId}-AbCdEf`,
          Name: secretId,
          SecretString: entry,
          VersionId: '00000000-0000-0000-0000-000000000001',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1_700_000_000,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
