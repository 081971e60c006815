import { IConstruct } from "constructs";
import { checkAddressKey, checkCidr, ensure, isKnown } from "../core";

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function checkIp(scope: IConstruct, prop: string, ip: string): void {
  ensure(!isKnown(ip) || IPV4.test(ip), scope, prop, ip, "must be an IPv4 address", "write it as a.b.c.d");
}

export function checkKey(scope: IConstruct, prop: string, key: string): void {
  checkAddressKey(scope, prop, key, "warehouse-internal");
}

/** One domain rule for the package: core's. */
export { checkDomainName as checkDomain } from "../core";

/** Sources or targets of an endpoint group: CIDRs keyed by a stable name, never the whole internet. */
export function checkPeers(scope: IConstruct, prop: string, peers: Readonly<Record<string, string>>): void {
  for (const [k, c] of Object.entries(peers)) {
    checkKey(scope, prop, k);
    checkCidr(scope, `${prop}.${k}`, c);
    ensure(
      !isKnown(c) || c !== "0.0.0.0/0",
      scope,
      `${prop}.${k}`,
      c,
      "opens DNS to and from the whole internet",
      "list the networks that query the endpoint, or the resolvers it forwards to (/32)",
    );
  }
}
