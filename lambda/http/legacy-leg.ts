/**
 * Serves one 2025-era request (2025-03-26 … 2025-11-25, `initialize` and all) with the SDK's own
 * Streamable HTTP transport, stateless and answering in JSON. The SDK's serving entry has a
 * stateless legacy fallback too, but it answers in SSE; JSON is what this endpoint has always
 * answered, and what its 2025 clients and API Gateway handle best. The SDK documents this
 * composition: route with `isLegacyRequest` in front of a `legacy: 'reject'` handler.
 */
import { WebStandardStreamableHTTPServerTransport, type Server } from '@modelcontextprotocol/server';

export async function serveLegacy(server: Server, request: Request, parsedBody: unknown): Promise<Response> {
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request, { parsedBody });
  } finally {
    await transport.close();
    await server.close();
  }
}
