/**
 * Turns the routing plan (config/reachability/plan.ts) into module props for the network stack: the
 * decisions are the plan's, these functions only look them up and reshape them.
 */
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config";
import { ownOrThrow } from "../config/lookup";
import { FlowOpening, OpeningPeer } from "../config/reachability/openings";
import { RouteTablePlan, RoutingPlan, VpcPlan, VpcRoute } from "../config/reachability/plan";
import { FlowSecurityGroups } from "@multicloud-platform/modules/flow-rules";
import { GatewayServiceKey, PrivateLinkEndpoints } from "@multicloud-platform/modules/privatelink";
import { DefaultRouteTarget, NetworkVpc, VpcInternetRouting } from "@multicloud-platform/modules/vpc";
import { ComponentStack } from "./component-stack";

/** The tables of a VPC whose routes match, once each (the public table is shared by its AZs), with an AZ. */
export function tablesWhere(
  v: VpcPlan,
  match: (r: VpcRoute) => boolean,
): Array<{ rt: RouteTablePlan; az: string }> {
  const seen = new Set<string>();
  const out: Array<{ rt: RouteTablePlan; az: string }> = [];
  for (const byAz of Object.values(v.routeTables))
    for (const [az, rt] of Object.entries(byAz)) {
      if (seen.has(rt.key) || !rt.routes.some(match)) continue;
      seen.add(rt.key);
      out.push({ rt, az });
    }
  return out;
}

const tableId = (vpc: NetworkVpc, rt: RouteTablePlan, az: string) => vpc.routeTableIds[rt.tier][az];

/** NAT placement and default routes of a VPC, as NetworkVpc renders them. */
export function internetRoutingOf(v: VpcPlan): VpcInternetRouting {
  const defaultRoutes: Record<string, Record<string, DefaultRouteTarget>> = {};
  for (const [tier, byAz] of Object.entries(v.routeTables))
    for (const [az, rt] of Object.entries(byAz)) {
      const t = rt.routes.find((r) => r.cidr.prefix === 0)?.target;
      const target: DefaultRouteTarget | undefined =
        t?.kind === "igw"
          ? { kind: "internet-gateway" }
          : t?.kind === "nat"
            ? { kind: "nat-gateway", az: t.az }
            : undefined;
      if (target) (defaultRoutes[tier] ??= {})[az] = target;
    }
  return { natGatewayAzs: v.natGatewayAzs, defaultRoutes };
}

/**
 * Route tables (key → id) of `vpc` that route peering `peering`. VpcPeering routes the peer's whole CIDR, so
 * a plan routing anything else through the peering cannot be rendered by it.
 */
export function peeringRouteTables(
  plan: RoutingPlan,
  vpcs: Readonly<Record<string, NetworkVpc>>,
  peering: string,
  vpc: string,
  peerCidr: string,
): Record<string, string> {
  const isThis = (r: VpcRoute) => r.target.kind === "peering" && r.target.peering === peering;
  const out: Record<string, string> = {};
  for (const { rt, az } of tablesWhere(plan.vpcs[vpc], isThis)) {
    const other = rt.routes.find((r) => isThis(r) && r.cidr.text !== peerCidr);
    if (other)
      throw new Error(
        `routing plan routes ${other.cidr.text} through peering ${peering}, which carries ${peerCidr}`,
      );
    out[rt.key] = tableId(vpcs[vpc], rt, az);
  }
  return out;
}

/** A VPC attachment's association, propagations and VPC routes toward the TGW, from the plan. */
export function attachmentRouting(plan: RoutingPlan, tgw: string, vpcName: string, vpc: NetworkVpc) {
  const t = plan.tgws[tgw];
  const att = t.attachments[vpcName];
  const propagateTo = Object.entries(t.routeTables)
    .filter(([, routes]) => routes.some((r) => r.kind === "propagated" && r.attachment === vpcName))
    .map(([rt]) => rt);
  const toTgw = (r: VpcRoute) => r.target.kind === "tgw" && r.target.tgw === tgw;
  const tables = tablesWhere(plan.vpcs[vpcName], toTgw);
  const routeTableIds = Object.fromEntries(tables.map(({ rt, az }) => [rt.key, tableId(vpc, rt, az)]));
  const perTable = Object.fromEntries(
    tables.map(({ rt }) => [rt.key, rt.routes.filter(toTgw).map((r) => r.cidr.text)]),
  );
  const destinationCidrs = [...new Set(Object.values(perTable).flat())];
  const uneven = Object.entries(perTable).filter(([, c]) => c.length !== destinationCidrs.length);
  return {
    associateWith: att.routeTable,
    propagateTo,
    vpcRoutes: tables.length
      ? {
          routeTableIds,
          destinationCidrs,
          destinationCidrsByTable: uneven.length ? Object.fromEntries(uneven) : undefined,
        }
      : undefined,
  };
}

/** Static and blackhole routes of a TGW's route tables, in plan order (attachment undefined = blackhole). */
export function tgwStaticRoutes(
  plan: RoutingPlan,
  tgw: string,
): Array<{ routeTable: string; cidr: string; attachment?: string }> {
  return Object.entries(plan.tgws[tgw].routeTables).flatMap(([routeTable, routes]) =>
    routes
      .filter((r) => r.kind !== "propagated")
      .map((r) => ({
        routeTable,
        cidr: r.cidr.text,
        attachment: r.kind === "blackhole" ? undefined : r.attachment,
      })),
  );
}

/** Route tables (key → id) that get the VPC's gateway endpoints. */
export function tablesWithGatewayEndpoints(v: VpcPlan, vpc: NetworkVpc): Record<string, string> {
  const out: Record<string, string> = {};
  for (const byAz of Object.values(v.routeTables))
    for (const [az, rt] of Object.entries(byAz))
      if (rt.gatewayEndpoints.length) out[rt.key] = tableId(vpc, rt, az);
  return out;
}

/** What an opening points at, as a security group rule takes it (NAT addresses and prefix lists from the stack). */
export function peerValue(
  p: OpeningPeer,
  vpcs: Readonly<Record<string, NetworkVpc>>,
  endpoints: Readonly<Record<string, PrivateLinkEndpoints>>,
): { cidr?: string; prefixListId?: string } {
  if (p.kind === "cidr") return { cidr: p.cidr };
  if (p.kind === "nat-eip") return { cidr: `${vpcs[p.vpc].natPublicIps[p.az]}/32` };
  return { prefixListId: endpoints[p.vpc].endpoints[p.service as GatewayServiceKey]!.prefixListId };
}

/**
 * The security groups of the reachability intents, from the plan's openings: a source group with the
 * opening's egress and, where the plan has one, a destination group with its ingress. Workloads attach them.
 */
export function renderIntentOpenings(
  stack: ComponentStack,
  env: EnvironmentConfig,
  plan: RoutingPlan,
  vpcs: Readonly<Record<string, NetworkVpc>>,
  endpoints: Readonly<Record<string, PrivateLinkEndpoints>>,
): Record<string, FlowSecurityGroups> {
  const out: Record<string, FlowSecurityGroups> = {};
  const net = env.network;
  const provider = (vpc: string) =>
    stack.providers.forAccount(
      ownOrThrow(net.vpcs, vpc, "VPC").account,
      ownOrThrow(net.vpcs, vpc, "VPC").region,
    );
  const split = (peers: Readonly<Record<string, OpeningPeer>>) => {
    const cidrs: Record<string, string> = {};
    const prefixLists: Record<string, string> = {};
    for (const [key, p] of Object.entries(peers)) {
      const v = peerValue(p, vpcs, endpoints);
      if (v.cidr !== undefined) cidrs[key] = v.cidr;
      else prefixLists[key] = v.prefixListId!;
    }
    return { cidrs, prefixLists };
  };
  for (const [name, intent] of Object.entries(env.intents ?? {})) {
    const o: FlowOpening | undefined = plan.openings[name];
    if (!o)
      throw new Error(
        `${env.name}: intent ${name} has no opening in the routing plan (was the config validated?)`,
      );
    // Sides a workload's own group holds (the Studio domain's, the warehouse's) are rendered by its stack.
    const source = o.source && !o.source.owner ? o.source : undefined;
    const destination = o.destination && !o.destination.owner ? o.destination : undefined;
    if (!source && !destination) continue;
    const egress = source ? split(source.egress) : undefined;
    // Security group descriptions accept ASCII letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* only.
    const to =
      typeof intent.to === "string"
        ? intent.to
        : "internet" in intent.to
          ? `internet side of ${intent.to.internet}`
          : `endpoint ${intent.to.endpoint}`;
    out[name] = new FlowSecurityGroups(stack as Construct, `intent-${name}`, {
      name: `${env.name}-intent-${name}`,
      description: `intent ${name}: ${intent.from} to ${to}`,
      protocol: o.protocol,
      ports: o.ports,
      source:
        source && egress
          ? {
              vpcId: vpcs[source.vpc].vpcId,
              provider: provider(source.vpc),
              egressCidrs: Object.keys(egress.cidrs).length ? egress.cidrs : undefined,
              egressPrefixListIds: Object.keys(egress.prefixLists).length ? egress.prefixLists : undefined,
            }
          : undefined,
      destination: destination
        ? {
            vpcId: vpcs[destination.vpc].vpcId,
            provider: provider(destination.vpc),
            ingressCidrs: split(destination.ingress).cidrs,
          }
        : undefined,
    });
  }
  return out;
}
