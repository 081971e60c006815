import { Construct } from "constructs";
import { AnalyticsConfig, EnvironmentConfig } from "../config";
import { analyticsClusterName } from "../config/checks/analytics";
import { ownOrThrow } from "../config/lookup";
import {
  EmrEbsVolume,
  EmrInstanceTypeConfig,
  TrinoEmrCluster,
  TrinoInTransitEncryption,
  TrinoSpotInterruptionExperimentProps,
} from "@multicloud-platform/modules/trino-emr";
import { ComponentStack } from "./component-stack";
import { NetworkStack } from "./network-stack";
import { BuildOptions } from "./options";

/**
 * `<env>-analytics`: Trino on EMR (primary + core on-demand, a separate Spot task fleet) in a network VPC of
 * the environment, with its FIS Spot-interruption experiment. Inputs from `<env>-network` (VPC id, the
 * subnets of one tier in every AZ) become remote-state reads. The stack also owns the account/region-wide EMR
 * block public access setting (one analytics stack per account and region).
 */
export class AnalyticsStack extends ComponentStack {
  /** The cluster; exposes rendered configurations, worker capacity and ids. */
  readonly trino: TrinoEmrCluster;

  constructor(scope: Construct, env: EnvironmentConfig, network: NetworkStack, options: BuildOptions = {}) {
    super(scope, env, "analytics", options);
    const a = env.analytics as AnalyticsConfig;
    const vpcConfig = ownOrThrow(env.network.vpcs, a.vpc, "VPC");
    const vpc = network.vpcs[a.vpc];
    const dev = env.stage === "dev";

    this.trino = new TrinoEmrCluster(this, a.name, {
      provider: this.providers.forAccount(a.account, vpcConfig.region),
      name: analyticsClusterName(env, a),
      releaseLabel: a.releaseLabel,
      applications: a.applications,
      accountId: this.providers.accountId(a.account),
      region: vpcConfig.region,
      vpcId: vpc.vpcId,
      // AZ → subnet id of the tier: EMR picks the AZ with capacity at launch.
      subnetIds: vpc.subnetIds[a.subnetTier],
      allowedUiCidrs: a.allowedUiCidrs,
      trinoUiPort: a.trinoUiPort,
      hueUiPort: a.hueUiPort,
      primaryFleet: {
        instanceTypes: a.primaryFleet.instanceTypes,
        market: a.primaryFleet.market,
        ebsVolumes: ebs(a.primaryFleet.ebsSizeGiB),
      },
      coreFleet: {
        instanceTypes: a.coreFleet.instanceTypes.map(instanceType),
        targetOnDemandCapacity: a.coreFleet.targetOnDemandCapacity,
        targetSpotCapacity: a.coreFleet.targetSpotCapacity,
        ebsVolumes: ebs(a.coreFleet.ebsSizeGiB),
      },
      taskFleet: a.taskFleet && {
        instanceTypes: a.taskFleet.instanceTypes.map(instanceType),
        targetSpotCapacity: a.taskFleet.targetSpotCapacity,
        targetOnDemandCapacity: a.taskFleet.targetOnDemandCapacity,
        spotTimeoutMinutes: a.taskFleet.spotTimeoutMinutes,
        spotTimeoutAction: a.taskFleet.spotTimeoutAction,
        ebsVolumes: ebs(a.taskFleet.ebsSizeGiB),
      },
      // The config checks allow this only in dev.
      allowSpotForPrimaryAndCore: a.allowSpotForPrimaryAndCore,
      ignoreCapacityDrift: a.ignoreCapacityDrift,
      trino: {
        retryPolicy: a.trino.retryPolicy,
        exchangeCompression: a.trino.exchangeCompression,
        exchangeCompressionCodec: a.trino.exchangeCompressionCodec,
        lowMemoryKillerDelay: a.trino.lowMemoryKillerDelay,
        remoteTaskMaxErrorDuration: a.trino.remoteTaskMaxErrorDuration,
        faultTolerantExecutionTaskMemory: a.trino.faultTolerantExecutionTaskMemory,
        exchangeManager: a.trino.exchangeManager,
        connectors: a.trino.connectors,
      },
      inTransitEncryption: inTransit(a),
      idleTimeoutSeconds: a.idleTimeoutSeconds,
      terminationProtection: a.terminationProtection ?? !dev,
      // Synth refuses a change that would replace a protected cluster (modules/trino-emr/lifecycle.ts).
      deployedFingerprint: a.deployedFingerprint,
      logRetentionDays: a.logRetentionDays,
      // Only dev buckets may be emptied by destroy; elsewhere they also get prevent_destroy (ComponentStack).
      forceDestroyBuckets: dev,
      accessLogs: this.accessLogBucket(a.account, vpcConfig.region),
      manageAccountBlockPublicAccess: a.manageAccountBlockPublicAccess,
      instanceRoleManagedPolicyArns: a.instanceRoleManagedPolicyArns,
      spotInterruptionExperiment: experiment(a),
      tags: { ...a.tags, Component: "analytics" },
    });
  }
}

function instanceType(t: AnalyticsConfig["coreFleet"]["instanceTypes"][number]): EmrInstanceTypeConfig {
  return {
    instanceType: t.instanceType,
    weightedCapacity: t.weightedCapacity,
    bidPriceAsPercentageOfOnDemandPrice: t.bidPriceAsPercentageOfOnDemandPrice,
  };
}

/** One gp3 volume of the configured size, or the module's per-fleet default. */
function ebs(sizeGiB: number | undefined): EmrEbsVolume[] | undefined {
  return sizeGiB === undefined ? undefined : [{ sizeGiB }];
}

function inTransit(a: AnalyticsConfig): TrinoInTransitEncryption {
  return a.inTransitEncryption.type === "pem-s3"
    ? { mode: "pem-s3", certificatesS3Uri: a.inTransitEncryption.certificatesS3Uri }
    : { mode: "disabled" };
}

function experiment(a: AnalyticsConfig): TrinoSpotInterruptionExperimentProps {
  const x = a.spotInterruptionExperiment;
  return {
    enabled: x.enabled,
    selectionMode: x.selectionMode,
    durationBeforeInterruption: x.durationBeforeInterruption,
    stopCondition: x.stopCondition,
    // `none` passes the config checks only in dev, where it is the config's explicit opt-out.
    allowWithoutStopCondition: x.stopCondition.type === "none",
    targetResourceTags: x.targetResourceTags,
  };
}
