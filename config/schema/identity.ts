import { z } from "zod";
import { name } from "./common";

/**
 * `identity`: identities that cross account and cloud boundaries (R-IAM-1..3, R-NET-5). Structural only;
 * formats, ranges, references, certificate files and wildcards are checked in config/checks/identity.ts.
 * IAM roles created here are named `<env>-<key>` (e.g. `dev-gcp-export-reader`).
 */

/** One value or several (several values of one attribute mean "any of them"). */
const oneOrMany = z.union([z.string(), z.array(z.string())]);

export const certificateConditionsSchema = z.strictObject({
  /** `aws:PrincipalTag/x509Subject/CN` of the workload certificate (exact values, no wildcard). */
  subjectCN: oneOrMany.optional(),
  /** `aws:PrincipalTag/x509Issuer/CN`. */
  issuerCN: oneOrMany.optional(),
  /** `aws:PrincipalTag/x509SAN/DNS` (the first DNS SAN of the certificate). */
  sanDNS: oneOrMany.optional(),
});

export const trustAnchorSourceSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("certificate-bundle"),
    /** PEM file under config/certs/ (public CA certificate(s) only), e.g. `dev-workload-ca.pem`. */
    file: z.string(),
  }),
  z.strictObject({
    type: z.literal("acm-pca"),
    /** ARN of the AWS Private CA (same region as the trust anchor). */
    arn: z.string(),
  }),
]);

export const trustAnchorSchema = z.strictObject({
  /** Trust anchor name (letters, digits, space, `-`, `_`). */
  name: z.string(),
  source: trustAnchorSourceSchema,
  /** Days before the CA certificate expires that IAM Roles Anywhere notifies (1-360). */
  caExpiryNotificationDays: z.number().default(45),
  /** Days before a workload certificate expires that IAM Roles Anywhere notifies (1-360). */
  endEntityExpiryNotificationDays: z.number().default(45),
});

/** A Secrets Manager secret created without a value, encrypted with its own CMK. */
export const hybridSecretSchema = z.strictObject({
  /** Secret name, e.g. `dev/bigquery-export/api-token`. */
  name: z.string(),
  description: z.string().optional(),
  /** Days a deleted secret can be restored: 0 (immediately gone) or 7-30. Default: 7 in dev, 30 elsewhere. */
  recoveryWindowDays: z.number().optional(),
  /** Waiting period before the secret's CMK is deleted, 7-30. Default: 7 in dev, 30 elsewhere. */
  keyDeletionWindowDays: z.number().optional(),
});

export const rolesAnywhereRoleSchema = z.strictObject({
  /** Which workload certificates may assume the role; at least one attribute. */
  certificate: certificateConditionsSchema,
  /** Secrets (keys of identity.rolesAnywhere.secrets) the role may read. */
  secrets: z.array(z.string()).default([]),
  description: z.string().optional(),
});

export const rolesAnywhereProfileSchema = z.strictObject({
  /** Roles (keys of identity.rolesAnywhere.roles) the profile vends. */
  roles: z.array(z.string()),
  /** Session length in seconds: 900 to maxProfileDurationSeconds. */
  durationSeconds: z.number().default(3600),
  /** Egress ranges of the workload; sessions are usable only from there. Empty: no restriction. */
  sourceIpRanges: z.array(z.string()).default([]),
  /** Require the CreateSession call to carry instance properties. */
  requireInstanceProperties: z.boolean().default(false),
});

export const rolesAnywhereSchema = z.strictObject({
  /** Account (config name) that holds the trust anchor, roles, profiles and secrets. */
  account: z.string(),
  region: z.string(),
  trustAnchor: trustAnchorSchema,
  /** Upper bound of profile durations (raise explicitly, at most 43200: sessions outlive revoked certificates). */
  maxProfileDurationSeconds: z.number().default(3600),
  /** Application secrets the roles read, keyed by config name. */
  secrets: z.record(name, hybridSecretSchema).default({}),
  /** Roles keyed by config name (IAM name `<env>-<key>`). */
  roles: z.record(name, rolesAnywhereRoleSchema),
  /** Profiles keyed by config name (profile name `<env>-<key>`). */
  profiles: z.record(name, rolesAnywhereProfileSchema),
});

/** SageMaker (consumer account) → Redshift (producer account): producer role + consumer inline policy. */
export const redshiftAccessSchema = z.strictObject({
  /** Account (config name) owning the cluster; the producer role is created there. */
  producerAccount: z.string(),
  /** Account (config name) of the existing consumer role; its inline policy is created there. */
  consumerAccount: z.string(),
  region: z.string(),
  /** Name of the existing consumer role (e.g. the SageMaker execution role). */
  consumerRoleName: z.string(),
  /** IAM path of the consumer role, e.g. `/service-role/`. */
  consumerRolePath: z.string().default("/"),
  clusterIdentifier: z.string(),
  /** Databases the role may get credentials for. */
  databases: z.array(z.string()),
  /** Database groups the user may join. */
  dbGroups: z.array(z.string()).default([]),
  /** Grant the Redshift Data API on the cluster. */
  allowDataApi: z.boolean().default(true),
  /** Maximum session of the producer role, 3600-43200. */
  maxSessionDurationSeconds: z.number().default(3600),
});

export const partnerBucketSchema = z.strictObject({
  access: z.enum(["read", "read-write"]).default("read"),
  /** Key prefixes (no wildcard), e.g. `outbound/acme/`. Empty: the whole bucket. */
  prefixes: z.array(z.string()).default([]),
  /** SSE-KMS key ARN of the bucket, when it uses one. */
  kmsKeyArn: z.string().optional(),
});

/** A role a partner's own role assumes over the public AWS endpoints (R-NET-5). */
export const partnerRoleSchema = z.strictObject({
  /** Account (config name) the role is created in. */
  account: z.string(),
  region: z.string(),
  /** The partner's IAM role ARN (external: not one of this environment's accounts). */
  trustedRoleArn: z.string(),
  /**
   * External id the partner passes (sts:ExternalId). Not a secret per AWS guidance (it prevents the
   * confused deputy problem, it does not authenticate), so it lives in config.
   */
  externalId: z.string().optional(),
  maxSessionDurationSeconds: z.number().default(3600),
  /** S3 access keyed by bucket name. */
  buckets: z.record(z.string(), partnerBucketSchema).default({}),
});

export const identitySchema = z.strictObject({
  rolesAnywhere: rolesAnywhereSchema.optional(),
  /** Keyed by config name (producer role name `<env>-<key>`). */
  redshiftAccess: z.record(name, redshiftAccessSchema).default({}),
  /** Keyed by config name (role name `<env>-<key>`). */
  partnerRoles: z.record(name, partnerRoleSchema).default({}),
});
