import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { TerraformProvider, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { policyJson, PolicyStatement } from "@multicloud-platform/modules/core";
import { evaluatePolicyPack, Finding, PolicyPackOptions } from "@multicloud-platform/modules/guardrails";

/** A stack with a default AwsProvider, built by `fn`. */
export function build(fn: (stack: TerraformStack) => void): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  fn(stack);
  return stack;
}

/** Findings of one rule for a stack built by `fn`. */
export function findingsOf(
  ruleId: string,
  fn: (stack: TerraformStack) => void,
  options: PolicyPackOptions = {},
): Finding[] {
  return evaluatePolicyPack(build(fn), options).findings.filter((f) => f.ruleId === ruleId);
}

/** Addresses reported by one rule. */
export function addressesOf(
  ruleId: string,
  fn: (stack: TerraformStack) => void,
  options: PolicyPackOptions = {},
): string[] {
  return findingsOf(ruleId, fn, options).map((f) => f.address);
}

export interface BucketOptions {
  readonly omit?: "pab" | "sse" | "versioning" | "logging" | "lifecycle";
  readonly provider?: TerraformProvider;
}

/**
 * A bucket with public access block, KMS encryption, versioning, access logging (to a log bucket outside the
 * stack) and a lifecycle rule (minus `omit`).
 */
export function secureBucket(scope: Construct, id: string, opts: BucketOptions = {}): S3Bucket {
  const { provider } = opts;
  const bucket = new S3Bucket(scope, id, { bucket: `${id}-bucket`, provider });
  if (opts.omit !== "pab") {
    new S3BucketPublicAccessBlock(scope, `${id}-pab`, {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
      provider,
    });
  }
  if (opts.omit !== "sse") {
    new S3BucketServerSideEncryptionConfigurationA(scope, `${id}-sse`, {
      bucket: bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: "arn:aws:kms:us-east-1:111122223333:key/k",
          },
        },
      ],
      provider,
    });
  }
  if (opts.omit !== "versioning") {
    new S3BucketVersioningA(scope, `${id}-versioning`, {
      bucket: bucket.bucket,
      versioningConfiguration: { status: "Enabled" },
      provider,
    });
  }
  if (opts.omit !== "logging") {
    new S3BucketLoggingA(scope, `${id}-logging`, {
      bucket: bucket.id,
      targetBucket: "central-access-logs",
      targetPrefix: `${id}/`,
      provider,
    });
  }
  if (opts.omit !== "lifecycle") {
    new S3BucketLifecycleConfiguration(scope, `${id}-lifecycle`, {
      bucket: bucket.id,
      rule: [
        {
          id: "noncurrent",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
        },
      ],
      provider,
    });
  }
  return bucket;
}

/**
 * An access-log target bucket (public access block, versioning, lifecycle, default encryption
 * `sseAlgorithm`) and the logging of `source` into it.
 */
export function logTarget(scope: Construct, id: string, source: S3Bucket, sseAlgorithm = "AES256"): S3Bucket {
  const target = secureBucket(scope, id, { omit: "sse" });
  new S3BucketServerSideEncryptionConfigurationA(scope, `${id}-sse`, {
    bucket: target.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm } }],
  });
  new S3BucketLoggingA(scope, `${id}-from-${source.friendlyUniqueId}`, {
    bucket: source.id,
    targetBucket: target.bucket,
    targetPrefix: "logs/",
  });
  return target;
}

/** A JSON policy string from statements. */
export function policy(...statements: PolicyStatement[]): string {
  return policyJson({ Version: "2012-10-17", Statement: statements });
}
