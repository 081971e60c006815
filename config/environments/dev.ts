import { defineEnvironment } from "../define";
import { baseEnvironment, warehouseClient, EnvParams } from "./blueprint";

/**
 * dev: two AZs, one NAT gateway per VPC, single-AZ interface endpoints allowed; the Trino cluster stops after
 * an idle hour and BigQuery tables expire after a month. Account ids are placeholders (12 digits): replace
 * them with your organization's accounts.
 */
export const params: EnvParams = {
  name: "dev",
  stage: "dev",
  costCenter: "cc-1001",
  accounts: {
    network: "100000000001",
    data: "100000000002",
    ml: "100000000003",
    ingest: "100000000004",
    analytics: "100000000005",
  },
  cidrs: {
    shared: "10.0.0.0/16",
    ml: "10.8.0.0/16",
    warehouse: "10.16.0.0/16",
    ingest: "10.24.0.0/16",
    datastore: "10.32.0.0/16",
    analytics: "10.40.0.0/16",
  },
  azCount: 2,
  natGateways: "single",
  tgwAsns: { east: 64512, west: 64513 },
  identity: {
    // The dev workload CA's public certificate is committed in config/certs/.
    workloadCa: {
      type: "certificate-bundle",
      file: "dev-workload-ca.pem",
      issuerCN: "Example Dev Workload Root CA",
    },
    expiryNotificationDays: { ca: 30, endEntity: 14 },
    sessionSeconds: 3600,
    sourceIpRanges: ["198.51.100.16/28"],
    partnerExternalIdUuid: "3f9c2b7e-5d41-4a8e-9b6f-1c2d3e4f5a6b",
  },
  existing: {
    warehouseEndpointId: "c4x9k2m7p1qz",
    glueSecretSuffix: "Xy12Ab",
    bigqueryProjectNumber: "204815930261",
  },
  ml: { userProfiles: ["jdoe", "asmith"] },
  data: { athenaScanLimitGiB: 10, kmsKeyDeletionWindowDays: 7, tableExpirationDays: 30 },
  analytics: {
    // One 8-vCPU core node (HDFS holds the exchange spool), two 8-vCPU Spot task nodes.
    primarySize: "xlarge",
    nodeSize: "2xlarge",
    coreNodes: 1,
    spotNodes: 2,
    spotTimeoutMinutes: 10,
    exchange: "hdfs",
    inTransitEncryption: {
      type: "disabled",
      reason: "dev has no TLS certificate bundle yet; node traffic stays inside the private subnets",
    },
    // A forgotten dev cluster stops costing money after one idle hour.
    idleTimeoutSeconds: 3600,
    logRetentionDays: 30,
    fisSelection: "ALL",
  },
};

const base = baseEnvironment(params);

/**
 * A data-orchestration partner's data plane (its account and VPC) requested a peering with the warehouse VPC;
 * dev accepts it by id (a request expires 7 days after it is made), routes to the partner's range and lets the
 * partner's workers resolve the warehouse VPC's DNS names, and authorizes the partner's VPC on warehouse.internal
 * (the partner runs the association printed as an output).
 */
export default defineEnvironment({
  ...base,
  network: {
    ...base.network,
    externalNetworks: {
      orchestrator: {
        accountId: "555566667777",
        region: "us-east-1",
        vpcId: "vpc-0f1e2d3c4b5a69788",
        cidrs: ["10.200.0.0/16"],
      },
    },
    externalPeerings: {
      "orchestrator-warehouse": {
        network: "orchestrator",
        vpc: "warehouse",
        role: "accepter",
        peeringConnectionId: "pcx-0a1b2c3d4e5f60718",
        allowRemoteVpcDnsResolution: true,
      },
    },
    privateZones: {
      warehouse: { ...base.network.privateZones.warehouse, externalNetworks: ["orchestrator"] },
    },
  },
  // The partner's workers (its VPC, peered with warehouse) → Redshift, admitted by the cluster's own group.
  ...warehouseClient(base, "orchestrator-warehouse", "orchestrator"),
});
