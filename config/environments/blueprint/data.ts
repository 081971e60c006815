/** The blueprint's BigQuery → S3 with AppFlow, and Glue reaching the remote store (R-DATA, R-GLUE). */
import { SYNTHEA_TABLES } from "../../tables/synthea";
import {
  BlueprintEnvironment,
  bigqueryEntity,
  bigqueryProject,
  bucketName,
  EnvParams,
  ORG,
  REGION_A,
  REGION_B,
} from "./params";

/** The AppFlow flows every environment runs (environments add their own next to them). */
function flows(p: EnvParams): BlueprintEnvironment["ingest"]["appflow"]["flows"] {
  return {
    // On demand: `aws appflow start-flow --flow-name <name>-ingest-allergies`.
    allergies: {
      entity: bigqueryEntity(p, "allergies"),
      fields: ["START", "STOP", "PATIENT", "ENCOUNTER", "CODE", "SYSTEM", "DESCRIPTION", "TYPE", "CATEGORY"],
    },
    // Daily, new rows only (by START); stays in Draft until activated with start-flow.
    "encounters-daily": {
      entity: bigqueryEntity(p, "encounters"),
      fields: ["Id", "START", "STOP", "PATIENT", "ENCOUNTERCLASS", "CODE", "DESCRIPTION", "TOTAL_CLAIM_COST"],
      bucketPrefix: "raw/encounters",
      prefixFormat: "DAY",
      trigger: { type: "Scheduled", scheduleExpression: "rate(1days)", incrementalPullField: "START" },
    },
  };
}

/**
 * The AWS side of BigQuery → S3 (R-DATA-2, R-GLUE-1..3): AppFlow flows into S3 + Glue catalog + Athena, and
 * Glue in the ingest VPC (region A) reaching the Redshift-style store in the data account's region-B VPC
 * through NAT. OAuth client id/secret and tokens are sensitive variables (TF_VAR_<name>_ingest_google_oauth_*),
 * never config.
 */
export function ingest(p: EnvParams): BlueprintEnvironment["ingest"] {
  const x = p.existing;
  return {
    account: "ingest",
    region: REGION_A,
    appflow: {
      resultsBucketName: bucketName(p, "appflow-results"),
      athenaResultsBucketName: bucketName(p, "athena-results"),
      glueDatabaseName: `${p.name.replace(/-/g, "_")}_healthcare`,
      glueTablePrefix: "synthea",
      athenaScanLimitGiB: p.data.athenaScanLimitGiB,
      ...(p.data.kmsKeyDeletionWindowDays !== undefined
        ? { kmsKeyDeletionWindowDays: p.data.kmsKeyDeletionWindowDays }
        : {}),
      flows: flows(p),
    },
    glue: {
      vpc: "ingest",
      connections: {
        warehouse: {
          subnetTier: "glue",
          jdbc: {
            url: `jdbc:redshift://${p.name}-warehouse.${x.warehouseEndpointId}.${REGION_B}.redshift.amazonaws.com:5439/analytics?sslmode=verify-full`,
            secretArn: `arn:aws:secretsmanager:${REGION_A}:${p.accounts.ingest}:secret:${p.name}/glue/warehouse-${x.glueSecretSuffix}`,
            ...(x.glueSecretKmsKeyId !== undefined
              ? {
                  secretKmsKeyArn: `arn:aws:kms:${REGION_A}:${p.accounts.ingest}:key/${x.glueSecretKmsKeyId}`,
                }
              : {}),
          },
          // Without a securityGroupId the ingest stack creates the store's group in the datastore VPC.
          dataStore: {
            vpc: "datastore",
            ...(x.dataStoreSecurityGroupId !== undefined
              ? { securityGroupId: x.dataStoreSecurityGroupId }
              : {}),
          },
          s3ReadLocations: [{ bucketName: bucketName(p, "glue-scripts"), prefix: "jobs/" }],
        },
      },
    },
  };
}

/**
 * BigQuery → S3 with AppFlow (R-DATA-1): the Google side. Table schemas are the single source of the columns
 * the ingest flows may map (config/tables/synthea.ts).
 */
export function bigquery(p: EnvParams): BlueprintEnvironment["bigquery"] {
  return {
    projectId: bigqueryProject(p),
    region: "us-central1",
    datasetId: "synthea",
    location: "US",
    // CMEK (PP-BQ-002): a key of the environment's own KMS project in the key location matching the dataset's
    // (US → us; config validation checks the pair); with the project number the stack grants BigQuery's service
    // agent Encrypter/Decrypter on it.
    encryption: {
      kmsKeyName: `projects/${ORG}-kms-${p.name}/locations/us/keyRings/bigquery/cryptoKeys/synthea`,
      ...(p.existing.bigqueryProjectNumber !== undefined
        ? { projectNumber: p.existing.bigqueryProjectNumber }
        : {}),
    },
    labels: { env: p.name, "data-class": "synthetic" },
    ...(p.data.tableExpirationDays !== undefined
      ? { defaultTableExpirationDays: p.data.tableExpirationDays }
      : {}),
    tables: { allergies: SYNTHEA_TABLES.allergies, encounters: SYNTHEA_TABLES.encounters },
    appflowIdentity: `user:appflow-${p.name}@acme-health.example`,
  };
}
