/**
 * Security-group openings of the reachability intents, as plain data: per intent a source group (egress to
 * the destination on the intent's ports) and, where the destination has no group of its own, a destination
 * group (ingress from the source). The network stack renders them with modules/flow-rules; values that exist
 * only after apply (NAT Elastic IPs, gateway endpoint prefix lists) are named, not resolved.
 *
 * - private: egress to the destination tier's subnets, ingress from the source tier's subnets;
 * - internet: egress to 0.0.0.0/0 (the public address is not known here; the port limits it), ingress from
 *   the NAT Elastic IPs (/32) the source tier's route tables use, unless the destination is a Glue data store
 *   (its own group, created by the ingest stack, admits those addresses);
 * - interface endpoint: egress to the endpoint subnets (the endpoint group admits the VPC and its connected
 *   networks on 443);
 * - gateway endpoint: egress to the service's prefix list;
 * - to an external network: egress to the partner's CIDRs (its own groups are the partner's);
 * - from an external network: a destination group only, admitting the partner's CIDRs.
 */
import { dict, own } from "../lookup";
import { EnvironmentConfig } from "../schema";
import { Cidr } from "../cidr";
import { isExternalIntent, PortRange, resolveIntent } from "./intents";
import type { ExternalPlan, VpcPlan } from "./plan";

/** Where an opening points: a CIDR, the Elastic IP of a VPC's NAT gateway, or a gateway endpoint's prefix list. */
export type OpeningPeer =
  | { readonly kind: "cidr"; readonly cidr: string }
  | { readonly kind: "nat-eip"; readonly vpc: string; readonly az: string }
  | { readonly kind: "prefix-list"; readonly vpc: string; readonly service: string };

export interface FlowOpening {
  readonly intent: string;
  readonly protocol: "tcp" | "udp";
  readonly ports: readonly PortRange[];
  /**
   * The source group in `vpc`: egress only, keyed by a stable name (AZ, service, `internet`, `partner-<cidr>`).
   * None when the flow starts in an external network.
   */
  readonly source?: OpeningSide & { readonly egress: Readonly<Record<string, OpeningPeer>> };
  /** The destination group in `vpc`: ingress only, keyed by a stable name (AZ, `nat-<az>`). */
  readonly destination?: OpeningSide & { readonly ingress: Readonly<Record<string, OpeningPeer>> };
}

export interface OpeningSide {
  readonly vpc: string;
  /**
   * The workload whose own security group holds this side's rules (`ml.studio`, `ml.warehouse`); absent: the
   * network stack's group for the intent.
   */
  readonly owner?: "ml.studio" | "ml.warehouse";
}

const cidrsOf = (subnets: Readonly<Record<string, { text: string }>>): Record<string, OpeningPeer> =>
  Object.fromEntries(Object.entries(subnets).map(([az, c]) => [az, { kind: "cidr", cidr: c.text }]));

/** `10.200.0.0/16` → `partner-10-200-0-0-16`: a key that is safe in construct ids. */
const partnerKey = (c: Cidr) => `partner-${c.text.replace(/[./]/g, "-")}`;

export function planOpenings(
  cfg: EnvironmentConfig,
  vpcs: Readonly<Record<string, VpcPlan>>,
  externals: Readonly<Record<string, ExternalPlan>>,
): Record<string, FlowOpening> {
  const out = dict<FlowOpening>();
  for (const [name, intent] of Object.entries(cfg.intents ?? {})) {
    const r = resolveIntent(cfg, name, intent);
    if (!r) continue;
    if (isExternalIntent(r)) {
      const ext = externals[r.network];
      if (!ext || !vpcs[r.ours.vpc]?.subnets[r.ours.tier]) continue;
      const peers = Object.fromEntries(
        ext.cidrs.map((c) => [partnerKey(c), { kind: "cidr", cidr: c.text } as const]),
      );
      const side = { vpc: r.ours.vpc };
      out[name] = {
        intent: name,
        protocol: r.protocol,
        ports: r.ports,
        ...(r.kind === "to-external"
          ? { source: { ...side, egress: peers } }
          : { destination: { ...side, ingress: peers } }),
      };
      continue;
    }
    const i = r;
    const src = vpcs[i.from.vpc];
    const dst = vpcs[i.to.vpc];
    if (!src || !dst || !src.subnets[i.from.tier]) continue;
    const base = { intent: name, protocol: i.protocol, ports: i.ports };
    switch (i.kind) {
      case "private":
      case "interface-endpoint": {
        const dstSubnets = dst.subnets[i.to.tier!];
        if (!dstSubnets) continue;
        out[name] = {
          ...base,
          source: { vpc: i.from.vpc, egress: cidrsOf(dstSubnets) },
          destination:
            i.kind === "private" ? { vpc: i.to.vpc, ingress: cidrsOf(src.subnets[i.from.tier]) } : undefined,
        };
        break;
      }
      case "internet": {
        // The NAT gateways the source tier's route tables send 0.0.0.0/0 to, in the source tier's AZ order.
        const natAzs = [
          ...new Set(
            Object.values(src.routeTables[i.from.tier] ?? {}).flatMap((rt) =>
              rt.routes.flatMap((r) => (r.target.kind === "nat" ? [r.target.az] : [])),
            ),
          ),
        ];
        out[name] = {
          ...base,
          source: { vpc: i.from.vpc, egress: { internet: { kind: "cidr", cidr: "0.0.0.0/0" } } },
          destination: i.glueDataStore
            ? undefined
            : {
                vpc: i.to.vpc,
                ingress: Object.fromEntries(
                  natAzs.map((az) => [`nat-${az}`, { kind: "nat-eip", vpc: i.from.vpc, az }]),
                ),
              },
        };
        break;
      }
      case "gateway-endpoint":
        out[name] = {
          ...base,
          source: {
            vpc: i.from.vpc,
            egress: { [i.to.service!]: { kind: "prefix-list", vpc: i.to.vpc, service: i.to.service! } },
          },
        };
        break;
    }
  }
  return withOwners(cfg, out);
}

/** Sides of intents that a workload's own security group holds (config `ml.studio.intents` / `ml.warehouse.intents`). */
function withOwners(
  cfg: EnvironmentConfig,
  openings: Record<string, FlowOpening>,
): Record<string, FlowOpening> {
  const out = Object.assign(dict<FlowOpening>(), openings);
  for (const n of cfg.ml?.studio.intents ?? []) {
    const o = out[n];
    if (o?.source) out[n] = { ...o, source: { ...o.source, owner: "ml.studio" } };
  }
  const warehouse = cfg.ml?.warehouse;
  const warehouseRef = warehouse && `${warehouse.vpc}/${warehouse.subnetTier}`;
  for (const n of warehouse?.intents ?? []) {
    const o = out[n];
    const intent = own(cfg.intents ?? {}, n);
    // The warehouse's group holds the side of the intent that is at the warehouse: ingress of intents to it,
    // egress of intents from it (COPY/UNLOAD to S3).
    if (o?.destination && intent?.to === warehouseRef)
      out[n] = { ...o, destination: { ...o.destination, owner: "ml.warehouse" } };
    else if (o?.source && intent?.from === warehouseRef)
      out[n] = { ...o, source: { ...o.source, owner: "ml.warehouse" } };
  }
  return out;
}
