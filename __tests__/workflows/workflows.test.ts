/**
 * The GitHub Actions workflows, read as data and run: the triggers, jobs and permissions they
 * need, the commands they run exist in this repository, AWS is reached only through OIDC (plans
 * with the read-only plan role only), secrets stay with the environments limited to main,
 * checkouts keep no token, actions are pinned by commit; and their scripts, run with stand-ins for
 * terraform, npm, curl and GitHub: the deploy applies the very plan it showed, the drift check
 * opens or closes one issue, the spec download refuses a file with the wrong hash, the plan
 * comment stays a single comment. The IAM policies documented for the roles are checked in
 * iam-policies.test.ts.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { declaredPackages, npmScriptsIn, npxBinsIn, packageJson, packageOfBin, root } from '../support/npm-commands';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}

interface Job {
  name?: string;
  'runs-on'?: string;
  needs?: string | string[];
  if?: string;
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  env?: Record<string, string>;
  steps: Step[];
}

interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflowDir = path.join(root, '.github', 'workflows');

/** The commands that synthesize (a package.json script), plan and apply the stack. */
const synthCommand = /^npm run synth$/;
const diffCommand = /^npm run --silent diff\b/;
const planCommand = /^terraform -chdir="\$STACK_DIR" plan\b/;
const applyCommand = /^terraform -chdir="\$STACK_DIR" apply\b/;

const files = readdirSync(workflowDir).filter((file) => /\.ya?ml$/.test(file));
const sources = new Map(files.map((file) => [file, readFileSync(path.join(workflowDir, file), 'utf8')]));
const workflows = new Map(files.map((file) => [file, parse(sources.get(file)!) as Workflow]));

/** The repository's own composite actions (`uses: ./.github/actions/<name>`), by directory. */
const actionDir = path.join(root, '.github', 'actions');
const actionSources = new Map(
  readdirSync(actionDir).map((name) => [
    `./.github/actions/${name}`,
    readFileSync(path.join(actionDir, name, 'action.yml'), 'utf8'),
  ]),
);

/** A step, or the steps of the local composite action it uses, in order. */
function expanded(step: Step): Step[] {
  if (!step.uses?.startsWith('./')) return [step];
  const source = actionSources.get(step.uses);
  if (!source) throw new Error(`${step.uses} is not an action of this repository`);
  return (parse(source) as { runs: { steps: Step[] } }).runs.steps.flatMap(expanded);
}

function workflow(file: string): Workflow {
  const parsed = workflows.get(file);
  if (!parsed) throw new Error(`.github/workflows/${file} is missing`);
  return parsed;
}

function allSteps(parsed: Workflow): Step[] {
  return Object.values(parsed.jobs).flatMap((job) => job.steps.flatMap(expanded));
}

/** The shell commands of a job's `run` steps (those of its local actions included), one entry per line, in order. */
function commands(job: Job): string[] {
  return job.steps.flatMap(expanded).flatMap((step) => (step.run ?? '').split('\n').map((line) => line.trim()));
}

/** The job whose steps run a command matching `pattern`. */
function jobRunning(parsed: Workflow, pattern: RegExp): Job {
  const job = Object.values(parsed.jobs).find((candidate) => commands(candidate).some((line) => pattern.test(line)));
  if (!job) throw new Error(`no job runs ${pattern}`);
  return job;
}

function indexOfCommand(job: Job, pattern: RegExp): number {
  return commands(job).findIndex((line) => pattern.test(line));
}

describe.each(files)('workflow %s', (file) => {
  const parsed = workflow(file);
  const source = sources.get(file)!;

  test('has a name and at least one job with steps', () => {
    expect(parsed.name).toMatch(/\S/);
    expect(Object.keys(parsed.jobs).length).toBeGreaterThan(0);
    for (const job of Object.values(parsed.jobs)) expect(job.steps.length).toBeGreaterThan(0);
  });

  test('runs only npm scripts that package.json defines', () => {
    const scripts = Object.values(parsed.jobs).flatMap(commands).flatMap(npmScriptsIn);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(Object.keys(packageJson.scripts)).toContain(script);
  });

  test('runs npx only for binaries of packages that package.json installs', () => {
    const bins = Object.values(parsed.jobs).flatMap(commands).flatMap(npxBinsIn);
    for (const bin of bins) expect(declaredPackages).toContain(packageOfBin(bin));
  });

  test('pins every third-party action by a full commit SHA, naming its release in a comment', () => {
    const lines = [source, ...actionSources.values()].flatMap((text) =>
      text.split('\n').filter((line) => /^\s*(?:- )?uses:/.test(line)),
    );
    for (const line of lines.filter((candidate) => !candidate.includes('uses: ./'))) {
      expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });

  test('never references an AWS access key', () => {
    expect(source).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\.AWS_/i);
  });

  test('reaches AWS only through a role assumed with the OIDC token of the job that needs it', () => {
    for (const job of Object.values(parsed.jobs)) {
      const awsSteps = job.steps.filter((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      for (const step of awsSteps) expect(step.with?.['role-to-assume']).toMatch(/^\$\{\{ vars\.AWS_\w*ROLE_ARN/);
      expect(job.permissions?.['id-token'] ?? 'none').toBe(awsSteps.length > 0 ? 'write' : 'none');
    }
    expect(parsed.permissions).toEqual({ contents: 'read' });
  });

  test('runs the real terraform binary, without the wrapper that rewrites its output', () => {
    const setups = allSteps(parsed).filter((step) => step.uses?.startsWith('hashicorp/setup-terraform@'));
    for (const setup of setups) expect(setup.with?.terraform_wrapper).toBe(false);
  });

  test('sets up Node.js 22, the Lambda runtime, with the npm cache, in every job that runs npm', () => {
    for (const job of Object.values(parsed.jobs)) {
      const setups = job.steps.filter((step) => step.uses?.startsWith('actions/setup-node@'));
      const runsNpm = commands(job).some((line) => /^npm\b/.test(line));
      expect(setups.length).toBe(runsNpm ? 1 : 0);
      for (const setup of setups) expect(setup.with).toEqual({ 'node-version': 22, cache: 'npm' });
    }
  });

  test('checks out without keeping the token, which the code run next could read from .git/config', () => {
    const checkouts = allSteps(parsed).filter((step) => step.uses?.startsWith('actions/checkout@'));
    expect(checkouts.length).toBeGreaterThan(0);
    for (const checkout of checkouts) expect(checkout.with?.['persist-credentials']).toBe(false);
  });

  test('gives a Terraform Cloud token only to jobs in an environment limited to main, never to a pull request', () => {
    for (const [name, job] of Object.entries(parsed.jobs)) {
      if (JSON.stringify(job).includes('secrets.TF_API_TOKEN')) {
        expect(`${name}: ${environmentOf(job)}`).toMatch(new RegExp(`^${name}: production(?:-plan)?$`));
      }
    }
    if (Object.keys(parsed.on).includes('pull_request')) expect(source).not.toContain('TF_API_TOKEN');
  });
});

function environmentOf(job: Job): string | undefined {
  return typeof job.environment === 'object' ? job.environment.name : job.environment;
}

test('each action is pinned to one commit everywhere', () => {
  const pins = new Map<string, Set<string>>();
  for (const text of [...sources.values(), ...actionSources.values()]) {
    for (const [, action, sha] of text.matchAll(/uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40})/g)) {
      pins.set(action, (pins.get(action) ?? new Set()).add(sha));
    }
  }
  expect(pins.size).toBeGreaterThan(0);
  for (const shas of pins.values()) expect(shas.size).toBe(1);
});

/** The workflows that lint and test (the drift check plans main, which they tested already). */
const testingFiles = files.filter((file) =>
  Object.values(workflow(file).jobs).some((job) => indexOfCommand(job, /^npm test$/) >= 0),
);

test('the pull-request and deploy workflows run the tests', () => {
  expect(testingFiles).toEqual(expect.arrayContaining(['ci.yml', 'deploy.yml']));
});

describe.each(testingFiles)('%s, the job that runs npm test', (file) => {
  const job = jobRunning(workflow(file), /^npm test$/);

  test('gives the terraform plan test terraform and a provider mirror, so it runs instead of skipping', () => {
    const testStep = job.steps.find((step) => step.run === 'npm test')!;
    expect(testStep.env?.QC_MCP_TF_PROVIDER_MIRROR).toBeTruthy();
    expect(commands(job).some((line) => /terraform .*providers mirror/.test(line))).toBe(true);
    expect(job.steps.some((step) => step.uses?.startsWith('hashicorp/setup-terraform@'))).toBe(true);
  });
});

describe.each(files)('%s, the jobs that plan or apply', (file) => {
  const planJobs = Object.values(workflow(file).jobs).filter(
    (job) => indexOfCommand(job, diffCommand) >= 0 || indexOfCommand(job, planCommand) >= 0,
  );
  const applyJobs = Object.values(workflow(file).jobs).filter((job) => indexOfCommand(job, applyCommand) >= 0);

  test('give Terraform a lock timeout, so a run waits for another’s state lock instead of failing', () => {
    expect(planJobs.length).toBeGreaterThan(0);
    for (const job of planJobs) expect(job.env?.TF_CLI_ARGS_plan).toMatch(/^-lock-timeout=\d+m$/);
    for (const job of applyJobs) expect(job.env?.TF_CLI_ARGS_apply).toMatch(/^-lock-timeout=\d+m$/);
  });

  test('turn off terraform’s and cdktf’s telemetry check, which fails offline', () => {
    expect(workflow(file).env?.CHECKPOINT_DISABLE).toBe('1');
  });
});

test('the QuantConnect secrets reach only jobs in the production environment', () => {
  for (const [file, parsed] of workflows) {
    for (const [name, job] of Object.entries(parsed.jobs)) {
      if (JSON.stringify(job).includes('secrets.QUANTCONNECT_')) {
        expect(`${file} ${name}: ${environmentOf(job)}`).toBe(`${file} ${name}: production`);
      }
    }
  }
});

describe('ci.yml', () => {
  const ci = workflow('ci.yml');

  test('runs on pull requests', () => {
    expect(Object.keys(ci.on)).toEqual(['pull_request']);
  });

  test('installs, lints and tests, then synthesizes and plans once those pass', () => {
    const check = jobRunning(ci, /^npm test$/);
    const checks = [/^npm ci$/, /^npm run lint$/, /^npm test$/].map((command) => indexOfCommand(check, command));
    expect(checks.every((index) => index >= 0)).toBe(true);
    expect([...checks].sort((a, b) => a - b)).toEqual(checks);

    const plan = jobRunning(ci, diffCommand);
    const planning = [/^npm ci$/, synthCommand, diffCommand].map((command) => indexOfCommand(plan, command));
    expect(planning.every((index) => index >= 0)).toBe(true);
    expect([...planning].sort((a, b) => a - b)).toEqual(planning);
  });

  test('plans with the read-only plan role only, never the deploy role', () => {
    const job = jobRunning(ci, diffCommand);
    const credentials = job.steps.filter((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials.map((step) => step.with?.['role-to-assume'])).toEqual(['${{ vars.AWS_PLAN_ROLE_ARN }}']);
    expect(JSON.stringify(job)).not.toContain('AWS_ROLE_ARN');
  });

  test('plans with cdktf diff only after the checks pass, with an OIDC token and leave to comment', () => {
    const job = jobRunning(ci, diffCommand);
    const checkJob = Object.entries(ci.jobs).find(([, candidate]) => indexOfCommand(candidate, /^npm test$/) >= 0)![0];
    expect([job.needs].flat()).toContain(checkJob);
    expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read', 'pull-requests': 'write' });
  });

  test('skips the plan for pull requests from forks, which get no OIDC token', () => {
    const job = jobRunning(ci, diffCommand);
    expect(job.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
  });

  test('skips the plan with the Terraform Cloud backend, whose remote plan would run the pull request’s code with the workspace’s variables', () => {
    const job = jobRunning(ci, diffCommand);
    expect(job.if).toContain("vars.QC_MCP_STATE_BACKEND != 'cloud'");
    expect(JSON.stringify(job)).not.toMatch(/TF_TOKEN|TF_API_TOKEN/);
  });

  test('posts the plan even when the plan fails', () => {
    const job = jobRunning(ci, diffCommand);
    const comment = job.steps.find((step) => step.uses?.startsWith('actions/github-script@'))!;
    expect(comment.if).toMatch(/always\(\)/);
  });
});

describe.each(testingFiles)('%s, the job that runs npm test, and the OpenAPI spec', (file) => {
  const job = jobRunning(workflow(file), /^npm test$/);

  test('downloads the spec before the tests and hands them its path, so the spec checks run instead of skipping', () => {
    const specStep = job.steps.findIndex((step) => step.uses === './.github/actions/quantconnect-openapi-spec');
    const testStep = job.steps.findIndex((step) => step.run === 'npm test');
    expect(specStep).toBeGreaterThanOrEqual(0);
    expect(specStep).toBeLessThan(testStep);
    const id = job.steps[specStep].id;
    expect(job.steps[testStep].env?.QC_MCP_OPENAPI_SPEC).toBe(`\${{ steps.${id}.outputs.path }}`);
  });
});

/** Every job that assumes the plan role, in any workflow. */
const planRoleJobs = [...workflows].flatMap(([file, parsed]) =>
  Object.entries(parsed.jobs)
    .filter(([, job]) => job.steps.some((step) => step.with?.['role-to-assume'] === '${{ vars.AWS_PLAN_ROLE_ARN }}'))
    .map(([name, job]): [string, Job] => [`${file} job ${name}`, job]),
);

test.each(['deploy.yml', 'drift.yml'])(
  '%s gives every step that runs terraform on the stack the Terraform Cloud token, which a cloud backend needs',
  (file) => {
    const steps = allSteps(workflow(file)).filter((step) => /terraform -chdir="\$STACK_DIR"/.test(step.run ?? ''));
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) expect(step.env?.TF_TOKEN_app_terraform_io).toBe('${{ secrets.TF_API_TOKEN }}');
  },
);

test('the pull-request plan, the deploy’s plan and the drift check assume the plan role', () => {
  expect(planRoleJobs.map(([name]) => name).sort()).toEqual([
    'ci.yml job plan',
    'deploy.yml job plan',
    'drift.yml job drift',
  ]);
});

test.each(planRoleJobs)(
  '%s stops before assuming any role when the plan role is not set, saying what to create',
  (_, job) => {
    const credentials = job.steps.findIndex((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    const guard = job.steps.findIndex((step) => (step.run ?? '').includes('AWS_PLAN_ROLE_ARN'));
    expect(guard).toBeGreaterThanOrEqual(0);
    expect(guard).toBeLessThan(credentials);
    const run = (value: string) =>
      spawnSync('bash', ['-e', '-c', job.steps[guard].run!], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, AWS_PLAN_ROLE_ARN: value },
      });
    const unset = run('');
    expect(unset.status).not.toBe(0);
    expect(unset.stderr).toContain('AWS_PLAN_ROLE_ARN: is not set: create the read-only plan role');
    expect(run('arn:aws:iam::123456789012:role/qc-mcp-plan').status).toBe(0);
  },
);

describe('deploy.yml', () => {
  const deploy = workflow('deploy.yml');
  const planJobName = Object.keys(deploy.jobs).find((name) => indexOfCommand(deploy.jobs[name], planCommand) >= 0)!;
  const applyJobName = Object.keys(deploy.jobs).find((name) => indexOfCommand(deploy.jobs[name], applyCommand) >= 0)!;
  const planJob = deploy.jobs[planJobName];
  const applyJob = deploy.jobs[applyJobName];

  test('runs on pushes to main and on demand', () => {
    expect(deploy.on).toEqual({ push: { branches: ['main'] }, workflow_dispatch: null });
  });

  test('plans after lint and test pass, and applies only after the plan', () => {
    const checkJob = Object.entries(deploy.jobs).find(([, job]) => indexOfCommand(job, /^npm test$/) >= 0)!;
    expect(indexOfCommand(checkJob[1], /^npm run lint$/)).toBeGreaterThanOrEqual(0);
    expect([planJob.needs].flat()).toContain(checkJob[0]);
    expect([applyJob.needs].flat()).toEqual([planJobName]);
  });

  test('plans in production-plan with the plan role, and applies in production with the deploy role, from main only', () => {
    const roles = (job: Job) =>
      job.steps
        .filter((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'))
        .map((step) => step.with?.['role-to-assume']);
    expect(planJob.environment).toBe('production-plan');
    expect(roles(planJob)).toEqual(['${{ vars.AWS_PLAN_ROLE_ARN }}']);
    expect(applyJob.environment).toBe('production');
    expect(roles(applyJob)).toEqual(['${{ vars.AWS_ROLE_ARN }}']);
    expect(planJob.if).toBe("github.ref == 'refs/heads/main'");
  });

  test('applies the saved plan file, never a fresh plan or an auto-approved deploy', () => {
    const applyLines = commands(applyJob).filter((line) => /^terraform\b/.test(line));
    expect(applyLines.filter((line) => applyCommand.test(line))).toEqual([
      'terraform -chdir="$STACK_DIR" apply -input=false -no-color tfplan',
    ]);
    expect(applyLines.some((line) => planCommand.test(line))).toBe(false);
    expect(JSON.stringify(deploy)).not.toMatch(/auto-approve|npm run deploy/);
    expect(commands(planJob)).toContain('terraform -chdir="$STACK_DIR" plan -input=false -no-color -out=tfplan');
  });

  test('hands the plan from one job to the other as one artifact, uploaded then downloaded by name', () => {
    const upload = planJob.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))!;
    const download = applyJob.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'))!;
    expect(upload.with?.name).toBe(download.with?.name);
    expect(upload.with?.['if-no-files-found']).toBe('error');
  });

  test('never runs two deploys at once and never cancels one halfway', () => {
    expect(deploy.concurrency?.group).toMatch(/\S/);
    expect(deploy.concurrency?.['cancel-in-progress']).toBe(false);
  });
});

describe('the stack settings', () => {
  // Every QC_MCP_* name the stack configuration mentions is a setting it reads.
  const configSource = readFileSync(path.join(root, 'constructs', 'config.ts'), 'utf8');
  const stackSettings = [...new Set(configSource.match(/\bQC_MCP_[A-Z0-9_]+\b/g))].sort();
  const cdktfJobs = [...workflows].flatMap(([file, parsed]) =>
    Object.entries(parsed.jobs)
      .filter(([, job]) => indexOfCommand(job, /^npm run (?:--silent )?(?:synth|diff|deploy)\b/) >= 0)
      .map(([name, job]): [string, Job] => [`${file} job ${name}`, job]),
  );

  test.each(cdktfJobs)('%s passes every setting constructs/config.ts reads, and no other', (_, job) => {
    const passed = Object.keys(job.env ?? {}).filter((name) => name.startsWith('QC_MCP_'));
    expect(passed.sort()).toEqual(stackSettings);
  });

  test.each(cdktfJobs)('%s takes each setting from the repository variable of the same name', (_, job) => {
    for (const [name, value] of Object.entries(job.env ?? {}).filter(([key]) => key.startsWith('QC_MCP_'))) {
      const variable = name === 'QC_MCP_AWS_REGION' ? 'AWS_REGION' : name;
      expect(value).toBe(`\${{ vars.${variable} }}`);
    }
  });

  test.each(cdktfJobs)('%s synthesizes before it has any AWS credentials', (_, job) => {
    const credentials = job.steps.findIndex((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    const synth = job.steps.findIndex((step) =>
      (step.run ?? '').split('\n').some((line) => synthCommand.test(line.trim())),
    );
    if (synth >= 0) expect(synth).toBeLessThan(credentials);
  });

  test('never reach the tests, which must not depend on a repository’s settings', () => {
    for (const parsed of workflows.values()) {
      expect(Object.keys(parsed.env ?? {}).filter((name) => name.startsWith('QC_MCP_'))).toEqual([]);
      for (const job of Object.values(parsed.jobs).filter(
        (candidate) => indexOfCommand(candidate, /^npm test$/) >= 0,
      )) {
        expect(Object.keys(job.env ?? {}).filter((name) => name.startsWith('QC_MCP_'))).toEqual([]);
      }
    }
  });
});

/**
 * Stand-ins for the programs the workflows' scripts call, in a folder put first on PATH: npm and
 * terraform report which Terraform inputs they were given; terraform also writes, shows and
 * applies a plan file the way the real one does, and its plan exits with FAKE_PLAN_EXIT_CODE.
 */
const FAKE_BIN: Record<string, string> = {
  npm: `#!/bin/sh
echo "user=\${TF_VAR_quantconnect_user_id-unset} token=\${TF_VAR_quantconnect_api_token-unset} version=\${TF_VAR_quantconnect_credentials_version-unset}"
echo "plan arguments: \${TF_CLI_ARGS_plan-}"
`,
  terraform: `#!/bin/sh
dir=.
case "$1" in -chdir=*) dir="\${1#-chdir=}"; shift ;; esac
command="$1"; shift
for last in "$@"; do :; done
case "$command" in
  init) echo "init $dir" ;;
  plan)
    echo "user=\${TF_VAR_quantconnect_user_id-unset} token=\${TF_VAR_quantconnect_api_token-unset} version=\${TF_VAR_quantconnect_credentials_version-unset}"
    for arg in "$@"; do
      case "$arg" in -out=*) echo "plan $FAKE_PLAN_ID: ~ update aws_lambda_function.handler" > "$dir/\${arg#-out=}" ;; esac
    done
    exit "\${FAKE_PLAN_EXIT_CODE:-0}" ;;
  show) cat "$dir/$last" ;;
  apply)
    echo "user=\${TF_VAR_quantconnect_user_id-unset} token=\${TF_VAR_quantconnect_api_token-unset} version=\${TF_VAR_quantconnect_credentials_version-unset}"
    echo "applied: $(cat "$dir/$last")" ;;
  output) echo '{"url":{"sensitive":false,"type":"string","value":"https://example.com/mcp"},"api_key":{"sensitive":true,"type":"string","value":"key-value-secret"}}' ;;
  *) echo "unexpected: terraform $command" >&2; exit 64 ;;
esac
`,
};

/** A runner of workflow steps: a workspace, RUNNER_TEMP, the step summary and outputs files, and the stand-ins. */
class FakeRunner {
  readonly workspace: string;
  readonly temp: string;
  constructor(
    readonly root: string,
    name: string,
    private readonly bin: string,
  ) {
    this.workspace = path.join(root, name, 'workspace');
    this.temp = path.join(root, name, 'temp');
    mkdirSync(this.workspace, { recursive: true });
    mkdirSync(this.temp, { recursive: true });
  }

  get summary(): string {
    return readIfThere(path.join(this.temp, 'summary.md'));
  }

  get outputs(): string {
    return readIfThere(path.join(this.temp, 'outputs.txt'));
  }

  /** Runs the step's script the way GitHub's default shell does (bash -e), with these variables. */
  run(step: Step, env: Record<string, string>) {
    return spawnSync('bash', ['-e', '-c', step.run!], {
      cwd: this.workspace,
      encoding: 'utf8',
      env: {
        PATH: `${this.bin}${path.delimiter}${process.env.PATH}`,
        RUNNER_TEMP: this.temp,
        GITHUB_STEP_SUMMARY: path.join(this.temp, 'summary.md'),
        GITHUB_OUTPUT: path.join(this.temp, 'outputs.txt'),
        STACK_DIR: 'cdktf.out/stacks/qc-mcp',
        ...env,
      },
    });
  }
}

function readIfThere(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

describe('the workflows’ scripts, run with stand-ins', () => {
  let dir: string;
  let bin: string;
  let runners = 0;
  const runner = () => new FakeRunner(dir, `runner-${++runners}`, bin);

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qc-mcp-workflow-steps-'));
    bin = path.join(dir, 'bin');
    mkdirSync(bin);
    for (const [name, script] of Object.entries(FAKE_BIN)) {
      writeFileSync(path.join(bin, name), script);
      chmodSync(path.join(bin, name), 0o755);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const stepsRunning = (pattern: RegExp) =>
    [...workflows].flatMap(([file, parsed]) =>
      allSteps(parsed)
        .filter((step) => (step.run ?? '').split('\n').some((line) => pattern.test(line.trim())))
        .map((step): [string, Step] => [`${file} ${step.name ?? step.run}`, step]),
    );
  const planSteps = [...stepsRunning(diffCommand), ...stepsRunning(planCommand)];
  const applySteps = stepsRunning(applyCommand);
  const boundary = { QC_MCP_PERMISSIONS_BOUNDARY_ARN: 'arn:aws:iam::123456789012:policy/qc-mcp-boundary' };

  /** A runner whose workspace already holds a synthesized stack with a saved plan, as the apply finds it. */
  function runnerWithSavedPlan(): FakeRunner {
    const fake = runner();
    mkdirSync(path.join(fake.workspace, 'cdktf.out', 'stacks', 'qc-mcp'), { recursive: true });
    writeFileSync(path.join(fake.workspace, 'cdktf.out', 'stacks', 'qc-mcp', 'tfplan'), 'plan saved earlier\n');
    return fake;
  }

  describe('the QuantConnect credentials', () => {
    test.each(applySteps)('%s gives Terraform the credentials when the stack writes them', (_, step) => {
      const result = runnerWithSavedPlan().run(step, {
        QC_MCP_MANAGE_SECRET_VALUES: 'true',
        QUANTCONNECT_USER_ID: '123456',
        QUANTCONNECT_API_TOKEN: 'token-value',
        QUANTCONNECT_CREDENTIALS_VERSION: '',
      });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('user=123456 token=token-value version=1');
    });

    test.each([...planSteps, ...applySteps])('%s keeps the credentials from Terraform otherwise', (_, step) => {
      const result = runnerWithSavedPlan().run(step, {
        ...boundary,
        QC_MCP_MANAGE_SECRET_VALUES: '',
        QUANTCONNECT_USER_ID: '123456',
        QUANTCONNECT_API_TOKEN: 'token-value',
      });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('user=unset token=unset version=unset');
    });

    test.each(applySteps)('%s stops, naming the secret to add, when one is missing', (_, step) => {
      const result = runnerWithSavedPlan().run(step, {
        QC_MCP_MANAGE_SECRET_VALUES: 'true',
        QUANTCONNECT_USER_ID: '123456',
      });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('production environment secret QUANTCONNECT_API_TOKEN');
      expect(result.stdout).not.toContain('user=');
    });

    test.each(planSteps)('%s plans with placeholders, never the real credentials, which it cannot read', (_, step) => {
      expect(JSON.stringify(step)).not.toContain('secrets.QUANTCONNECT_');
      const result = runner().run(step, {
        ...boundary,
        QC_MCP_MANAGE_SECRET_VALUES: 'true',
        // Even if they were somehow in its environment, the plan would not pass them on.
        QUANTCONNECT_USER_ID: '123456',
        QUANTCONNECT_API_TOKEN: 'token-value',
      });
      expect(result.stdout).toContain('user=placeholder-for-plan token=placeholder-for-plan version=1');
    });

    test('the pull request’s plan skips the refresh when the stack writes the credentials, which would read their values', () => {
      const [[, step]] = stepsRunning(diffCommand);
      const withArguments = (manage: string) =>
        runner().run(step, { QC_MCP_MANAGE_SECRET_VALUES: manage, TF_CLI_ARGS_plan: '-lock-timeout=10m' }).stdout;
      expect(withArguments('true')).toContain('plan arguments: -lock-timeout=10m -refresh=false');
      expect(withArguments('')).toContain('plan arguments: -lock-timeout=10m\n');
    });

    test('names only Terraform inputs that constructs/secrets.ts declares', () => {
      const secretsSource = readFileSync(path.join(root, 'constructs', 'secrets.ts'), 'utf8');
      const inputs = new Set(
        [...planSteps, ...applySteps].flatMap(([, step]) =>
          [...(step.run ?? '').matchAll(/\bTF_VAR_(\w+)=/g)].map((match) => match[1]),
        ),
      );
      expect(inputs.size).toBe(3);
      for (const input of inputs) expect(secretsSource).toContain(`'${input}'`);
    });
  });

  describe('deploy.yml: the plan it shows is the plan it applies', () => {
    const deploy = workflow('deploy.yml');
    const planJob = Object.values(deploy.jobs).find((job) => indexOfCommand(job, planCommand) >= 0)!;
    const applyJob = Object.values(deploy.jobs).find((job) => indexOfCommand(job, applyCommand) >= 0)!;
    const passphrase = { TF_PLAN_PASSPHRASE: 'correct horse battery staple' };
    const settings = {
      ...boundary,
      QC_MCP_MANAGE_SECRET_VALUES: 'true',
      AWS_PLAN_ROLE_ARN: 'arn:aws:iam::123456789012:role/qc-mcp-plan',
    };
    const secrets = { QUANTCONNECT_USER_ID: '123456', QUANTCONNECT_API_TOKEN: 'token-value' };

    /** Runs a job's scripts in order on a runner, stopping at the first that fails. */
    function runJob(job: Job, fake: FakeRunner, env: Record<string, string>) {
      const results = [];
      for (const step of job.steps.filter((candidate) => candidate.run)) {
        const result = fake.run(step, env);
        results.push(result);
        if (result.status !== 0) break;
      }
      return {
        ok: results.every((result) => result.status === 0),
        stdout: results.map((r) => r.stdout).join(''),
        stderr: results.map((r) => r.stderr).join(''),
      };
    }

    /** The plan job on one runner, the artifact carried to another as upload/download-artifact do. */
    function planThenCarry(planEnv: Record<string, string>) {
      const planner = runner();
      const stack = path.join(planner.workspace, 'cdktf.out', 'stacks', 'qc-mcp');
      mkdirSync(path.join(stack, 'assets', 'function'), { recursive: true });
      mkdirSync(path.join(stack, '.terraform', 'providers'), { recursive: true });
      writeFileSync(path.join(stack, 'cdk.tf.json'), '{}');
      writeFileSync(path.join(stack, 'assets', 'function', 'archive.zip'), 'zip bytes');
      writeFileSync(path.join(stack, '.terraform', 'providers', 'aws'), 'provider binary');
      const planned = runJob(planJob, planner, { ...settings, ...planEnv });
      const applier = runner();
      const upload = planJob.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))!;
      const download = applyJob.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'))!;
      const uploaded = String(upload.with?.path).replace('${{ runner.temp }}', planner.temp);
      const downloadDir = String(download.with?.path).replace('${{ runner.temp }}', applier.temp);
      if (existsSync(uploaded)) {
        mkdirSync(downloadDir, { recursive: true });
        writeFileSync(path.join(downloadDir, path.basename(uploaded)), readFileSync(uploaded));
      }
      return { planner, applier, planned, uploaded };
    }

    test('applies the file it planned and showed, with the stack it was planned from, and the real credentials', () => {
      const { planner, applier, planned } = planThenCarry({ ...passphrase, FAKE_PLAN_ID: 'run-42' });
      expect(planned.ok).toBe(true);
      expect(planned.stdout).toContain('user=placeholder-for-plan');
      expect(planner.summary).toContain('plan run-42: ~ update aws_lambda_function.handler');

      const applied = runJob(applyJob, applier, { ...passphrase, ...secrets, QC_MCP_MANAGE_SECRET_VALUES: 'true' });
      expect(applied.ok).toBe(true);
      expect(applied.stdout).toContain('applied: plan run-42: ~ update aws_lambda_function.handler');
      expect(applied.stdout).toContain('user=123456 token=token-value version=1');
      const stack = path.join(applier.workspace, 'cdktf.out', 'stacks', 'qc-mcp');
      expect(readFileSync(path.join(stack, 'assets', 'function', 'archive.zip'), 'utf8')).toBe('zip bytes');
      // The providers are installed again by `terraform init`, not carried.
      expect(existsSync(path.join(stack, '.terraform'))).toBe(false);
    });

    test('puts the non-sensitive outputs in the summary, never the API key', () => {
      const { applier } = planThenCarry({ ...passphrase, FAKE_PLAN_ID: 'run-43' });
      expect(runJob(applyJob, applier, { ...passphrase, ...secrets }).ok).toBe(true);
      expect(applier.summary).toContain('"url": "https://example.com/mcp"');
      expect(applier.summary).not.toContain('key-value-secret');
    });

    test('carries the plan encrypted: without the passphrase it is unreadable and nothing is applied', () => {
      const { applier, uploaded } = planThenCarry({ ...passphrase, FAKE_PLAN_ID: 'run-44' });
      // openssl's salted format, not a readable archive.
      expect(readFileSync(uploaded).subarray(0, 8).toString('latin1')).toBe('Salted__');
      expect(readFileSync(uploaded).toString('latin1')).not.toContain('run-44');
      const applied = runJob(applyJob, applier, { TF_PLAN_PASSPHRASE: 'a guess', ...secrets });
      expect(applied.ok).toBe(false);
      expect(applied.stdout).not.toContain('applied:');
    });

    test('stops before uploading when the passphrase is not set, saying where to add it', () => {
      const { planned, uploaded } = planThenCarry({ FAKE_PLAN_ID: 'run-45' });
      expect(planned.ok).toBe(false);
      expect(planned.stderr).toContain(
        'TF_PLAN_PASSPHRASE: is empty: add the secret TF_PLAN_PASSPHRASE to the production-plan and production environments',
      );
      expect(existsSync(uploaded)).toBe(false);
    });

    test('stops before planning when no permissions boundary is set', () => {
      const { planner, planned } = planThenCarry({ ...passphrase, QC_MCP_PERMISSIONS_BOUNDARY_ARN: '' });
      expect(planned.ok).toBe(false);
      expect(planned.stderr).toContain('QC_MCP_PERMISSIONS_BOUNDARY_ARN: is not set');
      expect(planned.stdout).not.toContain('init cdktf.out');
      expect(existsSync(path.join(planner.workspace, 'cdktf.out', 'stacks', 'qc-mcp', 'tfplan'))).toBe(false);
    });
  });

  describe('drift.yml: the plan with -detailed-exitcode', () => {
    const driftJob = jobRunning(workflow('drift.yml'), planCommand);
    const planStep = driftJob.steps.find((step) => (step.run ?? '').includes('-detailed-exitcode'))!;

    test.each([
      ['0', 'no change', 'drift=false'],
      ['2', 'a difference', 'drift=true'],
    ])('exit code %s (%s) passes, with the output %s', (code, _, output) => {
      const fake = runner();
      const result = fake.run(planStep, { FAKE_PLAN_EXIT_CODE: code, QC_MCP_MANAGE_SECRET_VALUES: '' });
      expect(result.status).toBe(0);
      expect(fake.outputs).toBe(`${output}\n`);
      expect(readFileSync(path.join(fake.temp, 'drift.txt'), 'utf8')).toContain('user=unset');
    });

    test('a plan that fails fails the run', () => {
      const fake = runner();
      const result = fake.run(planStep, { FAKE_PLAN_EXIT_CODE: '1', QC_MCP_MANAGE_SECRET_VALUES: '' });
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('terraform plan failed (exit code 1)');
      expect(fake.outputs).toBe('');
    });

    test('runs every day and on demand, with leave to write issues and no more', () => {
      const drift = workflow('drift.yml');
      expect(Object.keys(drift.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
      const [schedule] = drift.on.schedule as { cron: string }[];
      expect(schedule.cron).toMatch(/^\d+ \d+ \* \* \*$/);
      expect(driftJob.permissions).toEqual({ 'id-token': 'write', contents: 'read', issues: 'write' });
      expect(driftJob.environment).toBe('production-plan');
    });
  });

  describe('the OpenAPI spec download', () => {
    const [specStep] = expanded({ uses: './.github/actions/quantconnect-openapi-spec' });
    const sharedSpec = path.join(root, '..', 'shared', 'quantconnect-api', 'QuantConnect-Platform-2.0.0.yaml');
    const sharedSource = path.join(root, '..', 'shared', 'quantconnect-api', 'SOURCE.md');

    /** Runs the action's step with a curl that serves `content` and records the URL it was asked for. */
    function download(content: Buffer | string) {
      const fake = runner();
      const served = path.join(fake.temp, 'served');
      writeFileSync(served, content);
      const curl = path.join(fake.temp, 'bin', 'curl');
      mkdirSync(path.dirname(curl));
      writeFileSync(
        curl,
        `#!/bin/sh\nwhile [ $# -gt 0 ]; do case "$1" in --output) out="$2"; shift ;; https://*) echo "$1" > "${fake.temp}/url" ;; esac; shift; done\ncp "${served}" "$out"\n`,
      );
      chmodSync(curl, 0o755);
      const env = Object.fromEntries(
        Object.entries(specStep.env ?? {}).map(([key, value]) => [key, value.replace('${{ runner.temp }}', fake.temp)]),
      );
      const result = spawnSync('bash', ['-e', '-c', specStep.run!], {
        encoding: 'utf8',
        env: { PATH: `${path.dirname(curl)}${path.delimiter}${process.env.PATH}`, ...env },
      });
      return { result, url: readIfThere(path.join(fake.temp, 'url')).trim(), env };
    }

    test('asks for the file at its pinned commit, and refuses one whose sha256 differs', () => {
      const { result, url, env } = download('openapi: 3.0.0\ninfo: { title: tampered }\n');
      expect(url).toBe(
        `https://raw.githubusercontent.com/QuantConnect/Documentation/${env.SPEC_COMMIT}/QuantConnect-Platform-2.0.0.yaml`,
      );
      expect(env.SPEC_COMMIT).toMatch(/^[0-9a-f]{40}$/);
      expect(result.status).not.toBe(0);
      expect(result.stdout + result.stderr).toMatch(/FAILED/);
    });

    (existsSync(sharedSpec) ? test : test.skip)(
      'accepts the spec the checks were written against, recorded in ../shared',
      () => {
        const { result, env } = download(readFileSync(sharedSpec));
        expect(result.status).toBe(0);
        const source = readFileSync(sharedSource, 'utf8');
        expect(source).toContain(env.SPEC_COMMIT);
        expect(source).toContain(env.SPEC_SHA256);
      },
    );
  });
});

describe('the plan comment script', () => {
  type Comment = { id: number; body: string; user: { type: 'Bot' | 'User' } };
  const step = jobRunning(workflow('ci.yml'), diffCommand).steps.find((candidate) =>
    candidate.uses?.startsWith('actions/github-script@'),
  )!;
  const script = String(step.with?.script);
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qc-mcp-plan-comment-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A pull request's comments, behind the slice of Octokit the script uses. */
  function fakeGitHub(comments: Comment[]) {
    let nextId = 100;
    const issues = {
      listComments: () => Promise.resolve({ data: comments }),
      createComment: ({ body }: { body: string }) => {
        const comment: Comment = { id: nextId++, body, user: { type: 'Bot' } };
        comments.push(comment);
        return Promise.resolve({ data: comment });
      },
      updateComment: ({ comment_id, body }: { comment_id: number; body: string }) => {
        comments.find((comment) => comment.id === comment_id)!.body = body;
        return Promise.resolve({ data: {} });
      },
    };
    return {
      rest: { issues },
      paginate: async (list: (params: object) => Promise<{ data: Comment[] }>, params: object) =>
        (await list(params)).data,
    };
  }

  /** Runs the script as actions/github-script does: the body of an async function with these bindings. */
  async function postPlan(comments: Comment[], plan: string, outcome = 'success'): Promise<void> {
    const planFile = path.join(dir, 'plan.txt');
    writeFileSync(planFile, plan);
    const context = {
      serverUrl: 'https://github.com',
      runId: 42,
      repo: { owner: 'owner', repo: 'repo' },
      payload: { pull_request: { number: 7, head: { sha: '0123456789abcdef' } } },
    };
    // The script is text in the workflow; evaluating it is the only way to run what GitHub runs.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const run = new Function(
      'require',
      'github',
      'context',
      'core',
      'process',
      `return (async () => {\n${script}\n})();`,
    ) as (...bindings: unknown[]) => Promise<void>;
    await run(
      require,
      fakeGitHub(comments),
      context,
      { info: () => undefined },
      {
        env: { PLAN_FILE: planFile, PLAN_OUTCOME: outcome },
      },
    );
  }

  test('creates one comment, marked, on the first plan', async () => {
    const comments: Comment[] = [];
    await postPlan(comments, 'Plan: 12 to add, 0 to change, 0 to destroy.');
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toContain('<!-- qc-mcp-plan -->');
    expect(comments[0].body).toContain('Plan: 12 to add, 0 to change, 0 to destroy.');
  });

  test('updates that comment in place on the next push', async () => {
    const comments: Comment[] = [{ id: 1, body: 'LGTM', user: { type: 'User' } }];
    await postPlan(comments, 'Plan: 12 to add, 0 to change, 0 to destroy.');
    await postPlan(comments, 'Plan: 0 to add, 1 to change, 0 to destroy.');
    expect(comments).toHaveLength(2);
    expect(comments[1].body).toContain('1 to change');
    expect(comments[1].body).not.toContain('12 to add');
  });

  test('leaves a person’s comment that quotes the marker alone', async () => {
    const quoted: Comment = { id: 1, body: 'Why does <!-- qc-mcp-plan --> show?', user: { type: 'User' } };
    const comments = [quoted];
    await postPlan(comments, 'Plan: 1 to add, 0 to change, 0 to destroy.');
    expect(quoted.body).toBe('Why does <!-- qc-mcp-plan --> show?');
    expect(comments).toHaveLength(2);
  });

  test('says when the plan failed', async () => {
    const comments: Comment[] = [];
    await postPlan(comments, 'Error: No valid credential sources found', 'failure');
    expect(comments[0].body).toContain('plan failed');
    expect(comments[0].body).toContain('Error: No valid credential sources found');
  });

  test('cuts a plan past GitHub’s 65 536-character limit from the start, keeping the summary', async () => {
    const comments: Comment[] = [];
    const plan = `${'  + resource "aws_lambda_function" "x" {}\n'.repeat(5000)}Plan: 5000 to add, 0 to change, 0 to destroy.`;
    await postPlan(comments, plan);
    expect(comments[0].body.length).toBeLessThanOrEqual(65536);
    expect(comments[0].body).toContain('Plan: 5000 to add, 0 to change, 0 to destroy.');
    expect(comments[0].body).toMatch(/characters cut from the start/);
  });

  test('strips terminal colour codes from the plan', async () => {
    const comments: Comment[] = [];
    await postPlan(comments, '\u001b[32m+\u001b[0m create');
    expect(comments[0].body).toContain('+ create');
    expect(comments[0].body).not.toContain('\u001b');
  });
});

describe('the drift issue script', () => {
  type Issue = {
    number: number;
    body: string;
    state: 'open' | 'closed';
    user: { type: 'Bot' | 'User' };
    comments: string[];
  };
  const step = jobRunning(workflow('drift.yml'), planCommand).steps.find((candidate) =>
    candidate.uses?.startsWith('actions/github-script@'),
  )!;
  const script = String(step.with?.script);
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qc-mcp-drift-issue-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A repository's issues, behind the slice of Octokit the script uses. */
  function fakeGitHub(issues: Issue[]) {
    let next = 100;
    const find = (number: number) => issues.find((issue) => issue.number === number)!;
    const rest = {
      issues: {
        listForRepo: ({ state }: { state: string }) =>
          Promise.resolve({ data: issues.filter((issue) => issue.state === state) }),
        create: ({ body }: { body: string }) => {
          const issue: Issue = { number: next++, body, state: 'open', user: { type: 'Bot' }, comments: [] };
          issues.push(issue);
          return Promise.resolve({ data: issue });
        },
        update: ({ issue_number, body, state }: { issue_number: number; body?: string; state?: 'closed' }) => {
          Object.assign(find(issue_number), body === undefined ? {} : { body }, state === undefined ? {} : { state });
          return Promise.resolve({ data: {} });
        },
        createComment: ({ issue_number, body }: { issue_number: number; body: string }) => {
          find(issue_number).comments.push(body);
          return Promise.resolve({ data: {} });
        },
      },
    };
    return {
      rest,
      paginate: async (list: (params: { state: string }) => Promise<{ data: Issue[] }>, params: { state: string }) =>
        (await list(params)).data,
    };
  }

  /** Runs the script as actions/github-script does; returns the failure it reported, if any. */
  async function report(issues: Issue[], drift: boolean, plan = ''): Promise<string | undefined> {
    const planFile = path.join(dir, 'drift.txt');
    writeFileSync(planFile, plan);
    let failure: string | undefined;
    const context = { serverUrl: 'https://github.com', runId: 7, repo: { owner: 'owner', repo: 'repo' } };
    // The script is text in the workflow; evaluating it is the only way to run what GitHub runs.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const run = new Function(
      'require',
      'github',
      'context',
      'core',
      'process',
      `return (async () => {\n${script}\n})();`,
    ) as (...bindings: unknown[]) => Promise<void>;
    await run(
      require,
      fakeGitHub(issues),
      context,
      { info: () => undefined, setFailed: (message: string) => (failure = message) },
      { env: { PLAN_FILE: planFile, DRIFT: String(drift) } },
    );
    return failure;
  }

  test('opens one issue with the plan, and fails the run, when the stack has drifted', async () => {
    const issues: Issue[] = [];
    const failure = await report(issues, true, 'Plan: 0 to add, 1 to change, 0 to destroy.');
    expect(issues).toHaveLength(1);
    expect(issues[0].body).toContain('<!-- qc-mcp-drift -->');
    expect(issues[0].body).toContain('1 to change');
    expect(failure).toBe('The stack has drifted: issue #100 opened');
  });

  test('updates the open issue on the next drift instead of opening another', async () => {
    const issues: Issue[] = [];
    await report(issues, true, 'Plan: 0 to add, 1 to change, 0 to destroy.');
    const failure = await report(issues, true, 'Plan: 0 to add, 2 to change, 0 to destroy.');
    expect(issues).toHaveLength(1);
    expect(issues[0].body).toContain('2 to change');
    expect(failure).toBe('The stack has drifted: issue #100 updated');
  });

  test('closes the issue, with a comment, once a plan is clean', async () => {
    const issues: Issue[] = [];
    await report(issues, true, 'Plan: 0 to add, 1 to change, 0 to destroy.');
    expect(await report(issues, false)).toBeUndefined();
    expect(issues[0].state).toBe('closed');
    expect(issues[0].comments).toEqual([expect.stringContaining('No drift any more')]);
  });

  test('leaves a person’s issue that quotes the marker alone', async () => {
    const quoted: Issue = {
      number: 1,
      body: 'What is <!-- qc-mcp-drift -->?',
      state: 'open',
      user: { type: 'User' },
      comments: [],
    };
    const issues = [quoted];
    await report(issues, false);
    expect(quoted.state).toBe('open');
    await report(issues, true, 'Plan: 1 to add, 0 to change, 0 to destroy.');
    expect(quoted.body).toBe('What is <!-- qc-mcp-drift -->?');
    expect(issues).toHaveLength(2);
  });

  test('keeps a long plan within GitHub’s 65 536-character limit, keeping the summary', async () => {
    const issues: Issue[] = [];
    const plan = `${'  ~ resource "aws_lambda_function" "x" {}\n'.repeat(5000)}Plan: 0 to add, 5000 to change, 0 to destroy.`;
    await report(issues, true, plan);
    expect(issues[0].body.length).toBeLessThanOrEqual(65536);
    expect(issues[0].body).toContain('Plan: 0 to add, 5000 to change, 0 to destroy.');
    expect(issues[0].body).toMatch(/characters cut from the start/);
  });
});
