import { ConfigError, loadEnvironments, validateEnvironment } from "../../config";
import staging from "../../config/environments/staging";
import { devCopy, rejectionOf } from "../helpers/environments";

type Env = ReturnType<typeof devCopy>;

const problemsOf = (base: () => Env, file: string, mutate: (e: Env) => void): ConfigError =>
  rejectionOf(mutate, base, file);

const DEV = "config/environments/dev.ts";
const STAGING = "config/environments/staging.ts";
const stagingCopy = (): Env => structuredClone(staging);

/** Twelve distinct 2xlarge types of the dev sample, trimmed or padded by a case. */
const taskTypes = (e: Env) => e.analytics.taskFleet.instanceTypes;

/**
 * One broken config per rule of config/checks/analytics.ts: [rule, base, how to break it, path named, message].
 * Every case also checks the message names the file and carries a fix.
 */
const CASES: Array<[string, "dev" | "staging", (e: Env) => void, string, RegExp]> = [
  [
    "a deployed fingerprint that is not one",
    "staging",
    (e) => (e.analytics.deployedFingerprint = "a6a8cbc7"),
    "analytics.deployedFingerprint",
    /is not a replacement fingerprint \("cluster:<8 hex> references:<8 hex> task-fleet:<8 hex\|none>"\)/,
  ],
  [
    "Trino UI port 8889 with in-transit encryption (EMR serves only HTTPS 8446 then)",
    "staging",
    (e) => (e.analytics.trinoUiPort = 8889),
    "analytics.trinoUiPort",
    /is Trino's HTTP port, which EMR turns off with in-transit encryption \(the UI is HTTPS on 8446\)/,
  ],
  [
    "an operators' intent still opening HTTP 8889 to a TLS cluster",
    "staging",
    (e) => (e.intents["operators-trino-ui"].ports = [{ from: 8888, to: 8889 }]),
    "intents.operators-trino-ui.ports",
    /opens 8889 to the Trino cluster, but with in-transit encryption on Trino's UI listens on 8446[\s\S]*fix: open 8446 instead of 8889/,
  ],
  [
    "an intent opening HTTPS 8446 to a cluster without in-transit encryption",
    "dev",
    (e) => (e.intents["operators-trino-ui"].ports = [8446, 8888]),
    "intents.operators-trino-ui.ports",
    /opens 8446 to the Trino cluster, but without in-transit encryption Trino's UI listens on 8889/,
  ],
  [
    "release below 6.9.0 with Spot task nodes",
    "dev",
    (e) => (e.analytics.releaseLabel = "emr-6.8.0"),
    "analytics.releaseLabel",
    /below emr-6\.9\.0: Spot task nodes need Trino fault-tolerant execution[\s\S]*fix: use emr-6\.9\.0 or later/,
  ],
  [
    "malformed release label",
    "dev",
    (e) => (e.analytics.releaseLabel = "7.5.0"),
    "analytics.releaseLabel",
    /not an EMR release label/,
  ],
  [
    "fewer than 10 task instance types",
    "dev",
    (e) => taskTypes(e).splice(9),
    "analytics.taskFleet.instanceTypes",
    /lists 9 instance types; a Spot task fleet needs 10 to 30[\s\S]*fix: add instance types of similar size/,
  ],
  [
    "more than 30 task instance types",
    "dev",
    (e) => {
      const families = [
        "c5",
        "c5a",
        "c5d",
        "c5n",
        "c6i",
        "c6a",
        "c6id",
        "c6in",
        "m5dn",
        "m6in",
        "r5n",
        "r5dn",
      ];
      for (const f of families) taskTypes(e).push({ instanceType: `${f}.2xlarge`, weightedCapacity: 8 });
      for (const f of ["r6a", "r6id", "r6in", "m7i", "m7a", "r7i", "r7a"])
        taskTypes(e).push({ instanceType: `${f}.2xlarge`, weightedCapacity: 8 });
    },
    "analytics.taskFleet.instanceTypes",
    /lists 31 instance types[\s\S]*fix: remove instance types until there are at most 30/,
  ],
  [
    "duplicate task instance type",
    "dev",
    (e) => (taskTypes(e)[11].instanceType = taskTypes(e)[0].instanceType),
    "analytics.taskFleet.instanceTypes[11].instanceType",
    /repeats analytics\.taskFleet\.instanceTypes\[0\][\s\S]*fix: list each instance type once/,
  ],
  [
    "primary fleet on Spot outside dev",
    "staging",
    (e) => (e.analytics.primaryFleet.market = "SPOT"),
    "analytics.primaryFleet.market",
    /primary node \(Trino coordinator\) on Spot in a staging environment/,
  ],
  [
    "core fleet on Spot outside dev",
    "staging",
    (e) => (e.analytics.coreFleet.targetSpotCapacity = 16),
    "analytics.coreFleet.targetSpotCapacity",
    /core nodes \(HDFS and the exchange spool\) on Spot in a staging environment/,
  ],
  [
    "the dev-only Spot opt-out outside dev",
    "staging",
    (e) => (e.analytics.allowSpotForPrimaryAndCore = true),
    "analytics.allowSpotForPrimaryAndCore",
    /dev-only opt-out \(stage is staging\)/,
  ],
  [
    "core fleet on Spot in dev without the explicit opt-out",
    "dev",
    (e) => (e.analytics.coreFleet.targetSpotCapacity = 8),
    "analytics.coreFleet.targetSpotCapacity",
    /without allowSpotForPrimaryAndCore[\s\S]*fix: set analytics\.allowSpotForPrimaryAndCore: true/,
  ],
  [
    "retry policy NONE with Spot task nodes",
    "dev",
    (e) => (e.analytics.trino.retryPolicy = "NONE"),
    "analytics.trino.retryPolicy",
    /turns fault-tolerant execution off while Spot task nodes are configured/,
  ],
  [
    "zero weighted capacity",
    "dev",
    (e) => (taskTypes(e)[3].weightedCapacity = 0),
    "analytics.taskFleet.instanceTypes[3].weightedCapacity",
    /must be a positive whole number of capacity units[\s\S]*fix: use the instance type's vCPU count/,
  ],
  [
    "negative weighted capacity on the core fleet",
    "dev",
    (e) => (e.analytics.coreFleet.instanceTypes[0].weightedCapacity = -8),
    "analytics.coreFleet.instanceTypes[0].weightedCapacity",
    /must be a positive whole number/,
  ],
  [
    "Spot timeout below 5 minutes",
    "dev",
    (e) => (e.analytics.taskFleet.spotTimeoutMinutes = 4),
    "analytics.taskFleet.spotTimeoutMinutes",
    /from 5 to 1440/,
  ],
  [
    "Spot timeout above 1440 minutes",
    "dev",
    (e) => (e.analytics.taskFleet.spotTimeoutMinutes = 1441),
    "analytics.taskFleet.spotTimeoutMinutes",
    /from 5 to 1440/,
  ],
  [
    "FIS template without a tag filter",
    "dev",
    (e) => (e.analytics.spotInterruptionExperiment.targetResourceTags = {}),
    "analytics.spotInterruptionExperiment.targetResourceTags",
    /without a tag filter interrupts every running Spot instance in the account and region/,
  ],
  [
    "FIS target tag the cluster does not carry",
    "dev",
    (e) => (e.analytics.spotInterruptionExperiment.targetResourceTags = { Name: "other-cluster" }),
    "analytics.spotInterruptionExperiment.targetResourceTags.Name",
    /not a tag of the cluster[\s\S]*Name = "dev-trino"/,
  ],
  [
    "FIS selection mode",
    "dev",
    (e) => (e.analytics.spotInterruptionExperiment.selectionMode = "PERCENT(150)"),
    "analytics.spotInterruptionExperiment.selectionMode",
    /not an FIS selection mode/,
  ],
  [
    "FIS notice period",
    "dev",
    (e) => (e.analytics.spotInterruptionExperiment.durationBeforeInterruption = "PT1M"),
    "analytics.spotInterruptionExperiment.durationBeforeInterruption",
    /from PT2M to PT15M/,
  ],
  [
    "FIS without a stop condition outside dev",
    "staging",
    (e) => (e.analytics.spotInterruptionExperiment.stopCondition = { type: "none" }),
    "analytics.spotInterruptionExperiment.stopCondition",
    /is none in a staging environment/,
  ],
  [
    "unknown account",
    "dev",
    (e) => (e.analytics.account = "analytic"),
    "analytics.account",
    /not a known account[\s\S]*did you mean "analytics"/,
  ],
  [
    "account that does not own the VPC",
    "dev",
    (e) => (e.analytics.account = "ml"),
    "analytics.account",
    /not the account of network\.vpcs\.analytics \(analytics\)/,
  ],
  [
    "unknown VPC",
    "dev",
    (e) => (e.analytics.vpc = "analytic"),
    "analytics.vpc",
    /not a known VPC[\s\S]*did you mean "analytics"/,
  ],
  [
    "subnet tier missing in the VPC",
    "dev",
    (e) => (e.analytics.subnetTier = "privat"),
    "analytics.subnetTier",
    /not a subnet tier of network\.vpcs\.analytics[\s\S]*did you mean "private"/,
  ],
  [
    "subnet tier in one AZ only",
    "dev",
    (e) => {
      e.network.vpcs.analytics.subnets.emr = { "us-east-1a": "10.40.128.0/20" };
      e.network.vpcs.analytics.emrSubnetTiers = ["private", "emr"];
      e.analytics.subnetTier = "emr";
    },
    "analytics.subnetTier",
    /spans 1 AZ \(us-east-1a\)[\s\S]*fix: add a emr subnet in another AZ/,
  ],
  [
    "subnet tier not tagged for the EMR managed policies",
    "dev",
    (e) => (e.network.vpcs.analytics.emrSubnetTiers = []),
    "analytics.subnetTier",
    /not in network\.vpcs\.analytics\.emrSubnetTiers/,
  ],
  [
    "UI open to the internet",
    "dev",
    (e) => e.analytics.allowedUiCidrs.push("0.0.0.0/0"),
    "analytics.allowedUiCidrs[1]",
    /opens the Trino UI and Hue to the internet/,
  ],
  [
    "UI CIDR with host bits",
    "dev",
    (e) => (e.analytics.allowedUiCidrs = ["10.0.0.1/16"]),
    "analytics.allowedUiCidrs[0]",
    /host bits set/,
  ],
  [
    "idle timeout out of range",
    "dev",
    (e) => (e.analytics.idleTimeoutSeconds = 30),
    "analytics.idleTimeoutSeconds",
    /60 to 604800 seconds/,
  ],
  [
    "in-transit certificates not a zip on S3",
    "staging",
    (e) => (e.analytics.inTransitEncryption.certificatesS3Uri = "https://example.com/certs.zip"),
    "analytics.inTransitEncryption.certificatesS3Uri",
    /not an s3:\/\/bucket\/key\.zip URI/,
  ],
  [
    "codec on a release before 7.3.0",
    "dev",
    (e) => {
      e.analytics.releaseLabel = "emr-7.1.0";
      e.analytics.trino.exchangeCompressionCodec = "ZSTD";
    },
    "analytics.trino.exchangeCompressionCodec",
    /needs Trino 437\+, shipped from emr-7\.3\.0/,
  ],
  [
    "malformed Trino duration",
    "dev",
    (e) => (e.analytics.trino.remoteTaskMaxErrorDuration = "1 minute"),
    "analytics.trino.remoteTaskMaxErrorDuration",
    /not a Trino duration/,
  ],
  [
    "HDFS exchange without Hadoop",
    "dev",
    (e) => (e.analytics.applications = ["Hue", "Trino"]),
    "analytics.applications",
    /lacks Hadoop, but the exchange manager spools to HDFS/,
  ],
  [
    "cluster name too long",
    "dev",
    (e) => (e.analytics.name = "trino-for-the-analytics-team-xyz"),
    "analytics.name",
    /longer than 32 characters/,
  ],
];

describe("broken analytics configs are rejected with the path, the problem and a fix", () => {
  test.each(CASES)("%s", (_rule, base, mutate, path, message) => {
    const file = base === "dev" ? DEV : STAGING;
    const err = problemsOf(base === "dev" ? devCopy : stagingCopy, file, mutate);
    const hit = err.problems.find((p) => p.path === path);
    expect({ paths: err.problems.map((p) => p.path), found: !!hit }).toEqual(
      expect.objectContaining({ found: true }),
    );
    const line = `${file}: ${path}`;
    expect(err.message).toContain(line);
    expect(`${hit!.message}\n      fix: ${hit!.fix}`).toMatch(message);
    expect(hit!.fix.length).toBeGreaterThan(0);
  });

  test("an unknown key in the section is a schema error with a suggestion", () => {
    const err = problemsOf(devCopy, DEV, (e) => (e.analytics.taskFleet.spotTimeoutMinute = 10));
    expect(err.message).toMatch(
      /analytics\.taskFleet\.spotTimeoutMinute: is not a known setting[\s\S]*did you mean "spotTimeoutMinutes"/,
    );
  });

  test("in-transit encryption is an explicit choice: omitting it is an error", () => {
    const err = problemsOf(devCopy, DEV, (e) => delete e.analytics.inTransitEncryption);
    expect(err.problems.map((p) => p.path)).toContain("analytics.inTransitEncryption");
  });

  test("every problem of one file is reported at once", () => {
    const err = problemsOf(devCopy, DEV, (e) => {
      e.analytics.releaseLabel = "emr-6.8.0";
      e.analytics.taskFleet.spotTimeoutMinutes = 2;
      e.analytics.spotInterruptionExperiment.targetResourceTags = {};
    });
    expect(err.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining([
        "analytics.releaseLabel",
        "analytics.taskFleet.spotTimeoutMinutes",
        "analytics.spotInterruptionExperiment.targetResourceTags",
      ]),
    );
  });

  test("dev may run Spot primary/core and skip the FIS stop condition, explicitly", () => {
    const env = devCopy();
    env.analytics.allowSpotForPrimaryAndCore = true;
    env.analytics.coreFleet.targetSpotCapacity = 8;
    env.analytics.spotInterruptionExperiment.stopCondition = { type: "none" };
    expect(() => validateEnvironment(env, DEV)).not.toThrow();
  });

  test('a protected cluster not deployed yet states it: deployedFingerprint "none" passes the checks', () => {
    const env = stagingCopy();
    env.analytics.deployedFingerprint = "none";
    expect(() => validateEnvironment(env, STAGING)).not.toThrow();
  });
});

describe("sample analytics sections", () => {
  test.each(["dev", "staging", "prod"])(
    "%s: current 7.x release, on-demand primary/core, Spot tasks",
    (name) => {
      const [cfg] = loadEnvironments([name]);
      const a = cfg.analytics!;
      expect(a.releaseLabel).toMatch(/^emr-7\.\d+\.\d+$/);
      expect(a.primaryFleet.market).toBe("ON_DEMAND");
      expect(a.coreFleet.targetSpotCapacity).toBe(0);
      expect(a.taskFleet!.instanceTypes.length).toBeGreaterThanOrEqual(10);
      expect(a.taskFleet!.instanceTypes.length).toBeLessThanOrEqual(15);
      // Similar size: one weight (vCPU count) for every task type.
      expect(new Set(a.taskFleet!.instanceTypes.map((t) => t.weightedCapacity)).size).toBe(1);
      expect(a.trino.retryPolicy).toBe("TASK");
      expect(a.trino.connectors.tpcds).toBe(true);
      expect(a.allowedUiCidrs).not.toContain("0.0.0.0/0");
      expect(a.manageAccountBlockPublicAccess).toBe(true);
    },
  );

  test("dev auto-terminates and skips TLS explicitly; staging/prod encrypt in transit and keep running", () => {
    const [dev, stg, prod] = loadEnvironments(["dev", "staging", "prod"]);
    expect(dev.analytics!.idleTimeoutSeconds).toBe(3600);
    expect(dev.analytics!.inTransitEncryption.type).toBe("disabled");
    for (const cfg of [stg, prod]) {
      expect(cfg.analytics!.idleTimeoutSeconds).toBeUndefined();
      expect(cfg.analytics!.inTransitEncryption.type).toBe("pem-s3");
      expect(cfg.analytics!.spotInterruptionExperiment.stopCondition.type).toBe("module-alarm");
    }
    expect(prod.analytics!.trino.exchangeManager.type).toBe("s3");
    expect(prod.analytics!.taskFleet!.targetSpotCapacity).toBeGreaterThan(
      dev.analytics!.taskFleet!.targetSpotCapacity,
    );
  });
});
