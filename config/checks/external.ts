/**
 * Networks the platform does not own (R-NET-6), validated like our own: the partner's account id, region, VPC
 * and TGW ids and CIDRs; peerings with them (accepter by peering id, or requester); TGW sharing with external
 * accounts and partner-created attachments accepted by id. Overlaps with every network they connect to are
 * checked in network.ts (TGW groups) and here (peered VPCs).
 */
import { isResourceId } from "@multicloud-platform/modules/core";
import { Cidr, contains, networkOf, overlaps, parseCidr } from "../cidr";
import { hasOwn, own } from "../lookup";
import { Problems, referenceFix } from "../problems";
import { EnvironmentConfig } from "../schema";
import { checkRegion } from "./base";
import { cidrAt, duplicates, tierRefs, vpcRef } from "./network";

/** The ids AWS shows, as `<prefix>-` and 8 or 17 hex digits (one rule for config and modules). */
function idAt(value: string, prefix: string, at: string, p: Problems): void {
  if (!isResourceId(prefix, value))
    p.add(
      at,
      value,
      `is not a ${prefix}- id (${prefix}- followed by 8 or 17 lowercase hex digits)`,
      `copy the id as the partner or the console shows it, e.g. ${prefix}-0123456789abcdef0`,
    );
}

/** The Amazon-provided DNS server of a VPC with this primary range: its base address + 2 (VPC user guide). */
function vpcResolverAddress(c: Cidr): string | undefined {
  if (c.prefix > 28) return undefined; // smaller than any VPC
  const octets = networkOf(c).split("/")[0].split(".").map(Number);
  octets[3] += 2; // the host bits of a /28 or larger are clear, so this never carries
  return octets.join(".");
}

export function externalRef(cfg: EnvironmentConfig, name: string, at: string, p: Problems): boolean {
  if (hasOwn(cfg.network.externalNetworks, name)) return true;
  p.add(
    at,
    name,
    "is not a known external network",
    referenceFix(
      "external networks",
      "network.externalNetworks",
      name,
      Object.keys(cfg.network.externalNetworks),
    ),
  );
  return false;
}

/** Valid CIDRs of an external network, with their config paths. */
export function externalCidrs(cfg: EnvironmentConfig, name: string): Array<{ at: string; cidr: Cidr }> {
  return (own(cfg.network.externalNetworks, name)?.cidrs ?? []).flatMap((text, i) => {
    const cidr = parseCidr(text);
    return cidr ? [{ at: `network.externalNetworks.${name}.cidrs[${i}]`, cidr }] : [];
  });
}

export function checkExternalNetworks(
  cfg: EnvironmentConfig,
  p: Problems,
  vpcCidrs: Map<string, Cidr>,
): void {
  const ours = new Map(Object.entries(cfg.accounts).map(([n, a]) => [a.id, n]));
  for (const [name, ext] of Object.entries(cfg.network.externalNetworks)) {
    const at = `network.externalNetworks.${name}`;
    if (!/^\d{12}$/.test(ext.accountId))
      p.add(
        `${at}.accountId`,
        ext.accountId,
        "is not a 12-digit AWS account id",
        'quote it, e.g. "111122223333"',
      );
    else if (ours.has(ext.accountId))
      p.add(
        `${at}.accountId`,
        ext.accountId,
        `is this environment's account ${ours.get(ext.accountId)}, so the network is not external`,
        `declare the VPC under network.vpcs (account "${ours.get(ext.accountId)}") and connect it as our own`,
      );
    if (hasOwn(cfg.network.vpcs, name))
      p.add(
        at,
        name,
        "has the name of one of our VPCs (intents name either by that name)",
        "give the external network a name no VPC uses",
      );
    checkRegion(ext.region, `${at}.region`, p);
    if (ext.vpcId !== undefined) idAt(ext.vpcId, "vpc", `${at}.vpcId`, p);
    if (ext.transitGatewayId !== undefined) idAt(ext.transitGatewayId, "tgw", `${at}.transitGatewayId`, p);
    const cidrs = ext.cidrs.map((c, i) => ({
      at: `${at}.cidrs[${i}]`,
      cidr: cidrAt(c, `${at}.cidrs[${i}]`, p),
    }));
    cidrs.forEach((a, i) =>
      cidrs.slice(0, i).forEach((b) => {
        if (a.cidr && b.cidr && overlaps(a.cidr, b.cidr))
          p.add(a.at, a.cidr.text, `overlaps ${b.at} (${b.cidr.text})`, "list each partner range once");
      }),
    );
    ext.dnsServers.forEach((ip, i) => {
      const host = parseCidr(`${ip}/32`);
      if (!host)
        p.add(
          `${at}.dnsServers[${i}]`,
          ip,
          "is not an IPv4 address",
          "write it as a.b.c.d, e.g. 10.200.16.10",
        );
      else if (cidrs.some((c) => c.cidr && vpcResolverAddress(c.cidr) === ip))
        p.add(
          `${at}.dnsServers[${i}]`,
          ip,
          "is the Amazon-provided DNS address (range base + 2) of a partner range; forwarding to another VPC's base + 2 is not supported and gives unstable answers (Route 53 developer guide, resolving DNS queries between VPCs and your network)",
          "list the addresses of the partner's Resolver inbound endpoint (one per AZ) instead",
        );
      else if (!cidrs.some((c) => c.cidr && contains(c.cidr, host)))
        p.add(
          `${at}.dnsServers[${i}]`,
          ip,
          `is outside the network's cidrs (${ext.cidrs.join(", ")})`,
          "list the partner's resolver addresses inside its ranges (or add the range to cidrs)",
        );
    });
    duplicates(ext.dnsServers, `${at}.dnsServers`, "address", p);
  }
  checkExternalPeerings(cfg, p, vpcCidrs);
  checkTgwExternal(cfg, p);
}

function checkExternalPeerings(cfg: EnvironmentConfig, p: Problems, vpcCidrs: Map<string, Cidr>): void {
  for (const [name, ep] of Object.entries(cfg.network.externalPeerings)) {
    const at = `network.externalPeerings.${name}`;
    const extOk = externalRef(cfg, ep.network, `${at}.network`, p);
    const vpc = vpcRef(cfg, ep.vpc, `${at}.vpc`, p);
    if (vpc) tierRefs(ep.vpc, vpc, ep.routeTiers, `${at}.routeTiers`, p);
    if (ep.role === "accepter") {
      if (ep.peeringConnectionId === undefined)
        p.add(
          `${at}.peeringConnectionId`,
          undefined,
          "is required to accept the partner's peering request",
          "ask the partner for the pcx- id of its request (it expires 7 days after they create it)",
        );
      else idAt(ep.peeringConnectionId, "pcx", `${at}.peeringConnectionId`, p);
      if (ep.partnerAccepted)
        p.add(`${at}.partnerAccepted`, true, "applies to requesters only", "remove partnerAccepted");
    } else {
      if (ep.peeringConnectionId !== undefined)
        p.add(
          `${at}.peeringConnectionId`,
          ep.peeringConnectionId,
          "is set on a peering this side requests (the id exists only after our apply)",
          'remove it, or use role: "accepter" if the partner created the request',
        );
      if (extOk && own(cfg.network.externalNetworks, ep.network)?.vpcId === undefined)
        p.add(
          `network.externalNetworks.${ep.network}.vpcId`,
          undefined,
          `is required to request peering ${name} to the partner's VPC`,
          "ask the partner for its vpc- id",
        );
      if (ep.allowRemoteVpcDnsResolution && !ep.partnerAccepted)
        p.add(
          `${at}.allowRemoteVpcDnsResolution`,
          true,
          "cannot be set before the partner accepts: peering options need an active connection (EC2 ModifyVpcPeeringConnectionOptions)",
          "apply without it first; once the partner accepted, set partnerAccepted: true with it",
        );
    }
    if (!extOk || !vpc) continue;
    const vpcCidr = vpcCidrs.get(ep.vpc);
    for (const { at: cat, cidr } of externalCidrs(cfg, ep.network))
      if (vpcCidr && overlaps(vpcCidr, cidr))
        p.add(
          cat,
          cidr.text,
          `overlaps ${vpcCidr.text} of VPC ${ep.vpc}, which it is peered with (${at})`,
          "peering needs non-overlapping ranges: agree another range with the partner or re-address the VPC",
        );
  }
}

function checkTgwExternal(cfg: EnvironmentConfig, p: Problems): void {
  for (const [tgwName, tgw] of Object.entries(cfg.network.transitGateways)) {
    const at = `network.transitGateways.${tgwName}`;
    tgw.shareWithExternal.forEach((ext, i) => externalRef(cfg, ext, `${at}.shareWithExternal[${i}]`, p));
    duplicates(tgw.shareWithExternal, `${at}.shareWithExternal`, "external network", p);
    const tgwPeerings = Object.entries(cfg.network.tgwPeerings)
      .filter(([, tp]) => tp.requester === tgwName || tp.accepter === tgwName)
      .map(([n]) => n);
    const seenIds = new Map<string, string>();
    for (const [attName, att] of Object.entries(tgw.externalAttachments)) {
      const aat = `${at}.externalAttachments.${attName}`;
      if (hasOwn(tgw.attachments, attName) || tgwPeerings.includes(attName))
        p.add(
          aat,
          attName,
          `has the name of ${hasOwn(tgw.attachments, attName) ? "a VPC attachment" : "a TGW peering"} of transit gateway ${tgwName} (static route targets name either)`,
          "give the external attachment a name of its own",
        );
      idAt(att.attachmentId, "tgw-attach", `${aat}.attachmentId`, p);
      const dup = seenIds.get(att.attachmentId);
      if (dup)
        p.add(
          `${aat}.attachmentId`,
          att.attachmentId,
          `is also accepted as ${dup}`,
          "accept each attachment once",
        );
      seenIds.set(att.attachmentId, attName);
      if (!tgw.routeTables.includes(att.associateWith))
        p.add(
          `${aat}.associateWith`,
          att.associateWith,
          "is not a route table of this transit gateway",
          referenceFix("route tables", `${at}.routeTables`, att.associateWith, tgw.routeTables),
        );
      if (!externalRef(cfg, att.network, `${aat}.network`, p)) continue;
      const ext = own(cfg.network.externalNetworks, att.network)!;
      if (att.kind === "vpc") {
        if (ext.region !== tgw.region)
          p.add(
            `${aat}.kind`,
            "vpc",
            `attaches a VPC in ${ext.region} to a transit gateway in ${tgw.region} (a TGW attaches VPCs of its own region only)`,
            'accept a TGW peering attachment (kind: "peering") from the partner\'s transit gateway instead',
          );
        if (!tgw.shareWithExternal.includes(att.network))
          p.add(
            `${at}.shareWithExternal`,
            tgw.shareWithExternal,
            `does not include ${att.network}, whose VPC attachment ${attName} needs the transit gateway shared with its account`,
            `add "${att.network}" to shareWithExternal`,
          );
      } else if (ext.transitGatewayId === undefined)
        p.add(
          `network.externalNetworks.${att.network}.transitGatewayId`,
          undefined,
          `is required for TGW peering attachment ${attName} (the partner's side of the peering)`,
          "ask the partner for its tgw- id",
        );
    }
  }
}
