/**
 * Names across networks (R-NET-7): private zones, Resolver endpoints and rules validated, and DNS intents
 * proved over the routing plan (the zone associated with the source VPC, or a rule forwarding the name to a
 * reachable endpoint that can answer).
 */
import { ConfigError, validateEnvironment } from "../../config";
import { traceDnsIntents } from "../../config/reachability/dns";
import { DEV_FILE, rejectionOf } from "../helpers/environments";
import { devWithPartners } from "../helpers/partners";

type Env = ReturnType<typeof devWithPartners>;
const resolver = (e: Env) => e.network.resolvers["hub-east"];

const CASES: Array<[string, (e: Env) => void, string, RegExp]> = [
  [
    "a zone domain with a trailing dot",
    (e) => (e.network.privateZones["warehouse-internal"].domain = "warehouse.internal."),
    "network.privateZones.warehouse-internal.domain",
    /is not a domain name/,
  ],
  [
    "a zone created with a VPC of another account",
    (e) => (e.network.privateZones["warehouse-internal"].vpcs = ["ml", "warehouse"]),
    "network.privateZones.warehouse-internal.vpcs[0]",
    /is in account ml, but a private zone is created with a VPC of its own account \(data\)/,
  ],
  [
    "two zones of the same domain on one VPC",
    (e) => (e.network.privateZones.copy = { domain: "warehouse.internal", account: "ml", vpcs: ["ml"] }),
    "network.privateZones.copy.vpcs[0]",
    /already resolves warehouse\.internal through network\.privateZones\.warehouse-internal/,
  ],
  [
    "a zone authorized for a partner without a VPC id",
    (e) => delete e.network.externalNetworks.medirisk.vpcId,
    "network.externalNetworks.medirisk.vpcId",
    /is required to authorize the partner's VPC on private zone warehouse-internal/,
  ],
  [
    "a resolver tier in one AZ",
    (e) => {
      e.network.vpcs.shared.subnets.dns = { "us-east-1a": "10.0.254.0/24" };
      resolver(e).subnetTier = "dns";
      resolver(e).inbound.ips = { "us-east-1a": "10.0.254.10", "us-east-1b": "10.0.254.11" };
    },
    "network.resolvers.hub-east.subnetTier",
    /has subnets in 1 AZ only; Route 53 requires at least two endpoint addresses/,
  ],
  [
    "a resolver tier the VPC does not have",
    (e) => (resolver(e).subnetTier = "privat"),
    "network.resolvers.hub-east.subnetTier",
    /is not a subnet tier of VPC shared[\s\S]*did you mean "private"/,
  ],
  [
    "an inbound endpoint with one address",
    (e) => (resolver(e).inbound.ips = { "us-east-1a": "10.0.16.10" }),
    "network.resolvers.hub-east.inbound.ips",
    /has fewer than two addresses \(Route 53 requires at least two per endpoint\)/,
  ],
  [
    "an inbound address AWS reserves",
    (e) => (resolver(e).inbound.ips["us-east-1a"] = "10.0.16.1"),
    "network.resolvers.hub-east.inbound.ips.us-east-1a",
    /is not a usable address of subnet 10\.0\.16\.0\/20 \(outside it, or one of the five AWS reserves\)/,
  ],
  [
    "an inbound address outside its AZ's subnet",
    (e) => (resolver(e).inbound.ips["us-east-1b"] = "10.0.16.11"),
    "network.resolvers.hub-east.inbound.ips.us-east-1b",
    /is not a usable address of subnet 10\.0\.32\.0\/20/,
  ],
  [
    "rules without an outbound endpoint",
    (e) => (resolver(e).outbound = false),
    "network.resolvers.hub-east.outbound",
    /forwarding rules send their queries through the outbound endpoint/,
  ],
  [
    "a rule to the inbound endpoint whose VPC has no zone for it",
    (e) => (e.network.privateZones["warehouse-internal"].vpcs = ["warehouse", "ml"]),
    "network.resolvers.hub-east.rules.warehouse-internal.forwardTo",
    /sends warehouse\.internal to the inbound endpoint in shared, but no private zone for it is associated with shared/,
  ],
  [
    "a rule associated with the VPC of the inbound endpoint it forwards to",
    (e) => resolver(e).rules["warehouse-internal"].vpcs.push("shared"),
    "network.resolvers.hub-east.rules.warehouse-internal.vpcs",
    /includes shared, whose inbound endpoint the rule forwards to: its queries would loop/,
  ],
  [
    "a rule for a VPC of another region",
    (e) => resolver(e).rules.astro.vpcs.push("datastore"),
    "network.resolvers.hub-east.rules.astro.vpcs[2]",
    /is in us-west-2, but the resolver's endpoints are in us-east-1/,
  ],
  [
    "a rule to a partner without DNS servers",
    (e) => (e.network.externalNetworks.astro.dnsServers = []),
    "network.externalNetworks.astro.dnsServers",
    /is empty, but rule astro forwards astro\.internal to it/,
  ],
  [
    "a DNS intent from an unknown tier",
    (e) => (e.dnsIntents["ml-warehouse"].from = "ml/glue"),
    "dnsIntents.ml-warehouse.from",
    /is neither "<vpc>\/<tier>" of one of our VPCs nor an external network/,
  ],
];

describe("private zones and Resolver are validated", () => {
  test.each(CASES)("fails on %s", (_rule, mutate, path, expected) => {
    const err: ConfigError = rejectionOf(mutate, devWithPartners);
    expect(err.problems.find((p) => p.path === path)).toBeDefined();
    expect(err.message).toContain(`${DEV_FILE}: ${path}`);
    expect(err.message).toMatch(expected);
  });
});

describe("DNS intents, proved over the plan", () => {
  const traces = traceDnsIntents(validateEnvironment(devWithPartners(), DEV_FILE));

  test("a zone associated across accounts answers in the source VPC", () => {
    expect(traces["ml-warehouse"]).toMatchObject({ failures: [] });
    expect(traces["ml-warehouse"].hops).toEqual([
      "ml/private: query for cluster.warehouse.internal → the VPC resolver of ml (VPC CIDR base + 2)",
      "private hosted zone warehouse-internal (warehouse.internal, account data) associated with ml: authorized by account data, associated by account ml",
    ]);
  });

  test("a TGW spoke: the shared rule forwards to the hub's inbound endpoint, which answers from the zone", () => {
    const t = traces["analytics-warehouse"];
    expect(t.failures).toEqual([]);
    expect(t.hops).toEqual([
      "analytics/private: query for cluster.warehouse.internal → the VPC resolver of analytics (VPC CIDR base + 2)",
      "Resolver rule warehouse-internal (warehouse.internal, shared by account network) associated with analytics forwards cluster.warehouse.internal",
      "outbound endpoint of resolver hub-east in shared/private (us-east-1a, us-east-1b), TCP and UDP 53",
      "→ 10.0.16.10 inbound endpoint of hub-east (shared/private us-east-1a): route table shared-private-us-east-1a: 10.0.16.10/32 → 10.0.0.0/16 → local",
      "→ 10.0.32.10 inbound endpoint of hub-east (shared/private us-east-1b): route table shared-private-us-east-1a: 10.0.32.10/32 → 10.0.0.0/16 → local",
      "inbound endpoint answers from private hosted zone warehouse-internal (warehouse.internal, account data) associated with shared: authorized by account data, associated by account network",
    ]);
  });

  test("a partner domain: forwarded over the TGW to the partner's DNS server, and back", () => {
    const t = traces["analytics-astro"];
    expect(t.failures).toEqual([]);
    expect(t.hops[3]).toBe(
      "→ 10.200.16.10 DNS server of external network astro: route table shared-private-us-east-1a: 10.200.16.10/32 → 10.200.0.0/16 → transit gateway hub-east; TGW hub-east route table shared (associated with shared): 10.200.16.10/32 → 10.200.0.0/16 static → attachment astro; external network astro 10.200.16.10/32 (account 999988887777, us-east-1) via TGW peering attachment astro: the partner's side from here",
    );
  });

  test("a partner forwarding our domain to the inbound endpoint that admits it", () => {
    expect(traces["astro-warehouse"].failures).toEqual([]);
    expect(traces["astro-warehouse"].hops.at(-1)).toMatch(
      /^inbound endpoint answers from private hosted zone warehouse-internal/,
    );
  });

  const problemsOf = (mutate: (e: Env) => void, intent: string) =>
    rejectionOf(mutate, devWithPartners).problems.filter((p) => p.path === `dnsIntents.${intent}`);

  test("fails when nothing answers: the fix names the zone to associate", () => {
    const [p] = problemsOf(
      (e) => (e.network.privateZones["warehouse-internal"].vpcs = ["warehouse", "shared"]),
      "ml-warehouse",
    );
    expect(p.message).toBe(
      "no private hosted zone for cluster.warehouse.internal is associated with ml (account ml, us-east-1) and no Resolver rule associated with it forwards cluster.warehouse.internal",
    );
    expect(p.fix).toMatch(/^add "ml" to network\.resolvers\.hub-east\.rules\.warehouse-internal\.vpcs/);
  });

  test("fails when the rule's target is out of reach: no route from the resolver VPC to the partner", () => {
    const [p] = problemsOf(
      (e) =>
        (e.network.transitGateways["hub-east"].staticRoutes = e.network.transitGateways[
          "hub-east"
        ].staticRoutes.filter((r: any) => !(r.routeTable === "shared" && r.target === "astro"))),
      "analytics-astro",
    );
    expect(p.message).toBe(
      "TGW route table shared (hub-east) has no route to 10.200.16.10/32: external network astro is behind attachment astro, which carries static routes only",
    );
  });

  test("fails when the partner's resolvers are not admitted by any inbound endpoint", () => {
    const [p] = problemsOf((e) => (resolver(e).inbound.allowExternal = []), "astro-warehouse");
    expect(p.message).toBe("no Resolver inbound endpoint admits external network astro");
  });
});
