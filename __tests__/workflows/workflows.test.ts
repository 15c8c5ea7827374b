/**
 * The GitHub Actions workflows, read as data: the triggers, jobs and permissions they need, the
 * commands they run exist in this repository, AWS is reached only through OIDC (pull requests
 * with the read-only plan role only), secrets stay with the production environment, actions are
 * pinned by commit, the script that posts the plan on a pull request keeps a single comment up to
 * date. The IAM policies documented for the roles are checked in iam-policies.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflowDir = path.join(root, '.github', 'workflows');

/** The package.json scripts around cdktf that synthesize, plan and deploy the stack. */
const synthCommand = /^npm run synth$/;
const diffCommand = /^npm run --silent diff\b/;
const deployCommand = /^npm run deploy\b/;

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

  test('sets up Node.js 22, the Lambda runtime, with the npm cache', () => {
    const setups = allSteps(parsed).filter((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(setups.length).toBe(Object.keys(parsed.jobs).length);
    for (const setup of setups) expect(setup.with).toEqual({ 'node-version': 22, cache: 'npm' });
  });
});

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

describe.each(files)('%s, the job that runs npm test', (file) => {
  const job = jobRunning(workflow(file), /^npm test$/);

  test('gives the terraform plan test terraform and a provider mirror, so it runs instead of skipping', () => {
    const testStep = job.steps.find((step) => step.run === 'npm test')!;
    expect(testStep.env?.QC_MCP_TF_PROVIDER_MIRROR).toBeTruthy();
    expect(commands(job).some((line) => /terraform .*providers mirror/.test(line))).toBe(true);
    expect(job.steps.some((step) => step.uses?.startsWith('hashicorp/setup-terraform@'))).toBe(true);
  });
});

describe.each(files)('%s, the jobs that run cdktf diff or deploy', (file) => {
  const jobs = Object.values(workflow(file).jobs).filter(
    (job) => indexOfCommand(job, /^npm run (?:--silent )?(?:diff|deploy)\b/) >= 0,
  );

  test('give Terraform a lock timeout, so a run waits for another’s state lock instead of failing', () => {
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) expect(job.env?.TF_CLI_ARGS_plan).toMatch(/^-lock-timeout=\d+m$/);
  });

  test('turn off terraform’s and cdktf’s telemetry check, which fails offline', () => {
    expect(workflow(file).env?.CHECKPOINT_DISABLE).toBe('1');
  });
});

test('the QuantConnect secrets reach only jobs in the production environment', () => {
  for (const [file, parsed] of workflows) {
    for (const [name, job] of Object.entries(parsed.jobs)) {
      if (JSON.stringify(job).includes('secrets.QUANTCONNECT_')) {
        const environment = typeof job.environment === 'object' ? job.environment.name : job.environment;
        expect(`${file} ${name}: ${environment}`).toBe(`${file} ${name}: production`);
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

  test('stops before assuming any role when the plan role is not set, saying what to create', () => {
    const job = jobRunning(ci, diffCommand);
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

  test('posts the plan even when the plan fails', () => {
    const job = jobRunning(ci, diffCommand);
    const comment = job.steps.find((step) => step.uses?.startsWith('actions/github-script@'))!;
    expect(comment.if).toMatch(/always\(\)/);
  });
});

describe('deploy.yml', () => {
  const deploy = workflow('deploy.yml');
  const deployJob = jobRunning(deploy, deployCommand);

  test('runs on pushes to main and on demand', () => {
    expect(deploy.on).toEqual({ push: { branches: ['main'] }, workflow_dispatch: null });
  });

  test('deploys with cdktf deploy --auto-approve after lint and test pass', () => {
    const deployLine = commands(deployJob).find((line) => deployCommand.test(line))!;
    expect(deployLine).toContain('--auto-approve');
    const checkJob = Object.entries(deploy.jobs).find(([, job]) => indexOfCommand(job, /^npm test$/) >= 0)!;
    expect(indexOfCommand(checkJob[1], /^npm run lint$/)).toBeGreaterThanOrEqual(0);
    expect([deployJob.needs].flat()).toContain(checkJob[0]);
  });

  test('deploys in the production environment, from main only', () => {
    expect(deployJob.environment).toBe('production');
    expect(deployJob.if).toBe("github.ref == 'refs/heads/main'");
  });

  test('never runs two deploys at once and never cancels one halfway', () => {
    expect(deployJob.concurrency?.group).toMatch(/\S/);
    expect(deployJob.concurrency?.['cancel-in-progress']).toBe(false);
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

describe('the QuantConnect credentials in the steps that run cdktf diff or deploy', () => {
  const stepsRunning = (pattern: RegExp) =>
    [...workflows].flatMap(([file, parsed]) =>
      allSteps(parsed)
        .filter((step) => pattern.test(step.run ?? ''))
        .map((step): [string, Step] => [`${file} ${step.name ?? step.run}`, step]),
    );
  const cdktfSteps = stepsRunning(/^\s*npm run (?:--silent )?(?:diff|deploy)\b/m);
  const deploySteps = stepsRunning(/^\s*npm run deploy\b/m);
  const planSteps = stepsRunning(/^\s*npm run --silent diff\b/m);
  const boundary = { QC_MCP_PERMISSIONS_BOUNDARY_ARN: 'arn:aws:iam::123456789012:policy/qc-mcp-boundary' };
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qc-mcp-cdktf-step-'));
    // Stands in for npm: reports which Terraform inputs the step exported.
    const fakeNpm = path.join(dir, 'npm');
    writeFileSync(
      fakeNpm,
      '#!/bin/sh\necho "user=${TF_VAR_quantconnect_user_id-unset} token=${TF_VAR_quantconnect_api_token-unset} ' +
        'version=${TF_VAR_quantconnect_credentials_version-unset}"\n',
    );
    chmodSync(fakeNpm, 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the step's script the way GitHub's default shell does, with the given settings and secrets. */
  function runStep(step: Step, env: Record<string, string>) {
    return spawnSync('bash', ['-e', '-c', step.run!], {
      encoding: 'utf8',
      env: { PATH: `${dir}${path.delimiter}${process.env.PATH}`, RUNNER_TEMP: dir, STACK: 'qc-mcp', ...env },
    });
  }

  test.each(deploySteps)('%s gives Terraform the credentials when the stack writes them', (_, step) => {
    const result = runStep(step, {
      ...boundary,
      QC_MCP_MANAGE_SECRET_VALUES: 'true',
      QUANTCONNECT_USER_ID: '123456',
      QUANTCONNECT_API_TOKEN: 'token-value',
      QUANTCONNECT_CREDENTIALS_VERSION: '',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('user=123456 token=token-value version=1');
  });

  test.each(cdktfSteps)('%s keeps the credentials from Terraform otherwise', (_, step) => {
    const result = runStep(step, {
      ...boundary,
      QC_MCP_MANAGE_SECRET_VALUES: '',
      QUANTCONNECT_USER_ID: '123456',
      QUANTCONNECT_API_TOKEN: 'token-value',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('user=unset token=unset version=unset');
  });

  test.each(deploySteps)('%s stops, naming the secret to add, when one is missing', (_, step) => {
    const result = runStep(step, { ...boundary, QC_MCP_MANAGE_SECRET_VALUES: 'true', QUANTCONNECT_USER_ID: '123456' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('production environment secret QUANTCONNECT_API_TOKEN');
    expect(result.stdout).not.toContain('user=');
  });

  test.each(deploySteps)('%s stops before deploying when no permissions boundary is set', (_, step) => {
    const result = runStep(step, { QC_MCP_MANAGE_SECRET_VALUES: '' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('QC_MCP_PERMISSIONS_BOUNDARY_ARN: is not set');
    expect(result.stdout).toBe('');
  });

  test.each(planSteps)('%s plans with placeholders, never the real credentials, which it cannot read', (_, step) => {
    expect(JSON.stringify(step)).not.toContain('secrets.QUANTCONNECT_');
    const result = runStep(step, {
      QC_MCP_MANAGE_SECRET_VALUES: 'true',
      // Even if they were somehow in its environment, the plan would not pass them on.
      QUANTCONNECT_USER_ID: '123456',
      QUANTCONNECT_API_TOKEN: 'token-value',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('user=placeholder-for-plan token=placeholder-for-plan version=1');
  });

  test('names only Terraform inputs that constructs/secrets.ts declares', () => {
    const secretsSource = readFileSync(path.join(root, 'constructs', 'secrets.ts'), 'utf8');
    const inputs = new Set(
      cdktfSteps.flatMap(([, step]) => [...(step.run ?? '').matchAll(/\bTF_VAR_(\w+)=/g)].map((match) => match[1])),
    );
    expect(inputs.size).toBe(3);
    for (const input of inputs) expect(secretsSource).toContain(`'${input}'`);
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
