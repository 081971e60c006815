import { Route53ResolverEndpoint } from "@cdktf/provider-aws/lib/route53-resolver-endpoint";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** DNS over TCP and UDP: CreateResolverEndpoint requires rules for both ("must allow TCP and UDP access"). */
const PROTOCOLS = ["tcp", "udp"] as const;

/**
 * One endpoint with its own security group: inbound admits queries on 53 from `peers`, outbound may send them
 * on 53 to `peers` (groups are stateful, so replies need no rule).
 */
export function resolverEndpoint(
  scope: Construct,
  direction: "INBOUND" | "OUTBOUND",
  props: {
    readonly name: string;
    readonly vpcId: string;
    readonly subnetIds: Readonly<Record<string, string>>;
    /** AZ → fixed address (inbound); none lets AWS assign one per subnet. */
    readonly ips?: Readonly<Record<string, string>>;
    readonly peers: Readonly<Record<string, string>>;
    readonly provider?: TerraformProvider;
    readonly tags: Readonly<Record<string, string>>;
  },
): { endpoint: Route53ResolverEndpoint; securityGroup: SecurityGroup } {
  const id = direction === "INBOUND" ? "inbound" : "outbound";
  const what = direction === "INBOUND" ? "queries from" : "queries to";
  const sg = new SecurityGroup(scope, `${id}-sg`, {
    provider: props.provider,
    name: `${props.name}-resolver-${id}`,
    description: `Route 53 Resolver ${id} endpoint of ${props.name}: DNS (TCP and UDP 53) ${what} the listed networks only`,
    vpcId: props.vpcId,
    tags: { ...props.tags, Name: `${props.name}-resolver-${id}` },
  });
  for (const [key, cidr] of Object.entries(props.peers))
    for (const protocol of PROTOCOLS) {
      const rule = {
        provider: props.provider,
        securityGroupId: sg.id,
        cidrIpv4: cidr,
        ipProtocol: protocol,
        fromPort: 53,
        toPort: 53,
        description: `DNS ${what} ${key}`,
        tags: { ...props.tags, Name: `${props.name}-resolver-${id}-${key}` },
      };
      if (direction === "INBOUND") new VpcSecurityGroupIngressRule(scope, `${id}-${key}-${protocol}`, rule);
      else new VpcSecurityGroupEgressRule(scope, `${id}-${key}-${protocol}`, rule);
    }
  const endpoint = new Route53ResolverEndpoint(scope, id, {
    provider: props.provider,
    name: `${props.name}-${id}`,
    direction,
    securityGroupIds: [sg.id],
    // One address per AZ, sorted by AZ so the plan does not depend on key order.
    ipAddress: Object.keys(props.subnetIds)
      .sort()
      .map((az) => ({ subnetId: props.subnetIds[az], ip: props.ips?.[az] })),
    // Plain DNS over IPv4 (API values: IPV4 | IPV6 | DUALSTACK; Do53 | DoH | DoH-FIPS).
    resolverEndpointType: "IPV4",
    protocols: ["Do53"],
    tags: { ...props.tags, Name: `${props.name}-${id}` },
  });
  return { endpoint, securityGroup: sg };
}
