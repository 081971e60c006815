import { StackModel, TfResource, blocks, isExpression, isTrue, strings } from "../model";
import type { Rule, Violation } from "../types";
import { securityGroupRules } from "./security-groups";

export const vpcFlowLogs: Rule = {
  id: "PP-VPC-001",
  level: "error",
  description: "Every VPC has a flow log.",
  mirrors: ["CKV2_AWS_11"],
  fix: "add an aws_flow_log for the VPC with traffic_type ALL",
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
  fix: "add an aws_default_security_group for the VPC with no ingress or egress",
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

export const interfaceEndpointMultiAz: Rule = {
  id: "PP-VPC-003",
  level: "warning",
  levelByEnvironment: { other: "error" },
  description: "Interface VPC endpoints span at least two subnets in different AZs.",
  mirrors: ["project"],
  fix: "give the endpoint one subnet in each of at least two AZs",
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

/** Destinations that make a route "to the internet". */
const DEFAULT_ROUTES = ["0.0.0.0/0", "::/0"];

/**
 * True when the subnet's route table (associated in this stack) sends a default route to an internet
 * gateway: the AWS definition of a public subnet ("Subnets for your VPC": a public subnet "has a direct
 * route to an internet gateway", https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html).
 */
function isPublicSubnet(stack: StackModel, subnet: TfResource): boolean {
  const tables = stack
    .referencing("aws_route_table_association", "subnet_id", subnet, ["id"])
    .map((a) => stack.resolve(a.body.route_table_id))
    .filter((t): t is TfResource => t?.type === "aws_route_table");
  const toIgw = (gateway: unknown) => {
    const target = stack.resolve(gateway);
    return target
      ? target.type === "aws_internet_gateway"
      : typeof gateway === "string" && gateway.startsWith("igw-");
  };
  return tables.some(
    (table) =>
      blocks(table.body.route).some(
        (r) => DEFAULT_ROUTES.includes(String(r.cidr_block ?? r.ipv6_cidr_block)) && toIgw(r.gateway_id),
      ) ||
      stack
        .referencing("aws_route", "route_table_id", table, ["id"])
        .some(
          (r) =>
            DEFAULT_ROUTES.includes(
              String(r.body.destination_cidr_block ?? r.body.destination_ipv6_cidr_block),
            ) && toIgw(r.body.gateway_id),
        ),
  );
}

export const subnetNoPublicIpUnlessPublic: Rule = {
  id: "PP-VPC-004",
  level: "error",
  description:
    "Subnets assign public IPs on launch (map_public_ip_on_launch) only when their route table sends 0.0.0.0/0 to an internet gateway.",
  mirrors: ["CKV_AWS_130"],
  fix: "set map_public_ip_on_launch = false outside public subnets",
  check: (stack) =>
    stack
      .resources("aws_subnet")
      .filter((subnet) => isTrue(subnet.body.map_public_ip_on_launch) && !isPublicSubnet(stack, subnet))
      .map((subnet) => ({
        address: subnet.address,
        problem:
          "subnet gives every instance a public IP on launch but is not a public subnet (no route table in this stack sends 0.0.0.0/0 to an internet gateway), so instances meant to be private get internet-facing addresses",
        fix: "set map_public_ip_on_launch = false (give internet-facing instances an Elastic IP or place them in a public subnet)",
      })),
};

export const tgwNoAutoAccept: Rule = {
  id: "PP-TGW-001",
  level: "error",
  description: "Transit gateways do not auto-accept shared attachments.",
  mirrors: ["CKV_AWS_331"],
  fix: 'set auto_accept_shared_attachments = "disable"',
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
  fix: 'set default_route_table_association and default_route_table_propagation to "disable"',
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
  subnetNoPublicIpUnlessPublic,
  ...securityGroupRules,
  tgwNoAutoAccept,
  tgwNoDefaultRouteTable,
];
