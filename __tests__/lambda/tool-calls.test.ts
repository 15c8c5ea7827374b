/**
 * The registrar, through the handler: what tools/list shows at each access level, and how
 * tools/call checks, runs and renders a tool.
 */
import { MAX_RESULT_CHARS } from '../../lambda/tools/define';
import * as describeModule from '../../lambda/tools/describe';
import { secretsManagerCredentials } from '../../lambda/credentials';
import { instructionsFor } from '../../lambda/instructions';
import { LAMBDA_TIME_RESERVE_MS, TOOL_TIME_BUDGET_MS } from '../../lambda/server';
import { body, testHandler, toolText } from '../support/mcp-harness';
import { initializeRequest, lambdaContext, mcpPost, rpc, toolCall } from '../support/mcp-events';
import { RecordingClient, TEST_TOOLS } from '../support/mcp-test-catalogue';

async function listedNames(access: 'read-only' | 'standard' | 'live-trading'): Promise<string[]> {
  const result = await testHandler({ access }).invoke(mcpPost(rpc('tools/list')));
  return (body(result).result?.tools ?? []).map((tool) => tool.name);
}

describe('initialize', () => {
  test('carries instructions for the QuantConnect workflow, polling and the access setting', async () => {
    const result = await testHandler().invoke(mcpPost(initializeRequest()));
    const instructions = body(result).result?.instructions ?? '';
    expect(instructions).toBe(instructionsFor('standard'));
    const steps = instructions.split('\n').filter((line) => /^\d\. /.test(line));
    expect(steps.map((step) => step.slice(3, step.indexOf(':')))).toEqual([
      'Project',
      'Files',
      'Compile',
      'Backtest',
      'Results',
    ]);
    expect(instructions).toMatch(/poll/i);
    expect(instructions).toContain('QC_MCP_ACCESS');
  });
});

describe('tools/list', () => {
  test('read-only lists only read tools', async () => {
    expect(await listedNames('read-only')).toEqual([
      'read_project',
      'read_log',
      'read_failing',
      'read_stuck',
      'read_deadline',
    ]);
  });

  test('standard lists everything but trading', async () => {
    const names = await listedNames('standard');
    expect(names).toEqual(expect.arrayContaining(['create_project', 'update_project', 'delete_project']));
    expect(names).not.toContain('liquidate_live_algorithm');
  });

  test('live-trading lists every tool', async () => {
    expect(await listedNames('live-trading')).toHaveLength(TEST_TOOLS.length);
  });

  test('each entry is the tool description with its JSON Schema and annotations', async () => {
    const result = await testHandler().invoke(mcpPost(rpc('tools/list')));
    const readProject = body(result).result?.tools?.find((tool) => tool.name === 'read_project');
    expect(readProject).toEqual(describeModule.describeTool(TEST_TOOLS[0]));
    expect(readProject?.inputSchema.required).toEqual(['projectId']);
    expect(readProject?.annotations?.readOnlyHint).toBe(true);
  });

  test('the entries are built once per container, not per request', async () => {
    const describeTool = jest.spyOn(describeModule, 'describeTool');
    try {
      const warm = testHandler({ access: 'live-trading' });
      for (let request = 0; request < 3; request += 1) await warm.invoke(mcpPost(rpc('tools/list')));
      expect(describeTool).toHaveBeenCalledTimes(TEST_TOOLS.length);
    } finally {
      describeTool.mockRestore();
    }
  });
});

describe('tools/call', () => {
  test('posts the arguments to the endpoint and answers the response without `success` as compact JSON', async () => {
    const client = new RecordingClient(() => ({ success: true, projects: [{ projectId: 7, name: 'Alpha' }] }));
    const result = await testHandler({ client }).invoke(mcpPost(toolCall('read_project', { projectId: 7 })));
    expect(client.calls).toHaveLength(1);
    expect(client.calls[0]).toMatchObject({
      endpoint: '/projects/read',
      body: { projectId: 7 },
      options: { idempotent: true },
    });
    expect(toolText(result)).toEqual({ text: '{"projects":[{"projectId":7,"name":"Alpha"}]}', isError: false });
  });

  test('uses the tool body and shape when it has them; a string result is sent as is', async () => {
    const client = new RecordingClient(() => ({ success: true, projects: [{ projectId: 42 }] }));
    const result = await testHandler({ client }).invoke(
      mcpPost(toolCall('create_project', { name: 'Momentum', language: 'Py' })),
    );
    expect(client.calls[0].body).toEqual({ name: 'Momentum', language: 'Py', tag: 'from-body' });
    expect(toolText(result)).toEqual({ text: 'Created Momentum as project 42', isError: false });
  });

  test.each([
    ['read_project', true, { projectId: 1 }],
    ['update_project', true, { projectId: 1, name: 'n' }],
    ['delete_project', true, { projectId: 1 }],
    ['create_project', false, { name: 'n', language: 'Py' }],
  ])('%s is sent with idempotent: %s', async (tool, idempotent, args) => {
    const client = new RecordingClient(() => ({ success: true, projects: [{ projectId: 1 }] }));
    await testHandler({ client }).invoke(mcpPost(toolCall(tool, args)));
    expect(client.calls[0].options.idempotent).toBe(idempotent);
  });

  test('passes a signal and a deadline within the tool budget', async () => {
    const client = new RecordingClient();
    const before = Date.now();
    await testHandler({ client }).invoke(mcpPost(toolCall('read_project', { projectId: 1 })));
    const { signal, deadline } = client.calls[0].options;
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(deadline).toBeGreaterThanOrEqual(before);
    expect(deadline).toBeLessThanOrEqual(Date.now() + TOOL_TIME_BUDGET_MS);
  });

  test('the deadline ends before the Lambda runs out of time', async () => {
    const remaining = 10_000;
    const before = Date.now();
    const result = await testHandler().invoke(mcpPost(toolCall('read_deadline')), lambdaContext(remaining));
    const { deadline } = JSON.parse(toolText(result).text) as { deadline: number };
    expect(deadline).toBeGreaterThanOrEqual(before + remaining - LAMBDA_TIME_RESERVE_MS);
    expect(deadline).toBeLessThanOrEqual(Date.now() + remaining - LAMBDA_TIME_RESERVE_MS);
  });

  test('a tool that outlives its budget ends with an error result, not a gateway timeout', async () => {
    const result = await testHandler().invoke(
      mcpPost(toolCall('read_stuck')),
      lambdaContext(LAMBDA_TIME_RESERVE_MS + 50),
    );
    expect(result.statusCode).toBe(200);
    const { text, isError } = toolText(result);
    expect(isError).toBe(true);
    expect(text).toMatch(/ran out of time/);
  });

  test('invalid arguments give an error result naming each bad field', async () => {
    const client = new RecordingClient();
    const result = await testHandler({ client }).invoke(
      mcpPost(toolCall('create_project', { name: '', language: 'Java' })),
    );
    const { text, isError } = toolText(result);
    expect(isError).toBe(true);
    expect(text).toMatch(/^Invalid arguments for create_project: /);
    expect(text).toMatch(/name: /);
    expect(text).toMatch(/language: /);
    expect(client.calls).toHaveLength(0);
  });

  test('missing arguments give an error result naming the required field', async () => {
    const { text, isError } = toolText(await testHandler().invoke(mcpPost(toolCall('read_project'))));
    expect(isError).toBe(true);
    expect(text).toMatch(/projectId is required/);
  });

  test('a tool outside the access level gives an error result naming QC_MCP_ACCESS and the level needed', async () => {
    const client = new RecordingClient();
    const result = await testHandler({ client, access: 'read-only' }).invoke(
      mcpPost(toolCall('delete_project', { projectId: 1 })),
    );
    const { text, isError } = toolText(result);
    expect(isError).toBe(true);
    expect(text).toContain('QC_MCP_ACCESS=standard');
    expect(text).toContain('QC_MCP_ACCESS=read-only');
    expect(client.calls).toHaveLength(0);
  });

  test('a trading tool is refused at standard, naming live-trading', async () => {
    const { text } = toolText(
      await testHandler().invoke(mcpPost(toolCall('liquidate_live_algorithm', { projectId: 1 }))),
    );
    expect(text).toContain('QC_MCP_ACCESS=live-trading');
  });

  test('an unknown tool gets JSON-RPC error -32602', async () => {
    const result = await testHandler().invoke(mcpPost(toolCall('no_such_tool', {})));
    expect(body(result).error?.code).toBe(-32602);
    expect(body(result).error?.message).toContain('no_such_tool');
  });

  test('a thrown error becomes an error result with its message and no stack', async () => {
    const { text, isError } = toolText(await testHandler().invoke(mcpPost(toolCall('read_failing'))));
    expect(isError).toBe(true);
    expect(text).toBe('QuantConnect said no: project 7 is locked');
  });

  test(`a result over ${MAX_RESULT_CHARS} characters is cut, with a note saying so`, async () => {
    const { text, isError } = toolText(
      await testHandler().invoke(mcpPost(toolCall('read_log', { size: MAX_RESULT_CHARS + 5_000 }))),
    );
    expect(isError).toBe(false);
    expect(text.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    expect(text).toMatch(/Result cut: it has 105000 characters/);
  });

  test(`a result of exactly ${MAX_RESULT_CHARS} characters is whole`, async () => {
    const { text } = toolText(await testHandler().invoke(mcpPost(toolCall('read_log', { size: MAX_RESULT_CHARS }))));
    expect(text).toBe('x'.repeat(MAX_RESULT_CHARS));
  });
});

describe('credentials not set up yet', () => {
  const missingSecrets = () =>
    testHandler({
      credentials: secretsManagerCredentials({
        userIdSecret: 'quant-connect-mcp/user-id',
        apiTokenSecret: 'quant-connect-mcp/api-token',
        ttlMs: 300_000,
        readSecret: (secretId) => Promise.resolve(secretId.endsWith('user-id') ? '12345' : undefined),
      }),
    });

  test('initialize and tools/list still work', async () => {
    const handler = missingSecrets();
    expect((await handler.invoke(mcpPost(initializeRequest()))).statusCode).toBe(200);
    expect(body(await handler.invoke(mcpPost(rpc('tools/list')))).result?.tools?.length).toBeGreaterThan(0);
  });

  test('a tool call gives an error result with the exact command to run', async () => {
    const handler = missingSecrets();
    const { text, isError } = toolText(await handler.invoke(mcpPost(toolCall('read_project', { projectId: 1 }))));
    expect(isError).toBe(true);
    expect(text).toContain(
      "aws secretsmanager put-secret-value --secret-id quant-connect-mcp/api-token --secret-string '<your QuantConnect API token>'",
    );
    expect(handler.client.calls).toHaveLength(0);
  });
});
