import { METADATA_PREFLIGHT_HEADERS } from '../../lambda/auth/resource-metadata';

/** A browser MCP client's preflight of a metadata document (it reads it with MCP-Protocol-Version). */
export function metadataPreflight(url: string | URL): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin: 'http://localhost:6274',
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'mcp-protocol-version',
    },
  });
}

/** Checks the preflight's answer is the one the gateway's MOCK gives: 204 and the metadata's CORS headers. */
export function expectMetadataPreflightAnswer(response: Response): void {
  expect(response.status).toBe(204);
  for (const [name, value] of Object.entries(METADATA_PREFLIGHT_HEADERS)) {
    expect(response.headers.get(name)).toBe(value);
  }
}
