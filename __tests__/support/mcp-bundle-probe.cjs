// Loads the built Lambda bundle in a fresh Node process, as the Lambda runtime does, invokes its
// handler with the API Gateway events given as JSON in argv[3], and prints, for each, the answer
// and whether the AWS SDK has been loaded by then. The handler's log lines share stdout, so the
// report is the line starting with PROBE. Usage: node mcp-bundle-probe.cjs <bundle> <events-json>
'use strict';

const [bundle, eventsJson] = process.argv.slice(2);
const awsSdkLoaded = () => Object.keys(require.cache).some((path) => path.includes('@aws-sdk'));

async function probe() {
  const { handler } = require(bundle);
  const afterLoad = awsSdkLoaded();
  const answers = [];
  for (const [index, event] of JSON.parse(eventsJson).entries()) {
    const context = { awsRequestId: `probe-${index}`, getRemainingTimeInMillis: () => 30_000 };
    const result = await handler(event, context);
    answers.push({ statusCode: result.statusCode, body: result.body, awsSdkLoaded: awsSdkLoaded() });
  }
  return { awsSdkLoadedAtInit: afterLoad, answers };
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
