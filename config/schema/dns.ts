import { z } from "zod";
import { name } from "./common";

/**
 * Names across networks (R-NET-7): private hosted zones associated with the VPCs that resolve them, and
 * Route 53 Resolver endpoints with forwarding rules for VPCs a zone cannot be associated with directly (TGW
 * spokes resolve through the shared-services VPC; a TGW has no DNS of its own). Structural only; references,
 * addresses and the resolution paths are checked in config/checks/dns.ts and config/reachability/dns.ts.
 */

/** A Route 53 private hosted zone, owned by one account and associated with VPCs of any account. */
export const privateZoneSchema = z.strictObject({
  /** The domain, e.g. `warehouse.internal` (lowercase, no trailing dot). */
  domain: z.string(),
  /** Account (config name) that owns the zone. */
  account: z.string(),
  /**
   * Our VPCs (config names) that resolve the zone. The first is in the zone's account: AWS creates a private
   * zone together with a VPC of its own account; the others are associated after it (from another account
   * through the owner's authorization and the VPC owner's association).
   */
  vpcs: z.array(z.string()).min(1),
  /**
   * External networks whose VPC may associate the zone: the zone owner authorizes it, the partner runs the
   * association (`aws route53 associate-vpc-with-hosted-zone`, printed as an output).
   */
  externalNetworks: z.array(z.string()).default([]),
  comment: z.string().optional(),
});

/** A forwarding rule: queries for `domain` (and its subdomains) from the associated VPCs go to `forwardTo`. */
export const resolverRuleSchema = z.strictObject({
  domain: z.string(),
  /**
   * `"inbound"`: this resolver's inbound endpoint, which answers from the zones associated with its VPC (the hub
   * pattern for TGW spokes); `{ external: "<name>" }`: the DNS servers of an external network.
   */
  forwardTo: z.union([z.literal("inbound"), z.strictObject({ external: z.string() })]),
  /** Our VPCs (config names, the resolver's region) that use the rule; shared to their accounts by RAM. */
  vpcs: z.array(z.string()).default([]),
  /** External networks whose accounts the rule is shared with (they associate it with their VPCs). */
  shareWithExternal: z.array(z.string()).default([]),
});

/** Route 53 Resolver endpoints in one (shared-services) VPC, and the rules that use them. */
export const resolverSchema = z.strictObject({
  /** VPC (config name) holding the endpoints. */
  vpc: z.string(),
  /** Tier whose subnets hold the endpoint addresses: at least two AZs. */
  subnetTier: z.string().default("private"),
  /**
   * Inbound endpoint: fixed addresses per AZ (rules and partners forward to them).
   * `allowExternal` lists external networks whose resolvers may query it.
   */
  inbound: z
    .strictObject({
      ips: z.record(z.string(), z.string()),
      allowExternal: z.array(z.string()).default([]),
    })
    .optional(),
  /** Outbound endpoint (one address per AZ of the tier, assigned by AWS): needed by every forwarding rule. */
  outbound: z.boolean().default(false),
  rules: z.record(name, resolverRuleSchema).default({}),
});

/** A DNS intent: `from` must resolve `resolves` (a name in a private zone or one a rule forwards). */
export const dnsIntentSchema = z.strictObject({
  /** `"<vpc>/<tier>"`, or an external network that forwards to an inbound endpoint. */
  from: z.string(),
  /** The name, e.g. `warehouse.internal` or `cluster.warehouse.internal`. */
  resolves: z.string(),
});

export const dnsIntentsSchema = z.record(name, dnsIntentSchema);
