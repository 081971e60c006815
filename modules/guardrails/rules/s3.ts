import { resourcePolicies } from "../iam-policy";
import { StackModel, TfResource, blocks, isTrue } from "../model";
import type { Rule, Violation } from "../types";
import { CALLER_KEYS, NETWORK_KEYS, openPrincipalViolations } from "./principals";

// A bucket's companion resources name it by `${aws_s3_bucket.x.id}`, `.bucket` or its literal name.
const BUCKET_ATTRS = ["id", "bucket"];
const PAB_FLAGS = [
  "block_public_acls",
  "block_public_policy",
  "ignore_public_acls",
  "restrict_public_buckets",
] as const;

function companions(stack: StackModel, type: string, bucket: TfResource): TfResource[] {
  return stack.referencing(type, "bucket", bucket, BUCKET_ATTRS, "bucket");
}

export const s3PublicAccessBlock: Rule = {
  id: "PP-S3-001",
  level: "error",
  description: "Every S3 bucket has a public access block with all four settings true.",
  mirrors: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
  fix: "add an aws_s3_bucket_public_access_block for the bucket with all four settings true",
  check(stack) {
    const out: Violation[] = [];
    for (const bucket of stack.resources("aws_s3_bucket")) {
      if (companions(stack, "aws_s3_bucket_public_access_block", bucket).length === 0) {
        out.push({
          address: bucket.address,
          problem: "S3 bucket has no aws_s3_bucket_public_access_block",
          fix: `add an aws_s3_bucket_public_access_block with bucket = ${bucket.address}.id and ${PAB_FLAGS.join(", ")} all true`,
        });
      }
    }
    for (const pab of stack.resources("aws_s3_bucket_public_access_block")) {
      const off = PAB_FLAGS.filter((flag) => !isTrue(pab.body[flag]));
      if (off.length > 0) {
        out.push({
          address: pab.address,
          problem: `public access block leaves ${off.join(", ")} not true`,
          fix: `set ${off.join(", ")} to true`,
        });
      }
    }
    return out;
  },
};

const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/** The default-encryption algorithms a bucket declares (separate resource or legacy inline block). */
function sseAlgorithms(stack: StackModel, bucket: TfResource): string[] {
  const configs = [
    ...companions(stack, "aws_s3_bucket_server_side_encryption_configuration", bucket).map((r) => r.body),
    // The deprecated inline block on aws_s3_bucket still works in provider 5.x.
    ...blocks(bucket.body.server_side_encryption_configuration),
  ];
  return configs.flatMap((cfg) =>
    blocks(cfg.rule).flatMap((rule) =>
      blocks(rule.apply_server_side_encryption_by_default).map((d) => String(d.sse_algorithm)),
    ),
  );
}

/**
 * Buckets that receive S3 server access logs: the `target_bucket` of an aws_s3_bucket_logging (or of a
 * legacy inline `logging` block) in this stack.
 */
export function accessLogTargets(stack: StackModel): TfResource[] {
  const targets = [
    ...stack.resources("aws_s3_bucket_logging").map((l) => l.body.target_bucket),
    ...stack.resources("aws_s3_bucket").flatMap((b) => blocks(b.body.logging).map((l) => l.target_bucket)),
  ];
  return stack
    .resources("aws_s3_bucket")
    .filter((bucket) => targets.some((t) => stack.refersTo(t, bucket, BUCKET_ATTRS, "bucket")));
}

/**
 * S3 server access log delivery supports default encryption with SSE-S3 only: "You can use default bucket
 * encryption on the target bucket only if you use server-side encryption with Amazon S3 managed keys
 * (SSE-S3) … Default server-side encryption with AWS Key Management Service (AWS KMS) keys (SSE-KMS) is not
 * supported." (S3 User Guide, "Enabling Amazon S3 server access logging":
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html). A KMS-encrypted
 * target loses the logs silently (aws-cdk issue #23513), so log targets are the one deliberate deviation
 * from CKV_AWS_145 (which has no such exemption: checkov issue #6264).
 */
const LOG_TARGET_ALGORITHM = "AES256";

export const s3KmsEncryption: Rule = {
  id: "PP-S3-002",
  level: "error",
  description:
    "Every S3 bucket's default encryption uses KMS (aws:kms or aws:kms:dsse), except access-log target buckets, which use AES256 (the only encryption log delivery supports).",
  mirrors: ["CKV_AWS_145"],
  fix: "add an aws_s3_bucket_server_side_encryption_configuration with aws:kms and a customer managed key (AES256 on access-log targets)",
  check(stack) {
    const logTargets = new Set(accessLogTargets(stack));
    const out: Violation[] = [];
    for (const bucket of stack.resources("aws_s3_bucket")) {
      const algorithms = sseAlgorithms(stack, bucket);
      if (logTargets.has(bucket)) {
        if (
          !algorithms.includes(LOG_TARGET_ALGORITHM) ||
          algorithms.some((a) => a !== LOG_TARGET_ALGORITHM)
        ) {
          out.push({
            address: bucket.address,
            problem: `bucket receives S3 server access logs but its default encryption is ${algorithms.join(", ") || "not set"}; S3 log delivery supports only SSE-S3 and drops logs silently otherwise`,
            fix: `give ${bucket.address} an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm "${LOG_TARGET_ALGORITHM}"`,
          });
        }
      } else if (!algorithms.some((a) => KMS_ALGORITHMS.includes(a))) {
        out.push({
          address: bucket.address,
          problem: "S3 bucket has no default encryption with KMS",
          fix: `add an aws_s3_bucket_server_side_encryption_configuration for ${bucket.address} with sse_algorithm "aws:kms" and kms_master_key_id set to a customer managed key`,
        });
      }
    }
    return out;
  },
};

export const s3Versioning: Rule = {
  id: "PP-S3-003",
  level: "error",
  description: "Every S3 bucket has versioning enabled.",
  mirrors: ["CKV_AWS_21"],
  fix: "add an aws_s3_bucket_versioning with status Enabled",
  check(stack) {
    return stack
      .resources("aws_s3_bucket")
      .filter((bucket) => {
        const separate = companions(stack, "aws_s3_bucket_versioning", bucket).some((v) =>
          blocks(v.body.versioning_configuration).some((c) => c.status === "Enabled"),
        );
        return !separate && !blocks(bucket.body.versioning).some((v) => isTrue(v.enabled));
      })
      .map((bucket) => ({
        address: bucket.address,
        problem: "S3 bucket does not have versioning enabled",
        fix: `add an aws_s3_bucket_versioning for ${bucket.address} with versioning_configuration.status = "Enabled"`,
      }));
  },
};

export const s3AccessLogging: Rule = {
  id: "PP-S3-004",
  level: "error",
  description:
    "Every S3 bucket has server access logging (aws_s3_bucket_logging), except the buckets that receive the logs.",
  mirrors: ["CKV_AWS_18"],
  fix: "add an aws_s3_bucket_logging to an SSE-S3 log bucket of the same account and region (core's AccessLogBucket)",
  check(stack) {
    // A log bucket logging to itself loops ("will cause an infinite loop of logs", S3 User Guide): exempt.
    const logTargets = new Set(accessLogTargets(stack));
    return stack
      .resources("aws_s3_bucket")
      .filter(
        (bucket) =>
          !logTargets.has(bucket) &&
          companions(stack, "aws_s3_bucket_logging", bucket).length === 0 &&
          blocks(bucket.body.logging).length === 0,
      )
      .map((bucket) => ({
        address: bucket.address,
        problem: "S3 bucket has no server access logging, so requests to its objects leave no audit trail",
        fix: `add an aws_s3_bucket_logging with bucket = ${bucket.address}.id and target_bucket = an SSE-S3 log bucket of the same account and region (core's AccessLogBucket), target_prefix "<bucket name>/"`,
      }));
  },
};

export const s3Lifecycle: Rule = {
  id: "PP-S3-005",
  level: "warning",
  description:
    "Every S3 bucket has an enabled lifecycle rule (expiry, noncurrent-version expiry or transitions); accept with a reason otherwise.",
  mirrors: ["CKV2_AWS_61"],
  fix: "add an aws_s3_bucket_lifecycle_configuration (noncurrent-version expiry, multipart abort, expiry or tiering), or acceptWarning with a reason",
  check(stack) {
    return stack
      .resources("aws_s3_bucket")
      .filter((bucket) => {
        const rules = [
          ...companions(stack, "aws_s3_bucket_lifecycle_configuration", bucket).flatMap((c) =>
            blocks(c.body.rule),
          ),
          ...blocks(bucket.body.lifecycle_rule).map((r) => ({ status: isTrue(r.enabled) ? "Enabled" : "" })),
        ];
        return !rules.some((r) => r.status === "Enabled");
      })
      .map((bucket) => ({
        address: bucket.address,
        problem:
          "S3 bucket has no enabled lifecycle rule, so every object and (with versioning) every noncurrent version is kept and billed forever",
        fix: `add an aws_s3_bucket_lifecycle_configuration for ${bucket.address} (noncurrent_version_expiration, abort_incomplete_multipart_upload, expiration or transitions), or accept the warning with acceptWarning(bucket, "PP-S3-005", "<why>")`,
      }));
  },
};

export const s3NoOpenPrincipal: Rule = {
  id: "PP-S3-006",
  level: "error",
  description:
    'S3 bucket policies allow Principal "*" only with a condition that restricts the caller (account, organization, source or network).',
  mirrors: ["CKV_AWS_70"],
  fix: "name the principals, or add an aws:PrincipalOrgID / aws:SourceArn / aws:SourceVpce condition",
  check: (stack) =>
    openPrincipalViolations(
      resourcePolicies(stack, [
        ["aws_s3_bucket_policy", "policy"],
        ["aws_s3_bucket", "policy"],
      ]),
      [...CALLER_KEYS, ...NETWORK_KEYS],
      "to act on the bucket",
      "name the principals (account root, role ARNs, service principals with aws:SourceAccount/aws:SourceArn), or add a condition on aws:PrincipalOrgID, aws:SourceVpce or similar",
    ),
};

export const s3Rules: readonly Rule[] = [
  s3PublicAccessBlock,
  s3KmsEncryption,
  s3Versioning,
  s3AccessLogging,
  s3Lifecycle,
  s3NoOpenPrincipal,
];
