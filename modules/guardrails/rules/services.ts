import { blocks, dig, providerOf, isSet, isTrue, num, parseJsonArgument, strings } from "../model";
import type { Rule, Violation } from "../types";

export const emrSecurityConfiguration: Rule = {
  id: "PP-EMR-001",
  level: "error",
  description: "Every EMR cluster has a security configuration.",
  mirrors: ["CKV2_AWS_55"],
  fix: "create an aws_emr_security_configuration and set security_configuration",
  check: (stack) =>
    stack
      .resources("aws_emr_cluster")
      .filter((c) => !isSet(c.body.security_configuration))
      .map((c) => ({
        address: c.address,
        problem: "EMR cluster has no security_configuration, so at-rest and in-transit encryption are off",
        fix: "create an aws_emr_security_configuration (encryption at rest and in transit) and set security_configuration to its name",
      })),
};

export const emrBlockPublicAccess: Rule = {
  id: "PP-EMR-002",
  level: "warning",
  description:
    "A stack with an EMR cluster also sets the account/region EMR block public access (block_public_security_group_rules = true) on the same provider.",
  mirrors: ["CKV_AWS_390"],
  fix: "add aws_emr_block_public_access_configuration with block_public_security_group_rules = true on the provider (or suppress naming its owner)",
  check(stack) {
    const out: Violation[] = [];
    const configs = stack.resources("aws_emr_block_public_access_configuration");
    for (const cfg of configs) {
      if (!isTrue(cfg.body.block_public_security_group_rules)) {
        out.push({
          address: cfg.address,
          problem: "EMR block public access configuration has block_public_security_group_rules not true",
          fix: "set block_public_security_group_rules = true (port 22 stays permitted unless removed from the ranges)",
        });
      }
    }
    // The setting is per account and region, i.e. per provider configuration.
    for (const cluster of stack.resources("aws_emr_cluster")) {
      const provider = providerOf(cluster.body);
      const covered = configs.some(
        (c) => providerOf(c.body) === provider && isTrue(c.body.block_public_security_group_rules),
      );
      if (!covered) {
        out.push({
          address: cluster.address,
          problem: `no aws_emr_block_public_access_configuration with block_public_security_group_rules = true for provider ${provider} in this stack`,
          fix: `add one with provider ${provider}, or suppress with a reason naming the stack that manages this account/region setting`,
        });
      }
    }
    return out;
  },
};

/** AWS guidance for Spot: be flexible across many instance types so capacity can be found. */
const MIN_SPOT_TYPES = 10;

export const emrSpotFleetDiversity: Rule = {
  id: "PP-EMR-003",
  level: "error",
  levelByEnvironment: { dev: "warning" },
  description: `EMR instance fleets with Spot capacity list at least ${MIN_SPOT_TYPES} instance types.`,
  mirrors: ["project"],
  fix: "list at least 10 instance types of similar size in the Spot fleet",
  check: (stack) =>
    stack
      .resources("aws_emr_instance_fleet")
      .filter((f) => (num(f.body.target_spot_capacity) ?? 0) > 0)
      .flatMap((f) => {
        const types = new Set(blocks(f.body.instance_type_configs).flatMap((c) => strings(c.instance_type)));
        return types.size >= MIN_SPOT_TYPES
          ? []
          : [
              {
                address: f.address,
                problem: `Spot fleet lists ${types.size} instance type(s) (${[...types].join(", ") || "none"}); fewer than ${MIN_SPOT_TYPES} makes Spot interruptions and capacity shortfalls likely`,
                fix: `add instance_type_configs until at least ${MIN_SPOT_TYPES} types of similar size are listed (up to 30 via the API)`,
              },
            ];
      }),
};

/** S3 modes that use a customer managed KMS key (the security configuration's S3EncryptionConfiguration). */
const EMR_KMS_S3_MODES = ["SSE-KMS", "CSE-KMS"];

export const emrAtRestEncryption: Rule = {
  id: "PP-EMR-004",
  level: "error",
  description:
    "EMR security configurations enable at-rest encryption: EMRFS/S3 with SSE-KMS or CSE-KMS and local disks with a KMS (or custom) key provider.",
  mirrors: ["CKV_AWS_171"],
  fix: "enable at-rest encryption: S3 SSE-KMS/CSE-KMS and local disks with AwsKms",
  check(stack) {
    const out: Violation[] = [];
    for (const conf of stack.resources("aws_emr_security_configuration")) {
      const json = parseJsonArgument(conf.body.configuration);
      if (json === undefined) continue;
      const atRest = dig(json, "EncryptionConfiguration", "AtRestEncryptionConfiguration");
      const s3Mode = dig(atRest, "S3EncryptionConfiguration", "EncryptionMode");
      const disk = dig(atRest, "LocalDiskEncryptionConfiguration", "EncryptionKeyProviderType");
      const missing = [
        ...(dig(json, "EncryptionConfiguration", "EnableAtRestEncryption") !== true
          ? ["EnableAtRestEncryption is not true"]
          : []),
        ...(!EMR_KMS_S3_MODES.includes(String(s3Mode))
          ? [
              `S3EncryptionConfiguration.EncryptionMode is ${s3Mode === undefined ? "unset" : JSON.stringify(s3Mode)}`,
            ]
          : []),
        ...(disk === undefined ? ["LocalDiskEncryptionConfiguration is missing"] : []),
      ];
      if (missing.length > 0) {
        out.push({
          address: conf.address,
          problem: `security configuration leaves data at rest unprotected: ${missing.join("; ")}`,
          fix: 'set EncryptionConfiguration.EnableAtRestEncryption = true with S3EncryptionConfiguration { EncryptionMode: "SSE-KMS", AwsKmsKey } and LocalDiskEncryptionConfiguration { EncryptionKeyProviderType: "AwsKms", AwsKmsKey, EnableEbsEncryption: true }',
        });
      }
    }
    return out;
  },
};

/**
 * An AWS managed key named by alias (`alias/aws/secretsmanager`, or its ARN form): it cannot be shared
 * with another account and its policy cannot be restricted, exactly what an unset kms_key_id gives.
 * CKV_AWS_149 fails any kms_key_id containing "aws/".
 */
const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\//;

function cmkProblem(value: unknown, what: string): string | undefined {
  if (!isSet(value))
    return `${what} has no kms_key_id, so it uses the AWS managed key that cannot be shared or restricted`;
  if (typeof value === "string" && AWS_MANAGED_ALIAS.test(value))
    return `${what} names the AWS managed key ${value}, which cannot be shared or restricted`;
  return undefined;
}

export const secretsWithCmk: Rule = {
  id: "PP-SM-001",
  level: "error",
  description:
    "Secrets Manager secrets (and their replicas) are encrypted with a customer managed KMS key, not an AWS managed alias/aws/* key.",
  mirrors: ["CKV_AWS_149"],
  fix: "set kms_key_id (and each replica's) to a customer managed key",
  check(stack) {
    const out: Violation[] = [];
    for (const secret of stack.resources("aws_secretsmanager_secret")) {
      const own = cmkProblem(secret.body.kms_key_id, "secret");
      if (own) {
        out.push({
          address: secret.address,
          problem: own,
          fix: "set kms_key_id to a customer managed KMS key ARN",
        });
      }
      const replicas = blocks(secret.body.replica).flatMap((r) => {
        const problem = cmkProblem(r.kms_key_id, `replica in ${String(r.region)}`);
        return problem ? [problem] : [];
      });
      if (replicas.length > 0) {
        out.push({
          address: secret.address,
          problem: replicas.join("; "),
          fix: "set kms_key_id on every replica block to a customer managed key in that region",
        });
      }
    }
    return out;
  },
};

export const appflowWithCmk: Rule = {
  id: "PP-APPFLOW-001",
  level: "error",
  description: "AppFlow flows and connector profiles set kms_arn to a customer managed key.",
  mirrors: ["CKV_AWS_263", "CKV_AWS_264"],
  fix: "set kms_arn to a customer managed key",
  check: (stack) =>
    stack
      .resources("aws_appflow_flow", "aws_appflow_connector_profile")
      .filter((r) => !isSet(r.body.kms_arn))
      .map((r) => ({
        address: r.address,
        problem: `${r.type === "aws_appflow_flow" ? "flow" : "connector profile"} has no kms_arn, so AppFlow uses its AWS managed key`,
        fix: "set kms_arn to a customer managed KMS key ARN whose policy allows appflow.amazonaws.com",
      })),
};

export const fisScopedAndStoppable: Rule = {
  id: "PP-FIS-001",
  level: "error",
  levelByEnvironment: { dev: "warning" },
  description:
    "FIS experiment templates scope every target by resource_tag (or explicit ARNs) and have a stop condition other than none.",
  mirrors: ["project"],
  fix: "add resource_tag to every target and an alarm stop condition",
  check(stack) {
    const out: Violation[] = [];
    for (const t of stack.resources("aws_fis_experiment_template")) {
      const unscoped = blocks(t.body.target).filter(
        (tg) => blocks(tg.resource_tag).length === 0 && strings(tg.resource_arns).length === 0,
      );
      if (unscoped.length > 0) {
        out.push({
          address: t.address,
          problem: `target(s) ${unscoped.map((tg) => JSON.stringify(tg.name)).join(", ")} select every resource of their type`,
          fix: "add a resource_tag block (e.g. the cluster's Name tag) to every target",
        });
      }
      if (!blocks(t.body.stop_condition).some((c) => isSet(c.source) && c.source !== "none")) {
        out.push({
          address: t.address,
          problem: 'experiment template has no stop condition other than "none"',
          fix: 'add a stop_condition with source "aws:cloudwatch:alarm" and the ARN of an alarm that should halt the experiment',
        });
      }
    }
    return out;
  },
};

export const glueJdbcSsl: Rule = {
  id: "PP-GLUE-001",
  level: "error",
  description: 'Glue JDBC connections set JDBC_ENFORCE_SSL = "true".',
  mirrors: ["project"],
  fix: 'set connection_properties.JDBC_ENFORCE_SSL = "true"',
  check: (stack) =>
    stack
      .resources("aws_glue_connection")
      // The provider defaults connection_type to JDBC.
      .filter((c) => String(c.body.connection_type ?? "JDBC").toUpperCase() === "JDBC")
      .filter(
        (c) =>
          !isTrue((c.body.connection_properties as Record<string, unknown> | undefined)?.JDBC_ENFORCE_SSL),
      )
      .map((c) => ({
        address: c.address,
        problem:
          "JDBC connection does not enforce SSL, so credentials and data can cross the network in clear text",
        fix: 'set connection_properties.JDBC_ENFORCE_SSL = "true" (the data store must accept TLS)',
      })),
};

export const serviceRules: readonly Rule[] = [
  emrSecurityConfiguration,
  emrBlockPublicAccess,
  emrSpotFleetDiversity,
  emrAtRestEncryption,
  secretsWithCmk,
  appflowWithCmk,
  fisScopedAndStoppable,
  glueJdbcSsl,
];
