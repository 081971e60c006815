/**
 * Reachability intents resolved against the config: what the routing plan opens and the checker traces
 * (pure: no cdktf).
 */
import { parseJdbcUrl } from "@multicloud-platform/modules/glue-connection";
import { hasOwn, own } from "../lookup";
import { EnvironmentConfig, IntentConfig } from "../schema";

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export type VpcIntentKind = "private" | "internet" | "interface-endpoint" | "gateway-endpoint";
export type ExternalIntentKind = "to-external" | "from-external";
export type IntentKind = VpcIntentKind | ExternalIntentKind;

interface IntentBase {
  readonly name: string;
  readonly protocol: "tcp" | "udp";
  readonly ports: readonly PortRange[];
  readonly glueDataStore?: string;
}

/** A subnet tier of one of our VPCs. */
export interface TierRef {
  readonly vpc: string;
  readonly tier: string;
}

/** An intent between our own networks (or toward the internet or an endpoint). */
export interface VpcIntent extends IntentBase {
  readonly kind: VpcIntentKind;
  readonly from: TierRef;
  /** Destination VPC and tier (for endpoints: the endpoint's VPC and subnet tier; none for gateway endpoints). */
  readonly to: { readonly vpc: string; readonly tier?: string; readonly service?: string };
}

/** An intent to (`to-external`) or from (`from-external`) a network the platform does not own. */
export interface ExternalIntent extends IntentBase {
  readonly kind: ExternalIntentKind;
  /** The external network (`network.externalNetworks`). */
  readonly network: string;
  /** Our end of the flow: its source for `to-external`, its destination for `from-external`. */
  readonly ours: TierRef;
}

/** A resolved intent: what the checker traced and the stack opens. */
export type ResolvedIntent = VpcIntent | ExternalIntent;

export const isExternalIntent = (i: ResolvedIntent): i is ExternalIntent =>
  i.kind === "to-external" || i.kind === "from-external";

export function portRanges(ports: IntentConfig["ports"]): PortRange[] {
  return ports.map((p) => (typeof p === "number" ? { from: p, to: p } : { from: p.from, to: p.to }));
}

export function formatPorts(ports: readonly PortRange[]): string {
  return ports.map((p) => (p.from === p.to ? `${p.from}` : `${p.from}-${p.to}`)).join(", ");
}

/** Splits `"<vpc>/<rest>"`; undefined unless both parts are present. */
export function splitRef(ref: string): [string, string] | undefined {
  const i = ref.indexOf("/");
  if (i <= 0 || i === ref.length - 1) return undefined;
  return [ref.slice(0, i), ref.slice(i + 1)];
}

/** Resolves an intent whose references the checker already verified (undefined when they do not resolve). */
export function resolveIntent(
  cfg: EnvironmentConfig,
  name: string,
  i: IntentConfig,
): ResolvedIntent | undefined {
  const common = { name, protocol: i.protocol, ports: portRanges(i.ports), glueDataStore: i.glueDataStore };
  const external = (ref: string) => (hasOwn(cfg.network.externalNetworks, ref) ? ref : undefined);
  const toRef = typeof i.to === "string" ? splitRef(i.to) : undefined;
  if (external(i.from) && toRef)
    return { ...common, kind: "from-external", network: i.from, ours: { vpc: toRef[0], tier: toRef[1] } };
  const from = splitRef(i.from);
  if (!from) return undefined;
  if (typeof i.to === "string" && external(i.to))
    return { ...common, kind: "to-external", network: i.to, ours: { vpc: from[0], tier: from[1] } };
  const base = { ...common, from: { vpc: from[0], tier: from[1] } };
  if (typeof i.to === "string") {
    const to = splitRef(i.to);
    return to ? { ...base, kind: "private", to: { vpc: to[0], tier: to[1] } } : undefined;
  }
  if ("internet" in i.to) {
    const to = splitRef(i.to.internet);
    return to ? { ...base, kind: "internet", to: { vpc: to[0], tier: to[1] } } : undefined;
  }
  const to = splitRef(i.to.endpoint);
  if (!to) return undefined;
  const vpc = own(cfg.network.vpcs, to[0]);
  const e = vpc?.endpoints;
  if (e?.interface.includes(to[1]))
    return { ...base, kind: "interface-endpoint", to: { vpc: to[0], tier: e.subnetTier, service: to[1] } };
  if (e?.gateway.includes(to[1]))
    return { ...base, kind: "gateway-endpoint", to: { vpc: to[0], service: to[1] } };
  return undefined;
}

/** The store port of a Glue connection's remote data store. */
export function glueStorePort(cfg: EnvironmentConfig, key: string): number | undefined {
  const conn = own(cfg.ingest?.glue?.connections, key);
  const ds = conn?.dataStore;
  if (!ds) return undefined;
  return ds.port ?? (conn.jdbc ? parseJdbcUrl(conn.jdbc.url)?.port : undefined);
}
