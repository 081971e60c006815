import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { checkLiteralStrings, PolicyStatement, policyDocument, policyJson } from "../core";

/** Internal to this module (not exported from index.ts): one hardened bucket. */
export interface SecureBucketProps {
  readonly bucketName: string;
  /** Partition the bucket ARN is built in (the ARN is computed so key policies can name it before the bucket exists). */
  readonly partition: string;
  readonly accountId: string;
  readonly kmsKeyArn: string;
  /** Allow statements added after the TLS-only deny. */
  readonly allowStatements?: readonly PolicyStatement[];
  readonly tags?: Readonly<Record<string, string>>;
  readonly provider?: TerraformProvider;
}

/**
 * A private bucket: all four public access blocks on, ACLs disabled (BucketOwnerEnforced),
 * versioning, SSE-KMS with a customer managed key and S3 Bucket Keys, and a bucket policy that
 * refuses any request not made over TLS.
 */
export class SecureBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const provider = props.provider;
    this.bucketName = props.bucketName;
    // Built from the name, not read from the resource, so KMS key policies can name the bucket
    // without a key -> bucket -> key dependency cycle.
    this.bucketArn = `arn:${props.partition}:s3:::${props.bucketName}`;

    this.bucket = new S3Bucket(this, "bucket", {
      provider,
      bucket: props.bucketName,
      forceDestroy: false,
      tags: props.tags ? { ...props.tags } : undefined,
    });

    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access", {
      provider,
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });

    new S3BucketOwnershipControls(this, "ownership", {
      provider,
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });

    new S3BucketVersioningA(this, "versioning", {
      provider,
      bucket: this.bucket.id,
      expectedBucketOwner: props.accountId,
      versioningConfiguration: { status: "Enabled" },
    });

    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider,
      bucket: this.bucket.id,
      expectedBucketOwner: props.accountId,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn },
          // Bucket Keys cut KMS request volume (and cost) for the many small objects a flow writes.
          bucketKeyEnabled: true,
        },
      ],
    });

    this.policy = new S3BucketPolicy(this, "policy", {
      provider,
      bucket: this.bucket.id,
      policy: policyJson(
        policyDocument(
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [this.bucketArn, `${this.bucketArn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          ...(props.allowStatements ?? []),
        ),
      ),
      // S3 rejects a policy write that races the public access block update on a new bucket.
      dependsOn: [publicAccess],
    });
  }
}
