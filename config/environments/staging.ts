import { defineEnvironment } from "../define";
import { baseEnvironment, EnvParams } from "./blueprint";

/**
 * staging: mirrors prod topology at two AZs; one NAT gateway per AZ in the VPCs that egress. Account ids are
 * placeholders (12 digits): replace them with your organization's accounts.
 */
export const params: EnvParams = {
  name: "staging",
  stage: "staging",
  costCenter: "cc-1002",
  accounts: {
    network: "200000000001",
    data: "200000000002",
    ml: "200000000003",
    ingest: "200000000004",
    analytics: "200000000005",
  },
  cidrs: {
    shared: "10.64.0.0/16",
    ml: "10.72.0.0/16",
    warehouse: "10.80.0.0/16",
    ingest: "10.88.0.0/16",
    datastore: "10.96.0.0/16",
    analytics: "10.104.0.0/16",
  },
  azCount: 2,
  natGateways: "per-az",
  tgwAsns: { east: 64522, west: 64523 },
  identity: {
    // The staging workload CA's public certificate is committed in config/certs/.
    workloadCa: {
      type: "certificate-bundle",
      file: "staging-workload-ca.pem",
      issuerCN: "Example Staging Workload Root CA",
    },
    expiryNotificationDays: { ca: 60, endEntity: 30 },
    sessionSeconds: 1800,
    sourceIpRanges: ["198.51.100.32/28"],
    partnerExternalIdUuid: "8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d",
  },
  existing: {
    warehouseEndpointId: "c7h3n5r8w2ty",
    glueSecretSuffix: "Pq34Rs",
    bigqueryProjectNumber: "204815930262",
  },
  ml: { userProfiles: ["jdoe", "asmith"] },
  data: { athenaScanLimitGiB: 50, tableExpirationDays: 90 },
  analytics: {
    // 2 × 16-vCPU core nodes and 4 × 16-vCPU Spot task nodes.
    primarySize: "2xlarge",
    nodeSize: "4xlarge",
    coreNodes: 2,
    spotNodes: 4,
    spotTimeoutMinutes: 15,
    exchange: "hdfs",
    inTransitEncryption: { type: "pem-s3" },
    logRetentionDays: 180,
    fisSelection: "PERCENT(50)",
    // The deployed, termination-protected cluster: synth refuses a change that would replace it.
    deployedFingerprint: "cluster:a6a8cbc7 references:3401cd31 task-fleet:bc880cf9",
  },
};

const base = baseEnvironment(params);
const flows = base.ingest.appflow.flows;

export default defineEnvironment({
  ...base,
  ingest: {
    ...base.ingest,
    appflow: {
      ...base.ingest.appflow,
      // Staging pulls allergy rows only (the table also holds intolerances).
      flows: {
        ...flows,
        allergies: {
          ...flows.allergies,
          filters: [{ field: "TYPE", operator: "EQUAL_TO", values: ["allergy"] }],
        },
      },
    },
  },
});
