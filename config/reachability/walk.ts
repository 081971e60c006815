/**
 * One direction of a flow through the routing plan, hop by hop: VPC route tables, peerings, transit gateways
 * (and their peerings), NAT/IGW, and the connections to external networks. Pure: no cdktf.
 *
 * Rules modelled (AWS semantics): longest-prefix match in VPC and TGW route tables (a static TGW route beats a
 * propagated one of the same prefix, and a blackhole drops traffic only when it is the most specific match);
 * VPC peering delivers only into the peer VPC (not transitive, no edge-to-edge routing through the peer's
 * NAT/IGW/TGW), and the same holds for a peering with an external network; traffic entering a VPC from a TGW
 * is routed by the route table of the attachment subnet it arrives in; a subnet reaches a TGW only in AZs
 * where the attachment has a subnet; TGW peering attachments carry static routes only; private addresses never
 * cross the internet; NAT gateways translate to their Elastic IP. What happens inside an external network is
 * the partner's: a packet handed to its peering or attachment is delivered, and a packet it sends us enters
 * through the connection that reaches the destination (its own routes toward us are the partner's side).
 */
import { Cidr } from "../cidr";
import {
  describeTarget,
  externalNoRoute,
  Failure,
  noRoute,
  partialFailure,
  tgwNoRoute,
  Walker,
  where,
} from "./explain";
import { Destination, destText, longestPrefixMatch } from "./lookup";
import { PUBLIC_TIER } from "./plan";
import { TgwPlan } from "./plan-tgw";

export interface Leg {
  readonly hops: readonly string[];
  readonly failure?: Failure;
}

/** Where a packet is delivered in the end. */
export type Target =
  | {
      readonly kind: "subnet";
      readonly vpc: string;
      readonly tier: string;
      readonly az: string;
      readonly cidr: Cidr;
    }
  | { readonly kind: "public"; readonly vpc: string; readonly tier: string; readonly az: string }
  /** A range of an external network; `vpc` is the network's name (for messages). */
  | { readonly kind: "external"; readonly vpc: string; readonly cidr: Cidr };

type Location = { vpc: string; tier: string; az: string };

/** Where a walk starts: in one of our subnets, or entering a transit gateway through an attachment. */
export type Start =
  | ({ readonly at: "subnet" } & Location)
  | { readonly at: "tgw"; readonly tgw: string; readonly ingress: string };

const MAX_HOPS = 12;

const externalHop = (w: Walker, network: string, cidr: Cidr, how: string) => {
  const e = w.model.externals[network];
  return `external network ${network} ${cidr.text} (account ${e?.accountId ?? "?"}, ${e?.region ?? "?"}) via ${how}: the partner's side from here`;
};

/**
 * Crosses transit gateways from an ingress attachment until the packet leaves toward a VPC (its attachment
 * ENI), an external network (delivered), or fails.
 */
function crossTgw(
  w: Walker,
  hops: string[],
  tgw: TgwPlan,
  ingressName: string,
  dst: Destination,
  target: Target,
  fromAz: string | undefined,
): { loc?: Location; delivered?: true; failure?: Failure } {
  let curTgw = tgw;
  let ingress = ingressName;
  for (let t2 = 0; t2 < 4; t2++) {
    const inAtt = curTgw.attachments[ingress];
    const rtName = inAtt.routeTable;
    const routes = curTgw.routeTables[rtName] ?? [];
    const m = longestPrefixMatch(routes, dst);
    if (!m.route) return { failure: tgwNoRoute(w, curTgw, rtName, dst, target.vpc) };
    if (m.partial.length && dst !== "internet") {
      const bh = m.partial.find((r) => r.kind === "blackhole");
      if (bh)
        return {
          failure: {
            message: `${bh.cidr.text} (part of ${dst.text}) is blackholed in TGW route table ${rtName} (${curTgw.name}) by ${bh.origin}`,
            fix: `remove the blackhole route or narrow it so it no longer covers ${dst.text}`,
          },
        };
      return { failure: partialFailure(`TGW route table ${rtName} (${curTgw.name})`, dst, m.partial) };
    }
    const r = m.route;
    if (r.kind === "blackhole")
      return {
        failure: {
          message: `${destText(dst)} is blackholed in TGW route table ${rtName} (${curTgw.name}): ${r.cidr.text} is the most specific route (${r.origin})`,
          fix: `remove the blackhole route, or add a more specific route to ${target.vpc} in ${rtName}`,
        },
      };
    hops.push(
      `TGW ${curTgw.name} route table ${rtName} (associated with ${ingress}): ${destText(dst)} → ${r.cidr.text} ${r.kind} → attachment ${r.attachment}`,
    );
    const out = curTgw.attachments[r.attachment!];
    if (!out)
      return {
        failure: {
          message: `TGW route table ${rtName} (${curTgw.name}) targets ${r.attachment}, which is not attached`,
          fix: `fix ${r.origin}`,
        },
      };
    if (out.kind === "peering") {
      const peer = w.model.tgws[out.peerTgw];
      const back =
        peer && Object.values(peer.attachments).find((a) => a.kind === "peering" && a.name === out.name);
      if (!peer || !back)
        return {
          failure: {
            message: `TGW peering ${out.name} has no far side`,
            fix: `check network.tgwPeerings.${out.name}`,
          },
        };
      hops.push(`TGW peering ${out.name}: ${curTgw.name} (${curTgw.region}) → ${peer.name} (${peer.region})`);
      curTgw = peer;
      ingress = out.name;
      continue;
    }
    if (out.kind === "external") {
      if (target.kind === "external" && target.vpc === out.network) {
        hops.push(
          externalHop(
            w,
            out.network,
            target.cidr,
            `${out.via === "peering" ? "TGW peering" : "VPC"} attachment ${out.name}`,
          ),
        );
        return { delivered: true };
      }
      return {
        failure: {
          message: `TGW route table ${rtName} (${curTgw.name}) sends ${destText(dst)} to attachment ${out.name} of external network ${out.network}, but ${target.vpc} is not there`,
          fix: `fix ${r.origin}`,
        },
      };
    }
    const next = w.model.vpcs[out.vpc];
    const tgwAzs = Object.keys(next.subnets[out.subnetTier] ?? {});
    const az =
      fromAz !== undefined && tgwAzs.includes(fromAz)
        ? fromAz
        : target.kind === "subnet" && tgwAzs.includes(target.az)
          ? target.az
          : tgwAzs[0];
    if (az === undefined)
      return {
        failure: {
          message: `attachment ${out.vpc} has no subnets`,
          fix: `add subnets.${out.subnetTier} to network.vpcs.${out.vpc}`,
        },
      };
    hops.push(`attachment ${out.vpc} ENI in ${out.vpc}/${out.subnetTier} ${az}`);
    return { loc: { vpc: out.vpc, tier: out.subnetTier, az } };
  }
  return {
    failure: {
      message: `routing loop between transit gateways toward ${destText(dst)}`,
      fix: "check the TGW static routes",
    },
  };
}

/**
 * Walks toward `target`, returning the hops and the first failure. `dst` is the prefix the routers see: the
 * destination subnet or external range (private), or "internet" (a public address).
 */
export function walk(w: Walker, start: Start, dst: Destination, target: Target): Leg {
  const hops: string[] = [];
  const fail = (f: Failure): Leg => ({ hops, failure: f });
  let loc: Location;
  let entered: "subnet" | "tgw" = "subnet";
  if (start.at === "tgw") {
    const c = crossTgw(w, hops, w.model.tgws[start.tgw], start.ingress, dst, target, undefined);
    if (c.failure) return fail(c.failure);
    if (c.delivered) return { hops };
    loc = c.loc!;
    entered = "tgw";
  } else loc = { vpc: start.vpc, tier: start.tier, az: start.az };
  for (let step = 0; step < MAX_HOPS; step++) {
    const vpc = w.model.vpcs[loc.vpc];
    const rt = vpc.routeTables[loc.tier]?.[loc.az];
    if (!rt)
      return fail({
        message: `no route table for ${loc.vpc}/${loc.tier} in ${loc.az}`,
        fix: "fix the subnets of the VPC",
      });
    const { route, partial } = longestPrefixMatch(rt.routes, dst);
    if (!route)
      return fail(
        target.kind === "external"
          ? externalNoRoute(w, rt, target.cidr, target.vpc)
          : noRoute(w, rt, dst, target.vpc),
      );
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
    if (t.kind === "external-peering") {
      if (target.kind === "external" && target.vpc === t.network) {
        hops.push(externalHop(w, t.network, target.cidr, `peering ${t.peering}`));
        return { hops };
      }
      return fail({
        message: `peering is not transitive: route table ${rt.id} sends ${destText(dst)} to peering ${t.peering}, which delivers only into external network ${t.network}`,
        fix: `route ${destText(dst)} to ${target.vpc} through a connection that reaches it`,
      });
    }
    if (t.kind === "nat" || t.kind === "igw") {
      if (dst !== "internet")
        return fail(
          target.kind === "external"
            ? externalNoRoute(w, rt, target.cidr, target.vpc, route)
            : noRoute(w, rt, dst, target.vpc, route),
        );
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
    const c = crossTgw(w, hops, tgw, att.name, dst, target, loc.az);
    if (c.failure) return fail(c.failure);
    if (c.delivered) return { hops };
    loc = c.loc!;
    entered = "tgw";
  }
  return fail({
    message: `routing loop toward ${destText(dst)}`,
    fix: "check the route tables and TGW routes along the path",
  });
}

/** From the internet to a target's public side: its VPC's internet gateway and a tier routed to it. */
function arriveFromInternet(w: Walker, target: Target, hops: string[]): Leg {
  if (target.kind !== "public")
    return {
      hops,
      failure: { message: `${target.vpc} is not reachable from the internet`, fix: "use an internet target" },
    };
  const v = w.model.vpcs[target.vpc];
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
export function walkBackFromInternet(w: Walker, from: Location, src: Location & { cidr: Cidr }): Leg {
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

/**
 * A packet an external network sends to one of our subnets: it enters through a peering of the network with
 * the destination VPC (delivered by that VPC's local route), or else through the network's attachment on a
 * transit gateway (then routed like any TGW traffic).
 */
export function walkFromExternal(
  w: Walker,
  network: string,
  src: Cidr,
  target: Target & { kind: "subnet" },
): Leg {
  const head = `external network ${network} ${src.text}`;
  const peering = Object.values(w.model.externalPeerings).find(
    (p) => p.network === network && p.vpc === target.vpc,
  );
  if (peering)
    return {
      hops: [
        `${head} → peering ${peering.name} (the partner's route to ${target.cidr.text}, its side)`,
        `${target.vpc} local route → ${target.vpc}/${target.tier} ${target.az} (${target.cidr.text})`,
      ],
    };
  for (const tgw of Object.values(w.model.tgws)) {
    const att = Object.values(tgw.attachments).find((a) => a.kind === "external" && a.network === network);
    if (!att) continue;
    const leg = walk(w, { at: "tgw", tgw: tgw.name, ingress: att.name }, target.cidr, target);
    return {
      hops: [
        `${head} → attachment ${att.name} of transit gateway ${tgw.name} (the partner's route to ${target.cidr.text}, its side)`,
        ...leg.hops,
      ],
      failure: leg.failure,
    };
  }
  return {
    hops: [head],
    failure: {
      message: `external network ${network} has no connection that reaches ${target.vpc}: no peering with it and no attachment on a transit gateway`,
      fix: `accept or request a peering (network.externalPeerings) with ${target.vpc}, or accept the partner's attachment on a transit gateway ${target.vpc} is attached to (network.transitGateways.<tgw>.externalAttachments)`,
    },
  };
}
