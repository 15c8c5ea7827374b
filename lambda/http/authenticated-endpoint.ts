/**
 * Authentication in front of the MCP endpoint (lambda/auth decides; this adapts it to the edge):
 * a POST is served only for a principal, whose subject goes on the log line and whose tier
 * becomes the request's tier (`tools/list` shows that caller's tools only). A `tools/call` that a
 * token with more scope would allow gets the 403 `insufficient_scope` answer before it runs.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Authenticated, Authenticator } from '../auth/authenticate';
import { requiredAccess, type ToolDefinition } from '../tools/define';
import { corsHeaders, originPolicy } from './cors';
import { eventBody, eventHeaders } from './event';
import type { McpEndpoint } from './mcp-endpoint';

/** The tools a POST body calls, by name; none when it is not JSON (the endpoint answers that). */
function calledTools(body: Buffer): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return [];
  }
  return (Array.isArray(parsed) ? parsed : [parsed]).flatMap(
    (message: { method?: unknown; params?: { name?: unknown } }) =>
      message?.method === 'tools/call' && typeof message.params?.name === 'string' ? [message.params.name] : [],
  );
}

function scopeRefusal(
  authenticated: Authenticated,
  body: Buffer,
  tools: ReadonlyMap<string, ToolDefinition>,
): APIGatewayProxyResult | undefined {
  for (const name of calledTools(body)) {
    const definition = tools.get(name);
    const refusal = definition && authenticated.requireAccess(requiredAccess(definition.effect));
    if (refusal) return refusal;
  }
  return undefined;
}

export function authenticatedEndpoint(options: {
  readonly endpoint: McpEndpoint;
  readonly authenticate: Authenticator;
  readonly tools: readonly ToolDefinition[];
  readonly allowedOrigins: readonly string[];
}): McpEndpoint {
  const { endpoint, authenticate } = options;
  const tools = new Map(options.tools.map((tool) => [tool.name, tool]));
  const isAllowedOrigin = originPolicy(options.allowedOrigins);

  return async (event, context, endpointOptions = {}) => {
    // The preflight and GET carry no credential (browsers send none on a preflight): the endpoint answers them.
    if (event.httpMethod !== 'POST') return endpoint(event, context, endpointOptions);
    const authentication = await authenticate(event);
    const origin = eventHeaders(event).origin;
    const cors = origin !== undefined && isAllowedOrigin(origin) ? corsHeaders(origin) : {};
    if ('rejection' in authentication) {
      return { ...authentication.rejection, headers: { ...authentication.rejection.headers, ...cors } };
    }
    if (context.mcpRequest) context.mcpRequest.subject = authentication.principal.subject;
    if (authentication.credential === 'oauth') {
      const refusal = scopeRefusal(authentication, eventBody(event), tools);
      if (refusal) return { ...refusal, headers: { ...refusal.headers, ...cors } };
    }
    return endpoint(event, context, {
      ...endpointOptions,
      // An API key carries no tier of its own: its callers share the deployment's.
      callerAccess: authentication.credential === 'oauth' ? authentication.principal.access : undefined,
    });
  };
}
