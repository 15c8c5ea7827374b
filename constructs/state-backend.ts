/**
 * Where a stack keeps its Terraform state, chosen by the configuration. There is no fallback:
 * local state only when the operator asked for it, since a deploy that silently kept its state on
 * one laptop would orphan every resource it created.
 */
import * as path from 'node:path';
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, type TerraformStack } from 'cdktf';
import type { StateConfig } from './config';

/**
 * A local state file at the project root (where cdktf keeps one by default), written as a path
 * relative to the synthesized stack directory (cdktf.out/stacks/<stack>): cdktf's own default is
 * absolute, and no path of the build machine may reach the synthesized output. Outside cdktf.out,
 * so deleting the build output never deletes the state; git ignores it (terraform.tfstate*).
 */
export function projectRootStateFile(stack: TerraformStack): string {
  return path.posix.join('..', '..', '..', `terraform.tfstate.${stack.node.id}`);
}

export function useStateBackend(stack: TerraformStack, state: StateConfig): void {
  switch (state.backend) {
    case 's3': {
      const backend = new S3Backend(stack, {
        bucket: state.bucket,
        key: state.key,
        region: state.region,
        encrypt: true,
      });
      // S3-native locking (Terraform >= 1.10) instead of a DynamoDB table; cdktf 0.21 has no typed option for it.
      backend.addOverride('use_lockfile', true);
      return;
    }
    case 'cloud':
      new CloudBackend(stack, {
        organization: state.organization,
        workspaces: new NamedCloudWorkspace(state.workspace),
      });
      return;
    case 'local':
      new LocalBackend(stack, { path: projectRootStateFile(stack) });
      return;
  }
}
