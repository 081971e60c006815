import { BigqueryDataset } from "@cdktf/provider-google/lib/bigquery-dataset";
import { BigqueryDatasetIamMember } from "@cdktf/provider-google/lib/bigquery-dataset-iam-member";
import { BigqueryTable } from "@cdktf/provider-google/lib/bigquery-table";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import {
  checkLiteralStrings,
  checkIntRange,
  checkNonEmpty,
  checkOneOf,
  checkUnique,
  ensure,
  isKnown,
} from "../core";
import {
  BIGQUERY_DATASET_ID,
  BIGQUERY_FIELD_MODES,
  BIGQUERY_FIELD_NAME,
  BIGQUERY_FIELD_TYPES,
  BIGQUERY_TABLE_ID,
  BigQueryField,
  BigQueryFieldType,
  GOOGLE_LABEL_KEY,
  GOOGLE_LABEL_VALUE,
  GOOGLE_PROJECT_ID,
  schemaJson,
} from "./schema";

/** A principal in Google IAM member syntax; AppFlow's OAuth connection acts as a user or a service account. */
export type GoogleIamMember = `user:${string}` | `serviceAccount:${string}` | `group:${string}`;

export type BigQueryTimePartitioningType = "DAY" | "HOUR" | "MONTH" | "YEAR";

/** Time partitioning on a DATE, DATETIME or TIMESTAMP column. */
export interface BigQueryTimePartitioning {
  /** Column to partition on; must be in the table's fields with type DATE, DATETIME or TIMESTAMP. */
  readonly field: string;
  /** @default "DAY" */
  readonly type?: BigQueryTimePartitioningType;
}

export interface BigQuerySourceTable {
  /** Columns, in order. */
  readonly fields: readonly BigQueryField[];
  /** @default - no description */
  readonly description?: string;
  /** @default - not partitioned (the dataset's partition expiration then does not apply) */
  readonly timePartitioning?: BigQueryTimePartitioning;
  /** @default - no labels */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Customer-managed encryption (CMEK) of the dataset and its tables with a Cloud KMS key. */
export interface BigQueryEncryption {
  /**
   * `projects/<kms project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>` (no `/cryptoKeyVersions/`:
   * BigQuery always uses the primary version). The key's location must match the dataset's: `US` → `us`,
   * `EU` → `europe`, a region → the same region.
   */
  readonly kmsKeyName: string;
  /**
   * Number (not id) of the project that runs BigQuery. When given, the module grants that project's BigQuery
   * service agent `bq-<number>@bigquery-encryption.iam.gserviceaccount.com` Encrypter/Decrypter on the key, and
   * the dataset and tables wait for the grant.
   * @default - the key's owner grants it (BigQuery refuses to create encrypted tables until then)
   */
  readonly projectNumber?: string;
}

/** `projects/…/locations/<location>/keyRings/…/cryptoKeys/…` */
const KMS_KEY_NAME = /^projects\/[^/]+\/locations\/([^/]+)\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;

/**
 * Why a Cloud KMS key cannot protect a dataset in `location`, or undefined when it can (or is a token).
 * "Create the key ring in a location that matches the location of your BigQuery dataset … a dataset in region
 * `US` should be protected with a key ring from region `us`, and a dataset in region `EU` … from region
 * `europe`" ("Customer-managed Cloud KMS keys", https://cloud.google.com/bigquery/docs/customer-managed-encryption).
 */
export function kmsKeyLocationProblem(datasetLocation: string, kmsKeyName: string): string | undefined {
  if (!isKnown(kmsKeyName) || !isKnown(datasetLocation)) return undefined;
  const m = KMS_KEY_NAME.exec(kmsKeyName);
  if (!m)
    return "is not a key name of the form projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>";
  const wanted = { US: "us", EU: "europe" }[datasetLocation.toUpperCase()] ?? datasetLocation.toLowerCase();
  return m[1] === wanted
    ? undefined
    : `is in location ${m[1]}, but a dataset in ${datasetLocation} needs a key in ${wanted}`;
}

export interface BigQuerySourceProps {
  /** Google Cloud project id: 6-30 characters, lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen. */
  readonly projectId: string;
  /** Dataset id: letters, digits and underscores, at most 1024 characters. */
  readonly datasetId: string;
  /** BigQuery location, a multi-region (`US`, `EU`) or a region (`europe-west1`). */
  readonly location: string;
  /** @default - no description */
  readonly description?: string;
  /** Dataset labels (Google label rules: lowercase keys starting with a letter, values of lowercase letters, digits, `_`, `-`; at most 63 characters each). @default - no labels */
  readonly labels?: Readonly<Record<string, string>>;
  /** Lifetime of new tables, in milliseconds (BigQuery's minimum is one hour, 3600000). @default - tables never expire */
  readonly defaultTableExpirationMs?: number;
  /** Lifetime of partitions of new partitioned tables, in milliseconds. @default - partitions never expire */
  readonly defaultPartitionExpirationMs?: number;
  /**
   * Refuse to destroy the dataset (Terraform `prevent_destroy`) and its tables (`deletion_protection`).
   * Turn off only in throwaway environments such as dev.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Encrypt the dataset (default key) and every table with a customer-managed Cloud KMS key.
   * @default - Google-managed encryption (the policy pack reports PP-BQ-002)
   */
  readonly encryption?: BigQueryEncryption;
  /** Tables keyed by table id (letters, digits, `_`, `-`). */
  readonly tables: Readonly<Record<string, BigQuerySourceTable>>;
  /**
   * The identities AppFlow's OAuth connection acts as (the Google account that granted consent, or a
   * service account): each gets BigQuery Data Viewer on the dataset, and BigQuery Job User and BigQuery Read
   * Session User on the project (the BigQuery API and the Storage Read API; see BIGQUERY_READ_APIS).
   */
  readonly readerMembers: readonly GoogleIamMember[];
  /** @default - the stack's default google provider */
  readonly provider?: TerraformProvider;
}

/**
 * The Google APIs a reader of the dataset goes through, each with the project-level role its calls need (Data
 * Viewer on the dataset gives both the table data). One list, so an enabled API always comes with its grant.
 *
 * AppFlow's Google BigQuery connector documentation names neither API nor role: it offers "Standard"
 * (synchronous) and "Bulk" (asynchronous) transfers and an "Automatic" choice between them
 * (https://docs.aws.amazon.com/appflow/latest/userguide/connectors-googlebigquery.html). Not knowing which API a
 * mode calls, the module grants what both read paths need:
 * - BigQuery API (jobs, tabledata): Job User, `bigquery.jobs.create` on the project;
 * - BigQuery Storage Read API: Read Session User, `bigquery.readsessions.create/getData/update`, grantable on
 *   the project only (https://cloud.google.com/bigquery/docs/access-control#bigquery.readSessionUser).
 */
export const BIGQUERY_READ_APIS: ReadonlyArray<{
  /** Construct id of the API's enablement. */
  readonly id: string;
  readonly service: string;
  /** Construct id prefix and role of the project-level grant each reader gets for this API. */
  readonly grant: { readonly id: string; readonly role: string };
}> = [
  {
    id: "api-bigquery",
    service: "bigquery.googleapis.com",
    grant: { id: "job-user", role: "roles/bigquery.jobUser" },
  },
  {
    id: "api-bigquery-storage",
    service: "bigquerystorage.googleapis.com",
    grant: { id: "read-session-user", role: "roles/bigquery.readSessionUser" },
  },
];
const MIN_TABLE_EXPIRATION_MS = 3_600_000;
const MEMBER = /^(user|serviceAccount|group):[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PARTITION_COLUMN_TYPES: readonly BigQueryFieldType[] = ["DATE", "DATETIME", "TIMESTAMP"];

/**
 * The Google side of a BigQuery → S3 transfer (R-DATA-1): the BigQuery APIs, one dataset with typed
 * tables, and read access for the identity Amazon AppFlow's OAuth connection acts as.
 */
export class BigQuerySource extends Construct {
  public readonly projectId: string;
  public readonly datasetId: string;
  public readonly dataset: BigqueryDataset;
  /** Table resources keyed by table id. */
  public readonly tables: Readonly<Record<string, BigqueryTable>>;
  /** Table ids keyed by the names the caller used (the same strings; handy for mapping). */
  public readonly tableIds: Readonly<Record<string, string>>;
  /** The API enablement resources, keyed by service name. */
  public readonly services: Readonly<Record<string, ProjectService>>;

  private readonly tableFields: Readonly<Record<string, readonly BigQueryField[]>>;

  constructor(scope: Construct, id: string, props: BigQuerySourceProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const deletionProtection = props.deletionProtection ?? true;
    const labels = props.labels ?? {};
    const provider = props.provider;

    this.validate(props, labels);

    this.projectId = props.projectId;
    this.datasetId = props.datasetId;

    // disable_on_destroy=false: an API is enabled project-wide, so other datasets, scheduled queries
    // and users of the project depend on it too; destroying this module must not switch BigQuery off
    // for them. Disabling is a deliberate project-level decision, not a side effect of a stack destroy.
    const services: Record<string, ProjectService> = {};
    for (const { id: cid, service } of BIGQUERY_READ_APIS) {
      services[service] = new ProjectService(this, cid, {
        provider,
        project: props.projectId,
        service,
        disableOnDestroy: false,
        disableDependentServices: false,
      });
    }
    this.services = services;
    const apis = Object.values(services);

    // The service agent must hold the key before BigQuery creates anything encrypted with it; the key-scoped
    // grant is narrower than the project-wide one of Google's sample.
    const grant =
      props.encryption?.projectNumber !== undefined
        ? new KmsCryptoKeyIamMember(this, "bigquery-key-grant", {
            provider,
            cryptoKeyId: props.encryption.kmsKeyName,
            role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
            member: `serviceAccount:bq-${props.encryption.projectNumber}@bigquery-encryption.iam.gserviceaccount.com`,
          })
        : undefined;
    const kmsKeyName = props.encryption?.kmsKeyName;

    this.dataset = new BigqueryDataset(this, "dataset", {
      provider,
      project: props.projectId,
      datasetId: props.datasetId,
      location: props.location,
      description: props.description,
      labels: Object.keys(labels).length > 0 ? { ...labels } : undefined,
      defaultTableExpirationMs: props.defaultTableExpirationMs,
      defaultPartitionExpirationMs: props.defaultPartitionExpirationMs,
      // Never let a destroy silently drop tables full of data.
      deleteContentsOnDestroy: false,
      defaultEncryptionConfiguration: kmsKeyName ? { kmsKeyName } : undefined,
      dependsOn: grant ? [...apis, grant] : apis,
      // The dataset resource has no deletion_protection argument; prevent_destroy is the Terraform-level guard.
      lifecycle: deletionProtection ? { preventDestroy: true } : undefined,
    });

    const tables: Record<string, BigqueryTable> = {};
    const tableIds: Record<string, string> = {};
    const tableFields: Record<string, readonly BigQueryField[]> = {};
    for (const [tableId, table] of Object.entries(props.tables)) {
      const tableLabels = table.labels ?? {};
      tables[tableId] = new BigqueryTable(this, `table-${tableId}`, {
        provider,
        project: props.projectId,
        datasetId: this.dataset.datasetId,
        tableId,
        description: table.description,
        labels: Object.keys(tableLabels).length > 0 ? { ...tableLabels } : undefined,
        schema: schemaJson(table.fields),
        timePartitioning: table.timePartitioning
          ? { field: table.timePartitioning.field, type: table.timePartitioning.type ?? "DAY" }
          : undefined,
        deletionProtection,
        // Also on each table: the dataset default applies only to tables created after it was set (CKV_GCP_80).
        encryptionConfiguration: kmsKeyName ? { kmsKeyName } : undefined,
        dependsOn: grant ? [grant] : undefined,
      });
      tableIds[tableId] = tableId;
      tableFields[tableId] = table.fields;
    }
    this.tables = tables;
    this.tableIds = tableIds;
    this.tableFields = tableFields;

    for (const member of props.readerMembers) {
      new BigqueryDatasetIamMember(this, `data-viewer-${member}`, {
        provider,
        project: props.projectId,
        datasetId: this.dataset.datasetId,
        role: "roles/bigquery.dataViewer",
        member,
      });
      // Job User and Read Session User are grantable per project only (a read runs a job or opens a read
      // session in the project); each waits for its API.
      for (const api of BIGQUERY_READ_APIS) {
        new ProjectIamMember(this, `${api.grant.id}-${member}`, {
          provider,
          project: props.projectId,
          role: api.grant.role,
          member,
          dependsOn: [services[api.service]],
        });
      }
    }
  }

  /** Column names of a table, in schema order (what the AppFlow side projects and maps). */
  public fieldNames(tableId: string): string[] {
    return this.fieldsOf(tableId).map((f) => f.name);
  }

  /** Column types of a table keyed by column name. */
  public fieldTypes(tableId: string): Record<string, BigQueryFieldType> {
    return Object.fromEntries(this.fieldsOf(tableId).map((f) => [f.name, f.type]));
  }

  /** The AppFlow Google BigQuery connector's entity for a table: `table/<project>/<dataset>/<table>`. */
  public appflowEntityName(tableId: string): string {
    this.fieldsOf(tableId);
    return `table/${this.projectId}/${this.datasetId}/${tableId}`;
  }

  private fieldsOf(tableId: string): readonly BigQueryField[] {
    const fields = this.tableFields[tableId];
    ensure(
      fields !== undefined,
      this,
      "tableId",
      tableId,
      `is not a table of this dataset (tables: ${Object.keys(this.tableFields).join(", ")})`,
      "use one of the table ids given in props.tables",
    );
    return fields;
  }

  private validate(props: BigQuerySourceProps, labels: Readonly<Record<string, string>>): void {
    if (isKnown(props.projectId)) {
      ensure(
        GOOGLE_PROJECT_ID.test(props.projectId),
        this,
        "projectId",
        props.projectId,
        "must be 6-30 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen",
        "use the project id (not the project name or number) shown in the Google Cloud console",
      );
    }
    if (isKnown(props.datasetId)) {
      ensure(
        BIGQUERY_DATASET_ID.test(props.datasetId),
        this,
        "datasetId",
        props.datasetId,
        "must be 1-1024 letters, digits or underscores",
        "replace hyphens, dots and spaces with underscores",
      );
    }
    if (isKnown(props.location)) {
      ensure(
        /^[A-Za-z][A-Za-z0-9-]*$/.test(props.location),
        this,
        "location",
        props.location,
        "must be a BigQuery multi-region (US, EU) or region name (e.g. europe-west1)",
        "set location to a BigQuery location such as US or europe-west1",
      );
    }
    this.validateLabels("labels", labels);
    if (props.encryption) {
      const problem = kmsKeyLocationProblem(props.location, props.encryption.kmsKeyName);
      ensure(
        problem === undefined,
        this,
        "encryption.kmsKeyName",
        props.encryption.kmsKeyName,
        problem ?? "",
        "use a key (without /cryptoKeyVersions/) in the key ring location that matches the dataset's location",
      );
      const number = props.encryption.projectNumber;
      ensure(
        number === undefined || !isKnown(number) || /^\d{6,19}$/.test(number),
        this,
        "encryption.projectNumber",
        number,
        "must be the numeric project number (not the project id)",
        "copy the project number from the Google Cloud console's project info card",
      );
    }
    if (props.defaultTableExpirationMs !== undefined) {
      checkIntRange(
        this,
        "defaultTableExpirationMs",
        props.defaultTableExpirationMs,
        MIN_TABLE_EXPIRATION_MS,
        Number.MAX_SAFE_INTEGER,
      );
    }
    if (props.defaultPartitionExpirationMs !== undefined) {
      checkIntRange(
        this,
        "defaultPartitionExpirationMs",
        props.defaultPartitionExpirationMs,
        1,
        Number.MAX_SAFE_INTEGER,
      );
    }

    const tableIds = Object.keys(props.tables);
    checkNonEmpty(this, "tables", tableIds);
    for (const tableId of tableIds) {
      ensure(
        BIGQUERY_TABLE_ID.test(tableId),
        this,
        `tables.${tableId}`,
        tableId,
        "table ids must be 1-1024 letters, digits, underscores or hyphens",
        "rename the table key using only letters, digits, _ and -",
      );
      this.validateTable(tableId, props.tables[tableId]);
    }

    checkNonEmpty(this, "readerMembers", props.readerMembers);
    checkUnique(this, "readerMembers", props.readerMembers);
    for (const member of props.readerMembers) {
      if (!isKnown(member)) continue;
      ensure(
        MEMBER.test(member),
        this,
        "readerMembers",
        member,
        "must be user:<email>, serviceAccount:<email> or group:<email>",
        'prefix the email with its kind, e.g. "user:appflow-reader@example.com"',
      );
    }
  }

  private validateTable(tableId: string, table: BigQuerySourceTable): void {
    const prop = `tables.${tableId}`;
    checkNonEmpty(this, `${prop}.fields`, table.fields);
    // BigQuery column names are case-insensitive, so `code` and `CODE` collide.
    checkUnique(
      this,
      `${prop}.fields (names are case-insensitive)`,
      table.fields.map((f) => f.name.toLowerCase()),
    );
    for (const f of table.fields) {
      ensure(
        BIGQUERY_FIELD_NAME.test(f.name),
        this,
        `${prop}.fields.name`,
        f.name,
        "column names are letters, digits and underscores, start with a letter or underscore, at most 300 characters",
        "rename the column, e.g. replace spaces and hyphens with underscores",
      );
      checkOneOf(this, `${prop}.fields.${f.name}.type`, f.type, BIGQUERY_FIELD_TYPES);
      checkOneOf(this, `${prop}.fields.${f.name}.mode`, f.mode, BIGQUERY_FIELD_MODES);
    }
    if (table.timePartitioning) {
      const column = table.fields.find((f) => f.name === table.timePartitioning?.field);
      ensure(
        !!column && PARTITION_COLUMN_TYPES.includes(column.type),
        this,
        `${prop}.timePartitioning.field`,
        table.timePartitioning.field,
        "must name a DATE, DATETIME or TIMESTAMP column of the table",
        `use one of: ${
          table.fields
            .filter((f) => PARTITION_COLUMN_TYPES.includes(f.type))
            .map((f) => f.name)
            .join(", ") || "(add a DATE column first)"
        }`,
      );
      checkOneOf(this, `${prop}.timePartitioning.type`, table.timePartitioning.type, [
        "DAY",
        "HOUR",
        "MONTH",
        "YEAR",
      ]);
    }
    this.validateLabels(`${prop}.labels`, table.labels ?? {});
  }

  private validateLabels(prop: string, labels: Readonly<Record<string, string>>): void {
    const entries = Object.entries(labels);
    ensure(
      entries.length <= 64,
      this,
      prop,
      Object.keys(labels),
      "Google allows at most 64 labels per resource",
      "drop some labels",
    );
    for (const [key, value] of entries) {
      ensure(
        GOOGLE_LABEL_KEY.test(key),
        this,
        `${prop} key`,
        key,
        "label keys are 1-63 lowercase letters, digits, _ or -, starting with a lowercase letter",
        "lowercase the key and replace other characters with _",
      );
      if (!isKnown(value)) continue;
      ensure(
        GOOGLE_LABEL_VALUE.test(value),
        this,
        `${prop}.${key}`,
        value,
        "label values are at most 63 lowercase letters, digits, _ or -",
        "lowercase the value and replace other characters with _ or -",
      );
    }
  }
}
