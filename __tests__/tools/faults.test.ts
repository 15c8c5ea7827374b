/**
 * What an agent sees when QuantConnect misbehaves: each fault becomes an error result it can read
 * and act on, and the server keeps serving the next call.
 */
import { MAX_RESULT_CHARS } from '../../lambda/tools/define';
import { startQuantConnectFake, type Fault, type QuantConnectFake } from '../../lambda/sandbox/simulator';
import { connectSession, type McpSession } from './support/mcp-session';

describe('faults of QuantConnect, through an MCP client', () => {
  let fake: QuantConnectFake;
  let session: McpSession;

  beforeAll(async () => {
    fake = await startQuantConnectFake();
    session = await connectSession(fake);
  });

  afterAll(async () => {
    await session.close();
    await fake.close();
  });

  beforeEach(() => fake.reset());

  const cases: [string, Fault, RegExp][] = [
    ['HTTP 500', { status: 500 }, /HTTP 500.*try again/],
    ['an HTML maintenance page', 'html', /HTML page \("QuantConnect - Down for Maintenance"\)/],
    ['malformed JSON', 'malformed-json', /malformed JSON/],
    ['success: false', { success: false, errors: ['Organization not found.'] }, /Organization not found\./],
  ];

  test.each(cases)('%s becomes an error result that says what happened', async (_name, fault, message) => {
    fake.inject('/account/read', fault);
    const result = await session.call('read_account');
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(message);
    // Named by the tool the agent called, not by the REST path behind it.
    expect(result.text).toContain('read_account');
    expect(result.text).not.toContain('/account/read');
  });

  test.each(cases)('after %s the server keeps serving', async (_name, fault) => {
    fake.inject('/account/read', fault);
    await session.call('read_account');
    const next = await session.call('read_lean_versions');
    expect(next.isError).toBe(false);
    expect(next.text).toContain('versions');
  });

  test('a multi-megabyte answer is paged, not passed on or cut', async () => {
    fake.inject('/lean/versions/read', { largeResultBytes: 5_000_000 });
    const result = await session.call('read_lean_versions');
    expect(result.isError).toBe(false);
    expect(result.text.length).toBeLessThan(MAX_RESULT_CHARS);
    expect((JSON.parse(result.text) as { note: string }).note).toMatch(/call again with start=\d+ for more/);
  });
});

describe('a QuantConnect answer slower than the time budget', () => {
  let fake: QuantConnectFake;
  let session: McpSession;

  beforeAll(async () => {
    fake = await startQuantConnectFake();
    // As if the Lambda had 3.5 s left: the server keeps 2 s back, so each call gets 1.5 s.
    session = await connectSession(fake, { scope: { remainingTimeMs: () => 3_500 } });
  });

  afterAll(async () => {
    await session.close();
    await fake.close();
  });

  test('becomes an error result that says the call ran out of time, and the next call works', async () => {
    fake.inject('/account/read', { delayMs: 5_000 }, { times: 1 });
    const slow = await session.call('read_account');
    expect(slow.isError).toBe(true);
    expect(slow.text).toMatch(/timed out|ran out of time/);
    const next = await session.call('read_account');
    expect(next.isError).toBe(false);
  });
});
