/**
 * Finds the path of each reachability intent through the routing plan (plan.ts), per AZ pair and in both directions
 * (return traffic), and explains a failure with the config change that fixes it. Pure: no cdktf.
 *
 * Rules modelled (AWS semantics): longest-prefix match in VPC and TGW route tables (a static TGW route beats a
 * propagated one of the same prefix, and a blackhole drops traffic only when it is the most specific match);
 * VPC peering delivers only into the peer VPC (not transitive, no edge-to-edge routing through the peer's
 * NAT/IGW/TGW); traffic entering a VPC from a TGW is routed by the route table of the attachment subnet it
 * arrives in; a subnet reaches a TGW only in AZs where the attachment has a subnet; TGW peering attachments
 * carry static routes only; private addresses never cross the internet; NAT gateways translate to their
 * Elastic IP; the isolating NACL of dedicated tiers admits only intra-tier traffic and TCP 1024-65535 (stateless:
 * replies to the tier must be TCP as well); security groups are stateful.
 */
import { Cidr, contains } from "../cidr";
import { own } from "../lookup";
import { EnvironmentConfig } from "../schema";
import { describeTarget, Failure, noRoute, partialFailure, tgwNoRoute, Walker, where } from "./explain";
import { formatPorts, glueStorePort, PortRange, resolveIntent, ResolvedIntent } from "./intents";
import { Destination, destText, longestPrefixMatch } from "./lookup";
import { PUBLIC_TIER, RoutingPlan, routingPlan, VpcPlan } from "./plan";

export type { Failure } from "./explain";

export interface Leg {
  readonly hops: readonly string[];
  readonly failure?: Failure;
}

export interface PairTrace {
  readonly fromAz: string;
  readonly toAz: string;
  readonly forward: Leg;
  /** Return traffic; absent when the forward leg already failed or the service answers itself (gateway endpoints). */
  readonly back?: Leg;
}

export interface IntentTrace {
  readonly intent: ResolvedIntent;
  readonly pairs: readonly PairTrace[];
  /** Distinct failures over every AZ pair and direction, plus security group / NACL verdicts. */
  readonly failures: readonly Failure[];
}

/** Where a packet is delivered in the end. */
type Target =
  | {
      readonly kind: "subnet";
      readonly vpc: string;
      readonly tier: string;
      readonly az: string;
      readonly cidr: Cidr;
    }
  | { readonly kind: "public"; readonly vpc: string; readonly tier: string; readonly az: string };

const MAX_HOPS = 12;

/**
 * Walks from a subnet toward `target`, returning the hops and the first failure. `dst` is the prefix the
 * routers see: the destination subnet (private), or "internet" (a public address).
 */
function walk(
  w: Walker,
  start: { vpc: string; tier: string; az: string },
  dst: Destination,
  target: Target,
): Leg {
  const hops: string[] = [];
  const fail = (f: Failure): Leg => ({ hops, failure: f });
  let loc = start;
  let entered: "subnet" | "tgw" = "subnet";
  for (let step = 0; step < MAX_HOPS; step++) {
    const vpc = w.model.vpcs[loc.vpc];
    const rt = vpc.routeTables[loc.tier]?.[loc.az];
    if (!rt)
      return fail({
        message: `no route table for ${loc.vpc}/${loc.tier} in ${loc.az}`,
        fix: "fix the subnets of the VPC",
      });
    const { route, partial } = longestPrefixMatch(rt.routes, dst);
    if (!route) return fail(noRoute(w, rt, dst, target.vpc));
    if (partial.length && dst !== "internet")
      return fail(partialFailure(`route table ${rt.id} (${where(vpc)})`, dst, partial));
    const t = route.target;
    hops.push(`route table ${rt.id}: ${destText(dst)} → ${route.cidr.text} → ${describeTarget(route)}`);
    if (t.kind === "local") {
      if (target.kind !== "subnet" || target.vpc !== loc.vpc)
        return fail({
          message: `route table ${rt.id} delivers ${destText(dst)} locally, but it is not in ${loc.vpc}`,
          fix: "check the VPC CIDRs",
        });
      hops.push(
        `${target.vpc}/${target.tier} ${target.az} (${target.cidr.text})${entered === "tgw" ? " via the attachment ENI" : ""}`,
      );
      return { hops };
    }
    if (t.kind === "peering") {
      if (target.kind === "subnet" && target.vpc === t.peer) {
        hops.push(`${target.vpc}/${target.tier} ${target.az} (${target.cidr.text})`);
        return { hops };
      }
      return fail({
        message: `peering is not transitive: ${loc.vpc} → ${t.peer} → ${target.vpc} (route table ${rt.id} sends ${destText(dst)} to peering ${t.peering}, which delivers only into ${t.peer})`,
        fix: `peer ${loc.vpc} with ${target.vpc} directly (network.peerings) or attach both to a transit gateway`,
      });
    }
    if (t.kind === "nat" || t.kind === "igw") {
      if (dst !== "internet") return fail(noRoute(w, rt, dst, target.vpc, route));
      if (entered === "tgw")
        return fail({
          message: `traffic entering ${loc.vpc} from a transit gateway cannot use its ${t.kind === "nat" ? "NAT gateway" : "internet gateway"}`,
          fix: "route the destination directly",
        });
      if (t.kind === "igw")
        return fail({
          message: `${loc.vpc}/${loc.tier} reaches the internet through the internet gateway with its own public address, which is not known before deploy (no NAT address to allow-list)`,
          fix: `start the intent in a tier routed through a NAT gateway (e.g. ${loc.vpc}/private)`,
        });
      const natAz = t.az;
      hops.push(
        `NAT gateway ${loc.vpc} ${natAz}${natAz !== loc.az ? ` (cross-AZ from ${loc.az}: natGateways "single")` : ""}: source becomes its Elastic IP`,
      );
      const pub = vpc.routeTables[PUBLIC_TIER]?.[natAz];
      const pr = pub ? longestPrefixMatch(pub.routes, "internet").route : undefined;
      if (!pub || !pr || pr.target.kind !== "igw")
        return fail({
          message: `the NAT gateway's public subnet in ${loc.vpc} has no route to the internet gateway`,
          fix: "give the VPC public subnets",
        });
      hops.push(`route table ${pub.id}: 0.0.0.0/0 → internet gateway ${loc.vpc}`);
      return arriveFromInternet(w, target, hops);
    }
    // Transit gateway.
    const tgw = w.model.tgws[t.tgw];
    const att = tgw?.attachments[loc.vpc];
    if (!tgw || !att || att.kind !== "vpc")
      return fail({
        message: `${loc.vpc} is not attached to transit gateway ${t.tgw}`,
        fix: `attach it (network.transitGateways.${t.tgw}.attachments.${loc.vpc})`,
      });
    if (!vpc.subnets[att.subnetTier]?.[loc.az])
      return fail({
        message: `${loc.vpc}/${loc.tier} in ${loc.az} cannot reach transit gateway ${tgw.name}: attachment ${loc.vpc} has no subnet in ${loc.az} (account ${vpc.account}, ${vpc.region})`,
        fix: `add a ${loc.az} subnet to network.vpcs.${loc.vpc}.subnets.${att.subnetTier}`,
      });
    let curTgw = tgw;
    let ingress = att.name;
    for (let t2 = 0; t2 < 4; t2++) {
      const inAtt = curTgw.attachments[ingress];
      const rtName = inAtt.routeTable;
      const routes = curTgw.routeTables[rtName] ?? [];
      const m = longestPrefixMatch(routes, dst);
      if (!m.route) return fail(tgwNoRoute(w, curTgw, rtName, dst, target.vpc));
      if (m.partial.length && dst !== "internet") {
        const bh = m.partial.find((r) => r.kind === "blackhole");
        if (bh)
          return fail({
            message: `${bh.cidr.text} (part of ${dst.text}) is blackholed in TGW route table ${rtName} (${curTgw.name}) by ${bh.origin}`,
            fix: `remove the blackhole route or narrow it so it no longer covers ${dst.text}`,
          });
        return fail(partialFailure(`TGW route table ${rtName} (${curTgw.name})`, dst, m.partial));
      }
      const r = m.route;
      if (r.kind === "blackhole")
        return fail({
          message: `${destText(dst)} is blackholed in TGW route table ${rtName} (${curTgw.name}): ${r.cidr.text} is the most specific route (${r.origin})`,
          fix: `remove the blackhole route, or add a more specific route to ${target.vpc} in ${rtName}`,
        });
      hops.push(
        `TGW ${curTgw.name} route table ${rtName} (associated with ${ingress}): ${destText(dst)} → ${r.cidr.text} ${r.kind} → attachment ${r.attachment}`,
      );
      const out = curTgw.attachments[r.attachment!];
      if (!out)
        return fail({
          message: `TGW route table ${rtName} (${curTgw.name}) targets ${r.attachment}, which is not attached`,
          fix: `fix ${r.origin}`,
        });
      if (out.kind === "peering") {
        const peer = w.model.tgws[out.peerTgw];
        const back =
          peer && Object.values(peer.attachments).find((a) => a.kind === "peering" && a.name === out.name);
        if (!peer || !back)
          return fail({
            message: `TGW peering ${out.name} has no far side`,
            fix: `check network.tgwPeerings.${out.name}`,
          });
        hops.push(
          `TGW peering ${out.name}: ${curTgw.name} (${curTgw.region}) → ${peer.name} (${peer.region})`,
        );
        curTgw = peer;
        ingress = out.name;
        continue;
      }
      const next = w.model.vpcs[out.vpc];
      const tgwAzs = Object.keys(next.subnets[out.subnetTier] ?? {});
      const az = tgwAzs.includes(loc.az)
        ? loc.az
        : target.kind === "subnet" && tgwAzs.includes(target.az)
          ? target.az
          : tgwAzs[0];
      if (az === undefined)
        return fail({
          message: `attachment ${out.vpc} has no subnets`,
          fix: `add subnets.${out.subnetTier} to network.vpcs.${out.vpc}`,
        });
      hops.push(`attachment ${out.vpc} ENI in ${out.vpc}/${out.subnetTier} ${az}`);
      loc = { vpc: out.vpc, tier: out.subnetTier, az };
      entered = "tgw";
      break;
    }
    if (entered !== "tgw" || hops[hops.length - 1].startsWith("TGW peering"))
      return fail({
        message: `routing loop between transit gateways toward ${destText(dst)}`,
        fix: "check the TGW static routes",
      });
    entered = "tgw";
  }
  return fail({
    message: `routing loop toward ${destText(dst)}`,
    fix: "check the route tables and TGW routes along the path",
  });
}

/** From the internet to a target's public side: its VPC's internet gateway and a tier routed to it. */
function arriveFromInternet(w: Walker, target: Target, hops: string[]): Leg {
  const v = w.model.vpcs[target.vpc];
  if (target.kind !== "public")
    return {
      hops,
      failure: { message: `${target.vpc} is not reachable from the internet`, fix: "use an internet target" },
    };
  if (!v.hasInternetGateway)
    return {
      hops,
      failure: {
        message: `${target.vpc} has no internet gateway (no public subnets), so nothing in it has a public side (${where(v)})`,
        fix: `add subnets.public to network.vpcs.${target.vpc}, or reach ${target.vpc} privately (peering or transit gateway)`,
      },
    };
  const rt = v.routeTables[target.tier]?.[target.az];
  const r = rt ? longestPrefixMatch(rt.routes, "internet").route : undefined;
  if (!rt || !r || r.target.kind !== "igw")
    return {
      hops,
      failure: {
        message: `${target.vpc}/${target.tier} has no route to the internet gateway (route table ${rt?.id ?? "-"}: 0.0.0.0/0 → ${r ? describeTarget(r) : "none"}), so its resources have no public side (${where(v)})`,
        fix: `target ${target.vpc}/public, or reach ${target.vpc}/${target.tier} privately (peering or transit gateway)`,
      },
    };
  hops.push(
    `internet → internet gateway ${target.vpc} → ${target.vpc}/${target.tier} ${target.az} (public address)`,
  );
  return { hops };
}

/** Return traffic from a public-side destination to the source VPC's NAT Elastic IP and back to the source. */
function walkBackFromInternet(
  w: Walker,
  from: { vpc: string; tier: string; az: string },
  src: { vpc: string; tier: string; az: string; cidr: Cidr },
): Leg {
  const hops: string[] = [];
  const v = w.model.vpcs[from.vpc];
  const rt = v.routeTables[from.tier][from.az];
  const r = longestPrefixMatch(rt.routes, "internet").route;
  if (!r || r.target.kind !== "igw")
    return {
      hops,
      failure: {
        message: `return traffic: route table ${rt.id} has no route to the internet gateway`,
        fix: `target ${from.vpc}/public`,
      },
    };
  hops.push(`route table ${rt.id}: NAT Elastic IP → 0.0.0.0/0 → internet gateway ${from.vpc}`);
  const srcRt = w.model.vpcs[src.vpc].routeTables[src.tier]?.[src.az];
  const nat = srcRt && longestPrefixMatch(srcRt.routes, "internet").route?.target;
  const natAz = nat?.kind === "nat" ? nat.az : src.az;
  hops.push(
    `internet → NAT gateway ${src.vpc} ${natAz} (Elastic IP) → ${src.vpc}/${src.tier} ${src.az} (${src.cidr.text}, local route)`,
  );
  return { hops };
}

function portsWithin(ports: readonly PortRange[], lo: number, hi: number): boolean {
  return ports.every((p) => p.from >= lo && p.to <= hi);
}

/** The isolating NACL of a dedicated tier, for traffic entering it from `sourceCidr` (undefined = outside). */
function naclFailure(
  v: VpcPlan,
  tier: string,
  from: Cidr | undefined,
  protocol: "tcp" | "udp",
  ports: readonly PortRange[],
  direction: "forward" | "return",
): Failure | undefined {
  if (!v.isolatedTiers.has(tier)) return undefined;
  const tierCidrs = Object.values(v.subnets[tier] ?? {});
  if (from && tierCidrs.some((c) => contains(c, from))) return undefined;
  if (direction === "forward") {
    if (protocol === "tcp" && portsWithin(ports, 1024, 65535)) return undefined;
    return {
      message: `the network ACL of ${v.name}/${tier} (an isolated dedicated tier) admits only traffic from its own subnets and TCP 1024-65535, so ${protocol.toUpperCase()} ${formatPorts(ports)} from ${from?.text ?? "outside"} is dropped`,
      fix: `target a port in TCP 1024-65535, or a non-isolated tier (e.g. ${v.name}/private)`,
    };
  }
  if (protocol === "tcp") return undefined;
  return {
    message: `return traffic: the network ACL of ${v.name}/${tier} (an isolated dedicated tier, stateless) admits replies only on TCP 1024-65535, so UDP replies are dropped`,
    fix: `start the intent in a non-isolated tier (e.g. ${v.name}/private), or use TCP`,
  };
}

/** Security group verdicts that do not depend on the AZ pair. */
function securityGroupFailures(cfg: EnvironmentConfig, model: RoutingPlan, i: ResolvedIntent): Failure[] {
  const out: Failure[] = [];
  const src = model.vpcs[i.from.vpc];
  if (i.kind === "interface-endpoint") {
    const v = model.vpcs[i.to.vpc];
    const allowed = [v.cidr.text, ...(v.interfaceEndpoints?.allowedCidrs ?? [])];
    if (i.protocol !== "tcp" || !i.ports.every((p) => p.from === 443 && p.to === 443))
      out.push({
        message: `security group not opened: the interface endpoint security group of ${i.to.vpc} (${i.to.service}) admits only TCP 443, not ${i.protocol.toUpperCase()} ${formatPorts(i.ports)}`,
        fix: "declare ports: [443] with protocol tcp (AWS APIs behind interface endpoints listen on HTTPS only)",
      });
    if (!allowed.includes(src.cidr.text))
      out.push({
        message: `security group not opened: the interface endpoint security group of ${i.to.vpc} admits 443 only from ${allowed.join(", ")}, not from ${i.from.vpc} (${src.cidr.text})`,
        fix: `connect ${i.from.vpc} to ${i.to.vpc} (peering or transit gateway), which adds its CIDR to the endpoint group`,
      });
  }
  if (
    i.kind === "gateway-endpoint" &&
    (i.protocol !== "tcp" || !i.ports.every((p) => [80, 443].includes(p.from) && p.from === p.to))
  )
    out.push({
      message: `${i.to.service} behind the gateway endpoint serves only TCP 443 and 80, not ${i.protocol.toUpperCase()} ${formatPorts(i.ports)}`,
      fix: "declare ports: [443] with protocol tcp",
    });
  if (i.glueDataStore) {
    const key = i.glueDataStore;
    const at = `ingest.glue.connections.${key}.dataStore`;
    const glueVpc = cfg.ingest?.glue?.vpc;
    const port = glueStorePort(cfg, key);
    const sg =
      own(cfg.ingest?.glue?.connections, key)?.dataStore?.securityGroupId ?? `${cfg.name}-${key}-glue-access`;
    if (i.kind !== "internet" || i.from.vpc !== glueVpc)
      out.push({
        message: `security group not opened: the data store's security group ${sg} (${at}) admits only the NAT Elastic IPs of the Glue VPC ${glueVpc}, but this flow ${
          i.kind === "internet"
            ? `leaves through the NAT gateways of ${i.from.vpc}`
            : `arrives from the private addresses of ${i.from.vpc}/${i.from.tier}`
        }`,
        fix:
          i.kind === "internet"
            ? `start the intent in ${glueVpc} (the Glue VPC), or drop glueDataStore and let the intent open its own group`
            : `reach the store's public side: to: { internet: "${i.to.vpc}/public" } from ${glueVpc}, through its NAT gateway`,
      });
    if (
      port !== undefined &&
      (i.protocol !== "tcp" || !i.ports.every((p) => p.from === port && p.to === port))
    )
      out.push({
        message: `security group not opened: the data store's security group ${sg} (${at}) admits only TCP ${port} (the store's port), not ${i.protocol.toUpperCase()} ${formatPorts(i.ports)}`,
        fix: `declare ports: [${port}] with protocol tcp, or change the store's port (${at}.port or the JDBC URL)`,
      });
  }
  return out;
}

/** Traces one resolved intent over every AZ pair, in both directions. */
export function traceIntent(cfg: EnvironmentConfig, model: RoutingPlan, i: ResolvedIntent): IntentTrace {
  const w: Walker = { cfg, model };
  const src = model.vpcs[i.from.vpc];
  const dst = model.vpcs[i.to.vpc];
  const srcAzs = Object.keys(src.subnets[i.from.tier] ?? {});
  const pairs: PairTrace[] = [];
  const failures: Failure[] = [];
  const add = (f: Failure | undefined) => {
    if (f && !failures.some((x) => x.message === f.message)) failures.push(f);
  };

  if (i.kind === "gateway-endpoint") {
    for (const az of srcAzs) {
      const rt = src.routeTables[i.from.tier][az];
      const hops = [`${i.from.vpc}/${i.from.tier} ${az} (${src.subnets[i.from.tier][az].text})`];
      let failure: Failure | undefined;
      if (i.from.vpc !== i.to.vpc)
        failure = {
          message: `the ${i.to.service} gateway endpoint of ${i.to.vpc} is reachable only from inside ${i.to.vpc} (gateway endpoints do not extend over peerings or transit gateways)`,
          fix: `add a ${i.to.service} gateway endpoint to network.vpcs.${i.from.vpc}.endpoints.gateway`,
        };
      else if (!rt.gatewayEndpoints.includes(i.to.service!))
        failure = {
          message: `no route to the ${i.to.service} gateway endpoint in route table ${rt.id} (${where(src)}): ${i.from.tier} is not in its routeTiers, so ${i.to.service} traffic takes ${rt.routes.some((r) => r.cidr.prefix === 0) ? "0.0.0.0/0 instead" : "no route"}`,
          fix: `add "${i.from.tier}" to network.vpcs.${i.to.vpc}.endpoints.routeTiers`,
        };
      else
        hops.push(
          `route table ${rt.id}: ${i.to.service} prefix list → gateway endpoint ${i.to.service}`,
          `${i.to.service} (${src.region}); replies return through the endpoint`,
        );
      add(failure);
      pairs.push({ fromAz: az, toAz: az, forward: { hops, failure } });
    }
    for (const f of securityGroupFailures(cfg, model, i)) add(f);
    return { intent: i, pairs, failures };
  }

  const dstTier = i.to.tier!;
  const dstAzs = Object.keys(dst.subnets[dstTier] ?? {});
  for (const fromAz of srcAzs) {
    const srcCidr = src.subnets[i.from.tier][fromAz];
    for (const toAz of dstAzs) {
      const dstCidr = dst.subnets[dstTier][toAz];
      const start = { vpc: i.from.vpc, tier: i.from.tier, az: fromAz };
      const head = `${i.from.vpc}/${i.from.tier} ${fromAz} (${srcCidr.text})`;
      let forward: Leg;
      let back: Leg | undefined;
      if (i.kind === "internet") {
        forward = walk(w, start, "internet", { kind: "public", vpc: i.to.vpc, tier: dstTier, az: toAz });
        forward = { hops: [head, ...forward.hops], failure: forward.failure };
        if (!forward.failure) {
          forward = {
            ...forward,
            failure: naclFailure(dst, dstTier, undefined, i.protocol, i.ports, "forward"),
          };
        }
        if (!forward.failure) {
          back = walkBackFromInternet(
            w,
            { vpc: i.to.vpc, tier: dstTier, az: toAz },
            { ...start, cidr: srcCidr },
          );
          back = {
            hops: [`${i.to.vpc}/${dstTier} ${toAz} (public address)`, ...back.hops],
            failure: back.failure ?? naclFailure(src, i.from.tier, undefined, i.protocol, i.ports, "return"),
          };
        }
      } else {
        forward = walk(w, start, dstCidr, {
          kind: "subnet",
          vpc: i.to.vpc,
          tier: dstTier,
          az: toAz,
          cidr: dstCidr,
        });
        forward = {
          hops: [head, ...forward.hops],
          failure: forward.failure ?? naclFailure(dst, dstTier, srcCidr, i.protocol, i.ports, "forward"),
        };
        if (!forward.failure) {
          const b = walk(w, { vpc: i.to.vpc, tier: dstTier, az: toAz }, srcCidr, {
            kind: "subnet",
            vpc: i.from.vpc,
            tier: i.from.tier,
            az: fromAz,
            cidr: srcCidr,
          });
          const prefixed = b.failure
            ? { message: `return traffic: ${b.failure.message}`, fix: b.failure.fix }
            : naclFailure(src, i.from.tier, dstCidr, i.protocol, i.ports, "return");
          back = { hops: [`${i.to.vpc}/${dstTier} ${toAz} (${dstCidr.text})`, ...b.hops], failure: prefixed };
        }
      }
      add(forward.failure);
      add(back?.failure);
      pairs.push({ fromAz, toAz, forward, back });
    }
  }
  for (const f of securityGroupFailures(cfg, model, i)) add(f);
  return { intent: i, pairs, failures };
}

/** Every intent of an environment whose references resolve, traced over the routing plan. */
export function traceIntents(
  cfg: EnvironmentConfig,
  model: RoutingPlan = routingPlan(cfg),
): Record<string, IntentTrace> {
  const out: Record<string, IntentTrace> = {};
  for (const [name, intent] of Object.entries(cfg.intents ?? {})) {
    const r = resolveIntent(cfg, name, intent);
    // The model's maps have no prototype, so a name such as "constructor" is simply absent.
    if (!r || !model.vpcs[r.from.vpc] || !model.vpcs[r.to.vpc]) continue;
    if (!model.vpcs[r.from.vpc].subnets[r.from.tier]) continue;
    if (r.to.tier !== undefined && !model.vpcs[r.to.vpc].subnets[r.to.tier]) continue;
    out[name] = traceIntent(cfg, model, r);
  }
  return out;
}
