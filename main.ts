/**
 * The CDKTF app: reads the stack configuration from the environment (constructs/config.ts lists
 * every variable) and synthesizes the server's stack, plus the state-bucket bootstrap stack when
 * the state lives in S3.
 */
import { App } from 'cdktf';
import { loadStackConfig, StackConfigError } from './constructs/config';
import { QuantConnectMcpStack } from './constructs/mcp-stack';
import { StateBucketStack } from './constructs/state-bucket';

/** Stack names, as `cdktf deploy <name>` wants them. */
const MAIN_STACK = 'qc-mcp';
const BOOTSTRAP_STACK = 'qc-mcp-state';

function main(): void {
  const config = loadStackConfig(process.env);
  const app = new App();
  new QuantConnectMcpStack(app, MAIN_STACK, { config });
  if (config.state.backend === 's3') {
    new StateBucketStack(app, BOOTSTRAP_STACK, { bucketName: config.state.bucket, region: config.state.region });
  }
  app.synth();
}

try {
  main();
} catch (error) {
  // A configuration mistake is the operator's to fix: the message, not a stack trace.
  if (!(error instanceof StackConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
