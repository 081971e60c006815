import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { EmrBlockPublicAccessConfiguration } from "@cdktf/provider-aws/lib/emr-block-public-access-configuration";
import { EmrCluster } from "@cdktf/provider-aws/lib/emr-cluster";
import { EmrInstanceFleet } from "@cdktf/provider-aws/lib/emr-instance-fleet";
import { FisExperimentTemplate } from "@cdktf/provider-aws/lib/fis-experiment-template";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { TerraformStack, Testing } from "cdktf";
import { PolicyDocument, canonicalJson, findWildcards } from "@multicloud-platform/modules/core";
import {
  TrinoEmrCluster,
  TrinoEmrClusterProps,
  parseEmrRelease,
  releaseAtLeast,
  EMR_NODE_EGRESS_REASON,
  NOT_DEPLOYED,
  REPLACEMENT_FINGERPRINT,
  changedParts,
} from "@multicloud-platform/modules/trino-emr";

type Json = Record<string, any>;

const TASK_FAMILIES = ["m5", "m5a", "m5d", "m6i", "m6a", "m6id", "r5", "r5a", "r5d", "r6i", "c5", "c6i"];

function baseProps(overrides: Partial<TrinoEmrClusterProps> = {}): TrinoEmrClusterProps {
  return {
    name: "analytics-trino",
    releaseLabel: "emr-7.5.0",
    accountId: "111122223333",
    region: "eu-west-1",
    vpcId: "vpc-0abc1234",
    subnetIds: { "eu-west-1a": "subnet-0aaa", "eu-west-1b": "subnet-0bbb", "eu-west-1c": "subnet-0ccc" },
    allowedUiCidrs: ["10.0.0.0/16", "192.168.10.0/24"],
    primaryFleet: { instanceTypes: ["m5.xlarge", "m5a.xlarge", "m6i.xlarge"] },
    coreFleet: {
      instanceTypes: [
        { instanceType: "m5.2xlarge", weightedCapacity: 8 },
        { instanceType: "m5a.2xlarge", weightedCapacity: 8 },
      ],
      targetOnDemandCapacity: 8,
    },
    taskFleet: {
      instanceTypes: TASK_FAMILIES.map((f) => ({ instanceType: `${f}.4xlarge`, weightedCapacity: 16 })),
      targetSpotCapacity: 64,
    },
    trino: { connectors: { tpcds: true } },
    inTransitEncryption: { mode: "disabled" },
    idleTimeoutSeconds: 3600,
    tags: { Environment: "dev" },
    ...overrides,
  };
}

function build(props: TrinoEmrClusterProps): { stack: TerraformStack; trino: TrinoEmrCluster } {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const trino = new TrinoEmrCluster(stack, "trino", props);
  return { stack, trino };
}

function synth(props: TrinoEmrClusterProps): { synthed: string; json: Json; trino: TrinoEmrCluster } {
  const { stack, trino } = build(props);
  const synthed = Testing.synth(stack);
  return { synthed, json: JSON.parse(synthed), trino };
}

function resources(json: Json, type: string): Json[] {
  return Object.values(json.resource?.[type] ?? {}) as Json[];
}

function one(json: Json, type: string): Json {
  const all = resources(json, type);
  expect(all).toHaveLength(1);
  return all[0];
}

function rolePolicy(json: Json, name: string): PolicyDocument {
  const p = resources(json, "aws_iam_role_policy").find((r) => r.name === name);
  expect(p).toBeDefined();
  return JSON.parse(p!.policy);
}

function role(json: Json, name: string): Json {
  const r = resources(json, "aws_iam_role").find((x) => x.name === name);
  expect(r).toBeDefined();
  return r!;
}

describe("TrinoEmrCluster: sample cluster with HDFS exchange and a Spot task fleet", () => {
  let synthed: string;
  let json: Json;
  let trino: TrinoEmrCluster;
  beforeAll(() => ({ synthed, json, trino } = synth(baseProps())));

  test("cluster: release, applications, roles, logs, auto-termination, tags", () => {
    expect(synthed).toHaveResourceWithProperties(EmrCluster, {
      name: "analytics-trino",
      release_label: "emr-7.5.0",
      applications: ["Hadoop", "Hue", "Trino"],
      keep_job_flow_alive_when_no_steps: true,
      termination_protection: false,
      auto_termination_policy: { idle_timeout: 3600 },
      tags: {
        Environment: "dev",
        Name: "analytics-trino",
        "for-use-with-amazon-emr-managed-policies": "true",
      },
    });
    const cluster = one(json, "aws_emr_cluster");
    expect(cluster.log_uri).toMatch(
      /^s3:\/\/\$\{aws_s3_bucket\.trino_log-bucket_[0-9A-F]+\.bucket\}\/elasticmapreduce\/$/,
    );
    expect(cluster.service_role).toMatch(/aws_iam_role\.trino_service-role_.*\.arn/);
    expect(cluster.security_configuration).toMatch(/aws_emr_security_configuration\..*\.name/);
    expect(cluster.log_encryption_kms_key_id).toMatch(/aws_kms_key\..*\.arn/);
    expect(cluster.ec2_attributes.subnet_ids).toEqual(["subnet-0aaa", "subnet-0bbb", "subnet-0ccc"]);
    expect(cluster.ec2_attributes.instance_profile).toMatch(/aws_iam_instance_profile\..*\.arn/);
    expect(cluster.ec2_attributes.emr_managed_master_security_group).toMatch(
      /aws_security_group\.trino_sg-primary_/,
    );
    expect(cluster.ec2_attributes.emr_managed_slave_security_group).toMatch(
      /aws_security_group\.trino_sg-core_/,
    );
    expect(cluster.ec2_attributes.service_access_security_group).toMatch(
      /aws_security_group\.trino_sg-service-access_/,
    );
    // A new task fleet shape replaces the cluster (a cluster holds one task fleet); a new security configuration
    // does through its content-hashed name (no replace_triggered_by on it); capacity drift is not ignored.
    expect(cluster.lifecycle).toEqual({
      replace_triggered_by: [expect.stringMatching(/^terraform_data\.trino_task-fleet-shape_[0-9A-F]+$/)],
    });
    expect(
      cluster.depends_on.some((d: string) =>
        d.startsWith("aws_iam_role_policy_attachment.trino_service-role"),
      ),
    ).toBe(true);
  });

  test("primary fleet: one on-demand instance, lowest-price on-demand allocation", () => {
    const fleet = one(json, "aws_emr_cluster").master_instance_fleet;
    expect(fleet.target_on_demand_capacity).toBe(1);
    expect(fleet.target_spot_capacity).toBe(0);
    expect(fleet.instance_type_configs.map((c: Json) => c.instance_type)).toEqual([
      "m5.xlarge",
      "m5a.xlarge",
      "m6i.xlarge",
    ]);
    expect(fleet.launch_specifications).toEqual({
      on_demand_specification: [{ allocation_strategy: "lowest-price" }],
    });
  });

  test("core fleet: on-demand units with weighted types and HDFS EBS", () => {
    const fleet = one(json, "aws_emr_cluster").core_instance_fleet;
    expect(fleet.target_on_demand_capacity).toBe(8);
    expect(fleet.target_spot_capacity).toBe(0);
    expect(fleet.instance_type_configs[0]).toEqual({
      instance_type: "m5.2xlarge",
      weighted_capacity: 8,
      bid_price_as_percentage_of_on_demand_price: 100,
      ebs_config: [{ size: 256, type: "gp3", volumes_per_instance: 1 }],
    });
    expect(fleet.launch_specifications.spot_specification).toBeUndefined();
  });

  test("task fleet is a separate resource on Spot with price-capacity-optimized and a provisioning timeout", () => {
    const fleet = one(json, "aws_emr_instance_fleet");
    expect(fleet.cluster_id).toMatch(/aws_emr_cluster\.trino_cluster_.*\.id/);
    expect(fleet.name).toBe("task-spot");
    expect(fleet.target_spot_capacity).toBe(64);
    expect(fleet.target_on_demand_capacity).toBe(0);
    expect(fleet.instance_type_configs).toHaveLength(12);
    expect(new Set(fleet.instance_type_configs.map((c: Json) => c.weighted_capacity))).toEqual(new Set([16]));
    expect(fleet.launch_specifications).toEqual({
      spot_specification: [
        {
          allocation_strategy: "price-capacity-optimized",
          timeout_action: "SWITCH_TO_ON_DEMAND",
          timeout_duration_minutes: 10,
        },
      ],
      on_demand_specification: [{ allocation_strategy: "lowest-price" }],
    });
    expect(fleet.lifecycle).toBeUndefined();
  });

  test("configurations_json: trino-config, HDFS exchange manager, tpcds connector", () => {
    const expected = [
      {
        Classification: "trino-config",
        Properties: {
          "retry-policy": "TASK",
          "exchange.compression-codec": "LZ4",
          "query.low-memory-killer.delay": "0s",
          "query.remote-task.max-error-duration": "1m",
        },
      },
      {
        Classification: "trino-exchange-manager",
        Properties: { "exchange.base-directories": "/exchange", "exchange.use-local-hdfs": "true" },
      },
      { Classification: "trino-connector-tpcds", Properties: { "connector.name": "tpcds" } },
    ];
    expect(JSON.parse(one(json, "aws_emr_cluster").configurations_json)).toEqual(expected);
    expect(trino.configurations).toEqual(expected);
  });

  test("security configuration: KMS at rest incl. local disks and EBS, in-transit opt-out, IMDSv2", () => {
    const conf = JSON.parse(one(json, "aws_emr_security_configuration").configuration);
    const key = `\${aws_kms_key.${Object.keys(json.resource.aws_kms_key)[0]}.arn}`;
    expect(conf).toEqual({
      EncryptionConfiguration: {
        EnableAtRestEncryption: true,
        AtRestEncryptionConfiguration: {
          S3EncryptionConfiguration: { EncryptionMode: "SSE-KMS", AwsKmsKey: key },
          LocalDiskEncryptionConfiguration: {
            EncryptionKeyProviderType: "AwsKms",
            AwsKmsKey: key,
            EnableEbsEncryption: true,
          },
        },
        EnableInTransitEncryption: false,
      },
      InstanceMetadataServiceConfiguration: {
        MinimumInstanceMetadataServiceVersion: 2,
        HttpPutResponseHopLimit: 1,
      },
    });
    expect(one(json, "aws_kms_key").enable_key_rotation).toBe(true);
  });

  test("security groups: EMR-managed, tagged for the v2 policy, UI ingress only from the allowed CIDRs", () => {
    const sgs = resources(json, "aws_security_group");
    expect(sgs).toHaveLength(3);
    for (const sg of sgs) {
      expect(sg.revoke_rules_on_delete).toBe(true);
      expect(sg.ingress).toBeUndefined();
      expect(sg.tags["for-use-with-amazon-emr-managed-policies"]).toBe("true");
    }
    const ingress = resources(json, "aws_vpc_security_group_ingress_rule").map((r) => [
      r.cidr_ipv4,
      r.from_port,
      r.to_port,
    ]);
    expect(ingress.sort()).toEqual(
      [
        ["10.0.0.0/16", 8888, 8888],
        ["10.0.0.0/16", 8889, 8889],
        ["192.168.10.0/24", 8888, 8888],
        ["192.168.10.0/24", 8889, 8889],
      ].sort(),
    );
    for (const r of resources(json, "aws_vpc_security_group_ingress_rule")) {
      expect(r.security_group_id).toMatch(/aws_security_group\.trino_sg-primary_/);
    }
    // The only 0.0.0.0/0 rules are the two egress rules (node egress); none is ingress.
    expect(resources(json, "aws_vpc_security_group_egress_rule").map((r) => r.cidr_ipv4)).toEqual([
      "0.0.0.0/0",
      "0.0.0.0/0",
    ]);
  });

  test("service role: EMR v2 managed policy, confused-deputy trust, PassRole only for the instance role", () => {
    const r = role(json, "analytics-trino-emr-service");
    expect(JSON.parse(r.assume_role_policy).Statement[0]).toEqual({
      Effect: "Allow",
      Principal: { Service: "elasticmapreduce.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceAccount": "111122223333" },
        ArnLike: { "aws:SourceArn": "arn:aws:elasticmapreduce:eu-west-1:111122223333:*" },
      },
    });
    expect(resources(json, "aws_iam_role_policy_attachment").map((a) => a.policy_arn)).toContain(
      "arn:aws:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2",
    );
    const doc = rolePolicy(json, "emr-cluster-specific");
    const pass = doc.Statement.find((s) => s.Sid === "PassInstanceRole")!;
    expect(pass.Resource).toMatch(/aws_iam_role\.trino_instance-role_.*\.arn/);
    expect(pass.Condition).toEqual({ StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } });
    expect(findWildcards(doc)).toEqual([]);
  });

  test("instance role: logs, EMR artifacts, cluster key and the Glue-free default; no wildcards", () => {
    const doc = rolePolicy(json, "emr-node-access");
    expect(doc.Statement.map((s) => s.Sid)).toEqual([
      "ReadEmrRegionalArtifacts",
      "WriteClusterLogs",
      "ListLogBucket",
      "UseClusterKey",
    ]);
    expect(doc.Statement[0].Resource).toEqual([
      "arn:aws:s3:::eu-west-1.elasticmapreduce/*",
      "arn:aws:s3:::elasticmapreduce/*",
    ]);
    expect(findWildcards(doc)).toEqual([]);
  });

  test("log bucket: KMS default encryption, public access blocked, TLS only, versioned, expiring logs", () => {
    expect(one(json, "aws_s3_bucket").bucket).toBe("analytics-trino-emr-logs-111122223333");
    expect(synthed).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const enc = one(json, "aws_s3_bucket_server_side_encryption_configuration").rule[0];
    expect(enc.apply_server_side_encryption_by_default.sse_algorithm).toBe("aws:kms");
    expect(enc.bucket_key_enabled).toBe(true);
    const lifecycleConfig = one(json, "aws_s3_bucket_lifecycle_configuration");
    const lifecycle = lifecycleConfig.rule[0];
    expect(lifecycle.expiration).toEqual([{ days: 90 }]);
    expect(lifecycle.noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
    const versioning = one(json, "aws_s3_bucket_versioning");
    expect(versioning.versioning_configuration).toEqual({ status: "Enabled" });
    expect(lifecycleConfig.depends_on).toEqual([
      expect.stringMatching(/^aws_s3_bucket_versioning\.trino_log-bucket-versioning_/),
    ]);
    const policy = JSON.parse(one(json, "aws_s3_bucket_policy").policy);
    expect(policy.Statement[0].Effect).toBe("Deny");
    expect(policy.Statement[0].Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
  });

  test("its own key has an explicit policy that delegates to the account's IAM policies", () => {
    expect(JSON.parse(one(json, "aws_kms_key").policy).Statement).toEqual([
      {
        Sid: "EnableAccountAdministration",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111122223333:root" },
        Action: "kms:*",
        Resource: "*",
      },
    ]);
  });

  test("node egress keeps all protocols, with the reason accepted next to each rule (PP-SG-003)", () => {
    const egress = Object.values(json.resource.aws_vpc_security_group_egress_rule) as Json[];
    expect(egress).toHaveLength(2);
    for (const rule of egress) {
      expect(rule).toMatchObject({ ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" });
    }
    const withComments = build(baseProps()).stack.toTerraform().resource.aws_vpc_security_group_egress_rule;
    for (const rule of Object.values(withComments) as Json[])
      expect(rule["//"].policy_accepted).toEqual({ "PP-SG-003": EMR_NODE_EGRESS_REASON });
  });

  test("no access logging unless a target is given", () => {
    expect(json.resource.aws_s3_bucket_logging).toBeUndefined();
  });

  test("FIS template: Spot interruption notice PT2M to running, Name-tagged Spot instances, alarm stop condition", () => {
    const tpl = one(json, "aws_fis_experiment_template");
    expect(tpl.action).toEqual([
      {
        name: "interrupt-spot-instances",
        action_id: "aws:ec2:send-spot-instance-interruptions",
        description: "Spot interruption notice PT2M before interruption",
        parameter: [{ key: "durationBeforeInterruption", value: "PT2M" }],
        target: { key: "SpotInstances", value: "cluster-spot-instances" },
      },
    ]);
    expect(tpl.target).toEqual([
      {
        name: "cluster-spot-instances",
        resource_type: "aws:ec2:spot-instance",
        selection_mode: "ALL",
        resource_tag: [{ key: "Name", value: "analytics-trino" }],
        filter: [{ path: "State.Name", values: ["running"] }],
      },
    ]);
    const alarmId = Object.keys(json.resource.aws_cloudwatch_metric_alarm)[0];
    expect(tpl.stop_condition).toEqual([
      { source: "aws:cloudwatch:alarm", value: `\${aws_cloudwatch_metric_alarm.${alarmId}.arn}` },
    ]);
    expect(synthed).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: "AWS/ElasticMapReduce",
      metric_name: "LiveDataNodes",
      comparison_operator: "LessThanThreshold",
      threshold: 100,
      // A gap in EMR's five-minute metrics (a new cluster, one late datapoint) must not stop the experiment;
      // one breaching datapoint within two periods does.
      treat_missing_data: "missing",
      period: 300,
      evaluation_periods: 2,
      datapoints_to_alarm: 1,
    });
    expect(one(json, "aws_cloudwatch_metric_alarm").dimensions.JobFlowId).toMatch(/aws_emr_cluster\..*\.id/);
  });

  test("FIS role: trusted by FIS for this account only, interrupts only instances carrying the cluster's Name tag", () => {
    const r = role(json, "analytics-trino-fis-spot");
    expect(JSON.parse(r.assume_role_policy).Statement[0].Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "111122223333" },
      ArnLike: { "aws:SourceArn": "arn:aws:fis:eu-west-1:111122223333:experiment/*" },
    });
    const doc = rolePolicy(json, "interrupt-cluster-spot-instances");
    expect(doc.Statement[0]).toEqual({
      Sid: "InterruptClusterSpotInstances",
      Effect: "Allow",
      Action: "ec2:SendSpotInstanceInterruptions",
      Resource: "arn:aws:ec2:eu-west-1:111122223333:instance/*",
      Condition: { StringEquals: { "aws:ResourceTag/Name": "analytics-trino" } },
    });
    // DescribeInstances has no resource-level permissions: the only wildcard, and the only one allowed.
    expect(findWildcards(doc)).toEqual(["ResolveTargets: resource *"]);
  });

  test("no account-wide block public access resource and no exchange bucket by default", () => {
    expect(synthed).not.toHaveResource(EmrBlockPublicAccessConfiguration);
    expect(resources(json, "aws_s3_bucket")).toHaveLength(1);
  });

  test("typed attributes", () => {
    expect(trino.workerCapacity).toEqual({
      coreOnDemandUnits: 8,
      coreSpotUnits: 0,
      taskOnDemandUnits: 0,
      taskSpotUnits: 64,
      spotSharePercent: 88.9,
    });
    expect(trino.nameTag).toBe("analytics-trino");
    expect(trino.taskFleetId).toBeDefined();
    expect(trino.fisExperimentTemplateId).toBeDefined();
    expect(trino.exchangeBucketName).toBeUndefined();
    expect(Object.keys(trino.securityGroupIds).sort()).toEqual(["core", "primary", "serviceAccess"]);
  });
});

describe("TrinoEmrCluster: S3 exchange, in-transit PEM certificates, Glue catalog, block public access", () => {
  let synthed: string;
  let json: Json;
  let trino: TrinoEmrCluster;
  beforeAll(
    () =>
      ({ synthed, json, trino } = synth(
        baseProps({
          trino: {
            retryPolicy: "QUERY",
            queryRetryAttempts: 3,
            exchangeManager: { type: "s3", spoolExpirationDays: 2 },
            connectors: { tpcds: true, glueCatalog: { databaseNames: ["sales"], allowWrite: true } },
          },
          inTransitEncryption: { mode: "pem-s3", certificatesS3Uri: "s3://certs-bucket/emr/certs.zip" },
          manageAccountBlockPublicAccess: true,
          s3EncryptionMode: "SSE-S3",
        }),
      )),
  );

  test("exchange bucket with an expiring lifecycle rule, referenced by the exchange manager", () => {
    const bucket = resources(json, "aws_s3_bucket").find(
      (b) => b.bucket === "analytics-trino-trino-exchange-111122223333",
    );
    expect(bucket).toBeDefined();
    const rules = resources(json, "aws_s3_bucket_lifecycle_configuration").map((l) => l.rule[0]);
    expect(rules.find((r) => r.id === "expire-spooled-exchange-data")).toEqual({
      id: "expire-spooled-exchange-data",
      status: "Enabled",
      filter: [{ prefix: "" }],
      expiration: [{ days: 2 }],
      noncurrent_version_expiration: [{ noncurrent_days: 2 }],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
    });
    const configs = JSON.parse(one(json, "aws_emr_cluster").configurations_json);
    expect(configs[0].Properties["retry-policy"]).toBe("QUERY");
    expect(configs[0].Properties["query-retry-attempts"]).toBe("3");
    expect(configs[1]).toEqual({
      Classification: "trino-exchange-manager",
      Properties: {
        "exchange.base-directories": "s3://analytics-trino-trino-exchange-111122223333",
        "exchange.s3.region": "eu-west-1",
      },
    });
    expect(configs[3]).toEqual({
      Classification: "trino-connector-hive",
      Properties: { "hive.metastore": "glue" },
    });
    expect(trino.exchangeBucketName).toBeDefined();
  });

  test("Trino UI on HTTPS 8446: in-transit encryption turns Trino's HTTP port 8889 off", () => {
    const ports = resources(json, "aws_vpc_security_group_ingress_rule").map((r) => r.from_port);
    expect([...new Set(ports)].sort()).toEqual([8446, 8888]);
  });

  test("security configuration: PEM certificates from S3 and SSE-S3 for EMRFS", () => {
    const enc = JSON.parse(one(json, "aws_emr_security_configuration").configuration).EncryptionConfiguration;
    expect(enc.EnableInTransitEncryption).toBe(true);
    expect(enc.InTransitEncryptionConfiguration).toEqual({
      TLSCertificateConfiguration: {
        CertificateProviderType: "PEM",
        S3Object: "s3://certs-bucket/emr/certs.zip",
      },
    });
    expect(enc.AtRestEncryptionConfiguration.S3EncryptionConfiguration).toEqual({ EncryptionMode: "SSE-S3" });
  });

  test("instance role: exchange bucket, certificate bundle and the listed Glue databases only", () => {
    const doc = rolePolicy(json, "emr-node-access");
    const bySid = Object.fromEntries(doc.Statement.map((s) => [s.Sid, s]));
    expect(bySid.ReadTlsCertificateBundle.Resource).toBe("arn:aws:s3:::certs-bucket/emr/certs.zip");
    expect(bySid.SpoolExchangeData.Resource).toMatch(/aws_s3_bucket\.trino_exchange-bucket_.*\.arn}\/\*$/);
    expect(bySid.ReadGlueCatalog.Resource).toEqual([
      "arn:aws:glue:eu-west-1:111122223333:catalog",
      "arn:aws:glue:eu-west-1:111122223333:database/sales",
      "arn:aws:glue:eu-west-1:111122223333:table/sales/*",
    ]);
    expect(bySid.WriteGlueCatalog.Action).toContain("glue:CreateTable");
    expect(findWildcards(doc)).toEqual([]);
  });

  test("account-level block public access: no permitted public ranges", () => {
    expect(synthed).toHaveResourceWithProperties(EmrBlockPublicAccessConfiguration, {
      block_public_security_group_rules: true,
    });
    expect(
      one(json, "aws_emr_block_public_access_configuration").permitted_public_security_group_rule_range,
    ).toBeUndefined();
  });
});

describe("TrinoEmrCluster: S3 access logs", () => {
  test("the log and exchange buckets log to the target under their own names, which admits each source", () => {
    const sources: string[] = [];
    const { json } = synth(
      baseProps({
        accessLogs: { bucketName: "central-logs", allowSource: (x) => sources.push(x.prefix) },
        trino: { exchangeManager: { type: "s3" } },
        releaseLabel: "emr-7.5.0",
      }),
    );
    const logging = resources(json, "aws_s3_bucket_logging");
    expect(logging.map((l) => [l.target_bucket, l.target_prefix]).sort()).toEqual(
      sources.map((p) => ["central-logs", p]).sort(),
    );
    expect(logging).toHaveLength(2);
    expect(resources(json, "aws_s3_bucket")).toHaveLength(2);
  });
});

describe("TrinoEmrCluster: scaling the Spot task fleet is a config change on the fleet only", () => {
  test("4 → 8 task nodes changes only target_spot_capacity of the fleet; the cluster is untouched", () => {
    const small = synth(baseProps()).json;
    const large = synth(
      baseProps({ taskFleet: { ...baseProps().taskFleet!, targetSpotCapacity: 128 } }),
    ).json;
    expect(one(large, "aws_emr_cluster")).toEqual(one(small, "aws_emr_cluster"));
    const { target_spot_capacity: a, ...fleetA } = one(small, "aws_emr_instance_fleet");
    const { target_spot_capacity: b, ...fleetB } = one(large, "aws_emr_instance_fleet");
    expect([a, b]).toEqual([64, 128]);
    expect(fleetB).toEqual(fleetA);
  });

  test("ignoreCapacityDrift hands capacity to an outside scaler via ignore_changes on target capacities only", () => {
    const { json } = synth(baseProps({ ignoreCapacityDrift: true }));
    expect(one(json, "aws_emr_instance_fleet").lifecycle).toEqual({
      ignore_changes: ["target_spot_capacity", "target_on_demand_capacity"],
    });
    expect(one(json, "aws_emr_cluster").lifecycle.ignore_changes).toEqual([
      "core_instance_fleet[0].target_on_demand_capacity",
      "core_instance_fleet[0].target_spot_capacity",
    ]);
  });
});

describe("TrinoEmrCluster: release-dependent rendering and dev options", () => {
  test("releases before emr-7.3.0 (Trino < 437) use exchange.compression-enabled", () => {
    const { trino } = synth(baseProps({ releaseLabel: "emr-6.15.0" }));
    const props = trino.configurations[0].Properties;
    expect(props["exchange.compression-enabled"]).toBe("true");
    expect(props["exchange.compression-codec"]).toBeUndefined();
  });

  test("release parsing", () => {
    expect(parseEmrRelease("emr-7.10.0")).toEqual({ major: 7, minor: 10, patch: 0 });
    expect(parseEmrRelease("7.1.0")).toBeUndefined();
    expect(releaseAtLeast(parseEmrRelease("emr-6.10.0")!, 6, 9, 0)).toBe(true);
    expect(releaseAtLeast(parseEmrRelease("emr-6.8.1")!, 6, 9, 0)).toBe(false);
  });

  test("dev: Spot primary with allowSpotForPrimaryAndCore, FIS without stop condition when allowed, COUNT selection", () => {
    const { json } = synth(
      baseProps({
        primaryFleet: { instanceTypes: ["m5.xlarge"], market: "SPOT" },
        allowSpotForPrimaryAndCore: true,
        spotInterruptionExperiment: {
          selectionMode: "COUNT(2)",
          stopCondition: { type: "none" },
          allowWithoutStopCondition: true,
        },
      }),
    );
    const fleet = one(json, "aws_emr_cluster").master_instance_fleet;
    expect(fleet.target_spot_capacity).toBe(1);
    expect(fleet.target_on_demand_capacity).toBe(0);
    expect(fleet.launch_specifications.spot_specification[0].allocation_strategy).toBe(
      "price-capacity-optimized",
    );
    const tpl = one(json, "aws_fis_experiment_template");
    expect(tpl.stop_condition).toEqual([{ source: "none" }]);
    expect(tpl.target[0].selection_mode).toBe("COUNT(2)");
    expect(resources(json, "aws_cloudwatch_metric_alarm")).toHaveLength(0);
  });

  test("an existing alarm can be the stop condition", () => {
    const alarmArn = "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:trino-errors";
    const { synthed } = synth(
      baseProps({ spotInterruptionExperiment: { stopCondition: { type: "existing-alarm", alarmArn } } }),
    );
    expect(synthed).toHaveResourceWithProperties(FisExperimentTemplate, {
      stop_condition: [{ source: "aws:cloudwatch:alarm", value: alarmArn }],
    });
  });

  test("no task fleet: no Spot fleet, no FIS experiment, retry policy may be NONE", () => {
    const { synthed, trino } = synth(baseProps({ taskFleet: undefined, trino: { retryPolicy: "NONE" } }));
    expect(synthed).not.toHaveResource(EmrInstanceFleet);
    expect(synthed).not.toHaveResource(FisExperimentTemplate);
    expect(trino.configurations.map((c) => c.Classification)).toEqual(["trino-config"]);
    expect(trino.configurations[0].Properties["retry-policy"]).toBeUndefined();
  });
});

describe("TrinoEmrCluster: validation", () => {
  const taskTypes = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ instanceType: `m${i + 5}.4xlarge`, weightedCapacity: 16 }));
  const withTask = (patch: Record<string, unknown>): Partial<TrinoEmrClusterProps> => ({
    taskFleet: { ...baseProps().taskFleet!, ...patch },
  });

  test.each<[string, Partial<TrinoEmrClusterProps>, RegExp]>([
    [
      "release below 6.9.0 with Spot task nodes",
      { releaseLabel: "emr-6.8.0" },
      /invalid releaseLabel = "emr-6\.8\.0".*Spot task nodes.*Fix: use emr-6\.9\.0/,
    ],
    [
      "malformed release label",
      { releaseLabel: "7.5.0" },
      /invalid releaseLabel = "7\.5\.0".*Fix: use e\.g\. "emr-7\.5\.0"/,
    ],
    [
      "fewer than 10 task instance types",
      withTask({ instanceTypes: taskTypes(9) }),
      /invalid taskFleet\.instanceTypes.*10 to 30.*Fix: add instance types/,
    ],
    [
      "more than 30 task instance types",
      withTask({ instanceTypes: taskTypes(31) }),
      /invalid taskFleet\.instanceTypes.*has 31.*Fix: remove instance types/,
    ],
    [
      "duplicate task instance types",
      withTask({ instanceTypes: [...taskTypes(10), { instanceType: "m5.4xlarge", weightedCapacity: 16 }] }),
      /invalid taskFleet\.instanceTypes = "m5\.4xlarge": appears more than once.*Fix: remove the duplicate/,
    ],
    [
      "non-positive weighted capacity",
      withTask({ instanceTypes: [...taskTypes(9), { instanceType: "x2.4xlarge", weightedCapacity: 0 }] }),
      /invalid taskFleet\.instanceTypes\[x2\.4xlarge\]\.weightedCapacity = 0.*Fix: use the instance type's vCPU count/,
    ],
    [
      "fractional weighted capacity on the core fleet",
      {
        coreFleet: {
          instanceTypes: [{ instanceType: "m5.2xlarge", weightedCapacity: 1.5 }],
          targetOnDemandCapacity: 8,
        },
      },
      /invalid coreFleet\.instanceTypes\[m5\.2xlarge\]\.weightedCapacity = 1\.5/,
    ],
    [
      "Spot timeout below 5 minutes",
      withTask({ spotTimeoutMinutes: 4 }),
      /invalid taskFleet\.spotTimeoutMinutes = 4.*between 5 and 1440/,
    ],
    [
      "Spot timeout above 1440 minutes",
      withTask({ spotTimeoutMinutes: 1441 }),
      /invalid taskFleet\.spotTimeoutMinutes = 1441/,
    ],
    [
      "primary fleet on Spot without the dev opt-in",
      { primaryFleet: { instanceTypes: ["m5.xlarge"], market: "SPOT" } },
      /invalid primaryFleet\.market = "SPOT".*Fix: .*allowSpotForPrimaryAndCore/,
    ],
    [
      "core fleet on Spot without the dev opt-in",
      { coreFleet: { ...baseProps().coreFleet, targetSpotCapacity: 8 } },
      /invalid coreFleet\.targetSpotCapacity = 8.*Fix: put Spot capacity on the task fleet/,
    ],
    [
      "retry policy NONE with Spot task nodes",
      { trino: { retryPolicy: "NONE" } },
      /invalid trino\.retryPolicy = "NONE".*Fix: set retryPolicy "TASK"/,
    ],
    [
      "FIS template without a tag filter",
      { spotInterruptionExperiment: { targetResourceTags: {} } },
      /invalid spotInterruptionExperiment\.targetResourceTags = \{\}.*without a tag filter.*Fix: keep the default/,
    ],
    [
      "FIS target tag the cluster does not carry",
      { spotInterruptionExperiment: { targetResourceTags: { Name: "other-cluster" } } },
      /invalid spotInterruptionExperiment\.targetResourceTags = \{"Name":"other-cluster"\}.*Fix: use tags from the cluster's tags/,
    ],
    [
      "bad FIS selection mode",
      { spotInterruptionExperiment: { selectionMode: "PERCENT(150)" } },
      /invalid spotInterruptionExperiment\.selectionMode = "PERCENT\(150\)".*Fix/,
    ],
    [
      "FIS notice shorter than 2 minutes",
      { spotInterruptionExperiment: { durationBeforeInterruption: "PT1M" } },
      /invalid spotInterruptionExperiment\.durationBeforeInterruption = "PT1M".*Fix: use "PT2M"/,
    ],
    [
      "FIS without stop condition and without the opt-in",
      { spotInterruptionExperiment: { stopCondition: { type: "none" } } },
      /invalid spotInterruptionExperiment\.stopCondition.*Fix: .*allowWithoutStopCondition: true/,
    ],
    [
      "existing alarm that is not a CloudWatch ARN",
      {
        spotInterruptionExperiment: {
          stopCondition: { type: "existing-alarm", alarmArn: "arn:aws:sns:eu-west-1:111122223333:x" },
        },
      },
      /invalid spotInterruptionExperiment\.stopCondition\.alarmArn.*cloudwatch/,
    ],
    [
      "UI open to the internet",
      { allowedUiCidrs: ["0.0.0.0/0"] },
      /invalid allowedUiCidrs = "0\.0\.0\.0\/0".*Fix: list the office\/VPN\/VPC CIDRs/,
    ],
    [
      "malformed UI CIDR",
      { allowedUiCidrs: ["10.0.0.1/16"] },
      /invalid allowedUiCidrs = "10\.0\.0\.1\/16".*Fix: use the network address 10\.0\.0\.0\/16/,
    ],
    [
      "invalid name",
      { name: "Analytics_Trino" },
      /invalid name = "Analytics_Trino".*Fix: use a short kebab-case name/,
    ],
    [
      "applications without Trino",
      { applications: ["Hadoop", "Hue"] },
      /invalid applications.*must include Trino.*Fix: add "Trino"/,
    ],
    [
      "Trino together with PrestoSQL",
      { applications: ["Hadoop", "Trino", "PrestoSQL"] },
      /invalid applications.*cannot run on the same cluster/,
    ],
    [
      "HDFS exchange without Hadoop",
      { applications: ["Hue", "Trino"] },
      /invalid applications.*needs Hadoop.*Fix: add "Hadoop"/,
    ],
    [
      "additional properties overriding a typed setting",
      { trino: { additionalConfigProperties: { "retry-policy": "NONE" } } },
      /invalid trino\.additionalConfigProperties = "retry-policy".*Fix: set it through the typed field/,
    ],
    [
      "compression codec on a release with Trino < 437",
      { releaseLabel: "emr-7.2.0", trino: { exchangeCompressionCodec: "ZSTD" } },
      /invalid trino\.exchangeCompressionCodec = "ZSTD".*emr-7\.3\.0/,
    ],
    [
      "bad Trino duration",
      { trino: { lowMemoryKillerDelay: "zero" } },
      /invalid trino\.lowMemoryKillerDelay = "zero".*Fix: write it like "0s"/,
    ],
    [
      "bad Trino data size",
      { trino: { faultTolerantExecutionTaskMemory: "5 gigs" } },
      /invalid trino\.faultTolerantExecutionTaskMemory = "5 gigs"/,
    ],
    [
      "query retry attempts with TASK policy",
      { trino: { queryRetryAttempts: 2 } },
      /invalid trino\.queryRetryAttempts = 2: only applies to retry policy QUERY/,
    ],
    [
      "in-transit certificates not a zip in S3",
      { inTransitEncryption: { mode: "pem-s3", certificatesS3Uri: "https://example.com/certs.zip" } },
      /invalid inTransitEncryption\.certificatesS3Uri.*Fix: upload privateKey\.pem/,
    ],
    [
      "Trino UI port 8889 with in-transit encryption (EMR serves HTTPS on 8446 only)",
      {
        inTransitEncryption: { mode: "pem-s3", certificatesS3Uri: "s3://certs-bucket/emr/certs.zip" },
        trinoUiPort: 8889,
      },
      /invalid trinoUiPort = 8889: in-transit encryption turns Trino's HTTP port off.*HTTPS on 8446/,
    ],
    [
      "idle timeout below a minute",
      { idleTimeoutSeconds: 30 },
      /invalid idleTimeoutSeconds = 30.*between 60 and 604800/,
    ],
    [
      "log bucket name too long",
      { logBucketName: `a${"b".repeat(63)}` },
      /invalid logBucketName.*3-63.*Fix: pass logBucketName explicitly/,
    ],
    ["empty subnet list", { subnetIds: [] }, /invalid subnetIds = \[\]: must not be empty/],
    ["bad account id", { accountId: "1234" }, /invalid accountId = "1234".*12-digit/],
  ])("%s", (_label, overrides, message) => {
    expect(() => build(baseProps(overrides))).toThrow(message);
  });

  test("errors name the construct path", () => {
    expect(() => build(baseProps({ releaseLabel: "emr-6.8.0" }))).toThrow(
      /^test\/trino: invalid releaseLabel/,
    );
  });
});

describe("TrinoEmrCluster: lifecycle (what replaces the cluster, and the guard of a protected one)", () => {
  const protectedProps = (over: Partial<TrinoEmrClusterProps> = {}) =>
    baseProps({ terminationProtection: true, ...over });
  const fingerprint = (props: TrinoEmrClusterProps) => build(props).trino.replacementFingerprint();
  /** Synth with cdktf's validations (where the guard runs). */
  const synthValidated = (props: TrinoEmrClusterProps) => Testing.synth(build(props).stack, true);
  const parts = (f: string) => Object.fromEntries(f.split(" ").map((p) => p.split(":")));

  test("security configuration: one canonical serialization, a content-hashed name, retired after the cluster moved", () => {
    const { json } = synth(baseProps());
    const sc = one(json, "aws_emr_security_configuration");
    // Keys sorted at every level, no whitespace: the string the provider compares verbatim changes only with content.
    expect(sc.configuration).toBe(canonicalJson(JSON.parse(sc.configuration)));
    expect(sc.name).toMatch(/^analytics-trino-security-[0-9a-f]{8}$/);
    expect(sc.lifecycle).toEqual({ create_before_destroy: true, ignore_changes: ["configuration"] });
    // A different configuration is a different name (ForceNew on the cluster's security_configuration).
    const other = one(synth(baseProps({ requireImdsV2: false })).json, "aws_emr_security_configuration");
    expect(other.name).not.toBe(sc.name);
  });

  test("synth runs no Terraform: the task fleet's shape record starts no process (cdktf's DataResource runs `terraform version`)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const childProcess = require("child_process") as typeof import("child_process");
    const exec = jest.spyOn(childProcess, "execSync");
    try {
      const { stack } = build(baseProps());
      expect(stack.node.findAll().some((c) => c.node.id === "task-fleet-shape")).toBe(true);
      for (const c of stack.node.findAll()) c.node.validate();
      expect(exec).not.toHaveBeenCalled();
    } finally {
      exec.mockRestore();
    }
  });

  test("the task fleet's shape is recorded; types replace the cluster with it, capacity does not", () => {
    const shape = (props: TrinoEmrClusterProps) =>
      one(synth(props).json, "terraform_data").triggers_replace.shape as string;
    const base = shape(baseProps());
    expect(JSON.parse(base).instanceTypeConfigs).toHaveLength(12);
    const bigger = baseProps();
    expect(shape({ ...bigger, taskFleet: { ...bigger.taskFleet!, targetSpotCapacity: 128 } })).toBe(base);
    const types = bigger.taskFleet!.instanceTypes.map((t, i) =>
      i === 0 ? { ...t, instanceType: "m7i.4xlarge" } : t,
    );
    expect(shape({ ...bigger, taskFleet: { ...bigger.taskFleet!, instanceTypes: types } })).not.toBe(base);
  });

  test("fingerprint: stable, and each part moves only with what replaces the cluster", () => {
    const base = fingerprint(baseProps());
    expect(base).toMatch(REPLACEMENT_FINGERPRINT);
    expect(fingerprint(baseProps())).toBe(base);
    // In-place changes: task capacity, tags, termination protection, auto-termination.
    const p = baseProps();
    for (const same of [
      { taskFleet: { ...p.taskFleet!, targetSpotCapacity: 128 } },
      { tags: { Environment: "dev", Team: "data" } },
      { terminationProtection: true },
      { idleTimeoutSeconds: 7200 },
    ])
      expect(fingerprint(baseProps(same))).toBe(base);
    expect(changedParts(base, fingerprint(baseProps({ releaseLabel: "emr-7.6.0" })))).toEqual(["cluster"]);
    expect(changedParts(base, fingerprint(baseProps({ requireImdsV2: false })))).toEqual(["references"]);
    expect(
      changedParts(base, fingerprint(baseProps({ logBucketName: "other-emr-logs-111122223333" }))),
    ).toContain("references");
    const types = p.taskFleet!.instanceTypes.map((t, i) => (i === 0 ? { ...t, weightedCapacity: 32 } : t));
    expect(
      changedParts(base, fingerprint(baseProps({ taskFleet: { ...p.taskFleet!, instanceTypes: types } }))),
    ).toEqual(["task-fleet"]);
    expect(parts(fingerprint(baseProps({ taskFleet: undefined })))["task-fleet"]).toBe("none");
    // Core capacity is ForceNew, unless an outside scaler owns it (ignore_changes).
    const core = (n: number, ignoreCapacityDrift: boolean) =>
      fingerprint(
        baseProps({ coreFleet: { ...p.coreFleet, targetOnDemandCapacity: n }, ignoreCapacityDrift }),
      );
    expect(core(16, false)).not.toBe(core(8, false));
    expect(core(16, true)).toBe(core(8, true));
  });

  test("fails when a protected cluster has no deployed fingerprint, naming the one to record", () => {
    const now = fingerprint(protectedProps());
    expect(() => synthValidated(protectedProps())).toThrow(
      `invalid deployedFingerprint = undefined: a termination-protected cluster needs the fingerprint of the deployed cluster`,
    );
    expect(() => synthValidated(protectedProps())).toThrow(`Fix: set deployedFingerprint: "${now}"`);
  });

  test("passes when the protected cluster is the deployed one; an in-place change keeps passing", () => {
    const now = fingerprint(protectedProps());
    expect(() => synthValidated(protectedProps({ deployedFingerprint: now }))).not.toThrow();
    const p = protectedProps();
    expect(() =>
      synthValidated({
        ...p,
        deployedFingerprint: now,
        taskFleet: { ...p.taskFleet!, targetSpotCapacity: 128 },
      }),
    ).not.toThrow();
  });

  test("fails when a change would replace a protected cluster, with the two-step procedure", () => {
    const deployed = fingerprint(protectedProps());
    const next = protectedProps({ deployedFingerprint: deployed, releaseLabel: "emr-7.6.0" });
    const now = fingerprint(next);
    expect(() => synthValidated(next)).toThrow(
      /this change replaces the termination-protected cluster \(changed: the cluster's own arguments .*\); AWS refuses to terminate a protected cluster/,
    );
    expect(() => synthValidated(next)).toThrow(
      `Fix: replace it in two applies: 1) set terminationProtection: false, with no other change, and apply (an in-place update); 2) remove deployedFingerprint, make this change and apply (the cluster is replaced); then set terminationProtection back on with deployedFingerprint: "${now}"`,
    );
  });

  test("the two steps: lifting protection alone passes, the change with protection still recorded fails, without the record passes", () => {
    const deployed = fingerprint(protectedProps());
    // Step 1: protection off, nothing else: an in-place update.
    expect(() =>
      synthValidated(baseProps({ terminationProtection: false, deployedFingerprint: deployed })),
    ).not.toThrow();
    // Lifting protection and replacing in one change: refused (the plan would meet the still protected cluster).
    expect(() =>
      synthValidated(
        baseProps({ terminationProtection: false, deployedFingerprint: deployed, releaseLabel: "emr-7.6.0" }),
      ),
    ).toThrow(
      /replaces the cluster deployedFingerprint records .*Fix: if the apply that turned termination protection off has run, remove deployedFingerprint/,
    );
    // Step 2: the record removed once step 1 is applied: the replacement is allowed.
    expect(() =>
      synthValidated(baseProps({ terminationProtection: false, releaseLabel: "emr-7.6.0" })),
    ).not.toThrow();
  });

  test('"none" states that nothing is deployed yet: synth passes and prints the fingerprint to record', () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const props = protectedProps({ deployedFingerprint: NOT_DEPLOYED });
      expect(() => synthValidated(props)).not.toThrow();
      expect(warn).toHaveBeenCalledWith(
        `[test/trino] deployedFingerprint "none": no cluster is deployed yet, so nothing guards a replacement; once the first apply has created it, record deployedFingerprint: "${fingerprint(props)}"`,
      );
    } finally {
      warn.mockRestore();
    }
  });

  test("fails when the recorded fingerprint is malformed", () => {
    expect(() => synthValidated(protectedProps({ deployedFingerprint: "abc" }))).toThrow(
      /invalid deployedFingerprint = "abc": is not a replacement fingerprint/,
    );
  });
});
