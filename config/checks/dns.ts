/**
 * Names across networks (R-NET-7): private zones (domain, owner, the VPC it is created with, associations),
 * Resolver endpoints (at least two AZs, inbound addresses usable in their subnets) and forwarding rules
 * (targets that exist, VPCs in the endpoint's region, no forwarding loop), then every DNS intent resolved over
 * the plan (config/reachability/dns.ts).
 */
import { isDomainName } from "@multicloud-platform/modules/core";
import { Cidr, contains, parseCidr } from "../cidr";
import { hasOwn, own } from "../lookup";
import { Problems, referenceFix } from "../problems";
import { domainMatches } from "../reachability/plan-dns";
import { traceDnsIntents } from "../reachability/dns";
import { splitRef } from "../reachability/intents";
import { EnvironmentConfig } from "../schema";
import { checkAccountRef } from "./base";
import { externalRef } from "./external";
import { duplicates, vpcRef } from "./network";

function domainAt(domain: string, at: string, p: Problems): boolean {
  if (isDomainName(domain)) return true;
  p.add(
    at,
    domain,
    "is not a domain name (lowercase labels of letters, digits and hyphens, dot-separated, no trailing dot)",
    'write it like "warehouse.internal"',
  );
  return false;
}

export function checkDns(cfg: EnvironmentConfig, p: Problems): void {
  checkZones(cfg, p);
  checkResolvers(cfg, p);
  checkDnsIntents(cfg, p);
}

function checkZones(cfg: EnvironmentConfig, p: Problems): void {
  const net = cfg.network;
  const seen = new Map<string, string>();
  for (const [name, z] of Object.entries(net.privateZones)) {
    const at = `network.privateZones.${name}`;
    domainAt(z.domain, `${at}.domain`, p);
    const ownerOk = checkAccountRef(cfg, z.account, `${at}.account`, p);
    z.vpcs.forEach((v, i) => {
      const vpc = vpcRef(cfg, v, `${at}.vpcs[${i}]`, p);
      if (!vpc) return;
      const key = `${z.domain} ${v}`;
      const other = seen.get(key);
      if (other)
        p.add(
          `${at}.vpcs[${i}]`,
          v,
          `already resolves ${z.domain} through network.privateZones.${other} (Route 53 associates a VPC with one private zone per name)`,
          "associate the VPC with one of the two zones",
        );
      seen.set(key, name);
      if (i === 0 && ownerOk && own(cfg.accounts, vpc.account)?.id !== own(cfg.accounts, z.account)?.id)
        p.add(
          `${at}.vpcs[0]`,
          v,
          `is in account ${vpc.account}, but a private zone is created with a VPC of its own account (${z.account})`,
          `list a VPC of account ${z.account} first; VPCs of other accounts are associated after it`,
        );
    });
    duplicates(z.vpcs, `${at}.vpcs`, "VPC", p);
    z.externalNetworks.forEach((e, i) => {
      if (!externalRef(cfg, e, `${at}.externalNetworks[${i}]`, p)) return;
      if (!own(net.externalNetworks, e)?.vpcId)
        p.add(
          `network.externalNetworks.${e}.vpcId`,
          undefined,
          `is required to authorize the partner's VPC on private zone ${name}`,
          "ask the partner for its vpc- id",
        );
    });
  }
}

/** The usable addresses of a subnet: AWS reserves the first four and the last (VPC user guide, subnet sizing). */
function usableIn(subnet: Cidr, ip: Cidr): boolean {
  const first = subnet.address.toByteArray().reduce((n, b) => n * 256 + b, 0);
  const n = ip.address.toByteArray().reduce((x, b) => x * 256 + b, 0) - first;
  return contains(subnet, ip) && n >= 4 && n < 2 ** (32 - subnet.prefix) - 1;
}

function checkResolvers(cfg: EnvironmentConfig, p: Problems): void {
  const net = cfg.network;
  const ruleDomains = new Map<string, string>();
  for (const [name, r] of Object.entries(net.resolvers)) {
    const at = `network.resolvers.${name}`;
    const vpc = vpcRef(cfg, r.vpc, `${at}.vpc`, p);
    if (!vpc) continue;
    const tier = own(vpc.subnets, r.subnetTier);
    if (!tier) {
      p.add(
        `${at}.subnetTier`,
        r.subnetTier,
        `is not a subnet tier of VPC ${r.vpc}`,
        referenceFix("tiers", `network.vpcs.${r.vpc}.subnets`, r.subnetTier, Object.keys(vpc.subnets)),
      );
      continue;
    }
    if (Object.keys(tier).length < 2)
      p.add(
        `${at}.subnetTier`,
        r.subnetTier,
        `has subnets in ${Object.keys(tier).length} AZ only; Route 53 requires at least two endpoint addresses, and AZ spread keeps DNS up through an AZ outage`,
        `give subnets.${r.subnetTier} of ${r.vpc} a second AZ, or use a tier that has two`,
      );
    if (r.inbound) {
      const ips = Object.entries(r.inbound.ips);
      if (ips.length < 2)
        p.add(
          `${at}.inbound.ips`,
          r.inbound.ips,
          "has fewer than two addresses (Route 53 requires at least two per endpoint)",
          `give one address in each of two AZs of ${r.vpc}/${r.subnetTier}`,
        );
      for (const [az, ip] of ips) {
        const c = parseCidr(`${ip}/32`);
        const subnet = tier[az] !== undefined ? parseCidr(tier[az]) : undefined;
        if (!c) p.add(`${at}.inbound.ips.${az}`, ip, "is not an IPv4 address", "write it as a.b.c.d");
        else if (!subnet)
          p.add(
            `${at}.inbound.ips.${az}`,
            ip,
            `is in AZ ${az}, where ${r.vpc}/${r.subnetTier} has no subnet`,
            `use one of: ${Object.keys(tier).join(", ")}`,
          );
        else if (!usableIn(subnet, c))
          p.add(
            `${at}.inbound.ips.${az}`,
            ip,
            `is not a usable address of subnet ${subnet.text} (outside it, or one of the five AWS reserves)`,
            `pick an address from the fifth to the second-to-last of ${subnet.text}`,
          );
      }
      duplicates(Object.values(r.inbound.ips), `${at}.inbound.ips`, "address", p);
      r.inbound.allowExternal.forEach((e, i) => externalRef(cfg, e, `${at}.inbound.allowExternal[${i}]`, p));
    }
    const rules = Object.entries(r.rules);
    if (rules.length && !r.outbound)
      p.add(
        `${at}.outbound`,
        r.outbound,
        "is false, but forwarding rules send their queries through the outbound endpoint",
        "set outbound: true",
      );
    for (const [ruleName, rule] of rules) {
      const rat = `${at}.rules.${ruleName}`;
      domainAt(rule.domain, `${rat}.domain`, p);
      const f = rule.forwardTo;
      if (f === "inbound") {
        if (!r.inbound)
          p.add(
            `${rat}.forwardTo`,
            f,
            "names the inbound endpoint, which this resolver does not have",
            "add inbound.ips",
          );
        const answering = Object.entries(net.privateZones).find(
          ([, z]) => z.vpcs.includes(r.vpc) && domainMatches(rule.domain, z.domain),
        );
        if (!answering)
          p.add(
            `${rat}.forwardTo`,
            f,
            `sends ${rule.domain} to the inbound endpoint in ${r.vpc}, but no private zone for it is associated with ${r.vpc}`,
            `associate the zone for ${rule.domain} with ${r.vpc} (network.privateZones.<zone>.vpcs)`,
          );
        if (rule.vpcs.includes(r.vpc))
          p.add(
            `${rat}.vpcs`,
            rule.vpcs,
            `includes ${r.vpc}, whose inbound endpoint the rule forwards to: its queries would loop back into the rule`,
            `remove ${r.vpc}: it resolves ${rule.domain} from the zone associated with it`,
          );
      } else if (
        externalRef(cfg, f.external, `${rat}.forwardTo.external`, p) &&
        !own(net.externalNetworks, f.external)?.dnsServers.length
      )
        p.add(
          `network.externalNetworks.${f.external}.dnsServers`,
          [],
          `is empty, but rule ${ruleName} forwards ${rule.domain} to it`,
          "list the partner's DNS server addresses",
        );
      rule.vpcs.forEach((v, i) => {
        const target = vpcRef(cfg, v, `${rat}.vpcs[${i}]`, p);
        if (!target) return;
        if (target.region !== vpc.region)
          p.add(
            `${rat}.vpcs[${i}]`,
            v,
            `is in ${target.region}, but the resolver's endpoints are in ${vpc.region} (Resolver rules and endpoints are regional)`,
            `add a resolver in ${target.region} for ${v}`,
          );
        const key = `${v} ${rule.domain}`;
        const other = ruleDomains.get(key);
        if (other)
          p.add(
            `${rat}.vpcs[${i}]`,
            v,
            `already forwards ${rule.domain} through ${other}`,
            "associate one rule per domain with a VPC",
          );
        ruleDomains.set(key, rat);
      });
      duplicates(rule.vpcs, `${rat}.vpcs`, "VPC", p);
      rule.shareWithExternal.forEach((e, i) => externalRef(cfg, e, `${rat}.shareWithExternal[${i}]`, p));
    }
  }
}

function checkDnsIntents(cfg: EnvironmentConfig, p: Problems): void {
  const ok = new Set<string>();
  for (const [name, d] of Object.entries(cfg.dnsIntents ?? {})) {
    const at = `dnsIntents.${name}`;
    let valid = domainAt(d.resolves, `${at}.resolves`, p);
    if (!hasOwn(cfg.network.externalNetworks, d.from)) {
      const parts = splitRef(d.from);
      const vpc = parts && own(cfg.network.vpcs, parts[0]);
      if (!parts || !vpc || !hasOwn(vpc.subnets, parts[1])) {
        p.add(
          `${at}.from`,
          d.from,
          'is neither "<vpc>/<tier>" of one of our VPCs nor an external network',
          'write e.g. "ml/private"',
        );
        valid = false;
      }
    }
    if (valid) ok.add(name);
  }
  for (const [name, t] of Object.entries(traceDnsIntents(cfg)))
    if (ok.has(name)) for (const f of t.failures) p.add(`dnsIntents.${name}`, undefined, f.message, f.fix);
}
