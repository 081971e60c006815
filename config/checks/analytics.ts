import {
  MIN_FAULT_TOLERANT_RELEASE,
  NOT_DEPLOYED,
  REPLACEMENT_FINGERPRINT,
  TRINO_HTTP_PORT,
  TRINO_HTTPS_PORT,
  parseEmrRelease,
  supportsFaultTolerance,
  trinoUiPortFor,
  usesCompressionCodec,
} from "@multicloud-platform/modules/trino-emr";
import { isNetworkAddress, networkOf, parseCidr } from "../cidr";
import { Problems, referenceFix } from "../problems";
import { AnalyticsConfig, EnvironmentConfig } from "../schema";
import { checkAccountRef } from "./base";
import { own } from "../lookup";

/** EMR accepts up to 30 instance types per fleet (API); fewer than 10 leaves Spot without enough pools. */
const TASK_TYPES_MIN = 10;
const TASK_TYPES_MAX = 30;
const SPOT_TIMEOUT_MINUTES = [5, 1440] as const;
const IDLE_TIMEOUT_SECONDS = [60, 604800] as const;
/** The cluster name prefixes bucket and role names; the module allows 32 characters. */
const CLUSTER_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const TRINO_DURATION = /^\d+(\.\d+)?(ns|us|ms|s|m|h|d)$/;
const TRINO_DATA_SIZE = /^\d+(\.\d+)?(B|kB|MB|GB|TB|PB)$/;
/** Tag the module puts on the cluster (AmazonEMRServicePolicy_v2 scoping); usable as an FIS target tag too. */
const EMR_MANAGED_POLICY_TAG = "for-use-with-amazon-emr-managed-policies";

type InstanceTypeConfig = AnalyticsConfig["coreFleet"]["instanceTypes"][number];

/** The `analytics` section on its own: release, fleet shapes, Spot rules, Trino settings, FIS. */
export function checkAnalytics(cfg: EnvironmentConfig, p: Problems): void {
  const a = cfg.analytics;
  if (!a) return;
  checkRelease(a, p);
  checkFleets(cfg, a, p);
  checkTrino(a, p);
  checkSecurity(a, p);
  checkUiIntents(cfg, a, p);
  checkExperiment(cfg, a, p);
}

/** The `analytics` section's name and references into network and accounts (a check of its own, so a broken
 * network section does not hide the section's other problems). */
export function checkAnalyticsReferences(cfg: EnvironmentConfig, p: Problems): void {
  if (cfg.analytics) checkReferences(cfg, cfg.analytics, p);
}

/**
 * The Trino UI port follows in-transit encryption (EMR serves HTTPS on 8446 and turns HTTP 8889 off), and so must
 * the intents that open it: an intent to the cluster's tier that opens the port Trino does not serve, and not the
 * one it does, is a flow that cannot work.
 */
function checkUiIntents(cfg: EnvironmentConfig, a: AnalyticsConfig, p: Problems): void {
  const mode = a.inTransitEncryption.type;
  const served = a.trinoUiPort ?? trinoUiPortFor(mode);
  const closed = mode === "pem-s3" ? TRINO_HTTP_PORT : TRINO_HTTPS_PORT;
  if (served === closed) return; // reported by checkSecurity
  const covers = (ports: IntentPorts, port: number) =>
    ports.some((x) => (typeof x === "number" ? x === port : x.from <= port && port <= x.to));
  const tlsText = mode === "pem-s3" ? "with in-transit encryption on" : "without in-transit encryption";
  for (const [name, intent] of Object.entries(cfg.intents ?? {})) {
    if (intent.to !== `${a.vpc}/${a.subnetTier}`) continue;
    if (covers(intent.ports, closed) && !covers(intent.ports, served))
      p.add(
        `intents.${name}.ports`,
        intent.ports,
        `opens ${closed} to the Trino cluster, but ${tlsText} Trino's UI listens on ${served} (${mode === "pem-s3" ? "HTTPS; EMR turns HTTP off" : "HTTP"})`,
        `open ${served} instead of ${closed}`,
      );
  }
}

type IntentPorts = NonNullable<EnvironmentConfig["intents"]>[string]["ports"];

/** The cluster's full name as the stack builds it. */
export function analyticsClusterName(cfg: EnvironmentConfig, a: AnalyticsConfig): string {
  return `${cfg.name}-${a.name}`;
}

function checkReferences(cfg: EnvironmentConfig, a: AnalyticsConfig, p: Problems): void {
  const clusterName = analyticsClusterName(cfg, a);
  if (!CLUSTER_NAME.test(clusterName)) {
    p.add(
      "analytics.name",
      a.name,
      `gives the cluster name "${clusterName}", longer than 32 characters (it prefixes bucket and role names)`,
      "use a shorter name (the environment name is prepended)",
    );
  }
  const accountOk = checkAccountRef(cfg, a.account, "analytics.account", p);
  const vpc = own(cfg.network.vpcs, a.vpc);
  if (!vpc) {
    p.add(
      "analytics.vpc",
      a.vpc,
      "is not a known VPC",
      referenceFix("VPCs", "network.vpcs", a.vpc, Object.keys(cfg.network.vpcs)),
    );
    return;
  }
  if (accountOk && vpc.account !== a.account) {
    p.add(
      "analytics.account",
      a.account,
      `is not the account of network.vpcs.${a.vpc} (${vpc.account}); an EMR cluster runs in its own account's VPC`,
      `set analytics.account to "${vpc.account}" or pick a VPC of account "${a.account}"`,
    );
  }
  const tier = own(vpc.subnets, a.subnetTier);
  if (!tier) {
    p.add(
      "analytics.subnetTier",
      a.subnetTier,
      `is not a subnet tier of network.vpcs.${a.vpc}`,
      referenceFix("subnet tiers", `network.vpcs.${a.vpc}.subnets`, a.subnetTier, Object.keys(vpc.subnets)),
    );
    return;
  }
  if (a.subnetTier === "public") {
    p.add(
      "analytics.subnetTier",
      a.subnetTier,
      "places the cluster in public subnets",
      'use "private" (the nodes egress through NAT or endpoints; the UIs are reached from allowedUiCidrs)',
    );
  }
  if (!vpc.emrSubnetTiers.includes(a.subnetTier)) {
    p.add(
      "analytics.subnetTier",
      a.subnetTier,
      `is not in network.vpcs.${a.vpc}.emrSubnetTiers, so its subnets lack the tag for-use-with-amazon-emr-managed-policies=true and AmazonEMRServicePolicy_v2 cannot launch the cluster there`,
      `add "${a.subnetTier}" to network.vpcs.${a.vpc}.emrSubnetTiers`,
    );
  }
  const azs = Object.keys(tier);
  if (azs.length < 2) {
    p.add(
      "analytics.subnetTier",
      a.subnetTier,
      `spans ${azs.length} AZ (${azs.join(", ") || "none"}) in network.vpcs.${a.vpc}; EMR needs subnets in several AZs to find capacity (Spot above all)`,
      `add a ${a.subnetTier} subnet in another AZ of network.vpcs.${a.vpc}, or use a tier that spans at least 2 AZs`,
    );
  }
}

function spotTaskNodes(a: AnalyticsConfig): boolean {
  return !!a.taskFleet && a.taskFleet.targetSpotCapacity > 0;
}

function checkRelease(a: AnalyticsConfig, p: Problems): void {
  const release = parseEmrRelease(a.releaseLabel);
  if (!release) {
    p.add(
      "analytics.releaseLabel",
      a.releaseLabel,
      "is not an EMR release label",
      'write it as emr-X.Y.Z, e.g. "emr-7.5.0"',
    );
    return;
  }
  if (!supportsFaultTolerance(release)) {
    if (spotTaskNodes(a)) {
      p.add(
        "analytics.releaseLabel",
        a.releaseLabel,
        `is below ${MIN_FAULT_TOLERANT_RELEASE}: Spot task nodes need Trino fault-tolerant execution (trino-exchange-manager)`,
        `use ${MIN_FAULT_TOLERANT_RELEASE} or later (a current 7.x release such as emr-7.5.0), or remove the Spot task fleet`,
      );
    } else if (a.trino.retryPolicy !== "NONE") {
      p.add(
        "analytics.releaseLabel",
        a.releaseLabel,
        `is below ${MIN_FAULT_TOLERANT_RELEASE}: retry policy ${a.trino.retryPolicy} needs the trino-exchange-manager classification`,
        `use ${MIN_FAULT_TOLERANT_RELEASE} or later`,
      );
    }
  }
  if (a.trino.exchangeCompressionCodec !== undefined && !usesCompressionCodec(release)) {
    p.add(
      "analytics.trino.exchangeCompressionCodec",
      a.trino.exchangeCompressionCodec,
      "needs Trino 437+, shipped from emr-7.3.0; older releases only switch exchange compression on or off",
      "remove exchangeCompressionCodec or use emr-7.3.0 or later",
    );
  }
  if (!a.applications.includes("Trino")) {
    p.add("analytics.applications", a.applications, "does not include Trino", 'add "Trino"');
  }
  if (
    a.trino.retryPolicy !== "NONE" &&
    a.trino.exchangeManager.type === "hdfs" &&
    !a.applications.includes("Hadoop")
  ) {
    p.add(
      "analytics.applications",
      a.applications,
      "lacks Hadoop, but the exchange manager spools to HDFS",
      'add "Hadoop" or use trino.exchangeManager { type: "s3" }',
    );
  }
}

function checkInstanceTypes(
  at: string,
  types: readonly InstanceTypeConfig[],
  p: Problems,
  countRange?: readonly [number, number],
): void {
  if (countRange && (types.length < countRange[0] || types.length > countRange[1])) {
    p.add(
      at,
      types.map((t) => t.instanceType),
      `lists ${types.length} instance types; a Spot task fleet needs ${countRange[0]} to ${countRange[1]} (diversification keeps Spot capacity available; EMR accepts at most 30)`,
      types.length < countRange[0]
        ? `add instance types of similar size (same vCPU count, e.g. m5/m5a/m5d/m6i/m6a/r5/r5a/r6i of one size) until there are ${countRange[0]}`
        : `remove instance types until there are at most ${countRange[1]}`,
    );
  }
  const seen = new Map<string, number>();
  types.forEach((t, i) => {
    const first = seen.get(t.instanceType);
    if (first !== undefined) {
      p.add(
        `${at}[${i}].instanceType`,
        t.instanceType,
        `repeats ${at}[${first}]`,
        "list each instance type once",
      );
    } else seen.set(t.instanceType, i);
    if (!INSTANCE_TYPE.test(t.instanceType)) {
      p.add(
        `${at}[${i}].instanceType`,
        t.instanceType,
        "is not an EC2 instance type",
        'use the family.size form, e.g. "m5.4xlarge"',
      );
    }
    if (!Number.isInteger(t.weightedCapacity) || t.weightedCapacity <= 0) {
      p.add(
        `${at}[${i}].weightedCapacity`,
        t.weightedCapacity,
        "must be a positive whole number of capacity units",
        "use the instance type's vCPU count (e.g. 16 for a 4xlarge)",
      );
    }
    const bid = t.bidPriceAsPercentageOfOnDemandPrice;
    if (bid !== undefined && (!Number.isInteger(bid) || bid < 1 || bid > 100)) {
      p.add(
        `${at}[${i}].bidPriceAsPercentageOfOnDemandPrice`,
        bid,
        "must be a whole percentage from 1 to 100",
        "omit it (100 % of on-demand) or lower it to cap the Spot price",
      );
    }
  });
}

function checkCapacity(at: string, value: number, min: number, p: Problems): void {
  if (!Number.isInteger(value) || value < min || value > 100000) {
    p.add(
      at,
      value,
      `must be a whole number of capacity units from ${min} to 100000`,
      "count capacity in vCPU units, like the instance types' weightedCapacity",
    );
  }
}

function checkFleets(cfg: EnvironmentConfig, a: AnalyticsConfig, p: Problems): void {
  const dev = cfg.stage === "dev";
  const primarySeen = new Set<string>();
  a.primaryFleet.instanceTypes.forEach((t, i) => {
    if (primarySeen.has(t))
      p.add(
        `analytics.primaryFleet.instanceTypes[${i}]`,
        t,
        "repeats an instance type",
        "list each instance type once",
      );
    primarySeen.add(t);
    if (!INSTANCE_TYPE.test(t))
      p.add(
        `analytics.primaryFleet.instanceTypes[${i}]`,
        t,
        "is not an EC2 instance type",
        'use the family.size form, e.g. "m5.xlarge"',
      );
  });

  checkInstanceTypes("analytics.coreFleet.instanceTypes", a.coreFleet.instanceTypes, p);
  checkCapacity("analytics.coreFleet.targetOnDemandCapacity", a.coreFleet.targetOnDemandCapacity, 1, p);
  checkCapacity("analytics.coreFleet.targetSpotCapacity", a.coreFleet.targetSpotCapacity, 0, p);

  // Spot on the primary (coordinator) or core (HDFS, exchange spool) fleet loses the cluster or its spool.
  const spotPrimaryOrCore: Array<[string, unknown, string]> = [];
  if (a.primaryFleet.market === "SPOT")
    spotPrimaryOrCore.push([
      "analytics.primaryFleet.market",
      a.primaryFleet.market,
      "the primary node (Trino coordinator) on Spot",
    ]);
  if (a.coreFleet.targetSpotCapacity > 0)
    spotPrimaryOrCore.push([
      "analytics.coreFleet.targetSpotCapacity",
      a.coreFleet.targetSpotCapacity,
      "core nodes (HDFS and the exchange spool) on Spot",
    ]);
  for (const [at, value, what] of spotPrimaryOrCore) {
    if (!dev) {
      p.add(
        at,
        value,
        `puts ${what} in a ${cfg.stage} environment: one interruption loses the cluster or its spooled data`,
        'use ON_DEMAND primary and core capacity outside dev (targetSpotCapacity 0, market "ON_DEMAND"); put Spot capacity on the task fleet',
      );
    } else if (!a.allowSpotForPrimaryAndCore) {
      p.add(
        at,
        value,
        `puts ${what} without allowSpotForPrimaryAndCore`,
        "set analytics.allowSpotForPrimaryAndCore: true to accept it for this dev cluster",
      );
    }
  }
  if (a.allowSpotForPrimaryAndCore && !dev) {
    p.add(
      "analytics.allowSpotForPrimaryAndCore",
      true,
      `is a dev-only opt-out (stage is ${cfg.stage})`,
      "remove it; primary and core fleets stay on-demand outside dev",
    );
  }

  const t = a.taskFleet;
  if (!t) return;
  checkInstanceTypes("analytics.taskFleet.instanceTypes", t.instanceTypes, p, [
    TASK_TYPES_MIN,
    TASK_TYPES_MAX,
  ]);
  checkCapacity("analytics.taskFleet.targetSpotCapacity", t.targetSpotCapacity, 0, p);
  checkCapacity("analytics.taskFleet.targetOnDemandCapacity", t.targetOnDemandCapacity, 0, p);
  const [lo, hi] = SPOT_TIMEOUT_MINUTES;
  if (!Number.isInteger(t.spotTimeoutMinutes) || t.spotTimeoutMinutes < lo || t.spotTimeoutMinutes > hi) {
    p.add(
      "analytics.taskFleet.spotTimeoutMinutes",
      t.spotTimeoutMinutes,
      `must be a whole number of minutes from ${lo} to ${hi} (EMR's Spot provisioning timeout)`,
      "use e.g. 10 (EMR's console default) and a spotTimeoutAction",
    );
  }
  if (t.ebsSizeGiB !== undefined) checkEbs("analytics.taskFleet.ebsSizeGiB", t.ebsSizeGiB, p);
  if (a.coreFleet.ebsSizeGiB !== undefined)
    checkEbs("analytics.coreFleet.ebsSizeGiB", a.coreFleet.ebsSizeGiB, p);
  if (a.primaryFleet.ebsSizeGiB !== undefined)
    checkEbs("analytics.primaryFleet.ebsSizeGiB", a.primaryFleet.ebsSizeGiB, p);
}

function checkEbs(at: string, size: number, p: Problems): void {
  if (!Number.isInteger(size) || size < 1 || size > 16384)
    p.add(at, size, "must be a whole number of GiB from 1 to 16384", "use e.g. 128");
}

function checkTrino(a: AnalyticsConfig, p: Problems): void {
  const t = a.trino;
  if (t.retryPolicy === "NONE" && spotTaskNodes(a)) {
    p.add(
      "analytics.trino.retryPolicy",
      t.retryPolicy,
      "turns fault-tolerant execution off while Spot task nodes are configured: every query on an interrupted node fails",
      'set retryPolicy "TASK" (batch) or "QUERY" (short queries), or remove the Spot task fleet',
    );
  }
  for (const key of ["lowMemoryKillerDelay", "remoteTaskMaxErrorDuration"] as const) {
    if (!TRINO_DURATION.test(t[key]))
      p.add(
        `analytics.trino.${key}`,
        t[key],
        "is not a Trino duration",
        'write a number and a unit (ns, us, ms, s, m, h, d), e.g. "0s" or "1m"',
      );
  }
  if (
    t.faultTolerantExecutionTaskMemory !== undefined &&
    !TRINO_DATA_SIZE.test(t.faultTolerantExecutionTaskMemory)
  ) {
    p.add(
      "analytics.trino.faultTolerantExecutionTaskMemory",
      t.faultTolerantExecutionTaskMemory,
      "is not a Trino data size",
      'write a number and a unit (B, kB, MB, GB, TB, PB), e.g. "5GB"',
    );
  }
  const em = t.exchangeManager;
  if (em.type === "hdfs" && !/^\/[A-Za-z0-9._/-]*$/.test(em.baseDirectory)) {
    p.add(
      "analytics.trino.exchangeManager.baseDirectory",
      em.baseDirectory,
      "is not an absolute HDFS path",
      'use e.g. "/exchange"',
    );
  }
  if (
    em.type === "s3" &&
    (!Number.isInteger(em.spoolExpirationDays) || em.spoolExpirationDays < 1 || em.spoolExpirationDays > 365)
  ) {
    p.add(
      "analytics.trino.exchangeManager.spoolExpirationDays",
      em.spoolExpirationDays,
      "must be 1 to 365 days",
      "use 1: Trino removes the spool of finished queries itself",
    );
  }
  const dbs = t.connectors.glueCatalog?.databaseNames ?? [];
  if (new Set(dbs).size !== dbs.length) {
    p.add(
      "analytics.trino.connectors.glueCatalog.databaseNames",
      dbs,
      "lists a database more than once",
      "list each Glue database once",
    );
  }
}

function checkSecurity(a: AnalyticsConfig, p: Problems): void {
  const seen = new Set<string>();
  a.allowedUiCidrs.forEach((text, i) => {
    const at = `analytics.allowedUiCidrs[${i}]`;
    const c = parseCidr(text);
    if (!c) {
      p.add(at, text, "is not an IPv4 CIDR", "write it as a.b.c.d/n, e.g. 10.0.0.0/16");
      return;
    }
    if (!isNetworkAddress(c)) {
      p.add(
        at,
        text,
        "has host bits set (it is not a network address)",
        `use the network address ${networkOf(c)}`,
      );
      return;
    }
    if (c.prefix === 0) {
      p.add(
        at,
        text,
        "opens the Trino UI and Hue to the internet",
        "list the VPN/office/VPC CIDRs that need the UIs",
      );
    }
    if (seen.has(text)) p.add(at, text, "is listed twice", "list each CIDR once");
    seen.add(text);
  });
  for (const key of ["trinoUiPort", "hueUiPort"] as const) {
    const port = a[key];
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535))
      p.add(`analytics.${key}`, port, "is not a TCP port", "use 1-65535");
  }
  if (
    a.deployedFingerprint !== undefined &&
    a.deployedFingerprint !== NOT_DEPLOYED &&
    !REPLACEMENT_FINGERPRINT.test(a.deployedFingerprint)
  )
    p.add(
      "analytics.deployedFingerprint",
      a.deployedFingerprint,
      `is not a replacement fingerprint ("cluster:<8 hex> references:<8 hex> task-fleet:<8 hex|none>") or "${NOT_DEPLOYED}" (no cluster deployed yet)`,
      "copy the value synth prints (remove the setting, and synth names the current fingerprint)",
    );
  if (a.inTransitEncryption.type === "pem-s3" && a.trinoUiPort === TRINO_HTTP_PORT)
    p.add(
      "analytics.trinoUiPort",
      a.trinoUiPort,
      `is Trino's HTTP port, which EMR turns off with in-transit encryption (the UI is HTTPS on ${TRINO_HTTPS_PORT})`,
      `remove trinoUiPort (it follows in-transit encryption) or set ${TRINO_HTTPS_PORT}`,
    );
  if (a.inTransitEncryption.type === "pem-s3") {
    const uri = a.inTransitEncryption.certificatesS3Uri;
    if (!/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+\.zip$/.test(uri)) {
      p.add(
        "analytics.inTransitEncryption.certificatesS3Uri",
        uri,
        "is not an s3://bucket/key.zip URI",
        "upload privateKey.pem, certificateChain.pem and trustedCertificates.pem as a zip and give its s3:// URI",
      );
    }
  }
  const [lo, hi] = IDLE_TIMEOUT_SECONDS;
  const idle = a.idleTimeoutSeconds;
  if (idle !== undefined && (!Number.isInteger(idle) || idle < lo || idle > hi)) {
    p.add(
      "analytics.idleTimeoutSeconds",
      idle,
      `must be ${lo} to ${hi} seconds (EMR auto-termination)`,
      "use e.g. 3600 (one idle hour)",
    );
  }
  if (!Number.isInteger(a.logRetentionDays) || a.logRetentionDays < 1 || a.logRetentionDays > 3650) {
    p.add("analytics.logRetentionDays", a.logRetentionDays, "must be 1 to 3650 days", "use e.g. 90");
  }
  a.instanceRoleManagedPolicyArns.forEach((arn, i) => {
    if (!/^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/.+$/.test(arn))
      p.add(
        `analytics.instanceRoleManagedPolicyArns[${i}]`,
        arn,
        "is not an IAM managed policy ARN",
        "use arn:aws:iam::<account>:policy/<name>",
      );
  });
}

function checkExperiment(cfg: EnvironmentConfig, a: AnalyticsConfig, p: Problems): void {
  const x = a.spotInterruptionExperiment;
  if (!x.enabled || !spotTaskNodes(a)) return;
  const at = "analytics.spotInterruptionExperiment";
  if (!/^(ALL|COUNT\([1-9]\d*\)|PERCENT\(([1-9]\d?|100)\))$/.test(x.selectionMode)) {
    p.add(
      `${at}.selectionMode`,
      x.selectionMode,
      "is not an FIS selection mode",
      'use "ALL", "COUNT(n)" with n >= 1 or "PERCENT(n)" with n from 1 to 100',
    );
  }
  const notice = /^PT(\d+)M$/.exec(x.durationBeforeInterruption);
  const minutes = notice ? Number(notice[1]) : 0;
  if (minutes < 2 || minutes > 15) {
    p.add(
      `${at}.durationBeforeInterruption`,
      x.durationBeforeInterruption,
      "must be an ISO-8601 duration from PT2M to PT15M",
      'use "PT2M", the notice a real Spot interruption gives',
    );
  }
  if (x.targetResourceTags !== undefined) {
    const entries = Object.entries(x.targetResourceTags);
    if (entries.length === 0) {
      p.add(
        `${at}.targetResourceTags`,
        x.targetResourceTags,
        "is empty: an FIS template without a tag filter interrupts every running Spot instance in the account and region",
        "remove targetResourceTags (the default targets the cluster's Name tag) or list tags the cluster's instances carry",
      );
    }
    const clusterTags: Record<string, string> = {
      ...a.tags,
      Name: analyticsClusterName(cfg, a),
      [EMR_MANAGED_POLICY_TAG]: "true",
    };
    for (const [k, v] of entries) {
      if (clusterTags[k] !== v) {
        p.add(
          `${at}.targetResourceTags.${k}`,
          v,
          "is not a tag of the cluster (EMR propagates the cluster's tags to its instances, so only those select them)",
          `use a tag from analytics.tags, or Name = "${analyticsClusterName(cfg, a)}"`,
        );
      }
    }
  }
  const stop = x.stopCondition;
  if (stop.type === "none" && cfg.stage !== "dev") {
    p.add(
      `${at}.stopCondition`,
      stop,
      `is none in a ${cfg.stage} environment: nothing halts an experiment that harms more than the Spot task nodes`,
      'use { type: "module-alarm" } (halts when an HDFS DataNode drops out) or { type: "existing-alarm", alarmArn }',
    );
  }
  if (
    stop.type === "existing-alarm" &&
    !/^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:.+$/.test(stop.alarmArn)
  ) {
    p.add(
      `${at}.stopCondition.alarmArn`,
      stop.alarmArn,
      "is not a CloudWatch alarm ARN",
      "use arn:aws:cloudwatch:<region>:<account>:alarm:<name>",
    );
  }
}
