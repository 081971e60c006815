/** The blueprint's identities (R-IAM-1..3, R-NET-5) and reachability intents. */
import { trinoUiPortFor } from "@multicloud-platform/modules/trino-emr";
import { BlueprintEnvironment, bucketName, EnvParams, ORG, REGION_A, Section } from "./params";

export function identity(p: EnvParams): BlueprintEnvironment["identity"] {
  const i = p.identity;
  const ca = i.workloadCa;
  return {
    // A GCP Batch job (claims export) gets AWS credentials through IAM Roles Anywhere with a workload certificate.
    rolesAnywhere: {
      account: "ingest",
      region: REGION_A,
      trustAnchor: {
        name: `${p.name}-workloads`,
        source:
          ca.type === "certificate-bundle"
            ? { type: "certificate-bundle", file: ca.file }
            : {
                type: "acm-pca",
                arn: `arn:aws:acm-pca:${REGION_A}:${p.accounts.ingest}:certificate-authority/${ca.caId}`,
              },
        caExpiryNotificationDays: i.expiryNotificationDays.ca,
        endEntityExpiryNotificationDays: i.expiryNotificationDays.endEntity,
      },
      secrets: {
        // Created without a value: put it with `aws secretsmanager put-secret-value` after the apply.
        "claims-export-token": { name: `${p.name}/claims-export/api-token` },
      },
      roles: {
        "gcp-claims-export": {
          certificate: {
            subjectCN: `claims-export.batch.${p.name}.gcp.acme-health.example`,
            issuerCN: ca.issuerCN,
          },
          secrets: ["claims-export-token"],
        },
      },
      profiles: {
        "gcp-batch": {
          roles: ["gcp-claims-export"],
          durationSeconds: i.sessionSeconds,
          sourceIpRanges: [...i.sourceIpRanges],
        },
      },
    },
    // SageMaker notebooks (ml account) query the warehouse (data account) as their own database user.
    redshiftAccess: {
      "sagemaker-redshift": {
        producerAccount: "data",
        consumerAccount: "ml",
        region: REGION_A,
        consumerRoleName: `${p.name}-sagemaker-notebooks`,
        consumerRolePath: "/service-role/",
        clusterIdentifier: `${p.name}-warehouse`,
        databases: ["analytics"],
        dbGroups: ["ml_readers"],
      },
    },
    // An external analytics partner reads its exports over the public S3 endpoint (R-NET-5).
    partnerRoles: {
      medirisk: {
        account: "data",
        region: REGION_A,
        trustedRoleArn: `arn:aws:iam::444455556666:role/medirisk-${p.name}-ingest-worker`,
        // Not a secret (it prevents the confused deputy problem, it does not authenticate).
        externalId: `${ORG}-${p.name}-${i.partnerExternalIdUuid}`,
        buckets: {
          [bucketName(p, "partner-exchange")]: { access: "read", prefixes: ["outbound/medirisk/"] },
        },
      },
    },
  };
}

/** Hue (8888) and the Trino UI port: one range when they are adjacent (HTTP 8889), else both. */
function uiPorts(trino: number): Section<"intents">[string]["ports"] {
  const [lo, hi] = [HUE_UI_PORT, trino].sort((a, b) => a - b);
  return hi - lo === 1 ? [{ from: lo, to: hi }] : [lo, hi];
}
const HUE_UI_PORT = 8888;

/**
 * Reachability intents (config/reachability): the flows this environment exists for, verified before synth
 * (routes and return routes per AZ pair, TGW tables, NACLs, the groups in the way); the network stack opens
 * exactly these flows in security groups (modules/flow-rules) that workloads attach.
 */
export function intents(p: EnvParams): BlueprintEnvironment["intents"] {
  return {
    // Glue (ingest, region A) → the store's public endpoint (data account, region B): out through the ingest
    // NAT gateway(s); the store's group admits those Elastic IPs on 5439 (ingest.glue.connections.warehouse).
    "glue-datastore": {
      from: "ingest/glue",
      to: { internet: "datastore/public" },
      ports: [5439],
      glueDataStore: "warehouse",
    },
    // Glue job scripts and temporary files through the S3 gateway endpoint on the Glue route tables.
    "glue-s3": { from: "ingest/glue", to: { endpoint: "ingest/s3" }, ports: [443] },
    // SageMaker notebooks (ml) → Redshift (warehouse, data account) over peering ml-warehouse.
    "ml-warehouse": { from: "ml/private", to: "warehouse/private", ports: [5439] },
    // Notebooks → STS through the interface endpoint (no NAT).
    "ml-sts": { from: "ml/private", to: { endpoint: "ml/sts" }, ports: [443] },
    // SageMaker Studio (ml/private, VpcOnly): the AWS APIs its apps call through interface endpoints, and S3.
    "ml-sagemaker-api": { from: "ml/private", to: { endpoint: "ml/sagemaker-api" }, ports: [443] },
    "ml-sagemaker-runtime": { from: "ml/private", to: { endpoint: "ml/sagemaker-runtime" }, ports: [443] },
    // redshift:GetClusterCredentials is a Redshift API call (the redshift interface endpoint).
    "ml-redshift-api": { from: "ml/private", to: { endpoint: "ml/redshift" }, ports: [443] },
    "ml-s3": { from: "ml/private", to: { endpoint: "ml/s3" }, ports: [443] },
    // Redshift COPY/UNLOAD under enhanced VPC routing: S3 through the warehouse VPC's gateway endpoint.
    "warehouse-s3": { from: "warehouse/private", to: { endpoint: "warehouse/s3" }, ports: [443] },
    // Spokes → shared services (HTTPS and DNS resolvers) through hub-east.
    "warehouse-shared": { from: "warehouse/private", to: "shared/private", ports: [443] },
    "analytics-shared": { from: "analytics/private", to: "shared/private", ports: [443] },
    // Operators (VPN landing zone in shared) → Hue (8888) and the Trino UI on the EMR cluster: HTTPS 8446 with
    // in-transit encryption (EMR turns Trino's HTTP port 8889 off then), else HTTP 8889.
    "operators-trino-ui": {
      from: "shared/private",
      to: "analytics/private",
      ports: uiPorts(trinoUiPortFor(p.analytics.inTransitEncryption.type)),
    },
    // Cross-region: Trino (analytics, region A) → the data store VPC (region B) over TGW peering east-west.
    "analytics-datastore": { from: "analytics/private", to: "datastore/private", ports: [5439] },
  };
}
