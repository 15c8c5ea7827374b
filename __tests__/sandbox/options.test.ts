/** The sandbox's command line: each option, and a message naming the option for each mistake. */
import { parseFaultRule, parseSandboxOptions, SANDBOX_USAGE } from '../../lambda/sandbox/options';

test('no options: HTTP, the built-in data, work done at the second read, no faults, no spec', () => {
  expect(parseSandboxOptions([])).toEqual({
    help: false,
    stdio: false,
    seed: undefined,
    readsUntilDone: 1,
    faults: [],
    specPath: undefined,
  });
});

test('--stdio, --seed, --reads-until-done and --spec, in both --name value and --name=value forms', () => {
  expect(parseSandboxOptions(['--stdio', '--seed', '42', '--reads-until-done=0', '--spec', 'api.yaml'])).toMatchObject({
    stdio: true,
    seed: 42,
    readsUntilDone: 0,
    specPath: 'api.yaml',
  });
});

test.each([
  ['/backtests/read=500', { endpoint: '/backtests/read', fault: { status: 500 }, times: undefined }],
  ['/compile/read=429@2', { endpoint: '/compile/read', fault: { status: 429 }, times: 2 }],
  ['*=slow:1500', { endpoint: '*', fault: { delayMs: 1500 }, times: undefined }],
  ['/backtests/orders/read=huge:200000', { endpoint: '/backtests/orders/read', fault: { largeResultBytes: 200000 } }],
  [
    '/projects/create=error:Too many projects: 100@1',
    { fault: { success: false, errors: ['Too many projects: 100'] } },
  ],
  ['/account/read=html', { fault: 'html' }],
  ['/files/read=malformed-json', { fault: 'malformed-json' }],
  ['/live/read=disconnect@3', { fault: 'disconnect', times: 3 }],
])('--fault %s', (rule, expected) => {
  expect(parseFaultRule(rule)).toMatchObject(expected);
});

test('--fault repeats, and --slow-ms slows every endpoint after the faults given', () => {
  const { faults } = parseSandboxOptions(['--fault', '/a/read=500@1', '--fault', '*=503@1', '--slow-ms', '250']);
  expect(faults).toEqual([
    { endpoint: '/a/read', fault: { status: 500 }, times: 1 },
    { endpoint: '*', fault: { status: 503 }, times: 1 },
    { endpoint: '*', fault: { delayMs: 250 } },
  ]);
});

test.each([
  [['--seed=-1'], /--seed must be a whole number of at least 0 \(got "-1"\)/],
  [['--seed', 'abc'], /--seed must be a whole number/],
  [['--slow-ms', '0'], /--slow-ms must be a whole number of at least 1/],
  [['--fault', 'backtests/read=500'], /--fault backtests\/read=500: expected <path>=<fault>\[@<times>\]/],
  [['--fault', '/backtests/read=teapot'], /unknown fault "teapot"/],
  [['--fault', '/backtests/read=slow:soon'], /--fault slow:<ms> must be a whole number/],
  [['--fault', '/backtests/read=500@0'], /--fault …@<times> must be a whole number of at least 1/],
  [['--port', '80'], /Unknown option '--port'/],
  [['extra'], /extra/],
])('%j is refused with a message naming the mistake', (argv, message) => {
  expect(() => parseSandboxOptions(argv)).toThrow(message);
});

test('--help documents every option the parser accepts', () => {
  expect(parseSandboxOptions(['-h']).help).toBe(true);
  for (const option of ['--stdio', '--seed', '--reads-until-done', '--fault', '--slow-ms', '--spec', '--help']) {
    expect(SANDBOX_USAGE).toContain(option);
  }
  expect(SANDBOX_USAGE).toContain('POST /sandbox/reset');
});
