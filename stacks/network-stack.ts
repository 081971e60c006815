import { Construct } from "constructs";
import { EnvironmentConfig, TransitGatewayConfig, VpcConfig } from "../config";
import {
  GatewayServiceKey,
  InterfaceServiceKey,
  isGatewayServiceKey,
  isInterfaceServiceKey,
  PrivateLinkEndpoints,
} from "@multicloud-platform/modules/privatelink";
import { TransitGatewayHub, TransitGatewayPeering } from "@multicloud-platform/modules/transit-gateway";
import { FlowLogsConfig, NetworkVpc } from "@multicloud-platform/modules/vpc";
import { VpcPeering } from "@multicloud-platform/modules/vpc-peering";
import { FlowSecurityGroups } from "@multicloud-platform/modules/flow-rules";
import { ownOrThrow } from "../config/lookup";
import {
  PartnerPeeringAccepter,
  PartnerPeeringRequester,
  PartnerTransitGatewayAttachment,
  PartnerTransitGatewayShare,
} from "@multicloud-platform/modules/partner-network";
import { DnsResolver } from "@multicloud-platform/modules/dns-resolver";
import { PrivateHostedZone } from "@multicloud-platform/modules/private-dns";
import { renderPrivateZones, renderResolvers } from "./network-dns";
import { renderPartnerPeerings, renderPartnerTransitGateways } from "./network-partners";
import { RoutingPlan, routingPlan } from "../config/reachability/plan";
import {
  attachmentRouting,
  internetRoutingOf,
  peeringRouteTables,
  renderIntentOpenings,
  tablesWithGatewayEndpoints,
  tgwStaticRoutes,
} from "./network-render";
import { ComponentStack } from "./component-stack";
import { BuildOptions } from "./options";

/** The tag the EMR managed service policy (AmazonEMRServicePolicy_v2) requires on subnets it launches into. */
export const EMR_SUBNET_TAG = "for-use-with-amazon-emr-managed-policies";

/**
 * `<env>-network`: every VPC of the environment (in each VPC's own account and region), and the connections
 * between them: VPC peerings, transit gateways (RAM share, hub and spoke attachments, static routes, TGW
 * peerings) and PrivateLink endpoints. Both sides of each peering/TGW peering live here so one apply
 * creates them in order.
 */
export class NetworkStack extends ComponentStack {
  /** VPCs by config name; other stacks read subnet/route table ids from here (becomes remote state). */
  readonly vpcs: Readonly<Record<string, NetworkVpc>>;
  /** VPC peerings by config name. */
  readonly peerings: Readonly<Record<string, VpcPeering>>;
  /** Transit gateways by config name. */
  readonly transitGateways: Readonly<Record<string, TransitGatewayHub>>;
  /** Transit gateway peerings by config name. */
  readonly tgwPeerings: Readonly<Record<string, TransitGatewayPeering>>;
  /** PrivateLink endpoints by VPC config name (only VPCs that declare `endpoints`). */
  readonly endpoints: Readonly<Record<string, PrivateLinkEndpoints>>;
  /** Peerings with external networks by config name (network.externalPeerings). */
  readonly partnerPeerings: Readonly<Record<string, PartnerPeeringAccepter | PartnerPeeringRequester>>;
  /** RAM shares of transit gateways with external accounts, by TGW config name. */
  readonly partnerShares: Readonly<Record<string, PartnerTransitGatewayShare>>;
  /** Route 53 private hosted zones by config name (network.privateZones). */
  readonly privateZones: Readonly<Record<string, PrivateHostedZone>>;
  /** Route 53 Resolver endpoints and rules by config name (network.resolvers). */
  readonly resolvers: Readonly<Record<string, DnsResolver>>;
  /** Partner-created TGW attachments accepted, by `<tgw>/<attachment name>`. */
  readonly partnerAttachments: Readonly<Record<string, PartnerTransitGatewayAttachment>>;
  /**
   * Security groups of the reachability intents, by intent name (config `intents`, verified by
   * config/checks/reachability.ts): workloads attach `sourceSecurityGroupId` / `destinationSecurityGroupId`.
   */
  readonly intents: Readonly<Record<string, FlowSecurityGroups>>;

  /** The routing plan this stack rendered (config/reachability/plan.ts). */
  readonly plan: RoutingPlan;

  /**
   * Renders `plan` (by default the environment's routing plan, the one its reachability proof was made
   * over): the stack and the modules decide no route, association, propagation or opening themselves.
   */
  constructor(
    scope: Construct,
    env: EnvironmentConfig,
    options: BuildOptions = {},
    plan: RoutingPlan = routingPlan(env),
  ) {
    super(scope, env, "network", options);
    this.plan = plan;
    const net = env.network;
    const vpcs: Record<string, NetworkVpc> = {};
    for (const [name, vpc] of Object.entries(net.vpcs)) {
      const p = planned(plan, name);
      vpcs[name] = new NetworkVpc(this, `vpc-${name}`, {
        name: `${env.name}-${name}`,
        cidr: vpc.cidr,
        azs: vpc.azs,
        subnets: vpc.subnets,
        natGateways: vpc.natGateways,
        dedicatedTiers: p.dedicatedTiers,
        internetRouting: internetRoutingOf(p),
        subnetTags: Object.fromEntries(
          vpc.emrSubnetTiers.map((tier) => [tier, { [EMR_SUBNET_TAG]: "true" }]),
        ),
        flowLogs: flowLogs(env, vpc),
        provider: this.vpcProvider(vpc),
      });
    }
    this.vpcs = vpcs;

    const peerings: Record<string, VpcPeering> = {};
    for (const [name, peering] of Object.entries(net.peerings)) {
      const side = (vpcName: string, peerName: string, dns: boolean) => {
        const cfg = ownOrThrow(net.vpcs, vpcName, "VPC");
        return {
          vpcId: vpcs[vpcName].vpcId,
          cidr: cfg.cidr,
          accountId: this.providers.accountId(cfg.account),
          region: cfg.region,
          routeTableIds: peeringRouteTables(
            plan,
            vpcs,
            name,
            vpcName,
            ownOrThrow(net.vpcs, peerName, "VPC").cidr,
          ),
          allowRemoteVpcDnsResolution: dns,
          provider: this.vpcProvider(cfg),
        };
      };
      peerings[name] = new VpcPeering(this, `peering-${name}`, {
        name: `${env.name}-${name}`,
        requester: side(peering.requester, peering.accepter, peering.allowRemoteVpcDnsResolution.requester),
        accepter: side(peering.accepter, peering.requester, peering.allowRemoteVpcDnsResolution.accepter),
        // Unset: the module auto-accepts exactly when the API allows it (same account and region).
        autoAccept: peering.autoAccept,
      });
    }
    this.peerings = peerings;
    this.partnerPeerings = renderPartnerPeerings(this, env, plan, vpcs);

    const hubs: Record<string, TransitGatewayHub> = {};
    for (const [name, tgw] of Object.entries(net.transitGateways)) {
      hubs[name] = this.transitGateway(name, tgw, vpcs);
    }
    this.transitGateways = hubs;

    const tgwPeerings: Record<string, TransitGatewayPeering> = {};
    for (const [name, tp] of Object.entries(net.tgwPeerings)) {
      // Routes in the table associated with the peering go through the peering construct; routes to the
      // peering in the TGW's other tables are added below, with the other static routes.
      const side = (tgwName: string) => {
        const routeTable = plan.tgws[tgwName].attachments[name].routeTable;
        return {
          transitGateway: hubs[tgwName],
          routeTable,
          destinationCidrs: tgwStaticRoutes(plan, tgwName)
            .filter((r) => r.attachment === name && r.routeTable === routeTable)
            .map((r) => r.cidr),
        };
      };
      tgwPeerings[name] = new TransitGatewayPeering(this, `tgw-peering-${name}`, {
        name,
        requester: side(tp.requester),
        accepter: side(tp.accepter),
      });
    }
    this.tgwPeerings = tgwPeerings;
    const partners = renderPartnerTransitGateways(this, env, plan, hubs);
    this.partnerShares = partners.shares;
    this.partnerAttachments = partners.attachments;

    for (const name of Object.keys(net.transitGateways)) {
      for (const r of tgwStaticRoutes(plan, name)) {
        if (r.attachment === undefined) {
          hubs[name].addBlackholeRoute(r.routeTable, r.cidr);
          continue;
        }
        const peeringSide = plan.tgws[name].attachments[r.attachment];
        const viaPeeringConstruct =
          peeringSide?.kind === "peering" && peeringSide.routeTable === r.routeTable;
        if (!viaPeeringConstruct) hubs[name].addStaticRoute(r.routeTable, r.cidr, r.attachment);
      }
    }

    const endpoints: Record<string, PrivateLinkEndpoints> = {};
    for (const [name, vpc] of Object.entries(net.vpcs)) {
      const e = vpc.endpoints;
      if (!e || (e.gateway.length === 0 && e.interface.length === 0)) continue;
      // The config checks reject keys outside the catalog; the filters only narrow the types.
      const gateway = e.gateway.filter((k): k is GatewayServiceKey => isGatewayServiceKey(k));
      const iface = e.interface.filter((k): k is InterfaceServiceKey => isInterfaceServiceKey(k));
      const p = planned(plan, name);
      endpoints[name] = new PrivateLinkEndpoints(this, `endpoints-${name}`, {
        name: `${env.name}-${name}`,
        vpcId: vpcs[name].vpcId,
        vpcCidr: vpc.cidr,
        region: vpc.region,
        allowedCidrs: [...(p.interfaceEndpoints?.allowedCidrs ?? [])],
        subnetIds: iface.length ? vpcs[name].subnetIds[e.subnetTier] : undefined,
        routeTableIds: gateway.length ? tablesWithGatewayEndpoints(p, vpcs[name]) : undefined,
        gateway,
        interface: iface,
        // PP-VPC-003 errors on single-AZ interface endpoints outside dev; the config check says so first.
        allowSingleAz: env.stage === "dev",
        provider: this.vpcProvider(vpc),
      });
    }
    this.endpoints = endpoints;

    this.intents = renderIntentOpenings(this, env, plan, vpcs, endpoints);
    this.privateZones = renderPrivateZones(this, env, plan, vpcs);
    this.resolvers = renderResolvers(this, env, plan, vpcs);
  }

  private vpcProvider(vpc: VpcConfig) {
    return this.providers.forAccount(vpc.account, vpc.region);
  }

  /** Hub TGW with its route tables, RAM share, attachments (hub-account VPCs directly, others as spokes). */
  private transitGateway(
    name: string,
    tgw: TransitGatewayConfig,
    vpcs: Readonly<Record<string, NetworkVpc>>,
  ): TransitGatewayHub {
    const env = this.env;
    const tgwAccountId = this.providers.accountId(tgw.account);
    const hub = new TransitGatewayHub(this, `tgw-${name}`, {
      name: `${env.name}-${name}`,
      amazonSideAsn: tgw.amazonSideAsn,
      region: tgw.region,
      accountId: tgwAccountId,
      routeTables: tgw.routeTables,
      ramShare: tgw.shareWith.length
        ? { principals: tgw.shareWith.map((a) => this.providers.accountId(a)) }
        : undefined,
      provider: this.providers.forAccount(tgw.account, tgw.region),
    });
    for (const [vpcName, att] of Object.entries(tgw.attachments)) {
      const cfg = ownOrThrow(env.network.vpcs, vpcName, "VPC");
      const vpc = vpcs[vpcName];
      const options = {
        vpcId: vpc.vpcId,
        subnetIds: vpc.subnetIds[att.subnetTier],
        ...attachmentRouting(this.plan, name, vpcName, vpc),
      };
      const vpcAccountId = this.providers.accountId(cfg.account);
      if (vpcAccountId === tgwAccountId) {
        hub.addVpcAttachment(vpcName, options);
      } else {
        hub.addSpokeAttachment(vpcName, {
          ...options,
          spokeAccountId: vpcAccountId,
          spokeProvider: this.vpcProvider(cfg),
        });
      }
    }
    return hub;
  }
}

function flowLogs(env: EnvironmentConfig, vpc: VpcConfig): FlowLogsConfig {
  if (vpc.flowLogs.destination === "s3")
    return { destination: "s3", bucketArn: vpc.flowLogs.s3BucketArn ?? "" };
  return {
    destination: "cloud-watch-logs",
    accountId: ownOrThrow(env.accounts, vpc.account, "account").id,
    region: vpc.region,
    retentionInDays: vpc.flowLogs.retentionDays,
  };
}

/** The plan of a VPC of this environment (the plan covers every VPC of a valid config). */
function planned(plan: RoutingPlan, vpc: string) {
  const p = plan.vpcs[vpc];
  if (!p) throw new Error(`routing plan has no VPC ${vpc}: was the config validated?`);
  return p;
}
