import { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { AccessLogTarget, PrivateBucket } from "./private-bucket";
import { checkLiteralStrings } from "./template";
import { checkAccountId, checkBucketName, checkIntRange } from "./validate";

export interface AccessLogBucketProps {
  /** Globally unique; derive it from environment, stack, account and region so no two stacks collide. */
  readonly bucketName: string;
  /** Account of the bucket and of every source bucket (S3 delivers logs within one account and region). */
  readonly accountId: string;
  /** @default "aws" */
  readonly partition?: string;
  /** Log objects (and their noncurrent versions) expire after this many days. @default 365 */
  readonly retentionDays?: number;
  /** Let `terraform destroy` delete a bucket that still holds logs. @default false */
  readonly forceDestroy?: boolean;
  /** @default - no tags beyond the provider's default tags */
  readonly tags?: Readonly<Record<string, string>>;
  /** Provider of the account and region the source buckets live in. @default - the stack's default aws provider */
  readonly provider?: TerraformProvider;
}

/**
 * The target bucket of S3 server access logs for the buckets of one account and region (AWS requires the
 * target in the same account and region as its sources). Per the S3 User Guide, "Enabling Amazon S3 server
 * access logging" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html):
 * - default encryption is SSE-S3 (AES256): "Default server-side encryption with AWS Key Management Service
 *   (AWS KMS) keys (SSE-KMS) is not supported" on the target, and logs are lost silently otherwise;
 * - delivery is granted by bucket policy to `logging.s3.amazonaws.com` (`s3:PutObject` on the sources'
 *   prefixes, `aws:SourceArn` = the source buckets, `aws:SourceAccount` = this account), since
 *   BucketOwnerEnforced disables the ACL route;
 * - no Object Lock and no default retention, no logging of its own (it would log its own deliveries).
 * Every other hardening of {@link PrivateBucket} applies; the policy pack exempts this bucket from
 * PP-S3-002's KMS requirement and from PP-S3-004 because it is an `aws_s3_bucket_logging` target.
 */
export class AccessLogBucket extends Construct implements AccessLogTarget {
  /** The bucket resource's name attribute (a reference: sources' logging is created after the bucket). */
  public readonly bucketName: string;
  /** The bucket policy that admits log delivery: sources switch logging on after it. */
  public readonly deliveryGrant: ITerraformDependable;
  public readonly bucketArn: string;
  public readonly bucket: PrivateBucket;
  private readonly sources: { readonly bucketArn: string; readonly prefix: string }[] = [];

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const partition = props.partition ?? "aws";
    const retentionDays = props.retentionDays ?? 365;
    checkLiteralStrings(this, props);
    checkBucketName(
      this,
      "bucketName",
      props.bucketName,
      "shorten the parts the name is derived from (environment or stack name), or pass a valid name",
    );
    checkAccountId(this, "accountId", props.accountId);
    checkIntRange(this, "retentionDays", retentionDays, 1, 36500);
    this.bucketArn = `arn:${partition}:s3:::${props.bucketName}`;
    this.bucket = new PrivateBucket(this, "logs", {
      provider: props.provider,
      bucketName: props.bucketName,
      bucketArn: this.bucketArn,
      expectedBucketOwner: props.accountId,
      encryption: { type: "s3-managed" },
      forceDestroy: props.forceDestroy,
      tags: props.tags,
      lifecycleRules: [
        {
          id: "expire-access-logs",
          expirationDays: retentionDays,
          noncurrentVersionExpirationDays: 1,
        },
      ],
      // Resolved at synth: every source registers while the stack is built.
      allowStatements: () => [
        {
          Sid: "S3ServerAccessLogsPolicy",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: this.sources.map((s) => `${this.bucketArn}/${s.prefix}*`),
          Condition: {
            ArnLike: { "aws:SourceArn": this.sources.map((s) => s.bucketArn) },
            StringEquals: { "aws:SourceAccount": props.accountId },
          },
        },
      ],
    });
    this.bucketName = this.bucket.bucket.bucket;
    this.deliveryGrant = this.bucket.policy;
    // Known only once the stack is built: a log bucket nobody writes to is a leftover.
    this.node.addValidation({
      validate: () =>
        this.sources.length > 0
          ? []
          : [
              `${this.node.path}: no bucket sends its access logs to ${props.bucketName}. Fix: pass it as accessLogs of at least one bucket, or do not create it`,
            ],
    });
  }

  allowSource(source: { readonly bucketArn: string; readonly prefix: string }): void {
    this.sources.push(source);
  }
}
