import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import {
  checkLiteralStrings,
  PolicyDocument,
  PolicyStatement,
  checkIntRange,
  checkUnique,
  ensure,
  isKnown,
  policyDocument,
  policyJson,
} from "../core";
import {
  assertLeastPrivilege,
  checkExactArn,
  checkRegion,
  checkRoleArn,
  checkRoleName,
} from "./least-privilege";

export type BucketAccess = "read" | "read-write";

/** Access to one S3 bucket. */
export interface PartnerBucketAccess {
  /** `read`: list + get; `read-write` adds put and multipart upload (never delete). */
  readonly access: BucketAccess;
  /** Key prefixes (without wildcards) the partner may reach, e.g. `exports/`. @default - the whole bucket */
  readonly prefixes?: readonly string[];
  /** SSE-KMS key of the bucket: Decrypt (and GenerateDataKey for writes) only via S3. @default - none (SSE-S3) */
  readonly kmsKeyArn?: string;
}

export interface PartnerAccessRoleProps {
  /** Name of the role to create. */
  readonly roleName: string;
  /** The partner's IAM role ARN that may assume this role (one role, not an account root or user). */
  readonly trustedRoleArn: string;
  /**
   * External id the partner must pass (sts:ExternalId), 2-1224 characters. Recommended when the
   * partner is a third party serving several customers (confused deputy).
   * @default - no external id condition
   */
  readonly externalId?: string;
  /** Maximum session, 3600-43200 seconds. @default 3600 */
  readonly maxSessionDurationSeconds?: number;
  /** Region of the buckets, secrets and keys (for `kms:ViaService`), e.g. `us-east-1`. */
  readonly region: string;
  /** Partition for the S3 ARNs. @default "aws" */
  readonly partition?: string;
  /** S3 access keyed by bucket name. @default {} */
  readonly buckets?: Readonly<Record<string, PartnerBucketAccess>>;
  /** Secrets the partner may read: full Secrets Manager ARNs. @default [] */
  readonly secretArns?: readonly string[];
  /** KMS keys of those secrets: kms:Decrypt only via Secrets Manager. @default [] */
  readonly secretKmsKeyArns?: readonly string[];
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default - the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/** A role that one named partner role (optionally with an external id) assumes for least-privilege S3 and secret access. */
export class PartnerAccessRole extends Construct {
  public readonly roleArn: string;
  public readonly roleName: string;
  public readonly trustPolicy: PolicyDocument;
  /** Undefined when no bucket or secret is granted. */
  public readonly permissionPolicy?: PolicyDocument;

  constructor(scope: Construct, id: string, props: PartnerAccessRoleProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const partition = props.partition ?? "aws";
    const maxSession = props.maxSessionDurationSeconds ?? 3600;
    const buckets = props.buckets ?? {};
    const secretArns = props.secretArns ?? [];
    const secretKeys = props.secretKmsKeyArns ?? [];
    const tags = { ...props.tags };

    checkRoleName(this, "roleName", props.roleName);
    checkRoleArn(this, "trustedRoleArn", props.trustedRoleArn);
    checkRegion(this, "region", props.region);
    checkIntRange(this, "maxSessionDurationSeconds", maxSession, 3600, 43200);
    if (props.externalId !== undefined && isKnown(props.externalId)) {
      ensure(
        /^[\w+=,.@:/-]{2,1224}$/.test(props.externalId),
        this,
        "externalId",
        "(hidden)",
        "must be 2-1224 characters of letters, digits and +=,.@:/-",
        "use the external id the partner gave you (a random string, e.g. a UUID)",
      );
    }
    secretArns.forEach((a, i) => checkExactArn(this, `secretArns[${i}]`, a, "secretsmanager"));
    secretKeys.forEach((a, i) => checkExactArn(this, `secretKmsKeyArns[${i}]`, a, "kms"));
    checkUnique(this, "secretArns", secretArns);
    ensure(
      secretKeys.length === 0 || secretArns.length > 0,
      this,
      "secretKmsKeyArns",
      secretKeys,
      "grants kms:Decrypt via Secrets Manager but no secret is granted",
      "add secretArns or drop secretKmsKeyArns",
    );

    const sids = new Map<string, string>();
    for (const bucket of Object.keys(buckets)) {
      const sid = sidOf(bucket);
      ensure(
        !sids.has(sid),
        this,
        `buckets.${bucket}`,
        bucket,
        `yields the same policy statement ids as bucket ${JSON.stringify(sids.get(sid))}`,
        "grant one of the two buckets through a second PartnerAccessRole",
      );
      sids.set(sid, bucket);
    }

    const statements: PolicyStatement[] = [];
    for (const [bucket, spec] of Object.entries(buckets)) {
      statements.push(...this.bucketStatements(partition, props.region, bucket, spec));
    }
    if (secretArns.length > 0) {
      statements.push({
        Sid: "ReadNamedSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: [...secretArns],
      });
    }
    if (secretKeys.length > 0) {
      statements.push({
        Sid: "DecryptSecretsViaSecretsManager",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: [...secretKeys],
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${props.region}.amazonaws.com` } },
      });
    }

    this.trustPolicy = policyDocument({
      Sid: "PartnerRoleOnly",
      Effect: "Allow",
      Principal: { AWS: props.trustedRoleArn },
      Action: "sts:AssumeRole",
      ...(props.externalId !== undefined
        ? { Condition: { StringEquals: { "sts:ExternalId": props.externalId } } }
        : {}),
    });
    const role = new IamRole(this, "role", {
      provider: props.provider,
      name: props.roleName,
      description: `Partner access for ${props.trustedRoleArn}`,
      assumeRolePolicy: policyJson(this.trustPolicy),
      maxSessionDuration: maxSession,
      tags,
    });
    if (statements.length > 0) {
      this.permissionPolicy = policyDocument(...statements);
      assertLeastPrivilege(this, "permissionPolicy", this.permissionPolicy);
      new IamRolePolicy(this, "access", {
        provider: props.provider,
        name: "partner-access",
        role: role.name,
        policy: policyJson(this.permissionPolicy),
      });
    }
    this.roleArn = role.arn;
    this.roleName = role.name;
  }

  private bucketStatements(
    partition: string,
    region: string,
    bucket: string,
    spec: PartnerBucketAccess,
  ): PolicyStatement[] {
    const at = `buckets.${bucket}`;
    ensure(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket),
      this,
      at,
      bucket,
      "is not an S3 bucket name (3-63 lowercase letters, digits, '.' and '-')",
      "key buckets by their exact name",
    );
    ensure(
      spec.access === "read" || spec.access === "read-write",
      this,
      `${at}.access`,
      spec.access,
      'must be "read" or "read-write"',
      'choose "read" unless the partner delivers data',
    );
    const prefixes = (spec.prefixes ?? []).map((p) => p.replace(/^\/+/, "").replace(/\/+$/, ""));
    prefixes.forEach((p, i) =>
      ensure(
        p.length > 0 && !/[*?]/.test(p),
        this,
        `${at}.prefixes[${i}]`,
        spec.prefixes![i],
        "must be a non-empty key prefix without '*' or '?'",
        "give the folder-like prefix, e.g. exports/, or omit prefixes for the whole bucket",
      ),
    );
    checkUnique(this, `${at}.prefixes`, prefixes);
    if (spec.kmsKeyArn !== undefined) checkExactArn(this, `${at}.kmsKeyArn`, spec.kmsKeyArn, "kms");

    const bucketArn = `arn:${partition}:s3:::${bucket}`;
    const objects = prefixes.length > 0 ? prefixes.map((p) => `${bucketArn}/${p}/*`) : [`${bucketArn}/*`];
    const write = spec.access === "read-write";
    const sid = sidOf(bucket);
    const bucketActions = write
      ? ["s3:GetBucketLocation", "s3:ListBucketMultipartUploads"]
      : ["s3:GetBucketLocation"];
    const out: PolicyStatement[] =
      prefixes.length === 0
        ? [
            {
              Sid: `List${sid}`,
              Effect: "Allow",
              Action: ["s3:ListBucket", ...bucketActions],
              Resource: bucketArn,
            },
          ]
        : [
            // s3:prefix exists only on ListBucket requests, so listing gets its own conditioned statement.
            { Sid: `Locate${sid}`, Effect: "Allow", Action: bucketActions, Resource: bucketArn },
            {
              Sid: `List${sid}Prefixes`,
              Effect: "Allow",
              Action: "s3:ListBucket",
              Resource: bucketArn,
              Condition: { StringLike: { "s3:prefix": prefixes.flatMap((p) => [p, `${p}/*`]) } },
            },
          ];
    out.push({
      Sid: `${write ? "ReadWrite" : "Read"}Objects${sid}`,
      Effect: "Allow",
      Action: write
        ? [
            "s3:GetObject",
            "s3:GetObjectVersion",
            "s3:PutObject",
            "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts",
          ]
        : ["s3:GetObject", "s3:GetObjectVersion"],
      Resource: objects,
    });
    if (spec.kmsKeyArn !== undefined) {
      out.push({
        Sid: `Kms${sid}ViaS3`,
        Effect: "Allow",
        Action: write ? ["kms:Decrypt", "kms:GenerateDataKey"] : "kms:Decrypt",
        Resource: spec.kmsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
      });
    }
    return out;
  }
}

/** `example-exports` → `ExampleExports` (statement ids allow only letters and digits). */
function sidOf(bucket: string): string {
  return bucket
    .split(/[^a-zA-Z0-9]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}
