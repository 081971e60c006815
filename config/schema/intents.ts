import { z } from "zod";
import { name } from "./common";

/**
 * Reachability intents: declared flows ("can X reach Y") that config validation proves against the network
 * model (config/reachability) before anything is synthesized, and for which the network stack creates the
 * security group rules. Structural only; references, ports and the path itself are checked in
 * config/checks/reachability.ts.
 */

/** A port, or an inclusive range `{ from, to }`. */
export const intentPortSchema = z.union([z.number(), z.strictObject({ from: z.number(), to: z.number() })]);

/** The destination of an intent. */
export const intentTargetSchema = z.union([
  /** `"<vpc>/<tier>"`: the private addresses of a subnet tier (every AZ of the tier); or an external network name (its CIDRs). */
  z.string(),
  /** `{ endpoint: "<vpc>/<service key>" }`: a VPC endpoint of that VPC (`network.vpcs.<vpc>.endpoints`). */
  z.strictObject({ endpoint: z.string() }),
  /**
   * `{ internet: "<vpc>/<tier>" }`: the PUBLIC side of a tier (resources with a public address in a tier routed
   * to the internet gateway), reached from the source VPC through its NAT gateway(s) and the internet. The
   * destination sees the source VPC's NAT Elastic IPs.
   */
  z.strictObject({ internet: z.string() }),
]);

export const intentSchema = z.strictObject({
  /** `"<vpc>/<tier>"`: the subnets (every AZ of the tier) the flow starts in; or the name of an external network (`network.externalNetworks`). */
  from: z.string(),
  to: intentTargetSchema,
  /** Destination ports (numbers or `{ from, to }` ranges). */
  ports: z.array(intentPortSchema).min(1),
  protocol: z.enum(["tcp", "udp"]).default("tcp"),
  /**
   * The destination is the remote store of Glue connection `ingest.glue.connections.<key>`: its security group
   * (created by the ingest stack, or `dataStore.securityGroupId`) admits only the Glue VPC's NAT Elastic IPs
   * on the store's port, so the intent must arrive from those addresses on that port. The network stack then
   * adds no destination group of its own (the store's group is the destination group).
   */
  glueDataStore: z.string().optional(),
});

/** Intents keyed by a short name (lowercase kebab-case; becomes part of security group names). */
export const intentsSchema = z.record(name, intentSchema);
