import { z } from "zod";
import {
  BIGQUERY_FIELD_MODES,
  BIGQUERY_FIELD_TYPES,
  BigQueryFieldMode,
  BigQueryFieldType,
} from "@multicloud-platform/modules/bigquery-source";
import { name } from "./common";

/**
 * The data sections: `bigquery` (the Google side, R-DATA-1) and `ingest` (AppFlow BigQuery → S3, Glue
 * connections to a remote data store; R-DATA-2, R-GLUE-1..3). Structural only; value checks (Google id
 * rules, entities, schedules, JDBC URLs, references, inline secrets) are in config/checks/data.ts.
 *
 * One source of truth for table columns: `bigquery.tables.<table>.fields`. The BigQuery stack creates the
 * tables from it, and every AppFlow flow projects and maps fields checked against it.
 */

export const bigqueryFieldSchema = z.strictObject({
  /** Column name as in BigQuery (letters, digits, underscores). */
  name: z.string(),
  type: z.enum(BIGQUERY_FIELD_TYPES as unknown as [BigQueryFieldType, ...BigQueryFieldType[]]),
  mode: z
    .enum(BIGQUERY_FIELD_MODES as unknown as [BigQueryFieldMode, ...BigQueryFieldMode[]])
    .default("NULLABLE"),
  description: z.string().optional(),
});

export const bigqueryTableSchema = z.strictObject({
  description: z.string().optional(),
  /** Columns, in order. Flows may only project/map/filter these. */
  fields: z.array(bigqueryFieldSchema).min(1),
  /** Partition on a DATE/DATETIME/TIMESTAMP column. @default - not partitioned */
  timePartitioning: z
    .strictObject({ field: z.string(), type: z.enum(["DAY", "HOUR", "MONTH", "YEAR"]).default("DAY") })
    .optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

export const bigquerySchema = z.strictObject({
  /** Google Cloud project id that holds the dataset (and is billed for AppFlow's reads). */
  projectId: z.string(),
  /** Default region of the Google provider. */
  region: z.string().default("us-central1"),
  datasetId: z.string(),
  /** BigQuery location: a multi-region (`US`, `EU`) or a region (`europe-west1`). */
  location: z.string().default("US"),
  description: z.string().optional(),
  /** Dataset labels (Google label rules). The environment's tags become provider default labels too. */
  labels: z.record(z.string(), z.string()).default({}),
  /** Lifetime of new tables in days. @default - tables never expire */
  defaultTableExpirationDays: z.number().optional(),
  /** Lifetime of partitions of new partitioned tables in days. @default - partitions never expire */
  defaultPartitionExpirationDays: z.number().optional(),
  /** `prevent_destroy` on the dataset, `deletion_protection` on tables. @default - false in dev, true otherwise */
  deletionProtection: z.boolean().optional(),
  /**
   * Customer-managed encryption of the dataset and its tables (the policy pack's PP-BQ-002): a Cloud KMS key in
   * the dataset's location (`US` → `us`, `EU` → `europe`, a region → the same region). With `projectNumber` (the
   * number of `projectId`) the stack grants BigQuery's service agent the key; without it the key's owner must.
   * @default - Google-managed encryption (an error outside dev)
   */
  encryption: z.strictObject({ kmsKeyName: z.string(), projectNumber: z.string().optional() }).optional(),
  /** Tables keyed by table id. */
  tables: z.record(z.string(), bigqueryTableSchema),
  /**
   * The Google identity AppFlow's OAuth connection acts as (who granted consent): `user:<email>` or
   * `serviceAccount:<email>`. It gets BigQuery Data Viewer on the dataset and Job User on the project.
   */
  appflowIdentity: z.string(),
});

export const appflowFilterSchema = z.strictObject({
  field: z.string(),
  operator: z.enum([
    "EQUAL_TO",
    "NOT_EQUAL_TO",
    "GREATER_THAN",
    "GREATER_THAN_OR_EQUAL_TO",
    "LESS_THAN",
    "LESS_THAN_OR_EQUAL_TO",
    "CONTAINS",
    "BETWEEN",
  ]),
  values: z.array(z.string()).min(1),
});

export const appflowTriggerSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("OnDemand") }),
  z.strictObject({
    type: z.literal("Scheduled"),
    /** `rate(1days)`, `rate(6hours)` or a six-field `cron(0 2 * * ? *)`. */
    scheduleExpression: z.string(),
    dataPullMode: z.enum(["Incremental", "Complete"]).default("Incremental"),
    /** DATE/DATETIME/TIMESTAMP column that tells new rows from old (required for Incremental). */
    incrementalPullField: z.string().optional(),
    /** IANA time zone of the schedule. @default - UTC */
    timezone: z.string().optional(),
  }),
]);

export const appflowFlowSchema = z.strictObject({
  /** The BigQuery table as `<project>/<dataset>/<table>`; must be a table of the `bigquery` section. */
  entity: z.string(),
  /** Columns transferred (projected and mapped 1:1); the rest are dropped. @default - every column of the table */
  fields: z.array(z.string()).optional(),
  filters: z.array(appflowFilterSchema).default([]),
  /** S3 key prefix under the results bucket. */
  bucketPrefix: z.string().default("raw"),
  fileType: z.enum(["PARQUET", "CSV", "JSON"]).default("PARQUET"),
  prefixFormat: z.enum(["YEAR", "MONTH", "DAY", "HOUR", "MINUTE"]).optional(),
  trigger: appflowTriggerSchema.default({ type: "OnDemand" }),
  description: z.string().optional(),
});

export const appflowSchema = z.strictObject({
  /** Bucket the flows write to (globally unique). */
  resultsBucketName: z.string(),
  /** Separate bucket for Athena query results. */
  athenaResultsBucketName: z.string(),
  /** Glue Data Catalog database the flows register their output in. */
  glueDatabaseName: z.string(),
  /** Prefix of the catalog tables AppFlow creates. */
  glueTablePrefix: z.string().default("bigquery"),
  /** Athena cancels queries that scan more than this. @default - no limit */
  athenaScanLimitGiB: z.number().optional(),
  /** Label of AppFlow's Google BigQuery connector (see modules/appflow-bigquery/README.md). */
  connectorLabel: z.string().default("GoogleBigQuery"),
  kmsKeyDeletionWindowDays: z.number().default(30),
  /**
   * Never set these four. They are declared only so that an OAuth value pasted here is reported as a secret
   * in config with the fix (the sensitive variables `<env>_ingest_google_oauth_*`), not as an unknown key.
   */
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
  refreshToken: z.string().optional(),
  accessToken: z.string().optional(),
  /** Flows keyed by a short name (lowercase kebab-case; becomes `<env>-ingest-<key>`). */
  flows: z.record(name, appflowFlowSchema),
});

export const glueDataStoreSchema = z.strictObject({
  /** Network VPC (config name) the store lives in; its account and region are the store's. */
  vpc: z.string(),
  /** Existing security group of the store. @default - the ingest stack creates one in that VPC */
  securityGroupId: z.string().optional(),
  /** TCP port the store listens on. @default - the port in the JDBC URL */
  port: z.number().optional(),
});

export const glueConnectionSchema = z.strictObject({
  /** Subnet tier of the Glue VPC the connections are placed in (routed through NAT). */
  subnetTier: z.string().default("glue"),
  /** Network VPC of the subnets. @default - glue.vpc (anything else is an error: Glue ENIs live in the Glue VPC) */
  vpc: z.string().optional(),
  /** AZs that get a connection pair (operators fail over between them). @default - every AZ of the tier */
  azs: z.array(z.string()).optional(),
  /** JDBC target: URL (TLS not switched off) and the Secrets Manager secret ARN with username/password. */
  jdbc: z
    .strictObject({
      url: z.string(),
      secretArn: z.string(),
      /** Customer managed key of the secret. @default - the AWS managed aws/secretsmanager key */
      secretKmsKeyArn: z.string().optional(),
      /** Never set: declared so that a password pasted here is reported with the fix (use secretArn). */
      password: z.string().optional(),
    })
    .optional(),
  /** The remote store that allow-lists the Glue VPC's NAT Elastic IPs (/32) on its port. */
  dataStore: glueDataStoreSchema.optional(),
  /** S3 locations Glue jobs may read (scripts, reference data). */
  s3ReadLocations: z
    .array(z.strictObject({ bucketName: z.string(), prefix: z.string().optional() }))
    .default([]),
});

export const glueSchema = z.strictObject({
  /** Network VPC (config name) Glue runs in: its dedicated subnets egress through its NAT gateways. */
  vpc: z.string().default("ingest"),
  /** Connections keyed by data store name (lowercase kebab-case; becomes `<env>-<key>-{network,jdbc}-<az>`). */
  connections: z.record(name, glueConnectionSchema),
});

export const ingestSchema = z.strictObject({
  /** Account (config name) AppFlow, Glue and Athena live in. */
  account: z.string(),
  /** Region A: AppFlow, the catalog and the Glue VPC. */
  region: z.string(),
  appflow: appflowSchema.optional(),
  glue: glueSchema.optional(),
  /**
   * Whether this stack owns the Glue Data Catalog encryption of the ingest account and region (a KMS key and
   * the account/region-wide settings). One stack per account and region may own it: turn it off when another
   * stack does, and suppress PP-GLUE-002 with a reason naming that stack. @default true
   */
  manageCatalogEncryption: z.boolean().default(true),
});
