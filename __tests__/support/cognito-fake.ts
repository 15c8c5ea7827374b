/**
 * Amazon Cognito's CreateUserPoolClient and ListUserPoolClients on 127.0.0.1, speaking the
 * service's JSON protocol (pages of MaxResults with a NextToken), so a test drives the real
 * @aws-sdk/client-cognito-identity-provider (request signing, error parsing, paging) against it
 * through AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CognitoFake {
  readonly endpoint: string;
  /** Every request received: its X-Amz-Target, its JSON body and whether it was signed. */
  readonly requests: { target: string; body: Record<string, unknown>; signed: boolean }[];
  /** Set, every request fails with this error type (LimitExceededException, AccessDeniedException…). */
  failWith?: string;
  /** The pool's app clients, in creation order (a test may add the stack's own). */
  readonly clients: { ClientId: string; ClientName: string }[];
  close(): Promise<void>;
}

export async function startCognitoFake(): Promise<CognitoFake> {
  let created = 0;
  const fake: Omit<CognitoFake, 'endpoint' | 'close'> = { requests: [], clients: [] };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      const target = String(request.headers['x-amz-target']);
      fake.requests.push({
        target,
        body,
        signed: String(request.headers.authorization).startsWith('AWS4-HMAC-SHA256 '),
      });
      const fail = (type: string, message: string): void => {
        response
          .writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type })
          .end(JSON.stringify({ __type: type, message }));
      };
      if (fake.failWith !== undefined) return fail(fake.failWith, `${fake.failWith} (fake)`);
      if (target === 'AWSCognitoIdentityProviderService.ListUserPoolClients') {
        const start = Number(body.NextToken ?? 0);
        const end = start + Number(body.MaxResults);
        return void response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(
          JSON.stringify({
            UserPoolClients: fake.clients
              .slice(start, end)
              .map((client) => ({ ...client, UserPoolId: body.UserPoolId })),
            ...(end < fake.clients.length ? { NextToken: String(end) } : {}),
          }),
        );
      }
      if (target !== 'AWSCognitoIdentityProviderService.CreateUserPoolClient') {
        return fail('InvalidParameterException', `the fake serves List and CreateUserPoolClient only, not ${target}`);
      }
      created += 1;
      const clientId = `registeredclient${String(created).padStart(10, '0')}`;
      fake.clients.push({ ClientId: clientId, ClientName: String(body.ClientName) });
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(
        JSON.stringify({
          UserPoolClient: {
            ...body,
            ClientId: clientId,
            CreationDate: 1_700_000_000,
            LastModifiedDate: 1_700_000_000,
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** Points the AWS SDK at `fake` with fake credentials, and keeps it off any real AWS configuration. */
export function pointAwsSdkAt(fake: CognitoFake): void {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key',
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: fake.endpoint,
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
}
