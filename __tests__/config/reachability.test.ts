import { ConfigError, environmentSchema, Problem, validateEnvironment } from "../../config";
import { ENVIRONMENTS } from "../../config/environments";
import { longestPrefixMatch } from "../../config/reachability/lookup";
import { routingPlan } from "../../config/reachability/plan";
import { traceIntents } from "../../config/reachability/trace";
import { devCopy, REGISTERED } from "../helpers/environments";

type Env = ReturnType<typeof devCopy>;
const FILE = "config/environments/dev.ts";

function problemsOf(mutate: (e: Env) => void): Problem[] {
  const env = devCopy();
  mutate(env);
  try {
    validateEnvironment(env, FILE);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
}

const intentProblems = (mutate: (e: Env) => void, name: string) =>
  problemsOf(mutate).filter((p) => p.path === `intents.${name}` || p.path.startsWith(`intents.${name}.`));

describe("the seed flows verify in every registered environment", () => {
  test.each(REGISTERED)("%s", (name) => {
    const env = environmentSchema.parse(ENVIRONMENTS[name]);
    const traces = traceIntents(env);
    expect(Object.keys(traces).sort()).toEqual(Object.keys(env.intents ?? {}).sort());
    for (const t of Object.values(traces)) expect(t.failures).toEqual([]);
    // Every AZ pair of every intent traced, both directions (gateway endpoints answer through the endpoint).
    for (const t of Object.values(traces))
      for (const pair of t.pairs)
        if (t.intent.kind !== "gateway-endpoint") expect(pair.back?.hops.length).toBeGreaterThan(0);
  });
});

describe("paths the routes actually select (dev)", () => {
  const env = environmentSchema.parse(ENVIRONMENTS.dev);
  const traces = traceIntents(env);
  const hops = (name: string, i = 0) => traces[name].pairs[i];

  test("Glue → data store: out through the ingest NAT gateway and the store's internet gateway, back to the NAT EIP", () => {
    const p = hops("glue-datastore");
    expect(p.forward.hops).toEqual([
      "ingest/glue us-east-1a (10.24.64.0/24)",
      "route table ingest-glue-us-east-1a: a public address → 0.0.0.0/0 → NAT gateway us-east-1a",
      "NAT gateway ingest us-east-1a: source becomes its Elastic IP",
      "route table ingest-public: 0.0.0.0/0 → internet gateway ingest",
      "internet → internet gateway datastore → datastore/public us-west-2a (public address)",
    ]);
    expect(p.back!.hops.join("\n")).toContain(
      "internet → NAT gateway ingest us-east-1a (Elastic IP) → ingest/glue us-east-1a",
    );
    // dev has one NAT gateway: us-east-1b crosses AZs, and the trace says so.
    const b = traces["glue-datastore"].pairs.find((x) => x.fromAz === "us-east-1b")!;
    expect(b.forward.hops[2]).toContain('cross-AZ from us-east-1b: natGateways "single"');
  });

  test("longest prefix wins: the Glue tier reaches the data store's PRIVATE side over peering ingest-datastore, not NAT", () => {
    const e = devCopy();
    e.intents = { probe: { from: "ingest/glue", to: "datastore/private", ports: [5439] } };
    const t = traceIntents(environmentSchema.parse(e)).probe;
    expect(t.failures).toEqual([]);
    expect(t.pairs[0].forward.hops[1]).toBe(
      "route table ingest-glue-us-east-1a: 10.32.16.0/20 → 10.32.0.0/16 → peering ingest-datastore (to datastore)",
    );
  });

  test("ML → warehouse over peering, both directions", () => {
    expect(hops("ml-warehouse").forward.hops[1]).toContain(
      "10.16.0.0/16 → peering ml-warehouse (to warehouse)",
    );
    expect(hops("ml-warehouse").back!.hops[1]).toContain("10.8.0.0/16 → peering ml-warehouse (to ml)");
  });

  test("spokes → shared services through hub-east: spokes table forward, shared table back", () => {
    const p = hops("warehouse-shared");
    expect(p.forward.hops).toContain(
      "TGW hub-east route table spokes (associated with warehouse): 10.0.16.0/20 → 10.0.0.0/16 propagated → attachment shared",
    );
    expect(p.back!.hops).toContain(
      "TGW hub-east route table shared (associated with shared): 10.16.16.0/20 → 10.16.0.0/16 propagated → attachment warehouse",
    );
  });

  test("cross-region through TGW peering east-west", () => {
    const p = hops("analytics-datastore");
    expect(p.forward.hops).toContain("TGW peering east-west: hub-east (us-east-1) → hub-west (us-west-2)");
    expect(p.back!.hops).toContain("TGW peering east-west: hub-west (us-west-2) → hub-east (us-east-1)");
  });
});

describe("broken topologies fail with the explanation (dev)", () => {
  test("missing return route: the accepter side of the peering does not route the requester's tier back", () => {
    const ps = intentProblems(
      (e) => (e.network.peerings["ml-warehouse"].routeTiers = { requester: ["private"], accepter: ["tgw"] }),
      "ml-warehouse",
    );
    expect(ps[0]).toMatchObject({
      path: "intents.ml-warehouse",
      message:
        "return traffic: no route to 10.8.16.0/20 (ml) in route table warehouse-private-us-east-1a (account data, us-east-1)",
      fix: 'peering ml-warehouse exists — add "private" to network.peerings.ml-warehouse.routeTiers.accepter',
    });
  });

  test("missing forward route names the requester side", () => {
    const ps = intentProblems(
      (e) =>
        (e.network.peerings["ml-warehouse"].routeTiers = { requester: ["public"], accepter: ["private"] }),
      "ml-warehouse",
    );
    expect(ps[0].message).toBe(
      "no route to 10.16.16.0/20 (warehouse) in route table ml-private-us-east-1a (account ml, us-east-1): only 0.0.0.0/0 → NAT gateway us-east-1a matches, and private addresses do not cross the internet",
    );
    expect(ps[0].fix).toBe(
      'peering ml-warehouse exists — add "private" to network.peerings.ml-warehouse.routeTiers.requester',
    );
  });

  test("missing propagation", () => {
    const ps = intentProblems(
      (e) => (e.network.transitGateways["hub-east"].attachments.shared.propagateTo = []),
      "warehouse-shared",
    );
    expect(ps[0]).toMatchObject({
      path: "intents.warehouse-shared",
      message:
        "TGW route table spokes (hub-east) has no route to 10.0.16.0/20: no propagation from attachment shared",
    });
    expect(ps[0].fix).toMatch(
      /^add "spokes" to network\.transitGateways\.hub-east\.attachments\.shared\.propagateTo/,
    );
  });

  test("transitive peering", () => {
    const ps = intentProblems((e) => {
      e.network.peerings["warehouse-analytics"] = { requester: "warehouse", accepter: "analytics" };
      e.intents["ml-analytics"] = { from: "ml/private", to: "analytics/private", ports: [8889] };
    }, "ml-analytics");
    expect(ps[0].message).toMatch(
      /^no route to 10\.40\.16\.0\/20 \(analytics\) in route table ml-private-us-east-1a .*; peering is not transitive: ml → warehouse → analytics$/,
    );
    expect(ps[0].fix).toMatch(
      /^peering is not transitive: ml → warehouse → analytics — peer ml with analytics directly/,
    );
  });

  test("blackholed CIDR (the most specific route)", () => {
    const ps = intentProblems(
      (e) =>
        e.network.transitGateways["hub-east"].staticRoutes.push({
          routeTable: "spokes",
          cidr: "10.0.16.0/20",
          blackhole: true,
        }),
      "warehouse-shared",
    );
    expect(ps[0].message).toBe(
      "10.0.16.0/20 is blackholed in TGW route table spokes (hub-east): 10.0.16.0/20 is the most specific route (network.transitGateways.hub-east.staticRoutes[3])",
    );
  });

  test("a blackhole only wins when it is the most specific match", () => {
    const ps = intentProblems(
      (e) =>
        e.network.transitGateways["hub-east"].staticRoutes.push({
          routeTable: "spokes",
          cidr: "10.0.0.0/8",
          blackhole: true,
        }),
      "warehouse-shared",
    );
    expect(ps).toEqual([]);
  });

  test("a blackhole covering part of the destination subnet", () => {
    const ps = intentProblems(
      (e) =>
        e.network.transitGateways["hub-east"].staticRoutes.push({
          routeTable: "spokes",
          cidr: "10.0.16.0/24",
          blackhole: true,
        }),
      "warehouse-shared",
    );
    expect(ps[0].message).toMatch(
      /^10\.0\.16\.0\/24 \(part of 10\.0\.16\.0\/20\) is blackholed in TGW route table spokes \(hub-east\)/,
    );
  });

  test("SG not opened: the data store's group admits only the store's port", () => {
    const ps = intentProblems((e) => (e.intents["glue-datastore"].ports = [5432]), "glue-datastore");
    expect(ps).toEqual([
      {
        path: "intents.glue-datastore",
        value: undefined,
        message:
          "security group not opened: the data store's security group dev-warehouse-glue-access (ingest.glue.connections.warehouse.dataStore) admits only TCP 5439 (the store's port), not TCP 5432",
        fix: "declare ports: [5439] with protocol tcp, or change the store's port (ingest.glue.connections.warehouse.dataStore.port or the JDBC URL)",
      },
    ]);
  });

  test("SG not opened: the store admits NAT Elastic IPs, but peering delivers private addresses", () => {
    const ps = intentProblems(
      (e) => (e.intents["glue-datastore"].to = "datastore/private"),
      "glue-datastore",
    );
    expect(ps.map((p) => p.message)).toEqual([
      "security group not opened: the data store's security group dev-warehouse-glue-access (ingest.glue.connections.warehouse.dataStore) admits only the NAT Elastic IPs of the Glue VPC ingest, but this flow arrives from the private addresses of ingest/glue",
    ]);
  });

  test("SG not opened: an interface endpoint answers on 443 only", () => {
    const ps = intentProblems((e) => (e.intents["ml-sts"].ports = [8443]), "ml-sts");
    expect(ps[0].message).toBe(
      "security group not opened: the interface endpoint security group of ml (sts) admits only TCP 443, not TCP 8443",
    );
  });

  test("the isolating NACL of a dedicated tier drops a low port from another tier", () => {
    const ps = intentProblems(
      (e) => (e.intents.probe = { from: "ingest/private", to: "ingest/glue", ports: [443] }),
      "probe",
    );
    expect(ps[0].message).toMatch(
      /^the network ACL of ingest\/glue \(an isolated dedicated tier\) admits only traffic from its own subnets and TCP 1024-65535/,
    );
  });

  test("UDP replies to an isolated tier are dropped by its stateless NACL", () => {
    const ps = intentProblems(
      (e) =>
        (e.intents.probe = { from: "ingest/glue", to: "datastore/private", ports: [53], protocol: "udp" }),
      "probe",
    );
    expect(ps.map((p) => p.message)).toContain(
      "return traffic: the network ACL of ingest/glue (an isolated dedicated tier, stateless) admits replies only on TCP 1024-65535, so UDP replies are dropped",
    );
  });

  test("a subnet cannot reach the TGW in an AZ without an attachment subnet", () => {
    const ps = intentProblems(
      (e) => delete e.network.vpcs.analytics.subnets.tgw["us-east-1b"],
      "analytics-shared",
    );
    expect(ps[0].message).toBe(
      "analytics/private in us-east-1b cannot reach transit gateway hub-east: attachment analytics has no subnet in us-east-1b (account analytics, us-east-1)",
    );
  });

  test("peering attachments carry static routes only", () => {
    const ps = intentProblems(
      (e) => e.network.transitGateways["hub-east"].staticRoutes.splice(1, 1),
      "analytics-datastore",
    );
    expect(ps[0].message).toMatch(
      /^TGW route table spokes \(hub-east\) has no route to 10\.32\.16\.0\/20: datastore is attached to hub-west, behind TGW peering east-west/,
    );
    expect(ps[0].fix).toBe(
      'add { routeTable: "spokes", cidr: "10.32.0.0/16", target: "east-west" } to network.transitGateways.hub-east.staticRoutes',
    );
  });

  test("gateway endpoint not on the source tier's route tables", () => {
    const ps = intentProblems((e) => (e.network.vpcs.ingest.endpoints.routeTiers = ["private"]), "glue-s3");
    expect(ps[0].message).toMatch(
      /^no route to the s3 gateway endpoint in route table ingest-glue-us-east-1a/,
    );
    expect(ps[0].fix).toBe('add "glue" to network.vpcs.ingest.endpoints.routeTiers');
  });

  test("internet target without a public side", () => {
    const ps = intentProblems(
      (e) => (e.intents["glue-datastore"].to = { internet: "datastore/private" }),
      "glue-datastore",
    );
    expect(ps[0].message).toMatch(/^datastore\/private has no route to the internet gateway/);
  });

  test.each([
    [
      "unknown VPC",
      (e: Env) => (e.intents["ml-warehouse"].from = "mll/private"),
      "intents.ml-warehouse.from",
      /names VPC mll, which is not a known VPC/,
      /did you mean "ml"/,
    ],
    [
      "unknown tier",
      (e: Env) => (e.intents["ml-warehouse"].to = "warehouse/privat"),
      "intents.ml-warehouse.to",
      /names tier privat, which is not a subnet tier of VPC warehouse/,
      /did you mean "private"/,
    ],
    [
      "malformed reference",
      (e: Env) => (e.intents["ml-warehouse"].to = "warehouse"),
      "intents.ml-warehouse.to",
      /is neither of the form "<vpc>\/<tier>" nor an external network/,
      /write e\.g\. "ml\/private", or one of the external networks \(network\.externalNetworks\): orchestrator/,
    ],
    [
      "unknown endpoint",
      (e: Env) => (e.intents["ml-sts"].to = { endpoint: "ml/kms" }),
      "intents.ml-sts.to.endpoint",
      /names endpoint kms, which VPC ml does not have/,
      /add "kms" to network\.vpcs\.ml\.endpoints\.interface/,
    ],
    [
      "unknown Glue connection",
      (e: Env) => (e.intents["glue-datastore"].glueDataStore = "warehous"),
      "intents.glue-datastore.glueDataStore",
      /is not a Glue connection/,
      /did you mean "warehouse"/,
    ],
    [
      "bad port range",
      (e: Env) => (e.intents["ml-warehouse"].ports = [{ from: 9000, to: 8000 }]),
      "intents.ml-warehouse.ports[0]",
      /is not a port range/,
      /from ≤ to/,
    ],
  ])("%s", (_what, mutate, path, message, fix) => {
    const ps = problemsOf(mutate).filter((p) => p.path.startsWith("intents."));
    expect(ps).toHaveLength(1);
    expect(ps[0].path).toBe(path);
    expect(ps[0].message).toMatch(message);
    expect(ps[0].fix).toMatch(fix);
  });

  test("a broken intent stops validation with the file, path and explanation", () => {
    const env = devCopy();
    env.network.transitGateways["hub-east"].attachments.shared.propagateTo = [];
    expect(() => validateEnvironment(env, FILE)).toThrow(
      /config\/environments\/dev\.ts: intents\.warehouse-shared: TGW route table spokes \(hub-east\) has no route/,
    );
  });
});

describe("the source-address rule: a flow arrives from an address its destination admits (dev)", () => {
  const peering = (e: Env) => e.network.peerings["ingest-datastore"];

  test("fails when the store's name resolves privately over the peering: Glue arrives from private addresses", () => {
    const ps = intentProblems(
      (e) => (peering(e).allowRemoteVpcDnsResolution = { requester: true, accepter: true }),
      "glue-datastore",
    );
    expect(ps).toHaveLength(1);
    expect(ps[0].message).toBe(
      "source address not admitted: from ingest, the name of datastore/public resolves to its private address " +
        "(peering ingest-datastore: network.peerings.ingest-datastore.allowRemoteVpcDnsResolution.accepter is on), " +
        "so the flow follows route table ingest-glue-us-east-1a: 10.32.0.0/24 → 10.32.0.0/16 → peering ingest-datastore (to datastore) " +
        "and arrives from ingest/glue (10.24.64.0/24, 10.24.65.0/24), private addresses the data store's security group " +
        "dev-warehouse-glue-access (ingest.glue.connections.warehouse.dataStore) rejects: it admits only the NAT Elastic IPs of ingest",
    );
    expect(ps[0].fix).toBe(
      "set network.peerings.ingest-datastore.allowRemoteVpcDnsResolution.accepter to false, so the store's name resolves to its public address and Glue leaves through the NAT gateway",
    );
  });

  test("fails too when the private address has no route: it falls to the NAT gateway and dies on the internet", () => {
    const ps = intentProblems((e) => {
      peering(e).allowRemoteVpcDnsResolution = { requester: false, accepter: true };
      peering(e).routeTiers = { requester: ["private"], accepter: ["private"] };
    }, "glue-datastore");
    expect(ps.map((p) => p.message)).toContainEqual(
      expect.stringMatching(
        /^source address not admitted: from ingest, the name of datastore\/public resolves to its private address .* and that address is not reachable from ingest\/glue \(no route to 10\.32\.0\.0\/24 .*private addresses do not cross the internet\)/,
      ),
    );
  });

  test("only the destination side's switch matters: the requester's lets the store's VPC resolve ingest's names", () => {
    expect(
      intentProblems(
        (e) => (peering(e).allowRemoteVpcDnsResolution = { requester: true, accepter: false }),
        "glue-datastore",
      ),
    ).toEqual([]);
  });

  test("applies to any internet intent: its destination group admits the NAT Elastic IPs only", () => {
    const ps = intentProblems((e) => {
      peering(e).allowRemoteVpcDnsResolution = { requester: true, accepter: true };
      e.intents = {
        "glue-web": { from: "ingest/glue", to: { internet: "datastore/public" }, ports: [8443] },
      };
    }, "glue-web");
    expect(ps).toHaveLength(1);
    expect(ps[0].message).toContain("private addresses the destination group of intent glue-web rejects");
    expect(ps[0].fix).toContain('or declare the flow privately (to: "datastore/public")');
  });
});

describe("the routing plan", () => {
  const env = environmentSchema.parse(ENVIRONMENTS.prod);
  test("route tables: NAT per AZ, no internet route on TGW attachment tiers, peering and TGW routes on routeTiers", () => {
    const m = routingPlan(env);
    const rt = (vpc: string, tier: string, az: string) =>
      m.vpcs[vpc].routeTables[tier][az].routes.map(
        (r) => `${r.cidr.text} ${r.target.kind}${"az" in r.target ? ` ${r.target.az}` : ""}`,
      );
    expect(rt("ingest", "glue", "us-east-1c")).toEqual([
      "10.152.0.0/16 local",
      "0.0.0.0/0 nat us-east-1c",
      "10.160.0.0/16 peering",
    ]);
    expect(rt("shared", "tgw", "us-east-1a")).toEqual(["10.128.0.0/16 local"]);
    expect(m.vpcs.ingest.isolatedTiers.has("glue")).toBe(true);
    expect(m.vpcs.shared.isolatedTiers.has("tgw")).toBe(false);
  });
  test("longest prefix: static beats propagated at equal length", () => {
    const m = routingPlan(env);
    const routes = [
      ...m.tgws["hub-east"].routeTables.spokes,
      { cidr: m.vpcs.shared.cidr, kind: "static" as const, attachment: "x", origin: "test" },
    ];
    expect(longestPrefixMatch(routes, m.vpcs.shared.subnets.private["us-east-1a"]).route?.attachment).toBe(
      "x",
    );
  });
});
