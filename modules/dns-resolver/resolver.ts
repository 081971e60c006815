import { RamPrincipalAssociation } from "@cdktf/provider-aws/lib/ram-principal-association";
import { RamResourceAssociation } from "@cdktf/provider-aws/lib/ram-resource-association";
import { RamResourceShare } from "@cdktf/provider-aws/lib/ram-resource-share";
import { Route53ResolverEndpoint } from "@cdktf/provider-aws/lib/route53-resolver-endpoint";
import { Route53ResolverRule } from "@cdktf/provider-aws/lib/route53-resolver-rule";
import { Route53ResolverRuleAssociation } from "@cdktf/provider-aws/lib/route53-resolver-rule-association";
import { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import {
  checkLiteralStrings,
  checkAccountId,
  checkNonEmpty,
  checkResourceId,
  checkUnique,
  ensure,
  isKnown,
} from "../core";
import { checkCidrContainsIp } from "./cidr";
import { checkDomain, checkIp, checkKey, checkPeers } from "./checks";
import { resolverEndpoint } from "./endpoints";

/** A VPC that uses a rule: associated with the provider of its account (in the resolver's region). */
export interface ResolverRuleVpc {
  readonly vpcId: string;
  /** @default - the resolver's provider (a VPC of the resolver's account) */
  readonly provider?: TerraformProvider;
}

export interface ResolverRuleProps {
  /** Queries for this domain and its subdomains are forwarded, e.g. `warehouse.internal`. */
  readonly domainName: string;
  /** Where: DNS server addresses, or `"inbound"` for this resolver's inbound endpoint addresses. */
  readonly targetIps: readonly string[] | "inbound";
  /** VPCs that use the rule, by a stable name. @default {} */
  readonly vpcs?: Readonly<Record<string, ResolverRuleVpc>>;
}

/** A RAM share of some rules with accounts that associate them with their own VPCs. */
export interface ResolverRuleShareProps {
  /** Account ids (or OU / organization ARNs) the rules are shared with. */
  readonly principals: readonly string[];
  /** Rule names (keys of `rules`). */
  readonly rules: readonly string[];
  /**
   * Allow accounts outside the organization (each gets an invitation to accept).
   * @default false
   */
  readonly allowExternalPrincipals?: boolean;
}

export interface DnsResolverProps {
  /** Name prefix of endpoints, groups, rules and shares, e.g. `prod-hub-east`. */
  readonly name: string;
  /** The VPC holding the endpoints (typically a shared-services VPC). */
  readonly vpcId: string;
  /** AZ → subnet id: one endpoint address per AZ, at least two AZs (Route 53 requires two addresses). */
  readonly subnetIds: Readonly<Record<string, string>>;
  /**
   * Inbound endpoint with fixed addresses (AZ → IP inside that AZ's subnet) and the networks allowed to query
   * it on TCP/UDP 53.
   * @default - no inbound endpoint
   */
  readonly inbound?: {
    readonly ips: Readonly<Record<string, string>>;
    readonly allowedCidrs: Readonly<Record<string, string>>;
  };
  /**
   * Outbound endpoint and the resolvers it may query on TCP/UDP 53 (every rule target must be covered).
   * @default - no outbound endpoint (then no rules)
   */
  readonly outbound?: { readonly targetCidrs: Readonly<Record<string, string>> };
  /** FORWARD rules by name. @default {} */
  readonly rules?: Readonly<Record<string, ResolverRuleProps>>;
  /** RAM shares of rules by name. @default {} */
  readonly shares?: Readonly<Record<string, ResolverRuleShareProps>>;
  /** Provider of the resolver VPC's account and region. @default - the scope's default AWS provider */
  readonly provider?: TerraformProvider;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Route 53 Resolver in one VPC (R-NET-7): inbound and outbound endpoints (each with a security group opened on
 * TCP and UDP 53 to exactly the networks given), FORWARD rules, RAM shares of the rules, and the rules'
 * associations with VPCs of other accounts (each with its account's provider, after the share). The hub
 * pattern for VPCs behind a transit gateway, which has no DNS of its own: zones are associated with the hub
 * VPC, spokes forward the zone's domain to the hub's inbound endpoint through the shared rule.
 */
export class DnsResolver extends Construct {
  /** @default undefined without `inbound` */
  public readonly inboundEndpoint?: Route53ResolverEndpoint;
  /** @default undefined without `outbound` */
  public readonly outboundEndpoint?: Route53ResolverEndpoint;
  /** @default undefined without `inbound` */
  public readonly inboundSecurityGroupId?: string;
  /** @default undefined without `outbound` */
  public readonly outboundSecurityGroupId?: string;
  /** The inbound endpoint's addresses (what partners and on-premises resolvers forward to). */
  public readonly inboundIps: readonly string[];
  public readonly rules: Readonly<Record<string, Route53ResolverRule>>;
  /** Rule ids by name. */
  public readonly ruleIds: Readonly<Record<string, string>>;
  public readonly shares: Readonly<Record<string, RamResourceShare>>;
  /** Associations by `<rule>/<vpc>`. */
  public readonly associations: Readonly<Record<string, Route53ResolverRuleAssociation>>;

  constructor(scope: Construct, id: string, props: DnsResolverProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const rules = props.rules ?? {};
    const shares = props.shares ?? {};
    const tags = props.tags ?? {};
    validate(this, props, rules, shares);
    const common = {
      name: props.name,
      vpcId: props.vpcId,
      subnetIds: props.subnetIds,
      provider: props.provider,
      tags,
    };

    if (props.inbound) {
      const e = resolverEndpoint(this, "INBOUND", {
        ...common,
        ips: props.inbound.ips,
        peers: props.inbound.allowedCidrs,
      });
      this.inboundEndpoint = e.endpoint;
      this.inboundSecurityGroupId = e.securityGroup.id;
    }
    this.inboundIps = Object.keys(props.inbound?.ips ?? {})
      .sort()
      .map((az) => props.inbound!.ips[az]);
    if (props.outbound) {
      const e = resolverEndpoint(this, "OUTBOUND", { ...common, peers: props.outbound.targetCidrs });
      this.outboundEndpoint = e.endpoint;
      this.outboundSecurityGroupId = e.securityGroup.id;
    }

    const created: Record<string, Route53ResolverRule> = {};
    for (const [name, r] of Object.entries(rules)) {
      const ips = r.targetIps === "inbound" ? this.inboundIps : r.targetIps;
      created[name] = new Route53ResolverRule(this, `rule-${name}`, {
        provider: props.provider,
        name: `${props.name}-${name}`,
        domainName: r.domainName,
        ruleType: "FORWARD",
        resolverEndpointId: this.outboundEndpoint!.id,
        targetIp: ips.map((ip) => ({ ip, port: 53 })),
        tags: { ...tags, Name: `${props.name}-${name}` },
      });
    }
    this.rules = created;
    this.ruleIds = Object.fromEntries(Object.entries(created).map(([n, r]) => [n, r.id]));

    const shareResources: Record<string, RamResourceShare> = {};
    const sharedBy = new Map<string, ITerraformDependable[]>();
    for (const [name, s] of Object.entries(shares)) {
      const share = new RamResourceShare(this, `share-${name}`, {
        provider: props.provider,
        name: `${props.name}-${name}`,
        allowExternalPrincipals: s.allowExternalPrincipals ?? false,
        tags: { ...tags, Name: `${props.name}-${name}` },
      });
      shareResources[name] = share;
      const deps: ITerraformDependable[] = [];
      for (const rule of s.rules)
        deps.push(
          new RamResourceAssociation(this, `share-${name}-rule-${rule}`, {
            provider: props.provider,
            resourceArn: created[rule].arn,
            resourceShareArn: share.arn,
          }),
        );
      for (const principal of s.principals)
        deps.push(
          new RamPrincipalAssociation(this, `share-${name}-principal-${principalKey(principal)}`, {
            provider: props.provider,
            principal,
            resourceShareArn: share.arn,
          }),
        );
      for (const rule of s.rules) sharedBy.set(rule, [...(sharedBy.get(rule) ?? []), ...deps]);
    }
    this.shares = shareResources;

    const associations: Record<string, Route53ResolverRuleAssociation> = {};
    for (const [name, r] of Object.entries(rules))
      for (const [vpc, v] of Object.entries(r.vpcs ?? {})) {
        // Another account sees the rule only once it is shared: wait for the share's associations.
        const waitFor = v.provider && v.provider !== props.provider ? sharedBy.get(name) : undefined;
        associations[`${name}/${vpc}`] = new Route53ResolverRuleAssociation(
          this,
          `association-${name}-${vpc}`,
          {
            provider: v.provider ?? props.provider,
            name: `${props.name}-${name}-${vpc}`,
            resolverRuleId: created[name].id,
            vpcId: v.vpcId,
            dependsOn: waitFor?.length ? waitFor : undefined,
          },
        );
      }
    this.associations = associations;
  }
}

/** `123456789012` as is; an OU/organization ARN by its last path segment (construct-id safe). */
function principalKey(principal: string): string {
  return isKnown(principal)
    ? (principal.split("/").pop() ?? principal).replace(/[^A-Za-z0-9_-]/g, "-")
    : principal;
}

function validate(
  scope: Construct,
  props: DnsResolverProps,
  rules: Readonly<Record<string, ResolverRuleProps>>,
  shares: Readonly<Record<string, ResolverRuleShareProps>>,
): void {
  checkResourceId(scope, "vpcId", props.vpcId, "vpc");
  const azs = Object.keys(props.subnetIds);
  azs.forEach((az) => checkKey(scope, "subnetIds", az));
  ensure(
    azs.length >= 2,
    scope,
    "subnetIds",
    props.subnetIds,
    "must name subnets in at least two AZs (Route 53 requires two addresses per endpoint)",
    "give one subnet in each of two or more AZs",
  );
  if (props.inbound) {
    const ips = Object.entries(props.inbound.ips);
    ensure(
      ips.length >= 2,
      scope,
      "inbound.ips",
      props.inbound.ips,
      "must give at least two addresses",
      "give one address in each of two AZs",
    );
    for (const [az, ip] of ips) {
      ensure(
        azs.includes(az),
        scope,
        `inbound.ips.${az}`,
        ip,
        `is in an AZ without a subnet (subnetIds: ${azs.join(", ")})`,
        "place each address in an AZ of subnetIds",
      );
      checkIp(scope, `inbound.ips.${az}`, ip);
    }
    checkUnique(
      scope,
      "inbound.ips",
      ips.map(([, ip]) => ip),
    );
    checkNonEmpty(scope, "inbound.allowedCidrs", Object.keys(props.inbound.allowedCidrs));
    checkPeers(scope, "inbound.allowedCidrs", props.inbound.allowedCidrs);
  }
  if (props.outbound) checkPeers(scope, "outbound.targetCidrs", props.outbound.targetCidrs);
  for (const [name, r] of Object.entries(rules)) {
    checkKey(scope, "rules", name);
    checkDomain(scope, `rules.${name}.domainName`, r.domainName);
    ensure(
      props.outbound !== undefined,
      scope,
      `rules.${name}`,
      r.domainName,
      "needs the outbound endpoint: FORWARD rules send their queries through it",
      "give outbound.targetCidrs",
    );
    ensure(
      r.targetIps !== "inbound" || props.inbound !== undefined,
      scope,
      `rules.${name}.targetIps`,
      r.targetIps,
      "names the inbound endpoint, which this resolver does not have",
      "give inbound.ips, or list the target addresses",
    );
    const ips = r.targetIps === "inbound" ? Object.values(props.inbound?.ips ?? {}) : r.targetIps;
    checkNonEmpty(scope, `rules.${name}.targetIps`, ips);
    ips.forEach((ip, i) => {
      checkIp(scope, `rules.${name}.targetIps[${i}]`, ip);
      if (props.outbound)
        checkCidrContainsIp(scope, `rules.${name}.targetIps[${i}]`, ip, props.outbound.targetCidrs);
    });
    for (const k of Object.keys(r.vpcs ?? {})) checkKey(scope, `rules.${name}.vpcs`, k);
  }
  for (const [name, s] of Object.entries(shares)) {
    checkKey(scope, "shares", name);
    checkNonEmpty(scope, `shares.${name}.principals`, s.principals);
    s.principals.forEach((p, i) => {
      if (/^\d+$/.test(p)) checkAccountId(scope, `shares.${name}.principals[${i}]`, p);
    });
    checkNonEmpty(scope, `shares.${name}.rules`, s.rules);
    for (const rule of s.rules)
      ensure(
        rule in rules,
        scope,
        `shares.${name}.rules`,
        rule,
        `is not a rule of this resolver (rules: ${Object.keys(rules).join(", ") || "none"})`,
        "share rules by the names used in rules",
      );
  }
}
