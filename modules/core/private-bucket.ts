import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { ITerraformDependable, Lazy, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { PolicyStatement, policyDocument, policyJson } from "./iam";
import { checkLiteralStrings } from "./template";
import { checkIntRange, checkUnique } from "./validate";

/**
 * Where a bucket's S3 server access logs go. {@link AccessLogBucket} implements it; a team with its own
 * log bucket implements `allowSource` as a no-op (and grants delivery in that bucket's policy itself).
 */
export interface AccessLogTarget {
  /**
   * Name of the target bucket (a reference to its resource where it is in the same stack, so Terraform creates
   * it first): same account and region as the source ("Enabling Amazon S3 server access logging").
   */
  readonly bucketName: string;
  /** What must exist before a source's logging is switched on (the target's delivery grant). @default - nothing */
  readonly deliveryGrant?: ITerraformDependable;
  /** Called once per source bucket, before synth resolves, so the target can admit that bucket's log delivery. */
  allowSource(source: { readonly bucketArn: string; readonly prefix: string }): void;
}

/** One lifecycle rule, in days. Every rule also aborts incomplete multipart uploads after a day. */
export interface PrivateBucketLifecycleRule {
  /** Rule id, unique in the bucket. */
  readonly id: string;
  /** Key prefix the rule applies to. @default "" (every object) */
  readonly prefix?: string;
  /** Current versions expire this many days after creation. @default - current versions never expire */
  readonly expirationDays?: number;
  /** Noncurrent (overwritten or deleted) versions expire this many days after they become noncurrent. */
  readonly noncurrentVersionExpirationDays: number;
  /** Objects move to S3 Intelligent-Tiering this many days after creation. @default - no transition */
  readonly intelligentTieringAfterDays?: number;
}

/** Default encryption: SSE-KMS with a customer managed key, or SSE-S3 (only for access-log targets). */
export type PrivateBucketEncryption =
  { readonly type: "kms"; readonly kmsKeyArn: string } | { readonly type: "s3-managed" };

export interface PrivateBucketProps {
  readonly bucketName: string;
  readonly encryption: PrivateBucketEncryption;
  /**
   * The bucket's ARN as policies should name it. Pass `arn:<partition>:s3:::<name>` to let KMS key policies
   * name the bucket before it exists (no key → bucket → key cycle).
   * @default - the bucket resource's `arn` attribute
   */
  readonly bucketArn?: string;
  /** Pins versioning and encryption calls to this account (`expected_bucket_owner`). @default - not pinned */
  readonly expectedBucketOwner?: string;
  /**
   * Allow statements added after the TLS-only deny; a function is called when synth resolves the policy
   * (for statements completed after construction, e.g. log sources registering later).
   * @default - none
   */
  readonly allowStatements?: readonly PolicyStatement[] | (() => readonly PolicyStatement[]);
  /** Server access logs of this bucket go to the target under `<bucket name>/`. @default - no access logging */
  readonly accessLogs?: AccessLogTarget;
  /** @default - no lifecycle configuration (the policy pack warns: PP-S3-005) */
  readonly lifecycleRules?: readonly PrivateBucketLifecycleRule[];
  /** Let `terraform destroy` delete a non-empty bucket. @default false */
  readonly forceDestroy?: boolean;
  /** @default - no tags beyond the provider's default tags */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default - the stack's default aws provider */
  readonly provider?: TerraformProvider;
}

/**
 * Construct ids of a private bucket's resources. Modules that created these resources before this
 * implementation existed pass their old ids, so their Terraform addresses (state) stay where they were.
 */
export interface PrivateBucketIds {
  readonly bucket: string;
  readonly publicAccessBlock: string;
  readonly ownership: string;
  readonly versioning: string;
  readonly encryption: string;
  readonly policy: string;
  readonly logging: string;
  readonly lifecycle: string;
}

/** Ids inside a construct of the bucket's own (what {@link PrivateBucket} uses). */
export const NESTED_BUCKET_IDS: PrivateBucketIds = {
  bucket: "bucket",
  publicAccessBlock: "public-access",
  ownership: "ownership",
  versioning: "versioning",
  encryption: "encryption",
  policy: "policy",
  logging: "access-logging",
  lifecycle: "lifecycle",
};

/** Ids `<prefix>`, `<prefix>-public-access-block`, … side by side in the caller's scope. */
export function prefixedBucketIds(prefix: string): PrivateBucketIds {
  return {
    bucket: prefix,
    publicAccessBlock: `${prefix}-public-access-block`,
    ownership: `${prefix}-ownership`,
    versioning: `${prefix}-versioning`,
    encryption: `${prefix}-encryption`,
    policy: `${prefix}-policy`,
    logging: `${prefix}-access-logging`,
    lifecycle: `${prefix}-lifecycle`,
  };
}

/** The resources of one private bucket. */
export interface PrivateBucketResources {
  readonly bucket: S3Bucket;
  readonly bucketArn: string;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  readonly versioning: S3BucketVersioningA;
  readonly policy: S3BucketPolicy;
  readonly logging?: S3BucketLoggingA;
  readonly lifecycle?: S3BucketLifecycleConfiguration;
}

function lifecycleRule(rule: PrivateBucketLifecycleRule): S3BucketLifecycleConfigurationRule {
  return {
    id: rule.id,
    status: "Enabled",
    filter: [{ prefix: rule.prefix ?? "" }],
    expiration: rule.expirationDays === undefined ? undefined : [{ days: rule.expirationDays }],
    noncurrentVersionExpiration: [{ noncurrentDays: rule.noncurrentVersionExpirationDays }],
    transition:
      rule.intelligentTieringAfterDays === undefined
        ? undefined
        : [{ days: rule.intelligentTieringAfterDays, storageClass: "INTELLIGENT_TIERING" }],
    // Parts of abandoned multipart uploads are billed until aborted and never show up as objects.
    abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
  };
}

/**
 * The resources of a private bucket in `scope` under `ids`: all four public access blocks on, ACLs disabled
 * (BucketOwnerEnforced), versioning, default encryption (SSE-KMS with S3 Bucket Keys, or SSE-S3 for a log
 * target), a bucket policy that refuses any request not made over TLS, and optionally server access logging
 * and lifecycle rules. {@link PrivateBucket} is the construct form; use this function only to keep the
 * addresses of resources a module created flat in its own scope.
 */
export function privateBucketResources(
  scope: Construct,
  ids: PrivateBucketIds,
  props: PrivateBucketProps,
): PrivateBucketResources {
  const { provider } = props;
  // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
  checkLiteralStrings(scope, props);
  checkUnique(
    scope,
    "lifecycleRules.id",
    (props.lifecycleRules ?? []).map((r) => r.id),
  );
  for (const r of props.lifecycleRules ?? []) {
    checkIntRange(
      scope,
      `lifecycleRules.${r.id}.noncurrentVersionExpirationDays`,
      r.noncurrentVersionExpirationDays,
      1,
      36500,
    );
    checkIntRange(scope, `lifecycleRules.${r.id}.expirationDays`, r.expirationDays, 1, 36500);
    checkIntRange(
      scope,
      `lifecycleRules.${r.id}.intelligentTieringAfterDays`,
      r.intelligentTieringAfterDays,
      0,
      36500,
    );
  }

  const bucket = new S3Bucket(scope, ids.bucket, {
    provider,
    bucket: props.bucketName,
    forceDestroy: props.forceDestroy ?? false,
    tags: props.tags ? { ...props.tags } : undefined,
  });
  const bucketArn = props.bucketArn ?? bucket.arn;

  const publicAccessBlock = new S3BucketPublicAccessBlock(scope, ids.publicAccessBlock, {
    provider,
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });

  // ACLs off: access is decided by policies alone (and log delivery must then be granted by bucket policy).
  new S3BucketOwnershipControls(scope, ids.ownership, {
    provider,
    bucket: bucket.id,
    rule: { objectOwnership: "BucketOwnerEnforced" },
  });

  // An overwritten or deleted object can be recovered until its noncurrent version expires.
  const versioning = new S3BucketVersioningA(scope, ids.versioning, {
    provider,
    bucket: bucket.id,
    expectedBucketOwner: props.expectedBucketOwner,
    versioningConfiguration: { status: "Enabled" },
  });

  new S3BucketServerSideEncryptionConfigurationA(scope, ids.encryption, {
    provider,
    bucket: bucket.id,
    expectedBucketOwner: props.expectedBucketOwner,
    rule: [
      props.encryption.type === "kms"
        ? {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: "aws:kms",
              kmsMasterKeyId: props.encryption.kmsKeyArn,
            },
            // Bucket Keys cut KMS request volume (and cost) for many small objects.
            bucketKeyEnabled: true,
          }
        : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ],
  });

  const allow = () =>
    typeof props.allowStatements === "function" ? props.allowStatements() : (props.allowStatements ?? []);
  const policyText = (statements: readonly PolicyStatement[]) =>
    policyJson(
      policyDocument(
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [bucketArn, `${bucketArn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        ...statements,
      ),
    );
  const policy = new S3BucketPolicy(scope, ids.policy, {
    provider,
    bucket: bucket.id,
    policy:
      typeof props.allowStatements === "function"
        ? Lazy.stringValue({ produce: () => policyText(allow()) })
        : policyText(allow()),
    // S3 rejects a policy write that races the public access block update on a new bucket.
    dependsOn: [publicAccessBlock],
  });

  let logging: S3BucketLoggingA | undefined;
  if (props.accessLogs) {
    const prefix = `${props.bucketName}/`;
    props.accessLogs.allowSource({ bucketArn, prefix });
    // No target_grant: under BucketOwnerEnforced delivery is granted by the target's bucket policy only
    // ("Enabling Amazon S3 server access logging", https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
    logging = new S3BucketLoggingA(scope, ids.logging, {
      provider,
      bucket: bucket.id,
      expectedBucketOwner: props.expectedBucketOwner,
      targetBucket: props.accessLogs.bucketName,
      targetPrefix: prefix,
      dependsOn: props.accessLogs.deliveryGrant ? [props.accessLogs.deliveryGrant] : undefined,
    });
  }

  let lifecycle: S3BucketLifecycleConfiguration | undefined;
  if (props.lifecycleRules && props.lifecycleRules.length > 0) {
    lifecycle = new S3BucketLifecycleConfiguration(scope, ids.lifecycle, {
      provider,
      bucket: bucket.id,
      expectedBucketOwner: props.expectedBucketOwner,
      rule: props.lifecycleRules.map(lifecycleRule),
      // The provider applies rules with noncurrent-version actions reliably only once versioning is on.
      dependsOn: [versioning],
    });
  }

  return { bucket, bucketArn, publicAccessBlock, versioning, policy, logging, lifecycle };
}

/**
 * A private bucket (see {@link privateBucketResources}) as a construct of its own:
 * `<id>/bucket`, `<id>/public-access`, `<id>/ownership`, `<id>/versioning`, `<id>/encryption`,
 * `<id>/policy`, and when asked `<id>/access-logging` and `<id>/lifecycle`.
 */
export class PrivateBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly policy: S3BucketPolicy;
  public readonly resources: PrivateBucketResources;

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    this.resources = privateBucketResources(this, NESTED_BUCKET_IDS, props);
    this.bucket = this.resources.bucket;
    this.bucketName = props.bucketName;
    this.bucketArn = this.resources.bucketArn;
    this.policy = this.resources.policy;
  }
}
