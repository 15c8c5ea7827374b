import { authHeaders } from '../../lambda/quantconnect/auth';
import { createQuantConnectClient } from '../../lambda/quantconnect/client';

// Computed outside this code base:
//   printf 'token:1700000000' | sha256sum
//   printf '123456:c252f2e4…bba8' | base64 -w0
const HASH = 'c252f2e416aba35415549badd29726e9f9c0627a5e203639098e51f7caa5bba8';
const BASIC = 'MTIzNDU2OmMyNTJmMmU0MTZhYmEzNTQxNTU0OWJhZGQyOTcyNmU5ZjljMDYyN2E1ZTIwMzYzOTA5OGU1MWY3Y2FhNWJiYTg=';

describe('QuantConnect request signature', () => {
  it('matches an independently computed vector', () => {
    expect(authHeaders({ userId: '123456', apiToken: 'token' }, 1_700_000_000)).toEqual({
      Timestamp: '1700000000',
      Authorization: `Basic ${BASIC}`,
    });
    expect(Buffer.from(BASIC, 'base64').toString()).toBe(`123456:${HASH}`);
  });

  it('uses whole Unix seconds from the clock', async () => {
    const seen: Headers[] = [];
    const client = createQuantConnectClient({
      baseUrl: 'https://qc.invalid/api/v2',
      credentials: () => Promise.resolve({ userId: '123456', apiToken: 'token' }),
      now: () => 1_700_000_000_999,
      fetch: (_url, init) => {
        seen.push(new Headers(init?.headers));
        return Promise.resolve(new Response('{"success":true}'));
      },
    });
    await client.post('/authenticate', undefined, { idempotent: true });
    expect(seen[0].get('timestamp')).toBe('1700000000');
    expect(seen[0].get('authorization')).toBe(`Basic ${BASIC}`);
  });

  it('never sends the API token itself', async () => {
    const sent: string[] = [];
    const client = createQuantConnectClient({
      baseUrl: 'https://qc.invalid/api/v2',
      credentials: () => Promise.resolve({ userId: '123456', apiToken: 'very-secret-token' }),
      fetch: (url, init) => {
        sent.push(url as string, JSON.stringify(init?.headers), init?.body as string);
        return Promise.resolve(new Response('{"success":true}'));
      },
    });
    await client.post('/projects/read', { projectId: 1 }, { idempotent: true });
    expect(sent.join('\n')).not.toContain('very-secret-token');
  });
});
