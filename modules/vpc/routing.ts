/**
 * Where a VPC's tiers reach the internet: which AZs get a NAT gateway and where each route table's default
 * route (0.0.0.0/0) goes. Pure (no constructs), so an app can compute it once, check it, and hand the same
 * plan to {@link NetworkVpc} (`internetRouting`), which renders it and decides nothing itself.
 */

/** How private (and dedicated) tiers reach the internet. */
export type NatGatewayMode = "none" | "single" | "per-az";
export const NAT_GATEWAY_MODES: readonly NatGatewayMode[] = ["none", "single", "per-az"];

/** The two standard tiers; every other tier name in `subnets` is a purpose-dedicated tier. */
export const PUBLIC_TIER = "public";
export const PRIVATE_TIER = "private";

/** Options of a purpose-dedicated tier (any tier other than `public` and `private`). */
export interface DedicatedTierOptions {
  /**
   * Route 0.0.0.0/0 through the NAT gateway(s), as the private tier does. Ignored when `natGateways` is "none".
   * @default true
   */
  readonly internetEgress?: boolean;
  /**
   * Give the tier its own network ACL that admits only intra-tier traffic and return traffic (TCP ephemeral
   * ports), keeping the other tiers from opening connections into it. Set false for tiers whose subnets only
   * carry transit traffic (e.g. Transit Gateway attachment subnets, where AWS recommends an open NACL).
   * @default true
   */
  readonly isolate?: boolean;
}

/** The target of a tier's default route in one AZ. */
export type DefaultRouteTarget =
  | { readonly kind: "internet-gateway" }
  | { readonly kind: "nat-gateway"; /** AZ of the NAT gateway (its public subnet). */ readonly az: string };

/** NAT placement and default routes of one VPC. */
export interface VpcInternetRouting {
  /** AZs whose public subnet holds a NAT gateway (with its Elastic IP), in the VPC's AZ order. */
  readonly natGatewayAzs: readonly string[];
  /**
   * tier → AZ → target of that AZ's default route. A tier or AZ that is absent gets no default route. The
   * `public` tier shares one route table, so all its AZs must name the internet gateway (or none).
   */
  readonly defaultRoutes: Readonly<Record<string, Readonly<Record<string, DefaultRouteTarget>>>>;
}

/** What the internet routing of a VPC is computed from (a subset of `NetworkVpcProps`). */
export interface VpcInternetRoutingInput {
  readonly azs: readonly string[];
  readonly subnets: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** @default - "per-az" when there are public subnets, otherwise "none" */
  readonly natGateways?: NatGatewayMode;
  /** @default - every dedicated tier isolated, with NAT egress */
  readonly dedicatedTiers?: Readonly<Record<string, DedicatedTierOptions>>;
}

/** AZs of a tier in the VPC's AZ order (the order subnets, NAT gateways and tables are created in). */
export function tierAzs(input: Pick<VpcInternetRoutingInput, "azs" | "subnets">, tier: string): string[] {
  return input.azs.filter((az) => input.subnets[tier]?.[az] !== undefined);
}

/** The NAT mode in effect: the given one, or "per-az" when the VPC has public subnets, otherwise "none". */
export function natGatewayMode(input: VpcInternetRoutingInput): NatGatewayMode {
  return input.natGateways ?? (tierAzs(input, PUBLIC_TIER).length > 0 ? "per-az" : "none");
}

/** Whether a non-public tier routes 0.0.0.0/0 through NAT: `private` always, dedicated tiers unless opted out. */
export function hasInternetEgress(input: VpcInternetRoutingInput, tier: string): boolean {
  if (tier === PUBLIC_TIER) return false;
  return tier === PRIVATE_TIER || (input.dedicatedTiers?.[tier]?.internetEgress ?? true);
}

/**
 * The one place that decides a VPC's internet paths: the public tier → internet gateway; private and
 * egress-enabled dedicated tiers → the NAT gateway of their own AZ ("per-az") or of the first AZ with a
 * public subnet ("single"); nothing without NAT. Never throws: an AZ without a NAT gateway to use simply gets
 * no default route (NetworkVpc's validation reports such configurations).
 */
export function planInternetRouting(input: VpcInternetRoutingInput): VpcInternetRouting {
  const publicAzs = tierAzs(input, PUBLIC_TIER);
  const mode = natGatewayMode(input);
  const natGatewayAzs =
    publicAzs.length === 0 || mode === "none" ? [] : mode === "single" ? publicAzs.slice(0, 1) : publicAzs;
  const natFor = (az: string): string | undefined =>
    mode === "single" ? natGatewayAzs[0] : natGatewayAzs.includes(az) ? az : undefined;
  const defaultRoutes: Record<string, Record<string, DefaultRouteTarget>> = {};
  for (const tier of Object.keys(input.subnets)) {
    const routes: Record<string, DefaultRouteTarget> = {};
    for (const az of tierAzs(input, tier)) {
      if (tier === PUBLIC_TIER) {
        routes[az] = { kind: "internet-gateway" };
        continue;
      }
      const nat = hasInternetEgress(input, tier) ? natFor(az) : undefined;
      if (nat !== undefined) routes[az] = { kind: "nat-gateway", az: nat };
    }
    if (Object.keys(routes).length) defaultRoutes[tier] = routes;
  }
  return { natGatewayAzs, defaultRoutes };
}
