import { App } from "cdktf";
import { EnvironmentConfig } from "../config";
import { ComponentStack } from "./component-stack";
import { NetworkStack } from "./network-stack";
import { BuildOptions } from "./options";

/** The stacks of one environment, by component (absent when the environment declares nothing for it). */
export interface EnvironmentStacks {
  readonly network?: NetworkStack;
}

/**
 * Builds one TerraformStack per component the environment declares, wiring cross-stack inputs
 * (network → ingest/analytics). Stack ids are `<env>-<component>`: they are state keys and HCP Terraform
 * workspace names, so renaming one moves state.
 */
export function buildEnvironment(
  app: App,
  env: EnvironmentConfig,
  options: BuildOptions = {},
): EnvironmentStacks {
  const network = Object.keys(env.network.vpcs).length ? new NetworkStack(app, env, options) : undefined;
  return { network };
}

/** Every stack of the given environment stacks, in build order. */
export function stacksOf(stacks: EnvironmentStacks): ComponentStack[] {
  return Object.values(stacks).filter((s): s is ComponentStack => s !== undefined);
}
