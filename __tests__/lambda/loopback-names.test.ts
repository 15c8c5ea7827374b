/** Which Host headers name the local server itself (its OAuth resource is then the URL the client used). */
import { isLoopbackHost, originAsReached } from '../../lambda/local/loopback-names';

const SERVER = 'http://127.0.0.1:3000';

test.each([
  ['localhost:3000', 'http://localhost:3000'],
  ['127.0.0.1:3000', SERVER],
  ['[::1]:3000', 'http://[::1]:3000'],
])('Host %s is this server: its resource is named as reached', (host, origin) => {
  expect(originAsReached(SERVER, host)).toBe(origin);
});

test.each([
  ['another port', 'localhost:3001'],
  ['no port', 'localhost'],
  ['a rebinding name', 'rebound.example:3000'],
  ['user info in front of a name', 'localhost:3000@rebound.example'],
  ['a path after it', 'localhost:3000/x'],
  ['two Host headers', 'localhost:3000, 127.0.0.1:3000'],
  ['no Host', undefined],
])('%s is not: the server’s own origin', (_name, host) => {
  expect(originAsReached(SERVER, host)).toBe(SERVER);
});

test('a server on another interface answers only as itself', () => {
  expect(originAsReached('http://192.168.1.5:3000', 'localhost:3000')).toBe('http://192.168.1.5:3000');
});

test.each([
  ['127.0.0.1', true],
  ['127.0.0.2', true],
  ['localhost', true],
  ['::1', true],
  ['0.0.0.0', false],
  ['::', false],
  ['192.168.1.5', false],
])('HOST=%s listens on loopback only: %s (else npm start warns when /mcp needs no key)', (host, loopback) => {
  expect(isLoopbackHost(host)).toBe(loopback);
});
