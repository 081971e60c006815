/**
 * How the reachability checker explains a broken path: what is missing where, and the config change that
 * fixes it (pure).
 */
import { Cidr } from "../cidr";
import { hasOwn, own } from "../lookup";
import { EnvironmentConfig } from "../schema";
import { Destination, destText } from "./lookup";
import { RouteTablePlan, RoutingPlan, VpcPlan, VpcRoute } from "./plan";
import { TgwPlan } from "./plan-tgw";

export interface Failure {
  readonly message: string;
  readonly fix: string;
}

/** What the walk needs besides the packet: the config (for fixes) and the plan (for routes). */
export interface Walker {
  readonly cfg: EnvironmentConfig;
  readonly model: RoutingPlan;
}

export const where = (v: VpcPlan) => `account ${v.account}, ${v.region}`;

export function describeTarget(r: VpcRoute): string {
  const t = r.target;
  switch (t.kind) {
    case "local":
      return "local";
    case "igw":
      return "internet gateway";
    case "nat":
      return `NAT gateway ${t.az}`;
    case "peering":
      return `peering ${t.peering} (to ${t.peer})`;
    case "tgw":
      return `transit gateway ${t.tgw}`;
    case "external-peering":
      return `peering ${t.peering} (to external network ${t.network})`;
  }
}

/** Peering chain between two VPCs (BFS over peerings), for the "not transitive" explanation. */
export function peeringChain(model: RoutingPlan, from: string, to: string): string[] | undefined {
  const prev = new Map<string, string>([[from, ""]]);
  const queue = [from];
  while (queue.length) {
    const v = queue.shift()!;
    if (v === to) break;
    for (const p of Object.values(model.peerings)) {
      const next = p.requester === v ? p.accepter : p.accepter === v ? p.requester : undefined;
      if (next && !prev.has(next)) {
        prev.set(next, v);
        queue.push(next);
      }
    }
  }
  if (!prev.has(to) || from === to) return undefined;
  const chain = [to];
  while (chain[0] !== from) chain.unshift(prev.get(chain[0])!);
  return chain.length > 2 ? chain : undefined;
}

/** How to route `dstVpc` from `rt` when no route exists: the connection that exists, and what to add to it. */
export function noRouteFix(w: Walker, rt: RouteTablePlan, dstVpc: string): string {
  const { model, cfg } = w;
  for (const p of Object.values(model.peerings)) {
    const side = p.requester === rt.vpc && p.accepter === dstVpc ? "requester" : undefined;
    const other = p.accepter === rt.vpc && p.requester === dstVpc ? "accepter" : undefined;
    const s = side ?? other;
    if (s) return `peering ${p.name} exists — add "${rt.tier}" to network.peerings.${p.name}.routeTiers.${s}`;
  }
  for (const [tgwName, tgw] of Object.entries(cfg.network.transitGateways)) {
    const att = own(tgw.attachments, rt.vpc);
    if (!att) continue;
    const dstOnTgw =
      hasOwn(tgw.attachments, dstVpc) ||
      Object.values(cfg.network.tgwPeerings).some(
        (tp) =>
          (tp.requester === tgwName &&
            hasOwn(own(cfg.network.transitGateways, tp.accepter)?.attachments, dstVpc)) ||
          (tp.accepter === tgwName &&
            hasOwn(own(cfg.network.transitGateways, tp.requester)?.attachments, dstVpc)),
      );
    if (!dstOnTgw) continue;
    const at = `network.transitGateways.${tgwName}.attachments.${rt.vpc}`;
    const cidr = own(cfg.network.vpcs, dstVpc)?.cidr;
    return att.routeTiers.includes(rt.tier)
      ? `${rt.vpc} and ${dstVpc} are both reachable on transit gateway ${tgwName} — add "${cidr}" to ${at}.routeCidrs`
      : `${rt.vpc} is attached to transit gateway ${tgwName}, which reaches ${dstVpc} — add "${rt.tier}" to ${at}.routeTiers${att.routeCidrs.some((c) => c === cidr) ? "" : ` and "${cidr}" to ${at}.routeCidrs`}`;
  }
  const chain = peeringChain(model, rt.vpc, dstVpc);
  if (chain)
    return `peering is not transitive: ${chain.join(" → ")} — peer ${rt.vpc} with ${dstVpc} directly (network.peerings) or attach both to a transit gateway`;
  return `connect ${rt.vpc} and ${dstVpc}: a peering (network.peerings) or attachments to a transit gateway (network.transitGateways)`;
}

export function noRoute(
  w: Walker,
  rt: RouteTablePlan,
  dst: Destination,
  dstVpc: string,
  via?: VpcRoute,
): Failure {
  const v = w.model.vpcs[rt.vpc];
  const chain = peeringChain(w.model, rt.vpc, dstVpc);
  const base =
    via !== undefined
      ? `no route to ${destText(dst)} (${dstVpc}) in route table ${rt.id} (${where(v)}): only ${via.cidr.text} → ${describeTarget(via)} matches, and private addresses do not cross the internet`
      : `no route to ${destText(dst)} (${dstVpc}) in route table ${rt.id} (${where(v)})`;
  return {
    message: chain ? `${base}; peering is not transitive: ${chain.join(" → ")}` : base,
    fix: noRouteFix(w, rt, dstVpc),
  };
}

export function tgwNoRoute(w: Walker, tgw: TgwPlan, rt: string, dst: Destination, dstVpc: string): Failure {
  const at = `network.transitGateways.${tgw.name}`;
  const cidr = w.model.vpcs[dstVpc]?.cidr.text ?? destText(dst);
  const base = `TGW route table ${rt} (${tgw.name}) has no route to ${destText(dst)}`;
  const ext = Object.values(tgw.attachments).find((a) => a.kind === "external" && a.network === dstVpc);
  if (ext)
    return {
      message: `${base}: external network ${dstVpc} is behind attachment ${ext.name}, which carries static routes only`,
      fix: `add { routeTable: "${rt}", cidr: "${cidr}", target: "${ext.name}" } to ${at}.staticRoutes`,
    };
  const att = tgw.attachments[dstVpc];
  if (att && att.kind === "vpc")
    return {
      message: `${base}: no propagation from attachment ${dstVpc}`,
      fix: `add "${rt}" to ${at}.attachments.${dstVpc}.propagateTo (or a static route { routeTable: "${rt}", cidr: "${cidr}", target: "${dstVpc}" })`,
    };
  for (const a of Object.values(tgw.attachments)) {
    if (a.kind !== "peering") continue;
    const peer = w.model.tgws[a.peerTgw];
    if (peer?.attachments[dstVpc])
      return {
        message: `${base}: ${dstVpc} is attached to ${a.peerTgw}, behind TGW peering ${a.name}, and peering attachments carry static routes only`,
        fix: `add { routeTable: "${rt}", cidr: "${cidr}", target: "${a.name}" } to ${at}.staticRoutes`,
      };
  }
  return {
    message: `${base}: ${dstVpc} is not attached to ${tgw.name} or to a transit gateway peered with it`,
    fix: `attach ${dstVpc} to ${tgw.name} (${at}.attachments.${dstVpc}) and propagate it to ${rt}`,
  };
}

export function partialFailure(
  rtText: string,
  dst: Cidr,
  partial: ReadonlyArray<{ cidr: Cidr; origin: string }>,
): Failure {
  const p = partial[0];
  return {
    message: `${rtText} routes part of ${dst.text} elsewhere: ${p.cidr.text} (${p.origin}) is more specific`,
    fix: `remove or narrow ${p.origin}, or target a destination outside ${p.cidr.text}`,
  };
}

/**
 * No route toward an external network's range in one of our route tables: which connection of the VPC reaches
 * the network, and what to add to it.
 */
export function externalNoRoute(
  w: Walker,
  rt: RouteTablePlan,
  dst: Cidr,
  network: string,
  via?: VpcRoute,
): Failure {
  const v = w.model.vpcs[rt.vpc];
  const message =
    via !== undefined
      ? `no route to ${dst.text} (external network ${network}) in route table ${rt.id} (${where(v)}): only ${via.cidr.text} → ${describeTarget(via)} matches, and private addresses do not cross the internet`
      : `no route to ${dst.text} (external network ${network}) in route table ${rt.id} (${where(v)})`;
  const net = w.cfg.network;
  const peering = Object.entries(net.externalPeerings).find(
    ([, p]) => p.vpc === rt.vpc && p.network === network,
  );
  if (peering)
    return {
      message,
      fix: `peering ${peering[0]} exists — add "${rt.tier}" to network.externalPeerings.${peering[0]}.routeTiers`,
    };
  for (const [tgwName, tgw] of Object.entries(net.transitGateways)) {
    const att = own(tgw.attachments, rt.vpc);
    const onTgw = Object.values(tgw.externalAttachments).some((a) => a.network === network);
    if (!att || !onTgw) continue;
    const at = `network.transitGateways.${tgwName}.attachments.${rt.vpc}`;
    return {
      message,
      fix: att.routeTiers.includes(rt.tier)
        ? `${rt.vpc} reaches ${network} through transit gateway ${tgwName} — add "${dst.text}" to ${at}.routeCidrs`
        : `${rt.vpc} reaches ${network} through transit gateway ${tgwName} — add "${rt.tier}" to ${at}.routeTiers${att.routeCidrs.includes(dst.text) ? "" : ` and "${dst.text}" to ${at}.routeCidrs`}`,
    };
  }
  return {
    message,
    fix: `connect ${rt.vpc} and ${network}: a peering (network.externalPeerings) or the partner's attachment on a transit gateway ${rt.vpc} is attached to (network.transitGateways.<tgw>.externalAttachments)`,
  };
}
