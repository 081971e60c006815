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
import { DedicatedTierOptions, FlowLogsConfig, NetworkVpc } from "@multicloud-platform/modules/vpc";
import { VpcPeering } from "@multicloud-platform/modules/vpc-peering";
import { FlowSecurityGroups } from "@multicloud-platform/modules/flow-rules";
import { own, ownOrThrow } from "../config/lookup";
import { connectedVpcCidrs } from "../config/reachability/model";
import { resolveIntent } from "../config/reachability/trace";
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
  /**
   * Security groups of the reachability intents, by intent name (config `intents`, verified by
   * config/checks/reachability.ts): workloads attach `sourceSecurityGroupId` / `destinationSecurityGroupId`.
   */
  readonly intents: Readonly<Record<string, FlowSecurityGroups>>;

  constructor(scope: Construct, env: EnvironmentConfig, options: BuildOptions = {}) {
    super(scope, env, "network", options);
    const net = env.network;
    const tgwTiers = tgwAttachmentTiers(env);
    const vpcs: Record<string, NetworkVpc> = {};
    for (const [name, vpc] of Object.entries(net.vpcs)) {
      vpcs[name] = new NetworkVpc(this, `vpc-${name}`, {
        name: `${env.name}-${name}`,
        cidr: vpc.cidr,
        azs: vpc.azs,
        subnets: vpc.subnets,
        natGateways: vpc.natGateways,
        dedicatedTiers: dedicatedTiers(vpc, tgwTiers.get(name) ?? new Set()),
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
      const side = (vpcName: string, tiers: readonly string[], dns: boolean) => {
        const cfg = ownOrThrow(net.vpcs, vpcName, "VPC");
        return {
          vpcId: vpcs[vpcName].vpcId,
          cidr: cfg.cidr,
          accountId: this.providers.accountId(cfg.account),
          region: cfg.region,
          routeTableIds: vpcs[vpcName].routeTableIdsForTiers(tiers),
          allowRemoteVpcDnsResolution: dns,
          provider: this.vpcProvider(cfg),
        };
      };
      peerings[name] = new VpcPeering(this, `peering-${name}`, {
        name: `${env.name}-${name}`,
        requester: side(
          peering.requester,
          peering.routeTiers.requester,
          peering.allowRemoteVpcDnsResolution.requester,
        ),
        accepter: side(
          peering.accepter,
          peering.routeTiers.accepter,
          peering.allowRemoteVpcDnsResolution.accepter,
        ),
        // Unset: the module auto-accepts exactly when the API allows it (same account and region).
        autoAccept: peering.autoAccept,
      });
    }
    this.peerings = peerings;

    const hubs: Record<string, TransitGatewayHub> = {};
    for (const [name, tgw] of Object.entries(net.transitGateways)) {
      hubs[name] = this.transitGateway(name, tgw, vpcs);
    }
    this.transitGateways = hubs;

    const tgwPeerings: Record<string, TransitGatewayPeering> = {};
    for (const [name, tp] of Object.entries(net.tgwPeerings)) {
      const side = (tgwName: string, routeTable: string) => ({
        transitGateway: hubs[tgwName],
        routeTable,
        // Routes in the associated route table go through the peering construct; routes to the peering in
        // the TGW's other route tables are added below, with the other static routes.
        destinationCidrs: net.transitGateways[tgwName].staticRoutes
          .filter((r) => r.target === name && r.routeTable === routeTable)
          .map((r) => r.cidr),
      });
      tgwPeerings[name] = new TransitGatewayPeering(this, `tgw-peering-${name}`, {
        name,
        requester: side(tp.requester, tp.routeTables.requester),
        accepter: side(tp.accepter, tp.routeTables.accepter),
      });
    }
    this.tgwPeerings = tgwPeerings;

    for (const [name, tgw] of Object.entries(net.transitGateways)) {
      for (const r of tgw.staticRoutes) {
        if (r.blackhole) {
          hubs[name].addBlackholeRoute(r.routeTable, r.cidr);
          continue;
        }
        const tp = r.target !== undefined ? own(net.tgwPeerings, r.target) : undefined;
        const viaPeeringConstruct =
          tp !== undefined &&
          ((tp.requester === name && tp.routeTables.requester === r.routeTable) ||
            (tp.accepter === name && tp.routeTables.accepter === r.routeTable));
        if (!viaPeeringConstruct) hubs[name].addStaticRoute(r.routeTable, r.cidr, r.target!);
      }
    }

    const endpoints: Record<string, PrivateLinkEndpoints> = {};
    for (const [name, vpc] of Object.entries(net.vpcs)) {
      const e = vpc.endpoints;
      if (!e || (e.gateway.length === 0 && e.interface.length === 0)) continue;
      // The config checks reject keys outside the catalog; the filters only narrow the types.
      const gateway = e.gateway.filter((k): k is GatewayServiceKey => isGatewayServiceKey(k));
      const iface = e.interface.filter((k): k is InterfaceServiceKey => isInterfaceServiceKey(k));
      endpoints[name] = new PrivateLinkEndpoints(this, `endpoints-${name}`, {
        name: `${env.name}-${name}`,
        vpcId: vpcs[name].vpcId,
        vpcCidr: vpc.cidr,
        region: vpc.region,
        allowedCidrs: connectedCidrs(env, name),
        subnetIds: iface.length ? vpcs[name].subnetIds[e.subnetTier] : undefined,
        routeTableIds: gateway.length ? vpcs[name].routeTableIdsForTiers(e.routeTiers) : undefined,
        gateway,
        interface: iface,
        // PP-VPC-003 errors on single-AZ interface endpoints outside dev; the config check says so first.
        allowSingleAz: env.stage === "dev",
        provider: this.vpcProvider(vpc),
      });
    }
    this.endpoints = endpoints;

    this.intents = buildIntentSecurityGroups(this, env, vpcs, endpoints);
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
        associateWith: att.associateWith,
        propagateTo: att.propagateTo,
        vpcRoutes: att.routeCidrs.length
          ? { routeTableIds: vpc.routeTableIdsForTiers(att.routeTiers), destinationCidrs: att.routeCidrs }
          : undefined,
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

/** Tiers that hold TGW attachment ENIs, per VPC: they carry transit traffic only. */
function tgwAttachmentTiers(env: EnvironmentConfig): Map<string, Set<string>> {
  const tiers = new Map<string, Set<string>>();
  for (const tgw of Object.values(env.network.transitGateways)) {
    for (const [vpc, att] of Object.entries(tgw.attachments)) {
      tiers.set(vpc, (tiers.get(vpc) ?? new Set()).add(att.subnetTier));
    }
  }
  return tiers;
}

/**
 * CIDRs of the VPCs connected to `vpcName` (peers, VPCs on the same or a directly peered TGW): what the
 * interface endpoint security groups admit. One implementation, shared with the reachability checker.
 */
export const connectedCidrs = connectedVpcCidrs;

function dedicatedTiers(vpc: VpcConfig, tgwTiers: Set<string>): Record<string, DedicatedTierOptions> {
  const out: Record<string, DedicatedTierOptions> = {};
  for (const tier of Object.keys(vpc.subnets)) {
    if (tier === "public" || tier === "private") continue;
    // AWS recommends open NACLs and no internet route on TGW attachment subnets; other dedicated tiers
    // (e.g. glue) are isolated and egress through NAT.
    out[tier] = tgwTiers.has(tier)
      ? { isolate: false, internetEgress: false }
      : { isolate: true, internetEgress: true };
  }
  return out;
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

// ---------------------------------------------------------------------------------------------------------
// Reachability intents: the security groups that permit exactly the declared flows (config `intents`).
// Config validation has already proved every intent's path (both directions, every AZ pair), so each intent
// here is satisfied; this only opens it.
// ---------------------------------------------------------------------------------------------------------

/**
 * Per intent: a source group (source VPC, its account/region provider) with egress to the destination on the
 * declared ports, and a destination group (destination VPC and provider) with ingress from the source subnets
 * (or, for `internet` targets, the source VPC's NAT Elastic IPs /32). No destination group when the
 * destination already has the group that matters: an interface endpoint's (443 from connected CIDRs), a
 * gateway endpoint (egress to its prefix list), or a Glue data store's (NAT Elastic IPs, ingest stack).
 */
function buildIntentSecurityGroups(
  stack: NetworkStack,
  env: EnvironmentConfig,
  vpcs: Readonly<Record<string, NetworkVpc>>,
  endpoints: Readonly<Record<string, PrivateLinkEndpoints>>,
): Record<string, FlowSecurityGroups> {
  const out: Record<string, FlowSecurityGroups> = {};
  const net = env.network;
  const vpcConfig = (vpc: string) => ownOrThrow(net.vpcs, vpc, "VPC");
  const provider = (vpc: string) => stack.providers.forAccount(vpcConfig(vpc).account, vpcConfig(vpc).region);
  for (const [name, intent] of Object.entries(env.intents ?? {})) {
    const i = resolveIntent(env, name, intent);
    if (!i)
      throw new Error(`${env.name}: intent ${name} does not resolve (config validation should have said so)`);
    const srcCfg = vpcConfig(i.from.vpc);
    const srcSubnets = srcCfg.subnets[i.from.tier];
    const dstCfg = vpcConfig(i.to.vpc);
    const tierCidrs = (subnets: Readonly<Record<string, string>>) =>
      Object.fromEntries(Object.entries(subnets).map(([az, cidr]) => [az, cidr]));
    let egressCidrs: Record<string, string> | undefined;
    let egressPrefixListIds: Record<string, string> | undefined;
    let ingressCidrs: Record<string, string> | undefined;
    switch (i.kind) {
      case "private":
        egressCidrs = tierCidrs(dstCfg.subnets[i.to.tier!]);
        ingressCidrs = tierCidrs(srcSubnets);
        break;
      case "internet": {
        // The destination's public address is not known here: egress is limited by port, not address.
        egressCidrs = { internet: "0.0.0.0/0" };
        // The NAT gateways the source tier's route tables use (the stack's NAT per AZ, or the single one).
        const natIps = vpcs[i.from.vpc].natPublicIps;
        const natAzs = [
          ...new Set(Object.keys(srcSubnets).map((az) => (az in natIps ? az : Object.keys(natIps)[0]))),
        ];
        ingressCidrs = i.glueDataStore
          ? undefined
          : Object.fromEntries(natAzs.map((az) => [`nat-${az}`, `${natIps[az]}/32`]));
        break;
      }
      case "interface-endpoint":
        egressCidrs = tierCidrs(dstCfg.subnets[i.to.tier!]);
        break;
      case "gateway-endpoint":
        egressPrefixListIds = {
          [i.to.service!]: endpoints[i.to.vpc].endpoints[i.to.service as GatewayServiceKey]!.prefixListId,
        };
        break;
    }
    // Security group descriptions accept ASCII letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* only.
    const to =
      typeof intent.to === "string"
        ? intent.to
        : "internet" in intent.to
          ? `internet side of ${intent.to.internet}`
          : `endpoint ${intent.to.endpoint}`;
    const what = `intent ${name}: ${intent.from} to ${to}`;
    out[name] = new FlowSecurityGroups(stack, `intent-${name}`, {
      name: `${env.name}-intent-${name}`,
      description: what,
      protocol: i.protocol,
      ports: i.ports,
      source: {
        vpcId: vpcs[i.from.vpc].vpcId,
        provider: provider(i.from.vpc),
        egressCidrs,
        egressPrefixListIds,
      },
      destination: ingressCidrs
        ? { vpcId: vpcs[i.to.vpc].vpcId, provider: provider(i.to.vpc), ingressCidrs }
        : undefined,
    });
  }
  return out;
}
