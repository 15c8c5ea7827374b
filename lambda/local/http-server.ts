/**
 * `npm start`: the Lambda handler behind a plain Node HTTP server at /mcp (and /oauth/mcp with
 * OAuth, QC_MCP_AUTH). Each request becomes an API Gateway event, the handler answers it, and the
 * answer goes back as API Gateway would send it. With an API key set, a POST to /mcp without the
 * matching `x-api-key` gets 403, as the gateway's API-key check answers (GET and OPTIONS need no
 * key there either). The OAuth resource metadata is served as the gateway serves it. A client
 * that disconnects stops its tool calls (McpContext.clientGone).
 */
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpHandler } from '../http/handler';
import { JsonRpcCode, jsonRpcErrorBody } from '../http/json-rpc-error';
import { MAX_BODY_BYTES } from '../http/payload';
import { API_KEY_MCP_PATH } from '../auth/modes';
import { originPolicy, type OriginCheck } from '../http/cors';
import { clip } from '../quote';
import { METADATA_CORS_HEADERS, METADATA_PREFLIGHT_HEADERS, metadataPath } from '../auth/resource-metadata';
import { toApiGatewayEvent } from './api-gateway-event';

export const MCP_PATH = API_KEY_MCP_PATH;

export interface LocalServerOptions {
  readonly handler: McpHandler;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly apiKey?: string;
  /** The MCP paths served, the first announced. @default ['/mcp'] */
  readonly mcpPaths?: readonly string[];
  /** The protected-resource metadata of an OAuth path, served at its well-known URL, given the request's Host. */
  readonly resourceMetadata?: { readonly mcpPath: string; readonly document: (host: string | undefined) => object };
  /**
   * POST paths served beside /mcp, behind the same API key and origin rules, each answered 200
   * with the JSON its function returns (the sandbox's reset). @default none
   */
  readonly routes?: Readonly<Record<string, () => unknown>>;
  /** Other requests the handler answers itself (the authorization server's, lambda/local/authorization-server.ts). @default none */
  readonly forward?: (method: string, path: string) => boolean;
  /**
   * The browser origins the extra routes accept, as /mcp's (RuntimeConfig.allowedOrigins): a
   * request without Origin passes, any other is refused. @default none
   */
  readonly allowedOrigins?: readonly string[];
}

export interface LocalServer {
  /** The first MCP endpoint, e.g. http://127.0.0.1:3000/mcp. */
  readonly url: string;
  /** http://127.0.0.1:3000 */
  readonly origin: string;
  close(): Promise<void>;
}

/** Compares digests so the time taken says nothing about how much of the key matched. */
function sameKey(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function sendJsonRpcError(response: ServerResponse, status: number, message: string): void {
  response
    .writeHead(status, { 'content-type': 'application/json' })
    .end(jsonRpcErrorBody(JsonRpcCode.ServerError, message));
}

/**
 * Reads the body, up to one byte more than the endpoint accepts: enough for the handler to
 * answer 413 itself, without holding an unbounded upload in memory. The chunk that crosses the
 * limit contributes its first bytes, so an oversized body always arrives oversized.
 */
async function readBody(request: IncomingMessage): Promise<Buffer> {
  const kept = MAX_BODY_BYTES + 1;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    const room = kept - size;
    if (room > 0) chunks.push(chunk.length <= room ? chunk : chunk.subarray(0, room));
    size += chunk.length;
  }
  return Buffer.concat(chunks);
}

function localContext(): Context {
  // No getRemainingTimeInMillis: there is no Lambda timeout locally, only the tool budget.
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'qc-mcp-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'local',
    memoryLimitInMB: '0',
    awsRequestId: requestId,
    logGroupName: 'local',
    logStreamName: 'local',
  } as Context;
}

function send(response: ServerResponse, result: APIGatewayProxyResult): void {
  const headers: Record<string, string | string[]> = { ...result.headers } as Record<string, string>;
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String);
  response.writeHead(result.statusCode, headers);
  response.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const mcpPaths = options.mcpPaths ?? [MCP_PATH];
  const metadata = options.resourceMetadata;
  const isAllowedOrigin = originPolicy(options.allowedOrigins ?? []);
  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (metadata !== undefined && path === metadataPath(metadata.mcpPath)) {
        if (request.method === 'OPTIONS') {
          response.writeHead(204, METADATA_PREFLIGHT_HEADERS).end();
          return;
        }
        if (request.method === 'GET') {
          response
            .writeHead(200, { 'content-type': 'application/json', ...METADATA_CORS_HEADERS })
            .end(JSON.stringify(metadata.document(firstHeader(request, 'host'))));
          return;
        }
      }
      const route = request.method === 'POST' ? options.routes?.[path] : undefined;
      const forwarded = options.forward?.(request.method ?? 'GET', path) ?? false;
      if (!mcpPaths.includes(path) && route === undefined && !forwarded) {
        sendJsonRpcError(response, 404, `Not Found: the MCP endpoint is ${mcpPaths.join(' or ')}`);
        return;
      }
      // The API key guards /mcp and the extra routes; /oauth/mcp takes bearer tokens instead.
      if (
        (path === MCP_PATH || route !== undefined) &&
        request.method === 'POST' &&
        options.apiKey !== undefined &&
        !sameKey(firstHeader(request, 'x-api-key'), options.apiKey)
      ) {
        sendJsonRpcError(response, 403, 'Forbidden: missing or wrong x-api-key');
        return;
      }
      if (route !== undefined) {
        const refusal = crossSiteRefusal(request, isAllowedOrigin);
        if (refusal !== undefined) {
          sendJsonRpcError(response, 403, refusal);
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(route()));
        return;
      }
      const body = await readBody(request);
      // A client that closes its connection before the answer has gone: its tool calls stop (and
      // release their QuantConnect slots) instead of running on for nobody.
      const clientGone = new AbortController();
      response.once('close', () => {
        if (!response.writableFinished) clientGone.abort();
      });
      const context = { ...localContext(), clientGone: clientGone.signal };
      send(response, await options.handler(toApiGatewayEvent(request, body, path), context));
    })().catch(() => {
      if (!response.headersSent) sendJsonRpcError(response, 500, 'Internal error in the local server');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const origin = `http://${host}:${port}`;
  return {
    url: `${origin}${mcpPaths[0]}`,
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * Why a browser request to an extra route is refused, if it is: a cross-site page may POST a form
 * to 127.0.0.1 without any preflight (the answer is unreadable, but the reset happens). The
 * origin rule is /mcp's; Sec-Fetch-Site catches a browser request that carries no Origin.
 */
function crossSiteRefusal(request: IncomingMessage, isAllowedOrigin: OriginCheck): string | undefined {
  const origin = firstHeader(request, 'origin');
  if (origin !== undefined) {
    return isAllowedOrigin(origin) ? undefined : `Forbidden: origin ${clip(origin)} is not allowed`;
  }
  const site = firstHeader(request, 'sec-fetch-site');
  return site === 'cross-site' || site === 'same-site'
    ? `Forbidden: a ${site} browser request is not allowed`
    : undefined;
}

function firstHeader(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
