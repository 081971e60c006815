import { TerraformProvider } from "cdktf";
import type { AccessLogTarget } from "../core";

/** What EMR does when Spot capacity cannot be provisioned within the timeout. */
export type EmrSpotTimeoutAction = "SWITCH_TO_ON_DEMAND" | "TERMINATE_CLUSTER";
export const EMR_SPOT_TIMEOUT_ACTIONS: readonly EmrSpotTimeoutAction[] = [
  "SWITCH_TO_ON_DEMAND",
  "TERMINATE_CLUSTER",
];

/** EBS volume types EMR instance fleets accept. */
export type EmrEbsVolumeType = "gp3" | "gp2" | "io1" | "st1" | "sc1" | "standard";
export const EMR_EBS_VOLUME_TYPES: readonly EmrEbsVolumeType[] = [
  "gp3",
  "gp2",
  "io1",
  "st1",
  "sc1",
  "standard",
];

/** One EBS volume (set) attached to every instance of a type. */
export interface EmrEbsVolume {
  /** Size of each volume in GiB. */
  readonly sizeGiB: number;
  /** @default "gp3" */
  readonly volumeType?: EmrEbsVolumeType;
  /** @default 1 */
  readonly volumesPerInstance?: number;
  /** Provisioned IOPS (io1 / gp3 above baseline). @default - the volume type's baseline */
  readonly iops?: number;
}

/** An instance type a fleet may launch, and how much of the fleet's target capacity one instance counts for. */
export interface EmrInstanceTypeConfig {
  /** EC2 instance type, e.g. `m5.4xlarge`. */
  readonly instanceType: string;
  /**
   * Units one instance of this type contributes to the fleet's target capacity. Use vCPUs so that types of
   * different sizes are comparable (16 for a 4xlarge). A positive whole number.
   */
  readonly weightedCapacity: number;
  /** @default - the fleet's `ebsVolumes` */
  readonly ebsVolumes?: readonly EmrEbsVolume[];
  /** Highest Spot price as a percentage of the on-demand price (1-100). Only used for Spot capacity. @default 100 */
  readonly bidPriceAsPercentageOfOnDemandPrice?: number;
}

/** Primary fleet: exactly one instance, the Trino coordinator. */
export interface TrinoPrimaryFleetProps {
  /** Candidate instance types (one instance is launched, of whichever type EMR can get). */
  readonly instanceTypes: readonly string[];
  /** @default [{ sizeGiB: 64 }] */
  readonly ebsVolumes?: readonly EmrEbsVolume[];
  /** `SPOT` is for throw-away dev clusters only and needs `allowSpotForPrimaryAndCore`. @default "ON_DEMAND" */
  readonly market?: "ON_DEMAND" | "SPOT";
}

/** Core fleet: Trino workers that also run HDFS (the exchange manager's spool when it is on HDFS). */
export interface TrinoCoreFleetProps {
  readonly instanceTypes: readonly EmrInstanceTypeConfig[];
  /** On-demand capacity in the units of `weightedCapacity` (e.g. 8 = two 4-vCPU instances or one 8-vCPU one). */
  readonly targetOnDemandCapacity: number;
  /** Spot capacity; above 0 only with `allowSpotForPrimaryAndCore` (HDFS on Spot loses spooled data). @default 0 */
  readonly targetSpotCapacity?: number;
  /** @default [{ sizeGiB: 256 }] (HDFS capacity for the exchange spool) */
  readonly ebsVolumes?: readonly EmrEbsVolume[];
}

/** Task fleet: stateless Trino workers on Spot, created as its own `aws_emr_instance_fleet` so it scales in place. */
export interface TrinoTaskFleetProps {
  /** @default "task-spot" */
  readonly name?: string;
  /** 10 to 30 distinct instance types of similar size (diversification is what keeps Spot capacity available). */
  readonly instanceTypes: readonly EmrInstanceTypeConfig[];
  /** Spot capacity in units (e.g. 64 = four 16-vCPU instances). Changing it resizes the fleet in place. */
  readonly targetSpotCapacity: number;
  /** @default 0 */
  readonly targetOnDemandCapacity?: number;
  /** How long EMR keeps trying to get Spot capacity at provisioning (5-1440 minutes). @default 10 */
  readonly spotTimeoutMinutes?: number;
  /** @default "SWITCH_TO_ON_DEMAND" */
  readonly spotTimeoutAction?: EmrSpotTimeoutAction;
  /** @default [{ sizeGiB: 128 }] */
  readonly ebsVolumes?: readonly EmrEbsVolume[];
}

/** Trino retry policy: TASK for large batch queries, QUERY for many short ones, NONE turns fault tolerance off. */
export type TrinoRetryPolicy = "TASK" | "QUERY" | "NONE";
export const TRINO_RETRY_POLICIES: readonly TrinoRetryPolicy[] = ["TASK", "QUERY", "NONE"];

/** Exchange compression codecs (Trino 437+, i.e. EMR 7.3.0+). */
export type TrinoExchangeCompressionCodec = "LZ4" | "ZSTD";
export const TRINO_EXCHANGE_COMPRESSION_CODECS: readonly TrinoExchangeCompressionCodec[] = ["LZ4", "ZSTD"];

/** Spool exchange data on the cluster's own HDFS (core nodes). */
export interface TrinoHdfsExchangeManager {
  readonly type: "hdfs";
  /** Absolute HDFS path; EMR creates it. @default "/exchange" */
  readonly baseDirectory?: string;
}

/** Spool exchange data to a dedicated S3 bucket created by the module (encrypted, private, expiring). */
export interface TrinoS3ExchangeManager {
  readonly type: "s3";
  /** @default "<name>-trino-exchange-<accountId>" */
  readonly bucketName?: string;
  /** Days after which spooled objects left behind by failed queries expire. @default 1 */
  readonly spoolExpirationDays?: number;
}

export type TrinoExchangeManager = TrinoHdfsExchangeManager | TrinoS3ExchangeManager;

/** Hive connector backed by the AWS Glue Data Catalog. */
export interface TrinoGlueCatalog {
  /** Glue databases the cluster may read (and write, with `allowWrite`). */
  readonly databaseNames: readonly string[];
  /** Allow creating/altering tables and partitions in those databases. @default false */
  readonly allowWrite?: boolean;
}

export interface TrinoConnectors {
  /** `trino-connector-tpcds` (generated benchmark data). @default false */
  readonly tpcds?: boolean;
  /** `trino-connector-tpch`. @default false */
  readonly tpch?: boolean;
  /** `trino-connector-hive` with `hive.metastore=glue`. @default - no Hive/Glue catalog */
  readonly glueCatalog?: TrinoGlueCatalog;
}

/** Trino settings rendered into EMR configuration classifications. */
export interface TrinoSettings {
  /** @default "TASK" */
  readonly retryPolicy?: TrinoRetryPolicy;
  /** Compress exchange data. @default true */
  readonly exchangeCompression?: boolean;
  /** Codec when `exchangeCompression` is on and the release ships Trino 437+ (EMR 7.3.0+). @default "LZ4" */
  readonly exchangeCompressionCodec?: TrinoExchangeCompressionCodec;
  /** `query.low-memory-killer.delay` (Trino duration). @default "0s" */
  readonly lowMemoryKillerDelay?: string;
  /** `query.remote-task.max-error-duration` (Trino duration). @default "1m" */
  readonly remoteTaskMaxErrorDuration?: string;
  /** `fault-tolerant-execution-task-memory` (Trino data size, e.g. "5GB"). @default - Trino's default */
  readonly faultTolerantExecutionTaskMemory?: string;
  /** `task-retry-attempts-per-task` (TASK policy only). @default - Trino's default */
  readonly taskRetryAttemptsPerTask?: number;
  /** `query-retry-attempts` (QUERY policy only). @default - Trino's default */
  readonly queryRetryAttempts?: number;
  /** Extra `trino-config` properties; may not repeat a property the typed fields above set. @default {} */
  readonly additionalConfigProperties?: Readonly<Record<string, string>>;
  /** @default { type: "hdfs" } */
  readonly exchangeManager?: TrinoExchangeManager;
  /** @default {} (no connectors) */
  readonly connectors?: TrinoConnectors;
}

/** In-transit encryption needs TLS certificates EMR fetches from S3 (a zip of PEM files). */
export type TrinoInTransitEncryption =
  | {
      readonly mode: "pem-s3";
      /** `s3://bucket/key.zip` holding privateKey.pem, certificateChain.pem and trustedCertificates.pem. */
      readonly certificatesS3Uri: string;
    }
  | {
      /** Explicit opt-out: no certificate provider yet. Traffic between nodes stays inside the VPC unencrypted. */
      readonly mode: "disabled";
    };

/** Where the FIS experiment's stop condition comes from. */
export type TrinoFisStopCondition =
  | { readonly type: "module-alarm" }
  | { readonly type: "existing-alarm"; readonly alarmArn: string }
  | { readonly type: "none" };

/** AWS FIS experiment that sends Spot interruption notices to the cluster's running Spot instances. */
export interface TrinoSpotInterruptionExperimentProps {
  /** @default true (when the task fleet has Spot capacity) */
  readonly enabled?: boolean;
  /** `ALL`, `COUNT(n)` or `PERCENT(n)`. @default "ALL" */
  readonly selectionMode?: string;
  /** ISO-8601 notice period, PT2M to PT15M. @default "PT2M" */
  readonly durationBeforeInterruption?: string;
  /**
   * `module-alarm` creates a CloudWatch alarm that fires when an HDFS DataNode (an on-demand core node) drops out
   * during the experiment, i.e. the blast radius left the Spot task nodes. `none` needs
   * `allowWithoutStopCondition`.
   * @default { type: "module-alarm" }
   */
  readonly stopCondition?: TrinoFisStopCondition;
  /** Permit `stopCondition: { type: "none" }` (dev only). @default false */
  readonly allowWithoutStopCondition?: boolean;
  /** Tags that select the target instances; every one must be a cluster tag. @default { Name: <nameTag> } */
  readonly targetResourceTags?: Readonly<Record<string, string>>;
}

export interface TrinoEmrClusterProps {
  /** Cluster name; also prefixes every named resource. Lowercase letters, digits and hyphens, at most 32. */
  readonly name: string;
  /** EMR release, `emr-X.Y.Z`; 6.9.0 or later for fault-tolerant execution / Spot task nodes. */
  readonly releaseLabel: string;
  /** @default ["Hadoop", "Hue", "Trino"] */
  readonly applications?: readonly string[];
  /** Account that owns the cluster (ARNs, trust conditions, bucket names). */
  readonly accountId: string;
  /** Region of the cluster. */
  readonly region: string;
  /** @default "aws" */
  readonly partition?: string;
  readonly vpcId: string;
  /**
   * Subnets the fleets may launch in, as a list or AZ → subnet id. Give several: EMR picks the AZ with the best
   * capacity at launch (the whole cluster then lives in that one AZ). Private subnets with a NAT or endpoints, tagged
   * `for-use-with-amazon-emr-managed-policies=true` (AmazonEMRServicePolicy_v2 only launches into tagged subnets).
   */
  readonly subnetIds: readonly string[] | Readonly<Record<string, string>>;
  /** CIDRs allowed to reach the Trino UI and Hue on the primary node; never 0.0.0.0/0. @default [] */
  readonly allowedUiCidrs?: readonly string[];
  /**
   * Port of the Trino UI (and coordinator) opened to `allowedUiCidrs`. With in-transit encryption EMR turns
   * Trino's HTTP port off and serves HTTPS on 8446, so 8889 is refused then.
   * @default 8446 with in-transit encryption (HTTPS), else 8889 (HTTP)
   */
  readonly trinoUiPort?: number;
  /** @default 8888 */
  readonly hueUiPort?: number;
  readonly primaryFleet: TrinoPrimaryFleetProps;
  readonly coreFleet: TrinoCoreFleetProps;
  /** @default - no task fleet (and no FIS experiment) */
  readonly taskFleet?: TrinoTaskFleetProps;
  /** Permit Spot on the primary or core fleet (dev only: losing either loses the cluster or HDFS). @default false */
  readonly allowSpotForPrimaryAndCore?: boolean;
  /**
   * Leave fleet target capacities to an outside scaler (EMR managed scaling, an operator resize): adds
   * `ignore_changes` on the target capacities of the core and task fleets. Capacity in config is then only the
   * initial size. @default false (capacity is owned by config; Terraform reverts out-of-band resizes)
   */
  readonly ignoreCapacityDrift?: boolean;
  /** @default {} (retry policy TASK, HDFS exchange, no connectors) */
  readonly trino?: TrinoSettings;
  /** Required, explicit choice: certificates for TLS between nodes, or a documented opt-out. */
  readonly inTransitEncryption: TrinoInTransitEncryption;
  /** EMRFS (S3) at-rest encryption. @default "SSE-KMS" (with the module's key) */
  readonly s3EncryptionMode?: "SSE-KMS" | "SSE-S3";
  /** @default - a new customer managed key with rotation (local disks, EBS, logs, EMRFS, exchange bucket) */
  readonly kmsKeyArn?: string;
  /** Require IMDSv2 on every node via the security configuration. @default true */
  readonly requireImdsV2?: boolean;
  /** IMDSv2 PUT response hop limit (1-64; raise for containers on the nodes). @default 1 */
  readonly imdsHttpPutResponseHopLimit?: number;
  /**
   * Create the account/region-wide EMR block public access configuration (blocks every public SG rule, port 22
   * included). A singleton per account and region: let exactly one stack own it. @default false
   */
  readonly manageAccountBlockPublicAccess?: boolean;
  /** Terminate the cluster after this many idle seconds (60-604800). @default - never auto-terminate */
  readonly idleTimeoutSeconds?: number;
  /**
   * Refuse TerminateJobFlows. A protected cluster cannot be replaced: with it on, `deployedFingerprint` is required
   * and synth refuses any change that would replace the cluster (see the README's "Replacing a protected cluster").
   * @default false
   */
  readonly terminationProtection?: boolean;
  /**
   * The replacement fingerprint of the deployed cluster (`replacementFingerprint()`, printed by synth when it is
   * missing or differs). When set, synth fails if the cluster it builds has another fingerprint, i.e. if applying
   * it would replace the deployed cluster. Required while `terminationProtection` is on; `"none"` states that no
   * cluster is deployed yet (no check, and synth prints the fingerprint to record after the first apply).
   * @default - none: allowed only without termination protection (nothing is checked)
   */
  readonly deployedFingerprint?: string;
  /** @default "<name>-emr-logs-<accountId>" */
  readonly logBucketName?: string;
  /** Days before EMR logs expire. @default 90 */
  readonly logRetentionDays?: number;
  /** Let `terraform destroy` delete non-empty buckets (dev). @default false */
  readonly forceDestroyBuckets?: boolean;
  /**
   * Where the log and exchange buckets send their S3 server access logs (an `AccessLogBucket` of the same
   * account and region from `@multicloud-platform/modules/core`).
   * @default - no access logging (the policy pack reports PP-S3-004)
   */
  readonly accessLogs?: AccessLogTarget;
  /** Managed policy ARNs added to the instance role (e.g. read access to the data lake buckets). @default [] */
  readonly instanceRoleManagedPolicyArns?: readonly string[];
  /** Value of the `Name` tag EMR propagates to every instance (and the FIS target tag). @default name */
  readonly nameTag?: string;
  /** @default - FIS experiment with defaults when the task fleet has Spot capacity */
  readonly spotInterruptionExperiment?: TrinoSpotInterruptionExperimentProps;
  /** Tags on every taggable resource (the cluster's also propagate to its instances). @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default - the scope's default AWS provider */
  readonly provider?: TerraformProvider;
}

/** One EMR configuration classification, keyed the way the EMR API returns it (avoids perpetual diffs). */
export interface EmrConfiguration {
  readonly Classification: string;
  readonly Properties: Readonly<Record<string, string>>;
}

/** Worker capacity by market, in weighted-capacity units. */
export interface TrinoWorkerCapacity {
  readonly coreOnDemandUnits: number;
  readonly coreSpotUnits: number;
  readonly taskOnDemandUnits: number;
  readonly taskSpotUnits: number;
  /** Spot units / all worker units, in percent (one decimal). */
  readonly spotSharePercent: number;
}
