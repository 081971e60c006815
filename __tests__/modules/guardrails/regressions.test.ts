// Hand-made regressions of a sample environment's synthesized JSON (issue #17): each mutation of the prod
// stacks must make the named rule fire at the mutated resource, and the unmutated JSON must not. The pack is
// evaluated exactly as `npm run policy` does: with the environment and suppressions the stack recorded at synth.
import { StackModel, evaluateModel, singletonDeclarations } from "@multicloud-platform/modules/guardrails";
import { synthEnvironment } from "../../helpers/synth";

type Json = Record<string, any>;

const prod = synthEnvironment("prod").json;

/** A deep copy of one prod stack's JSON, edited by `mutate`. */
function mutated(stackId: string, mutate?: (json: Json) => void): Json {
  const json = structuredClone(prod[stackId]) as Json;
  mutate?.(json);
  return json;
}

/** Open findings of `ruleId` in a stack's JSON. */
function verdict(json: Json, ruleId: string) {
  const model = new StackModel(json);
  return evaluateModel(model, {
    environment: model.recorded.environment,
    suppressions: model.recorded.suppressions,
  }).findings.filter((f) => f.ruleId === ruleId && !f.suppressedBy);
}

/** `[logical name, body]` of the resource of `type` whose construct path ends with `pathSuffix`. */
function find(json: Json, type: string, pathSuffix: string): [string, Json] {
  const hits = Object.entries((json.resource?.[type] ?? {}) as Record<string, Json>).filter(([, b]) =>
    String(b["//"]?.metadata?.path).endsWith(pathSuffix),
  );
  expect(hits.map(([name]) => name)).toHaveLength(1);
  return hits[0];
}

const edit = (json: Json, type: string, pathSuffix: string, change: (body: Json) => void) =>
  change(find(json, type, pathSuffix)[1]);

function policyOf(body: Json, key = "policy"): Json {
  return JSON.parse(body[key]);
}

interface Regression {
  readonly what: string;
  readonly stack: string;
  readonly rule: string;
  /** Type and construct-path suffix of the resource the finding must name. */
  readonly at: readonly [type: string, pathSuffix: string] | "provider";
  readonly mutate: (json: Json) => void;
}

const REGRESSIONS: readonly Regression[] = [
  {
    what: "KMS key rotation off",
    stack: "prod-analytics",
    rule: "PP-KMS-001",
    at: ["aws_kms_key", "trino/kms-key"],
    mutate: (j) => edit(j, "aws_kms_key", "trino/kms-key", (b) => (b.enable_key_rotation = false)),
  },
  {
    what: "log group without retention",
    stack: "prod-network",
    rule: "PP-LOG-001",
    at: ["aws_cloudwatch_log_group", "vpc-ml/flow-logs-group"],
    mutate: (j) =>
      edit(j, "aws_cloudwatch_log_group", "vpc-ml/flow-logs-group", (b) => delete b.retention_in_days),
  },
  {
    what: "log group without KMS",
    stack: "prod-network",
    rule: "PP-LOG-002",
    at: ["aws_cloudwatch_log_group", "vpc-ml/flow-logs-group"],
    mutate: (j) => edit(j, "aws_cloudwatch_log_group", "vpc-ml/flow-logs-group", (b) => delete b.kms_key_id),
  },
  {
    what: "Athena workgroup that does not enforce its configuration",
    stack: "prod-ingest",
    rule: "PP-ATHENA-002",
    at: ["aws_athena_workgroup", "appflow-bigquery/athena-workgroup"],
    mutate: (j) =>
      edit(
        j,
        "aws_athena_workgroup",
        "athena-workgroup",
        (b) => (b.configuration.enforce_workgroup_configuration = false),
      ),
  },
  {
    what: "Athena workgroup that does not encrypt results",
    stack: "prod-ingest",
    rule: "PP-ATHENA-001",
    at: ["aws_athena_workgroup", "appflow-bigquery/athena-workgroup"],
    mutate: (j) =>
      edit(
        j,
        "aws_athena_workgroup",
        "athena-workgroup",
        (b) => delete b.configuration.result_configuration.encryption_configuration,
      ),
  },
  {
    what: "EMR at-rest encryption off",
    stack: "prod-analytics",
    rule: "PP-EMR-004",
    at: ["aws_emr_security_configuration", "trino/security-configuration"],
    mutate: (j) =>
      edit(j, "aws_emr_security_configuration", "security-configuration", (b) => {
        const c = JSON.parse(b.configuration);
        c.EncryptionConfiguration.EnableAtRestEncryption = false;
        b.configuration = JSON.stringify(c);
      }),
  },
  {
    what: "EMR instances that allow IMDSv1",
    stack: "prod-analytics",
    rule: "PP-EC2-001",
    at: ["aws_emr_security_configuration", "trino/security-configuration"],
    mutate: (j) =>
      edit(j, "aws_emr_security_configuration", "security-configuration", (b) => {
        const c = JSON.parse(b.configuration);
        c.InstanceMetadataServiceConfiguration.MinimumInstanceMetadataServiceVersion = 1;
        b.configuration = JSON.stringify(c);
      }),
  },
  {
    what: "an instance that allows IMDSv1",
    stack: "prod-network",
    rule: "PP-EC2-001",
    at: ["aws_instance", "bastion"],
    mutate: (j) => {
      const [subnet] = find(j, "aws_subnet", "vpc-shared/subnet-private-us-east-1a");
      j.resource.aws_instance = {
        bastion: {
          "//": { metadata: { path: "prod-network/bastion" } },
          ami: "ami-0123456789abcdef0",
          instance_type: "t3.micro",
          subnet_id: `\${aws_subnet.${subnet}.id}`,
          metadata_options: { http_tokens: "optional" },
        },
      };
    },
  },
  {
    what: "map_public_ip_on_launch on a non-public subnet",
    stack: "prod-network",
    rule: "PP-VPC-004",
    at: ["aws_subnet", "vpc-ml/subnet-private-us-east-1a"],
    mutate: (j) =>
      edit(j, "aws_subnet", "vpc-ml/subnet-private-us-east-1a", (b) => (b.map_public_ip_on_launch = true)),
  },
  {
    what: 'key policy with Principal "*" and no restricting condition',
    stack: "prod-ingest",
    rule: "PP-KMS-003",
    at: ["aws_kms_key", "appflow-bigquery/key"],
    mutate: (j) =>
      edit(j, "aws_kms_key", "appflow-bigquery/key", (b) => {
        const p = policyOf(b);
        p.Statement.push({
          Sid: "Anyone",
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: "kms:Decrypt",
          Resource: "*",
        });
        b.policy = JSON.stringify(p);
      }),
  },
  {
    what: 'bucket policy with Principal "*" and no restricting condition',
    stack: "prod-ingest",
    rule: "PP-S3-006",
    at: ["aws_s3_bucket_policy", "appflow-bigquery/results/policy"],
    mutate: (j) =>
      edit(j, "aws_s3_bucket_policy", "appflow-bigquery/results/policy", (b) => {
        const p = policyOf(b);
        p.Statement.push({
          Sid: "PublicRead",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::acme-health-prod-appflow-results/*",
        });
        b.policy = JSON.stringify(p);
      }),
  },
  {
    what: 'role trust policy with Principal "*" and no restricting condition',
    stack: "prod-identity",
    rule: "PP-IAM-007",
    at: ["aws_iam_role", "partner-medirisk/role"],
    mutate: (j) =>
      edit(j, "aws_iam_role", "partner-medirisk/role", (b) => {
        const p = policyOf(b, "assume_role_policy");
        p.Statement[0].Principal = "*";
        delete p.Statement[0].Condition;
        b.assume_role_policy = JSON.stringify(p);
      }),
  },
  {
    what: "hard-coded credentials in a provider block",
    stack: "prod-ingest",
    rule: "PP-PROVIDER-001",
    at: "provider",
    mutate: (j) => {
      j.provider.aws[0].access_key = "AKIAIOSFODNN7EXAMPLE";
      j.provider.aws[0].secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    },
  },
  {
    what: "AdministratorAccess attached to a role",
    stack: "prod-analytics",
    rule: "PP-IAM-008",
    at: ["aws_iam_role_policy_attachment", "trino/service-role-managed-policy"],
    mutate: (j) =>
      edit(
        j,
        "aws_iam_role_policy_attachment",
        "service-role-managed-policy",
        (b) => (b.policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"),
      ),
  },
  {
    what: "PowerUserAccess attached to a role",
    stack: "prod-ingest",
    rule: "PP-IAM-008",
    at: ["aws_iam_role_policy_attachment", "glue-warehouse/service-role-policy"],
    mutate: (j) =>
      edit(
        j,
        "aws_iam_role_policy_attachment",
        "glue-warehouse/service-role-policy",
        (b) => (b.policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"),
      ),
  },
  {
    what: "BigQuery dataset granted to allUsers",
    stack: "prod-bigquery",
    rule: "PP-BQ-001",
    at: ["google_bigquery_dataset_iam_member", "data-viewer-user:appflow-prod@acme-health.example"],
    mutate: (j) =>
      edit(
        j,
        "google_bigquery_dataset_iam_member",
        "appflow-prod@acme-health.example",
        (b) => (b.member = "allUsers"),
      ),
  },
  {
    what: "BigQuery dataset granted to allAuthenticatedUsers",
    stack: "prod-bigquery",
    rule: "PP-BQ-001",
    at: ["google_bigquery_dataset_iam_member", "data-viewer-user:appflow-prod@acme-health.example"],
    mutate: (j) =>
      edit(
        j,
        "google_bigquery_dataset_iam_member",
        "appflow-prod@acme-health.example",
        (b) => (b.member = "allAuthenticatedUsers"),
      ),
  },
  {
    what: "secret encrypted with an AWS managed key alias",
    stack: "prod-identity",
    rule: "PP-SM-001",
    at: ["aws_secretsmanager_secret", "secret-claims-export-token/secret"],
    mutate: (j) =>
      edit(
        j,
        "aws_secretsmanager_secret",
        "claims-export-token/secret",
        (b) => (b.kms_key_id = "alias/aws/secretsmanager"),
      ),
  },
  {
    what: "security-group ingress from 0.0.0.0/0 on a non-admin port (5439)",
    stack: "prod-ingest",
    rule: "PP-SG-004",
    at: ["aws_vpc_security_group_ingress_rule", "glue-warehouse/data-store-ingress-us-east-1a"],
    mutate: (j) =>
      edit(
        j,
        "aws_vpc_security_group_ingress_rule",
        "data-store-ingress-us-east-1a",
        (b) => (b.cidr_ipv4 = "0.0.0.0/0"),
      ),
  },
  // The families the sample environments lacked before #17, fixed in the resources: removing the fix brings
  // the finding back.
  {
    what: "bucket without access logging",
    stack: "prod-analytics",
    rule: "PP-S3-004",
    at: ["aws_s3_bucket", "trino/log-bucket"],
    mutate: (j) =>
      delete j.resource.aws_s3_bucket_logging[
        find(j, "aws_s3_bucket_logging", "trino/log-bucket-access-logging")[0]
      ],
  },
  {
    what: "access-log bucket with SSE-KMS (log delivery would fail silently)",
    stack: "prod-ingest",
    rule: "PP-S3-002",
    at: ["aws_s3_bucket", "access-logs-ingest-us-east-1/logs/bucket"],
    mutate: (j) =>
      edit(
        j,
        "aws_s3_bucket_server_side_encryption_configuration",
        "access-logs-ingest-us-east-1/logs/encryption",
        (b) => {
          b.rule[0].apply_server_side_encryption_by_default = { sse_algorithm: "aws:kms" };
        },
      ),
  },
  {
    what: "ingest bucket without lifecycle (a warning with no reason)",
    stack: "prod-ingest",
    rule: "PP-S3-005",
    at: ["aws_s3_bucket", "appflow-bigquery/results/bucket"],
    mutate: (j) =>
      delete j.resource.aws_s3_bucket_lifecycle_configuration[
        find(j, "aws_s3_bucket_lifecycle_configuration", "appflow-bigquery/results/lifecycle")[0]
      ],
  },
  {
    what: "KMS key without an explicit key policy",
    stack: "prod-identity",
    rule: "PP-KMS-002",
    at: ["aws_kms_key", "secret-claims-export-token/key"],
    mutate: (j) => edit(j, "aws_kms_key", "claims-export-token/key", (b) => delete b.policy),
  },
  {
    what: "Glue Data Catalog without encryption settings",
    stack: "prod-ingest",
    rule: "PP-GLUE-002",
    at: ["aws_glue_catalog_database", "appflow-bigquery/glue-database"],
    mutate: (j) => delete j.resource.aws_glue_data_catalog_encryption_settings,
  },
  {
    what: "BigQuery dataset without a customer-managed key",
    stack: "prod-bigquery",
    rule: "PP-BQ-002",
    at: ["google_bigquery_dataset", "dataset-synthea/dataset"],
    mutate: (j) =>
      edit(
        j,
        "google_bigquery_dataset",
        "dataset-synthea/dataset",
        (b) => delete b.default_encryption_configuration,
      ),
  },
  {
    what: "all-protocol egress to 0.0.0.0/0 without a stated reason",
    stack: "prod-analytics",
    rule: "PP-SG-003",
    at: ["aws_vpc_security_group_egress_rule", "trino/egress-core"],
    mutate: (j) =>
      edit(
        j,
        "aws_vpc_security_group_egress_rule",
        "trino/egress-core",
        (b) => delete b["//"].policy_accepted,
      ),
  },
];

describe("regressions of the prod sample's synthesized JSON", () => {
  it.each(REGRESSIONS.map((r) => [r.what, r] as const))("%s is reported", (_what, r) => {
    const after = mutated(r.stack, r.mutate);
    const address =
      r.at === "provider"
        ? `provider.aws.${after.provider.aws[0].alias}`
        : `${r.at[0]}.${find(after, r.at[0], r.at[1])[0]}`;
    expect(verdict(mutated(r.stack), r.rule).map((f) => f.address)).not.toContain(address);
    expect(verdict(after, r.rule).map((f) => f.address)).toContain(address);
  });

  it("covers every regression family with the rule that now catches it", () => {
    expect([...new Set(REGRESSIONS.map((r) => r.rule))].sort()).toEqual(
      [
        "PP-ATHENA-001",
        "PP-ATHENA-002",
        "PP-BQ-001",
        "PP-BQ-002",
        "PP-EC2-001",
        "PP-EMR-004",
        "PP-GLUE-002",
        "PP-IAM-007",
        "PP-IAM-008",
        "PP-KMS-001",
        "PP-KMS-002",
        "PP-KMS-003",
        "PP-LOG-001",
        "PP-LOG-002",
        "PP-PROVIDER-001",
        "PP-S3-002",
        "PP-S3-004",
        "PP-S3-005",
        "PP-S3-006",
        "PP-SG-003",
        "PP-SG-004",
        "PP-SM-001",
        "PP-VPC-004",
      ].sort(),
    );
  });

  it('no longer reports redshift-data:CancelStatement on "*" (the PP-IAM-002 false positive), with no suppression', () => {
    expect(prod["prod-identity"]["//"].policy_pack.suppressions).toEqual([]);
    const [, producer] = find(
      prod["prod-identity"],
      "aws_iam_role_policy",
      "redshift-sagemaker-redshift/producer-redshift",
    );
    expect(policyOf(producer).Statement).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(["redshift-data:CancelStatement"]),
        Resource: "*",
      }),
    );
    expect(verdict(mutated("prod-identity"), "PP-IAM-002")).toEqual([]);
  });

  it("reads the account/region of each singleton the samples declare, so the cross-stack check has something to compare", () => {
    const declared = Object.values(prod).flatMap((json) =>
      singletonDeclarations(new StackModel(json)).map((d) => `${d.type} ${d.scope}`),
    );
    expect(declared.sort()).toEqual([
      "aws_emr_block_public_access_configuration 300000000005/us-east-1",
      "aws_glue_data_catalog_encryption_settings 300000000004/us-east-1",
    ]);
  });
});
