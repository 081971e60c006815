import { StackModel, TfResource, blocks, isTrue } from "../model";
import type { Rule, Violation } from "../types";

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

function usesKms(sseConfig: unknown): boolean {
  return blocks(sseConfig).some((cfg) =>
    blocks(cfg.rule).some((rule) =>
      blocks(rule.apply_server_side_encryption_by_default).some((d) =>
        KMS_ALGORITHMS.includes(String(d.sse_algorithm)),
      ),
    ),
  );
}

export const s3KmsEncryption: Rule = {
  id: "PP-S3-002",
  level: "error",
  description: "Every S3 bucket's default encryption uses KMS (aws:kms or aws:kms:dsse).",
  mirrors: ["CKV_AWS_145"],
  check(stack) {
    return stack
      .resources("aws_s3_bucket")
      .filter((bucket) => {
        const separate = companions(stack, "aws_s3_bucket_server_side_encryption_configuration", bucket).map(
          (r) => r.body,
        );
        // The deprecated inline block on aws_s3_bucket still works in provider 5.x.
        return !usesKms([...separate, ...blocks(bucket.body.server_side_encryption_configuration)]);
      })
      .map((bucket) => ({
        address: bucket.address,
        problem: "S3 bucket has no default encryption with KMS",
        fix: `add an aws_s3_bucket_server_side_encryption_configuration for ${bucket.address} with sse_algorithm "aws:kms" and kms_master_key_id set to a customer managed key`,
      }));
  },
};

export const s3Versioning: Rule = {
  id: "PP-S3-003",
  level: "error",
  description: "Every S3 bucket has versioning enabled.",
  mirrors: ["CKV_AWS_21"],
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

export const s3Rules: readonly Rule[] = [s3PublicAccessBlock, s3KmsEncryption, s3Versioning];
