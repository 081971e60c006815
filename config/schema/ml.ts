import { z } from "zod";

/**
 * SageMaker Studio → Redshift as the user (R-IAM-4, R-IAM-2): the Studio domain in the ml account (VPC-only,
 * in private subnets, SourceIdentity = user profile name) and the warehouse side in the producer account
 * (subnet group, security group, optionally the cluster). Structural only; placements, intents and the role
 * chain are checked in config/checks/ml.ts.
 */
export const studioSchema = z.strictObject({
  /** Account (config name) of the domain. */
  account: z.string(),
  /** VPC (config name) and tier of the domain's subnets: private subnets only (VpcOnly). */
  vpc: z.string(),
  subnetTier: z.string().default("private"),
  /** @default `<env>-studio` */
  domainName: z.string().optional(),
  /**
   * The `identity.redshiftAccess` entry whose consumer role is the domain's execution role: this section
   * creates that role (its name and path), the identity stack grants it the producer role.
   */
  redshiftAccess: z.string(),
  /** AWS managed policies of the execution role, e.g. `arn:aws:iam::aws:policy/AmazonSageMakerFullAccess`. */
  managedPolicyArns: z.array(z.string()).default([]),
  /**
   * Intents (names) whose source is the Studio apps: their egress goes into the domain's security group (the
   * network stack then creates no source group for them).
   */
  intents: z.array(z.string()).min(1),
  /** User profiles; each name is also the session's SourceIdentity and the Redshift database user. */
  userProfiles: z.array(z.string()).default([]),
  /** What happens to the home EFS volume on delete. @default "Delete" in dev, "Retain" otherwise */
  homeEfsRetention: z.enum(["Retain", "Delete"]).optional(),
});

export const redshiftClusterSchema = z.strictObject({
  /** Must equal `identity.redshiftAccess.<studio.redshiftAccess>.clusterIdentifier`. */
  identifier: z.string(),
  nodeType: z.enum(["ra3.large", "ra3.xlplus", "ra3.4xlarge", "ra3.16xlarge", "dc2.large", "dc2.8xlarge"]),
  numberOfNodes: z.number().default(2),
  /** First database, lowercase. */
  databaseName: z.string(),
  masterUsername: z.string().default("dbadmin"),
  /**
   * Route COPY/UNLOAD through the VPC: needs a way to S3 (the warehouse VPC's gateway endpoint) and an intent
   * from the warehouse to it on 443 in `warehouse.intents`.
   */
  enhancedVpcRouting: z.boolean().default(true),
  automatedSnapshotRetentionDays: z.number().default(7),
});

export const warehouseSchema = z.strictObject({
  /** Account (config name) of the warehouse (the producer). */
  account: z.string(),
  vpc: z.string(),
  subnetTier: z.string().default("private"),
  port: z.number().default(5439),
  /**
   * Intents (names) that end at the warehouse (their ingress goes into its security group; every intent to the
   * warehouse port must be listed) or start there (their egress: with enhanced VPC routing, COPY/UNLOAD to S3
   * on 443). The network stack then creates no group for those sides.
   */
  intents: z.array(z.string()).min(1),
  /** The cluster; omit when it is managed elsewhere (the subnet group and security group are still created). */
  cluster: redshiftClusterSchema.optional(),
});

export const mlSchema = z.strictObject({
  studio: studioSchema,
  warehouse: warehouseSchema,
});
