/**
 * The network stack renders the routing plan and nothing else: every route, NAT default route, TGW static
 * route, association and propagation in the synthesized JSON is in the plan and every plan entry is
 * synthesized (per sample environment); and a route dropped from the plan disappears from both the Terraform
 * and the reachability proof.
 */
import { App } from "cdktf";
import { EnvironmentConfig, loadEnvironments } from "../../config";
import { RoutingPlan, routingPlan, VpcRoute } from "../../config/reachability/plan";
import { traceIntents } from "../../config/reachability/trace";
import { NetworkStack } from "../../stacks/network-stack";
import { stackJson } from "../helpers/synth";

function synthNetwork(env: EnvironmentConfig, plan?: RoutingPlan): any {
  const stack = new NetworkStack(new App({ skipValidation: false }), env, {}, plan);
  stack.prepareStack();
  return JSON.parse(stackJson(stack));
}

/** Construct path below the stack of every resource, by `${type}.${logical id}`. */
function paths(json: any): Map<string, string> {
  const out = new Map<string, string>();
  for (const [type, byName] of Object.entries<any>(json.resource ?? {}))
    for (const [name, cfg] of Object.entries<any>(byName)) {
      const p: string = cfg["//"].metadata.path;
      out.set(`${type}.${name}`, p.slice(p.indexOf("/") + 1));
    }
  return out;
}

/** The construct path a `${type.name.attr}` reference points at. */
const pathOf = (p: Map<string, string>, ref: string) =>
  p.get(/^\$\{([^.]+\.[^.]+)\./.exec(ref)?.[1] ?? "") ?? `unresolved ${ref}`;

/** `vpc-ml/rt-private-us-east-1a` → `ml private-us-east-1a`; `vpc-ml/rt-public` → `ml public`. */
const tableOf = (path: string) => path.replace(/^vpc-([^/]+)\/rt-(.+)$/, "$1 $2");

/** Every VPC route the synthesized JSON creates, as `<vpc> <table key> <cidr> <target>`. */
function synthesizedRoutes(json: any): string[] {
  const p = paths(json);
  return Object.values<any>(json.resource.aws_route ?? {}).map((r) => {
    const target = r.nat_gateway_id
      ? `nat ${pathOf(p, r.nat_gateway_id).replace(/^.*\/nat-/, "")}`
      : r.gateway_id
        ? "igw"
        : r.vpc_peering_connection_id
          ? `peering ${pathOf(p, r.vpc_peering_connection_id).replace(/^(?:partner-)?peering-(.+)\/(accepter|connection)$/, "$1")}`
          : `tgw ${pathOf(p, r.transit_gateway_id).replace(/^tgw-(.+)\/tgw$/, "$1")}`;
    return `${tableOf(pathOf(p, r.route_table_id))} ${r.destination_cidr_block} ${target}`;
  });
}

function plannedRoutes(plan: RoutingPlan): string[] {
  const target = (r: VpcRoute) => {
    const t = r.target;
    return t.kind === "nat"
      ? `nat ${t.az}`
      : t.kind === "peering" || t.kind === "external-peering"
        ? `peering ${t.peering}`
        : t.kind === "tgw"
          ? `tgw ${t.tgw}`
          : t.kind;
  };
  const out = new Set<string>();
  for (const v of Object.values(plan.vpcs))
    for (const byAz of Object.values(v.routeTables))
      for (const rt of Object.values(byAz))
        for (const r of rt.routes)
          if (r.target.kind !== "local") out.add(`${v.name} ${rt.key} ${r.cidr.text} ${target(r)}`);
  return [...out];
}

/**
 * `tgw-hub-east/attachment-shared/accepter` → `shared`; `tgw-peering-east-west/accepter` → `east-west`;
 * `partner-attachment-hub-east-orchestrator/accepter` → `orchestrator` (on transit gateway hub-east).
 */
const attachmentName = (path: string, tgw: string) =>
  path
    .replace(new RegExp(`^partner-attachment-${tgw}-([^/]+)/.*$`), "$1")
    .replace(/^tgw-peering-([^/]+)\/.*$/, "$1")
    .replace(/^tgw-[^/]+\/attachment-([^/]+)\/.*$/, "$1");
const tgwTable = (path: string) => path.replace(/^tgw-([^/]+)\/route-table-(.+)$/, "$1 $2");

function synthesizedTgw(json: any): string[] {
  const p = paths(json);
  const res = json.resource;
  const line = (r: any, what: (table: string, tgw: string, attachment: string) => string) => {
    const table = tgwTable(pathOf(p, r.transit_gateway_route_table_id));
    const tgw = table.split(" ")[0];
    const attachment = r.blackhole ? "" : attachmentName(pathOf(p, r.transit_gateway_attachment_id), tgw);
    return what(table, tgw, attachment);
  };
  return [
    ...Object.values<any>(res.aws_ec2_transit_gateway_route ?? {}).map((r) =>
      line(r, (table, _tgw, a) => `${table} ${r.destination_cidr_block} ${r.blackhole ? "blackhole" : a}`),
    ),
    ...Object.values<any>(res.aws_ec2_transit_gateway_route_table_propagation ?? {}).map((r) =>
      line(r, (table, _tgw, a) => `${table} propagated from ${a}`),
    ),
    ...Object.values<any>(res.aws_ec2_transit_gateway_route_table_association ?? {}).map((r) =>
      line(r, (table, _tgw, a) => `${table} associated with ${a}`),
    ),
  ];
}

function plannedTgw(plan: RoutingPlan): string[] {
  return Object.values(plan.tgws).flatMap((t) => [
    ...Object.entries(t.routeTables).flatMap(([rt, routes]) =>
      routes.map((r) =>
        r.kind === "propagated"
          ? `${t.name} ${rt} propagated from ${r.attachment}`
          : `${t.name} ${rt} ${r.cidr.text} ${r.kind === "blackhole" ? "blackhole" : r.attachment}`,
      ),
    ),
    ...Object.values(t.attachments).map((a) => `${t.name} ${a.routeTable} associated with ${a.name}`),
  ]);
}

const sorted = (xs: string[]) => [...xs].sort();

describe.each(["dev", "staging", "prod"])(
  "%s: the network stack renders exactly the routing plan",
  (name) => {
    const [env] = loadEnvironments([name]);
    const plan = routingPlan(env);
    const json = synthNetwork(env, plan);

    test("VPC routes (NAT and IGW default routes, peering routes, routes toward transit gateways)", () => {
      const synthesized = synthesizedRoutes(json);
      expect(new Set(synthesized).size).toBe(synthesized.length);
      expect(sorted(synthesized)).toEqual(sorted(plannedRoutes(plan)));
    });

    test("TGW static and blackhole routes, propagations and associations", () => {
      expect(sorted(synthesizedTgw(json))).toEqual(sorted(plannedTgw(plan)));
    });

    test("NAT gateways where the plan places them", () => {
      const p = paths(json);
      const nats = Object.keys(json.resource.aws_nat_gateway ?? {}).map((k) =>
        p.get(`aws_nat_gateway.${k}`)!.replace(/^vpc-([^/]+)\/nat-(.+)$/, "$1 $2"),
      );
      expect(sorted(nats)).toEqual(
        sorted(Object.values(plan.vpcs).flatMap((v) => v.natGatewayAzs.map((az) => `${v.name} ${az}`))),
      );
    });
  },
);

describe("one plan: a route dropped from it is gone from the Terraform and from the proof", () => {
  const [env] = loadEnvironments(["dev"]);
  const plan = routingPlan(env);
  // The warehouse side's route back to ml over peering ml-warehouse, in the us-east-1a private table.
  const table = plan.vpcs.warehouse.routeTables.private["us-east-1a"];
  const isReturnRoute = (r: VpcRoute) => r.target.kind === "peering" && r.target.peering === "ml-warehouse";
  const dropped: RoutingPlan = {
    ...plan,
    vpcs: {
      ...plan.vpcs,
      warehouse: {
        ...plan.vpcs.warehouse,
        routeTables: {
          ...plan.vpcs.warehouse.routeTables,
          private: {
            ...plan.vpcs.warehouse.routeTables.private,
            "us-east-1a": { ...table, routes: table.routes.filter((r) => !isReturnRoute(r)) },
          },
        },
      },
    },
  };
  const line = "warehouse private-us-east-1a 10.8.0.0/16 peering ml-warehouse";

  test("the full plan has the route, synthesizes it and proves ml-warehouse", () => {
    expect(table.routes.some(isReturnRoute)).toBe(true);
    expect(synthesizedRoutes(synthNetwork(env, plan))).toContain(line);
    expect(traceIntents(env, plan)["ml-warehouse"].failures).toEqual([]);
  });

  test("without it: no aws_route for it, and the proof of ml-warehouse fails on the return path", () => {
    const routes = synthesizedRoutes(synthNetwork(env, dropped));
    expect(routes).not.toContain(line);
    expect(routes).toContain("warehouse private-us-east-1b 10.8.0.0/16 peering ml-warehouse");
    expect(traceIntents(env, dropped)["ml-warehouse"].failures[0].message).toBe(
      "return traffic: no route to 10.8.16.0/20 (ml) in route table warehouse-private-us-east-1a (account data, us-east-1)",
    );
  });
});
