/**
 * The name-resolution part of the routing plan (R-NET-7): which VPCs each private zone is associated with
 * (and how: in the owner's account, across accounts by authorization + association, or for a partner by
 * authorization only), and each Resolver's endpoints, security-group openings on port 53 and forwarding rules
 * with their targets. The network stack renders it; config/reachability/dns.ts proves DNS intents over it.
 */
import { Cidr, contains, parseCidr } from "../cidr";
import { dict, own } from "../lookup";
import { EnvironmentConfig } from "../schema";
import type { ExternalPlan, VpcPlan } from "./plan";

export interface ZonePlan {
  readonly name: string;
  readonly domain: string;
  readonly account: string;
  /** The VPC the zone is created with (in the zone's account). */
  readonly primaryVpc: string;
  /** Every one of our VPCs the zone is associated with, the primary first. */
  readonly vpcs: readonly string[];
  /** External networks authorized to associate their VPC (the partner runs the association). */
  readonly externalNetworks: readonly string[];
}

/** Where a rule sends queries: our inbound endpoint's address in an AZ, or a partner's DNS server. */
export type RuleTarget =
  | { readonly kind: "inbound"; readonly ip: Cidr; readonly az: string }
  | { readonly kind: "external"; readonly ip: Cidr; readonly network: string };

export interface RulePlan {
  readonly name: string;
  readonly domain: string;
  readonly targets: readonly RuleTarget[];
  /** Our VPCs the rule is associated with. */
  readonly vpcs: readonly string[];
  readonly shareWithExternal: readonly string[];
}

export interface ResolverPlan {
  readonly name: string;
  readonly vpc: string;
  readonly account: string;
  readonly region: string;
  readonly tier: string;
  /** Inbound endpoint: address per AZ (/32) and the sources its group admits on TCP/UDP 53. */
  readonly inbound?: {
    readonly ips: Readonly<Record<string, Cidr>>;
    readonly allowedCidrs: readonly string[];
    readonly allowExternal: readonly string[];
  };
  /** Outbound endpoint: the AZs it has an address in, and the targets its group may reach on TCP/UDP 53. */
  readonly outbound?: { readonly azs: readonly string[]; readonly targetCidrs: readonly string[] };
  readonly rules: Readonly<Record<string, RulePlan>>;
}

export interface DnsPlan {
  readonly zones: Readonly<Record<string, ZonePlan>>;
  readonly resolvers: Readonly<Record<string, ResolverPlan>>;
}

const host = (ip: string) => parseCidr(`${ip}/32`);

export function planDns(
  cfg: EnvironmentConfig,
  vpcs: Readonly<Record<string, VpcPlan>>,
  externals: Readonly<Record<string, ExternalPlan>>,
): DnsPlan {
  const net = cfg.network;
  const zones = dict<ZonePlan>();
  for (const [name, z] of Object.entries(net.privateZones)) {
    const ours = z.vpcs.filter((v) => vpcs[v]);
    if (!ours.length) continue;
    zones[name] = {
      name,
      domain: z.domain,
      account: z.account,
      primaryVpc: ours[0],
      vpcs: ours,
      externalNetworks: z.externalNetworks.filter((e) => externals[e]),
    };
  }
  const resolvers = dict<ResolverPlan>();
  for (const [name, r] of Object.entries(net.resolvers)) {
    const v = vpcs[r.vpc];
    const tierSubnets = v?.subnets[r.subnetTier];
    if (!v || !tierSubnets) continue;
    let inbound: ResolverPlan["inbound"];
    if (r.inbound) {
      const ips = dict<Cidr>();
      for (const [az, ip] of Object.entries(r.inbound.ips)) {
        const c = host(ip);
        if (c && tierSubnets[az] && contains(tierSubnets[az], c)) ips[az] = c;
      }
      const partners = r.inbound.allowExternal.flatMap((e) => (externals[e]?.cidrs ?? []).map((c) => c.text));
      inbound = {
        ips,
        // The outbound endpoint's addresses (same VPC) and the partners that forward to us.
        allowedCidrs: [v.cidr.text, ...partners],
        allowExternal: r.inbound.allowExternal.filter((e) => externals[e]),
      };
    }
    const rules = dict<RulePlan>();
    for (const [ruleName, rule] of Object.entries(r.rules)) {
      const f = rule.forwardTo;
      const targets: RuleTarget[] =
        f === "inbound"
          ? Object.entries(inbound?.ips ?? {}).map(([az, ip]) => ({ kind: "inbound" as const, ip, az }))
          : (own(net.externalNetworks, f.external)?.dnsServers ?? []).flatMap((ip) => {
              const c = host(ip);
              return c ? [{ kind: "external" as const, ip: c, network: f.external }] : [];
            });
      rules[ruleName] = {
        name: ruleName,
        domain: rule.domain,
        targets,
        vpcs: rule.vpcs.filter((x) => vpcs[x]),
        shareWithExternal: rule.shareWithExternal.filter((e) => externals[e]),
      };
    }
    const targetCidrs = [...new Set(Object.values(rules).flatMap((x) => x.targets.map((t) => t.ip.text)))];
    resolvers[name] = {
      name,
      vpc: r.vpc,
      account: v.account,
      region: v.region,
      tier: r.subnetTier,
      inbound,
      outbound: r.outbound ? { azs: Object.keys(tierSubnets), targetCidrs } : undefined,
      rules,
    };
  }
  return { zones, resolvers };
}

/** True when `name` is `domain` or one of its subdomains (how Resolver matches rules and zones). */
export function domainMatches(name: string, domain: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, "");
  const d = domain.toLowerCase().replace(/\.$/, "");
  return n === d || n.endsWith(`.${d}`);
}
