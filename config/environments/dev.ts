import { defineEnvironment } from "../define";

/**
 * dev: two AZs, one NAT gateway per VPC, single-AZ interface endpoints allowed.
 * Account ids are placeholders (12 digits); replace them with your organization's accounts.
 * Region A = us-east-1 (hub, spokes, Glue), region B = us-west-2 (remote data store, second TGW).
 */
export default defineEnvironment({
  name: "dev",
  stage: "dev",
  tags: { Environment: "dev", Owner: "platform-engineering", CostCenter: "cc-1001" },
  backend: { type: "local", dir: "terraform-state" },
  accounts: {
    network: { id: "100000000001", description: "network hub: transit gateways, shared services" },
    data: { id: "100000000002", description: "data producer: warehouse and regional data stores" },
    ml: { id: "100000000003", description: "ML consumer: notebooks" },
    ingest: { id: "100000000004", description: "ingestion: AppFlow, Glue" },
    analytics: { id: "100000000005", description: "analytics: Trino on EMR" },
  },
  network: {
    vpcs: {
      shared: {
        account: "network",
        region: "us-east-1",
        cidr: "10.0.0.0/16",
        azs: ["us-east-1a", "us-east-1b"],
        subnets: {
          public: { "us-east-1a": "10.0.0.0/24", "us-east-1b": "10.0.1.0/24" },
          private: { "us-east-1a": "10.0.16.0/20", "us-east-1b": "10.0.32.0/20" },
          tgw: { "us-east-1a": "10.0.255.0/28", "us-east-1b": "10.0.255.16/28" },
        },
      },
      ml: {
        account: "ml",
        region: "us-east-1",
        cidr: "10.8.0.0/16",
        azs: ["us-east-1a", "us-east-1b"],
        subnets: {
          public: { "us-east-1a": "10.8.0.0/24", "us-east-1b": "10.8.1.0/24" },
          private: { "us-east-1a": "10.8.16.0/20", "us-east-1b": "10.8.32.0/20" },
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
        cidr: "10.16.0.0/16",
        azs: ["us-east-1a", "us-east-1b"],
        natGateways: "none",
        subnets: {
          private: { "us-east-1a": "10.16.16.0/20", "us-east-1b": "10.16.32.0/20" },
          tgw: { "us-east-1a": "10.16.255.0/28", "us-east-1b": "10.16.255.16/28" },
        },
      },
      ingest: {
        account: "ingest",
        region: "us-east-1",
        cidr: "10.24.0.0/16",
        azs: ["us-east-1a", "us-east-1b"],
        subnets: {
          public: { "us-east-1a": "10.24.0.0/24", "us-east-1b": "10.24.1.0/24" },
          private: { "us-east-1a": "10.24.16.0/20", "us-east-1b": "10.24.32.0/20" },
          glue: { "us-east-1a": "10.24.64.0/24", "us-east-1b": "10.24.65.0/24" },
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
        cidr: "10.32.0.0/16",
        azs: ["us-west-2a", "us-west-2b"],
        subnets: {
          public: { "us-west-2a": "10.32.0.0/24", "us-west-2b": "10.32.1.0/24" },
          private: { "us-west-2a": "10.32.16.0/20", "us-west-2b": "10.32.32.0/20" },
          tgw: { "us-west-2a": "10.32.255.0/28", "us-west-2b": "10.32.255.16/28" },
        },
      },
      analytics: {
        account: "analytics",
        region: "us-east-1",
        cidr: "10.40.0.0/16",
        azs: ["us-east-1a", "us-east-1b"],
        subnets: {
          public: { "us-east-1a": "10.40.0.0/24", "us-east-1b": "10.40.1.0/24" },
          private: { "us-east-1a": "10.40.16.0/20", "us-east-1b": "10.40.32.0/20" },
          tgw: { "us-east-1a": "10.40.255.0/28", "us-east-1b": "10.40.255.16/28" },
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
        amazonSideAsn: 64512,
        routeTables: ["shared", "spokes"],
        shareWith: ["data", "analytics"],
        attachments: {
          shared: {
            associateWith: "shared",
            propagateTo: ["spokes"],
            routeCidrs: ["10.16.0.0/16", "10.40.0.0/16", "10.32.0.0/16"],
          },
          warehouse: { associateWith: "spokes", propagateTo: ["shared"], routeCidrs: ["10.0.0.0/16"] },
          analytics: {
            associateWith: "spokes",
            propagateTo: ["shared"],
            routeCidrs: ["10.0.0.0/16", "10.32.0.0/16"],
          },
        },
        staticRoutes: [
          { routeTable: "shared", cidr: "10.32.0.0/16", target: "east-west" },
          { routeTable: "spokes", cidr: "10.32.0.0/16", target: "east-west" },
          // Spokes must never reach each other's management ranges through the hub.
          { routeTable: "spokes", cidr: "10.255.0.0/16", blackhole: true },
        ],
      },
      "hub-west": {
        account: "network",
        region: "us-west-2",
        amazonSideAsn: 64513,
        routeTables: ["regional"],
        shareWith: ["data"],
        attachments: {
          datastore: {
            associateWith: "regional",
            propagateTo: ["regional"],
            routeCidrs: ["10.0.0.0/16", "10.40.0.0/16"],
          },
        },
        staticRoutes: [
          { routeTable: "regional", cidr: "10.0.0.0/16", target: "east-west" },
          { routeTable: "regional", cidr: "10.40.0.0/16", target: "east-west" },
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
