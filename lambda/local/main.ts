/**
 * `qc-mcp` (the package's bin, run by `npm start` and `npx qc-mcp`): the same handler as Lambda
 * behind a local HTTP server at http://127.0.0.1:3000/mcp, or with `--stdio` the same tools on
 * stdin/stdout for desktop clients. Configuration comes from the environment (lambda/config.ts).
 */
import { credentialsOf, mcpPathOf, OAUTH_MCP_PATH } from '../auth/modes';
import { protectedResourceMetadata } from '../auth/resource-metadata';
import {
  ConfigurationError,
  LOCAL_ALLOWED_ORIGINS,
  loadLocalServerConfig,
  loadRuntimeConfig,
  type RuntimeConfig,
} from '../config';
import { productionDependencies } from '../dependencies';
import { eventHeaders } from '../http/event';
import { createHandler } from '../http/handler';
import type { ServerDependencies } from '../server';
import { isAuthorizationServerPath, withLocalAuthorizationServer } from './authorization-server';
import { startLocalServer, type LocalServerOptions } from './http-server';
import { isLoopbackHost, originAsReached } from './loopback-names';
import { serveStdio, stderrWriter } from './stdio';

const USAGE = `Usage: qc-mcp [--stdio]

Serves the QuantConnect MCP tools.
  (default)  HTTP at http://HOST:PORT/mcp (HOST 127.0.0.1, PORT 3000; MCP_API_KEY demands x-api-key)
             QC_MCP_AUTH=oauth|both: also /oauth/mcp, bearer tokens of the issuer QC_MCP_OAUTH_ISSUER
  --stdio    MCP over stdin/stdout, for desktop clients; logs go to stderr

QuantConnect credentials: QC_USER_ID and QC_API_TOKEN, or the Secrets Manager secrets named by
QC_MCP_USER_ID_SECRET and QC_MCP_API_TOKEN_SECRET. Tools: QC_MCP_ACCESS (read-only | standard | live-trading).
`;

export async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const unknown = argv.filter((argument) => argument !== '--stdio');
  if (unknown.length > 0) throw new Error(`Unknown argument ${unknown[0]}\n\n${USAGE}`);

  const config = loadRuntimeConfig(process.env, { defaultAllowedOrigins: LOCAL_ALLOWED_ORIGINS });
  const dependencies = productionDependencies(config);
  if (argv.includes('--stdio')) {
    serveStdio(dependencies, config.environment);
    stderrWriter(`qc-mcp: serving ${dependencies.tools.length} tools over stdio (QC_MCP_ACCESS=${config.access})`);
    return;
  }
  await serveHttp(dependencies, config);
}

export interface HttpExtras {
  /** More POST routes (see LocalServerOptions.routes). */
  readonly routes?: LocalServerOptions['routes'];
  /** Appended to the start-up line, given the MCP endpoint's URL. */
  readonly note?: (url: string) => string;
  /** Run before the process exits on SIGINT or SIGTERM. */
  readonly onStop?: () => Promise<void>;
}

/** npm start's HTTP serving (HOST, PORT, MCP_API_KEY) until SIGINT or SIGTERM; the sandbox's too. */
export async function serveHttp(
  dependencies: ServerDependencies,
  config: RuntimeConfig,
  extras: HttpExtras = {},
): Promise<void> {
  const local = loadLocalServerConfig(process.env);
  const { auth } = config;
  const oauth = auth.mode !== 'api-key';
  const issuer = auth.oauth.issuer;
  if (oauth && issuer === undefined) {
    // No API Gateway verifies tokens here: without an issuer every OAuth request would be refused.
    throw new ConfigurationError(
      `Environment variable QC_MCP_OAUTH_ISSUER is required with QC_MCP_AUTH=${auth.mode} locally: ` +
        'the OpenID issuer whose tokens the server accepts (its /.well-known/openid-configuration is read)',
    );
  }
  if (auth.mode === 'both' && local.apiKey === undefined) {
    // /mcp takes API keys, and locally only MCP_API_KEY asks for one: without it, /mcp would give
    // anyone every tool of QC_MCP_ACCESS with no sign-in, beside the OAuth path meant to guard them.
    throw new ConfigurationError(
      `Environment variable MCP_API_KEY is required with QC_MCP_AUTH=both locally: /mcp would otherwise serve ` +
        `every tool of QC_MCP_ACCESS=${config.access} to anyone, with no credential. Set MCP_API_KEY, ` +
        'or QC_MCP_AUTH=oauth to serve /oauth/mcp alone',
    );
  }
  let origin = '';
  const oauthResource = (host: string | undefined) =>
    auth.oauth.resource ?? `${originAsReached(origin, host)}${OAUTH_MCP_PATH}`;
  const mcpHandler = createHandler({
    ...dependencies,
    allowedOrigins: config.allowedOrigins,
    environment: config.environment,
    auth,
    oauthResource: (event) => oauthResource(eventHeaders(event).host),
  });
  // With the proxy, this server is the authorization server clients see, in front of the issuer.
  const proxy = oauth && issuer !== undefined && local.oauthProxy;
  const server = await startLocalServer({
    handler: proxy
      ? withLocalAuthorizationServer(mcpHandler, {
          issuer,
          origin: () => origin,
          loopbackDocuments: local.loopbackDocuments,
        })
      : mcpHandler,
    forward: proxy ? isAuthorizationServerPath : undefined,
    host: local.host,
    port: local.port,
    apiKey: local.apiKey,
    mcpPaths: credentialsOf(auth.mode).map(mcpPathOf),
    resourceMetadata:
      oauth && issuer !== undefined
        ? {
            mcpPath: OAUTH_MCP_PATH,
            document: (host) => protectedResourceMetadata(oauthResource(host), proxy ? origin : issuer),
          }
        : undefined,
    routes: extras.routes,
    allowedOrigins: config.allowedOrigins,
  });
  origin = server.origin;
  process.stderr.write(
    `qc-mcp: MCP endpoint at ${server.url} (QC_MCP_ACCESS=${config.access}` +
      `${auth.mode === 'oauth' ? `, OAuth tokens of ${issuer}` : ''}` +
      `${local.apiKey === undefined ? '' : ', x-api-key required'})${extras.note?.(server.url) ?? ''}\n`,
  );
  if (auth.mode === 'both') {
    process.stderr.write(`qc-mcp: OAuth endpoint at ${origin}${OAUTH_MCP_PATH} (tokens of ${issuer})\n`);
  }
  if (auth.mode === 'api-key' && local.apiKey === undefined && !isLoopbackHost(local.host)) {
    process.stderr.write(
      `qc-mcp: WARNING: HOST=${local.host} without MCP_API_KEY: anyone who can reach port ${new URL(server.origin).port} of this ` +
        `machine gets every tool of QC_MCP_ACCESS=${config.access}, with no credential. Set MCP_API_KEY.\n`,
    );
  }
  const stop = () => {
    void Promise.all([server.close(), extras.onStop?.()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
