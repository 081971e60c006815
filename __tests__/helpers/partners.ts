import { devCopy } from "./environments";

/**
 * The dev sample with partners (R-NET-6): "medirisk" requested a peering with the warehouse VPC, which dev
 * accepts; "astro" peered its transit gateway with hub-east, which dev shares with astro's account and whose
 * `partners` route table holds the routes back to analytics.
 */
export function devWithPartners(): any {
  const e = devCopy();
  e.network.externalNetworks = {
    astro: {
      accountId: "999988887777",
      region: "us-east-1",
      vpcId: "vpc-0a1b2c3d4e5f67890",
      transitGatewayId: "tgw-0fedcba9876543210",
      cidrs: ["10.200.0.0/16"],
      dnsServers: ["10.200.0.2"],
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
  e.intents["astro-analytics"] = { from: "astro", to: "analytics/private", ports: [8889] };
  e.intents["analytics-astro"] = { from: "analytics/private", to: "astro", ports: [443] };
  e.intents["medirisk-warehouse"] = { from: "medirisk", to: "warehouse/private", ports: [5439] };
  return e;
}
