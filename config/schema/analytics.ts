import { z } from "zod";
import { name, tags } from "./common";

/**
 * `analytics`: one Trino-on-EMR cluster per environment (modules/trino-emr), in a network VPC of the
 * environment. Structure and defaults only; ranges, references and Spot rules are in config/checks/analytics.ts.
 */

/** An instance type a fleet may launch and how many capacity units (vCPUs) one instance counts for. */
export const emrInstanceTypeSchema = z.strictObject({
  /** EC2 instance type, e.g. `m5.4xlarge`. */
  instanceType: z.string(),
  /** Units of the fleet's target capacity one instance provides: use its vCPU count (16 for a 4xlarge). */
  weightedCapacity: z.number(),
  /** Highest Spot price in percent of the on-demand price (1-100). Spot capacity only. */
  bidPriceAsPercentageOfOnDemandPrice: z.number().optional(),
});

const ebsSizeGiB = z.number().optional();

export const trinoSettingsSchema = z
  .strictObject({
    /** TASK (large batch queries), QUERY (many short queries), NONE (fault tolerance off: no Spot task nodes). */
    retryPolicy: z.enum(["TASK", "QUERY", "NONE"]).default("TASK"),
    exchangeCompression: z.boolean().default(true),
    /** Trino 437+ (emr-7.3.0+) only. @default LZ4 (module default) */
    exchangeCompressionCodec: z.enum(["LZ4", "ZSTD"]).optional(),
    /** `query.low-memory-killer.delay`. */
    lowMemoryKillerDelay: z.string().default("0s"),
    /** `query.remote-task.max-error-duration`. */
    remoteTaskMaxErrorDuration: z.string().default("1m"),
    /** `fault-tolerant-execution-task-memory`, e.g. "5GB". */
    faultTolerantExecutionTaskMemory: z.string().optional(),
    /** Where fault-tolerant execution spools exchange data: the cluster's HDFS, or an S3 bucket the stack creates. */
    exchangeManager: z
      .discriminatedUnion("type", [
        z.strictObject({ type: z.literal("hdfs"), baseDirectory: z.string().default("/exchange") }),
        z.strictObject({
          type: z.literal("s3"),
          /** Days before spool left behind by failed queries expires. */
          spoolExpirationDays: z.number().default(1),
        }),
      ])
      .default({ type: "hdfs", baseDirectory: "/exchange" }),
    connectors: z
      .strictObject({
        tpcds: z.boolean().default(false),
        tpch: z.boolean().default(false),
        /** Hive connector on the Glue Data Catalog, limited to these databases. */
        glueCatalog: z
          .strictObject({ databaseNames: z.array(z.string()).min(1), allowWrite: z.boolean().default(false) })
          .optional(),
      })
      .default({ tpcds: false, tpch: false }),
  })
  .default({
    retryPolicy: "TASK",
    exchangeCompression: true,
    lowMemoryKillerDelay: "0s",
    remoteTaskMaxErrorDuration: "1m",
    exchangeManager: { type: "hdfs", baseDirectory: "/exchange" },
    connectors: { tpcds: false, tpch: false },
  });

export const fisStopConditionSchema = z.discriminatedUnion("type", [
  /** An alarm the module creates: HDFS DataNodes (on-demand core nodes) dropping out halts the experiment. */
  z.strictObject({ type: z.literal("module-alarm") }),
  z.strictObject({ type: z.literal("existing-alarm"), alarmArn: z.string() }),
  /** Explicit opt-out, dev only. */
  z.strictObject({ type: z.literal("none") }),
]);

export const spotInterruptionExperimentSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** `ALL`, `COUNT(n)` or `PERCENT(n)` of the running Spot instances carrying the target tags. */
    selectionMode: z.string().default("ALL"),
    /** ISO-8601 notice period before the interruption, PT2M (a real Spot notice) to PT15M. */
    durationBeforeInterruption: z.string().default("PT2M"),
    stopCondition: fisStopConditionSchema.default({ type: "module-alarm" }),
    /** Tags that select the target instances. @default { Name: <cluster Name tag> } */
    targetResourceTags: z.record(z.string(), z.string()).optional(),
  })
  .default({
    enabled: true,
    selectionMode: "ALL",
    durationBeforeInterruption: "PT2M",
    stopCondition: { type: "module-alarm" },
  });

export const analyticsSchema = z.strictObject({
  /** Cluster name suffix: the cluster is `<env>-<name>`; also the construct id. */
  name: name.default("trino"),
  /** Account (config name) that owns the cluster; must own `vpc`. */
  account: z.string(),
  /** Network VPC (config name) the cluster runs in; its region is the cluster's region. */
  vpc: z.string(),
  /** Subnet tier of that VPC (one subnet per AZ; EMR picks the AZ with capacity at launch). */
  subnetTier: z.string().default("private"),
  /** `emr-X.Y.Z`, 6.9.0 or later with Spot task nodes. */
  releaseLabel: z.string(),
  applications: z.array(z.string()).default(["Hadoop", "Hue", "Trino"]),
  /** CIDRs that may reach the Trino UI and Hue on the primary node (never /0). */
  allowedUiCidrs: z.array(z.string()).default([]),
  trinoUiPort: z.number().optional(),
  hueUiPort: z.number().optional(),
  primaryFleet: z.strictObject({
    instanceTypes: z.array(z.string()).min(1),
    /** SPOT only in dev, with allowSpotForPrimaryAndCore. */
    market: z.enum(["ON_DEMAND", "SPOT"]).default("ON_DEMAND"),
    ebsSizeGiB,
  }),
  coreFleet: z.strictObject({
    instanceTypes: z.array(emrInstanceTypeSchema).min(1),
    targetOnDemandCapacity: z.number(),
    /** Above 0 only in dev, with allowSpotForPrimaryAndCore (HDFS on Spot loses the exchange spool). */
    targetSpotCapacity: z.number().default(0),
    ebsSizeGiB,
  }),
  /** Stateless Trino workers on Spot, a separate fleet resource: its capacity changes in place. */
  taskFleet: z
    .strictObject({
      instanceTypes: z.array(emrInstanceTypeSchema),
      targetSpotCapacity: z.number(),
      targetOnDemandCapacity: z.number().default(0),
      spotTimeoutMinutes: z.number().default(10),
      spotTimeoutAction: z.enum(["SWITCH_TO_ON_DEMAND", "TERMINATE_CLUSTER"]).default("SWITCH_TO_ON_DEMAND"),
      ebsSizeGiB,
    })
    .optional(),
  /** Permit Spot on the primary or core fleet: dev only. */
  allowSpotForPrimaryAndCore: z.boolean().default(false),
  /** Let an outside scaler own fleet capacities (adds ignore_changes); config capacity is then the initial size. */
  ignoreCapacityDrift: z.boolean().default(false),
  trino: trinoSettingsSchema,
  /** Required, explicit: TLS certificates EMR fetches from S3, or a visible opt-out. */
  inTransitEncryption: z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("pem-s3"), certificatesS3Uri: z.string() }),
    z.strictObject({ type: z.literal("disabled"), reason: z.string().min(1) }),
  ]),
  /** Terminate the cluster after this many idle seconds (60-604800). @default never */
  idleTimeoutSeconds: z.number().optional(),
  /** @default true outside dev. With it on, `deployedFingerprint` is required (see README: replacing a protected cluster). */
  terminationProtection: z.boolean().optional(),
  /**
   * Replacement fingerprint of the deployed cluster, as synth prints it. Synth refuses a change that would
   * replace the cluster while it is termination-protected. Required while termination protection is on;
   * `"none"` states that no cluster is deployed yet (a new environment: record the fingerprint after its first apply).
   */
  deployedFingerprint: z.string().optional(),
  logRetentionDays: z.number().default(90),
  /**
   * This stack owns the account/region EMR block public access configuration (a singleton per account and
   * region; the project has one analytics stack per account/region).
   */
  manageAccountBlockPublicAccess: z.boolean().default(true),
  /** Managed policies for the nodes' role (e.g. read access to data lake buckets). */
  instanceRoleManagedPolicyArns: z.array(z.string()).default([]),
  spotInterruptionExperiment: spotInterruptionExperimentSchema,
  /** Tags on the cluster's resources; EMR propagates the cluster's to its instances. */
  tags: tags.default({}),
});
