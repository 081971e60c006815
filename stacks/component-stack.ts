import { Aspects, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config";
import { accessLogBucketName } from "../config/checks/base";
import { AccessLogBucket } from "@multicloud-platform/modules/core";
import { applyPolicyPack } from "@multicloud-platform/modules/guardrails";
import { configureBackend } from "./backend";
import { BuildOptions, ProviderMode } from "./options";
import { ProviderRegistry } from "./providers";
import { ProtectStatefulResources } from "./stateful";

/** The components an environment is split into; each is one stack `<env>-<component>` (= state key = workspace). */
export type Component = "network" | "identity" | "ingest" | "bigquery" | "analytics" | "ml";

/**
 * Base of every environment stack: fixes the stack id, the backend and the provider registry, so
 * component stacks only translate config into module props.
 */
export abstract class ComponentStack extends TerraformStack {
  readonly env: EnvironmentConfig;
  readonly component: Component;
  readonly providers: ProviderRegistry;
  readonly providerMode: ProviderMode;

  protected constructor(
    scope: Construct,
    env: EnvironmentConfig,
    component: Component,
    options: BuildOptions = {},
  ) {
    super(scope, `${env.name}-${component}`);
    this.env = env;
    this.component = component;
    this.providerMode = options.providerMode ?? "deploy";
    configureBackend(this, env, this.providerMode);
    this.providers = new ProviderRegistry(this, env, this.providerMode);
    if (env.stage !== "dev") Aspects.of(this).add(new ProtectStatefulResources());
    // The policy pack runs as this stack's validation at synth (aspects on the App are not invoked in
    // cdktf 0.21): an unsuppressed error stops synth before the stack is written.
    applyPolicyPack(this, {
      environment: env.stage,
      // Labelled with their config path, so a bad or unused one is reported where it is written.
      suppressions: env.policy.suppressions.flatMap(({ stack, ruleId, address, reason }, i) =>
        stack === component ? [{ ruleId, address, reason, label: `policy.suppressions[${i}]` }] : [],
      ),
      onEvaluated: (json) => (this.judged = json),
    });
  }

  private readonly accessLogBuckets = new Map<string, AccessLogBucket>();

  /**
   * The S3 server access log bucket of this stack for one account and region, created on first use: S3 delivers
   * logs only within one account and region, so each (account, region) the stack has buckets in gets one. Its
   * name carries the environment, the component, the account id and the region, so it is unique across
   * environments, stacks and regions (config checks that it is a valid bucket name).
   */
  accessLogBucket(account: string, region: string): AccessLogBucket {
    const key = `${account}-${region}`;
    const existing = this.accessLogBuckets.get(key);
    if (existing) return existing;
    const accountId = this.providers.accountId(account);
    const bucket = new AccessLogBucket(this, `access-logs-${key}`, {
      provider: this.providers.forAccount(account, region),
      bucketName: accessLogBucketName(this.env, this.component, accountId, region),
      accountId,
      // Only dev buckets may be emptied by destroy; elsewhere they also get prevent_destroy (ProtectStatefulResources).
      forceDestroy: this.env.stage === "dev",
    });
    this.accessLogBuckets.set(key, bucket);
    return bucket;
  }

  /** The JSON the policy pack judged in this synth's validation, written as is by the synthesizer. */
  private judged?: Record<string, unknown>;

  /**
   * cdktf validates a stack, then writes `toTerraform()`; nothing changes the stack in between, so the JSON
   * the policy pack resolved for its checks is returned once instead of resolving the whole stack again.
   * Any other call resolves afresh.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override toTerraform(): any {
    const judged = this.judged;
    this.judged = undefined;
    return judged ?? super.toTerraform();
  }
}
