/**
 * Proves DNS intents over the routing plan (R-NET-7): which answer a VPC's Route 53 Resolver picks for a name,
 * and, when a forwarding rule picks it, that the queries reach their targets and come back. Pure: no cdktf.
 *
 * Resolver's choice (AWS Knowledge Center, "How can I use and override reverse DNS rules with Route 53
 * Resolver?"): the most specific domain among the Resolver rules and the private zones associated with the
 * VPC wins, and at equal specificity a Resolver rule beats a zone. A rule matches its domain and every
 * subdomain (Route 53 developer guide, "How Resolver determines whether the domain name in a query matches
 * any rules"). Forwarded queries leave through the outbound endpoint's addresses in the resolver's VPC, so it
 * is those subnets that must reach the targets on TCP and UDP 53 (both are required by CreateResolverEndpoint),
 * whatever connects the querying VPC.
 */
import { contains, parseCidr } from "../cidr";
import { dict, hasOwn } from "../lookup";
import { EnvironmentConfig } from "../schema";
import { Failure, Walker } from "./explain";
import { splitRef } from "./intents";
import { RoutingPlan, routingPlan } from "./plan";
import { domainMatches, ResolverPlan, RulePlan, ZonePlan } from "./plan-dns";
import { naclFailure } from "./trace";
import { walk, walkFromExternal } from "./walk";

export interface DnsTrace {
  readonly name: string;
  readonly from: string;
  readonly resolves: string;
  /** The answer's path, hop by hop (empty when nothing answers). */
  readonly hops: readonly string[];
  readonly failures: readonly Failure[];
}

type Answer = { kind: "zone"; zone: ZonePlan } | { kind: "rule"; resolver: ResolverPlan; rule: RulePlan };

/** The answer Resolver picks in `vpc` for `name`: the most specific match, a rule on a tie. */
export function answerFor(plan: RoutingPlan, vpc: string, name: string): Answer | undefined {
  let best: { answer: Answer; length: number } | undefined;
  const consider = (answer: Answer, domain: string) => {
    if (!domainMatches(name, domain)) return;
    const length = domain.split(".").length;
    if (!best || length > best.length || (length === best.length && answer.kind === "rule"))
      best = { answer, length };
  };
  for (const zone of Object.values(plan.dns.zones))
    if (zone.vpcs.includes(vpc)) consider({ kind: "zone", zone }, zone.domain);
  for (const resolver of Object.values(plan.dns.resolvers))
    for (const rule of Object.values(resolver.rules))
      if (rule.vpcs.includes(vpc)) consider({ kind: "rule", resolver, rule }, rule.domain);
  return best?.answer;
}

const zoneHop = (plan: RoutingPlan, cfg: EnvironmentConfig, zone: ZonePlan, vpc: string) => {
  const sameAccount = cfg.accounts[plan.vpcs[vpc].account]?.id === cfg.accounts[zone.account]?.id;
  const how =
    vpc === zone.primaryVpc
      ? "the VPC it was created with"
      : sameAccount
        ? `associated by account ${zone.account}`
        : `authorized by account ${zone.account}, associated by account ${plan.vpcs[vpc].account}`;
  return `private hosted zone ${zone.name} (${zone.domain}, account ${zone.account}) associated with ${vpc}: ${how}`;
};

/** An inbound endpoint answers from the zones associated with its own VPC. */
function inboundAnswers(
  cfg: EnvironmentConfig,
  plan: RoutingPlan,
  r: ResolverPlan,
  resolves: string,
  hops: string[],
  failures: Failure[],
): void {
  const inner = answerFor(plan, r.vpc, resolves);
  if (inner?.kind === "zone")
    hops.push(`inbound endpoint answers from ${zoneHop(plan, cfg, inner.zone, r.vpc)}`);
  else
    failures.push({
      message: `the inbound endpoint of ${r.name} in ${r.vpc} has no private zone for ${resolves} to answer from`,
      fix: `associate the zone for ${resolves} with ${r.vpc} (network.privateZones.<zone>.vpcs)`,
    });
}

/** Why nothing answers `name` in `vpc`, and the change that makes something answer it. */
function unanswered(plan: RoutingPlan, vpc: string, name: string): Failure {
  const zone = Object.values(plan.dns.zones).find((z) => domainMatches(name, z.domain));
  const rule = Object.values(plan.dns.resolvers).flatMap((r) =>
    Object.values(r.rules)
      .filter((x) => domainMatches(name, x.domain))
      .map((x) => ({ r, x })),
  )[0];
  const v = plan.vpcs[vpc];
  const fix = rule
    ? `add "${vpc}" to network.resolvers.${rule.r.name}.rules.${rule.x.name}.vpcs (it forwards ${rule.x.domain})`
    : zone
      ? `add "${vpc}" to network.privateZones.${zone.name}.vpcs, or forward ${zone.domain} to ${vpc} with a Resolver rule (network.resolvers)`
      : `create a private zone for ${name} (network.privateZones) or a Resolver rule that forwards it (network.resolvers)`;
  return {
    message: `no private hosted zone for ${name} is associated with ${vpc} (account ${v.account}, ${v.region}) and no Resolver rule associated with it forwards ${name}`,
    fix,
  };
}

/** The queries of `rule` from its outbound endpoint's subnets to each target and back, on TCP and UDP 53. */
function forwardPath(
  w: Walker,
  r: ResolverPlan,
  rule: RulePlan,
  name: string,
): { hops: string[]; failures: Failure[] } {
  const hops: string[] = [];
  const failures: Failure[] = [];
  const add = (f: Failure | undefined) => {
    if (f && !failures.some((x) => x.message === f.message)) failures.push(f);
  };
  const v = w.model.vpcs[r.vpc];
  if (!r.outbound) {
    add({
      message: `resolver ${r.name} has no outbound endpoint to forward ${rule.domain}`,
      fix: `set network.resolvers.${r.name}.outbound: true`,
    });
    return { hops, failures };
  }
  if (!rule.targets.length)
    add({
      message: `rule ${rule.name} of resolver ${r.name} has no target address`,
      fix: `give the rule's target addresses (network.resolvers.${r.name})`,
    });
  hops.push(
    `outbound endpoint of resolver ${r.name} in ${r.vpc}/${r.tier} (${r.outbound.azs.join(", ")}), TCP and UDP 53`,
  );
  for (const t of rule.targets) {
    if (!r.outbound.targetCidrs.includes(t.ip.text))
      add({
        message: `the outbound endpoint group of ${r.name} does not admit ${t.ip.text} on 53`,
        fix: "rebuild the plan from config",
      });
    for (const az of r.outbound.azs) {
      const src = v.subnets[r.tier][az];
      const start = { at: "subnet" as const, vpc: r.vpc, tier: r.tier, az };
      if (t.kind === "inbound") {
        const target = { kind: "subnet" as const, vpc: r.vpc, tier: r.tier, az: t.az, cidr: t.ip };
        const out = walk(w, start, t.ip, target);
        const back = out.failure
          ? undefined
          : walk(w, { at: "subnet", vpc: r.vpc, tier: r.tier, az: t.az }, src, {
              kind: "subnet",
              vpc: r.vpc,
              tier: r.tier,
              az,
              cidr: src,
            });
        add(
          out.failure ??
            (back?.failure && { message: `return traffic: ${back.failure.message}`, fix: back.failure.fix }),
        );
        add(naclFailure(v, r.tier, src, "udp", [{ from: 53, to: 53 }], "forward"));
        const admitted = (text: string) => {
          const c = parseCidr(text);
          return c !== undefined && contains(c, src);
        };
        if (!r.inbound?.allowedCidrs.some(admitted))
          add({
            message: `the inbound endpoint group of ${r.name} does not admit the outbound endpoint's subnet ${src.text} on 53`,
            fix: `keep ${r.vpc}'s CIDR in the inbound endpoint's allowed sources`,
          });
        if (az === r.outbound.azs[0])
          hops.push(
            `→ ${t.ip.text.replace("/32", "")} inbound endpoint of ${r.name} (${r.vpc}/${r.tier} ${t.az}): ${out.hops.slice(0, -1).join("; ")}`,
          );
      } else {
        const out = walk(w, start, t.ip, { kind: "external", vpc: t.network, cidr: t.ip });
        const back = out.failure
          ? undefined
          : walkFromExternal(w, t.network, t.ip, { kind: "subnet", vpc: r.vpc, tier: r.tier, az, cidr: src });
        add(
          out.failure ??
            (back?.failure && { message: `return traffic: ${back.failure.message}`, fix: back.failure.fix }),
        );
        if (az === r.outbound.azs[0]) {
          hops.push(
            `→ ${t.ip.text.replace("/32", "")} DNS server of external network ${t.network}: ${out.hops.join("; ")}`,
          );
          hops.push(`  ← answers ${name} (the partner's zone), back: ${(back?.hops ?? []).join("; ")}`);
        }
      }
    }
  }
  return { hops, failures };
}

function traceFromVpc(
  cfg: EnvironmentConfig,
  plan: RoutingPlan,
  name: string,
  from: string,
  resolves: string,
): DnsTrace {
  const [vpc] = splitRef(from)!;
  const w: Walker = { cfg, model: plan };
  const hops = [`${from}: query for ${resolves} → the VPC resolver of ${vpc} (VPC CIDR base + 2)`];
  const answer = answerFor(plan, vpc, resolves);
  if (!answer) return { name, from, resolves, hops, failures: [unanswered(plan, vpc, resolves)] };
  if (answer.kind === "zone") {
    hops.push(zoneHop(plan, cfg, answer.zone, vpc));
    return { name, from, resolves, hops, failures: [] };
  }
  const { resolver: r, rule } = answer;
  const failures: Failure[] = [];
  hops.push(
    `Resolver rule ${rule.name} (${rule.domain}, shared by account ${r.account}) associated with ${vpc} forwards ${resolves}`,
  );
  if (plan.vpcs[vpc].region !== r.region)
    failures.push({
      message: `rule ${rule.name} uses endpoints in ${r.region}, but ${vpc} is in ${plan.vpcs[vpc].region} (Resolver rules are regional)`,
      fix: `add a resolver in ${plan.vpcs[vpc].region}`,
    });
  const path = forwardPath(w, r, rule, resolves);
  hops.push(...path.hops);
  failures.push(...path.failures);
  if (rule.targets.some((t) => t.kind === "inbound")) inboundAnswers(cfg, plan, r, resolves, hops, failures);
  return { name, from, resolves, hops, failures };
}

/** A partner's resolvers forwarding our domain to an inbound endpoint that admits them. */
function traceFromExternal(
  cfg: EnvironmentConfig,
  plan: RoutingPlan,
  name: string,
  network: string,
  resolves: string,
): DnsTrace {
  const w: Walker = { cfg, model: plan };
  const r = Object.values(plan.dns.resolvers).find((x) => x.inbound?.allowExternal.includes(network));
  const hops = [
    `external network ${network}: its resolvers forward ${resolves} to our inbound endpoint (the partner's side)`,
  ];
  if (!r?.inbound)
    return {
      name,
      from: network,
      resolves,
      hops,
      failures: [
        {
          message: `no Resolver inbound endpoint admits external network ${network}`,
          fix: `add "${network}" to network.resolvers.<resolver>.inbound.allowExternal and give the partner its addresses`,
        },
      ],
    };
  const failures: Failure[] = [];
  const ext = plan.externals[network];
  for (const [az, ip] of Object.entries(r.inbound.ips)) {
    for (const range of ext.cidrs) {
      const leg = walkFromExternal(w, network, range, {
        kind: "subnet",
        vpc: r.vpc,
        tier: r.tier,
        az,
        cidr: ip,
      });
      if (leg.failure) failures.push(leg.failure);
      const back = leg.failure
        ? undefined
        : walk(w, { at: "subnet", vpc: r.vpc, tier: r.tier, az }, range, {
            kind: "external",
            vpc: network,
            cidr: range,
          });
      if (back?.failure)
        failures.push({ message: `return traffic: ${back.failure.message}`, fix: back.failure.fix });
      if (range === ext.cidrs[0])
        hops.push(
          `→ ${ip.text.replace("/32", "")} inbound endpoint of ${r.name} (${r.vpc}/${r.tier} ${az}): ${leg.hops.slice(1).join("; ")}`,
        );
    }
  }
  inboundAnswers(cfg, plan, r, resolves, hops, failures);
  const unique = failures.filter((f, i) => failures.findIndex((x) => x.message === f.message) === i);
  return { name, from: network, resolves, hops, failures: unique };
}

/** Every DNS intent whose source resolves, traced over the routing plan. */
export function traceDnsIntents(
  cfg: EnvironmentConfig,
  plan: RoutingPlan = routingPlan(cfg),
): Record<string, DnsTrace> {
  const out = dict<DnsTrace>();
  for (const [name, d] of Object.entries(cfg.dnsIntents ?? {})) {
    if (hasOwn(plan.externals, d.from)) {
      if (plan.externals[d.from].cidrs.length)
        out[name] = traceFromExternal(cfg, plan, name, d.from, d.resolves);
      continue;
    }
    const ref = splitRef(d.from);
    if (!ref || !plan.vpcs[ref[0]]?.subnets[ref[1]]) continue;
    out[name] = traceFromVpc(cfg, plan, name, d.from, d.resolves);
  }
  return out;
}
