import { defineEnvironment } from "../define";

/**
 * prod: three AZs, one NAT gateway per AZ, interface endpoints in every AZ.
 * Account ids are placeholders (12 digits); replace them with your organization's accounts.
 * Region A = us-east-1 (hub, spokes, Glue), region B = us-west-2 (remote data store, second TGW).
 */
export default defineEnvironment({
  name: "prod",
  stage: "prod",
  tags: { Environment: "prod", Owner: "platform-engineering", CostCenter: "cc-1003" },
  backend: { type: "local", dir: "terraform-state" },
  accounts: {
    network: { id: "300000000001", description: "network hub: transit gateways, shared services" },
    data: { id: "300000000002", description: "data producer: warehouse and regional data stores" },
    ml: { id: "300000000003", description: "ML consumer: notebooks" },
    ingest: { id: "300000000004", description: "ingestion: AppFlow, Glue" },
    analytics: { id: "300000000005", description: "analytics: Trino on EMR" },
  },
  network: {
    vpcs: {
      shared: {
        account: "network",
        region: "us-east-1",
        cidr: "10.128.0.0/16",
        natGateways: "per-az",
        azs: ["us-east-1a", "us-east-1b", "us-east-1c"],
        subnets: {
          public: {
            "us-east-1a": "10.128.0.0/24",
            "us-east-1b": "10.128.1.0/24",
            "us-east-1c": "10.128.2.0/24",
          },
          private: {
            "us-east-1a": "10.128.16.0/20",
            "us-east-1b": "10.128.32.0/20",
            "us-east-1c": "10.128.48.0/20",
          },
          tgw: {
            "us-east-1a": "10.128.255.0/28",
            "us-east-1b": "10.128.255.16/28",
            "us-east-1c": "10.128.255.32/28",
          },
        },
      },
      ml: {
        account: "ml",
        region: "us-east-1",
        cidr: "10.136.0.0/16",
        natGateways: "per-az",
        azs: ["us-east-1a", "us-east-1b", "us-east-1c"],
        subnets: {
          public: {
            "us-east-1a": "10.136.0.0/24",
            "us-east-1b": "10.136.1.0/24",
            "us-east-1c": "10.136.2.0/24",
          },
          private: {
            "us-east-1a": "10.136.16.0/20",
            "us-east-1b": "10.136.32.0/20",
            "us-east-1c": "10.136.48.0/20",
          },
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
        cidr: "10.144.0.0/16",
        azs: ["us-east-1a", "us-east-1b", "us-east-1c"],
        natGateways: "none",
        subnets: {
          private: {
            "us-east-1a": "10.144.16.0/20",
            "us-east-1b": "10.144.32.0/20",
            "us-east-1c": "10.144.48.0/20",
          },
          tgw: {
            "us-east-1a": "10.144.255.0/28",
            "us-east-1b": "10.144.255.16/28",
            "us-east-1c": "10.144.255.32/28",
          },
        },
      },
      ingest: {
        account: "ingest",
        region: "us-east-1",
        cidr: "10.152.0.0/16",
        natGateways: "per-az",
        azs: ["us-east-1a", "us-east-1b", "us-east-1c"],
        subnets: {
          public: {
            "us-east-1a": "10.152.0.0/24",
            "us-east-1b": "10.152.1.0/24",
            "us-east-1c": "10.152.2.0/24",
          },
          private: {
            "us-east-1a": "10.152.16.0/20",
            "us-east-1b": "10.152.32.0/20",
            "us-east-1c": "10.152.48.0/20",
          },
          glue: {
            "us-east-1a": "10.152.64.0/24",
            "us-east-1b": "10.152.65.0/24",
            "us-east-1c": "10.152.66.0/24",
          },
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
        cidr: "10.160.0.0/16",
        natGateways: "per-az",
        azs: ["us-west-2a", "us-west-2b", "us-west-2c"],
        subnets: {
          public: {
            "us-west-2a": "10.160.0.0/24",
            "us-west-2b": "10.160.1.0/24",
            "us-west-2c": "10.160.2.0/24",
          },
          private: {
            "us-west-2a": "10.160.16.0/20",
            "us-west-2b": "10.160.32.0/20",
            "us-west-2c": "10.160.48.0/20",
          },
          tgw: {
            "us-west-2a": "10.160.255.0/28",
            "us-west-2b": "10.160.255.16/28",
            "us-west-2c": "10.160.255.32/28",
          },
        },
      },
      analytics: {
        account: "analytics",
        region: "us-east-1",
        cidr: "10.168.0.0/16",
        natGateways: "per-az",
        azs: ["us-east-1a", "us-east-1b", "us-east-1c"],
        subnets: {
          public: {
            "us-east-1a": "10.168.0.0/24",
            "us-east-1b": "10.168.1.0/24",
            "us-east-1c": "10.168.2.0/24",
          },
          private: {
            "us-east-1a": "10.168.16.0/20",
            "us-east-1b": "10.168.32.0/20",
            "us-east-1c": "10.168.48.0/20",
          },
          tgw: {
            "us-east-1a": "10.168.255.0/28",
            "us-east-1b": "10.168.255.16/28",
            "us-east-1c": "10.168.255.32/28",
          },
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
        amazonSideAsn: 64532,
        routeTables: ["shared", "spokes"],
        shareWith: ["data", "analytics"],
        attachments: {
          shared: {
            associateWith: "shared",
            propagateTo: ["spokes"],
            routeCidrs: ["10.144.0.0/16", "10.168.0.0/16", "10.160.0.0/16"],
          },
          warehouse: { associateWith: "spokes", propagateTo: ["shared"], routeCidrs: ["10.128.0.0/16"] },
          analytics: {
            associateWith: "spokes",
            propagateTo: ["shared"],
            routeCidrs: ["10.128.0.0/16", "10.160.0.0/16"],
          },
        },
        staticRoutes: [
          { routeTable: "shared", cidr: "10.160.0.0/16", target: "east-west" },
          { routeTable: "spokes", cidr: "10.160.0.0/16", target: "east-west" },
          // Spokes must never reach each other's management ranges through the hub.
          { routeTable: "spokes", cidr: "10.255.0.0/16", blackhole: true },
        ],
      },
      "hub-west": {
        account: "network",
        region: "us-west-2",
        amazonSideAsn: 64533,
        routeTables: ["regional"],
        shareWith: ["data"],
        attachments: {
          datastore: {
            associateWith: "regional",
            propagateTo: ["regional"],
            routeCidrs: ["10.128.0.0/16", "10.168.0.0/16"],
          },
        },
        staticRoutes: [
          { routeTable: "regional", cidr: "10.128.0.0/16", target: "east-west" },
          { routeTable: "regional", cidr: "10.168.0.0/16", target: "east-west" },
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
