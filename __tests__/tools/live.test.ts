import { TOOLS } from '../../lambda/tools';
import { ScriptedClient, callTool } from './support/scripted-client';

describe('authorize_connection', () => {
  test('returns the authorisation URL for the user to open, and what to do next', async () => {
    const client = new ScriptedClient({}, 'https://signin.tradestation.com/authorize?client_id=qc');
    const result = await callTool('authorize_connection', { brokerage: 'tradestation' }, client);
    expect(client.calls[0]).toMatchObject({ endpoint: '/live/auth0/authorize', body: { brokerage: 'tradestation' } });
    expect(result).toContain('https://signin.tradestation.com/authorize?client_id=qc');
    expect(result).toContain('read_connection_authorization');
    expect(result).toContain("its answer goes into create_live_algorithm's brokerage settings.");
  });

  test('below live-trading, does not point at a deployment tool the caller cannot see', async () => {
    const client = new ScriptedClient({}, 'https://signin.tradestation.com/authorize?client_id=qc');
    const result = await callTool('authorize_connection', { brokerage: 'tradestation' }, client, {
      access: 'standard',
    });
    expect(result).not.toContain('create_live_algorithm');
    expect(result).toContain('deploying with it needs the live-trading access tier, and yours is standard.');
  });
});

describe('what the live tools say before they trade', () => {
  test.each([
    'create_live_algorithm',
    'stop_live_algorithm',
    'liquidate_live_algorithm',
    'create_live_command',
    'broadcast_live_command',
  ])('%s asks for the user’s confirmation', (name) => {
    expect(TOOLS.find((tool) => tool.name === name)?.description).toMatch(/[Cc]onfirm with the user first\./);
  });
});

describe('create_live_algorithm', () => {
  test('sends the deployment as the API names it, with the latest LEAN by default', async () => {
    const client = new ScriptedClient();
    await callTool(
      'create_live_algorithm',
      { projectId: 7, compileId: 'c1', nodeId: 'L1', brokerage: { id: 'QuantConnectBrokerage' } },
      client,
    );
    expect(client.calls[0]).toMatchObject({
      endpoint: '/live/create',
      body: {
        projectId: 7,
        compileId: 'c1',
        nodeId: 'L1',
        brokerage: { id: 'QuantConnectBrokerage' },
        versionId: '-1',
      },
      options: { idempotent: false },
    });
  });

  test('accepts a numeric LEAN version id and sends it as the string the API expects', async () => {
    const client = new ScriptedClient();
    await callTool(
      'create_live_algorithm',
      { projectId: 7, compileId: 'c1', nodeId: 'L1', brokerage: { id: 'QuantConnectBrokerage' }, versionId: 17125 },
      client,
    );
    expect(client.calls[0].body).toMatchObject({ versionId: '17125' });
  });
});

describe('read_live_algorithm', () => {
  test('names the project files instead of sending their content', async () => {
    const client = new ScriptedClient({
      '/live/read': {
        deployId: 'L-1',
        status: 'Running',
        files: [{ name: 'main.py', content: 'x'.repeat(10_000) }],
        charts: { 'Strategy Equity': { name: 'Strategy Equity' } },
        success: true,
      },
    });
    const result = await callTool('read_live_algorithm', { projectId: 7 }, client);
    expect(result).toEqual({ deployId: 'L-1', status: 'Running', files: ['main.py'], charts: ['Strategy Equity'] });
  });
});

describe('read_live_logs', () => {
  test('asks for 250 lines in JSON and tells how to read on', async () => {
    const logs = Array.from({ length: 250 }, (_, index) => `line ${index}`);
    const client = new ScriptedClient({ '/live/logs/read': { logs, length: 900, deploymentOffset: 0, success: true } });
    const result = (await callTool('read_live_logs', { projectId: 7, algorithmId: 'L-1' }, client)) as { note: string };
    expect(client.calls[0].body).toEqual({
      projectId: 7,
      algorithmId: 'L-1',
      startLine: 0,
      endLine: 250,
      format: 'json',
    });
    expect(result.note).toBe('Showing log lines 0–249; call again with startLine=250 for more.');
  });
});

describe('read_live_orders', () => {
  test('waits while QuantConnect prepares the orders, then summarises them', async () => {
    const client = new ScriptedClient({
      '/live/orders/read': [
        { status: 'loading', progress: 0.5, success: true },
        { orders: [{ id: 3, symbol: { value: 'BTCUSD' }, type: 0, status: 3 }], length: 1, success: true },
      ],
    });
    const result = await callTool('read_live_orders', { projectId: 7 }, client);
    expect(result).toEqual({
      note: 'Showing orders 0–0 of 1.',
      orders: [{ id: 3, symbol: 'BTCUSD', type: 'Market', status: 'Filled' }],
    });
    expect(client.calls[0].body).toEqual({ projectId: 7, start: 0, end: 10 });
  });
});

describe('stop_live_algorithm', () => {
  test('confirms that positions stay open', async () => {
    const client = new ScriptedClient();
    expect(await callTool('stop_live_algorithm', { projectId: 7 }, client)).toBe(
      'Live algorithm of project 7 stopped; positions left open.',
    );
  });
});

describe('upload_object', () => {
  test('sends the object as multipart form data', async () => {
    const client = new ScriptedClient();
    await callTool('upload_object', { organizationId: 'org', key: 'models/a.json', objectData: '{"w":1}' }, client);
    const body = client.calls[0].body as FormData;
    expect(body).toBeInstanceOf(FormData);
    expect(body.get('organizationId')).toBe('org');
    expect(body.get('key')).toBe('models/a.json');
    expect(await (body.get('objectData') as Blob).text()).toBe('{"w":1}');
  });
});

describe('the Object Store download', () => {
  test('step 1 returns the job id and names step 2', async () => {
    const client = new ScriptedClient({ '/object/get': { jobId: 'job-1', success: true } });
    const result = await callTool('read_object_store_file_job_id', { organizationId: 'org', keys: ['a'] }, client);
    expect(client.calls[0].body).toEqual({ organizationId: 'org', keys: ['a'] });
    expect(result).toMatchObject({ jobId: 'job-1' });
    expect((result as { next: string }).next).toContain('read_object_store_file_download_url');
  });

  test('step 2 waits for the URL', async () => {
    const client = new ScriptedClient({
      '/object/get': [
        { url: null, success: true },
        { url: 'https://store.example/job-1.zip', success: true },
      ],
    });
    const result = await callTool(
      'read_object_store_file_download_url',
      { organizationId: 'org', jobId: 'job-1' },
      client,
    );
    expect(result).toMatchObject({ url: 'https://store.example/job-1.zip' });
    expect(client.calls[0].body).toEqual({ organizationId: 'org', jobId: 'job-1' });
  });
});
