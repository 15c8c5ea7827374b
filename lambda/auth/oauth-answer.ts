import type { APIGatewayProxyResult } from 'aws-lambda';

/**
 * A JSON answer of the OAuth routes a client uses before it has a token (registration, the
 * authorization proxy's token step): never cached, and open to any origin, since they are public
 * and credential-free and browser clients (the Inspector) use them too.
 */
export function oauthJsonAnswer(
  statusCode: number,
  body: object,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
      ...headers,
    },
    body: JSON.stringify(body),
  };
}
