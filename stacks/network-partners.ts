/**
 * The network stack's connections to networks the platform does not own (R-NET-6), rendered from the
 * routing plan: peerings we accept or request, RAM shares of our TGWs with partner accounts, and partner-created
 * TGW attachments we accept. Identifiers the partner needs (our peering request, the share ARN) are outputs.
 */
import { TerraformOutput } from "cdktf";
import { EnvironmentConfig } from "../config";
import { ownOrThrow } from "../config/lookup";
import { RoutingPlan, VpcRoute } from "../config/reachability/plan";
import {
  PartnerPeeringAccepter,
  PartnerPeeringRequester,
  PartnerTransitGatewayAttachment,
  PartnerTransitGatewayShare,
} from "@multicloud-platform/modules/partner-network";
import { TransitGatewayHub } from "@multicloud-platform/modules/transit-gateway";
import { NetworkVpc } from "@multicloud-platform/modules/vpc";
import { ComponentStack } from "./component-stack";
import { tablesWhere } from "./network-render";

/** Route tables (key → id) of the VPC that route the partner's ranges through peering `name`. */
function partnerTables(
  plan: RoutingPlan,
  vpc: NetworkVpc,
  vpcName: string,
  name: string,
  cidrs: readonly string[],
): Record<string, string> {
  const isThis = (r: VpcRoute) => r.target.kind === "external-peering" && r.target.peering === name;
  const out: Record<string, string> = {};
  for (const { rt, az } of tablesWhere(plan.vpcs[vpcName], isThis)) {
    const routed = rt.routes.filter(isThis).map((r) => r.cidr.text);
    if (routed.length !== cidrs.length || cidrs.some((c) => !routed.includes(c)))
      throw new Error(`routing plan routes only some of ${cidrs.join(", ")} through ${name} in ${rt.id}`);
    out[rt.key] = vpc.routeTableIds[rt.tier][az];
  }
  return out;
}

export function renderPartnerPeerings(
  stack: ComponentStack,
  env: EnvironmentConfig,
  plan: RoutingPlan,
  vpcs: Readonly<Record<string, NetworkVpc>>,
): Record<string, PartnerPeeringAccepter | PartnerPeeringRequester> {
  const net = env.network;
  const out: Record<string, PartnerPeeringAccepter | PartnerPeeringRequester> = {};
  for (const [name, ep] of Object.entries(net.externalPeerings)) {
    const ext = ownOrThrow(net.externalNetworks, ep.network, "external network");
    const vpc = ownOrThrow(net.vpcs, ep.vpc, "VPC");
    const common = {
      name: `${env.name}-${name}`,
      partnerAccountId: ext.accountId,
      partnerCidrs: ext.cidrs,
      routeTableIds: partnerTables(plan, vpcs[ep.vpc], ep.vpc, name, ext.cidrs),
      allowRemoteVpcDnsResolution: ep.allowRemoteVpcDnsResolution,
      provider: stack.providers.forAccount(vpc.account, vpc.region),
    };
    if (ep.role === "accepter") {
      out[name] = new PartnerPeeringAccepter(stack, `partner-peering-${name}`, {
        ...common,
        peeringConnectionId: ep.peeringConnectionId!,
        vpcId: vpcs[ep.vpc].vpcId,
        partnerVpcId: ext.vpcId,
      });
      continue;
    }
    const requester = new PartnerPeeringRequester(stack, `partner-peering-${name}`, {
      ...common,
      vpcId: vpcs[ep.vpc].vpcId,
      region: vpc.region,
      partnerVpcId: ext.vpcId!,
      partnerRegion: ext.region,
      partnerAccepted: ep.partnerAccepted,
    });
    out[name] = requester;
    new TerraformOutput(stack, `partner-peering-${name}-request`, {
      value: requester.connectionId,
      description: `VPC peering request to ${ep.network} (account ${ext.accountId}): the partner accepts this pcx- id within 7 days`,
    });
  }
  return out;
}

export function renderPartnerTransitGateways(
  stack: ComponentStack,
  env: EnvironmentConfig,
  plan: RoutingPlan,
  hubs: Readonly<Record<string, TransitGatewayHub>>,
): {
  shares: Record<string, PartnerTransitGatewayShare>;
  attachments: Record<string, PartnerTransitGatewayAttachment>;
} {
  const net = env.network;
  const shares: Record<string, PartnerTransitGatewayShare> = {};
  const attachments: Record<string, PartnerTransitGatewayAttachment> = {};
  for (const [tgwName, tgw] of Object.entries(net.transitGateways)) {
    const hub = hubs[tgwName];
    if (tgw.shareWithExternal.length) {
      shares[tgwName] = new PartnerTransitGatewayShare(stack, `partner-share-${tgwName}`, {
        name: `${env.name}-${tgwName}-partners`,
        transitGatewayArn: hub.transitGatewayArn,
        partnerAccountIds: [
          ...new Set(
            tgw.shareWithExternal.map(
              (e) => ownOrThrow(net.externalNetworks, e, "external network").accountId,
            ),
          ),
        ],
        provider: hub.provider,
      });
      new TerraformOutput(stack, `partner-share-${tgwName}-arn`, {
        value: shares[tgwName].shareArn,
        description: `RAM share of transit gateway ${tgwName} with ${tgw.shareWithExternal.join(", ")}: each partner accepts the invitation (aws ram accept-resource-share-invitation)`,
      });
    }
    for (const [attName, att] of Object.entries(tgw.externalAttachments)) {
      const planned = plan.tgws[tgwName].attachments[attName];
      attachments[`${tgwName}/${attName}`] = new PartnerTransitGatewayAttachment(
        stack,
        `partner-attachment-${tgwName}-${attName}`,
        {
          name: attName,
          transitGateway: hub,
          kind: att.kind,
          attachmentId: att.attachmentId,
          partnerAccountId: ownOrThrow(net.externalNetworks, att.network, "external network").accountId,
          associateWith: planned.routeTable,
        },
      );
    }
  }
  return { shares, attachments };
}
