/** Web `Response` (from the MCP transport) → API Gateway proxy result. */
import type { APIGatewayProxyResult } from 'aws-lambda';

export async function fromWebResponse(
  response: Response,
  extraHeaders: Record<string, string> = {},
): Promise<APIGatewayProxyResult> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // JSON responses only (the transport runs in JSON mode), so the body is always text.
  return { statusCode: response.status, headers: { ...headers, ...extraHeaders }, body: await response.text() };
}
