/**
 * Typed BigQuery table schemas and the Google naming rules this module checks before synth.
 * Kept free of cdktf resources so that the AWS side (and config) can share the types.
 */

/**
 * Flat (non-nested) BigQuery column types. RECORD/STRUCT are left out on purpose: AppFlow maps
 * columns 1:1 by name, and a nested column would need a path syntax the flow tasks do not model.
 */
export type BigQueryFieldType =
  | "STRING"
  | "BYTES"
  | "INTEGER"
  | "INT64"
  | "FLOAT"
  | "FLOAT64"
  | "NUMERIC"
  | "BIGNUMERIC"
  | "BOOLEAN"
  | "BOOL"
  | "DATE"
  | "DATETIME"
  | "TIME"
  | "TIMESTAMP"
  | "GEOGRAPHY"
  | "JSON";

export const BIGQUERY_FIELD_TYPES: readonly BigQueryFieldType[] = [
  "STRING",
  "BYTES",
  "INTEGER",
  "INT64",
  "FLOAT",
  "FLOAT64",
  "NUMERIC",
  "BIGNUMERIC",
  "BOOLEAN",
  "BOOL",
  "DATE",
  "DATETIME",
  "TIME",
  "TIMESTAMP",
  "GEOGRAPHY",
  "JSON",
];

export type BigQueryFieldMode = "NULLABLE" | "REQUIRED" | "REPEATED";
export const BIGQUERY_FIELD_MODES: readonly BigQueryFieldMode[] = ["NULLABLE", "REQUIRED", "REPEATED"];

/** One column of a table schema. */
export interface BigQueryField {
  /** Column name: letters, digits and underscores, starting with a letter or underscore, at most 300 characters. */
  readonly name: string;
  readonly type: BigQueryFieldType;
  /** @default "NULLABLE" */
  readonly mode?: BigQueryFieldMode;
  /** @default - no description */
  readonly description?: string;
}

/** Google's rules, as regular expressions (documented where each is used). */
export const GOOGLE_PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
export const BIGQUERY_DATASET_ID = /^[A-Za-z0-9_]{1,1024}$/;
/**
 * Google allows more characters in table ids (Unicode letters, spaces, dashes); this module keeps to
 * the subset that is safe inside an AppFlow entity path `table/<project>/<dataset>/<table>`.
 */
export const BIGQUERY_TABLE_ID = /^[A-Za-z0-9_-]{1,1024}$/;
export const BIGQUERY_FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,299}$/;
export const GOOGLE_LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
export const GOOGLE_LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

/**
 * Sample schema: the `allergies` table of a synthetic-patient data set (Synthea-style CSV export),
 * used by tests and sample environments.
 */
export const SAMPLE_ALLERGIES_FIELDS: readonly BigQueryField[] = [
  { name: "START", type: "DATE", mode: "NULLABLE", description: "Date the allergy was diagnosed" },
  { name: "STOP", type: "DATE", mode: "NULLABLE", description: "Date the allergy ended, if it did" },
  { name: "PATIENT", type: "STRING", mode: "REQUIRED", description: "Patient id" },
  { name: "ENCOUNTER", type: "STRING", mode: "NULLABLE", description: "Encounter in which it was diagnosed" },
  { name: "CODE", type: "STRING", mode: "NULLABLE", description: "Allergy code" },
  { name: "SYSTEM", type: "STRING", mode: "NULLABLE", description: "Terminology of CODE, e.g. SNOMED-CT" },
  { name: "DESCRIPTION", type: "STRING", mode: "NULLABLE", description: "Allergy description" },
  { name: "TYPE", type: "STRING", mode: "NULLABLE", description: "allergy or intolerance" },
  { name: "CATEGORY", type: "STRING", mode: "NULLABLE", description: "food, medication, environment..." },
  { name: "REACTION1", type: "STRING", mode: "NULLABLE", description: "First reaction code" },
  { name: "DESCRIPTION1", type: "STRING", mode: "NULLABLE", description: "First reaction description" },
  { name: "SEVERITY1", type: "STRING", mode: "NULLABLE", description: "First reaction severity" },
];

/** The JSON the `schema` argument of google_bigquery_table expects (a list of column objects). */
export function schemaJson(fields: readonly BigQueryField[]): string {
  return JSON.stringify(
    fields.map((f) => ({
      name: f.name,
      type: f.type,
      mode: f.mode ?? "NULLABLE",
      ...(f.description !== undefined ? { description: f.description } : {}),
    })),
  );
}
