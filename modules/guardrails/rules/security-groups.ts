import { StackModel, TfResource, blocks, isExpression, num, strings } from "../model";
import type { Rule, Violation } from "../types";

/** One ingress or egress permission, wherever it is declared (inline block or rule resource). */
interface Permission {
  readonly owner: TfResource;
  readonly where: string;
  readonly protocol: string;
  readonly from: unknown;
  readonly to: unknown;
  /** IPv4 and IPv6 CIDRs of the peer (security-group, self and prefix-list peers are never the world). */
  readonly cidrs: readonly string[];
}

const WORLD = ["0.0.0.0/0", "::/0"];

function permissions(stack: StackModel, direction: "ingress" | "egress"): Permission[] {
  const out: Permission[] = [];
  for (const sg of stack.resources("aws_security_group")) {
    blocks(sg.body[direction]).forEach((b, i) =>
      out.push({
        owner: sg,
        where: `${direction}[${i}]`,
        protocol: String(b.protocol ?? ""),
        from: b.from_port,
        to: b.to_port,
        cidrs: [...strings(b.cidr_blocks), ...strings(b.ipv6_cidr_blocks)],
      }),
    );
  }
  for (const rule of stack.resources("aws_security_group_rule")) {
    if (rule.body.type !== direction) continue;
    out.push({
      owner: rule,
      where: "rule",
      protocol: String(rule.body.protocol ?? ""),
      from: rule.body.from_port,
      to: rule.body.to_port,
      cidrs: [...strings(rule.body.cidr_blocks), ...strings(rule.body.ipv6_cidr_blocks)],
    });
  }
  for (const rule of stack.resources(`aws_vpc_security_group_${direction}_rule`)) {
    out.push({
      owner: rule,
      where: "rule",
      protocol: String(rule.body.ip_protocol ?? ""),
      from: rule.body.from_port,
      to: rule.body.to_port,
      cidrs: [...strings(rule.body.cidr_ipv4), ...strings(rule.body.cidr_ipv6)],
    });
  }
  return out;
}

function isAllProtocols(p: Permission): boolean {
  return ["-1", "all"].includes(p.protocol.toLowerCase());
}

/** True when the permission admits TCP/UDP traffic to `port` (all-protocol rules admit every port). */
function admitsPort(p: Permission, port: number): boolean {
  const protocol = p.protocol.toLowerCase();
  if (isAllProtocols(p)) return true;
  if (!["tcp", "udp", "6", "17"].includes(protocol) && !isExpression(protocol)) return false;
  const from = num(p.from);
  const to = num(p.to);
  // A port given as an expression cannot be proven safe.
  if (from === undefined || to === undefined) return true;
  return from <= port && port <= to;
}

function worldOf(p: Permission): string[] {
  return p.cidrs.filter((c) => WORLD.includes(c));
}

function portText(p: Permission): string {
  return isAllProtocols(p)
    ? "all protocols and ports"
    : `protocol ${p.protocol || "unset"}, ports ${String(p.from)}-${String(p.to)}`;
}

/** Ports with a rule of their own: PP-SG-004 leaves permissions that admit them to those rules. */
const PORT_RULES: readonly { readonly id: string; readonly ports: readonly number[] }[] = [
  { id: "PP-SG-001", ports: [22, 3389] },
  { id: "PP-SG-002", ports: [80] },
];

function worldIngressRule(id: string, ports: readonly number[], mirrors: string[], what: string): Rule {
  return {
    id,
    level: "error",
    description: `No security group ingress from 0.0.0.0/0 or ::/0 to ${what}.`,
    mirrors,
    fix: `narrow the source to known CIDRs or security groups, or drop port ${ports.join("/")} from the range`,
    check(stack) {
      const out: Violation[] = [];
      for (const p of permissions(stack, "ingress")) {
        const world = worldOf(p);
        const hit = ports.filter((port) => admitsPort(p, port));
        if (world.length > 0 && hit.length > 0) {
          out.push({
            address: p.owner.address,
            problem: `${p.where} allows ${world.join(" and ")} to port ${hit.join(", ")} (${portText(p)})`,
            fix: `narrow the source to known CIDRs or a security group, or drop port ${hit.join(", ")} from the range`,
          });
        }
      }
      return out;
    },
  };
}

export const noWorldAdminIngress = worldIngressRule(
  "PP-SG-001",
  PORT_RULES[0].ports,
  ["CKV_AWS_24", "CKV_AWS_25"],
  "admin ports 22 and 3389 (including all-port rules)",
);
export const noWorldHttpIngress = worldIngressRule(
  "PP-SG-002",
  PORT_RULES[1].ports,
  ["CKV_AWS_260"],
  "port 80 (including all-port rules)",
);

export const noWorldEgressAllProtocols: Rule = {
  id: "PP-SG-003",
  level: "warning",
  description:
    "No all-protocol security group egress to 0.0.0.0/0 or ::/0 without a stated reason; list the ports and destinations the workload needs.",
  mirrors: ["CKV_AWS_382"],
  fix: "allow only the ports and destinations needed, or acceptWarning next to the rule with a reason",
  check: (stack) =>
    permissions(stack, "egress")
      .filter((p) => isAllProtocols(p) && worldOf(p).length > 0)
      .map((p) => ({
        address: p.owner.address,
        problem: `${p.where} allows all protocols and ports to ${worldOf(p).join(" and ")}, so a compromised host can reach anything on the internet`,
        fix: `allow only the ports and destinations the workload needs (e.g. tcp 443 to the S3 prefix list and VPC endpoints), or accept the warning next to the rule with acceptWarning(rule, "PP-SG-003", "<why>")`,
      })),
};

export const noWorldIngressOtherPorts: Rule = {
  id: "PP-SG-004",
  level: "error",
  description:
    "No security group ingress from 0.0.0.0/0 or ::/0 to any other port or protocol (ports 22, 3389 and 80 are PP-SG-001/002); a public endpoint needs a suppression with its reason.",
  mirrors: ["CKV_AWS_277", "project"],
  fix: "allow only the CIDRs, security groups or prefix lists that must connect (suppress a deliberate public endpoint with its reason)",
  check: (stack) =>
    permissions(stack, "ingress")
      .filter(
        (p) => worldOf(p).length > 0 && !PORT_RULES.some((r) => r.ports.some((port) => admitsPort(p, port))),
      )
      .map((p) => ({
        address: p.owner.address,
        problem: `${p.where} admits ${worldOf(p).join(" and ")} (${portText(p)}), so anyone on the internet can reach the service`,
        fix: "allow only the CIDRs (e.g. NAT Elastic IPs as /32), security groups or prefix lists that must connect",
      })),
};

export const securityGroupRules: readonly Rule[] = [
  noWorldAdminIngress,
  noWorldHttpIngress,
  noWorldEgressAllProtocols,
  noWorldIngressOtherPorts,
];
