import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { checkLiteralStrings, checkCidr, checkNonEmpty, ensure, isKnown } from "../core";

/** A destination port or inclusive port range. */
export interface FlowPortRange {
  readonly from: number;
  readonly to: number;
}

/** One side of a flow: the VPC its security group lives in, with that VPC's account/region provider. */
export interface FlowSide {
  readonly vpcId: string;
  readonly provider?: TerraformProvider;
}

export interface FlowSecurityGroupsProps {
  /** Names the groups `<name>-src` / `<name>-dst`, e.g. `dev-intent-ml-warehouse`. */
  readonly name: string;
  /** What the flow is for (group and rule descriptions): ASCII letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* only. */
  readonly description: string;
  readonly protocol: "tcp" | "udp";
  readonly ports: readonly FlowPortRange[];
  /**
   * The source group: egress only, on the ports, to `egressCidrs` and/or `egressPrefixListIds` (keyed by a
   * stable name, e.g. the subnet's AZ or the service; the key becomes part of the rule's construct id).
   * Omit it when the flow starts outside the networks you manage (e.g. in a partner's VPC).
   * @default - no source group (then `destination` is required)
   */
  readonly source?: FlowSide & {
    readonly egressCidrs?: Readonly<Record<string, string>>;
    readonly egressPrefixListIds?: Readonly<Record<string, string>>;
  };
  /**
   * The destination group: ingress only, from `ingressCidrs` on the ports (never 0.0.0.0/0). Omit when the
   * destination already has its own group (an interface endpoint's, a data store's).
   */
  readonly destination?: FlowSide & { readonly ingressCidrs: Readonly<Record<string, string>> };
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

const WORLD = ["0.0.0.0/0", "::/0"];

/**
 * The security groups of one declared flow: a source group whose only rules are egress to the destination on
 * the flow's ports, and (optionally) a destination group whose only rules are ingress from the source on the
 * same ports. Workloads attach them; nothing else is opened. Rules are standalone
 * `aws_vpc_security_group_{ingress,egress}_rule` resources, one per (CIDR or prefix list, port range).
 */
export class FlowSecurityGroups extends Construct {
  /** @default undefined when the flow has no source side (`source` omitted) */
  public readonly sourceSecurityGroupId?: string;
  /** @default undefined when the flow has no destination group */
  public readonly destinationSecurityGroupId?: string;
  /** @default undefined when the flow has no source side (`source` omitted) */
  public readonly sourceSecurityGroup?: SecurityGroup;
  /** @default undefined when the flow has no destination group */
  public readonly destinationSecurityGroup?: SecurityGroup;
  public readonly ingressRules: Readonly<Record<string, VpcSecurityGroupIngressRule>>;
  public readonly egressRules: Readonly<Record<string, VpcSecurityGroupEgressRule>>;

  constructor(scope: Construct, id: string, props: FlowSecurityGroupsProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const tags = props.tags ?? {};
    checkNonEmpty(this, "ports", props.ports);
    props.ports.forEach((p, i) =>
      ensure(
        Number.isInteger(p.from) && Number.isInteger(p.to) && p.from >= 1 && p.from <= p.to && p.to <= 65535,
        this,
        `ports[${i}]`,
        p,
        "must be a port range with 1 ≤ from ≤ to ≤ 65535",
        "give { from, to } within 1-65535",
      ),
    );
    ensure(
      props.source !== undefined || props.destination !== undefined,
      this,
      "source",
      undefined,
      "and destination are both missing, so the flow opens nothing",
      "give the source side (egress), the destination side (ingress), or both",
    );
    const egressCidrs = Object.entries(props.source?.egressCidrs ?? {});
    const prefixLists = Object.entries(props.source?.egressPrefixListIds ?? {});
    ensure(
      props.source === undefined || egressCidrs.length + prefixLists.length > 0,
      this,
      "source",
      props.source,
      "has no egress destination",
      "give egressCidrs or egressPrefixListIds",
    );
    egressCidrs.forEach(([k, c]) => checkCidr(this, `source.egressCidrs.${k}`, c));
    if (props.destination) {
      const sources = Object.entries(props.destination.ingressCidrs);
      checkNonEmpty(this, "destination.ingressCidrs", sources);
      sources.forEach(([k, c]) => {
        ensure(
          !isKnown(c) || !WORLD.includes(c),
          this,
          `destination.ingressCidrs.${k}`,
          c,
          "opens the destination to the whole internet",
          "allow the source's CIDRs (or its NAT Elastic IPs /32) only",
        );
        checkCidr(this, `destination.ingressCidrs.${k}`, c);
      });
    }

    const portText = (p: FlowPortRange) => (p.from === p.to ? `${p.from}` : `${p.from}-${p.to}`);
    const key = (target: string, p: FlowPortRange) => `${target}-${props.protocol}-${portText(p)}`;

    const egress: Record<string, VpcSecurityGroupEgressRule> = {};
    const source = props.source;
    if (source) {
      const src = new SecurityGroup(this, "source", {
        provider: source.provider,
        name: `${props.name}-src`,
        description: `Source of ${props.description}: egress on ${props.protocol} ${props.ports.map(portText).join(",")} only`,
        vpcId: source.vpcId,
        tags: { ...tags, Name: `${props.name}-src` },
      });
      this.sourceSecurityGroup = src;
      this.sourceSecurityGroupId = src.id;
      const egressTargets: Array<{ id: string; cidrIpv4?: string; prefixListId?: string }> = [
        ...egressCidrs.map(([k, c]) => ({ id: k, cidrIpv4: c })),
        ...prefixLists.map(([k, pl]) => ({ id: k, prefixListId: pl })),
      ];
      for (const t of egressTargets) {
        for (const p of props.ports) {
          const k = key(t.id, p);
          egress[k] = new VpcSecurityGroupEgressRule(this, `egress-${k}`, {
            provider: source.provider,
            securityGroupId: src.id,
            cidrIpv4: t.cidrIpv4,
            prefixListId: t.prefixListId,
            ipProtocol: props.protocol,
            fromPort: p.from,
            toPort: p.to,
            description: `${props.description}`,
            tags: { ...tags, Name: `${props.name}-egress` },
          });
        }
      }
    }
    this.egressRules = egress;

    const ingress: Record<string, VpcSecurityGroupIngressRule> = {};
    const d = props.destination;
    if (d) {
      const dst = new SecurityGroup(this, "destination", {
        provider: d.provider,
        name: `${props.name}-dst`,
        description: `Destination of ${props.description}: ingress on ${props.protocol} ${props.ports.map(portText).join(",")} from the source only`,
        vpcId: d.vpcId,
        tags: { ...tags, Name: `${props.name}-dst` },
      });
      this.destinationSecurityGroup = dst;
      this.destinationSecurityGroupId = dst.id;
      Object.entries(d.ingressCidrs).forEach(([name, c]) => {
        for (const p of props.ports) {
          const k = key(name, p);
          ingress[k] = new VpcSecurityGroupIngressRule(this, `ingress-${k}`, {
            provider: d.provider,
            securityGroupId: dst.id,
            cidrIpv4: c,
            ipProtocol: props.protocol,
            fromPort: p.from,
            toPort: p.to,
            description: `${props.description}`,
            tags: { ...tags, Name: `${props.name}-ingress` },
          });
        }
      });
    }
    this.ingressRules = ingress;
  }
}
