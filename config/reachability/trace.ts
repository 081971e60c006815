/**
 * Finds the path of each reachability intent through the routing plan (plan.ts), per AZ pair and in both
 * directions (return traffic), and explains a failure with the config change that fixes it. Pure: no cdktf.
 * The routing rules are walk.ts's; here: the AZ pairs, both directions, and the verdicts that do not depend on
 * routes: the isolating NACL of dedicated tiers admits only intra-tier traffic and TCP 1024-65535 (stateless:
 * replies to the tier must be TCP as well); security groups are stateful and opened as the plan's openings say.
 */
import { Cidr, contains } from "../cidr";
import { dict, own } from "../lookup";
import { EnvironmentConfig } from "../schema";
import { Failure, Walker, where } from "./explain";
import {
  ExternalIntent,
  formatPorts,
  glueStorePort,
  isExternalIntent,
  PortRange,
  resolveIntent,
  ResolvedIntent,
  VpcIntent,
} from "./intents";
import { RoutingPlan, routingPlan, VpcPlan } from "./plan";
import { Leg, walk, walkBackFromInternet, walkFromExternal } from "./walk";

export type { Failure } from "./explain";
export type { Leg } from "./walk";

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

function portsWithin(ports: readonly PortRange[], lo: number, hi: number): boolean {
  return ports.every((p) => p.from >= lo && p.to <= hi);
}

/** The isolating NACL of a dedicated tier, for traffic entering it from `sourceCidr` (undefined = outside). */
export function naclFailure(
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
function securityGroupFailures(cfg: EnvironmentConfig, model: RoutingPlan, i: VpcIntent): Failure[] {
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
  if (isExternalIntent(i)) return traceExternalIntent(cfg, model, i);
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
        forward = walk(w, { at: "subnet", ...start }, "internet", {
          kind: "public",
          vpc: i.to.vpc,
          tier: dstTier,
          az: toAz,
        });
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
        forward = walk(w, { at: "subnet", ...start }, dstCidr, {
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
          const b = walk(w, { at: "subnet", vpc: i.to.vpc, tier: dstTier, az: toAz }, srcCidr, {
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
  const out = dict<IntentTrace>();
  for (const [name, intent] of Object.entries(cfg.intents ?? {})) {
    const r = resolveIntent(cfg, name, intent);
    if (!r) continue;
    // The plan's maps have no prototype, so a name such as "constructor" is simply absent.
    if (isExternalIntent(r)) {
      if (!model.externals[r.network]?.cidrs.length || !model.vpcs[r.ours.vpc]?.subnets[r.ours.tier])
        continue;
    } else {
      if (!model.vpcs[r.from.vpc] || !model.vpcs[r.to.vpc]) continue;
      if (!model.vpcs[r.from.vpc].subnets[r.from.tier]) continue;
      if (r.to.tier !== undefined && !model.vpcs[r.to.vpc].subnets[r.to.tier]) continue;
    }
    out[name] = traceIntent(cfg, model, r);
  }
  return out;
}

/**
 * An intent with an external network at one end: per AZ of our tier and per range of the partner, the path
 * out (through our routes to the partner's peering or attachment) and the path in (through the connection the
 * partner reaches our VPC by), in the intent's direction first. The partner's own routes and groups are its
 * side; ours are proved.
 */
function traceExternalIntent(cfg: EnvironmentConfig, model: RoutingPlan, i: ExternalIntent): IntentTrace {
  const w: Walker = { cfg, model };
  const v = model.vpcs[i.ours.vpc];
  const ext = model.externals[i.network];
  const pairs: PairTrace[] = [];
  const failures: Failure[] = [];
  const add = (f: Failure | undefined) => {
    if (f && !failures.some((x) => x.message === f.message)) failures.push(f);
  };
  for (const [az, cidr] of Object.entries(v.subnets[i.ours.tier] ?? {})) {
    for (const range of ext.cidrs) {
      const here = `${i.ours.vpc}/${i.ours.tier} ${az} (${cidr.text})`;
      const out = (): Leg => {
        const leg = walk(w, { at: "subnet", vpc: i.ours.vpc, tier: i.ours.tier, az }, range, {
          kind: "external",
          vpc: i.network,
          cidr: range,
        });
        return { hops: [here, ...leg.hops], failure: leg.failure };
      };
      const inbound = (): Leg =>
        walkFromExternal(w, i.network, range, {
          kind: "subnet",
          vpc: i.ours.vpc,
          tier: i.ours.tier,
          az,
          cidr,
        });
      const prefix = (l: Leg): Leg =>
        l.failure
          ? { hops: l.hops, failure: { message: `return traffic: ${l.failure.message}`, fix: l.failure.fix } }
          : l;
      let forward: Leg;
      let back: Leg | undefined;
      if (i.kind === "to-external") {
        forward = out();
        if (!forward.failure) {
          const b = prefix(inbound());
          back = {
            hops: b.hops,
            failure: b.failure ?? naclFailure(v, i.ours.tier, range, i.protocol, i.ports, "return"),
          };
        }
        pairs.push({ fromAz: az, toAz: range.text, forward, back });
      } else {
        const f = inbound();
        forward = {
          hops: f.hops,
          failure: f.failure ?? naclFailure(v, i.ours.tier, range, i.protocol, i.ports, "forward"),
        };
        if (!forward.failure) back = prefix(out());
        pairs.push({ fromAz: range.text, toAz: az, forward, back });
      }
      add(forward.failure);
      add(back?.failure);
    }
  }
  return { intent: i, pairs, failures };
}
