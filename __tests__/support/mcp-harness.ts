/** A handler built from the test catalogue, with its client and log lines at hand. */
import type { CallToolResult, InitializeResult, ListToolsResult } from '@modelcontextprotocol/sdk/types.js';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { environmentCredentials } from '../../lambda/credentials';
import { createHandler, type HandlerDependencies } from '../../lambda/http/handler';
import { lambdaContext } from './mcp-events';
import { RecordingClient, TEST_TOOLS } from './mcp-test-catalogue';

export const ALLOWED_ORIGIN = 'https://app.example.com';

export interface TestHandler {
  readonly client: RecordingClient;
  /** Every log line written, parsed. */
  readonly logs: Record<string, unknown>[];
  readonly rawLogs: string[];
  readonly invoke: (event: APIGatewayProxyEvent, context?: Context) => Promise<APIGatewayProxyResult>;
}

export function testHandler(overrides: Partial<HandlerDependencies> = {}): TestHandler {
  const client = overrides.client instanceof RecordingClient ? overrides.client : new RecordingClient();
  const rawLogs: string[] = [];
  const handler = createHandler({
    tools: TEST_TOOLS,
    client,
    credentials: environmentCredentials('12345', 'token-abc'),
    access: 'standard',
    allowedOrigins: [ALLOWED_ORIGIN, 'http://localhost:*'],
    environment: 'local',
    log: (line) => rawLogs.push(line),
    ...overrides,
  });
  return {
    client,
    rawLogs,
    get logs() {
      return rawLogs.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    invoke: (event, context = lambdaContext()) => handler(event, context),
  };
}

/** A JSON-RPC answer as this server gives them: an error, or one of the results it produces. */
export interface JsonRpcAnswer {
  readonly jsonrpc: string;
  readonly id: string | number | null;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: unknown };
  readonly result?: Partial<InitializeResult> & Partial<ListToolsResult> & Partial<CallToolResult>;
}

export function body(result: APIGatewayProxyResult): JsonRpcAnswer {
  return JSON.parse(result.body) as JsonRpcAnswer;
}

/** The text of a tools/call result, and whether it is an error. */
export function toolText(result: APIGatewayProxyResult): { text: string; isError: boolean } {
  const answer = body(result);
  const content = answer.result?.content?.[0];
  if (answer.error || content?.type !== 'text') throw new Error(`not a text tool result: ${result.body}`);
  return { text: content.text, isError: answer.result?.isError === true };
}
