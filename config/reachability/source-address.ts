/**
 * The source-address rule: the address a flow's packets carry when they reach the destination must be one the
 * destination admits. A route can exist and still deliver traffic the destination drops.
 *
 * The destination of an `internet` intent (a Glue data store, or the intent's own destination group) admits the
 * source VPC's NAT Elastic IPs only: the intent says the flow leaves through NAT. That holds only while the
 * destination's name resolves to its public address. A VPC peering whose destination side allows remote DNS
 * resolution makes the destination's public DNS name resolve to its private address from the peer VPC ("Allow
 * a local VPC to resolve public DNS hostnames to private IP addresses when queried from instances in the peer
 * VPC", https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_peering_connection_options).
 * The flow then goes to a private address: over the peering it arrives from the source subnets' private
 * addresses, which the destination rejects; without a route it falls to the NAT gateway, and a private address
 * does not cross the internet.
 *
 * A small check over the traced path (trace.ts), apart from the routing plan: it needs only how the
 * destination's name resolves (config) and the path to the private address (traceIntent).
 */
import { own } from "../lookup";
import { EnvironmentConfig } from "../schema";
import { isExternalIntent, VpcIntent } from "./intents";
import { RoutingPlan } from "./plan";
import { Failure, IntentTrace, traceIntent } from "./trace";

/** The peering (and the side whose switch does it) through which `from` resolves `to`'s names privately. */
export function privateResolution(
  cfg: EnvironmentConfig,
  from: string,
  to: string,
): { peering: string; side: "requester" | "accepter" } | undefined {
  for (const [name, p] of Object.entries(cfg.network.peerings)) {
    // The switch of the side that owns the names decides how the other side resolves them.
    if (p.requester === from && p.accepter === to && p.allowRemoteVpcDnsResolution.accepter)
      return { peering: name, side: "accepter" };
    if (p.accepter === from && p.requester === to && p.allowRemoteVpcDnsResolution.requester)
      return { peering: name, side: "requester" };
  }
  return undefined;
}

/** What admits an internet intent's traffic at the destination, for messages. */
function admitter(cfg: EnvironmentConfig, i: VpcIntent): string {
  if (!i.glueDataStore) return `the destination group of intent ${i.name}`;
  const sg = own(cfg.ingest?.glue?.connections ?? {}, i.glueDataStore)?.dataStore?.securityGroupId;
  return `the data store's security group ${sg ?? `${cfg.name}-${i.glueDataStore}-glue-access`} (ingest.glue.connections.${i.glueDataStore}.dataStore)`;
}

/** Source-address failures of one traced intent (none when its packets arrive from an address admitted). */
export function sourceAddressFailures(
  cfg: EnvironmentConfig,
  trace: IntentTrace,
  plan: RoutingPlan,
): Failure[] {
  const i = trace.intent;
  // Private, endpoint and partner flows are admitted by their source subnets.
  if (isExternalIntent(i) || i.kind !== "internet") return [];
  const dns = privateResolution(cfg, i.from.vpc, i.to.vpc);
  if (!dns) return []; // public name → NAT → Elastic IP: what the destination admits
  const at = `network.peerings.${dns.peering}.allowRemoteVpcDnsResolution.${dns.side}`;
  const cidrs = Object.values(own(own(cfg.network.vpcs, i.from.vpc)?.subnets, i.from.tier) ?? {}).join(", ");
  const named = `${i.to.vpc}/${i.to.tier}`;
  const resolves = `from ${i.from.vpc}, the name of ${named} resolves to its private address (peering ${dns.peering}: ${at} is on)`;
  const fix = i.glueDataStore
    ? `set ${at} to false, so the store's name resolves to its public address and Glue leaves through the NAT gateway`
    : `set ${at} to false, so the name resolves to the public address and the flow leaves through the NAT gateway; or declare the flow privately (to: "${named}"), which admits ${i.from.vpc}/${i.from.tier}`;
  // The path the packets take to that private address.
  const privatePath = traceIntent(cfg, plan, { ...i, kind: "private", glueDataStore: undefined });
  const delivered = privatePath.pairs.find((p) => !p.forward.failure);
  if (delivered) {
    const via = delivered.forward.hops.find((h) => h.includes("peering")) ?? delivered.forward.hops[1];
    return [
      {
        message: `source address not admitted: ${resolves}, so the flow follows ${via ?? "a private path"} and arrives from ${i.from.vpc}/${i.from.tier} (${cidrs}), private addresses ${admitter(cfg, i)} rejects: it admits only the NAT Elastic IPs of ${i.from.vpc}`,
        fix,
      },
    ];
  }
  const why = privatePath.pairs.map((p) => p.forward.failure?.message).find((m) => m !== undefined);
  return [
    {
      message: `source address not admitted: ${resolves}, and that address is not reachable from ${i.from.vpc}/${i.from.tier}${why ? ` (${why})` : ""}; only the public address is admitted, through the NAT Elastic IPs`,
      fix,
    },
  ];
}

/** Source-address failures of every traced intent, by intent name. */
export function sourceAddressCheck(
  cfg: EnvironmentConfig,
  traces: Readonly<Record<string, IntentTrace>>,
  plan: RoutingPlan,
): Record<string, Failure[]> {
  return Object.fromEntries(
    Object.entries(traces).map(([name, t]) => [name, sourceAddressFailures(cfg, t, plan)]),
  );
}
