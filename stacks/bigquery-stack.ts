import { Construct } from "constructs";
import { BigQueryConfig, EnvironmentConfig } from "../config";
import {
  BigQuerySource,
  BigQuerySourceTable,
  GoogleIamMember,
} from "@multicloud-platform/modules/bigquery-source";
import { ComponentStack } from "./component-stack";
import { BuildOptions } from "./options";

const MS_PER_DAY = 24 * 3_600_000;

/**
 * `<env>-bigquery` (Google only): the BigQuery APIs, the dataset and its tables (schemas from
 * `bigquery.tables`, the same config the ingest stack's flows are checked against), and read access for
 * the identity AppFlow's OAuth connection acts as. No AWS resource lives here, so every AWS stack stays
 * checkable by `terraform validate/plan` with only the AWS provider installed.
 */
export class BigQueryStack extends ComponentStack {
  readonly source: BigQuerySource;

  constructor(scope: Construct, env: EnvironmentConfig, options: BuildOptions = {}) {
    super(scope, env, "bigquery", options);
    const bq = env.bigquery;
    if (!bq) throw new Error(`${env.name}: BigQueryStack needs a bigquery section`);
    this.source = new BigQuerySource(this, `dataset-${bq.datasetId}`, {
      provider: this.providers.forGoogleProject(bq.projectId, bq.region),
      projectId: bq.projectId,
      datasetId: bq.datasetId,
      location: bq.location,
      description: bq.description ?? `${env.name}: source tables read by Amazon AppFlow into S3`,
      labels: bq.labels,
      defaultTableExpirationMs: days(bq.defaultTableExpirationDays),
      defaultPartitionExpirationMs: days(bq.defaultPartitionExpirationDays),
      // Throwaway dev data may be dropped; everywhere else a destroy must be a deliberate config change.
      deletionProtection: bq.deletionProtection ?? env.stage !== "dev",
      encryption: bq.encryption,
      tables: tables(bq),
      readerMembers: [bq.appflowIdentity as GoogleIamMember],
    });
  }
}

function days(n: number | undefined): number | undefined {
  return n === undefined ? undefined : n * MS_PER_DAY;
}

function tables(bq: BigQueryConfig): Record<string, BigQuerySourceTable> {
  return Object.fromEntries(
    Object.entries(bq.tables).map(([id, t]) => [
      id,
      {
        fields: t.fields,
        description: t.description,
        timePartitioning: t.timePartitioning,
        labels: t.labels,
      },
    ]),
  );
}
