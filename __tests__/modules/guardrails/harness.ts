import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
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
  readonly omit?: "pab" | "sse" | "versioning";
  readonly provider?: TerraformProvider;
}

/** A bucket with public access block, KMS encryption and versioning (minus `omit`). */
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
  return bucket;
}

/** A JSON policy string from statements. */
export function policy(...statements: PolicyStatement[]): string {
  return policyJson({ Version: "2012-10-17", Statement: statements });
}
