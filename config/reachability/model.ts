/**
 * The routing model of an environment's network, built from config exactly as stacks/network-stack.ts and
 * the vpc, vpc-peering, transit-gateway and privatelink modules build it (pure: no cdktf). It is what the
 * reachability checker walks; if the stack changes how it routes, this file must follow.
 *
 * VPC route tables (modules/vpc): `public` shares one table (0.0.0.0/0 → IGW); every other tier has one table
 * per AZ with 0.0.0.0/0 → NAT (the AZ's own NAT with `per-az`, the first public AZ's with `single`) unless
 * the VPC has no NAT or the tier holds TGW attachment ENIs (the stack gives those tiers no internet egress).
 * Every table has the local route. Dedicated tiers other than TGW attachment tiers get the isolating NACL.
 * Added by the stack: peering routes to the peer CIDR in `routeTiers` of each side; routes to `routeCidrs`
 * toward a TGW in the attachment's `routeTiers`; gateway endpoints on `endpoints.routeTiers`.
 * TGW route tables: association per attachment (VPCs: `associateWith`; TGW peerings: `routeTables.<side>`),
 * propagation of an attached VPC's CIDR to `propagateTo`, and every `staticRoutes` entry (static or blackhole).
 */
import { Cidr, contains, parseCidr } from "../cidr";
import { dict, hasOwn, own } from "../lookup";
import { EnvironmentConfig } from "../schema";

export const PUBLIC_TIER = "public";
export const PRIVATE_TIER = "private";
export const DEFAULT_ROUTE = parseCidr("0.0.0.0/0")!;

export type VpcRouteTarget =
  | { readonly kind: "local" }
  | { readonly kind: "igw" }
  | { readonly kind: "nat"; readonly az: string }
  | { readonly kind: "peering"; readonly peering: string; readonly peer: string }
  | { readonly kind: "tgw"; readonly tgw: string };

export interface VpcRoute {
  readonly cidr: Cidr;
  readonly target: VpcRouteTarget;
  /** The config that creates the route, e.g. `network.peerings.ml-warehouse.routeTiers.requester`. */
  readonly origin: string;
}

export interface RouteTableModel {
  /** `<vpc>-public` or `<vpc>-<tier>-<az>` (the stack's Name tag without the environment prefix). */
  readonly id: string;
  readonly vpc: string;
  readonly tier: string;
  readonly routes: readonly VpcRoute[];
  /** Gateway endpoint services (prefix-list routes) on this table. */
  readonly gatewayEndpoints: readonly string[];
}

export interface VpcModel {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly cidr: Cidr;
  readonly azs: readonly string[];
  /** tier → AZ → subnet CIDR (valid CIDRs only). */
  readonly subnets: Readonly<Record<string, Readonly<Record<string, Cidr>>>>;
  /** tier → AZ → route table. */
  readonly routeTables: Readonly<Record<string, Readonly<Record<string, RouteTableModel>>>>;
  readonly hasInternetGateway: boolean;
  /** AZ → AZ of the NAT gateway its non-public tables use (empty without NAT). */
  readonly natAzOf: Readonly<Record<string, string>>;
  /** Dedicated tiers carrying the isolating NACL (intra-tier all; else TCP 1024-65535 only). */
  readonly isolatedTiers: ReadonlySet<string>;
  /** Tiers holding TGW attachment ENIs. */
  readonly tgwTiers: ReadonlySet<string>;
  readonly interfaceEndpoints: { readonly tier: string; readonly services: readonly string[] } | undefined;
  readonly gatewayEndpoints: readonly string[];
}

export type TgwRouteKind = "propagated" | "static" | "blackhole";

export interface TgwRoute {
  readonly cidr: Cidr;
  readonly kind: TgwRouteKind;
  /** Attachment name (VPC config name or TGW peering name); none for blackholes. */
  readonly attachment?: string;
  readonly origin: string;
}

export type TgwAttachmentModel =
  | {
      readonly kind: "vpc";
      readonly name: string;
      readonly vpc: string;
      readonly subnetTier: string;
      readonly routeTable: string;
    }
  | {
      readonly kind: "peering";
      readonly name: string;
      readonly peerTgw: string;
      readonly routeTable: string;
    };

export interface TgwModel {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly attachments: Readonly<Record<string, TgwAttachmentModel>>;
  /** Route table name → routes. */
  readonly routeTables: Readonly<Record<string, readonly TgwRoute[]>>;
}

export interface PeeringModel {
  readonly name: string;
  readonly requester: string;
  readonly accepter: string;
  readonly routeTiers: { readonly requester: readonly string[]; readonly accepter: readonly string[] };
}

export interface NetworkModel {
  readonly vpcs: Readonly<Record<string, VpcModel>>;
  readonly peerings: Readonly<Record<string, PeeringModel>>;
  readonly tgws: Readonly<Record<string, TgwModel>>;
}

/** Tiers that hold TGW attachment ENIs, per VPC (the stack gives them an open NACL and no internet route). */
function tgwAttachmentTiers(cfg: EnvironmentConfig): Map<string, Set<string>> {
  const tiers = new Map<string, Set<string>>();
  for (const tgw of Object.values(cfg.network.transitGateways))
    for (const [vpc, att] of Object.entries(tgw.attachments))
      tiers.set(vpc, (tiers.get(vpc) ?? new Set()).add(att.subnetTier));
  return tiers;
}

export function buildNetworkModel(cfg: EnvironmentConfig): NetworkModel {
  const net = cfg.network;
  const tgwTiers = tgwAttachmentTiers(cfg);
  // Extra routes per VPC and tier, added by peerings and TGW attachments.
  const extra = new Map<string, VpcRoute[]>();
  const addRoutes = (vpc: string, tiers: readonly string[], route: VpcRoute) => {
    for (const tier of tiers) {
      const key = `${vpc}\u0000${tier}`;
      extra.set(key, [...(extra.get(key) ?? []), route]);
    }
  };
  const peerings = dict<PeeringModel>();
  for (const [name, p] of Object.entries(net.peerings)) {
    const req = own(net.vpcs, p.requester);
    const acc = own(net.vpcs, p.accepter);
    if (!req || !acc || p.requester === p.accepter) continue;
    peerings[name] = { name, requester: p.requester, accepter: p.accepter, routeTiers: p.routeTiers };
    const reqCidr = parseCidr(req.cidr);
    const accCidr = parseCidr(acc.cidr);
    const at = `network.peerings.${name}.routeTiers`;
    if (accCidr)
      addRoutes(p.requester, p.routeTiers.requester, {
        cidr: accCidr,
        target: { kind: "peering", peering: name, peer: p.accepter },
        origin: `${at}.requester`,
      });
    if (reqCidr)
      addRoutes(p.accepter, p.routeTiers.accepter, {
        cidr: reqCidr,
        target: { kind: "peering", peering: name, peer: p.requester },
        origin: `${at}.accepter`,
      });
  }
  for (const [tgwName, tgw] of Object.entries(net.transitGateways)) {
    for (const [vpcName, att] of Object.entries(tgw.attachments)) {
      if (!hasOwn(net.vpcs, vpcName)) continue;
      att.routeCidrs.forEach((text, i) => {
        const cidr = parseCidr(text);
        if (cidr)
          addRoutes(vpcName, att.routeTiers, {
            cidr,
            target: { kind: "tgw", tgw: tgwName },
            origin: `network.transitGateways.${tgwName}.attachments.${vpcName}.routeCidrs[${i}]`,
          });
      });
    }
  }

  const vpcs = dict<VpcModel>();
  for (const [name, vpc] of Object.entries(net.vpcs)) {
    const cidr = parseCidr(vpc.cidr);
    if (!cidr) continue;
    const subnets = dict<Record<string, Cidr>>();
    for (const [tier, byAz] of Object.entries(vpc.subnets)) {
      subnets[tier] = dict<Cidr>();
      // AZ order of the VPC, as the vpc module creates them.
      for (const az of vpc.azs) {
        const text = own(byAz, az);
        const c = text !== undefined ? parseCidr(text) : undefined;
        if (c) subnets[tier][az] = c;
      }
    }
    const publicAzs = vpc.azs.filter((az) => hasOwn(own(vpc.subnets, PUBLIC_TIER), az));
    const hasIgw = publicAzs.length > 0;
    const natAzOf = dict<string>();
    if (vpc.natGateways !== "none" && hasIgw)
      for (const az of vpc.azs)
        if (vpc.natGateways === "single") natAzOf[az] = publicAzs[0];
        else if (publicAzs.includes(az)) natAzOf[az] = az;
    const myTgwTiers = tgwTiers.get(name) ?? new Set<string>();
    const e = vpc.endpoints;
    const gatewayEndpoints = e ? [...e.gateway] : [];
    const routeTables = dict<Record<string, RouteTableModel>>();
    const isolated = new Set<string>();
    for (const tier of Object.keys(vpc.subnets)) {
      routeTables[tier] = dict<RouteTableModel>();
      const isPublic = tier === PUBLIC_TIER;
      const dedicated = !isPublic && tier !== PRIVATE_TIER;
      if (dedicated && !myTgwTiers.has(tier)) isolated.add(tier);
      const egress = tier === PRIVATE_TIER || (dedicated && !myTgwTiers.has(tier));
      const endpointsHere = e && e.routeTiers.includes(tier) ? gatewayEndpoints : [];
      const extraRoutes = extra.get(`${name}\u0000${tier}`) ?? [];
      const local: VpcRoute = { cidr, target: { kind: "local" }, origin: `network.vpcs.${name}.cidr` };
      if (isPublic) {
        const rt: RouteTableModel = {
          id: `${name}-public`,
          vpc: name,
          tier,
          routes: [
            local,
            { cidr: DEFAULT_ROUTE, target: { kind: "igw" }, origin: `network.vpcs.${name}.subnets.public` },
            ...extraRoutes,
          ],
          gatewayEndpoints: endpointsHere,
        };
        for (const az of Object.keys(subnets[tier])) routeTables[tier][az] = rt;
        continue;
      }
      for (const az of Object.keys(subnets[tier])) {
        const natAz = natAzOf[az];
        routeTables[tier][az] = {
          id: `${name}-${tier}-${az}`,
          vpc: name,
          tier,
          routes: [
            local,
            ...(egress && natAz !== undefined
              ? [
                  {
                    cidr: DEFAULT_ROUTE,
                    target: { kind: "nat", az: natAz } as const,
                    origin: `network.vpcs.${name}.natGateways`,
                  },
                ]
              : []),
            ...extraRoutes,
          ],
          gatewayEndpoints: endpointsHere,
        };
      }
    }
    vpcs[name] = {
      name,
      account: vpc.account,
      region: vpc.region,
      cidr,
      azs: vpc.azs,
      subnets,
      routeTables,
      hasInternetGateway: hasIgw,
      natAzOf,
      isolatedTiers: isolated,
      tgwTiers: myTgwTiers,
      interfaceEndpoints: e && e.interface.length ? { tier: e.subnetTier, services: e.interface } : undefined,
      gatewayEndpoints,
    };
  }

  const tgws = dict<TgwModel>();
  for (const [name, tgw] of Object.entries(net.transitGateways)) {
    const attachments = dict<TgwAttachmentModel>();
    const routeTables = dict<TgwRoute[]>();
    for (const rt of tgw.routeTables) routeTables[rt] = [];
    for (const [vpcName, att] of Object.entries(tgw.attachments)) {
      attachments[vpcName] = {
        kind: "vpc",
        name: vpcName,
        vpc: vpcName,
        subnetTier: att.subnetTier,
        routeTable: att.associateWith,
      };
      const vpcCidr = vpcs[vpcName]?.cidr;
      if (!vpcCidr) continue;
      for (const rt of att.propagateTo)
        routeTables[rt]?.push({
          cidr: vpcCidr,
          kind: "propagated",
          attachment: vpcName,
          origin: `network.transitGateways.${name}.attachments.${vpcName}.propagateTo`,
        });
    }
    for (const [tpName, tp] of Object.entries(net.tgwPeerings)) {
      if (tp.requester === name && tp.accepter !== name)
        attachments[tpName] = {
          kind: "peering",
          name: tpName,
          peerTgw: tp.accepter,
          routeTable: tp.routeTables.requester,
        };
      else if (tp.accepter === name && tp.requester !== name)
        attachments[tpName] = {
          kind: "peering",
          name: tpName,
          peerTgw: tp.requester,
          routeTable: tp.routeTables.accepter,
        };
    }
    tgw.staticRoutes.forEach((r, i) => {
      const cidr = parseCidr(r.cidr);
      if (!cidr || !routeTables[r.routeTable]) return;
      routeTables[r.routeTable].push({
        cidr,
        kind: r.blackhole ? "blackhole" : "static",
        attachment: r.blackhole ? undefined : r.target,
        origin: `network.transitGateways.${name}.staticRoutes[${i}]`,
      });
    });
    tgws[name] = { name, account: tgw.account, region: tgw.region, attachments, routeTables };
  }
  return { vpcs, peerings, tgws };
}

/** The destination of a lookup: a private prefix, or any public (internet) address. */
export type Destination = Cidr | "internet";

function covers(route: Cidr, dst: Destination): boolean {
  // Public addresses of another VPC or the internet only match the default route.
  return dst === "internet" ? route.prefix === 0 : contains(route, dst);
}

/**
 * Longest-prefix match. For TGW route tables, a static (or blackhole) route wins over a propagated route of the
 * same prefix, as on AWS. `shadow` lists more specific routes that cover only part of the destination.
 */
export function longestPrefixMatch<R extends { cidr: Cidr; kind?: string }>(
  routes: readonly R[],
  dst: Destination,
): { route: R | undefined; partial: R[] } {
  let best: R | undefined;
  for (const r of routes) {
    if (!covers(r.cidr, dst)) continue;
    if (
      !best ||
      r.cidr.prefix > best.cidr.prefix ||
      (r.cidr.prefix === best.cidr.prefix && best.kind === "propagated" && r.kind !== "propagated")
    )
      best = r;
  }
  const partial =
    dst === "internet"
      ? []
      : routes.filter((r) => r.cidr.prefix > dst.prefix && contains(dst, r.cidr) && r !== best);
  return { route: best, partial };
}

/**
 * CIDRs of the VPCs connected to `vpcName` (peers, VPCs on the same or a directly peered TGW): the sources
 * the interface endpoint security group admits on 443. The network stack uses this same function.
 */
export function connectedVpcCidrs(cfg: EnvironmentConfig, vpcName: string): string[] {
  const net = cfg.network;
  const connected = new Set<string>();
  for (const p of Object.values(net.peerings)) {
    if (p.requester === vpcName) connected.add(p.accepter);
    if (p.accepter === vpcName) connected.add(p.requester);
  }
  const attachedTo = new Set(
    Object.entries(net.transitGateways)
      .filter(([, t]) => hasOwn(t.attachments, vpcName))
      .map(([n]) => n),
  );
  const reachable = new Set(attachedTo);
  for (const tp of Object.values(net.tgwPeerings)) {
    if (attachedTo.has(tp.requester)) reachable.add(tp.accepter);
    if (attachedTo.has(tp.accepter)) reachable.add(tp.requester);
  }
  for (const t of reachable)
    for (const v of Object.keys(own(net.transitGateways, t)?.attachments ?? {})) connected.add(v);
  connected.delete(vpcName);
  const self = own(net.vpcs, vpcName)?.cidr;
  return [...new Set([...connected].flatMap((v) => own(net.vpcs, v)?.cidr ?? []))]
    .filter((c) => c !== self)
    .sort();
}
