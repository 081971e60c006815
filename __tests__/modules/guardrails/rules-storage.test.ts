// S3 logging/lifecycle/policies, KMS keys and CloudWatch log groups: for each rule a violating stack it
// reports and a compliant one it does not (cdk-nag's Noncompliance/Compliance pattern).
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsKeyPolicy } from "@cdktf/provider-aws/lib/kms-key-policy";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { acceptWarning } from "@multicloud-platform/modules/core";
import { addressesOf, findingsOf, logTarget, policy, secureBucket } from "./harness";

const ROOT = { AWS: "arn:aws:iam::111122223333:root" };
const ADMIN = { Sid: "Admin", Effect: "Allow" as const, Principal: ROOT, Action: "kms:*", Resource: "*" };

describe("PP-S3-004 access logging", () => {
  it("reports a bucket without server access logging", () => {
    const findings = findingsOf("PP-S3-004", (s) => secureBucket(s, "data", { omit: "logging" }));
    expect(findings.map((f) => f.address)).toEqual(["aws_s3_bucket.data"]);
    expect(findings[0].message).toMatch(/no server access logging.*Fix: add an aws_s3_bucket_logging/);
  });

  it("accepts a logged bucket, and exempts the log target itself (it would log its own deliveries)", () => {
    expect(
      addressesOf("PP-S3-004", (s) => {
        const data = secureBucket(s, "data", { omit: "logging" });
        logTarget(s, "logs", data);
      }),
    ).toEqual([]);
  });
});

describe("PP-S3-005 lifecycle", () => {
  it("reports, as a warning, a bucket without lifecycle and one whose only rule is disabled", () => {
    const findings = findingsOf("PP-S3-005", (s) => {
      secureBucket(s, "none", { omit: "lifecycle" });
      const off = secureBucket(s, "off", { omit: "lifecycle" });
      new S3BucketLifecycleConfiguration(s, "off-lc", {
        bucket: off.id,
        rule: [{ id: "x", status: "Disabled", filter: [{ prefix: "" }], expiration: [{ days: 1 }] }],
      });
    });
    expect(findings.map((f) => [f.address, f.level, f.suppressedBy])).toEqual([
      ["aws_s3_bucket.none", "warning", undefined],
      ["aws_s3_bucket.off", "warning", undefined],
    ]);
  });

  it("accepts an enabled lifecycle rule, and a warning accepted next to the bucket with its reason", () => {
    expect(addressesOf("PP-S3-005", (s) => secureBucket(s, "ok"))).toEqual([]);
    const [accepted] = findingsOf("PP-S3-005", (s) => {
      const b = secureBucket(s, "archive", { omit: "lifecycle" });
      acceptWarning(b, "PP-S3-005", "legal archive: every version is kept for the retention period");
    });
    expect(accepted.suppressedBy).toEqual({
      ruleId: "PP-S3-005",
      address: "aws_s3_bucket.archive",
      reason: "legal archive: every version is kept for the retention period",
      source: "resource",
    });
  });
});

describe("PP-S3-006 no open principal in bucket policies", () => {
  it('reports Principal "*" and {"AWS": "*"} Allow statements without a caller condition', () => {
    const findings = findingsOf("PP-S3-006", (s) => {
      const b = secureBucket(s, "data");
      new S3BucketPolicy(s, "open", {
        bucket: b.id,
        policy: policy(
          {
            Sid: "Public",
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::d/*",
          },
          {
            Sid: "AnyAccount",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::d/*",
            // A negated operator widens the grant; it restricts nothing.
            Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-abc" } },
          },
        ),
      });
    });
    expect(findings.map((f) => f.address)).toEqual([
      "aws_s3_bucket_policy.open",
      "aws_s3_bucket_policy.open",
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/Sid "AnyAccount" allows Principal "\*" to act on the bucket with no condition/),
      expect.stringMatching(/Sid "Public" allows Principal "\*" to act on the bucket with no condition/),
    ]);
  });

  it("accepts the TLS deny, named principals and Principal * pinned to an organization or VPC endpoint", () => {
    expect(
      addressesOf("PP-S3-006", (s) => {
        const b = secureBucket(s, "data");
        new S3BucketPolicy(s, "ok", {
          bucket: b.id,
          policy: policy(
            {
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: "arn:aws:s3:::d/*",
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            { Effect: "Allow", Principal: ROOT, Action: "s3:GetObject", Resource: "arn:aws:s3:::d/*" },
            {
              Effect: "Allow",
              Principal: "*",
              Action: "s3:GetObject",
              Resource: "arn:aws:s3:::d/*",
              Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } },
            },
            {
              Effect: "Allow",
              Principal: { AWS: "*" },
              Action: "s3:GetObject",
              Resource: "arn:aws:s3:::d/*",
              Condition: { StringEquals: { "aws:SourceVpce": "vpce-0123" } },
            },
          ),
        });
      }),
    ).toEqual([]);
  });
});

describe("PP-KMS-001 key rotation", () => {
  it("reports a symmetric key with rotation off or unset", () => {
    expect(
      addressesOf("PP-KMS-001", (s) => {
        new KmsKey(s, "off", { enableKeyRotation: false, policy: policy(ADMIN) });
        new KmsKey(s, "unset", { policy: policy(ADMIN) });
      }),
    ).toEqual(["aws_kms_key.off", "aws_kms_key.unset"]);
  });

  it("accepts rotation on, and asymmetric keys (which cannot rotate automatically)", () => {
    expect(
      addressesOf("PP-KMS-001", (s) => {
        new KmsKey(s, "on", { enableKeyRotation: true, policy: policy(ADMIN) });
        new KmsKey(s, "signing", {
          customerMasterKeySpec: "RSA_2048",
          keyUsage: "SIGN_VERIFY",
          policy: policy(ADMIN),
        });
      }),
    ).toEqual([]);
  });
});

describe("PP-KMS-002 explicit key policy", () => {
  it("reports a key without a policy", () => {
    expect(addressesOf("PP-KMS-002", (s) => new KmsKey(s, "bare", { enableKeyRotation: true }))).toEqual([
      "aws_kms_key.bare",
    ]);
  });

  it("accepts an inline policy and a separate aws_kms_key_policy", () => {
    expect(
      addressesOf("PP-KMS-002", (s) => {
        new KmsKey(s, "inline", { enableKeyRotation: true, policy: policy(ADMIN) });
        const separate = new KmsKey(s, "separate", { enableKeyRotation: true });
        new KmsKeyPolicy(s, "separate-policy", { keyId: separate.id, policy: policy(ADMIN) });
      }),
    ).toEqual([]);
  });
});

describe("PP-KMS-003 no open principal in key policies", () => {
  it('reports Principal {"AWS": "*"} without a condition, also through aws_kms_key_policy', () => {
    const open = { Effect: "Allow" as const, Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" };
    expect(
      addressesOf("PP-KMS-003", (s) => {
        new KmsKey(s, "k", { enableKeyRotation: true, policy: policy(ADMIN, open) });
        const other = new KmsKey(s, "other", { enableKeyRotation: true });
        new KmsKeyPolicy(s, "other-policy", { keyId: other.id, policy: policy(ADMIN, open) });
      }),
    ).toEqual(["aws_kms_key.k", "aws_kms_key_policy.other-policy"]);
  });

  it('accepts the account root, service principals and "*" pinned by kms:CallerAccount', () => {
    expect(
      addressesOf("PP-KMS-003", (s) => {
        new KmsKey(s, "k", {
          enableKeyRotation: true,
          policy: policy(
            ADMIN,
            {
              Effect: "Allow",
              Principal: { Service: "logs.us-east-1.amazonaws.com" },
              Action: "kms:Encrypt*",
              Resource: "*",
            },
            {
              Effect: "Allow",
              Principal: { AWS: "*" },
              Action: "kms:Decrypt",
              Resource: "*",
              Condition: {
                StringEquals: {
                  "kms:CallerAccount": "111122223333",
                  "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com",
                },
              },
            },
          ),
        });
      }),
    ).toEqual([]);
  });
});

describe("PP-LOG-001 log group retention", () => {
  it("reports a group without retention_in_days and one keeping logs 30 days", () => {
    const findings = findingsOf("PP-LOG-001", (s) => {
      new CloudwatchLogGroup(s, "forever", { name: "a", kmsKeyId: "arn:aws:kms:us-east-1:1:key/k" });
      new CloudwatchLogGroup(s, "short", {
        name: "b",
        retentionInDays: 30,
        kmsKeyId: "arn:aws:kms:us-east-1:1:key/k",
      });
    });
    expect(findings.map((f) => f.address)).toEqual([
      "aws_cloudwatch_log_group.forever",
      "aws_cloudwatch_log_group.short",
    ]);
    expect(findings[1].message).toMatch(/keeps logs for 30 days/);
  });

  it("accepts a year or more, and an explicit 0 (never expire)", () => {
    expect(
      addressesOf("PP-LOG-001", (s) => {
        new CloudwatchLogGroup(s, "year", { name: "a", retentionInDays: 365 });
        new CloudwatchLogGroup(s, "keep", { name: "b", retentionInDays: 0 });
      }),
    ).toEqual([]);
  });
});

describe("PP-LOG-002 log group KMS", () => {
  it("reports a group without kms_key_id and one whose in-stack key does not admit CloudWatch Logs", () => {
    const findings = findingsOf("PP-LOG-002", (s) => {
      new CloudwatchLogGroup(s, "plain", { name: "a", retentionInDays: 365 });
      const key = new KmsKey(s, "key", { enableKeyRotation: true, policy: policy(ADMIN) });
      new CloudwatchLogGroup(s, "locked-out", { name: "b", retentionInDays: 365, kmsKeyId: key.arn });
    });
    expect(findings.map((f) => f.address)).toEqual([
      "aws_cloudwatch_log_group.locked-out",
      "aws_cloudwatch_log_group.plain",
    ]);
    expect(findings[0].message).toMatch(
      /policy of aws_kms_key\.key has no statement for the CloudWatch Logs service principal/,
    );
  });

  it("accepts a key whose policy allows logs.<region>.amazonaws.com, and a key from outside the stack", () => {
    expect(
      addressesOf("PP-LOG-002", (s) => {
        const key = new KmsKey(s, "key", {
          enableKeyRotation: true,
          policy: policy(ADMIN, {
            Effect: "Allow",
            Principal: { Service: "logs.us-east-1.amazonaws.com" },
            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"],
            Resource: "*",
          }),
        });
        new CloudwatchLogGroup(s, "ok", { name: "a", retentionInDays: 365, kmsKeyId: key.arn });
        new CloudwatchLogGroup(s, "external", {
          name: "b",
          retentionInDays: 365,
          kmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/k",
        });
      }),
    ).toEqual([]);
  });
});

describe("S3 buckets outside any policy", () => {
  it("a bare bucket is reported by every S3 rule that applies to it", () => {
    const ids = ["PP-S3-001", "PP-S3-002", "PP-S3-003", "PP-S3-004", "PP-S3-005"];
    for (const id of ids) {
      expect(addressesOf(id, (s) => new S3Bucket(s, "bare", { bucket: "bare" }))).toEqual([
        "aws_s3_bucket.bare",
      ]);
    }
  });
});
