import { IConstruct } from "constructs";
import { ensure, isKnown, parseCidr, contains } from "../core";

/** The outbound group must admit a rule's target, or its queries are dropped. */
export function checkCidrContainsIp(
  scope: IConstruct,
  prop: string,
  ip: string,
  cidrs: Readonly<Record<string, string>>,
): void {
  if (!isKnown(ip) || Object.values(cidrs).some((c) => !isKnown(c))) return;
  const host = parseCidr(`${ip}/32`);
  ensure(
    !host ||
      Object.values(cidrs).some((c) => {
        const range = parseCidr(c);
        return range !== undefined && contains(range, host);
      }),
    scope,
    prop,
    ip,
    "is not covered by outbound.targetCidrs, so the outbound endpoint's group would drop its queries",
    `add "${ip}/32" to outbound.targetCidrs`,
  );
}
