import { defineEnvironment } from "../define";
import { SYNTHEA_TABLES } from "../tables/synthea";
import { baseEnvironment, warehouseClient, bigqueryEntity, EnvParams } from "./blueprint";

/**
 * prod: three AZs, one NAT gateway per AZ, interface endpoints in every AZ; workload certificates from the
 * production AWS Private CA; the Trino exchange spools to S3; BigQuery tables never expire. Account ids are
 * placeholders (12 digits): replace them with your organization's accounts.
 */
export const params: EnvParams = {
  name: "prod",
  stage: "prod",
  costCenter: "cc-1003",
  accounts: {
    network: "300000000001",
    data: "300000000002",
    ml: "300000000003",
    ingest: "300000000004",
    analytics: "300000000005",
  },
  cidrs: {
    shared: "10.128.0.0/16",
    ml: "10.136.0.0/16",
    warehouse: "10.144.0.0/16",
    ingest: "10.152.0.0/16",
    datastore: "10.160.0.0/16",
    analytics: "10.168.0.0/16",
  },
  azCount: 3,
  natGateways: "per-az",
  tgwAsns: { east: 64532, west: 64533 },
  identity: {
    workloadCa: {
      type: "acm-pca",
      caId: "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
      issuerCN: "Acme Health Prod Workload Issuing CA",
    },
    expiryNotificationDays: { ca: 90, endEntity: 30 },
    // Short sessions (the signing helper renews them), usable only from the job's Cloud NAT addresses.
    sessionSeconds: 900,
    sourceIpRanges: ["203.0.113.10/32", "203.0.113.11/32"],
    partnerExternalIdUuid: "2e1d0c9b-8a7f-4e6d-9c5b-4a3f2e1d0c9b",
  },
  existing: {
    warehouseEndpointId: "c2b8v6q4d9lx",
    glueSecretSuffix: "Mn56Op",
    glueSecretKmsKeyId: "2f6e1c3a-9b4d-4e7f-8a1b-5c6d7e8f9a0b",
    // The warehouse team owns the store's security group; the ingest stack only adds the NAT EIP rules.
    dataStoreSecurityGroupId: "sg-0a1b2c3d4e5f60718",
    bigqueryProjectNumber: "204815930263",
  },
  ml: { userProfiles: ["jdoe", "asmith"] },
  data: { athenaScanLimitGiB: 200 },
  analytics: {
    // 3 × 16-vCPU core nodes and 8 × 16-vCPU Spot task nodes over 15 instance types.
    primarySize: "2xlarge",
    nodeSize: "4xlarge",
    coreNodes: 3,
    spotNodes: 8,
    taskFamilies: [
      ...["m5", "m5a", "m5d", "m5ad", "m5n", "m5dn", "m6i", "m6a", "m6id", "m6in"],
      ...["r5", "r5a", "r5d", "r6i", "r6a"],
    ],
    spotTimeoutMinutes: 20,
    // Spool to S3: the exchange survives a lost core node and does not compete for HDFS space.
    exchange: "s3",
    inTransitEncryption: { type: "pem-s3" },
    logRetentionDays: 365,
    fisSelection: "PERCENT(25)",
    // The deployed, termination-protected cluster: synth refuses a change that would replace it.
    deployedFingerprint: "cluster:0fb7e244 references:8af40356 task-fleet:a7889306",
  },
};

const base = baseEnvironment(params);
const flows = base.ingest.appflow.flows;

const hub = base.network.transitGateways["hub-east"];
const hubAttachments = hub.attachments ?? {};
const resolver = base.network.resolvers["hub-east"];
/** The partner's range: routed to its TGW peering attachment from our spokes and shared services. */
const ORCHESTRATOR = "10.224.0.0/16";

export default defineEnvironment({
  ...base,
  /**
   * A data-orchestration partner's data plane (its account, VPC and transit gateway). prod shares hub-east with
   * the partner's account (RAM, external principal), accepts the partner's TGW peering attachment into a route
   * table of its own that learns only shared and warehouse, and routes the partner's range from spokes and
   * shared; the partner forwards warehouse.internal to the inbound resolver, and analytics and warehouse forward
   * orchestrator.internal to the partner's DNS server over the same path.
   */
  network: {
    ...base.network,
    externalNetworks: {
      orchestrator: {
        accountId: "555566667777",
        region: "us-east-1",
        vpcId: "vpc-0f1e2d3c4b5a69788",
        transitGatewayId: "tgw-0a9b8c7d6e5f40312",
        cidrs: [ORCHESTRATOR],
        // The partner's Resolver inbound endpoint (one address per AZ), not its VPC's base + 2.
        dnsServers: ["10.224.16.10", "10.224.32.10"],
      },
    },
    transitGateways: {
      ...base.network.transitGateways,
      "hub-east": {
        ...hub,
        routeTables: [...hub.routeTables, "partners"],
        // The partner's account, outside the organization (it accepts a RAM invitation): the share lets it attach
        // a VPC directly later (each attachment still waits for our acceptance); the TGW peering needs no share.
        shareWithExternal: ["orchestrator"],
        attachments: {
          ...hubAttachments,
          // partners: the partner's resolvers reach the inbound endpoint, our outbound endpoint the partner's.
          shared: {
            ...hubAttachments.shared,
            propagateTo: [...(hubAttachments.shared.propagateTo ?? []), "partners"],
            routeCidrs: [...(hubAttachments.shared.routeCidrs ?? []), ORCHESTRATOR],
          },
          warehouse: {
            ...hubAttachments.warehouse,
            propagateTo: [...(hubAttachments.warehouse.propagateTo ?? []), "partners"],
            routeCidrs: [...(hubAttachments.warehouse.routeCidrs ?? []), ORCHESTRATOR],
          },
        },
        // The partner's TGW peering attachment (it gives us the id).
        externalAttachments: {
          orchestrator: {
            network: "orchestrator",
            kind: "peering",
            attachmentId: "tgw-attach-0c1d2e3f4a5b60789",
            associateWith: "partners",
          },
        },
        // Peering attachments carry static routes only: to the partner from spokes and shared services.
        staticRoutes: [
          ...(hub.staticRoutes ?? []),
          { routeTable: "spokes", cidr: ORCHESTRATOR, target: "orchestrator" },
          { routeTable: "shared", cidr: ORCHESTRATOR, target: "orchestrator" },
        ],
      },
    },
    resolvers: {
      "hub-east": {
        ...resolver,
        // The partner forwards warehouse.internal to these addresses (its side: a forwarding rule).
        inbound: { ...resolver.inbound!, allowExternal: ["orchestrator"] },
        rules: {
          ...resolver.rules,
          // The partner's own names, answered by its DNS server over the TGW peering.
          orchestrator: {
            domain: "orchestrator.internal",
            forwardTo: { external: "orchestrator" },
            vpcs: ["warehouse", "analytics"],
          },
        },
      },
    },
  },
  // The partner's workers (its VPC behind its TGW, peered with hub-east) → Redshift, admitted by the cluster's
  // own group.
  ...warehouseClient(base, "orchestrator-warehouse", "orchestrator"),

  dnsIntents: {
    ...base.dnsIntents,
    "warehouse-orchestrator": { from: "warehouse/private", resolves: "api.orchestrator.internal" },
    "orchestrator-warehouse": { from: "orchestrator", resolves: "cluster.warehouse.internal" },
  },
  bigquery: {
    ...base.bigquery,
    tables: { ...base.bigquery.tables, patients: SYNTHEA_TABLES.patients },
  },
  ingest: {
    ...base.ingest,
    appflow: {
      ...base.ingest.appflow,
      flows: {
        // Backfills and ad-hoc reloads.
        allergies: flows.allergies,
        "allergies-daily": {
          ...flows.allergies,
          bucketPrefix: "raw/allergies",
          prefixFormat: "DAY",
          trigger: { type: "Scheduled", scheduleExpression: "rate(1days)", incrementalPullField: "START" },
        },
        "encounters-daily": {
          ...flows["encounters-daily"],
          trigger: {
            type: "Scheduled",
            scheduleExpression: "cron(0 3 * * ? *)",
            incrementalPullField: "START",
          },
        },
        // Identifying columns (SSN, names) are projected away; the table has no change column, so a full copy.
        "patients-daily": {
          entity: bigqueryEntity(params, "patients"),
          fields: ["Id", "BIRTHDATE", "DEATHDATE", "GENDER", "RACE", "ETHNICITY", "STATE", "COUNTY"],
          bucketPrefix: "raw/patients",
          trigger: { type: "Scheduled", scheduleExpression: "cron(30 3 * * ? *)", dataPullMode: "Complete" },
        },
      },
    },
  },
});
