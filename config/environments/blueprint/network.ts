/** The blueprint's network: six VPCs laid out in their /16s, two peerings, two TGWs peered across regions. */
import { BlueprintEnvironment, Cidr16, EnvParams, REGION_A, REGION_B } from "./params";

/** The AZs of a region the environment uses. */
function azsOf(p: EnvParams, region: string): string[] {
  return ["a", "b", "c"].slice(0, p.azCount).map((l) => `${region}${l}`);
}

/** Subnets of a tier, one per AZ, laid out inside the VPC's /16 (`third(i)` is the third octet for AZ i). */
function tier(cidr: Cidr16, azs: readonly string[], third: (i: number) => string, bits: number) {
  const [a, b] = cidr.split(".");
  return Object.fromEntries(azs.map((az, i) => [az, `${a}.${b}.${third(i)}/${bits}`]));
}
const PUBLIC = (i: number) => `${i}.0`;
const PRIVATE = (i: number) => `${16 * (i + 1)}.0`;
const TGW = (i: number) => `255.${16 * i}`;
const GLUE = (i: number) => `${64 + i}.0`;

export function network(p: EnvParams): BlueprintEnvironment["network"] {
  const c = p.cidrs;
  const east = azsOf(p, REGION_A);
  const west = azsOf(p, REGION_B);
  const nat = { natGateways: p.natGateways };
  return {
    vpcs: {
      shared: {
        account: "network",
        region: REGION_A,
        cidr: c.shared,
        azs: east,
        ...nat,
        subnets: {
          public: tier(c.shared, east, PUBLIC, 24),
          private: tier(c.shared, east, PRIVATE, 20),
          tgw: tier(c.shared, east, TGW, 28),
        },
      },
      ml: {
        account: "ml",
        region: REGION_A,
        cidr: c.ml,
        azs: east,
        ...nat,
        subnets: { public: tier(c.ml, east, PUBLIC, 24), private: tier(c.ml, east, PRIVATE, 20) },
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
            // redshift:GetClusterCredentials (Studio users) is a Redshift API call.
            "redshift",
          ],
        },
      },
      warehouse: {
        account: "data",
        region: REGION_A,
        cidr: c.warehouse,
        azs: east,
        natGateways: "none",
        subnets: { private: tier(c.warehouse, east, PRIVATE, 20), tgw: tier(c.warehouse, east, TGW, 28) },
        // Redshift routes COPY/UNLOAD through the VPC (enhanced VPC routing): S3 through the gateway endpoint.
        endpoints: { gateway: ["s3"], interface: [] },
      },
      ingest: {
        account: "ingest",
        region: REGION_A,
        cidr: c.ingest,
        azs: east,
        ...nat,
        subnets: {
          public: tier(c.ingest, east, PUBLIC, 24),
          private: tier(c.ingest, east, PRIVATE, 20),
          glue: tier(c.ingest, east, GLUE, 24),
        },
        endpoints: {
          gateway: ["s3"],
          interface: ["glue", "secretsmanager", "sts"],
          routeTiers: ["private", "glue"],
        },
      },
      datastore: {
        account: "data",
        region: REGION_B,
        cidr: c.datastore,
        azs: west,
        ...nat,
        subnets: {
          public: tier(c.datastore, west, PUBLIC, 24),
          private: tier(c.datastore, west, PRIVATE, 20),
          tgw: tier(c.datastore, west, TGW, 28),
        },
      },
      analytics: {
        account: "analytics",
        region: REGION_A,
        cidr: c.analytics,
        azs: east,
        ...nat,
        subnets: {
          public: tier(c.analytics, east, PUBLIC, 24),
          private: tier(c.analytics, east, PRIVATE, 20),
          tgw: tier(c.analytics, east, TGW, 28),
        },
        // EMR (Trino) launches only into subnets tagged for the EMR managed policies.
        emrSubnetTiers: ["private"],
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
        // The store admits only the ingest NAT Elastic IPs: its name must keep resolving to its public address
        // from ingest, or Glue's traffic would take this peering and arrive from private addresses.
        allowRemoteVpcDnsResolution: { requester: true, accepter: false },
      },
    },
    transitGateways: {
      "hub-east": {
        account: "network",
        region: REGION_A,
        amazonSideAsn: p.tgwAsns.east,
        routeTables: ["shared", "spokes"],
        shareWith: ["data", "analytics"],
        attachments: {
          shared: {
            associateWith: "shared",
            propagateTo: ["spokes"],
            routeCidrs: [c.warehouse, c.analytics, c.datastore],
          },
          warehouse: { associateWith: "spokes", propagateTo: ["shared"], routeCidrs: [c.shared] },
          analytics: {
            associateWith: "spokes",
            propagateTo: ["shared"],
            routeCidrs: [c.shared, c.datastore],
          },
        },
        staticRoutes: [
          { routeTable: "shared", cidr: c.datastore, target: "east-west" },
          { routeTable: "spokes", cidr: c.datastore, target: "east-west" },
          // Spokes must never reach each other's management ranges through the hub.
          { routeTable: "spokes", cidr: "10.255.0.0/16", blackhole: true },
        ],
      },
      "hub-west": {
        account: "network",
        region: REGION_B,
        amazonSideAsn: p.tgwAsns.west,
        routeTables: ["regional"],
        shareWith: ["data"],
        attachments: {
          datastore: {
            associateWith: "regional",
            propagateTo: ["regional"],
            routeCidrs: [c.shared, c.analytics],
          },
        },
        staticRoutes: [
          { routeTable: "regional", cidr: c.shared, target: "east-west" },
          { routeTable: "regional", cidr: c.analytics, target: "east-west" },
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
    ...names(p),
  };
}

/**
 * Names (R-NET-7): warehouse.internal lives in the data account and is associated with the warehouse VPC
 * (created with it), the ml VPC (the notebooks; across accounts: data authorizes, ml associates) and the
 * shared-services VPC, whose Resolver answers it for the VPCs behind the transit gateway (a TGW has no DNS):
 * the spokes forward warehouse.internal to the inbound endpoint, one fixed address per AZ of shared/private.
 */
function names(p: EnvParams): Pick<BlueprintEnvironment["network"], "privateZones" | "resolvers"> {
  const [a, b] = p.cidrs.shared.split(".");
  const east = azsOf(p, REGION_A);
  return {
    privateZones: {
      warehouse: { domain: "warehouse.internal", account: "data", vpcs: ["warehouse", "ml", "shared"] },
    },
    resolvers: {
      "hub-east": {
        vpc: "shared",
        inbound: {
          ips: Object.fromEntries(east.map((az, i) => [az, `${a}.${b}.${PRIVATE(i).split(".")[0]}.10`])),
        },
        outbound: true,
        rules: {
          "warehouse-internal": { domain: "warehouse.internal", forwardTo: "inbound", vpcs: ["analytics"] },
        },
      },
    },
  };
}
