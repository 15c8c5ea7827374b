/**
 * Running the real terraform CLI in tests, offline: providers come only from the filesystem mirror
 * named by QC_MCP_TF_PROVIDER_MIRROR, never from the network, and no AWS credential of the machine
 * reaches the child processes.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The AWS provider version @cdktf/provider-aws 20.1.0 is built for. */
export const AWS_PROVIDER_VERSION = '5.100.0';

export type TerraformAvailability =
  | { readonly available: true; readonly mirror: string; readonly version: string }
  | { readonly available: false; readonly reason: string };

/** Whether terraform and a mirror holding the AWS provider are here, or why not. */
export function terraformAvailability(environment: NodeJS.ProcessEnv = process.env): TerraformAvailability {
  let version: string;
  try {
    const output = execFileSync('terraform', ['version', '-json'], { encoding: 'utf8', env: terraformEnvironment() });
    version = (JSON.parse(output) as { terraform_version: string }).terraform_version;
  } catch {
    return { available: false, reason: 'terraform is not on PATH' };
  }
  const mirror = environment.QC_MCP_TF_PROVIDER_MIRROR;
  if (!mirror) {
    return {
      available: false,
      reason: 'QC_MCP_TF_PROVIDER_MIRROR is not set (a filesystem mirror with hashicorp/aws)',
    };
  }
  // Unpacked (<version>/<os_arch>/) or packed (terraform-provider-aws_<version>_<os_arch>.zip) layout.
  const awsDir = path.join(mirror, 'registry.terraform.io', 'hashicorp', 'aws');
  const entries = fs.existsSync(awsDir) ? fs.readdirSync(awsDir) : [];
  if (!entries.some((entry) => entry === AWS_PROVIDER_VERSION || entry.includes(`_${AWS_PROVIDER_VERSION}_`))) {
    return { available: false, reason: `${mirror} holds no hashicorp/aws ${AWS_PROVIDER_VERSION}` };
  }
  return { available: true, mirror, version };
}

/**
 * A CLI configuration that installs hashicorp/aws from the mirror only. The plugin cache (shared
 * between runs on one machine) turns a packed mirror's 100 MB unzip into a one-time cost; with an
 * unpacked mirror it holds only links.
 */
export function writeCliConfig(directory: string, mirror: string): string {
  const cache = path.join(os.tmpdir(), 'qc-mcp-terraform-plugin-cache');
  fs.mkdirSync(cache, { recursive: true });
  const file = path.join(directory, 'terraform.rc');
  fs.writeFileSync(
    file,
    [
      `plugin_cache_dir = ${JSON.stringify(cache)}`,
      // The test directories start without a lock file; let the cache serve them anyway.
      'plugin_cache_may_break_dependency_lock_file = true',
      'provider_installation {',
      `  filesystem_mirror {`,
      `    path    = ${JSON.stringify(mirror)}`,
      '    include = ["registry.terraform.io/hashicorp/aws"]',
      '  }',
      '  direct {',
      '    exclude = ["registry.terraform.io/hashicorp/aws"]',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return file;
}

/** The only environment a terraform child sees: no AWS profile, keys or instance metadata of this machine. */
function terraformEnvironment(cliConfigFile?: string, variables: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(cliConfigFile ? { TF_CLI_CONFIG_FILE: cliConfigFile } : {}),
    ...Object.fromEntries(Object.entries(variables).map(([name, value]) => [`TF_VAR_${name}`, value])),
  };
}

export interface TerraformRun {
  readonly cwd: string;
  readonly cliConfigFile: string;
  /** Input variables, passed as TF_VAR_<name>. */
  readonly variables?: Record<string, string>;
}

/** Runs terraform; on failure the error carries terraform's own output. */
export async function terraform(args: string[], options: TerraformRun): Promise<string> {
  try {
    const { stdout } = await run('terraform', [...args, '-no-color'], {
      cwd: options.cwd,
      env: terraformEnvironment(options.cliConfigFile, options.variables),
      maxBuffer: 256 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `terraform ${args.join(' ')} failed in ${options.cwd}:\n${failure.stderr || failure.stdout || failure.message}`,
    );
  }
}

/** The parts of `terraform show -json <plan>` the tests read. */
export interface PlanJson {
  readonly resource_changes: {
    readonly address: string;
    readonly type: string;
    readonly mode: 'managed' | 'data';
    readonly change: { readonly actions: string[]; readonly after: Record<string, unknown> };
  }[];
  readonly planned_values: { readonly outputs: Record<string, { sensitive: boolean; value?: unknown }> };
  readonly configuration: {
    readonly root_module: {
      readonly resources: {
        readonly address: string;
        readonly type: string;
        readonly expressions: Record<string, { references?: string[]; constant_value?: unknown }>;
      }[];
    };
  };
}

/**
 * Installs the providers. Run one init at a time: the plugin cache is not safe for concurrent
 * writers.
 */
export async function init(options: TerraformRun): Promise<void> {
  await terraform(['init', '-input=false'], options);
}

/** `terraform validate`, as its JSON report. */
export async function validate(options: TerraformRun): Promise<ValidateJson> {
  return JSON.parse(await terraform(['validate', '-json'], options)) as ValidateJson;
}

export interface ValidateJson {
  readonly valid: boolean;
  readonly error_count: number;
  readonly warning_count: number;
}

/** `terraform plan`, then the saved plan as JSON. */
export async function plan(options: TerraformRun): Promise<PlanJson> {
  await terraform(['plan', '-input=false', '-out=plan.bin'], options);
  return JSON.parse(await terraform(['show', '-json', 'plan.bin'], options)) as PlanJson;
}
