/** The fake refuses what QuantConnect refuses: bad signatures, and bodies the spec does not allow. */
import { createHash } from 'node:crypto';
import { authHeaders } from '../../lambda/quantconnect/auth';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';
import { pageBounds } from '../../lambda/sandbox/simulator/body';
import { loadSpec } from '../../lambda/sandbox/simulator/spec';

let fake: QuantConnectFake;

beforeAll(async () => {
  fake = await startQuantConnectFake({ userId: '42', apiToken: 'secret' });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

async function post(endpoint: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${fake.url}${endpoint}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as { success: boolean; errors?: string[] } };
}

const signed = () => ({ ...authHeaders({ userId: '42', apiToken: 'secret' }, Date.now() / 1000) });

describe('the fake’s signature check', () => {
  it('accepts a correctly signed request', async () => {
    const { json } = await post('/account/read', {}, signed());
    expect(json.success).toBe(true);
  });

  it('answers HTTP 200 "Hash doesn\'t match" when the headers are missing', async () => {
    const { status, json } = await post('/account/read', {}, {});
    expect(status).toBe(200);
    expect(json).toEqual({ success: false, errors: ["Hash doesn't match. UID:  Hash:  Timestamp: ''"] });
    expect(fake.requests[0].refusal?.kind).toBe('auth');
  });

  it('answers "Hash doesn\'t match" for a hash made with another token', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const hash = createHash('sha256').update(`wrong:${timestamp}`).digest('hex');
    const authorization = `Basic ${Buffer.from(`42:${hash}`).toString('base64')}`;
    const { json } = await post('/account/read', {}, { Timestamp: timestamp, Authorization: authorization });
    expect(json.errors?.[0]).toMatch(/^Hash doesn't match\. UID: 42 Hash: [0-9a-f]{64} Timestamp: '\d+'$/);
  });

  it('answers "Hash doesn\'t match" for another user id', async () => {
    const headers = authHeaders({ userId: '43', apiToken: 'secret' }, Date.now() / 1000);
    expect((await post('/account/read', {}, { ...headers })).json.success).toBe(false);
  });

  it('answers HTTP 401 for a correctly signed but stale timestamp', async () => {
    const headers = authHeaders({ userId: '42', apiToken: 'secret' }, Date.now() / 1000 - 3_600);
    const { status, json } = await post('/account/read', {}, { ...headers });
    expect(status).toBe(401);
    expect(json.errors?.[0]).toContain('too old');
  });
});

const spec = loadSpec();
if (!spec.found) console.warn(`Skipping the fake's spec validation tests: ${spec.reason}`);
const describeWithSpec = spec.found ? describe : describe.skip;

describeWithSpec('the fake’s request validation', () => {
  it('refuses a body without a required field, naming the field', async () => {
    const { status, json } = await post('/projects/create', { name: 'P' }, signed());
    expect(status).toBe(200);
    expect(json.success).toBe(false);
    expect(json.errors?.[0]).toContain("must have required property 'language'");
    expect(fake.requests[0].refusal).toEqual({ kind: 'spec', message: "body must have required property 'language'" });
  });

  it('refuses a field of the wrong type, naming the field', async () => {
    const { json } = await post('/projects/read', { projectId: '12' }, signed());
    expect(json.errors?.[0]).toContain('body.projectId must be integer');
  });

  it('refuses an unknown field, naming it', async () => {
    const { json } = await post('/projects/read', { projectID: 12 }, signed());
    expect(json.errors?.[0]).toContain("unknown property 'projectID'");
  });

  it('accepts /projects/read without projectId (the spec wrongly requires it)', async () => {
    expect((await post('/projects/read', {}, signed())).json.success).toBe(true);
  });

  it('validates /files/patch against PatchFileRequest (the spec refers to a missing schema)', async () => {
    const { json } = await post('/files/patch', { projectId: 1 }, signed());
    expect(json.errors?.[0]).toContain("must have required property 'patch'");
  });

  it('accepts fields newer than the spec copy', async () => {
    const { json } = await post(
      '/live/logs/read',
      { projectId: 1, algorithmId: 'L-1', startLine: 0, endLine: 1, deploymentLogs: true },
      signed(),
    );
    expect(fake.requests[0].refusal).toBeUndefined();
    expect(json.errors?.[0]).toBe('Project 1 not found or you do not have access to it.');
  });
});

describe('the fake’s page limits, as the spec words them', () => {
  it('refuses end - start of 100 where the spec says "must be less than 100"', () => {
    expect(() => pageBounds(0, 99, { lessThan: 100 }, 'orders')).not.toThrow();
    expect(() => pageBounds(0, 100, { lessThan: 100 }, 'orders')).toThrow(
      'end - start must be less than 100 for orders; it is 100.',
    );
  });

  it('accepts end - start of 1 000 where the spec says "must be <= 1,000"', () => {
    expect(() => pageBounds(0, 1_000, { atMost: 1_000 }, 'orders')).not.toThrow();
    expect(() => pageBounds(0, 1_001, { atMost: 1_000 }, 'orders')).toThrow('must be at most 1000');
  });
});

describe('the fake without the spec', () => {
  it('says why it does not validate, and still serves', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const bare = await startQuantConnectFake({ specPath: null });
    try {
      expect(bare.specValidation).toEqual({
        enabled: false,
        reason: expect.stringContaining('specPath: null') as string,
      });
      const response = await fetch(`${bare.url}/projects/read`, {
        method: 'POST',
        headers: { ...authHeaders(bare, Date.now() / 1000) },
        body: JSON.stringify({ projectID: 1 }),
      });
      expect(await response.json()).toMatchObject({ projects: [], success: true });
    } finally {
      warn.mockRestore();
      await bare.close();
    }
  });
});

describe('the fake’s faults', () => {
  it('applies a fault only as many times as asked', async () => {
    fake.inject('/account/read', { status: 500 }, { times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post('/account/read', {}, signed())).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('applies a "*" fault to every endpoint, after the endpoint’s own faults', async () => {
    fake.inject('*', { success: false, errors: ['everywhere'] });
    fake.inject('/account/read', { success: false, errors: ['here'] }, { times: 1 });
    expect((await post('/account/read', {}, signed())).json.errors).toEqual(['here']);
    expect((await post('/account/read', {}, signed())).json.errors).toEqual(['everywhere']);
    expect((await post('/lean/versions/read', {}, signed())).json.errors).toEqual(['everywhere']);
  });

  it('grows an answer to the asked size by repeating its longest list', async () => {
    fake.inject('/lean/versions/read', { largeResultBytes: 2_000_000 });
    const response = await fetch(`${fake.url}/lean/versions/read`, { method: 'POST', headers: signed(), body: '{}' });
    const text = await response.text();
    expect(text.length).toBeGreaterThanOrEqual(2_000_000);
    expect((JSON.parse(text) as { versions: { name: string }[] }).versions[5000].name).toMatch(/^Lean v2\.5/);
  });

  it('forgets faults, requests and state on reset', async () => {
    fake.inject('*', { status: 500 });
    await post('/projects/create', { name: 'P', language: 'Py' }, signed());
    fake.reset();
    expect(fake.requests).toHaveLength(0);
    expect((await post('/projects/read', {}, signed())).json).toMatchObject({ success: true, projects: [] });
  });
});
