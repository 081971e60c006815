import * as ipaddr from "ipaddr.js";
import { IConstruct } from "constructs";
import { PolicyDocument, ensure, isKnown, policyDocument } from "../core";

/**
 * A profile session policy that denies every call whose source address is outside `cidrs`.
 *
 * A session policy only narrows what the role grants (the session gets the intersection), so the
 * Allow-all statement grants nothing by itself; without it the intersection would be empty.
 * `aws:ViaAWSService = false` keeps calls that AWS services make on the workload's behalf (e.g.
 * Secrets Manager calling KMS) working, since their source address is the service's.
 * Calls through a VPC endpoint carry no `aws:SourceIp` and are therefore denied too.
 */
export function denyUnlessSourceIp(cidrs: readonly string[]): PolicyDocument {
  return policyDocument(
    { Sid: "AllowWhatTheRoleAllows", Effect: "Allow", Action: "*", Resource: "*" },
    {
      Sid: "DenyOutsideSourceIpRanges",
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: {
        NotIpAddress: { "aws:SourceIp": [...cidrs] },
        Bool: { "aws:ViaAWSService": "false" },
      },
    },
  );
}

/** IPv4 or IPv6 range in CIDR notation, network address only (e.g. `203.0.113.0/24`). */
export function checkIpRange(scope: IConstruct, prop: string, cidr: string): void {
  if (!isKnown(cidr)) return;
  let network: string | undefined;
  try {
    const [addr, len] = ipaddr.parseCIDR(cidr);
    const net =
      addr.kind() === "ipv4"
        ? ipaddr.IPv4.networkAddressFromCIDR(cidr).toString()
        : ipaddr.IPv6.networkAddressFromCIDR(cidr).toString();
    network = `${net}/${len}`;
    ensure(
      addr.toString() === net,
      scope,
      prop,
      cidr,
      "must be a network address in CIDR notation",
      `use the network address ${network}`,
    );
  } catch (e) {
    if (network) throw e;
    ensure(
      false,
      scope,
      prop,
      cidr,
      "is not an IP range in CIDR notation",
      "write it as a.b.c.d/n, e.g. 203.0.113.0/24",
    );
  }
}
