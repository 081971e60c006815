import { StackModel, TfResource, blocks, isExpression, num, strings } from "../model";
import type { Rule, Violation } from "../types";

export const vpcFlowLogs: Rule = {
  id: "PP-VPC-001",
  level: "error",
  description: "Every VPC has a flow log.",
  mirrors: ["CKV2_AWS_11"],
  check(stack) {
    return stack
      .resources("aws_vpc")
      .filter((vpc) => stack.referencing("aws_flow_log", "vpc_id", vpc, ["id"]).length === 0)
      .map((vpc) => ({
        address: vpc.address,
        problem: "VPC has no aws_flow_log",
        fix: `add an aws_flow_log with vpc_id = ${vpc.address}.id and traffic_type "ALL"`,
      }));
  },
};

const SG_RULE_TYPES = [
  "aws_security_group_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_vpc_security_group_egress_rule",
];

export const defaultSecurityGroupClosed: Rule = {
  id: "PP-VPC-002",
  level: "error",
  description: "Every VPC adopts its default security group with no ingress or egress rules.",
  mirrors: ["CKV2_AWS_12"],
  check(stack) {
    const out: Violation[] = [];
    const defaults = stack.resources("aws_default_security_group");
    for (const vpc of stack.resources("aws_vpc")) {
      if (!defaults.some((sg) => stack.refersTo(sg.body.vpc_id, vpc, ["id"]))) {
        out.push({
          address: vpc.address,
          problem:
            "VPC's default security group is not managed, so it keeps AWS's allow-all-within-group rules",
          fix: `add an aws_default_security_group with vpc_id = ${vpc.address}.id and no ingress or egress blocks`,
        });
      }
    }
    for (const sg of defaults) {
      const open = ["ingress", "egress"].filter((k) => blocks(sg.body[k]).length > 0);
      if (open.length > 0) {
        out.push({
          address: sg.address,
          problem: `default security group has ${open.join(" and ")} rules`,
          fix: "remove every ingress and egress block",
        });
      }
      for (const type of SG_RULE_TYPES) {
        for (const rule of stack.referencing(type, "security_group_id", sg, ["id"])) {
          out.push({
            address: rule.address,
            problem: `adds a rule to the default security group ${sg.address}`,
            fix: "attach the rule to a dedicated aws_security_group instead",
          });
        }
      }
    }
    return out;
  },
};

/** One ingress permission wherever it is declared. */
interface Ingress {
  readonly owner: TfResource;
  readonly where: string;
  readonly protocol: string;
  readonly from: unknown;
  readonly to: unknown;
  readonly cidrs: readonly string[];
}

const WORLD = ["0.0.0.0/0", "::/0"];

function ingressPermissions(stack: StackModel): Ingress[] {
  const out: Ingress[] = [];
  for (const sg of stack.resources("aws_security_group")) {
    blocks(sg.body.ingress).forEach((ing, i) =>
      out.push({
        owner: sg,
        where: `ingress[${i}]`,
        protocol: String(ing.protocol ?? ""),
        from: ing.from_port,
        to: ing.to_port,
        cidrs: [...strings(ing.cidr_blocks), ...strings(ing.ipv6_cidr_blocks)],
      }),
    );
  }
  for (const rule of stack.resources("aws_security_group_rule")) {
    if (rule.body.type !== "ingress") continue;
    out.push({
      owner: rule,
      where: "rule",
      protocol: String(rule.body.protocol ?? ""),
      from: rule.body.from_port,
      to: rule.body.to_port,
      cidrs: [...strings(rule.body.cidr_blocks), ...strings(rule.body.ipv6_cidr_blocks)],
    });
  }
  for (const rule of stack.resources("aws_vpc_security_group_ingress_rule")) {
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

/** True when the permission admits TCP/UDP traffic to `port` (all-protocol rules admit every port). */
function admitsPort(p: Ingress, port: number): boolean {
  const protocol = p.protocol.toLowerCase();
  if (["-1", "all"].includes(protocol)) return true;
  if (!["tcp", "udp", "6", "17"].includes(protocol) && !isExpression(protocol)) return false;
  const from = num(p.from);
  const to = num(p.to);
  // A port given as an expression cannot be proven safe.
  if (from === undefined || to === undefined) return true;
  return from <= port && port <= to;
}

function worldIngressRule(id: string, ports: readonly number[], mirrors: string[], what: string): Rule {
  return {
    id,
    level: "error",
    description: `No security group ingress from 0.0.0.0/0 or ::/0 to ${what}.`,
    mirrors,
    check(stack) {
      const out: Violation[] = [];
      for (const p of ingressPermissions(stack)) {
        const world = p.cidrs.filter((c) => WORLD.includes(c));
        const hit = ports.filter((port) => admitsPort(p, port));
        if (world.length > 0 && hit.length > 0) {
          out.push({
            address: p.owner.address,
            problem: `${p.where} allows ${world.join(" and ")} to port ${hit.join(", ")} (protocol ${p.protocol || "unset"}, ports ${String(p.from)}-${String(p.to)})`,
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
  [22, 3389],
  ["CKV_AWS_24", "CKV_AWS_25"],
  "admin ports 22 and 3389 (including all-port rules)",
);
export const noWorldHttpIngress = worldIngressRule(
  "PP-SG-002",
  [80],
  ["CKV_AWS_260"],
  "port 80 (including all-port rules)",
);

export const interfaceEndpointMultiAz: Rule = {
  id: "PP-VPC-003",
  level: "warning",
  levelByEnvironment: { other: "error" },
  description: "Interface VPC endpoints span at least two subnets in different AZs.",
  mirrors: ["project"],
  check(stack) {
    const out: Violation[] = [];
    for (const ep of stack.resources("aws_vpc_endpoint")) {
      if (String(ep.body.vpc_endpoint_type ?? "Gateway").toLowerCase() !== "interface") continue;
      // A whole-list expression (`${var.subnets}`) cannot be counted at synth.
      if (typeof ep.body.subnet_ids === "string") continue;
      const subnets = new Set([
        ...strings(ep.body.subnet_ids),
        ...blocks(ep.body.subnet_configuration).flatMap((c) => strings(c.subnet_id)),
        ...stack
          .referencing("aws_vpc_endpoint_subnet_association", "vpc_endpoint_id", ep, ["id"])
          .flatMap((a) => strings(a.body.subnet_id)),
      ]);
      if (subnets.size < 2) {
        out.push({
          address: ep.address,
          problem: `interface endpoint is in ${subnets.size} subnet(s), so one AZ outage takes it down`,
          fix: "give subnet_ids one subnet in each of at least two AZs",
        });
        continue;
      }
      const azs = [...subnets].map((s) => {
        const subnet = stack.resolve(s);
        const az =
          subnet?.type === "aws_subnet"
            ? (subnet.body.availability_zone ?? subnet.body.availability_zone_id)
            : undefined;
        return typeof az === "string" && !isExpression(az) ? az : undefined;
      });
      const known = new Set(azs.filter((a): a is string => a !== undefined));
      if (!azs.includes(undefined) && known.size === 1) {
        out.push({
          address: ep.address,
          problem: `all ${subnets.size} subnets of the interface endpoint are in ${[...known][0]}`,
          fix: "use subnets in at least two different AZs",
        });
      }
    }
    return out;
  },
};

export const tgwNoAutoAccept: Rule = {
  id: "PP-TGW-001",
  level: "error",
  description: "Transit gateways do not auto-accept shared attachments.",
  mirrors: ["CKV_AWS_331"],
  check(stack) {
    return stack
      .resources("aws_ec2_transit_gateway")
      .filter((tgw) => tgw.body.auto_accept_shared_attachments === "enable")
      .map((tgw) => ({
        address: tgw.address,
        problem:
          'transit gateway has auto_accept_shared_attachments = "enable", so any account it is shared with can attach',
        fix: 'set auto_accept_shared_attachments = "disable" and accept attachments explicitly',
      }));
  },
};

export const tgwNoDefaultRouteTable: Rule = {
  id: "PP-TGW-002",
  level: "error",
  description: "Transit gateways disable default route table association and propagation.",
  mirrors: ["project"],
  check(stack) {
    const out: Violation[] = [];
    for (const tgw of stack.resources("aws_ec2_transit_gateway")) {
      // AWS enables both when the argument is omitted.
      const on = ["default_route_table_association", "default_route_table_propagation"].filter(
        (k) => tgw.body[k] !== "disable",
      );
      if (on.length > 0) {
        out.push({
          address: tgw.address,
          problem: `transit gateway leaves ${on.join(" and ")} enabled (the AWS default), so every attachment joins one flat routing domain`,
          fix: `set ${on.map((k) => `${k} = "disable"`).join(" and ")} and associate attachments with explicit route tables`,
        });
      }
    }
    return out;
  },
};

export const networkRules: readonly Rule[] = [
  vpcFlowLogs,
  defaultSecurityGroupClosed,
  interfaceEndpointMultiAz,
  noWorldAdminIngress,
  noWorldHttpIngress,
  tgwNoAutoAccept,
  tgwNoDefaultRouteTable,
];
