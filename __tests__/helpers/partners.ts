import { devCopy } from "./environments";

/**
 * The dev sample with partners (R-NET-6): "medirisk" requested a peering with the warehouse VPC, which dev
 * accepts; "astro" peered its transit gateway with hub-east, which dev shares with astro's account and whose
 * `partners` route table holds the routes back to analytics. Names: warehouse.internal is a private zone of the
 * data account associated with warehouse, ml (across accounts) and the shared-services VPC, authorized for
 * medirisk's VPC; the hub-east resolver forwards it from analytics to its inbound endpoint, forwards
 * astro.internal to astro's DNS server, and answers astro's queries for warehouse.internal.
 */
export function devWithPartners(): any {
  const e = withoutSamplePartnersAndDns(devCopy());
  e.network.externalNetworks = {
    astro: {
      accountId: "999988887777",
      region: "us-east-1",
      vpcId: "vpc-0a1b2c3d4e5f67890",
      transitGatewayId: "tgw-0fedcba9876543210",
      cidrs: ["10.200.0.0/16"],
      dnsServers: ["10.200.16.10"],
    },
    medirisk: {
      accountId: "444455556666",
      region: "us-east-1",
      vpcId: "vpc-1a2b3c4d",
      cidrs: ["10.210.0.0/16", "10.211.0.0/16"],
    },
  };
  e.network.externalPeerings = {
    "medirisk-warehouse": {
      network: "medirisk",
      vpc: "warehouse",
      role: "accepter",
      peeringConnectionId: "pcx-0123456789abcdef0",
      allowRemoteVpcDnsResolution: true,
    },
  };
  const hub = e.network.transitGateways["hub-east"];
  hub.routeTables.push("partners");
  hub.shareWithExternal = ["astro"];
  hub.externalAttachments = {
    astro: {
      network: "astro",
      kind: "peering",
      attachmentId: "tgw-attach-0123456789abcdef0",
      associateWith: "partners",
    },
  };
  hub.staticRoutes.push({ routeTable: "spokes", cidr: "10.200.0.0/16", target: "astro" });
  hub.attachments.analytics.propagateTo.push("partners");
  hub.attachments.analytics.routeCidrs.push("10.200.0.0/16");
  // The shared-services VPC (resolver endpoints) reaches astro's DNS servers through hub-east.
  hub.attachments.shared.routeCidrs.push("10.200.0.0/16");
  hub.attachments.shared.propagateTo.push("partners");
  hub.staticRoutes.push({ routeTable: "shared", cidr: "10.200.0.0/16", target: "astro" });
  e.network.privateZones = {
    "warehouse-internal": {
      domain: "warehouse.internal",
      account: "data",
      vpcs: ["warehouse", "ml", "shared"],
      externalNetworks: ["medirisk"],
    },
  };
  e.network.resolvers = {
    "hub-east": {
      vpc: "shared",
      inbound: { ips: { "us-east-1a": "10.0.16.10", "us-east-1b": "10.0.32.10" }, allowExternal: ["astro"] },
      outbound: true,
      rules: {
        "warehouse-internal": { domain: "warehouse.internal", forwardTo: "inbound", vpcs: ["analytics"] },
        astro: {
          domain: "astro.internal",
          forwardTo: { external: "astro" },
          vpcs: ["analytics", "warehouse"],
        },
      },
    },
  };
  e.dnsIntents = {
    "ml-warehouse": { from: "ml/private", resolves: "cluster.warehouse.internal" },
    "analytics-warehouse": { from: "analytics/private", resolves: "cluster.warehouse.internal" },
    "analytics-astro": { from: "analytics/private", resolves: "api.astro.internal" },
    "astro-warehouse": { from: "astro", resolves: "cluster.warehouse.internal" },
  };
  e.intents["astro-analytics"] = { from: "astro", to: "analytics/private", ports: [8889] };
  e.intents["analytics-astro"] = { from: "analytics/private", to: "astro", ports: [443] };
  e.intents["medirisk-warehouse"] = { from: "medirisk", to: "warehouse/private", ports: [5439] };
  e.ml.warehouse.intents.push("medirisk-warehouse");
  return e;
}

/**
 * The dev sample's SageMaker Studio → Redshift (R-IAM-4), from the blueprint: the domain in ml/private with the
 * egress of the intents it owns (the warehouse, STS, the SageMaker API and runtime, the Redshift API, S3), the
 * warehouse group with its clients on 5439 and COPY/UNLOAD to S3, and a two-node cluster; user profiles of
 * its own, so the tests do not depend on the sample's.
 */
export function devWithStudio(): any {
  const e = devCopy();
  e.ml.studio.userProfiles = ["alice", "bob-smith"];
  return e;
}

/** The dev sample without its own partner, zones, resolvers and DNS intents (the fixtures above bring theirs). */
function withoutSamplePartnersAndDns(e: any): any {
  for (const key of ["externalNetworks", "externalPeerings", "privateZones", "resolvers"])
    e.network[key] = {};
  delete e.dnsIntents;
  for (const name of Object.keys(e.intents))
    if (e.intents[name].from in (devCopy().network.externalNetworks ?? {})) delete e.intents[name];
  e.ml.warehouse.intents = e.ml.warehouse.intents.filter((n: string) => n in e.intents);
  return e;
}
