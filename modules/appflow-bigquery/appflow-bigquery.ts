import { AppflowConnectorProfile } from "@cdktf/provider-aws/lib/appflow-connector-profile";
import { AppflowFlow, AppflowFlowTask, AppflowFlowTriggerConfig } from "@cdktf/provider-aws/lib/appflow-flow";
import { AthenaWorkgroup } from "@cdktf/provider-aws/lib/athena-workgroup";
import { GlueCatalogDatabase } from "@cdktf/provider-aws/lib/glue-catalog-database";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformProvider, TerraformVariable, Token } from "cdktf";
import { Construct } from "constructs";
import { BIGQUERY_DATASET_ID, BIGQUERY_TABLE_ID, GOOGLE_PROJECT_ID } from "../bigquery-source/schema";
import {
  AccessLogTarget,
  PrivateBucket,
  checkLiteralStrings,
  checkAccountId,
  checkIntRange,
  checkNonEmpty,
  checkOneOf,
  checkUnique,
  ensure,
  isKnown,
  policyDocument,
  policyJson,
  serviceTrustPolicy,
} from "../core";
import {
  APPFLOW_CONNECTOR_LABEL,
  APPFLOW_FLOW_NAME,
  APPFLOW_PROFILE_NAME,
  UTC_TIMESTAMP,
  ATHENA_WORKGROUP_NAME,
  AWS_REGION,
  GLUE_NAME,
  GLUE_TABLE_PREFIX,
  NAME_PREFIX,
  S3_KEY_PREFIX,
  isBucketName,
  APPFLOW_FLOW_DESCRIPTION,
  cronProblem,
  isScheduleExpression,
} from "./rules";

export type AppflowFileType = "PARQUET" | "CSV" | "JSON";
export type AppflowAggregationType = "None" | "SingleFile";
export type AppflowPrefixFormat = "YEAR" | "MONTH" | "DAY" | "HOUR" | "MINUTE";
export type AppflowDataPullMode = "Incremental" | "Complete";
export type AppflowFilterOperator =
  | "EQUAL_TO"
  | "NOT_EQUAL_TO"
  | "GREATER_THAN"
  | "GREATER_THAN_OR_EQUAL_TO"
  | "LESS_THAN"
  | "LESS_THAN_OR_EQUAL_TO"
  | "CONTAINS"
  | "BETWEEN";

const FILTER_OPERATORS: readonly AppflowFilterOperator[] = [
  "EQUAL_TO",
  "NOT_EQUAL_TO",
  "GREATER_THAN",
  "GREATER_THAN_OR_EQUAL_TO",
  "LESS_THAN",
  "LESS_THAN_OR_EQUAL_TO",
  "CONTAINS",
  "BETWEEN",
];
const SINGLE_VALUE_OPERATORS: readonly AppflowFilterOperator[] = [
  "GREATER_THAN",
  "GREATER_THAN_OR_EQUAL_TO",
  "LESS_THAN",
  "LESS_THAN_OR_EQUAL_TO",
];

/** A row filter applied in the flow (AppFlow Filter task). */
export interface AppflowBigQueryFilter {
  /** Source column; must be in the table's schema. */
  readonly field: string;
  readonly operator: AppflowFilterOperator;
  /** Operands: exactly one for the ordering operators, exactly two (lower, upper) for BETWEEN, one or more otherwise. */
  readonly values: readonly string[];
  /** AppFlow data type of the column. @default - fieldDataTypes[field], else "string" */
  readonly dataType?: string;
}

/** Run on demand (`aws appflow start-flow`). */
export interface AppflowOnDemandTrigger {
  readonly type: "OnDemand";
}

/** Run on a schedule once activated; pulls only rows newer than the last run by default. */
export interface AppflowScheduledTrigger {
  readonly type: "Scheduled";
  /** `rate(1days)`, `rate(6hours)` or `cron(0 2 * * ? *)`. */
  readonly scheduleExpression: string;
  /** @default "Incremental" */
  readonly dataPullMode?: AppflowDataPullMode;
  /** DATE/DATETIME/TIMESTAMP column AppFlow compares to the last run; required for Incremental. @default - none (only valid with Complete) */
  readonly incrementalPullFieldName?: string;
  /** IANA time zone of the schedule. @default - UTC */
  readonly timezone?: string;
  /** Start of the schedule, UTC in whole seconds (`2026-01-01T02:00:00Z`). @default - when the flow is activated */
  readonly scheduleStartTime?: string;
}

export type AppflowBigQueryTrigger = AppflowOnDemandTrigger | AppflowScheduledTrigger;

/** One BigQuery table transferred by one flow. */
export interface AppflowBigQueryTableFlow {
  /** Google Cloud project id of the table. */
  readonly projectId: string;
  /** BigQuery dataset id. */
  readonly datasetId: string;
  /** BigQuery table id. */
  readonly tableId: string;
  /** Every column the table has (e.g. `BigQuerySource.fieldNames(table)`); mapped fields are checked against it. */
  readonly schemaFieldNames: readonly string[];
  /** Columns to transfer, projected and mapped 1:1 under the same name; the rest are dropped. @default - all of schemaFieldNames */
  readonly fields?: readonly string[];
  /** AppFlow data types by column, written to the Map tasks as SOURCE_/DESTINATION_DATA_TYPE. @default - left to AppFlow's connector metadata */
  readonly fieldDataTypes?: Readonly<Record<string, string>>;
  /** @default - no filters */
  readonly filters?: readonly AppflowBigQueryFilter[];
  /** S3 key prefix under the results bucket. @default "raw" */
  readonly bucketPrefix?: string;
  /** @default "PARQUET" */
  readonly fileType?: AppflowFileType;
  /** @default "None" (one file per batch AppFlow writes) */
  readonly aggregationType?: AppflowAggregationType;
  /** Date folders under the prefix. @default - none (schema version / execution id folders only) */
  readonly prefixFormat?: AppflowPrefixFormat;
  /** @default { type: "OnDemand" } */
  readonly trigger?: AppflowBigQueryTrigger;
  /** @default `${namePrefix}-${key}` */
  readonly flowName?: string;
  /** @default - a description naming the source table */
  readonly description?: string;
}

/**
 * OAuth 2.0 inputs for the Google BigQuery connector, as Terraform references (e.g. `var.x` from a
 * sensitive TerraformVariable). Literal strings are refused so that no secret reaches the synthesized JSON.
 */
export interface AppflowBigQueryOAuthCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  /** AppFlow requires one with the refresh-token flow; it renews it with the refresh token once expired. */
  readonly accessToken: string;
}

export interface AppflowBigQueryProps {
  /** Prefix of every derived name (flows, IAM role, KMS alias, workgroup): lowercase letters, digits, hyphens, at most 32. */
  readonly namePrefix: string;
  /** Account the resources live in (12 digits); pins service trust and bucket ownership. */
  readonly accountId: string;
  /** Region of the provider (e.g. `eu-west-1`); used in ARNs and KMS conditions. */
  readonly region: string;
  /** @default "aws" */
  readonly partition?: string;
  /** Bucket the flows write to. */
  readonly resultsBucketName: string;
  /** Separate bucket for Athena query results. */
  readonly athenaResultsBucketName: string;
  /** @default `${namePrefix}-google-bigquery` */
  readonly connectorProfileName?: string;
  /**
   * Label of AppFlow's Google BigQuery connector (letters, digits and `_!@.-`, no spaces). Check with
   * `aws appflow list-connectors` if a profile create fails with an unknown connector.
   * @default "GoogleBigQuery"
   */
  readonly connectorLabel?: string;
  /** Connector API version used by the flows. @default "v2" */
  readonly connectorApiVersion?: string;
  /**
   * OAuth inputs as Terraform references.
   * @default - the module declares sensitive variables `<prefix>_google_oauth_{client_id,client_secret,refresh_token,access_token}`
   */
  readonly oauthCredentials?: AppflowBigQueryOAuthCredentials;
  /** Flows keyed by a short name (used in construct ids and default flow names). */
  readonly flows: Readonly<Record<string, AppflowBigQueryTableFlow>>;
  /** Glue Data Catalog database the flows register their output in (created by this module). */
  readonly glueDatabaseName: string;
  /** Prefix AppFlow gives the catalog tables it creates. @default "bigquery" */
  readonly glueTablePrefix?: string;
  /** @default `${namePrefix}-bigquery` */
  readonly athenaWorkgroupName?: string;
  /** Athena cancels queries scanning more than this many bytes (minimum 10 MB). @default - no limit */
  readonly athenaBytesScannedCutoffPerQuery?: number;
  /** @default 30 */
  readonly kmsKeyDeletionWindowDays?: number;
  /**
   * Where the results and Athena results buckets send their S3 server access logs (an `AccessLogBucket` of
   * the same account and region from `@multicloud-platform/modules/core`).
   * @default - no access logging (the policy pack reports PP-S3-004)
   */
  readonly accessLogs?: AccessLogTarget;
  /** Days an overwritten or deleted flow-output object stays recoverable as a noncurrent version. @default 30 */
  readonly resultsNoncurrentVersionExpirationDays?: number;
  /** Days Athena query results are kept (they are re-created by running the query again). @default 30 */
  readonly athenaResultsExpirationDays?: number;
  /**
   * KMS key of the Glue Data Catalog, when the account/region's catalog is encrypted (see
   * `@multicloud-platform/modules/glue-catalog-encryption`): the role AppFlow passes to catalog flow output
   * gets kms:Decrypt, kms:Encrypt and kms:GenerateDataKey on it, which every catalog client needs.
   * @default - the catalog is not encrypted with a customer managed key (no KMS statement)
   */
  readonly glueCatalogKmsKeyArn?: string;
  /** @default - no tags beyond the provider's default tags */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default - the stack's default aws provider */
  readonly provider?: TerraformProvider;
}

const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
const APPFLOW_SERVICE = "appflow.amazonaws.com";
const MIN_ATHENA_CUTOFF_BYTES = 10 * 1024 * 1024;

/**
 * Glue actions AppFlow needs to catalog flow output (AppFlow user guide, "Service role policies":
 * https://docs.aws.amazon.com/appflow/latest/userguide/security_iam_service-role-policies.html),
 * minus database create/update/delete and tagging: this module owns the database, AppFlow only
 * manages tables and partitions inside it.
 */
const APPFLOW_GLUE_ACTIONS = [
  "glue:GetDatabase",
  "glue:GetDatabases",
  "glue:GetTable",
  "glue:GetTables",
  "glue:CreateTable",
  "glue:UpdateTable",
  "glue:DeleteTable",
  "glue:BatchDeleteTable",
  "glue:GetTableVersion",
  "glue:GetTableVersions",
  "glue:DeleteTableVersion",
  "glue:BatchDeleteTableVersion",
  "glue:GetPartition",
  "glue:GetPartitions",
  "glue:BatchGetPartition",
  "glue:CreatePartition",
  "glue:BatchCreatePartition",
  "glue:UpdatePartition",
  "glue:BatchUpdatePartition",
  "glue:DeletePartition",
  "glue:BatchDeletePartition",
  "glue:CreatePartitionIndex",
  "glue:DeletePartitionIndex",
  "glue:GetPartitionIndexes",
];

/**
 * S3 actions AppFlow needs on a destination bucket (AppFlow user guide, "Amazon S3 bucket policies":
 * https://docs.aws.amazon.com/appflow/latest/userguide/s3-policies-management.html), split into
 * bucket-level and object-level so objects can be limited to the flows' prefixes.
 */
const APPFLOW_S3_BUCKET_ACTIONS = ["s3:ListBucketMultipartUploads", "s3:GetBucketAcl"];
const APPFLOW_S3_OBJECT_ACTIONS = [
  "s3:PutObject",
  "s3:AbortMultipartUpload",
  "s3:ListMultipartUploadParts",
  "s3:PutObjectAcl",
];

/**
 * The AWS side of a BigQuery → S3 transfer with Amazon AppFlow (R-DATA-2): an encrypted results
 * bucket AppFlow may write to, a Google BigQuery connector profile whose OAuth secrets arrive as
 * sensitive Terraform inputs, one flow per table (projection + 1:1 mapping, optional filters,
 * on-demand or scheduled incremental), Glue Data Catalog registration, and an Athena workgroup with
 * its own encrypted results bucket.
 */
export class AppflowBigQuery extends Construct {
  public readonly kmsKey: KmsKey;
  public readonly kmsKeyArn: string;
  public readonly resultsBucketName: string;
  public readonly resultsBucketArn: string;
  public readonly athenaResultsBucketName: string;
  public readonly athenaResultsBucketArn: string;
  public readonly connectorProfile: AppflowConnectorProfile;
  public readonly connectorProfileName: string;
  public readonly connectorProfileArn: string;
  /** Flow resources keyed by the caller's flow keys. */
  public readonly flows: Readonly<Record<string, AppflowFlow>>;
  public readonly flowNames: Readonly<Record<string, string>>;
  public readonly flowArns: Readonly<Record<string, string>>;
  /** Flow keys whose trigger is Scheduled (they stay in Draft until activated with start-flow). */
  public readonly scheduledFlowKeys: readonly string[];
  public readonly glueDatabaseName: string;
  public readonly glueTablePrefix: string;
  public readonly glueCatalogRoleArn: string;
  public readonly athenaWorkgroupName: string;
  /** Variables the module declared for the OAuth inputs (absent when oauthCredentials were passed in). */
  public readonly oauthVariables?: Readonly<Record<keyof AppflowBigQueryOAuthCredentials, TerraformVariable>>;

  constructor(scope: Construct, id: string, props: AppflowBigQueryProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const partition = props.partition ?? "aws";
    const connectorProfileName = props.connectorProfileName ?? `${props.namePrefix}-google-bigquery`;
    const connectorLabel = props.connectorLabel ?? "GoogleBigQuery";
    const apiVersion = props.connectorApiVersion ?? "v2";
    const glueTablePrefix = props.glueTablePrefix ?? "bigquery";
    const athenaWorkgroupName = props.athenaWorkgroupName ?? `${props.namePrefix}-bigquery`;
    const deletionWindowDays = props.kmsKeyDeletionWindowDays ?? 30;
    const resultsNoncurrentDays = props.resultsNoncurrentVersionExpirationDays ?? 30;
    const athenaResultsExpirationDays = props.athenaResultsExpirationDays ?? 30;
    const tags = props.tags ? { ...props.tags } : undefined;
    const provider = props.provider;
    const flows = Object.entries(props.flows).map(([key, f]) => ({
      key,
      flow: f,
      fields: f.fields ?? f.schemaFieldNames,
      bucketPrefix: f.bucketPrefix ?? "raw",
      fileType: f.fileType ?? "PARQUET",
      aggregationType: f.aggregationType ?? "None",
      trigger: f.trigger ?? ({ type: "OnDemand" } as const),
      flowName: f.flowName ?? `${props.namePrefix}-${key}`,
    }));

    this.validateTop(props, {
      partition,
      connectorProfileName,
      connectorLabel,
      glueTablePrefix,
      athenaWorkgroupName,
      deletionWindowDays,
    });
    checkNonEmpty(this, "flows", flows);
    checkUnique(
      this,
      "flows.*.flowName",
      flows.map((f) => f.flowName),
    );
    for (const f of flows)
      this.validateFlow(
        f.key,
        f.flow,
        f.fields,
        f.bucketPrefix,
        f.trigger,
        f.flowName,
        f.fileType,
        f.aggregationType,
      );

    let oauth: AppflowBigQueryOAuthCredentials;
    if (props.oauthCredentials) {
      this.validateOauth(props.oauthCredentials);
      oauth = props.oauthCredentials;
    } else {
      const vars = this.declareOauthVariables(props.namePrefix);
      this.oauthVariables = vars;
      oauth = {
        clientId: vars.clientId.stringValue,
        clientSecret: vars.clientSecret.stringValue,
        refreshToken: vars.refreshToken.stringValue,
        accessToken: vars.accessToken.stringValue,
      };
    }

    const arn = (service: string, resource: string, region = props.region) =>
      `arn:${partition}:${service}:${region}:${props.accountId}:${resource}`;
    const resultsBucketArn = `arn:${partition}:s3:::${props.resultsBucketName}`;

    // --- KMS: one customer managed key for both buckets, the connector profile and the flows.
    this.kmsKey = new KmsKey(this, "key", {
      provider,
      description: `${props.namePrefix}: AppFlow BigQuery results, Athena results, connector credentials`,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindowDays,
      policy: policyJson(
        policyDocument(
          {
            // The standard root statement: without it the key becomes unmanageable, and it lets IAM
            // policies (deployers creating AppFlow grants, Athena users) govern use. In a key policy
            // "Resource": "*" means this key only.
            Sid: "EnableAccountAdministration",
            Effect: "Allow",
            Principal: { AWS: `arn:${partition}:iam::${props.accountId}:root` },
            Action: "kms:*",
            Resource: "*",
          },
          {
            // The connector profile and every flow name this key as kms_arn: AppFlow encrypts the connection's
            // credentials and each run's intermediate data with it itself, not only through S3 ("When you
            // choose a customer managed CMK, Amazon AppFlow attaches a resource policy to the CMK that grants
            // it access", https://docs.aws.amazon.com/appflow/latest/userguide/data-protection.html).
            // Confused-deputy guard: only AppFlow acting for this account's profiles and flows in this region
            // (aws:SourceAccount + aws:SourceArn, the conditions AppFlow's examples use for its service
            // principal). The grants AppFlow creates with the deployer's credentials (kms:CreateGrant via
            // appflow.<region>.amazonaws.com) go through the root statement above and the deployer's IAM policy.
            Sid: "AllowAppFlowProfilesAndFlows",
            Effect: "Allow",
            Principal: { Service: APPFLOW_SERVICE },
            Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
            Resource: "*",
            Condition: {
              StringEquals: { "aws:SourceAccount": props.accountId },
              ArnLike: { "aws:SourceArn": arn("appflow", "*") },
            },
          },
          {
            // AppFlow writes flow output with the service principal's own identity; S3 then calls
            // KMS on its behalf. The encryption context pins use to objects of the results bucket
            // (bucket ARN with S3 Bucket Keys, object ARNs without), so the grant cannot be
            // borrowed for another bucket or another account's flow.
            Sid: "AllowAppFlowResultsBucketEncryption",
            Effect: "Allow",
            Principal: { Service: APPFLOW_SERVICE },
            Action: ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"],
            Resource: "*",
            Condition: {
              StringEquals: { "kms:ViaService": `s3.${props.region}.amazonaws.com` },
              StringLike: { "kms:EncryptionContext:aws:s3:arn": [resultsBucketArn, `${resultsBucketArn}/*`] },
            },
          },
        ),
      ),
      tags,
    });
    new KmsAlias(this, "key-alias", {
      provider,
      name: `alias/${props.namePrefix}-appflow-bigquery`,
      targetKeyId: this.kmsKey.keyId,
    });
    this.kmsKeyArn = this.kmsKey.arn;

    // --- Results bucket: AppFlow may write only under the flows' prefixes, only from this account.
    const prefixes = [...new Set(flows.map((f) => f.bucketPrefix))].sort();
    const sourceAccount = { StringEquals: { "aws:SourceAccount": props.accountId } };
    const results = new PrivateBucket(this, "results", {
      provider,
      bucketName: props.resultsBucketName,
      // Named, not read from the resource, so the key policy can name the bucket without a key -> bucket -> key cycle.
      bucketArn: resultsBucketArn,
      expectedBucketOwner: props.accountId,
      encryption: { type: "kms", kmsKeyArn: this.kmsKey.arn },
      tags,
      accessLogs: props.accessLogs,
      // Flow output is the data lake's raw layer: current objects stay; replaced ones are freed after a while.
      lifecycleRules: [
        { id: "expire-noncurrent-versions", noncurrentVersionExpirationDays: resultsNoncurrentDays },
      ],
      allowStatements: [
        {
          Sid: "AllowAppFlowDestinationBucketActions",
          Effect: "Allow",
          Principal: { Service: APPFLOW_SERVICE },
          Action: APPFLOW_S3_BUCKET_ACTIONS,
          Resource: resultsBucketArn,
          Condition: sourceAccount,
        },
        {
          Sid: "AllowAppFlowDestinationObjectActions",
          Effect: "Allow",
          Principal: { Service: APPFLOW_SERVICE },
          Action: APPFLOW_S3_OBJECT_ACTIONS,
          Resource: prefixes.map((p) => `${resultsBucketArn}/${p}/*`),
          Condition: sourceAccount,
        },
      ],
    });
    this.resultsBucketName = props.resultsBucketName;
    this.resultsBucketArn = resultsBucketArn;

    const athenaResults = new PrivateBucket(this, "athena-results", {
      provider,
      bucketName: props.athenaResultsBucketName,
      bucketArn: `arn:${partition}:s3:::${props.athenaResultsBucketName}`,
      expectedBucketOwner: props.accountId,
      encryption: { type: "kms", kmsKeyArn: this.kmsKey.arn },
      tags,
      accessLogs: props.accessLogs,
      // Query results can be re-created by running the query again ("Working with query results", Athena user guide).
      lifecycleRules: [
        {
          id: "expire-query-results",
          expirationDays: athenaResultsExpirationDays,
          noncurrentVersionExpirationDays: 1,
        },
      ],
    });
    this.athenaResultsBucketName = props.athenaResultsBucketName;
    this.athenaResultsBucketArn = athenaResults.bucketArn;

    // --- Connector profile: secrets only as Terraform references.
    this.connectorProfile = new AppflowConnectorProfile(this, "connector-profile", {
      provider,
      name: connectorProfileName,
      connectorType: "CustomConnector",
      connectorLabel,
      connectionMode: "Public",
      kmsArn: this.kmsKey.arn,
      connectorProfileConfig: {
        connectorProfileCredentials: {
          customConnector: {
            authenticationType: "OAUTH2",
            oauth2: {
              clientId: oauth.clientId,
              clientSecret: oauth.clientSecret,
              refreshToken: oauth.refreshToken,
              accessToken: oauth.accessToken,
            },
          },
        },
        connectorProfileProperties: {
          customConnector: {
            // AppFlow requires the grant type and token URL even though it only ever uses the refresh
            // token it is given (the authorization code exchange happened in the Google consent flow).
            oauth2Properties: { oauth2GrantType: "AUTHORIZATION_CODE", tokenUrl: GOOGLE_TOKEN_URL },
          },
        },
      },
    });
    this.connectorProfileName = connectorProfileName;
    this.connectorProfileArn = this.connectorProfile.arn;

    // --- Glue Data Catalog: the database and a role AppFlow passes to itself to add tables/partitions.
    const database = new GlueCatalogDatabase(this, "glue-database", {
      provider,
      name: props.glueDatabaseName,
      catalogId: props.accountId,
      description: `Amazon AppFlow output from Google BigQuery (${props.namePrefix})`,
      tags,
    });
    const catalogRole = new IamRole(this, "glue-catalog-role", {
      provider,
      name: `${props.namePrefix}-appflow-glue-catalog`,
      description: "Assumed by Amazon AppFlow to register flow output in the Glue Data Catalog",
      assumeRolePolicy: policyJson(serviceTrustPolicy(APPFLOW_SERVICE, props.accountId)),
      tags,
    });
    const catalogPolicy = new IamRolePolicy(this, "glue-catalog-policy", {
      provider,
      name: "glue-catalog",
      role: catalogRole.id,
      policy: policyJson(
        policyDocument(
          {
            Sid: "CatalogFlowOutput",
            Effect: "Allow",
            Action: APPFLOW_GLUE_ACTIONS,
            Resource: [
              arn("glue", "catalog"),
              arn("glue", `database/${props.glueDatabaseName}`),
              arn("glue", `table/${props.glueDatabaseName}/*`),
            ],
          },
          // "the client that is accessing the Data Catalog must have the following AWS KMS permissions"
          // (Glue developer guide, "Encrypting your Data Catalog": https://docs.aws.amazon.com/glue/latest/dg/encrypt-glue-data-catalog.html).
          ...(props.glueCatalogKmsKeyArn
            ? [
                {
                  Sid: "UseCatalogKey",
                  Effect: "Allow" as const,
                  Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
                  Resource: props.glueCatalogKmsKeyArn,
                },
              ]
            : []),
        ),
      ),
    });
    this.glueDatabaseName = props.glueDatabaseName;
    this.glueTablePrefix = glueTablePrefix;
    this.glueCatalogRoleArn = catalogRole.arn;

    // --- Flows.
    const flowResources: Record<string, AppflowFlow> = {};
    const flowNames: Record<string, string> = {};
    const flowArns: Record<string, string> = {};
    for (const f of flows) {
      const resource = new AppflowFlow(this, `flow-${f.key}`, {
        provider,
        name: f.flowName,
        description:
          f.flow.description ??
          `Google BigQuery ${f.flow.projectId}.${f.flow.datasetId}.${f.flow.tableId} to S3`,
        kmsArn: this.kmsKey.arn,
        sourceFlowConfig: {
          connectorType: "CustomConnector",
          apiVersion,
          connectorProfileName: this.connectorProfile.name,
          sourceConnectorProperties: {
            customConnector: {
              entityName: `table/${f.flow.projectId}/${f.flow.datasetId}/${f.flow.tableId}`,
            },
          },
          incrementalPullConfig:
            f.trigger.type === "Scheduled" && f.trigger.incrementalPullFieldName
              ? { datetimeTypeFieldName: f.trigger.incrementalPullFieldName }
              : undefined,
        },
        destinationFlowConfig: [
          {
            connectorType: "S3",
            destinationConnectorProperties: {
              s3: {
                bucketName: results.bucket.bucket,
                bucketPrefix: f.bucketPrefix,
                s3OutputFormatConfig: {
                  fileType: f.fileType,
                  // Only meaningful for Parquet: keep BigQuery's column types instead of strings.
                  preserveSourceDataTyping: f.fileType === "PARQUET" ? true : undefined,
                  aggregationConfig: { aggregationType: f.aggregationType },
                  prefixConfig: {
                    prefixType: "PATH",
                    prefixFormat: f.flow.prefixFormat,
                    // Folders per schema version keep one Glue table schema per folder when the source changes.
                    prefixHierarchy: ["SCHEMA_VERSION", "EXECUTION_ID"],
                  },
                },
              },
            },
          },
        ],
        task: this.tasks(f.fields, f.flow.fieldDataTypes ?? {}, f.flow.filters ?? []),
        triggerConfig: this.trigger(f.trigger),
        metadataCatalogConfig: {
          glueDataCatalog: {
            databaseName: database.name,
            roleArn: catalogRole.arn,
            tablePrefix: glueTablePrefix,
          },
        },
        tags,
        // AppFlow validates the destination bucket policy and the catalog role when the flow is created.
        dependsOn: [results.policy, catalogPolicy],
      });
      flowResources[f.key] = resource;
      flowNames[f.key] = f.flowName;
      flowArns[f.key] = resource.arn;
    }
    this.flows = flowResources;
    this.flowNames = flowNames;
    this.flowArns = flowArns;
    this.scheduledFlowKeys = flows.filter((f) => f.trigger.type === "Scheduled").map((f) => f.key);

    // --- Athena: queries run only with the workgroup's settings; results encrypted in their own bucket.
    new AthenaWorkgroup(this, "athena-workgroup", {
      provider,
      name: athenaWorkgroupName,
      description: `Queries over AppFlow BigQuery output in Glue database ${props.glueDatabaseName}`,
      state: "ENABLED",
      forceDestroy: false,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.athenaBytesScannedCutoffPerQuery,
        resultConfiguration: {
          outputLocation: `s3://${athenaResults.bucket.bucket}/results/`,
          expectedBucketOwner: props.accountId,
          encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: this.kmsKey.arn },
        },
      },
      tags,
    });
    this.athenaWorkgroupName = athenaWorkgroupName;
  }

  private declareOauthVariables(
    namePrefix: string,
  ): Record<keyof AppflowBigQueryOAuthCredentials, TerraformVariable> {
    const prefix = `${namePrefix.replace(/-/g, "_")}_google_oauth`;
    const declare = (cid: string, name: string, description: string): TerraformVariable => {
      const v = new TerraformVariable(this, cid, {
        type: "string",
        sensitive: true,
        nullable: false,
        description,
      });
      // A stable, readable name: operators set it as TF_VAR_<name> or in a Terraform Cloud workspace.
      v.overrideLogicalId(`${prefix}_${name}`);
      return v;
    };
    return {
      clientId: declare(
        "oauth-client-id",
        "client_id",
        "Google OAuth client id of the web app AppFlow signs in with",
      ),
      clientSecret: declare("oauth-client-secret", "client_secret", "Google OAuth client secret of that app"),
      refreshToken: declare(
        "oauth-refresh-token",
        "refresh_token",
        "Refresh token from the Google OAuth consent flow (scope bigquery read), used by AppFlow to renew access",
      ),
      accessToken: declare(
        "oauth-access-token",
        "access_token",
        "Access token returned with the refresh token",
      ),
    };
  }

  /**
   * The flow's tasks, in a shape that plans clean after an apply. The provider stores `task` as a set whose
   * elements are hashed over every field (source_fields in order, task_properties, connector_operator,
   * destination_field), so any field AppFlow returns differently from what was sent makes that element a
   * remove + add on every plan: the permanent task diff reported for Map + Filter flows (provider issue #43591,
   * https://github.com/hashicorp/terraform-provider-aws/issues/43591, closed without a fix). Hence:
   * - exactly one projection (Filter/PROJECTION) listing the mapped fields in the flow's order, which AppFlow
   *   requires with Map tasks ("You must specify a projection task or a MAP_ALL task", #34482); no Map_all
   *   (its own perpetual diff, #35992);
   * - every task carries its connector_operator (AppFlow stores one per task) and Filter tasks the empty
   *   destination_field AppFlow returns for them;
   * - task_properties only where the config gives values, never an empty map, and SOURCE_/DESTINATION_DATA_TYPE
   *   always together.
   * The element order does not matter (a set). A task change is an in-place UpdateFlow, never a replacement.
   */
  private tasks(
    fields: readonly string[],
    dataTypes: Readonly<Record<string, string>>,
    filters: readonly AppflowBigQueryFilter[],
  ): AppflowFlowTask[] {
    const projection: AppflowFlowTask = {
      taskType: "Filter",
      sourceFields: [...fields],
      connectorOperator: [{ customConnector: "PROJECTION" }],
      destinationField: "",
    };
    const maps: AppflowFlowTask[] = fields.map((field) => ({
      taskType: "Map",
      sourceFields: [field],
      destinationField: field,
      connectorOperator: [{ customConnector: "NO_OP" }],
      taskProperties: dataTypes[field]
        ? { SOURCE_DATA_TYPE: dataTypes[field], DESTINATION_DATA_TYPE: dataTypes[field] }
        : undefined,
    }));
    const filterTasks: AppflowFlowTask[] = filters.map((filter) => ({
      taskType: "Filter",
      sourceFields: [filter.field],
      connectorOperator: [{ customConnector: filter.operator }],
      destinationField: "",
      taskProperties: {
        DATA_TYPE: filter.dataType ?? dataTypes[filter.field] ?? "string",
        ...(filter.operator === "BETWEEN"
          ? { LOWER_BOUND: filter.values[0], UPPER_BOUND: filter.values[1] }
          : SINGLE_VALUE_OPERATORS.includes(filter.operator)
            ? { VALUE: filter.values[0] }
            : { VALUES: filter.values.join(",") }),
      },
    }));
    return [projection, ...filterTasks, ...maps];
  }

  private trigger(trigger: AppflowBigQueryTrigger): AppflowFlowTriggerConfig {
    if (trigger.type === "OnDemand") return { triggerType: "OnDemand" };
    return {
      triggerType: "Scheduled",
      triggerProperties: {
        scheduled: {
          scheduleExpression: trigger.scheduleExpression,
          dataPullMode: trigger.dataPullMode ?? "Incremental",
          timezone: trigger.timezone,
          scheduleStartTime: trigger.scheduleStartTime,
        },
      },
    };
  }

  private validateOauth(creds: AppflowBigQueryOAuthCredentials): void {
    for (const key of ["clientId", "clientSecret", "refreshToken", "accessToken"] as const) {
      const value = creds[key];
      ensure(
        typeof value === "string" && Token.isUnresolved(value),
        this,
        `oauthCredentials.${key}`,
        // Never echo what may be a secret into an error message or CI log.
        typeof value === "string" ? `<literal of ${value.length} characters>` : value,
        "must be a Terraform reference, never a literal: a literal would be written into the synthesized JSON",
        "pass a sensitive TerraformVariable's stringValue (or omit oauthCredentials and let the module declare the variables)",
      );
    }
  }

  private validateTop(
    props: AppflowBigQueryProps,
    d: {
      partition: string;
      connectorProfileName: string;
      connectorLabel: string;
      glueTablePrefix: string;
      athenaWorkgroupName: string;
      deletionWindowDays: number;
    },
  ): void {
    const named = (prop: string, value: string, re: RegExp, problem: string, fix: string) => {
      if (isKnown(value)) ensure(re.test(value), this, prop, value, problem, fix);
    };
    named(
      "namePrefix",
      props.namePrefix,
      NAME_PREFIX,
      "must be 2-32 lowercase letters, digits or hyphens, starting with a letter",
      "use a short kebab-case name such as dev-ingest",
    );
    checkAccountId(this, "accountId", props.accountId);
    named("region", props.region, AWS_REGION, "must be an AWS region name", "use e.g. eu-west-1");
    checkOneOf(this, "partition", d.partition, ["aws", "aws-cn", "aws-us-gov"]);
    for (const [prop, value] of [
      ["resultsBucketName", props.resultsBucketName],
      ["athenaResultsBucketName", props.athenaResultsBucketName],
    ] as const) {
      if (!isKnown(value)) continue;
      ensure(
        isBucketName(value),
        this,
        prop,
        value,
        "must be 3-63 lowercase letters, digits or hyphens, start and end with a letter or digit, no dots, no reserved prefix/suffix",
        "rename the bucket, e.g. <org>-<env>-appflow-results",
      );
    }
    ensure(
      props.resultsBucketName !== props.athenaResultsBucketName,
      this,
      "athenaResultsBucketName",
      props.athenaResultsBucketName,
      "must differ from resultsBucketName (query results are kept apart from the data)",
      "give Athena its own bucket name",
    );
    named(
      "connectorProfileName",
      d.connectorProfileName,
      APPFLOW_PROFILE_NAME,
      "must be 1-256 characters of letters, digits and _/!@#+=.-",
      "remove spaces and other characters",
    );
    named(
      "connectorLabel",
      d.connectorLabel,
      APPFLOW_CONNECTOR_LABEL,
      "must be 2-256 letters, digits or _!@.- starting with a letter or digit (AppFlow rejects spaces at apply time)",
      'use "GoogleBigQuery", the label of AppFlow\'s Google BigQuery connector',
    );
    named(
      "glueDatabaseName",
      props.glueDatabaseName,
      GLUE_NAME,
      "must be 1-255 lowercase letters, digits or underscores (what Athena can query)",
      "lowercase the name and replace hyphens with underscores",
    );
    named(
      "glueTablePrefix",
      d.glueTablePrefix,
      GLUE_TABLE_PREFIX,
      "must be 1-64 lowercase letters, digits or underscores",
      "lowercase the prefix and replace hyphens with underscores",
    );
    named(
      "athenaWorkgroupName",
      d.athenaWorkgroupName,
      ATHENA_WORKGROUP_NAME,
      "must be 1-128 letters, digits, dots, underscores or hyphens",
      "remove other characters",
    );
    if (props.athenaBytesScannedCutoffPerQuery !== undefined) {
      checkIntRange(
        this,
        "athenaBytesScannedCutoffPerQuery",
        props.athenaBytesScannedCutoffPerQuery,
        MIN_ATHENA_CUTOFF_BYTES,
        Number.MAX_SAFE_INTEGER,
      );
    }
    checkIntRange(this, "kmsKeyDeletionWindowDays", d.deletionWindowDays, 7, 30);
    checkIntRange(
      this,
      "resultsNoncurrentVersionExpirationDays",
      props.resultsNoncurrentVersionExpirationDays,
      1,
      36500,
    );
    checkIntRange(this, "athenaResultsExpirationDays", props.athenaResultsExpirationDays, 1, 36500);
  }

  private validateFlow(
    key: string,
    flow: AppflowBigQueryTableFlow,
    fields: readonly string[],
    bucketPrefix: string,
    trigger: AppflowBigQueryTrigger,
    flowName: string,
    fileType: AppflowFileType,
    aggregationType: AppflowAggregationType,
  ): void {
    const p = `flows.${key}`;
    ensure(
      /^[a-z0-9][a-z0-9-]*$/.test(key),
      this,
      "flows",
      key,
      "flow keys are lowercase letters, digits and hyphens (they become construct ids and flow names)",
      "rename the key, e.g. allergies",
    );
    // The entity is `table/<project>/<dataset>/<table>`: each part must be a valid Google id.
    const parts: [string, string, RegExp, string][] = [
      [
        "projectId",
        flow.projectId,
        GOOGLE_PROJECT_ID,
        "6-30 lowercase letters, digits or hyphens, starting with a letter, not ending with a hyphen",
      ],
      ["datasetId", flow.datasetId, BIGQUERY_DATASET_ID, "1-1024 letters, digits or underscores"],
      ["tableId", flow.tableId, BIGQUERY_TABLE_ID, "1-1024 letters, digits, underscores or hyphens"],
    ];
    for (const [prop, value, re, rule] of parts) {
      if (!isKnown(value)) continue;
      ensure(
        re.test(value),
        this,
        `${p}.${prop}`,
        value,
        `the AppFlow entity table/<project>/<dataset>/<table> needs a valid BigQuery ${prop}: ${rule}`,
        `set ${prop} to the id shown in the BigQuery console (no slashes or dots)`,
      );
    }
    checkNonEmpty(this, `${p}.schemaFieldNames`, flow.schemaFieldNames);
    checkNonEmpty(this, `${p}.fields`, fields);
    checkUnique(this, `${p}.fields`, fields);
    const schema = new Set(flow.schemaFieldNames);
    const inSchema = (prop: string, field: string) =>
      ensure(
        schema.has(field),
        this,
        prop,
        field,
        `is not a column of ${flow.datasetId}.${flow.tableId} (columns: ${flow.schemaFieldNames.join(", ")})`,
        "use a column name exactly as in the BigQuery schema, or add the column to the table first",
      );
    for (const field of fields) inSchema(`${p}.fields`, field);
    for (const field of Object.keys(flow.fieldDataTypes ?? {})) inSchema(`${p}.fieldDataTypes`, field);
    for (const filter of flow.filters ?? []) {
      inSchema(`${p}.filters.field`, filter.field);
      checkOneOf(this, `${p}.filters.operator`, filter.operator, FILTER_OPERATORS);
      const count = filter.values.length;
      const wanted =
        filter.operator === "BETWEEN"
          ? count === 2
          : SINGLE_VALUE_OPERATORS.includes(filter.operator)
            ? count === 1
            : count >= 1;
      ensure(
        wanted,
        this,
        `${p}.filters.${filter.field}.values`,
        filter.values,
        `${filter.operator} takes ${filter.operator === "BETWEEN" ? "exactly two values (lower, upper)" : SINGLE_VALUE_OPERATORS.includes(filter.operator) ? "exactly one value" : "one or more values"}`,
        "give the right number of values for the operator",
      );
    }
    if (isKnown(bucketPrefix)) {
      ensure(
        S3_KEY_PREFIX.test(bucketPrefix) && bucketPrefix.length <= 512,
        this,
        `${p}.bucketPrefix`,
        bucketPrefix,
        "must be an S3 key prefix without leading or trailing slash (letters, digits, !_.*'()- and / between segments)",
        'use e.g. "raw" or "raw/bigquery"',
      );
    }
    checkOneOf(this, `${p}.fileType`, fileType, ["PARQUET", "CSV", "JSON"]);
    checkOneOf(this, `${p}.aggregationType`, aggregationType, ["None", "SingleFile"]);
    checkOneOf(this, `${p}.prefixFormat`, flow.prefixFormat, ["YEAR", "MONTH", "DAY", "HOUR", "MINUTE"]);
    if (isKnown(flowName)) {
      ensure(
        APPFLOW_FLOW_NAME.test(flowName),
        this,
        `${p}.flowName`,
        flowName,
        "AppFlow flow names start with a letter or digit and contain only letters, digits and _!@#.- (at most 256)",
        "rename the flow",
      );
    }
    if (flow.description !== undefined && isKnown(flow.description))
      ensure(
        APPFLOW_FLOW_DESCRIPTION.test(flow.description),
        this,
        `${p}.description`,
        flow.description,
        "AppFlow flow descriptions allow only letters, digits, spaces and _!@#-.?, (at most 2048 characters)",
        "remove other characters such as : / ( ) or quotes",
      );
    checkOneOf(this, `${p}.trigger.type`, trigger.type, ["OnDemand", "Scheduled"]);
    if (trigger.type === "Scheduled") {
      if (isKnown(trigger.scheduleExpression)) {
        ensure(
          isScheduleExpression(trigger.scheduleExpression),
          this,
          `${p}.trigger.scheduleExpression`,
          trigger.scheduleExpression,
          trigger.scheduleExpression.startsWith("cron(")
            ? `${cronProblem(trigger.scheduleExpression)}`
            : "must be rate(<n>minutes|hours|days) (no space, plural unit) or a six-field cron(...) expression",
          'use e.g. "rate(1days)" or "cron(0 2 * * ? *)"',
        );
      }
      if (trigger.scheduleStartTime !== undefined && isKnown(trigger.scheduleStartTime)) {
        // The provider reads the start time back as RFC 3339 in UTC, whole seconds: any other spelling of the same
        // instant (an offset, fractions) differs from the config on every plan.
        ensure(
          UTC_TIMESTAMP.test(trigger.scheduleStartTime),
          this,
          `${p}.trigger.scheduleStartTime`,
          trigger.scheduleStartTime,
          "must be a UTC time in whole seconds (YYYY-MM-DDThh:mm:ssZ), the form AppFlow returns; another spelling of the same instant is a permanent diff",
          'write it in UTC with a Z, e.g. "2026-01-01T02:00:00Z"',
        );
      }
      const mode = trigger.dataPullMode ?? "Incremental";
      checkOneOf(this, `${p}.trigger.dataPullMode`, mode, ["Incremental", "Complete"]);
      if (trigger.incrementalPullFieldName !== undefined)
        inSchema(`${p}.trigger.incrementalPullFieldName`, trigger.incrementalPullFieldName);
      ensure(
        mode !== "Incremental" || trigger.incrementalPullFieldName !== undefined,
        this,
        `${p}.trigger.incrementalPullFieldName`,
        trigger.incrementalPullFieldName,
        "an Incremental pull needs the DATE/DATETIME/TIMESTAMP column that tells new rows from old",
        'set incrementalPullFieldName (e.g. "START"), or dataPullMode "Complete" to transfer the whole table each run',
      );
    }
  }
}
