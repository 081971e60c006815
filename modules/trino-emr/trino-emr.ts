import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { EmrBlockPublicAccessConfiguration } from "@cdktf/provider-aws/lib/emr-block-public-access-configuration";
import { EmrCluster } from "@cdktf/provider-aws/lib/emr-cluster";
import { EmrInstanceFleet } from "@cdktf/provider-aws/lib/emr-instance-fleet";
import { EmrSecurityConfiguration } from "@cdktf/provider-aws/lib/emr-security-configuration";
import { FisExperimentTemplate } from "@cdktf/provider-aws/lib/fis-experiment-template";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { ITerraformDependable, Lazy, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import {
  checkLiteralStrings,
  PolicyStatement,
  PrivateBucketLifecycleRule,
  acceptWarning,
  accountRootKeyPolicy,
  canonicalJson,
  checkAccountId,
  checkBucketName,
  checkArn,
  checkCidr,
  checkIntRange,
  checkNonEmpty,
  checkOneOf,
  checkUnique,
  ensure,
  isKnown,
  policyDocument,
  policyJson,
  prefixedBucketIds,
  privateBucketResources,
  serviceTrustPolicy,
  shortHash,
} from "../core";
import {
  checkEbsVolumes,
  checkInstanceTypeConfigs,
  checkInterruptionNotice,
  checkSelectionMode,
  checkTrinoDataSize,
  checkTrinoDuration,
} from "./checks";
import {
  NOT_DEPLOYED,
  ReplacementRefusedError,
  replacementFingerprint,
  replacementProblems,
} from "./lifecycle";
import { ShapeRecord } from "./shape-record";
import {
  EmrRelease,
  MIN_FAULT_TOLERANT_RELEASE,
  ResolvedTrinoSettings,
  TRINO_HTTP_PORT,
  TRINO_HTTPS_PORT,
  TYPED_TRINO_CONFIG_KEYS,
  parseEmrRelease,
  renderTrinoConfigurations,
  supportsFaultTolerance,
  trinoUiPortFor,
  usesCompressionCodec,
} from "./trino-config";
import {
  EMR_SPOT_TIMEOUT_ACTIONS,
  EmrConfiguration,
  EmrEbsVolume,
  EmrInstanceTypeConfig,
  EmrSpotTimeoutAction,
  TRINO_EXCHANGE_COMPRESSION_CODECS,
  TRINO_RETRY_POLICIES,
  TrinoEmrClusterProps,
  TrinoFisStopCondition,
  TrinoWorkerCapacity,
} from "./types";

/** Spot allocation strategy on every fleet: deep pools first, then the cheapest of those. */
export const SPOT_ALLOCATION_STRATEGY = "price-capacity-optimized";
/**
 * EMR's on-demand allocation accepts only `lowest-price` or `prioritized` (the provider validates this), so
 * `price-capacity-optimized` cannot be used for on-demand capacity. Setting a strategy is what lifts the
 * per-fleet limit from 5 to 30 instance types.
 */
export const ON_DEMAND_ALLOCATION_STRATEGY = "lowest-price";
/** Tag AmazonEMRServicePolicy_v2 requires on the cluster, its security groups and subnets. */
export const EMR_MANAGED_POLICY_TAG = "for-use-with-amazon-emr-managed-policies";

/**
 * Why the nodes keep all-protocol egress (the accepted PP-SG-003 warning): EMR's own managed groups allow all
 * outbound traffic by default ("Working with Amazon EMR-managed security groups",
 * https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-man-sec-groups.html), and the nodes reach S3, EMR,
 * KMS, CloudWatch, package repositories and the catalogs Trino connects to on ports that differ per connector.
 * Inbound stays closed; the traffic leaves through the VPC's NAT gateway or endpoints.
 */
export const EMR_NODE_EGRESS_REASON =
  "EMR nodes call S3, EMR, KMS and CloudWatch APIs, package repositories and connector catalogs on varying ports through the NAT gateway; EMR-managed groups allow all outbound by default";

const DEFAULT_APPLICATIONS = ["Hadoop", "Hue", "Trino"];

/** Typed, validated Trino-on-EMR cluster with a Spot task fleet and a Spot-interruption FIS experiment. */
export class TrinoEmrCluster extends Construct {
  public readonly cluster: EmrCluster;
  public readonly clusterId: string;
  public readonly clusterArn: string;
  /** Primary node DNS name (private DNS in private subnets). */
  public readonly masterPublicDns: string;
  public readonly primaryFleetId: string;
  public readonly coreFleetId: string;
  public readonly taskFleet?: EmrInstanceFleet;
  public readonly taskFleetId?: string;
  public readonly serviceRoleArn: string;
  public readonly instanceRoleArn: string;
  public readonly instanceProfileArn: string;
  public readonly kmsKeyArn: string;
  public readonly logBucketName: string;
  public readonly exchangeBucketName?: string;
  public readonly securityConfigurationName: string;
  public readonly securityGroupIds: {
    readonly primary: string;
    readonly core: string;
    readonly serviceAccess: string;
  };
  public readonly fisExperimentTemplateId?: string;
  public readonly fisRoleArn?: string;
  public readonly stopConditionAlarmArn?: string;
  /** The rendered EMR configuration classifications (as sent in `configurations_json`). */
  public readonly configurations: readonly EmrConfiguration[];
  /** Worker capacity by market, for reporting the Spot share. */
  public readonly workerCapacity: TrinoWorkerCapacity;
  /** The `Name` tag every instance carries (FIS targets it). */
  public readonly nameTag: string;
  /** What the replacement fingerprint covers. */
  private readonly fingerprintSubject: Parameters<typeof replacementFingerprint>[0];

  constructor(scope: Construct, id: string, props: TrinoEmrClusterProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);

    // ---- defaults, applied once ------------------------------------------------------------------------------
    const provider: TerraformProvider | undefined = props.provider;
    const partition = props.partition ?? "aws";
    const applications = props.applications ?? DEFAULT_APPLICATIONS;
    const allowedUiCidrs = props.allowedUiCidrs ?? [];
    const tls = props.inTransitEncryption.mode === "pem-s3";
    const trinoUiPort = props.trinoUiPort ?? trinoUiPortFor(props.inTransitEncryption.mode);
    const hueUiPort = props.hueUiPort ?? 8888;
    const allowSpotForPrimaryAndCore = props.allowSpotForPrimaryAndCore ?? false;
    const ignoreCapacityDrift = props.ignoreCapacityDrift ?? false;
    const s3EncryptionMode = props.s3EncryptionMode ?? "SSE-KMS";
    const requireImdsV2 = props.requireImdsV2 ?? true;
    const imdsHopLimit = props.imdsHttpPutResponseHopLimit ?? 1;
    const manageBpa = props.manageAccountBlockPublicAccess ?? false;
    const terminationProtection = props.terminationProtection ?? false;
    const logRetentionDays = props.logRetentionDays ?? 90;
    const forceDestroy = props.forceDestroyBuckets ?? false;
    const instanceRoleManagedPolicyArns = props.instanceRoleManagedPolicyArns ?? [];
    const nameTag = props.nameTag ?? props.name;
    const tags: Record<string, string> = { ...(props.tags ?? {}) };
    const subnetIds = Array.isArray(props.subnetIds)
      ? [...(props.subnetIds as readonly string[])]
      : Object.values(props.subnetIds as Readonly<Record<string, string>>);
    const logBucketName = props.logBucketName ?? `${props.name}-emr-logs-${props.accountId}`;

    const primary = {
      instanceTypes: props.primaryFleet.instanceTypes,
      ebsVolumes: props.primaryFleet.ebsVolumes ?? [{ sizeGiB: 64 }],
      market: props.primaryFleet.market ?? "ON_DEMAND",
    };
    const core = {
      instanceTypes: props.coreFleet.instanceTypes,
      targetOnDemandCapacity: props.coreFleet.targetOnDemandCapacity,
      targetSpotCapacity: props.coreFleet.targetSpotCapacity ?? 0,
      ebsVolumes: props.coreFleet.ebsVolumes ?? [{ sizeGiB: 256 }],
    };
    const task = props.taskFleet && {
      name: props.taskFleet.name ?? "task-spot",
      instanceTypes: props.taskFleet.instanceTypes,
      targetSpotCapacity: props.taskFleet.targetSpotCapacity,
      targetOnDemandCapacity: props.taskFleet.targetOnDemandCapacity ?? 0,
      spotTimeoutMinutes: props.taskFleet.spotTimeoutMinutes ?? 10,
      spotTimeoutAction: props.taskFleet.spotTimeoutAction ?? ("SWITCH_TO_ON_DEMAND" as EmrSpotTimeoutAction),
      ebsVolumes: props.taskFleet.ebsVolumes ?? [{ sizeGiB: 128 }],
    };
    // Primary/core Spot (dev only) reuse the task fleet's provisioning timeout, or EMR's common 10-minute default.
    const spotTimeoutMinutes = task?.spotTimeoutMinutes ?? 10;
    const spotTimeoutAction = task?.spotTimeoutAction ?? "SWITCH_TO_ON_DEMAND";

    const t = props.trino ?? {};
    const exchangeManager = t.exchangeManager ?? { type: "hdfs" as const };
    const trino: ResolvedTrinoSettings = {
      retryPolicy: t.retryPolicy ?? "TASK",
      exchangeCompression: t.exchangeCompression ?? true,
      exchangeCompressionCodec: t.exchangeCompressionCodec ?? "LZ4",
      lowMemoryKillerDelay: t.lowMemoryKillerDelay ?? "0s",
      remoteTaskMaxErrorDuration: t.remoteTaskMaxErrorDuration ?? "1m",
      faultTolerantExecutionTaskMemory: t.faultTolerantExecutionTaskMemory,
      taskRetryAttemptsPerTask: t.taskRetryAttemptsPerTask,
      queryRetryAttempts: t.queryRetryAttempts,
      additionalConfigProperties: t.additionalConfigProperties ?? {},
      exchangeManager,
      tpcds: t.connectors?.tpcds ?? false,
      tpch: t.connectors?.tpch ?? false,
      glueCatalog: t.connectors?.glueCatalog !== undefined,
    };
    const glueCatalog = t.connectors?.glueCatalog;
    const usesS3Exchange = trino.retryPolicy !== "NONE" && exchangeManager.type === "s3";
    const exchangeBucketName =
      exchangeManager.type === "s3"
        ? (exchangeManager.bucketName ?? `${props.name}-trino-exchange-${props.accountId}`)
        : undefined;
    const spoolExpirationDays =
      exchangeManager.type === "s3" ? (exchangeManager.spoolExpirationDays ?? 1) : 1;

    const spotTaskNodes = !!task && (!isKnown(task.targetSpotCapacity) || task.targetSpotCapacity > 0);
    const fisProps = props.spotInterruptionExperiment ?? {};
    const fisEnabled = (fisProps.enabled ?? true) && spotTaskNodes;
    const selectionMode = fisProps.selectionMode ?? "ALL";
    const noticePeriod = fisProps.durationBeforeInterruption ?? "PT2M";
    const stopCondition: TrinoFisStopCondition = fisProps.stopCondition ?? { type: "module-alarm" };
    const targetResourceTags = fisProps.targetResourceTags ?? { Name: nameTag };

    const clusterTags: Record<string, string> = { ...tags, Name: nameTag, [EMR_MANAGED_POLICY_TAG]: "true" };

    // ---- validation ------------------------------------------------------------------------------------------
    ensure(
      !isKnown(props.name) || /^[a-z][a-z0-9-]{0,31}$/.test(props.name),
      this,
      "name",
      props.name,
      "must start with a lowercase letter and hold at most 32 lowercase letters, digits or hyphens (it prefixes bucket and role names)",
      'use a short kebab-case name such as "analytics-trino"',
    );
    checkAccountId(this, "accountId", props.accountId);
    ensure(
      !isKnown(props.region) || /^[a-z]{2}(-[a-z]+)+-\d+$/.test(props.region),
      this,
      "region",
      props.region,
      "must be an AWS region code",
      'use e.g. "eu-west-1"',
    );
    ensure(
      !isKnown(props.vpcId) || /^vpc-[0-9a-f]+$/.test(props.vpcId),
      this,
      "vpcId",
      props.vpcId,
      "must be a VPC id",
      "pass the id of the VPC that holds subnetIds (vpc-...)",
    );

    let release: EmrRelease | undefined;
    if (isKnown(props.releaseLabel)) {
      release = parseEmrRelease(props.releaseLabel);
      ensure(
        !!release,
        this,
        "releaseLabel",
        props.releaseLabel,
        "must look like emr-X.Y.Z",
        'use e.g. "emr-7.5.0"',
      );
    }
    if (release) {
      ensure(
        !spotTaskNodes || supportsFaultTolerance(release),
        this,
        "releaseLabel",
        props.releaseLabel,
        `Spot task nodes need Trino fault-tolerant execution (trino-exchange-manager), available from ${MIN_FAULT_TOLERANT_RELEASE}`,
        `use ${MIN_FAULT_TOLERANT_RELEASE} or later (a current 7.x release), or remove the Spot task fleet`,
      );
      ensure(
        trino.retryPolicy === "NONE" || supportsFaultTolerance(release),
        this,
        "releaseLabel",
        props.releaseLabel,
        `retry policy ${trino.retryPolicy} needs the trino-exchange-manager classification, available from ${MIN_FAULT_TOLERANT_RELEASE}`,
        `use ${MIN_FAULT_TOLERANT_RELEASE} or later`,
      );
      ensure(
        t.exchangeCompressionCodec === undefined || usesCompressionCodec(release),
        this,
        "trino.exchangeCompressionCodec",
        t.exchangeCompressionCodec,
        "exchange compression codecs need Trino 437+, shipped from emr-7.3.0; older releases only switch compression on or off",
        "remove exchangeCompressionCodec or use emr-7.3.0 or later",
      );
    }

    checkNonEmpty(this, "applications", applications);
    checkUnique(this, "applications", applications);
    ensure(
      applications.includes("Trino"),
      this,
      "applications",
      applications,
      "must include Trino",
      'add "Trino" (the module renders Trino configuration classifications)',
    );
    ensure(
      !applications.includes("PrestoSQL") && !applications.includes("Presto"),
      this,
      "applications",
      applications,
      "Trino and Presto/PrestoSQL cannot run on the same cluster",
      'remove "Presto"/"PrestoSQL"',
    );
    ensure(
      !(trino.retryPolicy !== "NONE" && exchangeManager.type === "hdfs") || applications.includes("Hadoop"),
      this,
      "applications",
      applications,
      "the HDFS exchange manager needs Hadoop (HDFS) on the cluster",
      'add "Hadoop" or use trino.exchangeManager { type: "s3" }',
    );

    checkNonEmpty(this, "subnetIds", subnetIds);
    checkUnique(this, "subnetIds", subnetIds);

    allowedUiCidrs.forEach((cidr) => {
      checkCidr(this, "allowedUiCidrs", cidr);
      ensure(
        !isKnown(cidr) || !cidr.endsWith("/0"),
        this,
        "allowedUiCidrs",
        cidr,
        "the Trino UI and Hue must not be open to the internet",
        "list the office/VPN/VPC CIDRs that need the UIs",
      );
    });
    checkUnique(this, "allowedUiCidrs", allowedUiCidrs);
    checkIntRange(this, "trinoUiPort", trinoUiPort, 1, 65535);
    ensure(
      !tls || trinoUiPort !== TRINO_HTTP_PORT,
      this,
      "trinoUiPort",
      trinoUiPort,
      `in-transit encryption turns Trino's HTTP port off (http-server.http.enabled=false): the UI is HTTPS on ${TRINO_HTTPS_PORT}`,
      `remove trinoUiPort (it defaults to ${TRINO_HTTPS_PORT} with in-transit encryption) or set ${TRINO_HTTPS_PORT}`,
    );
    checkIntRange(this, "hueUiPort", hueUiPort, 1, 65535);

    checkNonEmpty(this, "primaryFleet.instanceTypes", primary.instanceTypes);
    checkUnique(this, "primaryFleet.instanceTypes", primary.instanceTypes);
    checkEbsVolumes(this, "primaryFleet.ebsVolumes", primary.ebsVolumes);
    ensure(
      primary.market === "ON_DEMAND" || allowSpotForPrimaryAndCore,
      this,
      "primaryFleet.market",
      primary.market,
      "the primary node (Trino coordinator) on Spot takes the whole cluster down with one interruption",
      'use "ON_DEMAND", or set allowSpotForPrimaryAndCore: true for a throw-away dev cluster',
    );

    checkInstanceTypeConfigs(this, "coreFleet.instanceTypes", core.instanceTypes);
    checkIntRange(this, "coreFleet.targetOnDemandCapacity", core.targetOnDemandCapacity, 1, 100000);
    checkIntRange(this, "coreFleet.targetSpotCapacity", core.targetSpotCapacity, 0, 100000);
    checkEbsVolumes(this, "coreFleet.ebsVolumes", core.ebsVolumes);
    ensure(
      !isKnown(core.targetSpotCapacity) || core.targetSpotCapacity === 0 || allowSpotForPrimaryAndCore,
      this,
      "coreFleet.targetSpotCapacity",
      core.targetSpotCapacity,
      "core nodes hold HDFS (and the exchange spool); Spot interruptions lose that data",
      "put Spot capacity on the task fleet, or set allowSpotForPrimaryAndCore: true for a throw-away dev cluster",
    );

    if (task) {
      checkInstanceTypeConfigs(this, "taskFleet.instanceTypes", task.instanceTypes, { min: 10, max: 30 });
      checkIntRange(this, "taskFleet.targetSpotCapacity", task.targetSpotCapacity, 0, 100000);
      checkIntRange(this, "taskFleet.targetOnDemandCapacity", task.targetOnDemandCapacity, 0, 100000);
      checkIntRange(this, "taskFleet.spotTimeoutMinutes", task.spotTimeoutMinutes, 5, 1440);
      checkOneOf(this, "taskFleet.spotTimeoutAction", task.spotTimeoutAction, EMR_SPOT_TIMEOUT_ACTIONS);
      checkEbsVolumes(this, "taskFleet.ebsVolumes", task.ebsVolumes);
      ensure(
        /^[A-Za-z0-9][A-Za-z0-9 _-]{0,63}$/.test(task.name),
        this,
        "taskFleet.name",
        task.name,
        "must be 1-64 letters, digits, spaces, hyphens or underscores",
        'use e.g. "task-spot"',
      );
    }

    checkOneOf(this, "trino.retryPolicy", trino.retryPolicy, TRINO_RETRY_POLICIES);
    ensure(
      !spotTaskNodes || trino.retryPolicy !== "NONE",
      this,
      "trino.retryPolicy",
      trino.retryPolicy,
      "Spot task nodes without fault-tolerant execution fail every query running on an interrupted node",
      'set retryPolicy "TASK" (batch) or "QUERY" (short queries), or remove the Spot task fleet',
    );
    checkOneOf(
      this,
      "trino.exchangeCompressionCodec",
      t.exchangeCompressionCodec,
      TRINO_EXCHANGE_COMPRESSION_CODECS,
    );
    checkTrinoDuration(this, "trino.lowMemoryKillerDelay", trino.lowMemoryKillerDelay);
    checkTrinoDuration(this, "trino.remoteTaskMaxErrorDuration", trino.remoteTaskMaxErrorDuration);
    checkTrinoDataSize(
      this,
      "trino.faultTolerantExecutionTaskMemory",
      trino.faultTolerantExecutionTaskMemory,
    );
    checkIntRange(this, "trino.taskRetryAttemptsPerTask", trino.taskRetryAttemptsPerTask, 0, 100);
    checkIntRange(this, "trino.queryRetryAttempts", trino.queryRetryAttempts, 0, 100);
    ensure(
      trino.taskRetryAttemptsPerTask === undefined || trino.retryPolicy === "TASK",
      this,
      "trino.taskRetryAttemptsPerTask",
      trino.taskRetryAttemptsPerTask,
      "only applies to retry policy TASK",
      "remove it or set retryPolicy TASK",
    );
    ensure(
      trino.queryRetryAttempts === undefined || trino.retryPolicy === "QUERY",
      this,
      "trino.queryRetryAttempts",
      trino.queryRetryAttempts,
      "only applies to retry policy QUERY",
      "remove it or set retryPolicy QUERY",
    );
    for (const key of Object.keys(trino.additionalConfigProperties)) {
      ensure(
        !TYPED_TRINO_CONFIG_KEYS.includes(key),
        this,
        "trino.additionalConfigProperties",
        key,
        "repeats a property the typed Trino settings own",
        `set it through the typed field instead of additionalConfigProperties["${key}"]`,
      );
    }
    if (exchangeManager.type === "hdfs" && exchangeManager.baseDirectory !== undefined) {
      ensure(
        /^\/[A-Za-z0-9._/-]*$/.test(exchangeManager.baseDirectory),
        this,
        "trino.exchangeManager.baseDirectory",
        exchangeManager.baseDirectory,
        "must be an absolute HDFS path",
        'use e.g. "/exchange"',
      );
    }
    if (exchangeManager.type === "s3") {
      checkIntRange(this, "trino.exchangeManager.spoolExpirationDays", spoolExpirationDays, 1, 365);
      if (exchangeBucketName) checkBucketName(this, "trino.exchangeManager.bucketName", exchangeBucketName);
    }
    if (glueCatalog) {
      checkNonEmpty(this, "trino.connectors.glueCatalog.databaseNames", glueCatalog.databaseNames);
      checkUnique(this, "trino.connectors.glueCatalog.databaseNames", glueCatalog.databaseNames);
    }

    if (props.inTransitEncryption.mode === "pem-s3") {
      const uri = props.inTransitEncryption.certificatesS3Uri;
      ensure(
        !isKnown(uri) || /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+\.zip$/.test(uri),
        this,
        "inTransitEncryption.certificatesS3Uri",
        uri,
        "must be an s3://bucket/key.zip URI of the PEM certificate bundle",
        "upload privateKey.pem, certificateChain.pem and trustedCertificates.pem as a zip and pass its s3:// URI",
      );
    }
    checkOneOf(this, "s3EncryptionMode", s3EncryptionMode, ["SSE-KMS", "SSE-S3"]);
    checkArn(this, "kmsKeyArn", props.kmsKeyArn, "kms");
    checkIntRange(this, "imdsHttpPutResponseHopLimit", imdsHopLimit, 1, 64);
    checkIntRange(this, "idleTimeoutSeconds", props.idleTimeoutSeconds, 60, 604800);
    checkIntRange(this, "logRetentionDays", logRetentionDays, 1, 3650);
    checkBucketName(this, "logBucketName", logBucketName);
    instanceRoleManagedPolicyArns.forEach((arn) =>
      checkArn(this, "instanceRoleManagedPolicyArns", arn, "iam"),
    );
    checkUnique(this, "instanceRoleManagedPolicyArns", instanceRoleManagedPolicyArns);
    ensure(
      !isKnown(nameTag) || (nameTag.length > 0 && nameTag.length <= 256),
      this,
      "nameTag",
      nameTag,
      "must be 1-256 characters",
      "pass a non-empty Name tag value",
    );

    if (fisEnabled) {
      checkSelectionMode(this, "spotInterruptionExperiment.selectionMode", selectionMode);
      checkInterruptionNotice(this, "spotInterruptionExperiment.durationBeforeInterruption", noticePeriod);
      const tagKeys = Object.keys(targetResourceTags);
      ensure(
        tagKeys.length > 0,
        this,
        "spotInterruptionExperiment.targetResourceTags",
        targetResourceTags,
        "an FIS template without a tag filter would interrupt every running Spot instance in the account and region",
        `keep the default { Name: "${nameTag}" } or list tags the cluster's instances carry`,
      );
      for (const [k, v] of Object.entries(targetResourceTags)) {
        ensure(
          k.length > 0 && v.length > 0 && clusterTags[k] === v,
          this,
          "spotInterruptionExperiment.targetResourceTags",
          { [k]: v },
          "every target tag must be a non-empty tag of this cluster (EMR propagates cluster tags to its instances)",
          `use tags from the cluster's tags, e.g. { Name: "${nameTag}" }`,
        );
      }
      ensure(
        stopCondition.type !== "none" || fisProps.allowWithoutStopCondition === true,
        this,
        "spotInterruptionExperiment.stopCondition",
        stopCondition,
        "an experiment without a stop condition cannot be halted automatically when it harms more than the Spot task nodes",
        'use { type: "module-alarm" } or an existing alarm, or set allowWithoutStopCondition: true (dev only)',
      );
      if (stopCondition.type === "existing-alarm") {
        checkArn(
          this,
          "spotInterruptionExperiment.stopCondition.alarmArn",
          stopCondition.alarmArn,
          "cloudwatch",
        );
      }
    }

    // ---- encryption key --------------------------------------------------------------------------------------
    let kmsKeyArn = props.kmsKeyArn;
    if (kmsKeyArn === undefined) {
      // The key policy delegates to the account's IAM policies (what AWS's default policy does, written out so
      // the key's access is reviewable here: PP-KMS-002), and the service and instance roles below get exactly
      // the KMS actions they need through IAM.
      const key = new KmsKey(this, "kms-key", {
        provider,
        description: `EMR ${props.name}: local disks, EBS, logs, EMRFS and exchange spool`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: policyJson(accountRootKeyPolicy(partition, props.accountId)),
        tags,
      });
      new KmsAlias(this, "kms-alias", { provider, name: `alias/${props.name}-emr`, targetKeyId: key.keyId });
      kmsKeyArn = key.arn;
    }
    this.kmsKeyArn = kmsKeyArn;

    // ---- buckets ---------------------------------------------------------------------------------------------
    const bucket = (id: string, name: string, lifecycle: PrivateBucketLifecycleRule) =>
      privateBucketResources(this, prefixedBucketIds(id), {
        provider,
        bucketName: name,
        encryption: { type: "kms", kmsKeyArn },
        forceDestroy,
        tags,
        accessLogs: props.accessLogs,
        lifecycleRules: [lifecycle],
      }).bucket;
    const logBucket = bucket("log-bucket", logBucketName, {
      id: "expire-emr-logs",
      expirationDays: logRetentionDays,
      // Versioning keeps overwritten/expired objects as noncurrent versions: expire those on the same clock.
      noncurrentVersionExpirationDays: logRetentionDays,
    });

    let exchangeBucket: S3Bucket | undefined;
    if (usesS3Exchange && exchangeBucketName) {
      // Trino deletes the spool of completed queries itself; failed queries leave theirs behind.
      exchangeBucket = bucket("exchange-bucket", exchangeBucketName, {
        id: "expire-spooled-exchange-data",
        expirationDays: spoolExpirationDays,
        // Spool objects Trino deletes become noncurrent versions under versioning: free them just as fast.
        noncurrentVersionExpirationDays: spoolExpirationDays,
      });
    }

    // ---- IAM: instance role (EC2 instance profile) -----------------------------------------------------------
    const s3 = (bucket: string) => `arn:${partition}:s3:::${bucket}`;
    const instanceRole = new IamRole(this, "instance-role", {
      provider,
      name: `${props.name}-emr-instance`,
      description: `EC2 instance profile role of EMR cluster ${props.name}`,
      assumeRolePolicy: policyJson(serviceTrustPolicy("ec2.amazonaws.com")),
      tags,
    });
    const instanceStatements: PolicyStatement[] = [
      {
        // EMR nodes fetch bootstrap scripts and libraries from the regional EMR-owned buckets with the node's role.
        Sid: "ReadEmrRegionalArtifacts",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: [`${s3(`${props.region}.elasticmapreduce`)}/*`, `${s3("elasticmapreduce")}/*`],
      },
      {
        Sid: "WriteClusterLogs",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:GetObject"],
        Resource: `${logBucket.arn}/*`,
      },
      {
        Sid: "ListLogBucket",
        Effect: "Allow",
        Action: ["s3:ListBucket", "s3:GetBucketLocation"],
        Resource: logBucket.arn,
      },
      {
        // Local-disk (LUKS) and EBS encryption, SSE-KMS objects in the log/exchange buckets and EMRFS.
        Sid: "UseClusterKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
        Resource: kmsKeyArn,
      },
    ];
    if (exchangeBucket) {
      instanceStatements.push(
        {
          Sid: "SpoolExchangeData",
          Effect: "Allow",
          Action: [
            "s3:GetObject",
            "s3:PutObject",
            "s3:DeleteObject",
            "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts",
          ],
          Resource: `${exchangeBucket.arn}/*`,
        },
        {
          Sid: "ListExchangeBucket",
          Effect: "Allow",
          Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
          Resource: exchangeBucket.arn,
        },
      );
    }
    if (props.inTransitEncryption.mode === "pem-s3") {
      instanceStatements.push({
        // Every node downloads the certificate bundle at bootstrap.
        Sid: "ReadTlsCertificateBundle",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: s3(props.inTransitEncryption.certificatesS3Uri.replace(/^s3:\/\//, "")),
      });
    }
    if (glueCatalog) {
      const glue = (res: string) => `arn:${partition}:glue:${props.region}:${props.accountId}:${res}`;
      const resources = [
        glue("catalog"),
        ...glueCatalog.databaseNames.map((db) => glue(`database/${db}`)),
        ...glueCatalog.databaseNames.map((db) => glue(`table/${db}/*`)),
      ];
      instanceStatements.push({
        Sid: "ReadGlueCatalog",
        Effect: "Allow",
        Action: [
          "glue:GetDatabase",
          "glue:GetDatabases",
          "glue:GetTable",
          "glue:GetTables",
          "glue:GetTableVersions",
          "glue:GetPartition",
          "glue:GetPartitions",
          "glue:BatchGetPartition",
        ],
        Resource: resources,
      });
      if (glueCatalog.allowWrite) {
        instanceStatements.push({
          Sid: "WriteGlueCatalog",
          Effect: "Allow",
          Action: [
            "glue:CreateTable",
            "glue:UpdateTable",
            "glue:DeleteTable",
            "glue:CreatePartition",
            "glue:BatchCreatePartition",
            "glue:UpdatePartition",
            "glue:DeletePartition",
            "glue:BatchDeletePartition",
          ],
          Resource: resources,
        });
      }
    }
    const instancePolicy = new IamRolePolicy(this, "instance-role-policy", {
      provider,
      name: "emr-node-access",
      role: instanceRole.id,
      policy: policyJson(policyDocument(...instanceStatements)),
    });
    const dependables: ITerraformDependable[] = [instancePolicy];
    instanceRoleManagedPolicyArns.forEach((arn) => {
      const policyName = isKnown(arn) ? arn.split("/").pop() : undefined;
      ensure(
        !!policyName,
        this,
        "instanceRoleManagedPolicyArns",
        arn,
        "needs a known policy ARN",
        "pass a literal ARN",
      );
      dependables.push(
        new IamRolePolicyAttachment(this, `instance-role-${policyName}`, {
          provider,
          role: instanceRole.name,
          policyArn: arn,
        }),
      );
    });
    const instanceProfile = new IamInstanceProfile(this, "instance-profile", {
      provider,
      name: `${props.name}-emr-instance`,
      role: instanceRole.name,
      tags,
    });

    // ---- IAM: service role -----------------------------------------------------------------------------------
    const serviceRole = new IamRole(this, "service-role", {
      provider,
      name: `${props.name}-emr-service`,
      description: `EMR service role of cluster ${props.name}`,
      // Confused-deputy guard: only EMR acting for this account's clusters in this region.
      assumeRolePolicy: policyJson(
        serviceTrustPolicy(
          "elasticmapreduce.amazonaws.com",
          props.accountId,
          `arn:${partition}:elasticmapreduce:${props.region}:${props.accountId}:*`,
        ),
      ),
      tags,
    });
    dependables.push(
      new IamRolePolicyAttachment(this, "service-role-managed-policy", {
        provider,
        role: serviceRole.name,
        // Scoped v2 policy: acts only on resources tagged for-use-with-amazon-emr-managed-policies=true.
        policyArn: `arn:${partition}:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2`,
      }),
      new IamRolePolicy(this, "service-role-policy", {
        provider,
        name: "emr-cluster-specific",
        role: serviceRole.id,
        policy: policyJson(
          policyDocument(
            {
              // The v2 managed policy only passes the default EMR_EC2_DefaultRole; this cluster has its own.
              Sid: "PassInstanceRole",
              Effect: "Allow",
              Action: "iam:PassRole",
              Resource: instanceRole.arn,
              Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
            },
            {
              // EBS encryption of the nodes' volumes with the cluster key.
              Sid: "UseClusterKeyForEbs",
              Effect: "Allow",
              Action: [
                "kms:Encrypt",
                "kms:Decrypt",
                "kms:ReEncryptFrom",
                "kms:ReEncryptTo",
                "kms:GenerateDataKey",
                "kms:GenerateDataKeyWithoutPlaintext",
                "kms:DescribeKey",
              ],
              Resource: kmsKeyArn,
            },
            {
              Sid: "GrantClusterKeyToEbs",
              Effect: "Allow",
              Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
              Resource: kmsKeyArn,
              Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
            },
          ),
        ),
      }),
    );

    // ---- security configuration ------------------------------------------------------------------------------
    const securityConfiguration = {
      EncryptionConfiguration: {
        EnableAtRestEncryption: true,
        AtRestEncryptionConfiguration: {
          S3EncryptionConfiguration:
            s3EncryptionMode === "SSE-KMS"
              ? { EncryptionMode: "SSE-KMS", AwsKmsKey: kmsKeyArn }
              : { EncryptionMode: "SSE-S3" },
          LocalDiskEncryptionConfiguration: {
            EncryptionKeyProviderType: "AwsKms",
            AwsKmsKey: kmsKeyArn,
            EnableEbsEncryption: true,
          },
        },
        EnableInTransitEncryption: props.inTransitEncryption.mode === "pem-s3",
        ...(props.inTransitEncryption.mode === "pem-s3"
          ? {
              InTransitEncryptionConfiguration: {
                TLSCertificateConfiguration: {
                  CertificateProviderType: "PEM",
                  S3Object: props.inTransitEncryption.certificatesS3Uri,
                },
              },
            }
          : {}),
      },
      ...(requireImdsV2
        ? {
            InstanceMetadataServiceConfiguration: {
              MinimumInstanceMetadataServiceVersion: 2,
              HttpPutResponseHopLimit: imdsHopLimit,
            },
          }
        : {}),
    };
    // The provider stores `configuration` (ForceNew) exactly as DescribeSecurityConfiguration returns it and
    // compares it as a string, without JSON equivalence (internal/service/emr/security_configuration.go). AWS
    // documents no canonical form; the provider's acceptance test applies a pretty-printed document and
    // re-plans clean, so EMR returns what it was sent (not verified against the API here). The module sends one
    // canonical form (keys sorted, no whitespace), so no rewrite of the object above changes the string, and:
    // - the name carries a hash of the content: a new configuration is a new name, which replaces the cluster
    //   through its ForceNew security_configuration argument (no replace_triggered_by, which with termination
    //   protection could only fail), and create_before_destroy retires the old one only after the cluster moved;
    // - ignore_changes on configuration: should EMR echo a rewritten document (provider issue #37526, an added
    //   ExternalId), no plan replaces anything; a real change arrives through the name.
    const configurationJson = canonicalJson(securityConfiguration);
    const secConf = new EmrSecurityConfiguration(this, "security-configuration", {
      provider,
      name: Lazy.stringValue({
        produce: (context) =>
          `${props.name}-security-${shortHash(String(context.resolve(configurationJson)))}`,
      }),
      configuration: configurationJson,
      lifecycle: { createBeforeDestroy: true, ignoreChanges: ["configuration"] },
    });

    if (manageBpa) {
      // No permitted ranges: not even port 22 may be opened to 0.0.0.0/0 in this account and region.
      new EmrBlockPublicAccessConfiguration(this, "block-public-access", {
        provider,
        blockPublicSecurityGroupRules: true,
      });
    }

    // ---- security groups -------------------------------------------------------------------------------------
    // EMR adds the rules it needs (intra-cluster, service access) to EMR-managed groups at launch, so the groups
    // carry no inline rules (that would fight EMR) and revoke all rules on delete (EMR's cross-references would
    // otherwise block deletion). Our own rules are separate resources EMR never touches.
    const sgTags = { ...tags, [EMR_MANAGED_POLICY_TAG]: "true" };
    const sg = (sgId: string, suffix: string, description: string) =>
      new SecurityGroup(this, sgId, {
        provider,
        name: `${props.name}-emr-${suffix}`,
        description,
        vpcId: props.vpcId,
        revokeRulesOnDelete: true,
        tags: { ...sgTags, Name: `${props.name}-emr-${suffix}` },
      });
    const primarySg = sg("sg-primary", "primary", `EMR-managed primary node group of ${props.name}`);
    const coreSg = sg("sg-core", "core", `EMR-managed core/task node group of ${props.name}`);
    const serviceSg = sg("sg-service-access", "service-access", `EMR service access group of ${props.name}`);
    for (const [sgId, group] of [
      ["primary", primarySg],
      ["core", coreSg],
    ] as const) {
      // Outbound egress to S3, KMS, EMR and package endpoints (through NAT or VPC endpoints); inbound stays closed.
      const egress = new VpcSecurityGroupEgressRule(this, `egress-${sgId}`, {
        provider,
        securityGroupId: group.id,
        ipProtocol: "-1",
        cidrIpv4: "0.0.0.0/0",
        description: "Node egress to AWS APIs and repositories",
      });
      acceptWarning(egress, "PP-SG-003", EMR_NODE_EGRESS_REASON);
    }
    for (const cidr of allowedUiCidrs) {
      const slug = cidr.replace(/[./]/g, "-");
      for (const [ui, port] of [
        ["trino-ui", trinoUiPort],
        ["hue-ui", hueUiPort],
      ] as const) {
        new VpcSecurityGroupIngressRule(this, `${ui}-${slug}`, {
          provider,
          securityGroupId: primarySg.id,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: cidr,
          description: `${ui === "trino-ui" ? `Trino UI (${tls ? "HTTPS" : "HTTP"})` : "Hue"} from ${cidr}`,
        });
      }
    }
    this.securityGroupIds = { primary: primarySg.id, core: coreSg.id, serviceAccess: serviceSg.id };

    // ---- configurations --------------------------------------------------------------------------------------
    this.configurations = renderTrinoConfigurations(
      trino,
      release ?? { major: 7, minor: 3, patch: 0 },
      // The literal name keeps the rendered configuration readable; the bucket is in the cluster's dependsOn.
      exchangeBucket && exchangeBucketName
        ? { bucketName: exchangeBucketName, region: props.region }
        : undefined,
    );

    // ---- cluster ---------------------------------------------------------------------------------------------
    const ebs = (volumes: readonly EmrEbsVolume[]) =>
      volumes.map((v) => ({
        size: v.sizeGiB,
        type: v.volumeType ?? "gp3",
        volumesPerInstance: v.volumesPerInstance ?? 1,
        iops: v.iops,
      }));
    const typeConfigs = (configs: readonly EmrInstanceTypeConfig[], fleetVolumes: readonly EmrEbsVolume[]) =>
      configs.map((c) => ({
        instanceType: c.instanceType,
        weightedCapacity: c.weightedCapacity,
        bidPriceAsPercentageOfOnDemandPrice: c.bidPriceAsPercentageOfOnDemandPrice ?? 100,
        ebsConfig: ebs(c.ebsVolumes ?? fleetVolumes),
      }));
    const spotSpecification = [
      {
        allocationStrategy: SPOT_ALLOCATION_STRATEGY,
        timeoutAction: spotTimeoutAction,
        timeoutDurationMinutes: spotTimeoutMinutes,
      },
    ];
    const onDemandSpecification = [{ allocationStrategy: ON_DEMAND_ALLOCATION_STRATEGY }];
    const primarySpot = primary.market === "SPOT";
    const coreSpot = !isKnown(core.targetSpotCapacity) || core.targetSpotCapacity > 0;

    const taskInstanceTypeConfigs = task && typeConfigs(task.instanceTypes, task.ebsVolumes);
    const taskLaunchSpecifications = { spotSpecification, onDemandSpecification };
    // Only target capacities of aws_emr_instance_fleet update in place; every other argument forces a new fleet,
    // but deleting the old one only resizes it to zero (EMR has no API to remove a fleet) and a cluster holds
    // one task fleet ("Each node type has a single instance fleet",
    // https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-instance-group-configuration.html): a new shape
    // can only come with a new cluster. This record of the shape replaces the cluster when it changes (the
    // fleet cannot trigger it itself: it depends on the cluster).
    const taskFleetShape =
      task &&
      new ShapeRecord(this, "task-fleet-shape", {
        shape: canonicalJson({
          name: task.name,
          instanceTypeConfigs: taskInstanceTypeConfigs,
          launchSpecifications: taskLaunchSpecifications,
        }),
      });
    this.cluster = new EmrCluster(this, "cluster", {
      provider,
      name: props.name,
      releaseLabel: props.releaseLabel,
      applications: [...applications],
      serviceRole: serviceRole.arn,
      securityConfiguration: secConf.name,
      logUri: `s3://${logBucket.bucket}/elasticmapreduce/`,
      logEncryptionKmsKeyId: kmsKeyArn,
      keepJobFlowAliveWhenNoSteps: true,
      terminationProtection,
      configurationsJson: JSON.stringify(this.configurations),
      ec2Attributes: {
        instanceProfile: instanceProfile.arn,
        subnetIds,
        emrManagedMasterSecurityGroup: primarySg.id,
        emrManagedSlaveSecurityGroup: coreSg.id,
        serviceAccessSecurityGroup: serviceSg.id,
      },
      masterInstanceFleet: {
        name: "primary",
        targetOnDemandCapacity: primarySpot ? 0 : 1,
        targetSpotCapacity: primarySpot ? 1 : 0,
        instanceTypeConfigs: primary.instanceTypes.map((instanceType) => ({
          instanceType,
          weightedCapacity: 1,
          ebsConfig: ebs(primary.ebsVolumes),
        })),
        launchSpecifications: {
          onDemandSpecification,
          ...(primarySpot ? { spotSpecification } : {}),
        },
      },
      coreInstanceFleet: {
        name: "core",
        targetOnDemandCapacity: core.targetOnDemandCapacity,
        targetSpotCapacity: core.targetSpotCapacity,
        instanceTypeConfigs: typeConfigs(core.instanceTypes, core.ebsVolumes),
        launchSpecifications: {
          onDemandSpecification,
          ...(coreSpot ? { spotSpecification } : {}),
        },
      },
      autoTerminationPolicy:
        props.idleTimeoutSeconds !== undefined ? { idleTimeout: props.idleTimeoutSeconds } : undefined,
      // EMR copies cluster tags to every instance: Name is what the FIS experiment targets.
      tags: clusterTags,
      // EMR validates the roles' permissions at RunJobFlow; attach every policy first.
      dependsOn: exchangeBucket ? [...dependables, exchangeBucket] : dependables,
      lifecycle: {
        // A new task fleet shape needs a new cluster (see taskFleetShape). A plain address: cdktf renders a
        // resource object here as "${...}", which Terraform's JSON syntax rejects.
        ...(taskFleetShape
          ? {
              replaceTriggeredBy: [
                `${taskFleetShape.terraformResourceType}.${taskFleetShape.friendlyUniqueId}`,
              ],
            }
          : {}),
        // Core capacity is ForceNew in the provider: an out-of-band resize would otherwise plan a new cluster.
        ...(ignoreCapacityDrift
          ? {
              ignoreChanges: [
                "core_instance_fleet[0].target_on_demand_capacity",
                "core_instance_fleet[0].target_spot_capacity",
              ],
            }
          : {}),
      },
    });
    this.clusterId = this.cluster.id;
    this.clusterArn = this.cluster.arn;
    this.masterPublicDns = this.cluster.masterPublicDns;
    this.primaryFleetId = this.cluster.masterInstanceFleet.id;
    this.coreFleetId = this.cluster.coreInstanceFleet.id;
    this.serviceRoleArn = serviceRole.arn;
    this.instanceRoleArn = instanceRole.arn;
    this.instanceProfileArn = instanceProfile.arn;
    this.logBucketName = logBucket.bucket;
    this.exchangeBucketName = exchangeBucket?.bucket;
    this.securityConfigurationName = secConf.name;
    this.nameTag = nameTag;

    // ---- task fleet ------------------------------------------------------------------------------------------
    if (task) {
      // Its own resource because target capacities of aws_emr_instance_fleet update in place (ModifyInstanceFleet);
      // any other change replaces the cluster with it (taskFleetShape).
      this.taskFleet = new EmrInstanceFleet(this, "task-fleet", {
        provider,
        clusterId: this.cluster.id,
        name: task.name,
        targetSpotCapacity: task.targetSpotCapacity,
        targetOnDemandCapacity: task.targetOnDemandCapacity,
        instanceTypeConfigs: taskInstanceTypeConfigs!,
        launchSpecifications: taskLaunchSpecifications,
        // Default: config owns capacity, so an out-of-band resize shows as drift and the next apply restores it.
        // Spot interruptions do not count as drift: EMR refills to the unchanged target (provisioned_* only).
        lifecycle: ignoreCapacityDrift
          ? { ignoreChanges: ["target_spot_capacity", "target_on_demand_capacity"] }
          : undefined,
      });
      this.taskFleetId = this.taskFleet.id;
    }

    // ---- replacement guard (lifecycle.ts) ------------------------------------------------------------------------
    this.fingerprintSubject = {
      cluster: this.cluster,
      taskFleet: this.taskFleet,
      ignoredClusterPaths: ignoreCapacityDrift
        ? [
            ["core_instance_fleet", "target_on_demand_capacity"],
            ["core_instance_fleet", "target_spot_capacity"],
          ]
        : [],
    };
    // At synth, on the JSON Terraform gets: what replaces the cluster is only known once tokens resolve. Thrown,
    // not returned (cdktf would wrap a returned message in its generic "Validation failed" text).
    this.node.addValidation({
      validate: () => {
        const [problem] = replacementProblems(
          this,
          this.fingerprintSubject,
          terminationProtection,
          props.deployedFingerprint,
        );
        if (problem) throw new ReplacementRefusedError(problem);
        // Printed at every synth (the project's convention for warnings), so "none" cannot be forgotten quietly.
        if (terminationProtection && props.deployedFingerprint === NOT_DEPLOYED)
          console.warn(
            `[${this.node.path}] deployedFingerprint "${NOT_DEPLOYED}": no cluster is deployed yet, so nothing guards a replacement; ` +
              `once the first apply has created it, record deployedFingerprint: "${this.replacementFingerprint()}"`,
          );
        return [];
      },
    });

    // ---- worker capacity summary -----------------------------------------------------------------------------
    const units = (n: number | undefined) => (n !== undefined && isKnown(n) ? n : 0);
    const coreOd = units(core.targetOnDemandCapacity);
    const coreSp = units(core.targetSpotCapacity);
    const taskOd = units(task?.targetOnDemandCapacity);
    const taskSp = units(task?.targetSpotCapacity);
    const total = coreOd + coreSp + taskOd + taskSp;
    this.workerCapacity = {
      coreOnDemandUnits: coreOd,
      coreSpotUnits: coreSp,
      taskOnDemandUnits: taskOd,
      taskSpotUnits: taskSp,
      spotSharePercent: total === 0 ? 0 : Math.round(((coreSp + taskSp) / total) * 1000) / 10,
    };

    // ---- FIS Spot-interruption experiment --------------------------------------------------------------------
    if (fisEnabled) {
      let stopAlarmArn: string | undefined;
      if (stopCondition.type === "module-alarm") {
        // Core nodes are on-demand HDFS DataNodes; the experiment only targets Spot. A DataNode dropping out means
        // the blast radius left the task fleet (or the exchange spool is at risk): stop. FIS stops an experiment
        // when its alarm is in ALARM (https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html), and a
        // stopped experiment cannot be resumed. Missing data is therefore not breaching: EMR reports every five
        // minutes, a new cluster has no datapoint yet, and one late datapoint would stop (or block) the
        // experiment. With "missing", CloudWatch ignores the gap and evaluates the datapoints it has
        // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data);
        // two periods keep a late datapoint inside the window, and one breaching datapoint still stops.
        const alarm = new CloudwatchMetricAlarm(this, "fis-stop-alarm", {
          provider,
          alarmName: `${props.name}-fis-stop-live-datanodes`,
          alarmDescription: `Stops Spot-interruption experiments on ${props.name} when HDFS DataNodes are lost`,
          namespace: "AWS/ElasticMapReduce",
          metricName: "LiveDataNodes",
          dimensions: { JobFlowId: this.cluster.id },
          statistic: "Minimum",
          period: 300,
          evaluationPeriods: 2,
          datapointsToAlarm: 1,
          threshold: 100,
          comparisonOperator: "LessThanThreshold",
          treatMissingData: "missing",
          tags,
        });
        stopAlarmArn = alarm.arn;
      } else if (stopCondition.type === "existing-alarm") {
        stopAlarmArn = stopCondition.alarmArn;
      }
      this.stopConditionAlarmArn = stopAlarmArn;

      const tagConditions: Record<string, string> = {};
      for (const [k, v] of Object.entries(targetResourceTags)) tagConditions[`aws:ResourceTag/${k}`] = v;
      const fisRole = new IamRole(this, "fis-role", {
        provider,
        name: `${props.name}-fis-spot`,
        description: `FIS role that interrupts the Spot instances of EMR cluster ${props.name}`,
        assumeRolePolicy: policyJson(
          serviceTrustPolicy(
            "fis.amazonaws.com",
            props.accountId,
            `arn:${partition}:fis:${props.region}:${props.accountId}:experiment/*`,
          ),
        ),
        tags,
      });
      const fisPolicy = new IamRolePolicy(this, "fis-role-policy", {
        provider,
        name: "interrupt-cluster-spot-instances",
        role: fisRole.id,
        policy: policyJson(
          policyDocument(
            {
              Sid: "InterruptClusterSpotInstances",
              Effect: "Allow",
              Action: "ec2:SendSpotInstanceInterruptions",
              Resource: `arn:${partition}:ec2:${props.region}:${props.accountId}:instance/*`,
              Condition: { StringEquals: tagConditions },
            },
            {
              // FIS resolves tag targets with DescribeInstances, which has no resource-level permissions.
              Sid: "ResolveTargets",
              Effect: "Allow",
              Action: "ec2:DescribeInstances",
              Resource: "*",
            },
          ),
        ),
      });
      const template = new FisExperimentTemplate(this, "fis-experiment", {
        provider,
        description: `Send Spot interruption notices to running Spot instances of EMR cluster ${props.name}`,
        roleArn: fisRole.arn,
        action: [
          {
            name: "interrupt-spot-instances",
            actionId: "aws:ec2:send-spot-instance-interruptions",
            description: `Spot interruption notice ${noticePeriod} before interruption`,
            parameter: [{ key: "durationBeforeInterruption", value: noticePeriod }],
            target: { key: "SpotInstances", value: "cluster-spot-instances" },
          },
        ],
        target: [
          {
            name: "cluster-spot-instances",
            resourceType: "aws:ec2:spot-instance",
            selectionMode,
            resourceTag: Object.entries(targetResourceTags).map(([key, value]) => ({ key, value })),
            filter: [{ path: "State.Name", values: ["running"] }],
          },
        ],
        stopCondition: stopAlarmArn
          ? [{ source: "aws:cloudwatch:alarm", value: stopAlarmArn }]
          : [{ source: "none" }],
        tags: { ...tags, Name: `${props.name}-spot-interruption` },
        dependsOn: [fisPolicy],
      });
      this.fisExperimentTemplateId = template.id;
      this.fisRoleArn = fisRole.arn;
    }
  }

  /**
   * The fingerprint of everything whose change replaces the cluster (lifecycle.ts), as this synth resolves it:
   * what `deployedFingerprint` records once the cluster is deployed.
   */
  public replacementFingerprint(): string {
    return replacementFingerprint(this.fingerprintSubject);
  }
}
