/**
 * API Gateway event ⇄ the web-standard `Request` and `Response` the SDK's serving entry speaks:
 * the whole of the mapping between the two, in both directions.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { HeaderMap } from './event';

const ACCEPT_BOTH = 'application/json, text/event-stream';

/**
 * The POST as a web Request. Whatever `Accept` says (nothing, `*\/*` or `application/json` only:
 * curl, scripts, some older clients), the SDK is told the client accepts both types: this
 * endpoint answers JSON either way, and refusing such clients with 406 helps no one.
 */
export function webRequest(event: Pick<APIGatewayProxyEvent, 'path'>, headers: HeaderMap, body: Buffer): Request {
  const init = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (name !== 'host' && name !== 'content-length') init.set(name, value);
  }
  init.set('accept', ACCEPT_BOTH);
  const url = `https://${headers.host ?? 'localhost'}${event.path || '/mcp'}`;
  return new Request(url, { method: 'POST', headers: init, body: new Uint8Array(body) });
}

export async function proxyResult(response: Response): Promise<APIGatewayProxyResult> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { statusCode: response.status, headers, body: await response.text() };
}
