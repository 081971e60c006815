/**
 * What differs between environments (EnvParams) and the names derived from it. See ./index.ts.
 */
import { EnvironmentInput } from "../../schema";

export type Stage = EnvironmentInput["stage"];

/** The accounts an environment spans, by role (config `accounts` keys). */
export const ACCOUNT_ROLES = ["network", "data", "ml", "ingest", "analytics"] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** The VPCs of the blueprint, in config order; each gets one /16 of the environment's CIDR plan. */
export const VPC_NAMES = ["shared", "ml", "warehouse", "ingest", "datastore", "analytics"] as const;
export type VpcName = (typeof VPC_NAMES)[number];

/** A /16 (the blueprint lays out subnets inside a /16: public .N.0/24, private /20s, TGW /28s at .255). */
export type Cidr16 = `${number}.${number}.0.0/16`;

/** Region A (hub, spokes, Glue) and region B (remote data store, second TGW). */
export const REGION_A = "us-east-1";
export const REGION_B = "us-west-2";
/** Organization prefix of globally unique names (S3 buckets, GCP project). */
export const ORG = "acme-health";

/** Where the Roles Anywhere trust anchor gets its CA. */
export type WorkloadCa =
  /** A public CA certificate committed under config/certs/. */
  | { readonly type: "certificate-bundle"; readonly file: string; readonly issuerCN: string }
  /** An AWS Private CA in the ingest account, region A (its id, the last part of the ARN). */
  | { readonly type: "acm-pca"; readonly caId: string; readonly issuerCN: string };

/** Size of an EMR node: the instance size suffix and its vCPUs (the weighted capacity unit). */
export type NodeSize = "xlarge" | "2xlarge" | "4xlarge";

/** Task fleet instance families unless an environment lists its own (10-30 similar types for Spot). */
export const TASK_FAMILIES = [
  "m5",
  "m5a",
  "m5d",
  "m5ad",
  "m5n",
  "m6i",
  "m6a",
  "m6id",
  "r5",
  "r5a",
  "r5d",
  "r6i",
];

/** What differs between environments; everything else is the blueprint. */
export interface EnvParams {
  /** Environment name: stack ids, state keys and every name that must be unique derive from it. */
  readonly name: string;
  /** dev, staging or prod: switches secure defaults (README "What stage changes"). */
  readonly stage: Stage;
  /** CostCenter tag on every resource. */
  readonly costCenter: string;
  /** 12-digit AWS account ids by role. */
  readonly accounts: Readonly<Record<AccountRole, string>>;
  /** One /16 per VPC; no two environments' plans overlap (npm run new-env proposes a free one). */
  readonly cidrs: Readonly<Record<VpcName, Cidr16>>;
  /** AZs per VPC (the first N of a, b, c). */
  readonly azCount: 2 | 3;
  /** NAT gateways of every VPC that has public subnets (the warehouse VPC never egresses). */
  readonly natGateways: "single" | "per-az";
  /** Amazon-side ASNs of the two transit gateways (region A, region B). */
  readonly tgwAsns: { readonly east: number; readonly west: number };
  readonly identity: {
    readonly workloadCa: WorkloadCa;
    /** Days before expiry that Roles Anywhere notifies: the CA's and the workload certificates'. */
    readonly expiryNotificationDays: { readonly ca: number; readonly endEntity: number };
    /** Roles Anywhere session length for the claims-export job. */
    readonly sessionSeconds: number;
    /** The job's egress addresses (Cloud NAT): sessions are usable only from there. */
    readonly sourceIpRanges: readonly string[];
    /** The random part of the partner's external id (`acme-health-<name>-<uuid>`). */
    readonly partnerExternalIdUuid: string;
  };
  /** Ids of resources that exist outside this repository, in this environment's accounts. */
  readonly existing: {
    /** Cluster id part of the warehouse endpoint `<name>-warehouse.<id>.us-west-2.redshift.amazonaws.com`. */
    readonly warehouseEndpointId: string;
    /** The 6 characters Secrets Manager appended to the secret `<name>/glue/warehouse` (ingest account). */
    readonly glueSecretSuffix: string;
    /** Customer managed key (ingest account, region A) of that secret. @default - the AWS managed key */
    readonly glueSecretKmsKeyId?: string;
    /** The warehouse team's security group of the store. @default - the ingest stack creates one */
    readonly dataStoreSecurityGroupId?: string;
    /**
     * Number (digits, not the id) of the GCP project `acme-health-<name>-4821`: the bigquery stack grants that
     * project's BigQuery service agent the dataset's CMEK key. @default - the key's owner grants it (BigQuery
     * refuses to create the encrypted tables until then)
     */
    readonly bigqueryProjectNumber?: string;
  };
  readonly data: {
    readonly athenaScanLimitGiB: number;
    /** @default 30 (schema default) */
    readonly kmsKeyDeletionWindowDays?: number;
    /** @default - tables never expire */
    readonly tableExpirationDays?: number;
  };
  readonly ml: {
    /** SageMaker Studio user profiles; each is also the Redshift database user of the same name. */
    readonly userProfiles: readonly string[];
  };
  readonly analytics: {
    /** Primary node size (on demand). */
    readonly primarySize: NodeSize;
    /** Core and task node size; weighted capacity = its vCPUs. */
    readonly nodeSize: NodeSize;
    /** On-demand core nodes (HDFS, exchange spool on hdfs). */
    readonly coreNodes: number;
    /** Spot task nodes; changing it resizes the task fleet in place. */
    readonly spotNodes: number;
    /** @default TASK_FAMILIES */
    readonly taskFamilies?: readonly string[];
    readonly spotTimeoutMinutes: number;
    /** Where Trino spools the exchange: HDFS on the core nodes, or S3 (survives a lost core node). */
    readonly exchange: "hdfs" | "s3";
    /** TLS between nodes from the PKI team's bundle in `s3://<name>-analytics-pki-<account>/`, or off with a reason. */
    readonly inTransitEncryption:
      { readonly type: "pem-s3" } | { readonly type: "disabled"; readonly reason: string };
    /** @default - the cluster keeps running */
    readonly idleTimeoutSeconds?: number;
    readonly logRetentionDays: number;
    /** FIS Spot-interruption target selection (`ALL`, `PERCENT(50)`, `COUNT(2)`). */
    readonly fisSelection: string;
    /**
     * Replacement fingerprint of the deployed cluster, as synth prints it (analytics.deployedFingerprint):
     * required outside dev, where the cluster is termination-protected. `npm run new-env` writes `"none"` (no
     * cluster deployed yet); after the first apply, record the fingerprint synth prints.
     * @default - not set (dev: no termination protection)
     */
    readonly deployedFingerprint?: string;
  };
}

export type Section<K extends keyof EnvironmentInput> = NonNullable<EnvironmentInput[K]>;

/** An environment with every blueprint section present, so environment files can spread and extend them. */
export interface BlueprintEnvironment extends EnvironmentInput {
  readonly network: Section<"network"> & {
    readonly vpcs: NonNullable<Section<"network">["vpcs"]>;
    readonly transitGateways: NonNullable<Section<"network">["transitGateways"]>;
    readonly privateZones: NonNullable<Section<"network">["privateZones"]>;
    readonly resolvers: NonNullable<Section<"network">["resolvers"]>;
  };
  readonly identity: Section<"identity">;
  readonly intents: Section<"intents">;
  readonly analytics: Section<"analytics">;
  readonly ml: Section<"ml">;
  readonly dnsIntents: Section<"dnsIntents">;
  readonly bigquery: Section<"bigquery">;
  readonly ingest: Section<"ingest"> & {
    readonly appflow: NonNullable<Section<"ingest">["appflow"]>;
    readonly glue: NonNullable<Section<"ingest">["glue"]>;
  };
}

/** GCP project of the environment (globally unique; the BigQuery dataset is unique within it). */
export function bigqueryProject(p: EnvParams): string {
  return `${ORG}-${p.name}-4821`;
}

/** AppFlow entity of a BigQuery table of the environment: `<project>/synthea/<table>`. */
export function bigqueryEntity(p: EnvParams, table: string): string {
  return `${bigqueryProject(p)}/synthea/${table}`;
}

/** A globally unique S3 bucket name of the environment. */
export function bucketName(p: EnvParams, purpose: string): string {
  return `${ORG}-${p.name}-${purpose}`;
}
