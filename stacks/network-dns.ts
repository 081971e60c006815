/**
 * The network stack's names across networks (R-NET-7), rendered from the routing plan's DNS part: private
 * hosted zones with their associations (owner's account, other accounts by authorization + association, partners
 * by authorization plus the command they run, printed as an output) and Resolver endpoints, rules, RAM shares
 * and rule associations.
 */
import { TerraformOutput } from "cdktf";
import { EnvironmentConfig } from "../config";
import { ownOrThrow } from "../config/lookup";
import { RoutingPlan } from "../config/reachability/plan";
import { DnsResolver, ResolverRuleProps } from "@multicloud-platform/modules/dns-resolver";
import { PrivateHostedZone, ZoneVpcAssociation } from "@multicloud-platform/modules/private-dns";
import { NetworkVpc } from "@multicloud-platform/modules/vpc";
import { ComponentStack } from "./component-stack";

const key = (cidr: string) => cidr.replace(/[./]/g, "-");

export function renderPrivateZones(
  stack: ComponentStack,
  env: EnvironmentConfig,
  plan: RoutingPlan,
  vpcs: Readonly<Record<string, NetworkVpc>>,
): Record<string, PrivateHostedZone> {
  const net = env.network;
  const out: Record<string, PrivateHostedZone> = {};
  const accountId = (account: string) => stack.providers.accountId(account);
  for (const [name, z] of Object.entries(plan.dns.zones)) {
    const primary = ownOrThrow(net.vpcs, z.primaryVpc, "VPC");
    const associations: Record<string, ZoneVpcAssociation> = {};
    for (const v of z.vpcs.slice(1)) {
      const cfg = ownOrThrow(net.vpcs, v, "VPC");
      associations[v] = {
        vpcId: vpcs[v].vpcId,
        region: cfg.region,
        // Another account associates its own VPC after the zone owner's authorization.
        ownerProvider:
          accountId(cfg.account) !== accountId(z.account)
            ? stack.providers.forAccount(cfg.account, cfg.region)
            : undefined,
      };
    }
    const partnerVpcs = Object.fromEntries(
      z.externalNetworks.map((e) => [
        e,
        {
          vpcId: ownOrThrow(net.externalNetworks, e, "external network").vpcId!,
          region: ownOrThrow(net.externalNetworks, e, "external network").region,
        },
      ]),
    );
    out[name] = new PrivateHostedZone(stack, `zone-${name}`, {
      domain: z.domain,
      comment: `${env.name} ${name}`,
      primaryVpc: { vpcId: vpcs[z.primaryVpc].vpcId, region: primary.region },
      vpcs: associations,
      partnerVpcs,
      provider: stack.providers.forAccount(z.account, primary.region),
    });
    for (const [e, command] of Object.entries(out[name].partnerAssociationCommands))
      new TerraformOutput(stack, `zone-${name}-${e}-association`, {
        value: command,
        description: `Private zone ${z.domain} is authorized for ${e}'s VPC: the partner runs this in its account (account ${ownOrThrow(net.externalNetworks, e, "external network").accountId})`,
      });
  }
  return out;
}

export function renderResolvers(
  stack: ComponentStack,
  env: EnvironmentConfig,
  plan: RoutingPlan,
  vpcs: Readonly<Record<string, NetworkVpc>>,
): Record<string, DnsResolver> {
  const net = env.network;
  const out: Record<string, DnsResolver> = {};
  for (const [name, r] of Object.entries(plan.dns.resolvers)) {
    const vpcCfg = ownOrThrow(net.vpcs, r.vpc, "VPC");
    const provider = stack.providers.forAccount(vpcCfg.account, vpcCfg.region);
    const ownId = stack.providers.accountId(r.account);
    const rules: Record<string, ResolverRuleProps> = {};
    const spokeAccounts = new Set<string>();
    const spokeRules: string[] = [];
    const partnerAccounts = new Set<string>();
    const partnerRules: string[] = [];
    for (const [ruleName, rule] of Object.entries(r.rules)) {
      const toInbound = rule.targets.length > 0 && rule.targets.every((t) => t.kind === "inbound");
      rules[ruleName] = {
        domainName: rule.domain,
        targetIps: toInbound ? "inbound" : rule.targets.map((t) => t.ip.text.replace("/32", "")),
        vpcs: Object.fromEntries(
          rule.vpcs.map((v) => {
            const cfg = ownOrThrow(net.vpcs, v, "VPC");
            return [
              v,
              { vpcId: vpcs[v].vpcId, provider: stack.providers.forAccount(cfg.account, cfg.region) },
            ];
          }),
        ),
      };
      const others = rule.vpcs
        .map((v) => stack.providers.accountId(ownOrThrow(net.vpcs, v, "VPC").account))
        .filter((a) => a !== ownId);
      if (others.length) {
        others.forEach((a) => spokeAccounts.add(a));
        spokeRules.push(ruleName);
      }
      if (rule.shareWithExternal.length) {
        rule.shareWithExternal.forEach((e) =>
          partnerAccounts.add(ownOrThrow(net.externalNetworks, e, "external network").accountId),
        );
        partnerRules.push(ruleName);
      }
    }
    out[name] = new DnsResolver(stack, `resolver-${name}`, {
      name: `${env.name}-${name}`,
      vpcId: vpcs[r.vpc].vpcId,
      subnetIds: vpcs[r.vpc].subnetIds[r.tier],
      inbound: r.inbound
        ? {
            ips: Object.fromEntries(
              Object.entries(r.inbound.ips).map(([az, c]) => [az, c.text.replace("/32", "")]),
            ),
            allowedCidrs: Object.fromEntries(r.inbound.allowedCidrs.map((c) => [key(c), c])),
          }
        : undefined,
      outbound: r.outbound
        ? { targetCidrs: Object.fromEntries(r.outbound.targetCidrs.map((c) => [key(c), c])) }
        : undefined,
      rules,
      shares: {
        // Accounts of our organization associate the rules with their VPCs (no invitation within the organization).
        ...(spokeRules.length
          ? { spokes: { principals: [...spokeAccounts].sort(), rules: spokeRules } }
          : {}),
        ...(partnerRules.length
          ? {
              partners: {
                principals: [...partnerAccounts].sort(),
                rules: partnerRules,
                allowExternalPrincipals: true,
              },
            }
          : {}),
      },
      provider,
    });
    if (r.inbound?.allowExternal.length)
      new TerraformOutput(stack, `resolver-${name}-inbound-ips`, {
        value: out[name].inboundIps,
        description: `Inbound resolver addresses of ${name}: ${r.inbound.allowExternal.join(", ")} forward our domains to them (TCP and UDP 53)`,
      });
    if (out[name].shares.partners)
      new TerraformOutput(stack, `resolver-${name}-partner-share-arn`, {
        value: out[name].shares.partners.arn,
        description: `RAM share of resolver rules with partner accounts: each accepts the invitation, then associates the rules with its VPCs`,
      });
  }
  return out;
}
