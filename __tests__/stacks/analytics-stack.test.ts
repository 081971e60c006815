import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { EnvironmentConfig, loadEnvironments } from "../../config";
import { StackModel, evaluateModel } from "@multicloud-platform/modules/guardrails";
import { EMR_NODE_EGRESS_REASON } from "@multicloud-platform/modules/trino-emr";
import { synthesizeApp } from "../../stacks";
import { AnalyticsStack } from "../../stacks/analytics-stack";
import { EMR_SUBNET_TAG, NetworkStack } from "../../stacks/network-stack";
import { resourcesOf, synthEnvironment } from "../helpers/synth";

const ENVS = ["dev", "staging", "prod"] as const;
const synthed = Object.fromEntries(ENVS.map((e) => [e, synthEnvironment(e)]));
const stackOf = (e: string) => synthed[e].json[`${e}-analytics`];
const cfgOf = (e: string) => synthed[e].env.analytics!;

/**
 * The network and analytics stacks of one environment as `cdktf synth` writes them: cross-stack references
 * become outputs + terraform_remote_state and aspects (prevent_destroy outside dev) run only at app.synth().
 * Only these two stacks, so work in progress on other components cannot break this file.
 */
function written(
  name: string,
  mutate: (env: EnvironmentConfig) => EnvironmentConfig = (e) => e,
): { analytics: any; network: any } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "analytics-written-"));
  try {
    const app = new App({ outdir: out });
    const env = mutate(loadEnvironments([name])[0]);
    new AnalyticsStack(app, env, new NetworkStack(app, env));
    app.synth();
    const read = (id: string) =>
      JSON.parse(fs.readFileSync(path.join(out, "stacks", id, "cdk.tf.json"), "utf8"));
    return { analytics: read(`${name}-analytics`), network: read(`${name}-network`) };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** The only resource of `type` in the stack (the analytics stack holds one cluster). */
function one(stack: any, type: string): any {
  const all = Object.values<any>(stack.resource?.[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0];
}
const all = (stack: any, type: string): any[] => Object.values<any>(stack.resource?.[type] ?? {});
const addressOf = (stack: any, type: string) => `${type}.${Object.keys(stack.resource[type])[0]}`;

describe.each(ENVS)("%s-analytics", (env) => {
  const stack = stackOf(env);
  const cfg = cfgOf(env);
  const cluster = one(stack, "aws_emr_cluster");
  const task = one(stack, "aws_emr_instance_fleet");

  test("lives in the analytics account, region of the analytics VPC, through its deploy role", () => {
    const providers = stack.provider.aws;
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({
      alias: "analytics-us-east-1",
      region: "us-east-1",
      allowed_account_ids: [synthed[env].env.accounts.analytics.id],
    });
    expect(providers[0].assume_role[0].role_arn).toBe(
      `arn:aws:iam::${synthed[env].env.accounts.analytics.id}:role/TerraformDeploy`,
    );
    // terraform_data (the task fleet's shape record) belongs to Terraform's builtin provider: no account.
    for (const [type, , r] of resourcesOf(stack))
      expect(r.provider).toBe(type === "terraform_data" ? undefined : "aws.analytics-us-east-1");
  });

  test("cluster: release from config, Hadoop + Hue + Trino, security configuration, subnets of every AZ", () => {
    expect(cluster).toMatchObject({
      name: `${env}-trino`,
      release_label: cfg.releaseLabel,
      applications: ["Hadoop", "Hue", "Trino"],
      security_configuration: `\${${addressOf(stack, "aws_emr_security_configuration")}.name}`,
    });
    const azs = synthed[env].env.network.vpcs.analytics.azs;
    const subnets: string[] = cluster.ec2_attributes.subnet_ids;
    expect(subnets).toHaveLength(azs.length);
    azs.forEach((az, i) =>
      // A cross-stack input: the subnet id is read from <env>-network's remote state output.
      expect(subnets[i]).toMatch(
        new RegExp(
          `^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${env}-network\\.outputs\\.cross-stack-output-aws_subnetvpc-analytics_subnet-private-${az}_`,
        ),
      ),
    );
    expect(cluster.tags).toMatchObject({ Name: `${env}-trino`, [EMR_SUBNET_TAG]: "true" });
  });

  test("primary: one on-demand instance; core: on-demand units from config", () => {
    const primary = cluster.master_instance_fleet;
    expect(primary).toMatchObject({ target_on_demand_capacity: 1, target_spot_capacity: 0 });
    expect(primary.instance_type_configs.map((c: any) => c.instance_type)).toEqual(
      cfg.primaryFleet.instanceTypes,
    );
    expect(primary.launch_specifications).toEqual({
      on_demand_specification: [{ allocation_strategy: "lowest-price" }],
    });
    const core = cluster.core_instance_fleet;
    expect(core).toMatchObject({
      target_on_demand_capacity: cfg.coreFleet.targetOnDemandCapacity,
      target_spot_capacity: 0,
    });
    expect(core.launch_specifications.spot_specification).toBeUndefined();
    expect(core.instance_type_configs.map((c: any) => [c.instance_type, c.weighted_capacity])).toEqual(
      cfg.coreFleet.instanceTypes.map((t) => [t.instanceType, t.weightedCapacity]),
    );
  });

  test("task fleet: a separate Spot fleet, 10-15 types weighted by vCPU, price-capacity-optimized, timeout", () => {
    const t = cfg.taskFleet!;
    expect(task.cluster_id).toBe(`\${${addressOf(stack, "aws_emr_cluster")}.id}`);
    expect(task).toMatchObject({
      target_spot_capacity: t.targetSpotCapacity,
      target_on_demand_capacity: 0,
    });
    const types = task.instance_type_configs;
    expect(types.length).toBeGreaterThanOrEqual(10);
    expect(types.length).toBeLessThanOrEqual(15);
    expect(new Set(types.map((c: any) => c.instance_type)).size).toBe(types.length);
    const size = types[0].instance_type.split(".")[1];
    const vcpus = { "2xlarge": 8, "4xlarge": 16 }[size as "2xlarge" | "4xlarge"];
    for (const c of types) {
      expect(c.instance_type.split(".")[1]).toBe(size);
      expect(c.weighted_capacity).toBe(vcpus);
    }
    expect(task.launch_specifications.spot_specification).toEqual([
      {
        allocation_strategy: "price-capacity-optimized",
        timeout_action: t.spotTimeoutAction,
        timeout_duration_minutes: t.spotTimeoutMinutes,
      },
    ]);
    expect(task.lifecycle?.ignore_changes).toBeUndefined();
  });

  test("Trino configuration classifications: TASK retries, exchange manager, compression, tpcds", () => {
    const classes = JSON.parse(cluster.configurations_json) as Array<{
      Classification: string;
      Properties: Record<string, string>;
    }>;
    const by = Object.fromEntries(classes.map((c) => [c.Classification, c.Properties]));
    expect(Object.keys(by)).toEqual(["trino-config", "trino-exchange-manager", "trino-connector-tpcds"]);
    expect(by["trino-config"]).toEqual({
      "retry-policy": "TASK",
      "exchange.compression-codec": "LZ4",
      "query.low-memory-killer.delay": "0s",
      "query.remote-task.max-error-duration": "1m",
    });
    expect(by["trino-connector-tpcds"]).toEqual({ "connector.name": "tpcds" });
    if (env === "prod") {
      const exchange = all(stack, "aws_s3_bucket").find((b: any) => b.bucket.includes("trino-exchange"));
      expect(by["trino-exchange-manager"]).toEqual({
        "exchange.base-directories": `s3://${exchange.bucket}`,
        "exchange.s3.region": "us-east-1",
      });
    } else {
      expect(by["trino-exchange-manager"]).toEqual({
        "exchange.base-directories": "/exchange",
        "exchange.use-local-hdfs": "true",
      });
    }
  });

  test("security configuration: KMS at rest incl. local disks and EBS, in-transit per config, IMDSv2", () => {
    const sc = JSON.parse(one(stack, "aws_emr_security_configuration").configuration);
    const key = `\${${addressOf(stack, "aws_kms_key")}.arn}`;
    expect(sc.EncryptionConfiguration.EnableAtRestEncryption).toBe(true);
    expect(sc.EncryptionConfiguration.AtRestEncryptionConfiguration).toEqual({
      S3EncryptionConfiguration: { EncryptionMode: "SSE-KMS", AwsKmsKey: key },
      LocalDiskEncryptionConfiguration: {
        EncryptionKeyProviderType: "AwsKms",
        AwsKmsKey: key,
        EnableEbsEncryption: true,
      },
    });
    const it = cfg.inTransitEncryption;
    expect(sc.EncryptionConfiguration.EnableInTransitEncryption).toBe(it.type === "pem-s3");
    if (it.type === "pem-s3") {
      expect(sc.EncryptionConfiguration.InTransitEncryptionConfiguration.TLSCertificateConfiguration).toEqual(
        {
          CertificateProviderType: "PEM",
          S3Object: it.certificatesS3Uri,
        },
      );
    }
    expect(sc.InstanceMetadataServiceConfiguration).toEqual({
      MinimumInstanceMetadataServiceVersion: 2,
      HttpPutResponseHopLimit: 1,
    });
  });

  test("owns the account/region EMR block public access, so PP-EMR-002 passes without suppression", () => {
    expect(one(stack, "aws_emr_block_public_access_configuration")).toMatchObject({
      block_public_security_group_rules: true,
      provider: cluster.provider,
    });
    expect(synthed[env].env.policy.suppressions.filter((s) => s.stack === "analytics")).toEqual([]);
    const report = evaluateModel(new StackModel(stack), { environment: synthed[env].env.stage });
    // Only the nodes' all-protocol egress, a warning accepted next to each rule with its reason.
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(
      report.findings.map((f) => [f.ruleId, f.path, f.suppressedBy?.source, f.suppressedBy?.reason]),
    ).toEqual(
      ["core", "primary"].map((g) => [
        "PP-SG-003",
        `${env}-analytics/trino/egress-${g}`,
        "resource",
        EMR_NODE_EGRESS_REASON,
      ]),
    );
  });

  test("S3 access logs of the log bucket go to the stack's SSE-S3 log bucket of the same account and region", () => {
    const accountId = synthed[env].env.accounts[cfgOf(env).account].id;
    const region = synthed[env].env.network.vpcs[cfgOf(env).vpc].region;
    const logBuckets = Object.entries(stack.resource.aws_s3_bucket as Record<string, any>).filter(([, b]) =>
      String(b.bucket).includes("-access-logs-"),
    );
    expect(logBuckets.map(([, b]) => b.bucket)).toEqual([
      `${env}-analytics-access-logs-${accountId}-${region}`,
    ]);
    const [logId] = logBuckets[0];
    const logging = Object.values(stack.resource.aws_s3_bucket_logging as Record<string, any>);
    expect(logging.length).toBeGreaterThan(0);
    for (const l of logging) expect(l.target_bucket).toBe(`\${aws_s3_bucket.${logId}.bucket}`);
    const sse = Object.values(
      stack.resource.aws_s3_bucket_server_side_encryption_configuration as Record<string, any>,
    )
      .filter((c) => c.bucket === `\${aws_s3_bucket.${logId}.id}`)
      .map((c) => c.rule[0].apply_server_side_encryption_by_default.sse_algorithm);
    expect(sse).toEqual(["AES256"]);
  });

  test("Trino UI (HTTPS 8446 with in-transit encryption, else HTTP 8889) and Hue only from the configured CIDRs, never the internet", () => {
    const ingress = all(stack, "aws_vpc_security_group_ingress_rule");
    const trino = cfg.inTransitEncryption.type === "pem-s3" ? 8446 : 8889;
    expect(ingress.map((r) => [r.cidr_ipv4, r.from_port]).sort()).toEqual(
      cfg.allowedUiCidrs
        .flatMap((c) => [
          [c, 8888],
          [c, trino],
        ])
        .sort(),
    );
    for (const r of ingress) expect(r.cidr_ipv4).not.toMatch(/\/0$/);
  });

  test("FIS: Spot interruption notices PT2M to running Spot instances with the cluster's Name tag", () => {
    const t = one(stack, "aws_fis_experiment_template");
    expect(t.action).toEqual([
      {
        name: "interrupt-spot-instances",
        action_id: "aws:ec2:send-spot-instance-interruptions",
        description: "Spot interruption notice PT2M before interruption",
        parameter: [{ key: "durationBeforeInterruption", value: "PT2M" }],
        target: { key: "SpotInstances", value: "cluster-spot-instances" },
      },
    ]);
    expect(t.target).toEqual([
      {
        name: "cluster-spot-instances",
        resource_type: "aws:ec2:spot-instance",
        selection_mode: cfg.spotInterruptionExperiment.selectionMode,
        resource_tag: [{ key: "Name", value: `${env}-trino` }],
        filter: [{ path: "State.Name", values: ["running"] }],
      },
    ]);
    expect(t.stop_condition).toEqual([
      { source: "aws:cloudwatch:alarm", value: `\${${addressOf(stack, "aws_cloudwatch_metric_alarm")}.arn}` },
    ]);
    const fisRole = all(stack, "aws_iam_role").find((r) => r.name === `${env}-trino-fis-spot`);
    expect(JSON.parse(fisRole.assume_role_policy).Statement[0].Principal).toEqual({
      Service: "fis.amazonaws.com",
    });
    const policy = all(stack, "aws_iam_role_policy").find(
      (p) => p.name === "interrupt-cluster-spot-instances",
    );
    const interrupt = JSON.parse(policy.policy).Statement.find(
      (s: any) => s.Sid === "InterruptClusterSpotInstances",
    );
    expect(interrupt).toMatchObject({
      Action: "ec2:SendSpotInstanceInterruptions",
      Condition: { StringEquals: { "aws:ResourceTag/Name": `${env}-trino` } },
    });
  });
});

describe("per-stage protection", () => {
  test("dev: idle auto-termination, no termination protection, buckets may be emptied by destroy", () => {
    const s = stackOf("dev");
    const c = one(s, "aws_emr_cluster");
    expect(c.auto_termination_policy).toEqual({ idle_timeout: 3600 });
    expect(c.termination_protection).toBe(false);
    for (const b of all(s, "aws_s3_bucket")) expect(b.force_destroy).toBe(true);
  });

  test.each(["staging", "prod"])(
    "%s: termination protection, no auto-termination, prevent_destroy on buckets and key",
    (env) => {
      const s = written(env).analytics;
      const c = one(s, "aws_emr_cluster");
      expect(c.termination_protection).toBe(true);
      expect(c.auto_termination_policy).toBeUndefined();
      for (const b of [...all(s, "aws_s3_bucket"), ...all(s, "aws_kms_key")]) {
        expect(b.force_destroy ?? false).toBe(false);
        expect(b.lifecycle?.prevent_destroy).toBe(true);
      }
    },
  );
});

describe("Spot share of worker capacity", () => {
  test.each([
    ["dev", 8, 16, 66.7],
    ["staging", 32, 64, 66.7],
    ["prod", 48, 128, 72.7],
  ])("%s: core %d on-demand units, task %d Spot units = %d %% Spot", (env, core, taskUnits, share) => {
    expect(synthed[env].stacks.analytics!.trino.workerCapacity).toEqual({
      coreOnDemandUnits: core,
      coreSpotUnits: 0,
      taskOnDemandUnits: 0,
      taskSpotUnits: taskUnits,
      spotSharePercent: share,
    });
  });
});

/** Every JSON path where a and b differ. */
function diffPaths(a: unknown, b: unknown, at = ""): string[] {
  if (a === b) return [];
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    return [...keys].flatMap((k) =>
      diffPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], at ? `${at}.${k}` : k),
    );
  }
  return [at];
}

describe("scaling the Spot task fleet is a config change that does not replace the cluster", () => {
  const withTaskUnits = (units: number) => (env: EnvironmentConfig) => ({
    ...env,
    analytics: { ...env.analytics!, taskFleet: { ...env.analytics!.taskFleet!, targetSpotCapacity: units } },
  });
  // dev task types weigh 8 units (8 vCPUs): 4 nodes = 32 units, 8 nodes = 64 units.
  const four = synthEnvironment("dev", {}, withTaskUnits(32)).json["dev-analytics"];
  const eight = synthEnvironment("dev", {}, withTaskUnits(64)).json["dev-analytics"];

  test("only the task fleet's target_spot_capacity differs; the cluster JSON is identical", () => {
    const fleet = Object.keys(four.resource.aws_emr_instance_fleet)[0];
    expect(diffPaths(four, eight)).toEqual([`resource.aws_emr_instance_fleet.${fleet}.target_spot_capacity`]);
    expect(four.resource.aws_emr_instance_fleet[fleet].target_spot_capacity).toBe(32);
    expect(eight.resource.aws_emr_instance_fleet[fleet].target_spot_capacity).toBe(64);
    expect(JSON.stringify(eight.resource.aws_emr_cluster)).toBe(
      JSON.stringify(four.resource.aws_emr_cluster),
    );
  });
});

describe("cross-stack inputs from the network stack", () => {
  const { analytics, network } = written("dev");

  test("the VPC id and the private subnets are read from dev-network's remote state", () => {
    const remote = Object.values<any>(analytics.data.terraform_remote_state);
    expect(remote).toHaveLength(1);
    expect(remote[0].backend).toBe("local");
    expect(remote[0].config.path).toMatch(/dev-network\.tfstate$/);
    const c = one(analytics, "aws_emr_cluster");
    for (const s of c.ec2_attributes.subnet_ids) expect(s).toMatch(/^\$\{data\.terraform_remote_state\./);
    for (const sg of all(analytics, "aws_security_group"))
      expect(sg.vpc_id).toMatch(/^\$\{data\.terraform_remote_state\./);
    expect(Object.keys(network.output ?? {}).length).toBeGreaterThanOrEqual(3);
  });

  test("the network stack tags the analytics private subnets for the EMR managed policies", () => {
    const privateSubnets = Object.values<any>(network.resource.aws_subnet).filter((s) =>
      String(s["//"].metadata.path).startsWith("dev-network/vpc-analytics/subnet-private-"),
    );
    expect(privateSubnets).toHaveLength(2);
    for (const s of privateSubnets) expect(s.tags[EMR_SUBNET_TAG]).toBe("true");
  });
});

describe("a protected cluster is never replaced by an apply (deployedFingerprint)", () => {
  const analytics = (over: Partial<EnvironmentConfig["analytics"] & object>) => (env: EnvironmentConfig) => ({
    ...env,
    analytics: { ...env.analytics!, ...over },
  });

  test.each(["staging", "prod"])(
    "%s: protected, and the recorded fingerprint is the synthesized cluster's",
    (name) => {
      const a = cfgOf(name);
      const trino = synthed[name].stacks.analytics!.trino;
      expect(a.terminationProtection ?? true).toBe(true);
      expect(a.deployedFingerprint).toBe(trino.replacementFingerprint());
      expect(() => written(name)).not.toThrow();
    },
  );

  test("staging: a change that replaces the cluster stops synth with the two-step procedure", () => {
    expect(() => written("staging", analytics({ releaseLabel: "emr-7.6.0" }))).toThrow(
      /^staging-analytics\/trino: invalid deployedFingerprint = "cluster:[0-9a-f]{8} .*": this change replaces the termination-protected cluster[\s\S]*Fix: replace it in two applies: 1\) set terminationProtection: false/,
    );
  });

  test("synth reports the refusal as a config problem of analytics.deployedFingerprint, and writes nothing", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "analytics-refused-"));
    const reports: string[] = [];
    const code = synthesizeApp(
      (app) => {
        const env = analytics({ releaseLabel: "emr-7.6.0" })(loadEnvironments(["staging"])[0]);
        new AnalyticsStack(app, env, new NetworkStack(app, env));
      },
      { outdir, report: (t) => reports.push(t) },
    );
    expect(code).toBe(1);
    expect(reports[0]).toMatch(
      /^1 problem in config\/environments\/staging\.ts:\n {2}- config\/environments\/staging\.ts: analytics\.deployedFingerprint = "cluster:[0-9a-f]{8} [^"]*": this change replaces the termination-protected cluster[\s\S]*fix: replace it in two applies/,
    );
    expect(fs.readdirSync(outdir)).toEqual([]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test("staging: changing the task fleet's types is refused too (a new task fleet needs a new cluster)", () => {
    const types = cfgOf("staging").taskFleet!.instanceTypes.map((t, i) =>
      i === 0 ? { ...t, instanceType: "m7i.4xlarge" } : t,
    );
    const taskFleet = { ...cfgOf("staging").taskFleet!, instanceTypes: types };
    expect(() => written("staging", analytics({ taskFleet }))).toThrow(
      /changed: the task fleet's instance types, weights, EBS volumes or launch specifications/,
    );
  });

  test("staging: scaling the Spot task fleet stays an in-place change and passes", () => {
    const taskFleet = { ...cfgOf("staging").taskFleet!, targetSpotCapacity: 128 };
    expect(() => written("staging", analytics({ taskFleet }))).not.toThrow();
  });
});

describe.each(ENVS)(
  "%s-analytics: what EMR echoes back matches what is sent (no replace-on-no-change)",
  (env) => {
    const c = () => one(stackOf(env), "aws_emr_cluster");

    test("configurations_json: capitalized keys, Properties everywhere, string values, no empty Configurations (provider #41988, #7101)", () => {
      const configs = JSON.parse(c().configurations_json) as Array<Record<string, unknown>>;
      expect(configs.length).toBeGreaterThan(0);
      for (const k of configs) {
        expect(Object.keys(k).sort()).toEqual(["Classification", "Properties"]);
        expect(typeof k.Classification).toBe("string");
        for (const v of Object.values(k.Properties as object)) expect(typeof v).toBe("string");
      }
    });

    test("fleets spell out what the API fills in: weights, bid percentages, EBS volumes per instance (provider #19931)", () => {
      const fleets = [
        c().master_instance_fleet,
        c().core_instance_fleet,
        one(stackOf(env), "aws_emr_instance_fleet"),
      ];
      for (const fleet of fleets)
        for (const t of fleet.instance_type_configs) {
          expect(t.weighted_capacity).toEqual(expect.any(Number));
          for (const ebs of t.ebs_config) expect(ebs.volumes_per_instance).toBe(1);
        }
      for (const fleet of fleets.slice(1))
        for (const t of fleet.instance_type_configs)
          expect(t.bid_price_as_percentage_of_on_demand_price).toBe(100);
    });
  },
);
