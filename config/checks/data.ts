// Pure rule data and parsers (no cdktf): the same rules the data modules enforce at construct time, so a
// bad value stops at config validation with its config path instead of deep inside a construct.
import {
  APPFLOW_FLOW_DESCRIPTION,
  cronProblem,
  APPFLOW_CONNECTOR_LABEL,
  GLUE_NAME,
  GLUE_TABLE_PREFIX,
  S3_KEY_PREFIX,
  isBucketName,
  isScheduleExpression,
} from "@multicloud-platform/modules/appflow-bigquery";
import {
  BIGQUERY_DATASET_ID,
  BIGQUERY_FIELD_NAME,
  BIGQUERY_TABLE_ID,
  GOOGLE_LABEL_KEY,
  GOOGLE_LABEL_VALUE,
  GOOGLE_PROJECT_ID,
  kmsKeyLocationProblem,
} from "@multicloud-platform/modules/bigquery-source";
import {
  JDBC_URL_FORMS,
  parseJdbcUrl,
  sslDisablingParams,
} from "@multicloud-platform/modules/glue-connection";
import { isExistingBucketName } from "../aws";
import { Problems, referenceFix } from "../problems";
import {
  AppflowConfig,
  AppflowFlowConfig,
  BigQueryConfig,
  BigQueryTableConfig,
  EnvironmentConfig,
  GlueConfig,
  GlueConnectionConfig,
  IngestConfig,
  VpcConfig,
} from "../schema";
import { checkAccountRef, checkRegion } from "./base";
import { own } from "../lookup";

/** Google regions are `<area>-<direction><n>` (us-central1, europe-west4, northamerica-northeast1). */
const GOOGLE_REGION = /^[a-z]+-[a-z]+\d+$/;
/** BigQuery locations: the multi-regions or a region. */
const BIGQUERY_LOCATION = /^(US|EU|[a-z]+-[a-z]+\d+)$/;
/** Google reserves these strings inside project ids. */
const RESTRICTED_PROJECT_ID_WORDS = ["google", "ssl"];
const APPFLOW_IDENTITY = /^(user|serviceAccount):[^@\s:]+@[^@\s]+\.[^@\s]+$/;
const TIME_COLUMN_TYPES = ["DATE", "DATETIME", "TIMESTAMP"];
const SINGLE_VALUE_OPERATORS = [
  "GREATER_THAN",
  "GREATER_THAN_OR_EQUAL_TO",
  "LESS_THAN",
  "LESS_THAN_OR_EQUAL_TO",
];
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const SECURITY_GROUP_ID = /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** AWS-hosted store endpoints name their region: `<id>.<region>.redshift.amazonaws.com`, `...rds.amazonaws.com`. */
const AWS_HOST_REGION = /\.([a-z]{2}(?:-[a-z]+)+-\d)\.(?:redshift|rds|redshift-serverless)\.amazonaws\.com$/;
/** The Glue module's name rule: `<env>-<connection>` becomes connection, SG and role names. */
const GLUE_CONNECTION_NAME = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** `ingest` and `bigquery` sections. */
export function checkData(cfg: EnvironmentConfig, p: Problems): void {
  if (cfg.bigquery) checkBigQuery(cfg.bigquery, p);
  if (cfg.ingest) checkIngest(cfg, cfg.ingest, p);
}

// --- BigQuery (Google side) ---------------------------------------------------------------------

function checkBigQuery(bq: BigQueryConfig, p: Problems): void {
  checkProjectId(bq.projectId, "bigquery.projectId", p);
  if (!GOOGLE_REGION.test(bq.region))
    p.add(
      "bigquery.region",
      bq.region,
      "is not a Google Cloud region",
      'use a region name such as "us-central1" or "europe-west4"',
    );
  checkDatasetId(bq.datasetId, "bigquery.datasetId", p);
  if (!BIGQUERY_LOCATION.test(bq.location))
    p.add(
      "bigquery.location",
      bq.location,
      "is not a BigQuery location",
      'use a multi-region ("US", "EU") or a region such as "europe-west4"',
    );
  checkLabels(bq.labels, "bigquery.labels", p);
  for (const [key, days] of [
    ["defaultTableExpirationDays", bq.defaultTableExpirationDays],
    ["defaultPartitionExpirationDays", bq.defaultPartitionExpirationDays],
  ] as const) {
    if (days !== undefined && !(Number.isInteger(days) && days >= 1))
      p.add(
        `bigquery.${key}`,
        days,
        "must be a whole number of days, at least 1",
        "give a number of days, or remove the key so nothing expires",
      );
  }
  if (!APPFLOW_IDENTITY.test(bq.appflowIdentity))
    p.add(
      "bigquery.appflowIdentity",
      bq.appflowIdentity,
      "is not a Google IAM member AppFlow's OAuth connection can act as",
      'write "user:<email>" (the account that granted consent) or "serviceAccount:<email>"',
    );
  if (bq.encryption) {
    const problem = kmsKeyLocationProblem(bq.location, bq.encryption.kmsKeyName);
    if (problem)
      p.add(
        "bigquery.encryption.kmsKeyName",
        bq.encryption.kmsKeyName,
        problem,
        `use a Cloud KMS key whose key ring is in the location matching "${bq.location}"`,
      );
    if (bq.encryption.projectNumber !== undefined && !/^\d{6,19}$/.test(bq.encryption.projectNumber))
      p.add(
        "bigquery.encryption.projectNumber",
        bq.encryption.projectNumber,
        "is not a project number (digits only; the project id goes in bigquery.projectId)",
        "copy the project number from the Google Cloud console's project info card, or remove it and let the key's owner grant BigQuery's service agent",
      );
  }
  const tableIds = Object.keys(bq.tables);
  if (tableIds.length === 0)
    p.add("bigquery.tables", {}, "declares no tables", "declare at least one table with its fields");
  for (const [id, table] of Object.entries(bq.tables)) checkTable(id, table, p);
}

function checkProjectId(id: string, at: string, p: Problems, part = ""): boolean {
  if (!GOOGLE_PROJECT_ID.test(id)) {
    p.add(
      at,
      id,
      part +
        "violates Google's project id rules: 6-30 characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen",
      "use the project ID (not the project name or number) shown in the Google Cloud console, e.g. health-data-123456",
    );
    return false;
  }
  const word = RESTRICTED_PROJECT_ID_WORDS.find((w) => id.includes(w));
  if (word) {
    p.add(
      at,
      id,
      `contains "${word}", which Google does not allow in project ids`,
      "use the project's real id",
    );
    return false;
  }
  return true;
}

function checkDatasetId(id: string, at: string, p: Problems, part = ""): boolean {
  if (BIGQUERY_DATASET_ID.test(id)) return true;
  p.add(
    at,
    id,
    part +
      "violates BigQuery's dataset id rules: 1-1024 letters, digits and underscores (no hyphens, dots or spaces)",
    `use e.g. "${id.replace(/[^A-Za-z0-9_]/g, "_") || "synthea"}"`,
  );
  return false;
}

function checkTableId(id: string, at: string, p: Problems, part = ""): boolean {
  if (BIGQUERY_TABLE_ID.test(id)) return true;
  p.add(
    at,
    id,
    part + "is not a table id this project accepts: 1-1024 letters, digits, underscores or hyphens",
    "rename the table (no dots, slashes or spaces: the id becomes part of AppFlow's entity path)",
  );
  return false;
}

function checkLabels(labels: Readonly<Record<string, string>> | undefined, at: string, p: Problems): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (!GOOGLE_LABEL_KEY.test(k))
      p.add(
        `${at}.${k}`,
        k,
        "is not a valid Google label key",
        "start with a lowercase letter; use lowercase letters, digits, _ and -; at most 63 characters",
      );
    if (!GOOGLE_LABEL_VALUE.test(v))
      p.add(
        `${at}.${k}`,
        v,
        "is not a valid Google label value",
        "use lowercase letters, digits, _ and -; at most 63 characters",
      );
  }
}

function checkTable(id: string, table: BigQueryTableConfig, p: Problems): void {
  const at = `bigquery.tables.${id}`;
  checkTableId(id, at, p);
  const seen = new Map<string, number>();
  table.fields.forEach((f, i) => {
    const fp = `${at}.fields[${i}].name`;
    if (!BIGQUERY_FIELD_NAME.test(f.name))
      p.add(
        fp,
        f.name,
        "is not a valid BigQuery column name",
        "use letters, digits and underscores, starting with a letter or underscore, at most 300 characters",
      );
    const first = seen.get(f.name.toLowerCase());
    if (first !== undefined)
      p.add(
        fp,
        f.name,
        `repeats ${at}.fields[${first}] (BigQuery column names are case-insensitive)`,
        "give every column its own name",
      );
    else seen.set(f.name.toLowerCase(), i);
  });
  const tp = table.timePartitioning;
  if (tp) {
    const col = table.fields.find((f) => f.name === tp.field);
    if (!col)
      p.add(
        `${at}.timePartitioning.field`,
        tp.field,
        `is not a column of table ${id}`,
        referenceFix(
          "columns",
          `${at}.fields`,
          tp.field,
          table.fields.map((f) => f.name),
        ),
      );
    else if (!TIME_COLUMN_TYPES.includes(col.type))
      p.add(
        `${at}.timePartitioning.field`,
        tp.field,
        `is a ${col.type} column; time partitioning needs DATE, DATETIME or TIMESTAMP`,
        "partition on a date/time column",
      );
  }
  checkLabels(table.labels, `${at}.labels`, p);
}

// --- Ingest (AWS side) ----------------------------------------------------------------------------

function checkIngest(cfg: EnvironmentConfig, ingest: IngestConfig, p: Problems): void {
  checkAccountRef(cfg, ingest.account, "ingest.account", p);
  checkRegion(ingest.region, "ingest.region", p);
  if (!ingest.appflow && !ingest.glue)
    p.add(
      "ingest",
      undefined,
      "declares neither appflow nor glue",
      "add ingest.appflow (BigQuery → S3 flows) and/or ingest.glue (connections), or remove the section",
    );
  if (ingest.appflow) checkAppflow(cfg, ingest.appflow, p);
}

/** `ingest.glue`: connections in network VPCs (a check of its own: it reads the network section). */
export function checkGlueConnections(cfg: EnvironmentConfig, p: Problems): void {
  if (cfg.ingest?.glue) checkGlue(cfg, cfg.ingest, cfg.ingest.glue, p);
}

function checkAppflow(cfg: EnvironmentConfig, a: AppflowConfig, p: Problems): void {
  const at = "ingest.appflow";
  for (const key of ["resultsBucketName", "athenaResultsBucketName"] as const) {
    if (!isBucketName(a[key]))
      p.add(
        `${at}.${key}`,
        a[key],
        "is not an S3 bucket name this project accepts",
        "use 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit (no dots), e.g. <org>-<env>-appflow-results",
      );
  }
  if (a.resultsBucketName === a.athenaResultsBucketName)
    p.add(
      `${at}.athenaResultsBucketName`,
      a.athenaResultsBucketName,
      "is the same bucket as resultsBucketName",
      "give Athena query results their own bucket (they must not mix with the data)",
    );
  if (!APPFLOW_CONNECTOR_LABEL.test(a.connectorLabel))
    p.add(
      `${at}.connectorLabel`,
      a.connectorLabel,
      "is not a connector label AppFlow accepts (letters, digits and _!@.-, no spaces; it fails only at apply)",
      'use "GoogleBigQuery", the label of AppFlow\'s Google BigQuery connector',
    );
  if (!GLUE_NAME.test(a.glueDatabaseName))
    p.add(
      `${at}.glueDatabaseName`,
      a.glueDatabaseName,
      "is not a Glue database name Athena can query",
      `use lowercase letters, digits and underscores, e.g. "${a.glueDatabaseName.toLowerCase().replace(/[^a-z0-9_]/g, "_")}"`,
    );
  if (!GLUE_TABLE_PREFIX.test(a.glueTablePrefix))
    p.add(
      `${at}.glueTablePrefix`,
      a.glueTablePrefix,
      "is not a valid catalog table prefix",
      "use 1-64 lowercase letters, digits or underscores",
    );
  if (a.athenaScanLimitGiB !== undefined && !(a.athenaScanLimitGiB > 0))
    p.add(
      `${at}.athenaScanLimitGiB`,
      a.athenaScanLimitGiB,
      "must be a positive number of GiB",
      "give a limit such as 10, or remove the key for no limit",
    );
  if (!(
    Number.isInteger(a.kmsKeyDeletionWindowDays) &&
    a.kmsKeyDeletionWindowDays >= 7 &&
    a.kmsKeyDeletionWindowDays <= 30
  ))
    p.add(
      `${at}.kmsKeyDeletionWindowDays`,
      a.kmsKeyDeletionWindowDays,
      "must be a whole number of days between 7 and 30 (KMS's limits)",
      "use 7 in throwaway environments, 30 elsewhere",
    );
  if (Object.keys(a.flows).length === 0)
    p.add(`${at}.flows`, {}, "declares no flows", "declare at least one flow with its entity");
  for (const [key, flow] of Object.entries(a.flows)) checkFlow(cfg, key, flow, p);
}

/** Parses `<project>/<dataset>/<table>` (AppFlow's own `table/` prefix tolerated) and resolves the table. */
function resolveEntity(
  cfg: EnvironmentConfig,
  entity: string,
  at: string,
  p: Problems,
): { tableId: string; table: BigQueryTableConfig } | undefined {
  const parts = entity.replace(/^table\//, "").split("/");
  if (parts.length !== 3) {
    p.add(
      at,
      entity,
      `has ${parts.length} part${parts.length === 1 ? "" : "s"}; an entity is <project>/<dataset>/<table>`,
      `write it as "${cfg.bigquery?.projectId ?? "my-project"}/${cfg.bigquery?.datasetId ?? "my_dataset"}/<table>"`,
    );
    return undefined;
  }
  const [project, dataset, tableId] = parts;
  const valid = [
    checkProjectId(project, at, p, `has a project part "${project}" that `),
    checkDatasetId(dataset, at, p, `has a dataset part "${dataset}" that `),
    checkTableId(tableId, at, p, `has a table part "${tableId}" that `),
  ];
  if (valid.includes(false)) return undefined;
  const bq = cfg.bigquery;
  if (!bq) {
    p.add(
      at,
      entity,
      "names a BigQuery table, but the environment has no bigquery section",
      "declare the dataset and the table (with its fields) in bigquery: the flow's fields are checked against that schema",
    );
    return undefined;
  }
  if (project !== bq.projectId || dataset !== bq.datasetId) {
    p.add(
      at,
      entity,
      `is not in the dataset of the bigquery section (${bq.projectId}/${bq.datasetId})`,
      `use "${bq.projectId}/${bq.datasetId}/${tableId}" (tables and their schemas are declared once, in bigquery.tables)`,
    );
    return undefined;
  }
  const table = own(bq.tables, tableId);
  if (!table) {
    p.add(
      at,
      entity,
      `names table ${tableId}, which bigquery.tables does not declare`,
      referenceFix("tables", "bigquery.tables", tableId, Object.keys(bq.tables)),
    );
    return undefined;
  }
  return { tableId, table };
}

function checkFlow(cfg: EnvironmentConfig, key: string, flow: AppflowFlowConfig, p: Problems): void {
  const at = `ingest.appflow.flows.${key}`;
  const resolved = resolveEntity(cfg, flow.entity, `${at}.entity`, p);
  const columns = resolved ? resolved.table.fields.map((f) => f.name) : undefined;
  const typeOf = (c: string) => resolved?.table.fields.find((f) => f.name === c)?.type;
  const schemaPath = resolved ? `bigquery.tables.${resolved.tableId}.fields` : "";
  const inSchema = (field: string, fp: string): boolean => {
    if (!columns || columns.includes(field)) return true;
    p.add(
      fp,
      field,
      `is not a column of table ${resolved!.tableId}: the table schema (${schemaPath}) has no such field`,
      referenceFix("columns", schemaPath, field, columns),
    );
    return false;
  };
  if (flow.fields) {
    if (flow.fields.length === 0)
      p.add(
        `${at}.fields`,
        [],
        "is empty",
        "list the columns to transfer, or remove the key to transfer all",
      );
    flow.fields.forEach((f, i) => {
      inSchema(f, `${at}.fields[${i}]`);
      const first = flow.fields!.indexOf(f);
      if (first !== i)
        p.add(`${at}.fields[${i}]`, f, `repeats ${at}.fields[${first}]`, "list each column once");
    });
  }
  flow.filters.forEach((filter, i) => {
    const fp = `${at}.filters[${i}]`;
    inSchema(filter.field, `${fp}.field`);
    const n = filter.values.length;
    const ok =
      filter.operator === "BETWEEN"
        ? n === 2
        : SINGLE_VALUE_OPERATORS.includes(filter.operator)
          ? n === 1
          : n >= 1;
    if (!ok)
      p.add(
        `${fp}.values`,
        filter.values,
        `has ${n} value${n === 1 ? "" : "s"}; ${filter.operator} takes ${filter.operator === "BETWEEN" ? "two (lower, upper)" : "exactly one"}`,
        "give the number of values the operator takes",
      );
  });
  if (!(S3_KEY_PREFIX.test(flow.bucketPrefix) && flow.bucketPrefix.length <= 512))
    p.add(
      `${at}.bucketPrefix`,
      flow.bucketPrefix,
      "is not an S3 key prefix without leading or trailing slash",
      'use e.g. "raw" or "raw/bigquery"',
    );
  if (flow.description !== undefined && !APPFLOW_FLOW_DESCRIPTION.test(flow.description))
    p.add(
      `${at}.description`,
      flow.description,
      "has characters AppFlow refuses in a flow description (it allows letters, digits, spaces and _!@#-.?, only, at most 2048)",
      "remove other characters such as : / ( ) or quotes",
    );
  const t = flow.trigger;
  if (t.type === "Scheduled") {
    if (!isScheduleExpression(t.scheduleExpression))
      p.add(
        `${at}.trigger.scheduleExpression`,
        t.scheduleExpression,
        t.scheduleExpression.startsWith("cron(")
          ? `${cronProblem(t.scheduleExpression)}`
          : "is not an AppFlow schedule expression: use rate(<n>minutes|hours|days) (no space, plural unit) or a six-field cron(...)",
        'use e.g. "rate(1days)" (daily) or "cron(0 2 * * ? *)" (02:00 UTC every day)',
      );
    if (t.dataPullMode === "Incremental" && t.incrementalPullField === undefined)
      p.add(
        `${at}.trigger.incrementalPullField`,
        undefined,
        "is required for an Incremental pull (AppFlow compares it with the last run to find new rows)",
        'name a DATE/DATETIME/TIMESTAMP column, e.g. "START", or set dataPullMode: "Complete"',
      );
    if (
      t.incrementalPullField !== undefined &&
      inSchema(t.incrementalPullField, `${at}.trigger.incrementalPullField`)
    ) {
      const type = typeOf(t.incrementalPullField);
      if (type && !TIME_COLUMN_TYPES.includes(type))
        p.add(
          `${at}.trigger.incrementalPullField`,
          t.incrementalPullField,
          `is a ${type} column; an incremental pull needs DATE, DATETIME or TIMESTAMP`,
          "name the column that records when a row was added or changed",
        );
    }
  }
}

// --- Glue connections -----------------------------------------------------------------------------

/** Subnet tiers of a VPC that hold TGW attachments: the network stack gives them no internet route. */
function tgwTiers(cfg: EnvironmentConfig, vpc: string): Set<string> {
  const tiers = new Set<string>();
  for (const tgw of Object.values(cfg.network.transitGateways)) {
    const att = own(tgw.attachments, vpc);
    if (att) tiers.add(att.subnetTier);
  }
  return tiers;
}

function checkGlue(cfg: EnvironmentConfig, ingest: IngestConfig, glue: GlueConfig, p: Problems): void {
  const at = "ingest.glue";
  const vpc = own(cfg.network.vpcs, glue.vpc);
  if (!vpc) {
    p.add(
      `${at}.vpc`,
      glue.vpc,
      "is not a known VPC",
      referenceFix("VPCs", "network.vpcs", glue.vpc, Object.keys(cfg.network.vpcs)),
    );
  } else {
    if (vpc.account !== ingest.account || vpc.region !== ingest.region)
      p.add(
        `${at}.vpc`,
        glue.vpc,
        `is in account ${vpc.account}, ${vpc.region}; Glue runs in the ingest account and region (${ingest.account}, ${ingest.region})`,
        "use a VPC of the ingest account in ingest.region",
      );
    if (vpc.natGateways === "none")
      p.add(
        `${at}.vpc`,
        glue.vpc,
        "has no NAT gateway: Glue's traffic to a store in another region/account leaves through a NAT Elastic IP",
        `set network.vpcs.${glue.vpc}.natGateways to "single" or "per-az" (with public subnets)`,
      );
  }
  if (Object.keys(glue.connections).length === 0)
    p.add(`${at}.connections`, {}, "declares no connections", "declare at least one data store connection");
  for (const [key, conn] of Object.entries(glue.connections))
    checkGlueConnection(cfg, glue, vpc, key, conn, p);
}

function checkGlueConnection(
  cfg: EnvironmentConfig,
  glue: GlueConfig,
  vpc: VpcConfig | undefined,
  key: string,
  conn: GlueConnectionConfig,
  p: Problems,
): void {
  const at = `ingest.glue.connections.${key}`;
  if (!GLUE_CONNECTION_NAME.test(`${cfg.name}-${key}`))
    p.add(
      at,
      key,
      `makes the name "${cfg.name}-${key}", longer than the 40 characters Glue names allow here`,
      "use a shorter connection key",
    );
  if (conn.vpc !== undefined && conn.vpc !== glue.vpc)
    p.add(
      `${at}.vpc`,
      conn.vpc,
      `is not the Glue VPC (ingest.glue.vpc = ${glue.vpc}): Glue places its ENIs in the Glue VPC's subnets only`,
      `remove the key or set it to "${glue.vpc}"`,
    );
  if (vpc) {
    const tiers = Object.keys(vpc.subnets);
    if (!tiers.includes(conn.subnetTier)) {
      p.add(
        `${at}.subnetTier`,
        conn.subnetTier,
        `is not a subnet tier of the Glue VPC ${glue.vpc}`,
        referenceFix("tiers", `network.vpcs.${glue.vpc}.subnets`, conn.subnetTier, tiers),
      );
    } else if (conn.subnetTier === "public" || tgwTiers(cfg, glue.vpc).has(conn.subnetTier)) {
      p.add(
        `${at}.subnetTier`,
        conn.subnetTier,
        conn.subnetTier === "public"
          ? "is the public tier: Glue ENIs get no public IP, so they need a private subnet routed through NAT"
          : "holds transit gateway attachments, which have no NAT route",
        `use a dedicated tier such as "glue" (network.vpcs.${glue.vpc}.subnets.glue), routed through NAT`,
      );
    } else {
      const tierAzs = Object.keys(own(vpc.subnets, conn.subnetTier) ?? {});
      (conn.azs ?? []).forEach((az, i) => {
        if (!tierAzs.includes(az))
          p.add(
            `${at}.azs[${i}]`,
            az,
            `has no ${conn.subnetTier} subnet in the Glue VPC ${glue.vpc}`,
            referenceFix("AZs", `network.vpcs.${glue.vpc}.subnets.${conn.subnetTier}`, az, tierAzs),
          );
      });
    }
  }
  if (conn.azs && conn.azs.length === 0)
    p.add(`${at}.azs`, [], "is empty", "list at least one AZ, or remove the key for every AZ of the tier");

  let urlPort: number | undefined;
  if (conn.jdbc) {
    const parsed = parseJdbcUrl(conn.jdbc.url);
    if (!parsed) {
      p.add(
        `${at}.jdbc.url`,
        conn.jdbc.url,
        "is not a JDBC URL Glue accepts",
        `use one of the forms ${JDBC_URL_FORMS.join(", ")}`,
      );
    } else {
      urlPort = parsed.port;
      const off = sslDisablingParams(parsed);
      if (off.length)
        p.add(
          `${at}.jdbc.url`,
          conn.jdbc.url,
          `switches TLS off (${off.join(", ")}); the connection enforces SSL (JDBC_ENFORCE_SSL) and the traffic crosses the internet`,
          `remove ${off.join(", ")} (e.g. use sslmode=verify-full with Redshift/PostgreSQL)`,
        );
      if (!(parsed.port >= 1 && parsed.port <= 65535))
        p.add(`${at}.jdbc.url`, conn.jdbc.url, `has port ${parsed.port}, outside 1-65535`, "fix the port");
      const storeVpc = conn.dataStore ? own(cfg.network.vpcs, conn.dataStore.vpc) : undefined;
      const hostRegion = AWS_HOST_REGION.exec(parsed.host)?.[1];
      if (storeVpc && hostRegion && hostRegion !== storeVpc.region)
        p.add(
          `${at}.jdbc.url`,
          conn.jdbc.url,
          `points at a store in ${hostRegion}, but dataStore.vpc ${conn.dataStore!.vpc} is in ${storeVpc.region}`,
          "point the URL at the store in the data store VPC's region, or fix dataStore.vpc",
        );
    }
    if (!SECRET_ARN.test(conn.jdbc.secretArn))
      p.add(
        `${at}.jdbc.secretArn`,
        conn.jdbc.secretArn,
        "is not a full Secrets Manager secret ARN",
        "copy the ARN from the Secrets Manager console, including the 6-character suffix: arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf",
      );
    if (conn.jdbc.secretKmsKeyArn !== undefined && !KMS_KEY_ARN.test(conn.jdbc.secretKmsKeyArn))
      p.add(
        `${at}.jdbc.secretKmsKeyArn`,
        conn.jdbc.secretKmsKeyArn,
        "is not a KMS key ARN",
        "use the key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias",
      );
  }

  const ds = conn.dataStore;
  if (ds) {
    const dp = `${at}.dataStore`;
    const storeVpc = own(cfg.network.vpcs, ds.vpc);
    if (!storeVpc)
      p.add(
        `${dp}.vpc`,
        ds.vpc,
        "is not a known VPC",
        referenceFix("VPCs", "network.vpcs", ds.vpc, Object.keys(cfg.network.vpcs)),
      );
    if (ds.securityGroupId !== undefined && !SECURITY_GROUP_ID.test(ds.securityGroupId))
      p.add(
        `${dp}.securityGroupId`,
        ds.securityGroupId,
        "is not a security group id",
        "use the group id (sg- and 8 or 17 hex digits), not its name; or remove the key to let the ingest stack create the group",
      );
    if (ds.port !== undefined) {
      if (!(Number.isInteger(ds.port) && ds.port >= 1 && ds.port <= 65535))
        p.add(`${dp}.port`, ds.port, "is not a TCP port", "use 1-65535 (Redshift: 5439)");
      else if (urlPort !== undefined && ds.port !== urlPort)
        p.add(
          `${dp}.port`,
          ds.port,
          `differs from the port in jdbc.url (${urlPort})`,
          "remove the key (the URL's port is used) or make them equal",
        );
    } else if (!conn.jdbc) {
      p.add(
        `${dp}.port`,
        undefined,
        "is required without jdbc (there is no URL to take the port from)",
        "give the store's port, e.g. 5439",
      );
    }
  }
  conn.s3ReadLocations.forEach((loc, i) => {
    const lp = `${at}.s3ReadLocations[${i}]`;
    if (!isExistingBucketName(loc.bucketName))
      p.add(
        `${lp}.bucketName`,
        loc.bucketName,
        "is not an S3 bucket name",
        "use the bucket's name, not an ARN or URL",
      );
    if (loc.prefix !== undefined && (loc.prefix.startsWith("/") || /[*?]/.test(loc.prefix)))
      p.add(
        `${lp}.prefix`,
        loc.prefix,
        "must not start with / or contain wildcards",
        'use a key prefix such as "scripts/"',
      );
  });
}
