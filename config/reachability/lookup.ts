/** Route lookup as AWS does it, over the routing plan's route lists (pure). */
import { Cidr, contains } from "../cidr";

/** The destination of a lookup: a private prefix, or any public (internet) address. */
export type Destination = Cidr | "internet";

export const destText = (d: Destination): string => (d === "internet" ? "a public address" : d.text);

function covers(route: Cidr, dst: Destination): boolean {
  // Public addresses of another VPC or the internet only match the default route.
  return dst === "internet" ? route.prefix === 0 : contains(route, dst);
}

/**
 * Longest-prefix match. For TGW route tables, a static (or blackhole) route wins over a propagated route of the
 * same prefix, as on AWS. `partial` lists more specific routes that cover only part of the destination.
 */
export function longestPrefixMatch<R extends { cidr: Cidr; kind?: string }>(
  routes: readonly R[],
  dst: Destination,
): { route: R | undefined; partial: R[] } {
  let best: R | undefined;
  for (const r of routes) {
    if (!covers(r.cidr, dst)) continue;
    if (
      !best ||
      r.cidr.prefix > best.cidr.prefix ||
      (r.cidr.prefix === best.cidr.prefix && best.kind === "propagated" && r.kind !== "propagated")
    )
      best = r;
  }
  const partial =
    dst === "internet"
      ? []
      : routes.filter((r) => r.cidr.prefix > dst.prefix && contains(dst, r.cidr) && r !== best);
  return { route: best, partial };
}
