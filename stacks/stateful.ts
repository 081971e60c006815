import { IAspect, TerraformResource } from "cdktf";
import { IConstruct } from "constructs";

/**
 * Resource types that hold data or keys which cannot be recreated by an apply: destroying one loses data
 * (buckets, databases, catalogs, datasets) or makes data unreadable (KMS keys, secrets).
 */
export const STATEFUL_RESOURCE_TYPES: readonly string[] = [
  "aws_s3_bucket",
  "aws_kms_key",
  "aws_secretsmanager_secret",
  "aws_glue_catalog_database",
  // Destroying it puts empty settings: the account/region's catalog encryption is switched off.
  "aws_glue_data_catalog_encryption_settings",
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_redshift_cluster",
  "aws_cloudwatch_log_group",
  "aws_athena_workgroup",
  "google_bigquery_dataset",
  "google_bigquery_table",
];

/**
 * Outside dev, every stateful resource gets `lifecycle.prevent_destroy`, so a change that would delete or
 * replace one fails at plan time instead of losing data. Applied once per stack, after the modules built
 * their resources, so no module needs a protection prop of its own (modules used elsewhere keep their
 * own defaults).
 */
export class ProtectStatefulResources implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource)) return;
    if (!STATEFUL_RESOURCE_TYPES.includes(node.terraformResourceType)) return;
    node.lifecycle = { ...(node.lifecycle ?? {}), preventDestroy: true };
  }
}
