import { createQuantConnectClient } from '../../lambda/quantconnect/client';
import { ApiError } from '../../lambda/quantconnect/errors';
import type { QuantConnectClient } from '../../lambda/quantconnect/types';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';

let fake: QuantConnectFake;
let client: QuantConnectClient;
const read = { idempotent: true };
const write = { idempotent: false };

beforeAll(async () => {
  fake = await startQuantConnectFake();
  client = createQuantConnectClient({ baseUrl: fake.url, credentials: () => Promise.resolve(fake) });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

interface Backtest {
  status: string;
  progress: number;
  statistics: Record<string, string>;
  created: string;
}

async function projectWithFile(content: string): Promise<number> {
  const created = await client.post('/projects/create', { name: 'Flow', language: 'Py' }, write);
  const projectId = (created.projects as { projectId: number }[])[0].projectId;
  await client.post('/files/update', { projectId, name: 'main.py', content }, write);
  return projectId;
}

async function compiled(projectId: number): Promise<string> {
  const { compileId } = (await client.post('/compile/create', { projectId }, write)) as { compileId: string };
  let state = 'InQueue';
  while (state === 'InQueue')
    ({ state } = (await client.post('/compile/read', { projectId, compileId }, read)) as { state: string });
  expect(state).toBe('BuildSuccess');
  return compileId;
}

describe('a backtest flow against the fake', () => {
  it('creates a project, writes a file, compiles, backtests, reads the results and deletes the project', async () => {
    const projectId = await projectWithFile('class Flow(QCAlgorithm):\n    pass\n');
    const files = await client.post('/files/read', { projectId, name: 'main.py' }, read);
    expect((files.files as { content: string }[])[0].content).toContain('class Flow');

    const compileId = await compiled(projectId);
    const created = await client.post('/backtests/create', { projectId, compileId, backtestName: 'First' }, write);
    const { backtestId } = created.backtest as { backtestId: string };
    expect((created.backtest as Backtest).status).toBe('In Queue...');

    const running = (await client.post('/backtests/read', { projectId, backtestId }, read)).backtest as Backtest;
    expect(running.status).toMatch(/^Running: \d+%$/);
    const done = (await client.post('/backtests/read', { projectId, backtestId }, read)).backtest as Backtest;
    expect(done.status).toBe('Completed.');
    expect(done.statistics['Sharpe Ratio']).toMatch(/^-?\d+\.\d{3}$/);
    expect(done.created).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    const page = await client.post('/backtests/orders/read', { projectId, backtestId, start: 100, end: 199 }, read);
    expect((page.orders as unknown[]).length).toBe(50);
    expect(page.length).toBe(150);

    await client.post('/projects/delete', { projectId }, write);
    await expect(client.post('/projects/read', { projectId }, read)).rejects.toThrow(ApiError);
  });

  it('ends a compile with BuildError when the code contains SYNTAX_ERROR', async () => {
    const projectId = await projectWithFile('def broken(:\n    SYNTAX_ERROR\n');
    const { compileId } = (await client.post('/compile/create', { projectId }, write)) as { compileId: string };
    await client.post('/compile/read', { projectId, compileId }, read);
    const result = await client.post('/compile/read', { projectId, compileId }, read);
    expect(result.state).toBe('BuildError');
    expect((result.logs as string[]).join('\n')).toContain('File: main.py Line: 2');
  });

  it('ends a backtest with a runtime error when the code contains RUNTIME_ERROR', async () => {
    const projectId = await projectWithFile('# RUNTIME_ERROR\n');
    const compileId = await compiled(projectId);
    const created = await client.post('/backtests/create', { projectId, compileId, backtestName: 'Crash' }, write);
    const { backtestId } = created.backtest as { backtestId: string };
    await client.post('/backtests/read', { projectId, backtestId }, read);
    const done = (await client.post('/backtests/read', { projectId, backtestId }, read)).backtest as Backtest & {
      error: string;
    };
    expect(done.status).toBe('Runtime Error');
    expect(done.error).toContain('Runtime Error');
  });

  it('applies a unified diff with /files/patch', async () => {
    const projectId = await projectWithFile('a\nb\nc\n');
    const patch = ['--- a/main.py', '+++ b/main.py', '@@ -1,3 +1,3 @@', ' a', '-b', '+B', ' c', ''].join('\n');
    await client.post('/files/patch', { projectId, patch }, write);
    const files = await client.post('/files/read', { projectId, name: 'main.py' }, read);
    expect((files.files as { content: string }[])[0].content).toBe('a\nB\nc\n');
  });

  it('stores an object with a multipart upload and serves it through the two-step download', async () => {
    const { organizationId } = fake;
    const upload = new FormData();
    upload.append('organizationId', organizationId);
    upload.append('key', 'data/prices.csv');
    upload.append('objectData', new Blob(['date,close\n2024-01-02,470.1\n']), 'prices.csv');
    await client.post('/object/set', upload, write);
    expect(fake.requests[0].body).toEqual({
      organizationId,
      key: 'data/prices.csv',
      objectData: 'date,close\n2024-01-02,470.1\n',
    });

    const { jobId } = await client.post('/object/get', { organizationId, keys: ['data/prices.csv'] }, write);
    const pending = await client.post('/object/get', { organizationId, jobId }, read);
    expect(pending.url).toBeUndefined();
    const ready = await client.post('/object/get', { organizationId, jobId }, read);
    const download = await fetch(ready.url as string);
    expect(await download.text()).toBe('date,close\n2024-01-02,470.1\n');
  });
});
