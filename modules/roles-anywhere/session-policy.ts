import * as ipaddr from "ipaddr.js";
import { IConstruct } from "constructs";
import { PolicyDocument, PolicyStatement, ensure, isKnown, policyDocument } from "../core";

/**
 * A profile session policy that lets a session use the role's permissions only from `cidrs`.
 *
 * A session policy only narrows what the role grants (the session gets the intersection), so the
 * usual "Allow *, Deny unless from these ranges" pair would need an Allow-all statement. Instead every
 * Allow statement of `permissions` is repeated with its own actions and resources, so the session
 * policy carries no wildcard:
 * - statements the workload calls directly get `IpAddress aws:SourceIp = cidrs`;
 * - statements usable only through an AWS service (a `kms:ViaService` condition, e.g. Secrets Manager
 *   decrypting for the caller) keep their own condition: that call comes from the service's address,
 *   and the service is reachable only through a direct call that the source-IP condition already limits.
 * Calls through a VPC endpoint carry no `aws:SourceIp` and are therefore not allowed.
 */
export function restrictToSourceIps(permissions: PolicyDocument, cidrs: readonly string[]): PolicyDocument {
  const statements: PolicyStatement[] = permissions.Statement.filter((s) => s.Effect === "Allow").map(
    (s): PolicyStatement => {
      const viaService = Object.values(s.Condition ?? {}).some((c) => "kms:ViaService" in c);
      if (viaService) return s;
      return {
        ...s,
        Sid: s.Sid ? `${s.Sid}FromSourceIps` : undefined,
        Condition: { ...s.Condition, IpAddress: { "aws:SourceIp": [...cidrs] } },
      };
    },
  );
  return policyDocument(...statements);
}

/**
 * Several permission policies as one (statements with the same Sid are merged, resources unioned in
 * order): the session policy of a profile that vends several roles must cover each of them.
 */
export function mergePermissions(docs: readonly PolicyDocument[]): PolicyDocument {
  const bySid = new Map<string, PolicyStatement>();
  const out: PolicyStatement[] = [];
  for (const s of docs.flatMap((d) => d.Statement)) {
    const seen = s.Sid ? bySid.get(s.Sid) : undefined;
    if (!seen) {
      const copy = { ...s };
      out.push(copy);
      if (s.Sid) bySid.set(s.Sid, copy);
      continue;
    }
    const resources = [...asList(seen.Resource), ...asList(s.Resource)];
    const merged = { ...seen, Resource: [...new Set(resources)] };
    out[out.indexOf(seen)] = merged;
    bySid.set(s.Sid!, merged);
  }
  return policyDocument(...out);
}

function asList(v: string | readonly string[] | undefined): readonly string[] {
  return v === undefined ? [] : typeof v === "string" ? [v] : v;
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
