/**
 * Networks the platform does not own (R-NET-6): validated like our own, connected by accepted or requested
 * peerings and by partner-created TGW attachments, and proved hop by hop in intents that start or end at them.
 */
import { ConfigError, validateEnvironment } from "../../config";
import { traceIntents } from "../../config/reachability/trace";
import { DEV_FILE, rejectionOf } from "../helpers/environments";
import { devWithPartners } from "../helpers/partners";

type Env = ReturnType<typeof devWithPartners>;

const CASES: Array<[string, (e: Env) => void, string, RegExp]> = [
  [
    "a malformed partner account id",
    (e) => (e.network.externalNetworks.astro.accountId = "9999"),
    "network.externalNetworks.astro.accountId",
    /is not a 12-digit AWS account id/,
  ],
  [
    "a partner that is one of our own accounts",
    (e) => (e.network.externalNetworks.astro.accountId = e.accounts.ml.id),
    "network.externalNetworks.astro.accountId",
    /is this environment's account ml, so the network is not external[\s\S]*fix: declare the VPC under network\.vpcs/,
  ],
  [
    "a malformed partner VPC id",
    (e) => (e.network.externalNetworks.astro.vpcId = "vpc-XYZ"),
    "network.externalNetworks.astro.vpcId",
    /is not a vpc- id \(vpc- followed by 8 or 17 lowercase hex digits\)/,
  ],
  [
    "a malformed partner TGW id",
    (e) => (e.network.externalNetworks.astro.transitGatewayId = "tgw-123"),
    "network.externalNetworks.astro.transitGatewayId",
    /is not a tgw- id/,
  ],
  [
    "an external network named like one of our VPCs",
    (e) => {
      e.network.externalNetworks.ml = e.network.externalNetworks.astro;
    },
    "network.externalNetworks.ml",
    /has the name of one of our VPCs/,
  ],
  [
    "a partner range that is not a network address",
    (e) => (e.network.externalNetworks.astro.cidrs = ["10.200.0.1/16"]),
    "network.externalNetworks.astro.cidrs[0]",
    /has host bits set/,
  ],
  [
    "a partner DNS server outside its ranges",
    (e) => (e.network.externalNetworks.astro.dnsServers = ["10.201.0.2"]),
    "network.externalNetworks.astro.dnsServers[0]",
    /is outside the network's cidrs \(10\.200\.0\.0\/16\)/,
  ],
  [
    "a partner DNS server that is its VPC's Amazon-provided resolver (base + 2)",
    (e) => (e.network.externalNetworks.astro.dnsServers = ["10.200.0.2"]),
    "network.externalNetworks.astro.dnsServers[0]",
    /is the Amazon-provided DNS address \(range base \+ 2\)[\s\S]*fix: list the addresses of the partner's Resolver inbound endpoint/,
  ],
  [
    "a partner range overlapping the VPC it is peered with",
    (e) => (e.network.externalNetworks.medirisk.cidrs = ["10.16.128.0/17"]),
    "network.externalNetworks.medirisk.cidrs[0]",
    /overlaps 10\.16\.0\.0\/16 of VPC warehouse, which it is peered with \(network\.externalPeerings\.medirisk-warehouse\)/,
  ],
  [
    "a partner range overlapping a VPC behind the transit gateway it attaches to",
    (e) => (e.network.externalNetworks.astro.cidrs = ["10.0.0.0/16"]),
    "network.externalNetworks.astro.cidrs[0]",
    /overlaps 10\.0\.0\.0\/16 of VPC shared, which it is connected to through transit gateway hub-east/,
  ],
  [
    "a partner range overlapping a VPC behind a peered transit gateway",
    (e) => (e.network.externalNetworks.astro.cidrs = ["10.32.0.0/17"]),
    "network.externalNetworks.astro.cidrs[0]",
    /overlaps 10\.32\.0\.0\/16 of VPC datastore, which it is connected to through TGW peering east-west/,
  ],
  [
    "accepting without the partner's peering id",
    (e) => delete e.network.externalPeerings["medirisk-warehouse"].peeringConnectionId,
    "network.externalPeerings.medirisk-warehouse.peeringConnectionId",
    /is required to accept the partner's peering request[\s\S]*expires 7 days/,
  ],
  [
    "a malformed peering id",
    (e) => (e.network.externalPeerings["medirisk-warehouse"].peeringConnectionId = "pcx-12"),
    "network.externalPeerings.medirisk-warehouse.peeringConnectionId",
    /is not a pcx- id/,
  ],
  [
    "requesting a peering to a partner without a VPC id",
    (e) => {
      e.network.externalPeerings["medirisk-warehouse"] = {
        network: "medirisk",
        vpc: "warehouse",
        role: "requester",
      };
      delete e.network.externalNetworks.medirisk.vpcId;
    },
    "network.externalNetworks.medirisk.vpcId",
    /is required to request peering medirisk-warehouse/,
  ],
  [
    "a requester's DNS option before the partner accepted",
    (e) => {
      e.network.externalPeerings["medirisk-warehouse"] = {
        network: "medirisk",
        vpc: "warehouse",
        role: "requester",
        allowRemoteVpcDnsResolution: true,
      };
    },
    "network.externalPeerings.medirisk-warehouse.allowRemoteVpcDnsResolution",
    /cannot be set before the partner accepts[\s\S]*set partnerAccepted: true/,
  ],
  [
    "a peering with an unknown external network",
    (e) => (e.network.externalPeerings["medirisk-warehouse"].network = "medirsk"),
    "network.externalPeerings.medirisk-warehouse.network",
    /is not a known external network[\s\S]*did you mean "medirisk"/,
  ],
  [
    "a route tier the VPC does not have",
    (e) => (e.network.externalPeerings["medirisk-warehouse"].routeTiers = ["public"]),
    "network.externalPeerings.medirisk-warehouse.routeTiers[0]",
    /is not a subnet tier of VPC warehouse/,
  ],
  [
    "a malformed attachment id",
    (e) => (e.network.transitGateways["hub-east"].externalAttachments.astro.attachmentId = "tgw-attach-1"),
    "network.transitGateways.hub-east.externalAttachments.astro.attachmentId",
    /is not a tgw-attach- id/,
  ],
  [
    "an external attachment associated with an unknown route table",
    (e) => (e.network.transitGateways["hub-east"].externalAttachments.astro.associateWith = "partner"),
    "network.transitGateways.hub-east.externalAttachments.astro.associateWith",
    /did you mean "partners"/,
  ],
  [
    "a partner VPC attachment from another region",
    (e) => {
      e.network.transitGateways["hub-east"].externalAttachments.astro.kind = "vpc";
      e.network.externalNetworks.astro.region = "eu-west-1";
    },
    "network.transitGateways.hub-east.externalAttachments.astro.kind",
    /attaches a VPC in eu-west-1 to a transit gateway in us-east-1/,
  ],
  [
    "a partner VPC attachment to a TGW not shared with the partner",
    (e) => {
      e.network.transitGateways["hub-east"].externalAttachments.astro.kind = "vpc";
      e.network.transitGateways["hub-east"].shareWithExternal = [];
    },
    "network.transitGateways.hub-east.shareWithExternal",
    /does not include astro, whose VPC attachment astro needs the transit gateway shared/,
  ],
  [
    "a TGW peering from a partner without a TGW id",
    (e) => delete e.network.externalNetworks.astro.transitGatewayId,
    "network.externalNetworks.astro.transitGatewayId",
    /is required for TGW peering attachment astro/,
  ],
  [
    "an external attachment named like a VPC attachment",
    (e) => {
      const hub = e.network.transitGateways["hub-east"];
      hub.externalAttachments.shared = hub.externalAttachments.astro;
    },
    "network.transitGateways.hub-east.externalAttachments.shared",
    /has the name of a VPC attachment of transit gateway hub-east/,
  ],
  [
    "a partner range routed twice from the same tables",
    (e) => e.network.transitGateways["hub-east"].attachments.warehouse.routeCidrs.push("10.210.0.0/16"),
    "network.transitGateways.hub-east.attachments.warehouse.routeCidrs[1]",
    /is routed from the private route tables of VPC warehouse through both external peering medirisk-warehouse and transit gateway hub-east/,
  ],
  [
    "an intent between two external networks",
    (e) => (e.intents["astro-medirisk"] = { from: "astro", to: "medirisk", ports: [443] }),
    "intents.astro-medirisk.to",
    /must be "<vpc>\/<tier>" of one of our VPCs when the flow starts in external network astro/,
  ],
  [
    "an intent naming an unknown network",
    (e) => (e.intents["astro-analytics"].from = "astra"),
    "intents.astro-analytics.from",
    /is neither of the form "<vpc>\/<tier>" nor an external network[\s\S]*astro, medirisk/,
  ],
];

describe("external networks are validated like our own", () => {
  test("the partner sample validates", () => {
    expect(() => validateEnvironment(devWithPartners(), DEV_FILE)).not.toThrow();
  });
  test.each(CASES)("fails on %s", (_rule, mutate, path, expected) => {
    const err: ConfigError = rejectionOf(mutate, devWithPartners);
    const problem = err.problems.find((p) => p.path === path);
    expect(problem).toBeDefined();
    expect(err.message).toContain(`${DEV_FILE}: ${path}`);
    expect(err.message).toMatch(expected);
  });
});

describe("intents that start or end at an external network, proved over the routing plan", () => {
  const env = validateEnvironment(devWithPartners(), DEV_FILE);
  const traces = traceIntents(env);

  test("from a partner behind a TGW peering: its attachment's route table, our VPC attachment, local delivery", () => {
    const t = traces["astro-analytics"];
    expect(t.failures).toEqual([]);
    expect(t.pairs.map((p) => `${p.fromAz} → ${p.toAz}`)).toEqual([
      "10.200.0.0/16 → us-east-1a",
      "10.200.0.0/16 → us-east-1b",
    ]);
    expect(t.pairs[0].forward.hops).toEqual([
      "external network astro 10.200.0.0/16 → attachment astro of transit gateway hub-east (the partner's route to 10.40.16.0/20, its side)",
      "TGW hub-east route table partners (associated with astro): 10.40.16.0/20 → 10.40.0.0/16 propagated → attachment analytics",
      "attachment analytics ENI in analytics/tgw us-east-1a",
      "route table analytics-tgw-us-east-1a: 10.40.16.0/20 → 10.40.0.0/16 → local",
      "analytics/private us-east-1a (10.40.16.0/20) via the attachment ENI",
    ]);
    expect(t.pairs[0].back!.hops.slice(-2)).toEqual([
      "TGW hub-east route table spokes (associated with analytics): 10.200.0.0/16 → 10.200.0.0/16 static → attachment astro",
      "external network astro 10.200.0.0/16 (account 999988887777, us-east-1) via TGW peering attachment astro: the partner's side from here",
    ]);
  });

  test("to a partner over an accepted peering, per partner range", () => {
    const e = devWithPartners();
    e.intents["warehouse-medirisk"] = { from: "warehouse/private", to: "medirisk", ports: [443] };
    const t = traceIntents(validateEnvironment(e, DEV_FILE))["warehouse-medirisk"];
    expect(t.failures).toEqual([]);
    expect(t.pairs.map((p) => p.toAz)).toEqual([
      "10.210.0.0/16",
      "10.211.0.0/16",
      "10.210.0.0/16",
      "10.211.0.0/16",
    ]);
    expect(t.pairs[1].forward.hops).toEqual([
      "warehouse/private us-east-1a (10.16.16.0/20)",
      "route table warehouse-private-us-east-1a: 10.211.0.0/16 → 10.211.0.0/16 → peering medirisk-warehouse (to external network medirisk)",
      "external network medirisk 10.211.0.0/16 (account 444455556666, us-east-1) via peering medirisk-warehouse: the partner's side from here",
    ]);
  });

  const problemsOf = (mutate: (e: Env) => void, intent: string) =>
    rejectionOf(mutate, devWithPartners).problems.filter((p) => p.path === `intents.${intent}`);

  test("fails when the spokes table has no static route to the partner: the fix names the attachment", () => {
    const [p] = problemsOf(
      (e) =>
        (e.network.transitGateways["hub-east"].staticRoutes = e.network.transitGateways[
          "hub-east"
        ].staticRoutes.filter((r: any) => !(r.routeTable === "spokes" && r.target === "astro"))),
      "analytics-astro",
    );
    expect(p.message).toBe(
      "TGW route table spokes (hub-east) has no route to 10.200.0.0/16: external network astro is behind attachment astro, which carries static routes only",
    );
    expect(p.fix).toBe(
      'add { routeTable: "spokes", cidr: "10.200.0.0/16", target: "astro" } to network.transitGateways.hub-east.staticRoutes',
    );
  });

  test("fails when the partner's route table cannot reach back (no propagation into partners)", () => {
    const [p] = problemsOf(
      (e) => (e.network.transitGateways["hub-east"].attachments.analytics.propagateTo = ["shared"]),
      "analytics-astro",
    );
    expect(p.message).toMatch(
      /^return traffic: TGW route table partners \(hub-east\) has no route to 10\.40\.16\.0\/20/,
    );
    expect(p.fix).toMatch(
      /add "partners" to network\.transitGateways\.hub-east\.attachments\.analytics\.propagateTo/,
    );
  });

  test("fails when our VPC does not route the partner's range to the TGW", () => {
    const [p] = problemsOf(
      (e) =>
        (e.network.transitGateways["hub-east"].attachments.analytics.routeCidrs = [
          "10.0.0.0/16",
          "10.32.0.0/16",
        ]),
      "analytics-astro",
    );
    expect(p.message).toMatch(
      /^no route to 10\.200\.0\.0\/16 \(external network astro\) in route table analytics-private-us-east-1a .*only 0\.0\.0\.0\/0 → NAT gateway/,
    );
    expect(p.fix).toBe(
      'analytics reaches astro through transit gateway hub-east — add "10.200.0.0/16" to network.transitGateways.hub-east.attachments.analytics.routeCidrs',
    );
  });

  test("fails when a partner reaches a VPC it has no connection to", () => {
    const [p] = problemsOf(
      (e) => (e.intents["medirisk-ml"] = { from: "medirisk", to: "ml/private", ports: [443] }),
      "medirisk-ml",
    );
    expect(p.message).toBe(
      "external network medirisk has no connection that reaches ml: no peering with it and no attachment on a transit gateway",
    );
  });

  test("fails when the accepted peering routes no tier back to the partner", () => {
    const [p] = problemsOf(
      (e) => (e.network.externalPeerings["medirisk-warehouse"].routeTiers = ["tgw"]),
      "medirisk-warehouse",
    );
    expect(p.message).toBe(
      "return traffic: no route to 10.210.0.0/16 (external network medirisk) in route table warehouse-private-us-east-1a (account data, us-east-1)",
    );
    expect(p.fix).toBe(
      'peering medirisk-warehouse exists — add "private" to network.externalPeerings.medirisk-warehouse.routeTiers',
    );
  });
});
