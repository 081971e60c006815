/**
 * The environment blueprint: what every sample environment provisions, built from the few values that differ
 * between environments (EnvParams). An environment file is its params, `baseEnvironment(params)`, and the
 * sections it adds or overrides explicitly (spread, never merged behind its back).
 *
 * Names that must be unique are derived from `name` here, so two environments built from the blueprint cannot
 * collide: S3 buckets (global) `acme-health-<name>-…`, the GCP project `acme-health-<name>-4821` (and so the
 * BigQuery dataset in it), the Glue database `<name>_healthcare` (per account and region: environments may
 * share an ingest account), secret names `<name>/…` and ARNs in the environment's own ingest account, the
 * partner's external id `acme-health-<name>-<uuid>`, and role and cluster names `<name>-…`. Stack-created
 * names (IAM roles, Athena workgroup, EMR cluster, access-log buckets) already carry the environment name
 * (stacks/). The BigQuery CMEK key is the environment's own too (`acme-health-kms-<name>`, ./data.ts).
 *
 * The blueprint passes the policy pack without suppressions (#17: the resources are fixed, not excused); an
 * environment that needs one adds a `policy` section of its own, with its reason.
 */
import { analytics } from "./analytics";
import { bigquery, ingest } from "./data";
import { identity, intents } from "./identity";
import { dnsIntents, ml } from "./ml";
import { network } from "./network";
import { BlueprintEnvironment, EnvParams } from "./params";

export * from "./params";
export { warehouseClient } from "./ml";

/** The full environment the blueprint builds from its params. */
export function baseEnvironment(p: EnvParams): BlueprintEnvironment {
  return {
    name: p.name,
    stage: p.stage,
    tags: { Environment: p.name, Owner: "platform-engineering", CostCenter: p.costCenter },
    backend: { type: "local", dir: "terraform-state" },
    accounts: {
      network: { id: p.accounts.network, description: "network hub: transit gateways, shared services" },
      data: { id: p.accounts.data, description: "data producer: warehouse and regional data stores" },
      ml: { id: p.accounts.ml, description: "ML consumer: notebooks" },
      ingest: { id: p.accounts.ingest, description: "ingestion: AppFlow, Glue" },
      analytics: { id: p.accounts.analytics, description: "analytics: Trino on EMR" },
    },
    identity: identity(p),
    intents: intents(p),
    network: network(p),
    analytics: analytics(p),
    bigquery: bigquery(p),
    ingest: ingest(p),
    ml: ml(p),
    dnsIntents: dnsIntents(),
  };
}
