import { Construct } from "constructs";
import { EnvironmentConfig, VpcConfig } from "../config";
import { DedicatedTierOptions, FlowLogsConfig, NetworkVpc } from "../modules/vpc";
import { ComponentStack } from "./component-stack";
import { BuildOptions } from "./options";

/**
 * `<env>-network`: every VPC of the environment (in each VPC's own account and region), and the connections
 * between them. Both sides of each peering/TGW peering live here so one apply creates them in order.
 */
export class NetworkStack extends ComponentStack {
  /** VPCs by config name; other stacks read subnet/route table ids from here (becomes remote state). */
  readonly vpcs: Readonly<Record<string, NetworkVpc>>;

  constructor(scope: Construct, env: EnvironmentConfig, options: BuildOptions = {}) {
    super(scope, env, "network", options);
    const tgwTiers = tgwAttachmentTiers(env);
    const vpcs: Record<string, NetworkVpc> = {};
    for (const [name, vpc] of Object.entries(env.network.vpcs)) {
      vpcs[name] = new NetworkVpc(this, `vpc-${name}`, {
        name: `${env.name}-${name}`,
        cidr: vpc.cidr,
        azs: vpc.azs,
        subnets: vpc.subnets,
        natGateways: vpc.natGateways,
        dedicatedTiers: dedicatedTiers(vpc, tgwTiers.get(name) ?? new Set()),
        flowLogs: flowLogs(env, vpc),
        provider: this.providers.forAccount(vpc.account, vpc.region),
      });
    }
    this.vpcs = vpcs;
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
    accountId: env.accounts[vpc.account].id,
    region: vpc.region,
    retentionInDays: vpc.flowLogs.retentionDays,
  };
}
