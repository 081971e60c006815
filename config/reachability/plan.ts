/**
 * The routing plan of an environment: every routing decision, made once from the validated config, as plain
 * data (pure: no cdktf). stacks/network-stack.ts renders it (NAT placement and default routes, peering routes,
 * routes toward transit gateways, TGW associations/propagations/static routes, gateway endpoint tables,
 * endpoint and intent security-group openings) and config/reachability/trace.ts proves the intents over it.
 * Nothing routing-related is decided anywhere else: change a rule here and both the Terraform and the proof
 * follow.
 *
 * VPC route tables: `public` shares one table (0.0.0.0/0 → IGW); every other tier has one table per AZ whose
 * default route is what modules/vpc `planInternetRouting` decides (NAT of the AZ, or of the first public AZ
 * with `single`; none for TGW attachment tiers, which carry transit traffic only). Every table has the local
 * route. Added from config: peering routes to the peer CIDR on `routeTiers` of each side; routes to the
 * partner's CIDRs over an external peering on its `routeTiers`; routes to `routeCidrs` toward a TGW on the
 * attachment's `routeTiers`; gateway endpoints on `endpoints.routeTiers`.
 * TGW route tables: see plan-tgw.ts. Security-group openings: see openings.ts. Private zones and Resolver
 * endpoints and rules: see plan-dns.ts.
 */
import {
  DedicatedTierOptions,
  PUBLIC_TIER,
  PRIVATE_TIER,
  planInternetRouting,
} from "@multicloud-platform/modules/vpc";
import { Cidr, parseCidr } from "../cidr";
import { dict, hasOwn, own } from "../lookup";
import { EnvironmentConfig } from "../schema";
import { connectedVpcCidrs } from "./connected";
import { FlowOpening, planOpenings } from "./openings";
import { DnsPlan, planDns } from "./plan-dns";
import { planTransitGateways, TgwPlan } from "./plan-tgw";

export { PUBLIC_TIER, PRIVATE_TIER };
export const DEFAULT_ROUTE = parseCidr("0.0.0.0/0")!;

export type VpcRouteTarget =
  | { readonly kind: "local" }
  | { readonly kind: "igw" }
  | { readonly kind: "nat"; readonly az: string }
  | { readonly kind: "peering"; readonly peering: string; readonly peer: string }
  | { readonly kind: "tgw"; readonly tgw: string }
  | { readonly kind: "external-peering"; readonly peering: string; readonly network: string };

export interface VpcRoute {
  readonly cidr: Cidr;
  readonly target: VpcRouteTarget;
  /** The config that creates the route, e.g. `network.peerings.ml-warehouse.routeTiers.requester`. */
  readonly origin: string;
}

export interface RouteTablePlan {
  /** `<vpc>-public` or `<vpc>-<tier>-<az>` (the stack's Name tag without the environment prefix). */
  readonly id: string;
  /** The table's key in NetworkVpc.routeTableIdsForTiers: `public` or `<tier>-<az>`. */
  readonly key: string;
  readonly vpc: string;
  readonly tier: string;
  readonly routes: readonly VpcRoute[];
  /** Gateway endpoint services (prefix-list routes) on this table. */
  readonly gatewayEndpoints: readonly string[];
}

export interface VpcPlan {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly cidr: Cidr;
  readonly azs: readonly string[];
  /** tier → AZ → subnet CIDR (valid CIDRs only, in the VPC's AZ order). */
  readonly subnets: Readonly<Record<string, Readonly<Record<string, Cidr>>>>;
  /** tier → AZ → route table. */
  readonly routeTables: Readonly<Record<string, Readonly<Record<string, RouteTablePlan>>>>;
  readonly hasInternetGateway: boolean;
  /** AZs whose public subnet holds a NAT gateway. */
  readonly natGatewayAzs: readonly string[];
  /** Options of the dedicated tiers (isolating NACL, NAT egress), as the VPC module takes them. */
  readonly dedicatedTiers: Readonly<Record<string, DedicatedTierOptions>>;
  /** Dedicated tiers carrying the isolating NACL (intra-tier all; else TCP 1024-65535 only). */
  readonly isolatedTiers: ReadonlySet<string>;
  /** Tiers holding TGW attachment ENIs. */
  readonly tgwTiers: ReadonlySet<string>;
  /** Interface endpoints: their tier, services, and the CIDRs besides the VPC's own admitted on 443. */
  readonly interfaceEndpoints:
    | {
        readonly tier: string;
        readonly services: readonly string[];
        readonly allowedCidrs: readonly string[];
      }
    | undefined;
  readonly gatewayEndpoints: readonly string[];
}

export interface PeeringPlan {
  readonly name: string;
  readonly requester: string;
  readonly accepter: string;
}

/** A network the platform does not own: what our routes may send to it. */
export interface ExternalPlan {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** Valid CIDRs only. */
  readonly cidrs: readonly Cidr[];
}

/** A VPC peering with an external network (we accept the partner's request, or request it). */
export interface ExternalPeeringPlan {
  readonly name: string;
  readonly network: string;
  readonly vpc: string;
  readonly role: "accepter" | "requester";
}

export interface RoutingPlan {
  readonly vpcs: Readonly<Record<string, VpcPlan>>;
  readonly peerings: Readonly<Record<string, PeeringPlan>>;
  readonly externals: Readonly<Record<string, ExternalPlan>>;
  readonly externalPeerings: Readonly<Record<string, ExternalPeeringPlan>>;
  readonly tgws: Readonly<Record<string, TgwPlan>>;
  /** Security-group openings of the reachability intents, by intent name. */
  readonly openings: Readonly<Record<string, FlowOpening>>;
  /** Private zones and Resolver endpoints and rules. */
  readonly dns: DnsPlan;
}

/** Tiers that hold TGW attachment ENIs, per VPC (open NACL, no internet route). */
function tgwAttachmentTiers(cfg: EnvironmentConfig): Map<string, Set<string>> {
  const tiers = new Map<string, Set<string>>();
  for (const tgw of Object.values(cfg.network.transitGateways))
    for (const [vpc, att] of Object.entries(tgw.attachments))
      tiers.set(vpc, (tiers.get(vpc) ?? new Set()).add(att.subnetTier));
  return tiers;
}

/**
 * Dedicated tiers other than `public`/`private`: TGW attachment tiers carry transit traffic only (AWS
 * recommends open NACLs and no internet route there); every other dedicated tier (e.g. glue) is isolated and
 * egresses through NAT.
 */
function dedicatedTierOptions(
  tiers: readonly string[],
  tgwTiers: ReadonlySet<string>,
): Record<string, DedicatedTierOptions> {
  const out = dict<DedicatedTierOptions>();
  for (const tier of tiers) {
    if (tier === PUBLIC_TIER || tier === PRIVATE_TIER) continue;
    out[tier] = tgwTiers.has(tier)
      ? { isolate: false, internetEgress: false }
      : { isolate: true, internetEgress: true };
  }
  return out;
}

/** Valid CIDRs of the external networks. */
function planExternals(cfg: EnvironmentConfig): Record<string, ExternalPlan> {
  const out = dict<ExternalPlan>();
  for (const [name, e] of Object.entries(cfg.network.externalNetworks))
    out[name] = {
      name,
      accountId: e.accountId,
      region: e.region,
      cidrs: e.cidrs.map(parseCidr).filter((c): c is Cidr => c !== undefined),
    };
  return out;
}

/** Routes the connections add to VPC route tables, keyed `<vpc>\0<tier>`. */
function connectionRoutes(
  cfg: EnvironmentConfig,
  peerings: Record<string, PeeringPlan>,
  externals: Readonly<Record<string, ExternalPlan>>,
  externalPeerings: Record<string, ExternalPeeringPlan>,
): Map<string, VpcRoute[]> {
  const net = cfg.network;
  const extra = new Map<string, VpcRoute[]>();
  const add = (vpc: string, tiers: readonly string[], route: VpcRoute) => {
    for (const tier of tiers) {
      const key = `${vpc}\u0000${tier}`;
      extra.set(key, [...(extra.get(key) ?? []), route]);
    }
  };
  for (const [name, p] of Object.entries(net.peerings)) {
    const req = own(net.vpcs, p.requester);
    const acc = own(net.vpcs, p.accepter);
    if (!req || !acc || p.requester === p.accepter) continue;
    peerings[name] = { name, requester: p.requester, accepter: p.accepter };
    const reqCidr = parseCidr(req.cidr);
    const accCidr = parseCidr(acc.cidr);
    const at = `network.peerings.${name}.routeTiers`;
    if (accCidr)
      add(p.requester, p.routeTiers.requester, {
        cidr: accCidr,
        target: { kind: "peering", peering: name, peer: p.accepter },
        origin: `${at}.requester`,
      });
    if (reqCidr)
      add(p.accepter, p.routeTiers.accepter, {
        cidr: reqCidr,
        target: { kind: "peering", peering: name, peer: p.requester },
        origin: `${at}.accepter`,
      });
  }
  for (const [name, ep] of Object.entries(net.externalPeerings)) {
    const ext = own(externals, ep.network);
    if (!ext || !hasOwn(net.vpcs, ep.vpc)) continue;
    externalPeerings[name] = { name, network: ep.network, vpc: ep.vpc, role: ep.role };
    for (const cidr of ext.cidrs)
      add(ep.vpc, ep.routeTiers, {
        cidr,
        target: { kind: "external-peering", peering: name, network: ep.network },
        origin: `network.externalPeerings.${name}.routeTiers`,
      });
  }
  for (const [tgwName, tgw] of Object.entries(net.transitGateways)) {
    for (const [vpcName, att] of Object.entries(tgw.attachments)) {
      if (!hasOwn(net.vpcs, vpcName)) continue;
      att.routeCidrs.forEach((text, i) => {
        const cidr = parseCidr(text);
        if (cidr)
          add(vpcName, att.routeTiers, {
            cidr,
            target: { kind: "tgw", tgw: tgwName },
            origin: `network.transitGateways.${tgwName}.attachments.${vpcName}.routeCidrs[${i}]`,
          });
      });
    }
  }
  return extra;
}

function planVpc(
  cfg: EnvironmentConfig,
  name: string,
  tgwTiers: ReadonlySet<string>,
  extra: Map<string, VpcRoute[]>,
): VpcPlan | undefined {
  const vpc = own(cfg.network.vpcs, name)!;
  const cidr = parseCidr(vpc.cidr);
  if (!cidr) return undefined;
  const subnets = dict<Record<string, Cidr>>();
  for (const [tier, byAz] of Object.entries(vpc.subnets)) {
    subnets[tier] = dict();
    // AZ order of the VPC, as the vpc module creates them.
    for (const az of vpc.azs) {
      const text = own(byAz, az);
      const c = text !== undefined ? parseCidr(text) : undefined;
      if (c) subnets[tier][az] = c;
    }
  }
  const dedicatedTiers = dedicatedTierOptions(Object.keys(vpc.subnets), tgwTiers);
  const internet = planInternetRouting({
    azs: vpc.azs,
    subnets: vpc.subnets,
    natGateways: vpc.natGateways,
    dedicatedTiers,
  });
  const e = vpc.endpoints;
  const gatewayEndpoints = e ? [...e.gateway] : [];
  const routeTables = dict<Record<string, RouteTablePlan>>();
  for (const tier of Object.keys(vpc.subnets)) {
    routeTables[tier] = dict();
    const endpointsHere = e && e.routeTiers.includes(tier) ? gatewayEndpoints : [];
    const local: VpcRoute = { cidr, target: { kind: "local" }, origin: `network.vpcs.${name}.cidr` };
    const defaultRoute = (az: string): VpcRoute[] => {
      const t = internet.defaultRoutes[tier]?.[az];
      if (!t) return [];
      return t.kind === "internet-gateway"
        ? [{ cidr: DEFAULT_ROUTE, target: { kind: "igw" }, origin: `network.vpcs.${name}.subnets.public` }]
        : [
            {
              cidr: DEFAULT_ROUTE,
              target: { kind: "nat", az: t.az },
              origin: `network.vpcs.${name}.natGateways`,
            },
          ];
    };
    const extraRoutes = extra.get(`${name}\u0000${tier}`) ?? [];
    const azs = Object.keys(subnets[tier]);
    if (tier === PUBLIC_TIER) {
      // One table shared by every public AZ.
      const rt: RouteTablePlan = {
        id: `${name}-public`,
        key: "public",
        vpc: name,
        tier,
        routes: [local, ...(azs.length ? defaultRoute(azs[0]) : []), ...extraRoutes],
        gatewayEndpoints: endpointsHere,
      };
      for (const az of azs) routeTables[tier][az] = rt;
      continue;
    }
    for (const az of azs)
      routeTables[tier][az] = {
        id: `${name}-${tier}-${az}`,
        key: `${tier}-${az}`,
        vpc: name,
        tier,
        routes: [local, ...defaultRoute(az), ...extraRoutes],
        gatewayEndpoints: endpointsHere,
      };
  }
  const isolated = new Set(
    Object.entries(dedicatedTiers)
      .filter(([, o]) => o.isolate !== false)
      .map(([t]) => t),
  );
  return {
    name,
    account: vpc.account,
    region: vpc.region,
    cidr,
    azs: vpc.azs,
    subnets,
    routeTables,
    hasInternetGateway: Object.keys(subnets[PUBLIC_TIER] ?? {}).length > 0,
    natGatewayAzs: internet.natGatewayAzs,
    dedicatedTiers,
    isolatedTiers: isolated,
    tgwTiers,
    interfaceEndpoints:
      e && e.interface.length
        ? { tier: e.subnetTier, services: e.interface, allowedCidrs: connectedVpcCidrs(cfg, name) }
        : undefined,
    gatewayEndpoints,
  };
}

/**
 * Computes the routing plan of a validated config. Validation (the reachability proof) and the network stack
 * each call it on the same config and so read the same plan.
 */
export function routingPlan(cfg: EnvironmentConfig): RoutingPlan {
  const tgwTiers = tgwAttachmentTiers(cfg);
  const peerings = dict<PeeringPlan>();
  const externals = planExternals(cfg);
  const externalPeerings = dict<ExternalPeeringPlan>();
  const extra = connectionRoutes(cfg, peerings, externals, externalPeerings);
  const vpcs = dict<VpcPlan>();
  for (const name of Object.keys(cfg.network.vpcs)) {
    const v = planVpc(cfg, name, tgwTiers.get(name) ?? new Set(), extra);
    if (v) vpcs[name] = v;
  }
  const tgws = planTransitGateways(cfg, vpcs);
  return {
    vpcs,
    peerings,
    externals,
    externalPeerings,
    tgws,
    openings: planOpenings(cfg, vpcs, externals),
    dns: planDns(cfg, vpcs, externals),
  };
}
