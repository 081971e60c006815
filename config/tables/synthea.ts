import { z } from "zod";
import { SAMPLE_ALLERGIES_FIELDS } from "@multicloud-platform/modules/bigquery-source";
import { bigqueryTableSchema } from "../schema/data";

type TableInput = z.input<typeof bigqueryTableSchema>;

/**
 * Table schemas of a synthetic-patient data set (Synthea CSV export) used by the sample environments'
 * `bigquery.tables`. Kept in one place so dev, staging and prod create the same columns; each environment
 * picks the tables it loads. These are the single source of the columns: the BigQuery stack creates the
 * tables from them and the config checks hold every AppFlow flow's fields to them.
 */
export const SYNTHEA_TABLES = {
  allergies: {
    description: "Allergies and intolerances diagnosed per patient and encounter",
    fields: SAMPLE_ALLERGIES_FIELDS.map((f) => ({ ...f })),
    timePartitioning: { field: "START", type: "MONTH" },
  },
  encounters: {
    description: "Patient encounters (visits, admissions) with their cost",
    fields: [
      { name: "Id", type: "STRING", mode: "REQUIRED", description: "Encounter id" },
      { name: "START", type: "TIMESTAMP", mode: "REQUIRED", description: "When the encounter started" },
      { name: "STOP", type: "TIMESTAMP", description: "When the encounter ended" },
      { name: "PATIENT", type: "STRING", mode: "REQUIRED", description: "Patient id" },
      { name: "ORGANIZATION", type: "STRING", description: "Organization id" },
      { name: "PROVIDER", type: "STRING", description: "Clinician id" },
      { name: "PAYER", type: "STRING", description: "Payer id" },
      {
        name: "ENCOUNTERCLASS",
        type: "STRING",
        description: "ambulatory, emergency, inpatient, wellness...",
      },
      { name: "CODE", type: "STRING", description: "Encounter code (SNOMED-CT)" },
      { name: "DESCRIPTION", type: "STRING", description: "Encounter description" },
      { name: "BASE_ENCOUNTER_COST", type: "NUMERIC", description: "Base cost" },
      { name: "TOTAL_CLAIM_COST", type: "NUMERIC", description: "Total claimed" },
      { name: "PAYER_COVERAGE", type: "NUMERIC", description: "Amount covered by the payer" },
      { name: "REASONCODE", type: "STRING", description: "Reason code (SNOMED-CT)" },
      { name: "REASONDESCRIPTION", type: "STRING", description: "Reason description" },
    ],
    timePartitioning: { field: "START", type: "DAY" },
  },
  patients: {
    description: "Patients; identifying columns stay in BigQuery (flows project them away)",
    fields: [
      { name: "Id", type: "STRING", mode: "REQUIRED", description: "Patient id" },
      { name: "BIRTHDATE", type: "DATE", mode: "REQUIRED" },
      { name: "DEATHDATE", type: "DATE" },
      { name: "SSN", type: "STRING", description: "Synthetic, but treated as identifying" },
      { name: "FIRST", type: "STRING" },
      { name: "LAST", type: "STRING" },
      { name: "MARITAL", type: "STRING" },
      { name: "RACE", type: "STRING" },
      { name: "ETHNICITY", type: "STRING" },
      { name: "GENDER", type: "STRING" },
      { name: "STATE", type: "STRING" },
      { name: "COUNTY", type: "STRING" },
      { name: "ZIP", type: "STRING" },
      { name: "HEALTHCARE_EXPENSES", type: "NUMERIC" },
      { name: "HEALTHCARE_COVERAGE", type: "NUMERIC" },
    ],
  },
} satisfies Record<string, TableInput>;
