import { App } from "cdktf";
import { EnvironmentConfig } from "../config";
import { AnalyticsStack } from "./analytics-stack";
import { BigQueryStack } from "./bigquery-stack";
import { Component, ComponentStack } from "./component-stack";
import { buildFromConfig } from "./config-paths";
import { IdentityStack } from "./identity-stack";
import { IngestStack } from "./ingest-stack";
import { MlStack } from "./ml-stack";
import { NetworkStack } from "./network-stack";
import { BuildOptions } from "./options";

/** The stacks of one environment, by component (absent when the environment declares nothing for it). */
export interface EnvironmentStacks {
  readonly network?: NetworkStack;
  readonly identity?: IdentityStack;
  readonly bigquery?: BigQueryStack;
  readonly ingest?: IngestStack;
  readonly analytics?: AnalyticsStack;
  readonly ml?: MlStack;
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
  // Each stack is built through buildFromConfig: a module's ValidationError names the config path.
  const build = <T>(component: Component, f: () => T) => buildFromConfig(env, component, f);
  const network = Object.keys(env.network.vpcs).length
    ? build("network", () => new NetworkStack(app, env, options))
    : undefined;
  // No cross-stack inputs: roles, secrets and trust anchors come from config only.
  const identity = env.identity ? build("identity", () => new IdentityStack(app, env, options)) : undefined;
  // The config checks guarantee analytics.vpc is a network VPC, so the network stack exists.
  const analytics =
    env.analytics && network
      ? build("analytics", () => new AnalyticsStack(app, env, network, options))
      : undefined;
  const bigquery = env.bigquery ? build("bigquery", () => new BigQueryStack(app, env, options)) : undefined;
  // ingest.glue reads the network stack's subnets and NAT Elastic IPs (the checks guarantee its VPCs exist).
  const ingest = env.ingest ? build("ingest", () => new IngestStack(app, env, network, options)) : undefined;
  // Deploy order only (no remote state): flows are created after the tables they read exist.
  if (ingest && bigquery) ingest.addDependency(bigquery);
  // The Studio domain and the warehouse read the network stack's VPCs and subnets (the checks guarantee them).
  const ml = env.ml && network ? build("ml", () => new MlStack(app, env, network, options)) : undefined;
  // Deploy order only: the producer role trusts (and the consumer policy is attached to) the Studio execution
  // role, which IAM requires to exist when the trust policy is written.
  if (ml && identity) identity.addDependency(ml);
  return { network, identity, bigquery, ingest, analytics, ml };
}

/** Every stack of the given environment stacks, in build order. */
export function stacksOf(stacks: EnvironmentStacks): ComponentStack[] {
  return Object.values(stacks).filter((s): s is ComponentStack => s !== undefined);
}
