// Loads the built Lambda bundle in a fresh Node process, as the Lambda runtime does, invokes its
// handler with the API Gateway events given as JSON in argv[3], and prints, for each, the answer
// and what has been loaded by then: the AWS SDK, Node's fetch implementation (undici), node:https
// (which the function needs only to read a client's metadata document), which of the markers
// given as JSON in argv[4] (optional) have run, which files beside the bundle it has required
// (those it loads on demand), and which of the built-in modules our bundles load on first use
// (scripts/lazy-builtins-plugin.mjs) Node has loaded. A marker is a string found exactly
// once in the bundle, in code that runs when the bundled module holding it is evaluated: V8's
// block coverage tells whether it ran, which is how a module bundled lazily (esbuild's
// __commonJS/__esm wrappers) shows it was loaded. The handler's log lines share stdout, so the
// report is the line starting with PROBE.
// Usage: node mcp-bundle-probe.cjs <bundle> <events-json> [<markers-json>]
'use strict';

const { readFileSync } = require('node:fs');
const { basename, dirname } = require('node:path');
const inspector = require('node:inspector');
const { pathToFileURL } = require('node:url');

const [bundle, eventsJson, markersJson = '[]'] = process.argv.slice(2);
const awsSdkLoaded = () => Object.keys(require.cache).some((path) => path.includes('@aws-sdk'));
const undiciLoaded = () => process.moduleLoadList.some((name) => name.includes('undici'));
const httpsLoaded = () => process.moduleLoadList.includes('NativeModule https');
const LAZY_BUILTINS = ['crypto', 'stream/web'];
const builtinsLoaded = () => LAZY_BUILTINS.filter((name) => process.moduleLoadList.includes(`NativeModule ${name}`));
const besideBundle = () =>
  Object.keys(require.cache)
    .filter((path) => dirname(path) === dirname(bundle) && path !== bundle)
    .map((path) => basename(path));

/** Which markers have run so far; V8 resets its counts on each take, so what ran is remembered. */
function markerTracker(markers) {
  const source = readFileSync(bundle, 'utf8');
  const offsets = markers.map((marker) => {
    const at = source.indexOf(marker);
    if (at < 0 || source.indexOf(marker, at + 1) >= 0) throw new Error(`${marker} is not in the bundle exactly once`);
    return at;
  });
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) => {
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result)));
    });
  const url = pathToFileURL(bundle).href;
  const ran = new Set();
  return {
    async start() {
      if (markers.length === 0) return;
      await post('Profiler.enable');
      await post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
    },
    async markersRun() {
      if (markers.length === 0) return [];
      const { result } = await post('Profiler.takePreciseCoverage');
      const script = result.find((entry) => entry.url === url);
      if (script === undefined) throw new Error(`no coverage for ${url}`);
      const ranges = script.functions.flatMap((fn) => fn.ranges);
      offsets.forEach((offset, index) => {
        // The innermost range holding the marker counts how often its code ran.
        const innermost = ranges
          .filter((range) => range.startOffset <= offset && offset < range.endOffset)
          .reduce(
            (inner, range) =>
              inner && inner.endOffset - inner.startOffset <= range.endOffset - range.startOffset ? inner : range,
            undefined,
          );
        if (innermost !== undefined && innermost.count > 0) ran.add(markers[index]);
      });
      return markers.filter((marker) => ran.has(marker));
    },
  };
}

async function probe() {
  const tracker = markerTracker(JSON.parse(markersJson));
  await tracker.start();
  const { handler } = require(bundle);
  // What has been loaded (and which markers have run) by now.
  const loadState = async () => ({
    awsSdkLoaded: awsSdkLoaded(),
    undiciLoaded: undiciLoaded(),
    httpsLoaded: httpsLoaded(),
    besideBundle: besideBundle(),
    builtinsLoaded: builtinsLoaded(),
    markersRun: await tracker.markersRun(),
  });
  const atInit = await loadState();
  const answers = [];
  for (const [index, event] of JSON.parse(eventsJson).entries()) {
    const context = { awsRequestId: `probe-${index}`, getRemainingTimeInMillis: () => 30_000 };
    const result = await handler(event, context);
    answers.push({ statusCode: result.statusCode, body: result.body, ...(await loadState()) });
  }
  return { awsSdkLoadedAtInit: atInit.awsSdkLoaded, atInit, answers };
}

probe().then(
  (report) => {
    process.stdout.write(`PROBE ${JSON.stringify(report)}\n`);
  },
  (error) => {
    process.stderr.write(`probe failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
