import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { NetworkAcl, NetworkAclEgress, NetworkAclIngress } from "@cdktf/provider-aws/lib/network-acl";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { checkLiteralStrings, ensure, policyDocument, policyJson, serviceTrustPolicy } from "../core";
import { checkInternetRouting, validateNetworkVpcProps } from "./checks";
import {
  DedicatedTierOptions,
  NatGatewayMode,
  PRIVATE_TIER,
  PUBLIC_TIER,
  VpcInternetRouting,
  natGatewayMode,
  planInternetRouting,
  tierAzs,
} from "./routing";

/** Flow logs delivered to a new, KMS-encrypted CloudWatch Logs group. */
export interface FlowLogsToCloudWatchLogs {
  readonly destination: "cloud-watch-logs";
  /** Account that owns the VPC (scopes the KMS key policy and the flow-logs role's trust). */
  readonly accountId: string;
  /** Region of the VPC (CloudWatch Logs service principal and ARNs). */
  readonly region: string;
  /** @default "aws" */
  readonly partition?: string;
  /** @default 365 */
  readonly retentionInDays?: number;
  /** @default - a new customer managed key with rotation that only this log group can use through CloudWatch Logs */
  readonly kmsKeyArn?: string;
  /** @default "ALL" */
  readonly trafficType?: "ACCEPT" | "REJECT" | "ALL";
  /** @default 600 */
  readonly maxAggregationIntervalSeconds?: 60 | 600;
}

/** Flow logs delivered to an existing S3 bucket (its policy must allow delivery.logs.amazonaws.com). */
export interface FlowLogsToS3 {
  readonly destination: "s3";
  /** Bucket ARN, optionally with a prefix: `arn:aws:s3:::bucket/prefix`. */
  readonly bucketArn: string;
  /** @default "ALL" */
  readonly trafficType?: "ACCEPT" | "REJECT" | "ALL";
  /** @default 600 */
  readonly maxAggregationIntervalSeconds?: 60 | 600;
  /** @default "plain-text" */
  readonly fileFormat?: "plain-text" | "parquet";
}

/** Explicit opt-out of flow logs. */
export interface FlowLogsDisabled {
  readonly destination: "none";
}

export type FlowLogsConfig = FlowLogsToCloudWatchLogs | FlowLogsToS3 | FlowLogsDisabled;

export interface NetworkVpcProps {
  /** Name prefix for the Name tags and the flow-log group, e.g. `ml-consumer`. */
  readonly name: string;
  /** VPC IPv4 CIDR, e.g. `10.10.0.0/16`. */
  readonly cidr: string;
  /** Availability zone names the VPC spans, e.g. `["eu-west-1a", "eu-west-1b"]`. */
  readonly azs: readonly string[];
  /**
   * Subnet CIDRs per tier and AZ: `{ public: { "eu-west-1a": "10.10.0.0/24" }, private: {...}, glue: {...} }`.
   * `public` and `private` are the standard tiers; any other name is a purpose-dedicated tier (see `dedicatedTiers`).
   */
  readonly subnets: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** @default - "per-az" when there are public subnets, otherwise "none" */
  readonly natGateways?: NatGatewayMode;
  /** Per dedicated tier options, keyed by tier name. @default - every dedicated tier isolated, with NAT egress */
  readonly dedicatedTiers?: Readonly<Record<string, DedicatedTierOptions>>;
  /**
   * NAT gateway placement and the default route of every route table, as planned by
   * {@link planInternetRouting} (or by the app's own routing plan). The module renders exactly this.
   * @default - planInternetRouting(props)
   */
  readonly internetRouting?: VpcInternetRouting;
  /** Where flow logs go; `{ destination: "none" }` is the explicit opt-out. */
  readonly flowLogs: FlowLogsConfig;
  /**
   * Extra tags on the subnets of a tier, keyed by tier name, e.g.
   * `{ private: { "for-use-with-amazon-emr-managed-policies": "true" } }` (the EMR managed policies only
   * launch clusters into subnets carrying that tag). `Name` and `Tier` stay the module's.
   * @default {}
   */
  readonly subnetTags?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Extra tags on every resource (the provider's default tags still apply). @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default - the scope's default AWS provider */
  readonly provider?: TerraformProvider;
}

// Stateless NACLs need the ephemeral range open for replies; 1024-65535 covers NAT gateways, ELB and
// every client OS (https://docs.aws.amazon.com/vpc/latest/userguide/custom-network-acl.html#nacl-ephemeral-ports).
const EPHEMERAL_FROM = 1024;
const EPHEMERAL_TO = 65535;

/**
 * A VPC with explicit subnets per tier and AZ, IGW, NAT gateways, per-AZ route tables, flow logs, a
 * rule-less default security group and isolating network ACLs for purpose-dedicated tiers (R-NET-1).
 */
export class NetworkVpc extends Construct {
  public readonly vpcId: string;
  public readonly cidr: string;
  public readonly azs: readonly string[];
  /** Tier names in the order given. */
  public readonly tiers: readonly string[];
  /** tier → AZ → subnet id. */
  public readonly subnetIds: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** tier → AZ → route table id (the public tier shares one table, repeated for each of its AZs). */
  public readonly routeTableIds: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** AZ → NAT gateway id (one entry for "single", none for "none"). */
  public readonly natGatewayIds: Readonly<Record<string, string>>;
  /** AZ → NAT gateway Elastic IP address. */
  public readonly natPublicIps: Readonly<Record<string, string>>;
  /** AZ → Elastic IP id. */
  public readonly natEipIds: Readonly<Record<string, string>>;
  /** AZ → Elastic IP allocation id. */
  public readonly natEipAllocationIds: Readonly<Record<string, string>>;
  public readonly internetGatewayId?: string;
  public readonly natGatewayMode: NatGatewayMode;
  /** tier → network ACL id, for isolated dedicated tiers. */
  public readonly networkAclIds: Readonly<Record<string, string>>;
  public readonly flowLogId?: string;
  /** Set when flow logs go to CloudWatch Logs. */
  public readonly flowLogGroupName?: string;
  public readonly defaultSecurityGroupId: string;
  public readonly resource: Vpc;

  private readonly routeTableNames: Record<string, Record<string, string>> = {};

  constructor(scope: Construct, id: string, props: NetworkVpcProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const provider = props.provider;
    const tags = props.tags ?? {};
    const tiers = Object.keys(props.subnets);
    const hasPublic = tierAzs(props, PUBLIC_TIER).length > 0;
    const natMode: NatGatewayMode = natGatewayMode(props);
    const dedicated = props.dedicatedTiers ?? {};
    const subnetTags = props.subnetTags ?? {};

    validateNetworkVpcProps(this, props, tiers, natMode, dedicated);
    const routing = props.internetRouting ?? planInternetRouting(props);
    checkInternetRouting(this, props, routing);
    this.cidr = props.cidr;
    this.azs = [...props.azs];
    this.tiers = tiers;
    this.natGatewayMode = natMode;

    const name = (suffix: string) => ({ ...tags, Name: `${props.name}-${suffix}` });

    const vpc = new Vpc(this, "vpc", {
      provider,
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { ...tags, Name: props.name },
    });
    this.resource = vpc;
    this.vpcId = vpc.id;

    // The default SG is attached to anything launched without an explicit SG: owning it with empty rule
    // lists strips AWS's allow-all rules (CIS AWS Foundations 5.4).
    const defaultSg = new DefaultSecurityGroup(this, "default-sg", {
      provider,
      vpcId: vpc.id,
      ingress: [],
      egress: [],
      tags: name("default-locked"),
    });
    this.defaultSecurityGroupId = defaultSg.id;

    // Subnets in AZ order within each tier so the plan reads predictably.
    const orderedAzs = (tier: string) => tierAzs(props, tier);
    const subnets: Record<string, Record<string, Subnet>> = {};
    const subnetIds: Record<string, Record<string, string>> = {};
    for (const tier of tiers) {
      subnets[tier] = {};
      subnetIds[tier] = {};
      for (const az of orderedAzs(tier)) {
        const subnet = new Subnet(this, `subnet-${tier}-${az}`, {
          provider,
          vpcId: vpc.id,
          availabilityZone: az,
          cidrBlock: props.subnets[tier][az],
          // Public subnets too: only resources that ask for a public IP (e.g. an EIP) get one.
          mapPublicIpOnLaunch: false,
          tags: { ...tags, ...subnetTags[tier], Name: `${props.name}-${tier}-${az}`, Tier: tier },
        });
        subnets[tier][az] = subnet;
        subnetIds[tier][az] = subnet.id;
      }
    }
    this.subnetIds = subnetIds;

    let igw: InternetGateway | undefined;
    if (hasPublic) {
      igw = new InternetGateway(this, "igw", { provider, vpcId: vpc.id, tags: name("igw") });
      this.internetGatewayId = igw.id;
    }

    // NAT gateways live in the public subnets of the planned AZs.
    const natAzs = routing.natGatewayAzs;
    const nats: Record<string, NatGateway> = {};
    const natGatewayIds: Record<string, string> = {};
    const natPublicIps: Record<string, string> = {};
    const natEipIds: Record<string, string> = {};
    const natEipAllocationIds: Record<string, string> = {};
    for (const az of natAzs) {
      // EIPs and NAT gateways need the IGW attached first, which Terraform cannot infer from the ids alone.
      const eip = new Eip(this, `nat-eip-${az}`, {
        provider,
        domain: "vpc",
        tags: name(`nat-${az}`),
        dependsOn: [igw!],
      });
      const nat = new NatGateway(this, `nat-${az}`, {
        provider,
        allocationId: eip.allocationId,
        subnetId: subnets[PUBLIC_TIER][az].id,
        connectivityType: "public",
        tags: name(`nat-${az}`),
        dependsOn: [igw!],
      });
      nats[az] = nat;
      natGatewayIds[az] = nat.id;
      natPublicIps[az] = eip.publicIp;
      natEipIds[az] = eip.id;
      natEipAllocationIds[az] = eip.allocationId;
    }
    this.natGatewayIds = natGatewayIds;
    this.natPublicIps = natPublicIps;
    this.natEipIds = natEipIds;
    this.natEipAllocationIds = natEipAllocationIds;

    const routeTableIds: Record<string, Record<string, string>> = {};
    for (const tier of tiers) {
      routeTableIds[tier] = {};
      this.routeTableNames[tier] = {};
      if (tier === PUBLIC_TIER) {
        // One table suffices: every public subnet routes to the same IGW.
        const rt = new RouteTable(this, "rt-public", { provider, vpcId: vpc.id, tags: name("public") });
        if (routing.defaultRoutes[tier]) {
          new Route(this, "route-public-default", {
            provider,
            routeTableId: rt.id,
            destinationCidrBlock: "0.0.0.0/0",
            gatewayId: igw!.id,
          });
        }
        const rtId = rt.id;
        for (const az of orderedAzs(tier)) {
          new RouteTableAssociation(this, `rta-public-${az}`, {
            provider,
            routeTableId: rtId,
            subnetId: subnets[tier][az].id,
          });
          routeTableIds[tier][az] = rtId;
          this.routeTableNames[tier][az] = "public";
        }
        continue;
      }
      // One table per AZ so each AZ can use its own NAT gateway (and survive another AZ's outage).
      for (const az of orderedAzs(tier)) {
        const rt = new RouteTable(this, `rt-${tier}-${az}`, {
          provider,
          vpcId: vpc.id,
          tags: name(`${tier}-${az}`),
        });
        const target = routing.defaultRoutes[tier]?.[az];
        if (target) {
          new Route(this, `route-${tier}-${az}-default`, {
            provider,
            routeTableId: rt.id,
            destinationCidrBlock: "0.0.0.0/0",
            ...(target.kind === "nat-gateway"
              ? { natGatewayId: nats[target.az].id }
              : { gatewayId: igw!.id }),
          });
        }
        new RouteTableAssociation(this, `rta-${tier}-${az}`, {
          provider,
          routeTableId: rt.id,
          subnetId: subnets[tier][az].id,
        });
        routeTableIds[tier][az] = rt.id;
        this.routeTableNames[tier][az] = `${tier}-${az}`;
      }
    }
    this.routeTableIds = routeTableIds;

    const networkAclIds: Record<string, string> = {};
    for (const tier of tiers) {
      if (tier === PUBLIC_TIER || tier === PRIVATE_TIER || dedicated[tier]?.isolate === false) continue;
      const tierCidrs = orderedAzs(tier).map((az) => props.subnets[tier][az]);
      const ingress: NetworkAclIngress[] = [
        ...tierCidrs.map((cidr, i) => ({
          ruleNo: 100 + i,
          action: "allow",
          protocol: "-1",
          cidrBlock: cidr,
          fromPort: 0,
          toPort: 0,
        })),
        // Replies to connections the tier opened (NACLs are stateless). Other tiers can still reach
        // ephemeral ports: security groups remain the stateful control for those.
        {
          ruleNo: 200,
          action: "allow",
          protocol: "6",
          cidrBlock: "0.0.0.0/0",
          fromPort: EPHEMERAL_FROM,
          toPort: EPHEMERAL_TO,
        },
      ];
      const egressRules: NetworkAclEgress[] = [
        { ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 },
      ];
      const acl = new NetworkAcl(this, `nacl-${tier}`, {
        provider,
        vpcId: vpc.id,
        subnetIds: orderedAzs(tier).map((az) => subnets[tier][az].id),
        ingress,
        egress: egressRules,
        tags: name(tier),
      });
      networkAclIds[tier] = acl.id;
    }
    this.networkAclIds = networkAclIds;

    const fl = props.flowLogs;
    if (fl.destination === "cloud-watch-logs") {
      const partition = fl.partition ?? "aws";
      const groupName = `/aws/vpc/flow-logs/${props.name}`;
      const groupArn = `arn:${partition}:logs:${fl.region}:${fl.accountId}:log-group:${groupName}`;
      let kmsKeyArn = fl.kmsKeyArn;
      if (kmsKeyArn === undefined) {
        const key = new KmsKey(this, "flow-logs-key", {
          provider,
          description: `VPC flow logs of ${props.name}`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          policy: policyJson(
            policyDocument(
              {
                Sid: "AccountAdministers",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${fl.accountId}:root` },
                // A key policy must let the owning account manage the key, or the key becomes unmanageable;
                // "*" resource in a key policy means this key only.
                Action: "kms:*",
                Resource: "*",
              },
              {
                Sid: "CloudWatchLogsUsesKeyForThisGroup",
                Effect: "Allow",
                Principal: { Service: `logs.${fl.region}.amazonaws.com` },
                Action: [
                  "kms:Encrypt",
                  "kms:Decrypt",
                  "kms:ReEncryptFrom",
                  "kms:ReEncryptTo",
                  "kms:GenerateDataKey",
                  "kms:GenerateDataKeyWithoutPlaintext",
                  "kms:DescribeKey",
                ],
                Resource: "*",
                // Key usable only for this log group (CloudWatch Logs passes the group ARN as encryption context).
                Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": groupArn } },
              },
            ),
          ),
          tags: name("flow-logs"),
        });
        kmsKeyArn = key.arn;
      }
      const group = new CloudwatchLogGroup(this, "flow-logs-group", {
        provider,
        name: groupName,
        retentionInDays: fl.retentionInDays ?? 365,
        kmsKeyId: kmsKeyArn,
        tags: name("flow-logs"),
      });
      this.flowLogGroupName = group.name;
      const role = new IamRole(this, "flow-logs-role", {
        provider,
        // IAM is global: the region keeps same-named VPCs in two regions of one account apart.
        name: `${props.name}-${fl.region}-vpc-flow-logs`,
        // Confused-deputy guard: only flow logs of this account may use the role.
        assumeRolePolicy: policyJson(
          serviceTrustPolicy(
            "vpc-flow-logs.amazonaws.com",
            fl.accountId,
            `arn:${partition}:ec2:${fl.region}:${fl.accountId}:vpc-flow-log/*`,
          ),
        ),
        tags: name("flow-logs"),
      });
      new IamRolePolicy(this, "flow-logs-policy", {
        provider,
        name: "deliver-to-log-group",
        role: role.id,
        policy: policyJson(
          policyDocument({
            Sid: "WriteThisLogGroupOnly",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [group.arn, `${group.arn}:*`],
          }),
        ),
      });
      const flowLog = new FlowLog(this, "flow-log", {
        provider,
        vpcId: vpc.id,
        logDestinationType: "cloud-watch-logs",
        logDestination: group.arn,
        iamRoleArn: role.arn,
        trafficType: fl.trafficType ?? "ALL",
        maxAggregationInterval: fl.maxAggregationIntervalSeconds ?? 600,
        tags: name("flow-log"),
      });
      this.flowLogId = flowLog.id;
    } else if (fl.destination === "s3") {
      const flowLog = new FlowLog(this, "flow-log", {
        provider,
        vpcId: vpc.id,
        logDestinationType: "s3",
        logDestination: fl.bucketArn,
        trafficType: fl.trafficType ?? "ALL",
        maxAggregationInterval: fl.maxAggregationIntervalSeconds ?? 600,
        destinationOptions: { fileFormat: fl.fileFormat ?? "plain-text" },
        tags: name("flow-log"),
      });
      this.flowLogId = flowLog.id;
    }
  }

  /**
   * Route table ids of the given tiers keyed `<tier>-<az>` (the shared public table once, as `public`):
   * the shape {@link VpcPeering} and gateway endpoints take.
   */
  public routeTableIdsForTiers(tiers: readonly string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const tier of tiers) {
      ensure(
        this.routeTableIds[tier] !== undefined,
        this,
        "routeTableIdsForTiers(tiers)",
        tier,
        `is not a tier of this VPC (tiers: ${this.tiers.join(", ")})`,
        "pass tier names used in props.subnets",
      );
      for (const az of Object.keys(this.routeTableIds[tier])) {
        out[this.routeTableNames[tier][az]] = this.routeTableIds[tier][az];
      }
    }
    return out;
  }
}
