import * as ipaddr from "ipaddr.js";

/**
 * IPv4 CIDR helpers shared by modules and config validation. ipaddr.js (a widely used, maintained library)
 * does the address math; nothing here is hand-written bit arithmetic. Pure: no cdktf imports.
 */
export interface Cidr {
  readonly text: string;
  readonly address: ipaddr.IPv4;
  readonly prefix: number;
}

/** Parses an IPv4 CIDR in four-part decimal form; undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  // ipaddr.js also accepts "10.1/16" and octal "010.0.0.0/8", which AWS rejects: require four decimal parts.
  if (!ipaddr.IPv4.isValidCIDR(text) || !ipaddr.IPv4.isValidFourPartDecimal(text.split("/")[0]))
    return undefined;
  const [address, prefix] = ipaddr.IPv4.parseCIDR(text);
  return { text, address, prefix };
}

/** The network address form of a CIDR (host bits cleared), e.g. 10.0.0.5/16 → 10.0.0.0/16. */
export function networkOf(c: Cidr): string {
  return `${ipaddr.IPv4.networkAddressFromCIDR(c.text).toString()}/${c.prefix}`;
}

export function isNetworkAddress(c: Cidr): boolean {
  return networkOf(c) === c.text;
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.address.match(outer.address, outer.prefix);
}

/** True when the two ranges share any address (for CIDRs that means one contains the other). */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b) || contains(b, a);
}

/** String form: true when both parse and share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const ca = parseCidr(a);
  const cb = parseCidr(b);
  return !!ca && !!cb && overlaps(ca, cb);
}

/** String form: true when both parse and `inner` lies entirely within `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const co = parseCidr(outer);
  const ci = parseCidr(inner);
  return !!co && !!ci && contains(co, ci);
}
