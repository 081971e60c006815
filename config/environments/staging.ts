import { defineEnvironment } from "../define";

/**
 * staging: mirrors prod topology at two AZs; one NAT gateway per AZ in the VPCs that egress.
 * Account ids are placeholders (12 digits); replace them with your organization's accounts.
 * Region A = us-east-1 (hub, spokes, Glue), region B = us-west-2 (remote data store, second TGW).
 */
export default defineEnvironment({
  name: "staging",
  stage: "staging",
  tags: { Environment: "staging", Owner: "platform-engineering", CostCenter: "cc-1002" },
  backend: { type: "local", dir: "terraform-state" },
  accounts: {
    network: { id: "200000000001", description: "network hub: transit gateways, shared services" },
    data: { id: "200000000002", description: "data producer: warehouse and regional data stores" },
    ml: { id: "200000000003", description: "ML consumer: notebooks" },
    ingest: { id: "200000000004", description: "ingestion: AppFlow, Glue" },
    analytics: { id: "200000000005", description: "analytics: Trino on EMR" },
  },
  network: {
    vpcs: {
      shared: {
        account: "network",
        region: "us-east-1",
        cidr: "10.64.0.0/16",
        azs: ["us-east-1a", "us-east-1b"],
        subnets: {
          public: { "us-east-1a": "10.64.0.0/24", "us-east-1b": "10.64.1.0/24" },
          private: { "us-east-1a": "10.64.16.0/20", "us-east-1b": "10.64.32.0/20" },
          tgw: { "us-east-1a": "10.64.255.0/28", "us-east-1b": "10.64.255.16/28" },
        },
      },
      ml: {
        account: "ml",
        region: "us-east-1",
        cidr: "10.72.0.0/16",
        azs: ["us-east-1a", "us-east-1b"],
        subnets: {
          public: { "us-east-1a": "10.72.0.0/24", "us-east-1b": "10.72.1.0/24" },
          private: { "us-east-1a": "10.72.16.0/20", "us-east-1b": "10.72.32.0/20" },
        },
        endpoints: {
          gateway: ["s3"],
          interface: [
            "sts",
            "ecr-api",
            "ecr-dkr",
            "elasticloadbalancing",
            "autoscaling",
            "sagemaker-api",
            "sagemaker-runtime",
            "sagemaker-notebook",
          ],
        },
      },
      warehouse: {
        account: "data",
        region: "us-east-1",
        cidr: "10.80.0.0/16",
        azs: ["us-east-1a", "us-east-1b"],
        natGateways: "none",
        subnets: {
          private: { "us-east-1a": "10.80.16.0/20", "us-east-1b": "10.80.32.0/20" },
          tgw: { "us-east-1a": "10.80.255.0/28", "us-east-1b": "10.80.255.16/28" },
        },
      },
      ingest: {
        account: "ingest",
        region: "us-east-1",
        cidr: "10.88.0.0/16",
        azs: ["us-east-1a", "us-east-1b"],
        subnets: {
          public: { "us-east-1a": "10.88.0.0/24", "us-east-1b": "10.88.1.0/24" },
          private: { "us-east-1a": "10.88.16.0/20", "us-east-1b": "10.88.32.0/20" },
          glue: { "us-east-1a": "10.88.64.0/24", "us-east-1b": "10.88.65.0/24" },
        },
        endpoints: {
          gateway: ["s3"],
          interface: ["glue", "secretsmanager", "sts"],
          routeTiers: ["private", "glue"],
        },
      },
      datastore: {
        account: "data",
        region: "us-west-2",
        cidr: "10.96.0.0/16",
        azs: ["us-west-2a", "us-west-2b"],
        subnets: {
          public: { "us-west-2a": "10.96.0.0/24", "us-west-2b": "10.96.1.0/24" },
          private: { "us-west-2a": "10.96.16.0/20", "us-west-2b": "10.96.32.0/20" },
          tgw: { "us-west-2a": "10.96.255.0/28", "us-west-2b": "10.96.255.16/28" },
        },
      },
      analytics: {
        account: "analytics",
        region: "us-east-1",
        cidr: "10.104.0.0/16",
        azs: ["us-east-1a", "us-east-1b"],
        subnets: {
          public: { "us-east-1a": "10.104.0.0/24", "us-east-1b": "10.104.1.0/24" },
          private: { "us-east-1a": "10.104.16.0/20", "us-east-1b": "10.104.32.0/20" },
          tgw: { "us-east-1a": "10.104.255.0/28", "us-east-1b": "10.104.255.16/28" },
        },
        endpoints: { gateway: ["s3"], interface: [] },
      },
    },
    peerings: {
      // The SageMaker → Redshift scenario: cross-account, same region, DNS resolution on both sides.
      "ml-warehouse": { requester: "ml", accepter: "warehouse" },
      // Glue in region A reaching the data store VPC in region B of the data account.
      "ingest-datastore": {
        requester: "ingest",
        accepter: "datastore",
        routeTiers: { requester: ["glue"], accepter: ["private"] },
      },
    },
    transitGateways: {
      "hub-east": {
        account: "network",
        region: "us-east-1",
        amazonSideAsn: 64522,
        routeTables: ["shared", "spokes"],
        shareWith: ["data", "analytics"],
        attachments: {
          shared: {
            associateWith: "shared",
            propagateTo: ["spokes"],
            routeCidrs: ["10.80.0.0/16", "10.104.0.0/16", "10.96.0.0/16"],
          },
          warehouse: { associateWith: "spokes", propagateTo: ["shared"], routeCidrs: ["10.64.0.0/16"] },
          analytics: {
            associateWith: "spokes",
            propagateTo: ["shared"],
            routeCidrs: ["10.64.0.0/16", "10.96.0.0/16"],
          },
        },
        staticRoutes: [
          { routeTable: "shared", cidr: "10.96.0.0/16", target: "east-west" },
          { routeTable: "spokes", cidr: "10.96.0.0/16", target: "east-west" },
          // Spokes must never reach each other's management ranges through the hub.
          { routeTable: "spokes", cidr: "10.255.0.0/16", blackhole: true },
        ],
      },
      "hub-west": {
        account: "network",
        region: "us-west-2",
        amazonSideAsn: 64523,
        routeTables: ["regional"],
        shareWith: ["data"],
        attachments: {
          datastore: {
            associateWith: "regional",
            propagateTo: ["regional"],
            routeCidrs: ["10.64.0.0/16", "10.104.0.0/16"],
          },
        },
        staticRoutes: [
          { routeTable: "regional", cidr: "10.64.0.0/16", target: "east-west" },
          { routeTable: "regional", cidr: "10.104.0.0/16", target: "east-west" },
        ],
      },
    },
    tgwPeerings: {
      "east-west": {
        requester: "hub-east",
        accepter: "hub-west",
        routeTables: { requester: "shared", accepter: "regional" },
      },
    },
  },
});
