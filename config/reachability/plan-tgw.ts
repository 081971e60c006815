/**
 * Transit gateway part of the routing plan: per TGW its attachments (VPC attachments associated with
 * `associateWith`, TGW peering attachments associated with `routeTables.<side>`, partner-created attachments
 * it accepts associated with their `associateWith`) and its route tables with
 * the propagated CIDR of every attached VPC in `propagateTo` and every `staticRoutes` entry (static or
 * blackhole). Rendered by the network stack (associations, propagations, static routes) and walked by the
 * reachability checker.
 */
import { Cidr, parseCidr } from "../cidr";
import { dict } from "../lookup";
import { EnvironmentConfig } from "../schema";
import type { VpcPlan } from "./plan";

export type TgwRouteKind = "propagated" | "static" | "blackhole";

export interface TgwRoute {
  readonly cidr: Cidr;
  readonly kind: TgwRouteKind;
  /** Attachment name (VPC config name or TGW peering name); none for blackholes. */
  readonly attachment?: string;
  readonly origin: string;
}

export type TgwAttachmentPlan =
  | {
      readonly kind: "vpc";
      readonly name: string;
      readonly vpc: string;
      readonly subnetTier: string;
      /** The route table the attachment is associated with. */
      readonly routeTable: string;
    }
  | {
      readonly kind: "peering";
      readonly name: string;
      readonly peerTgw: string;
      readonly routeTable: string;
    }
  | {
      /** A partner-created attachment this TGW accepts: the partner's TGW peering or VPC attachment. */
      readonly kind: "external";
      readonly name: string;
      readonly network: string;
      readonly via: "peering" | "vpc";
      readonly attachmentId: string;
      readonly routeTable: string;
    };

export interface TgwPlan {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly attachments: Readonly<Record<string, TgwAttachmentPlan>>;
  /** Route table name → routes. */
  readonly routeTables: Readonly<Record<string, readonly TgwRoute[]>>;
}

export function planTransitGateways(
  cfg: EnvironmentConfig,
  vpcs: Readonly<Record<string, VpcPlan>>,
): Record<string, TgwPlan> {
  const net = cfg.network;
  const tgws = dict<TgwPlan>();
  for (const [name, tgw] of Object.entries(net.transitGateways)) {
    const attachments = dict<TgwAttachmentPlan>();
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
    for (const [attName, att] of Object.entries(tgw.externalAttachments))
      attachments[attName] = {
        kind: "external",
        name: attName,
        network: att.network,
        via: att.kind,
        attachmentId: att.attachmentId,
        routeTable: att.associateWith,
      };
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
  return tgws;
}
