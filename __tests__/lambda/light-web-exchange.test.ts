/**
 * The light Headers, Request and Response that our bundles use in place of Node's (undici's):
 * every scenario here runs against both and must give the same observations. That the bundle
 * then serves requests without loading undici is shown on the built bundle (bundle.test.ts).
 */
import * as light from '../../lambda/vendor/light-web-exchange';

/** Typed as ours: this project's TypeScript libraries do not declare Headers' iterators. */
type WebClasses = Pick<typeof light, 'Headers' | 'Request' | 'Response'>;

const IMPLEMENTATIONS: Record<string, WebClasses> = {
  light,
  node: { Headers, Request, Response } as unknown as WebClasses,
};

type Scenario = (web: WebClasses) => unknown;

/** A Headers' name-value pairs, in its own order. */
function pairs(headers: { forEach(callback: (value: string, name: string) => void): void }): string[][] {
  const found: string[][] = [];
  headers.forEach((value, name) => found.push([name, value]));
  return found;
}

const SCENARIOS: Record<string, Scenario> = {
  'header names compare without case, and iterate lower-cased in name order': ({ Headers }) => {
    const headers = new Headers({ 'Mcp-Method': 'tools/list', Accept: 'application/json' });
    headers.append('X-Trace', ' one ');
    headers.append('x-trace', 'two');
    headers.set('CONTENT-TYPE', 'application/json');
    headers.delete('accept');
    const seen: string[][] = [];
    headers.forEach((value, name) => seen.push([name, value]));
    return {
      get: headers.get('mcp-method'),
      missing: headers.get('origin'),
      has: [headers.has('MCP-METHOD'), headers.has('accept')],
      entries: [...headers.entries()],
      spread: [...headers],
      keys: [...headers.keys()],
      values: [...headers.values()],
      seen,
    };
  },
  'headers copy from another Headers, a list of pairs or a record': ({ Headers }) => {
    const original = new Headers({ A: '1' });
    return [
      [...new Headers(original).entries()],
      [...new Headers([['B', '2']]).entries()],
      [...new Headers({ C: '3' }).entries()],
      [...new Headers().entries()],
    ];
  },
  'a request keeps its method, URL, headers and body': async ({ Request }) => {
    const request = new Request('https://abc.execute-api.us-east-1.amazonaws.com/mcp', {
      method: 'post',
      headers: { 'Content-Type': 'application/json' },
      body: new TextEncoder().encode('{"jsonrpc":"2.0"}'),
    });
    const unread = request.bodyUsed;
    const json = await request.clone().json();
    return {
      method: request.method,
      url: request.url,
      type: request.headers.get('content-type'),
      unread,
      json,
      text: await request.text(),
      used: request.bodyUsed,
    };
  },
  'a request body is read once; a clone reads it again': async ({ Request }) => {
    const request = new Request('https://host/mcp', { method: 'POST', body: 'hello' });
    const copy = request.clone();
    const first = await request.text();
    const second = await request.text().catch((error: unknown) => (error as Error).name);
    return { first, second, copy: await copy.text() };
  },
  'a request without a body, and its signal': async ({ Request }) => {
    const request = new Request('https://host/mcp?x=1');
    return {
      method: request.method,
      url: request.url,
      body: request.body,
      aborted: request.signal.aborted,
      text: await request.text(),
    };
  },
  'a request body as a stream': async ({ Request }) => {
    const request = new Request('https://host/mcp', { method: 'POST', body: 'streamed' });
    const reader = request.body!.getReader();
    const { value } = await reader.read();
    return new TextDecoder().decode(value);
  },
  'a response from text keeps status and headers, and says text/plain': async ({ Response }) => {
    const response = new Response('plain', { status: 404, statusText: 'Not Found', headers: { 'X-One': '1' } });
    return {
      status: response.status,
      statusText: response.statusText,
      ok: response.ok,
      headers: pairs(response.headers),
      text: await response.text(),
    };
  },
  'Response.json says application/json unless told otherwise': async ({ Response }) => {
    const plain = Response.json({ jsonrpc: '2.0', id: 1, result: {} }, { status: 200 });
    const typed = Response.json([1], { headers: { 'content-type': 'application/json; charset=utf-8' } });
    return {
      plain: [plain.status, plain.ok, pairs(plain.headers), await plain.json()],
      typed: [pairs(typed.headers), await typed.text()],
    };
  },
  'a response without a body': async ({ Response }) => {
    const accepted = new Response(null, { status: 202 });
    return {
      status: accepted.status,
      body: accepted.body,
      text: await accepted.text(),
      headers: pairs(accepted.headers),
    };
  },
  'a response from a stream, read as text and cloned': async ({ Response }) => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('event: message\n'));
        controller.enqueue(new TextEncoder().encode('data: {}\n\n'));
        controller.close();
      },
    });
    const response = new Response(stream, { headers: { 'Content-Type': 'text/event-stream' } });
    const copy = response.clone();
    return { text: await response.text(), copy: await copy.text(), type: response.headers.get('content-type') };
  },
  'a response from bytes, read as bytes': async ({ Response }) => {
    const response = new Response(new Uint8Array([104, 105]));
    return { bytes: [...new Uint8Array(await response.arrayBuffer())], headers: pairs(response.headers) };
  },
};

test.each(Object.keys(SCENARIOS))('%s, as Node does', async (name) => {
  const scenario = SCENARIOS[name];
  expect(await scenario(IMPLEMENTATIONS.light)).toEqual(await scenario(IMPLEMENTATIONS.node));
});
