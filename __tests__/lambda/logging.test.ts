/**
 * One structured JSON line per request, also a CloudWatch Embedded Metric Format record for tool
 * calls, and never a header value, key, token or body.
 */
import { body, testHandler } from '../support/mcp-harness';
import {
  apiGatewayEvent,
  initializeRequest,
  lambdaContext,
  mcpPost,
  modernPost,
  rpc,
  toolCall,
} from '../support/mcp-events';
import { RecordingClient } from '../support/mcp-test-catalogue';

test('a request writes exactly one line with request id, method, duration, outcome and status', async () => {
  const handler = testHandler();
  const context = lambdaContext();
  await handler.invoke(mcpPost(initializeRequest()), context);
  expect(handler.logs).toHaveLength(1);
  const [line] = handler.logs;
  expect(line).toMatchObject({
    requestId: context.awsRequestId,
    httpMethod: 'POST',
    method: 'initialize',
    outcome: 'ok',
    status: 200,
  });
  expect(typeof line.durationMs).toBe('number');
  expect(line).not.toHaveProperty('_aws');
});

test('a tools/call line names the tool and is an EMF record of its metrics', async () => {
  const handler = testHandler();
  await handler.invoke(mcpPost(toolCall('read_project', { projectId: 3 })));
  const [line] = handler.logs;
  expect(line).toMatchObject({
    method: 'tools/call',
    tool: 'read_project',
    outcome: 'ok',
    ToolName: 'read_project',
    Environment: 'local',
    ToolCalls: 1,
    ToolErrors: 0,
    _aws: {
      CloudWatchMetrics: [
        {
          Namespace: 'QuantConnectMCP',
          Dimensions: [['ToolName', 'Environment']],
          Metrics: [
            { Name: 'ToolCalls', Unit: 'Count' },
            { Name: 'ToolErrors', Unit: 'Count' },
            { Name: 'QuantConnectLatency', Unit: 'Milliseconds' },
          ],
        },
      ],
    },
  });
  expect(typeof line.QuantConnectLatency).toBe('number');
  expect(typeof (line._aws as { Timestamp: unknown }).Timestamp).toBe('number');
});

test('the Environment dimension is the deployment the handler serves', async () => {
  const handler = testHandler({ environment: 'dev' });
  await handler.invoke(mcpPost(toolCall('read_project', { projectId: 3 })));
  expect(handler.logs[0]).toMatchObject({ ToolName: 'read_project', Environment: 'dev' });
});

test('a tool error is counted in ToolErrors with outcome tool_error', async () => {
  const handler = testHandler();
  await handler.invoke(mcpPost(toolCall('read_failing')));
  expect(handler.logs[0]).toMatchObject({ outcome: 'tool_error', ToolErrors: 1, ToolCalls: 1 });
});

test('a call that ran but never reached QuantConnect declares no latency metric (EMF needs every declared value)', async () => {
  const handler = testHandler();
  await handler.invoke(mcpPost(toolCall('read_failing')));
  const [line] = handler.logs as [{ _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } }];
  expect(line).not.toHaveProperty('QuantConnectLatency');
  expect(line._aws.CloudWatchMetrics[0].Metrics.map((metric) => metric.Name)).toEqual(['ToolCalls', 'ToolErrors']);
});

describe('a call refused before the tool ran is not a tool call: it counts as RejectedToolCalls, outcome rejected', () => {
  const onlyRejected = (line: Record<string, unknown>, toolName: string) => {
    expect(line).toMatchObject({ method: 'tools/call', outcome: 'rejected', ToolName: toolName, RejectedToolCalls: 1 });
    for (const metric of ['ToolCalls', 'ToolErrors', 'QuantConnectLatency']) expect(line).not.toHaveProperty(metric);
    const [directive] = (line._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }).CloudWatchMetrics;
    expect(directive.Metrics).toEqual([{ Name: 'RejectedToolCalls', Unit: 'Count' }]);
  };

  test('bad arguments', async () => {
    const handler = testHandler();
    await handler.invoke(mcpPost(toolCall('read_project', { projectId: 'seven' })));
    onlyRejected(handler.logs[0], 'read_project');
    expect(handler.client.calls).toEqual([]);
  });

  test('a tool outside the access tier', async () => {
    const handler = testHandler({ access: 'read-only' });
    await handler.invoke(mcpPost(toolCall('delete_project', { projectId: 3 })));
    onlyRejected(handler.logs[0], 'delete_project');
  });

  test('an unknown tool', async () => {
    const handler = testHandler();
    await handler.invoke(mcpPost(toolCall('made_up_tool')));
    onlyRejected(handler.logs[0], 'unknown');
  });

  test('a 2026-07-28 request whose Mcp-Name header disagrees with the tool it calls', async () => {
    const handler = testHandler();
    await handler.invoke(modernPost(toolCall('read_project', { projectId: 3 }), { headers: { 'Mcp-Name': 'other' } }));
    onlyRejected(handler.logs[0], 'read_project');
    expect(handler.client.calls).toEqual([]);
  });
});

test.each([
  ['an HTTP refusal', 'rejected', 405, apiGatewayEvent({ method: 'GET' })],
  ['a parse error', 'rejected', 400, apiGatewayEvent({ body: '{' })],
  ['a JSON-RPC error answered with 200', 'rejected', 200, mcpPost(rpc('prompts/list'))],
  ['an unexpected failure', 'failed', 500, { ...apiGatewayEvent(), body: 1 as unknown as string }],
])('%s is logged with outcome %s and status %s', async (_name, outcome, status, event) => {
  const handler = testHandler();
  await handler.invoke(event);
  expect(handler.logs).toHaveLength(1);
  expect(handler.logs[0]).toMatchObject({ outcome, status });
});

test('the line of an unexpected failure names the error kind, not its message', async () => {
  const handler = testHandler();
  await handler.invoke({ ...apiGatewayEvent(), body: 1 as unknown as string });
  expect(handler.logs[0]).toMatchObject({ level: 'ERROR', failure: 'TypeError' });
});

test('no header value, API key, token, argument or body reaches the log', async () => {
  const secrets = [
    'key-5f2a9c',
    'Bearer tok-77e1',
    'session-cookie-9d',
    'arg-secret-31b8',
    'result-secret-c4d2',
    'token-abc',
  ];
  const client = new RecordingClient(() => ({ success: true, note: 'result-secret-c4d2' }));
  const handler = testHandler({ client });
  const headers = {
    'x-api-key': 'key-5f2a9c',
    Authorization: 'Bearer tok-77e1',
    Cookie: 'session-cookie-9d',
    Origin: 'https://app.example.com',
  };
  const answers = [
    await handler.invoke(mcpPost(initializeRequest(), headers)),
    await handler.invoke(mcpPost(toolCall('create_project', { name: 'arg-secret-31b8', language: 'Py' }), headers)),
    await handler.invoke(mcpPost(toolCall('update_project', { projectId: 1, name: 'arg-secret-31b8' }), headers)),
    await handler.invoke(
      apiGatewayEvent({
        body: '{"broken": "arg-secret-31b8"',
        headers: { ...headers, 'Content-Type': 'application/json' },
      }),
    ),
  ];
  expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 400]);
  expect(body(answers[2]).result?.content).toEqual([{ type: 'text', text: '{"note":"result-secret-c4d2"}' }]);
  expect(handler.rawLogs).toHaveLength(4);
  const written = handler.rawLogs.join('\n');
  for (const secret of secrets) expect(written).not.toContain(secret);
  expect(written).not.toContain('app.example.com');
});

test('a JSON-RPC error answer, in a batch too, logs its code', async () => {
  const handler = testHandler();
  await handler.invoke(mcpPost([rpc('ping'), rpc('prompts/list')]));
  expect(handler.logs[0]).toMatchObject({
    method: 'batch',
    outcome: 'rejected',
    status: 200,
    jsonRpcErrorCode: -32601,
  });
});

describe('a tool name the catalogue does not have', () => {
  test('is counted under ToolName "unknown", so made-up names cannot create metrics', async () => {
    const handler = testHandler();
    await handler.invoke(mcpPost(toolCall('made_up_tool_7f3a')));
    expect(handler.logs[0]).toMatchObject({ method: 'tools/call', ToolName: 'unknown', RejectedToolCalls: 1 });
    expect(handler.logs[0]).not.toHaveProperty('ToolCalls');
    expect(handler.rawLogs[0]).not.toContain('"ToolName":"made_up_tool_7f3a"');
  });

  test('of 500,000 characters makes a line of a few hundred bytes, its fields cut to 128 characters', async () => {
    const handler = testHandler();
    const name = 'x'.repeat(500_000);
    await handler.invoke(mcpPost(toolCall(name)));
    expect(handler.rawLogs).toHaveLength(1);
    expect(handler.rawLogs[0].length).toBeLessThan(1_000);
    expect(handler.logs[0]).toMatchObject({ ToolName: 'unknown', tool: `${'x'.repeat(127)}…` });
  });

  test('as a made-up JSON-RPC method of 500,000 characters is cut the same way', async () => {
    const handler = testHandler();
    await handler.invoke(mcpPost(rpc('m'.repeat(500_000))));
    expect(handler.rawLogs[0].length).toBeLessThan(1_000);
    expect(handler.logs[0]).toMatchObject({ method: `${'m'.repeat(127)}…` });
  });
});
