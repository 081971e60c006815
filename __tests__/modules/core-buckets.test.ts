// modules/core's resource helpers: the one hardened-bucket implementation, the S3 access-log bucket and
// acceptWarning. Pure checks (validate.ts) are exercised through every module's "fails when" cases.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import {
  AccessLogBucket,
  AccessLogTarget,
  NESTED_BUCKET_IDS,
  PrivateBucket,
  acceptWarning,
  isBucketName,
  prefixedBucketIds,
  privateBucketResources,
} from "@multicloud-platform/modules/core";
import { evaluatePolicyPack } from "@multicloud-platform/modules/guardrails";

type Json = Record<string, any>;

const KEY = "arn:aws:kms:us-east-1:111122223333:key/k";

function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "core");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  return stack;
}

const of = (json: Json, type: string): Json[] => Object.values(json.resource?.[type] ?? {});
const synth = (stack: TerraformStack): Json => JSON.parse(Testing.synth(stack));

describe("PrivateBucket", () => {
  it("blocks public access, disables ACLs, versions, encrypts with the CMK and denies plain HTTP", () => {
    const stack = newStack();
    new PrivateBucket(stack, "data", {
      bucketName: "acme-data",
      encryption: { type: "kms", kmsKeyArn: KEY },
      expectedBucketOwner: "111122223333",
    });
    const json = synth(stack);
    expect(of(json, "aws_s3_bucket_public_access_block")[0]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(of(json, "aws_s3_bucket_ownership_controls")[0].rule).toEqual({
      object_ownership: "BucketOwnerEnforced",
    });
    expect(of(json, "aws_s3_bucket_versioning")[0]).toMatchObject({
      expected_bucket_owner: "111122223333",
      versioning_configuration: { status: "Enabled" },
    });
    expect(of(json, "aws_s3_bucket_server_side_encryption_configuration")[0].rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KEY },
        bucket_key_enabled: true,
      },
    ]);
    const [policy] = of(json, "aws_s3_bucket_policy");
    expect(JSON.parse(policy.policy).Statement[0]).toMatchObject({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(policy.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_public_access_block\./)]);
    // No logging or lifecycle unless asked for.
    expect(json.resource.aws_s3_bucket_logging).toBeUndefined();
    expect(json.resource.aws_s3_bucket_lifecycle_configuration).toBeUndefined();
  });

  it("keeps the construct ids a module used before (nested, or prefixed side by side): addresses do not move", () => {
    const stack = newStack();
    new PrivateBucket(stack, "results", {
      bucketName: "acme-results",
      encryption: { type: "kms", kmsKeyArn: KEY },
    });
    privateBucketResources(stack, prefixedBucketIds("log-bucket"), {
      bucketName: "acme-logs",
      encryption: { type: "kms", kmsKeyArn: KEY },
      lifecycleRules: [{ id: "expire", expirationDays: 90, noncurrentVersionExpirationDays: 90 }],
    });
    const paths = Object.values(stack.toTerraform().resource as Record<string, Record<string, Json>>)
      .flatMap((byName) => Object.values(byName).map((r) => r["//"].metadata.path as string))
      .sort();
    expect(paths).toEqual(
      [
        ...Object.entries(NESTED_BUCKET_IDS)
          .filter(([k]) => !["logging", "lifecycle"].includes(k))
          .map(([, id]) => `core/results/${id}`),
        "core/log-bucket",
        "core/log-bucket-public-access-block",
        "core/log-bucket-ownership",
        "core/log-bucket-versioning",
        "core/log-bucket-encryption",
        "core/log-bucket-policy",
        "core/log-bucket-lifecycle",
      ].sort(),
    );
  });

  it("adds lifecycle rules (after versioning) and access logging to a target that is told about the source", () => {
    const stack = newStack();
    const sources: string[] = [];
    const target: AccessLogTarget = {
      bucketName: "central-logs",
      allowSource: (s) => sources.push(`${s.bucketArn} ${s.prefix}`),
    };
    new PrivateBucket(stack, "data", {
      bucketName: "acme-data",
      bucketArn: "arn:aws:s3:::acme-data",
      encryption: { type: "kms", kmsKeyArn: KEY },
      accessLogs: target,
      lifecycleRules: [{ id: "tier", noncurrentVersionExpirationDays: 30, intelligentTieringAfterDays: 0 }],
    });
    const json = synth(stack);
    expect(sources).toEqual(["arn:aws:s3:::acme-data acme-data/"]);
    expect(of(json, "aws_s3_bucket_logging")[0]).toMatchObject({
      target_bucket: "central-logs",
      target_prefix: "acme-data/",
    });
    const [lifecycle] = of(json, "aws_s3_bucket_lifecycle_configuration");
    expect(lifecycle.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_versioning\./)]);
    expect(lifecycle.rule).toEqual([
      {
        id: "tier",
        status: "Enabled",
        filter: [{ prefix: "" }],
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        transition: [{ days: 0, storage_class: "INTELLIGENT_TIERING" }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
      },
    ]);
  });

  it("fails when lifecycle rule ids repeat or a rule has no positive noncurrent expiry", () => {
    const bad = (rules: { id: string; noncurrentVersionExpirationDays: number }[]) => () =>
      new PrivateBucket(newStack(), "b", {
        bucketName: "acme-b",
        encryption: { type: "s3-managed" },
        lifecycleRules: rules,
      });
    expect(
      bad([
        { id: "a", noncurrentVersionExpirationDays: 1 },
        { id: "a", noncurrentVersionExpirationDays: 2 },
      ]),
    ).toThrow(/lifecycleRules\.id.*"a"/);
    expect(bad([{ id: "a", noncurrentVersionExpirationDays: 0 }])).toThrow(
      /lifecycleRules\.a\.noncurrentVersionExpirationDays = 0: must be an integer from 1/,
    );
  });
});

describe("AccessLogBucket", () => {
  function logged(): { stack: TerraformStack; json: Json } {
    const stack = newStack();
    const logs = new AccessLogBucket(stack, "access-logs", {
      bucketName: "dev-ingest-access-logs-111122223333-us-east-1",
      accountId: "111122223333",
    });
    new PrivateBucket(stack, "a", {
      bucketName: "acme-a",
      bucketArn: "arn:aws:s3:::acme-a",
      encryption: { type: "kms", kmsKeyArn: KEY },
      accessLogs: logs,
      lifecycleRules: [{ id: "n", noncurrentVersionExpirationDays: 30 }],
    });
    new PrivateBucket(stack, "b", {
      bucketName: "acme-b",
      bucketArn: "arn:aws:s3:::acme-b",
      encryption: { type: "kms", kmsKeyArn: KEY },
      accessLogs: logs,
      lifecycleRules: [{ id: "n", noncurrentVersionExpirationDays: 30 }],
    });
    return { stack, json: synth(stack) };
  }

  it("is SSE-S3 (the only default encryption log delivery supports), expires logs, and admits only its sources' deliveries", () => {
    const { json } = logged();
    const logBucket = Object.entries(json.resource.aws_s3_bucket as Record<string, Json>).find(([, b]) =>
      b.bucket.startsWith("dev-ingest-access-logs"),
    )!;
    const sse = of(json, "aws_s3_bucket_server_side_encryption_configuration").find((c) =>
      c.bucket.includes(logBucket[0]),
    )!;
    expect(sse.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
    const lifecycle = of(json, "aws_s3_bucket_lifecycle_configuration").find((c) =>
      c.bucket.includes(logBucket[0]),
    )!;
    expect(lifecycle.rule[0]).toMatchObject({ id: "expire-access-logs", expiration: [{ days: 365 }] });
    const policy = JSON.parse(
      of(json, "aws_s3_bucket_policy").find((p) => p.bucket.includes(logBucket[0]))!.policy,
    );
    expect(policy.Statement[1]).toEqual({
      Sid: "S3ServerAccessLogsPolicy",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: [
        "arn:aws:s3:::dev-ingest-access-logs-111122223333-us-east-1/acme-a/*",
        "arn:aws:s3:::dev-ingest-access-logs-111122223333-us-east-1/acme-b/*",
      ],
      Condition: {
        ArnLike: { "aws:SourceArn": ["arn:aws:s3:::acme-a", "arn:aws:s3:::acme-b"] },
        StringEquals: { "aws:SourceAccount": "111122223333" },
      },
    });
    // Sources reference the bucket (created first) and switch logging on after the delivery grant.
    for (const l of of(json, "aws_s3_bucket_logging")) {
      expect(l.target_bucket).toBe(`\${aws_s3_bucket.${logBucket[0]}.bucket}`);
      expect(l.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\.access-logs_/)]);
    }
    // No logging of its own.
    expect(of(json, "aws_s3_bucket_logging").map((l) => l.bucket)).not.toContain(
      `\${aws_s3_bucket.${logBucket[0]}.id}`,
    );
  });

  it("passes every policy-pack rule with its sources, KMS exemption included", () => {
    const { stack } = logged();
    const report = evaluatePolicyPack(stack);
    expect(report.findings).toEqual([]);
  });

  it("fails when its derived name is not a bucket name, and at synth when no bucket logs to it", () => {
    expect(
      () =>
        new AccessLogBucket(newStack(), "l", {
          bucketName: `${"x".repeat(60)}-logs`,
          accountId: "111122223333",
        }),
    ).toThrow(
      /invalid bucketName = "x+-logs": must be 3-63 .*Fix: shorten the parts the name is derived from/,
    );
    const stack = newStack();
    new AccessLogBucket(stack, "unused", { bucketName: "unused-logs", accountId: "111122223333" });
    expect(() => Testing.synth(stack, true)).toThrow(/no bucket sends its access logs to unused-logs/);
  });
});

describe("acceptWarning", () => {
  it("writes the reason into the resource's // comment block, keyed by rule id", () => {
    const stack = newStack();
    const bucket = new PrivateBucket(stack, "b", {
      bucketName: "acme-b",
      encryption: { type: "kms", kmsKeyArn: KEY },
    });
    acceptWarning(bucket.bucket, "PP-S3-005", "one-off export");
    acceptWarning(bucket.bucket, "PP-X-001", "another");
    expect(Object.values(stack.toTerraform().resource.aws_s3_bucket)[0]).toMatchObject({
      "//": { policy_accepted: { "PP-S3-005": "one-off export", "PP-X-001": "another" } },
    });
  });
});

describe("isBucketName", () => {
  it("accepts lowercase DNS-safe names and refuses dots, reserved prefixes and suffixes", () => {
    expect(["acme-data", "a1b", "x".repeat(63)].map(isBucketName)).toEqual([true, true, true]);
    expect(["Acme", "a.b", "xn--a", "ab", "x".repeat(64), "data-s3alias", "-a-"].map(isBucketName)).toEqual(
      Array(7).fill(false),
    );
  });
});
