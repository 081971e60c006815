import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { TerraformProvider } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { ensure } from "./errors";
import { checkAddressKey, checkCidr } from "./validate";

/** An egress rule of a workload's security group: one destination, one protocol, one port range. */
export interface EgressRule {
  /** Destination CIDR (exactly one of `cidr`, `prefixListId`). */
  readonly cidr?: string;
  /** Destination prefix list, e.g. a gateway endpoint's. */
  readonly prefixListId?: string;
  readonly protocol: "tcp" | "udp";
  readonly fromPort: number;
  readonly toPort: number;
  /** Why the workload needs it (AWS allows ASCII letters, digits, spaces and `._-:/()#,@[]+=&;{}!$*`). */
  readonly description: string;
}

/** Validates egress rules keyed by a stable name (the key becomes the rule's resource address). */
export function checkEgressRules(
  scope: IConstruct,
  prop: string,
  rules: Readonly<Record<string, EgressRule>> | undefined,
): void {
  for (const [k, r] of Object.entries(rules ?? {})) {
    checkAddressKey(scope, prop, k, "warehouse-us-east-1a");
    ensure(
      (r.cidr === undefined) !== (r.prefixListId === undefined),
      scope,
      `${prop}.${k}`,
      r,
      "must name exactly one of cidr or prefixListId",
      "give the destination as a CIDR or a prefix list",
    );
    checkCidr(scope, `${prop}.${k}.cidr`, r.cidr);
    ensure(
      Number.isInteger(r.fromPort) &&
        Number.isInteger(r.toPort) &&
        r.fromPort >= 1 &&
        r.fromPort <= r.toPort &&
        r.toPort <= 65535,
      scope,
      `${prop}.${k}`,
      r,
      "must be a port range with 1 ≤ fromPort ≤ toPort ≤ 65535",
      "give the destination's ports",
    );
  }
}

/** True when some rule lets `protocol`/`port` out (to any destination). */
export function egressAllows(
  rules: Readonly<Record<string, EgressRule>> | undefined,
  protocol: "tcp" | "udp",
  port: number,
): boolean {
  return Object.values(rules ?? {}).some(
    (r) => r.protocol === protocol && r.fromPort <= port && port <= r.toPort,
  );
}

/** One `aws_vpc_security_group_egress_rule` per rule, at `egress-<key>` under `scope`. */
export function addEgressRules(
  scope: Construct,
  securityGroupId: string,
  rules: Readonly<Record<string, EgressRule>> | undefined,
  provider: TerraformProvider | undefined,
  tags: Readonly<Record<string, string>>,
): void {
  for (const [name, r] of Object.entries(rules ?? {}))
    new VpcSecurityGroupEgressRule(scope, `egress-${name}`, {
      provider,
      securityGroupId,
      cidrIpv4: r.cidr,
      prefixListId: r.prefixListId,
      ipProtocol: r.protocol,
      fromPort: r.fromPort,
      toPort: r.toPort,
      description: r.description,
      tags,
    });
}
