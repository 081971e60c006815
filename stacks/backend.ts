import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from "cdktf";
import { BackendConfig, EnvironmentConfig } from "../config";
import { ownOrThrow } from "../config/lookup";
import { ProviderMode } from "./options";

/**
 * Terraform runs each stack from cdktf.out/stacks/<stack>/, so a state path relative to the project root is
 * three levels up. (cdktf's own default is an absolute path, which would leak the machine's layout into the
 * synthesized JSON and break when the project moves.)
 */
const STACK_DIR_TO_PROJECT_ROOT = "../../..";

/** The one place backends are configured. The stack id is the state key and the HCP Terraform workspace name. */
export function configureBackend(stack: TerraformStack, env: EnvironmentConfig, mode: ProviderMode): void {
  const stackId = stack.node.id;
  // Offline plans never touch remote state.
  const backend: BackendConfig =
    mode === "offline-plan" ? { type: "local", dir: "terraform-state/offline" } : env.backend;
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, { path: `${STACK_DIR_TO_PROJECT_ROOT}/${backend.dir}/${stackId}.tfstate` });
      return;
    case "cloud":
      new CloudBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(stackId, backend.project),
      });
      return;
    case "s3": {
      const account = backend.account ? ownOrThrow(env.accounts, backend.account, "account") : undefined;
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: `${backend.keyPrefix}/${stackId}.tfstate`,
        region: backend.region,
        encrypt: true,
        ...(account
          ? {
              assumeRole: {
                roleArn: `arn:aws:iam::${account.id}:role/${account.deployRoleName}`,
                sessionName: `cdktf-state-${stackId}`,
              },
            }
          : {}),
      });
      // S3-native locking (Terraform >= 1.10) replaces the DynamoDB lock table; cdktf 0.21's S3BackendConfig
      // predates the `use_lockfile` argument, hence the override.
      s3.addOverride("use_lockfile", true);
      return;
    }
  }
}
