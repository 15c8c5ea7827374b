/**
 * The deploy's saved plan with the real terraform, offline: deploy.yml's plan job scripts plan a
 * synthesized stack (an offline copy: fake credentials, local state) to a file, show it and
 * encrypt the stack folder; the apply job's script decrypts it on another "runner", where
 * `terraform init` and `terraform show` open the very plan that was shown. (The apply itself needs
 * AWS; workflows.test.ts runs it with a stand-in.) Skipped, with the reason printed, only where
 * terraform or the provider mirror is absent.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { App } from 'cdktf';
import { parse } from 'yaml';
import { loadStackConfig } from '../../constructs/config';
import { QuantConnectMcpStack } from '../../constructs/mcp-stack';
import { root } from '../support/npm-commands';
import { init, terraform, terraformAvailability, writeCliConfig, type PlanJson } from '../support/terraform';
import { writeOfflineCopy } from '../support/terraform-offline-copy';

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, string>;
}
interface Job {
  steps: Step[];
}

const availability = terraformAvailability();
if (!availability.available) console.log(`saved-plan tests skipped: ${availability.reason}`);
const describeWithTerraform = availability.available ? describe : describe.skip;

const deploy = parse(fs.readFileSync(path.join(root, '.github', 'workflows', 'deploy.yml'), 'utf8')) as {
  env: Record<string, string>;
  jobs: Record<string, Job>;
};
const runs = (job: Job, pattern: RegExp) => job.steps.some((step) => pattern.test(step.run ?? ''));
const planJob = Object.values(deploy.jobs).find((job) => runs(job, /terraform -chdir="\$STACK_DIR" plan\b/))!;
const applyJob = Object.values(deploy.jobs).find((job) => runs(job, /terraform -chdir="\$STACK_DIR" apply\b/))!;
const bash = promisify(execFile);

describeWithTerraform('deploy.yml’s saved plan, carried from the plan job to the apply job, with terraform', () => {
  let work = '';
  let planner = { workspace: '', temp: '' };
  let applier = { workspace: '', temp: '' };
  let cliConfigFile = '';
  let shownPlan: PlanJson;
  let carriedPlan: PlanJson;
  let carriedTerraformDir = true;
  afterAll(() => work && fs.rmSync(work, { recursive: true, force: true }));

  /** Runs one step's script as GitHub's default shell does, with terraform offline. */
  const runStep = (runner: { workspace: string; temp: string }, step: Step) =>
    bash('bash', ['-e', '-c', step.run!], {
      cwd: runner.workspace,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TF_IN_AUTOMATION: '1',
        CHECKPOINT_DISABLE: '1',
        AWS_EC2_METADATA_DISABLED: 'true',
        TF_CLI_CONFIG_FILE: cliConfigFile,
        RUNNER_TEMP: runner.temp,
        GITHUB_STEP_SUMMARY: path.join(runner.temp, 'summary.md'),
        STACK_DIR: deploy.env.STACK_DIR,
        QC_MCP_PERMISSIONS_BOUNDARY_ARN: 'arn:aws:iam::123456789012:policy/qc-mcp-boundary',
        TF_PLAN_PASSPHRASE: 'correct horse battery staple',
        AWS_PLAN_ROLE_ARN: 'arn:aws:iam::123456789012:role/qc-mcp-plan',
      },
      maxBuffer: 64 * 1024 * 1024,
    });

  beforeAll(async () => {
    if (!availability.available) return;
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-mcp-saved-plan-'));
    cliConfigFile = writeCliConfig(work, availability.mirror);
    const runner = (name: string) => {
      const dirs = { workspace: path.join(work, name, 'workspace'), temp: path.join(work, name, 'temp') };
      fs.mkdirSync(dirs.workspace, { recursive: true });
      fs.mkdirSync(dirs.temp, { recursive: true });
      return dirs;
    };
    planner = runner('plan');
    applier = runner('apply');

    // What `npm run synth` leaves in the plan job's workspace (offline: fake credentials, local state).
    const synthOutput = path.join(work, 'synth');
    const app = new App({ outdir: synthOutput });
    new QuantConnectMcpStack(app, 'qc-mcp', { config: loadStackConfig({ QC_MCP_STATE_BACKEND: 'local' }) });
    app.synth();
    writeOfflineCopy(path.join(synthOutput, 'stacks', 'qc-mcp'), path.join(planner.workspace, deploy.env.STACK_DIR));

    // The plan job after synthesis and credentials: plan to a file, show it, encrypt the stack folder.
    for (const step of planJob.steps.filter((candidate) => candidate.run && !/^\s*npm /m.test(candidate.run))) {
      await runStep(planner, step);
    }
    const runTerraform = (cwd: string, args: string[]) => terraform(args, { cwd, cliConfigFile });
    const plannedStack = path.join(planner.workspace, deploy.env.STACK_DIR);
    shownPlan = JSON.parse(await runTerraform(plannedStack, ['show', '-json', 'tfplan'])) as PlanJson;

    // upload-artifact, then download-artifact into the apply job's temporary folder.
    const upload = planJob.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))!;
    const download = applyJob.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'))!;
    const artifact = upload.with!.path.replace('${{ runner.temp }}', planner.temp);
    const downloadDir = download.with!.path.replace('${{ runner.temp }}', applier.temp);
    fs.mkdirSync(downloadDir, { recursive: true });
    fs.copyFileSync(artifact, path.join(downloadDir, path.basename(artifact)));

    // The apply job: decrypt, then what its apply step does before applying.
    const decrypt = applyJob.steps.find((step) => (step.run ?? '').includes('openssl enc -d'))!;
    await runStep(applier, decrypt);
    const carriedStack = path.join(applier.workspace, deploy.env.STACK_DIR);
    carriedTerraformDir = fs.existsSync(path.join(carriedStack, '.terraform'));
    await init({ cwd: carriedStack, cliConfigFile });
    carriedPlan = JSON.parse(await runTerraform(carriedStack, ['show', '-json', 'tfplan'])) as PlanJson;
  }, 300_000);

  test('the plan job shows the plan in the run’s summary', () => {
    const summary = fs.readFileSync(path.join(planner.temp, 'summary.md'), 'utf8');
    expect(summary).toContain('### Plan to apply');
    expect(summary).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
  });

  test('the apply job opens the same plan, from the carried stack, after a fresh terraform init', () => {
    const changes = (plan: PlanJson) =>
      plan.resource_changes.map((change) => `${change.address} ${change.change.actions.join()}`).sort();
    expect(changes(carriedPlan).length).toBeGreaterThan(0);
    expect(changes(carriedPlan)).toEqual(changes(shownPlan));
  });

  test('the providers are not carried: the apply job installs them again from the lock file', () => {
    expect(carriedTerraformDir).toBe(false);
    expect(fs.existsSync(path.join(applier.workspace, deploy.env.STACK_DIR, '.terraform.lock.hcl'))).toBe(true);
  });
});
