import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config";
import { ownOrThrow } from "../config/lookup";
import { studioDomainName } from "../config/ml";
import { formatPorts } from "../config/reachability/intents";
import { RedshiftWarehouse } from "@multicloud-platform/modules/redshift-warehouse";
import { EgressRule } from "@multicloud-platform/modules/core";
import { SageMakerStudioDomain } from "@multicloud-platform/modules/sagemaker-studio";
import { ComponentStack } from "./component-stack";
import { NetworkStack } from "./network-stack";
import { peerValue } from "./network-render";
import { BuildOptions } from "./options";

/**
 * `<env>-ml`: SageMaker Studio → Redshift as the user (R-IAM-4). The Studio domain in the ml account (VpcOnly,
 * private subnets, SourceIdentity = user profile name, its execution role, user profiles) and the warehouse side
 * in the producer account (subnet group, security group, optionally the cluster). The security groups hold the
 * openings of the intents config assigns to them (the routing plan's, proved before synth); the identity stack,
 * deployed after this one, trusts the execution role from the producer role.
 */
export class MlStack extends ComponentStack {
  readonly studio: SageMakerStudioDomain;
  readonly warehouse: RedshiftWarehouse;

  constructor(scope: Construct, env: EnvironmentConfig, network: NetworkStack, options: BuildOptions = {}) {
    super(scope, env, "ml", options);
    const ml = env.ml;
    const access = ml && env.identity?.redshiftAccess[ml.studio.redshiftAccess];
    if (!ml || !access)
      throw new Error(`${env.name}: MlStack needs an ml section and its redshiftAccess entry`);
    const { studio, warehouse } = ml;
    const plan = network.plan;
    const peer = (p: Parameters<typeof peerValue>[0]) => peerValue(p, network.vpcs, network.endpoints);

    // One rule per (destination, protocol, ports): several intents to the same endpoint subnets would
    // otherwise add identical rules to one group, which EC2 rejects as duplicates.
    const egressOf = (names: readonly string[], owner: "ml.studio" | "ml.warehouse") => {
      const egress: Record<string, EgressRule> = {};
      const egressBy = new Map<string, string>();
      for (const name of names) {
        const o = plan.openings[name];
        if (o.source?.owner !== owner) continue;
        for (const [key, target] of Object.entries(o.source.egress))
          for (const ports of o.ports) {
            const v = peer(target);
            const same = `${v.cidr ?? v.prefixListId} ${o.protocol} ${ports.from}-${ports.to}`;
            const existing = egressBy.get(same);
            if (existing) {
              egress[existing] = {
                ...egress[existing],
                description: describe(egress[existing].description, name),
              };
              continue;
            }
            const id = `${name}-${key}-${o.protocol}-${formatPorts([ports])}`;
            egressBy.set(same, id);
            egress[id] = {
              ...v,
              protocol: o.protocol,
              fromPort: ports.from,
              toPort: ports.to,
              description: `${key} for intents ${name}`,
            };
          }
      }
      return egress;
    };
    const sv = ownOrThrow(env.network.vpcs, studio.vpc, "VPC");
    this.studio = new SageMakerStudioDomain(this, "studio", {
      domainName: studioDomainName(env),
      accountId: this.providers.accountId(studio.account),
      region: sv.region,
      vpcId: network.vpcs[studio.vpc].vpcId,
      subnetIds: network.vpcs[studio.vpc].subnetIds[studio.subnetTier],
      subnetCidrs: sv.subnets[studio.subnetTier],
      executionRole: {
        name: access.consumerRoleName,
        path: access.consumerRolePath,
        managedPolicyArns: studio.managedPolicyArns,
      },
      userProfiles: studio.userProfiles,
      egress: egressOf(studio.intents, "ml.studio"),
      // Outside dev the users' home volumes outlive the domain (a destroy then leaves the EFS to remove by hand).
      homeEfsRetention: studio.homeEfsRetention ?? (env.stage === "dev" ? "Delete" : "Retain"),
      provider: this.providers.forAccount(studio.account, sv.region),
    });

    // The warehouse group opens only its port, so one rule per source CIDR (duplicates are rejected by EC2).
    const ingress: Record<string, { cidr: string; description: string }> = {};
    const ingressBy = new Map<string, string>();
    for (const name of warehouse.intents) {
      const o = plan.openings[name];
      if (o.destination?.owner !== "ml.warehouse") continue;
      for (const [key, source] of Object.entries(o.destination.ingress)) {
        const cidr = peer(source).cidr!;
        const existing = ingressBy.get(cidr);
        if (existing)
          ingress[existing] = {
            ...ingress[existing],
            description: describe(ingress[existing].description, name),
          };
        else {
          ingressBy.set(cidr, `${name}-${key}`);
          ingress[`${name}-${key}`] = { cidr, description: `${key} for intents ${name}` };
        }
      }
    }
    const wv = ownOrThrow(env.network.vpcs, warehouse.vpc, "VPC");
    const c = warehouse.cluster;
    this.warehouse = new RedshiftWarehouse(this, "warehouse", {
      name: `${env.name}-warehouse`,
      accountId: this.providers.accountId(warehouse.account),
      vpcId: network.vpcs[warehouse.vpc].vpcId,
      subnetIds: network.vpcs[warehouse.vpc].subnetIds[warehouse.subnetTier],
      port: warehouse.port,
      ingress,
      egress: egressOf(warehouse.intents, "ml.warehouse"),
      cluster: c
        ? {
            clusterIdentifier: c.identifier,
            nodeType: c.nodeType,
            numberOfNodes: c.numberOfNodes,
            databaseName: c.databaseName,
            masterUsername: c.masterUsername,
            enhancedVpcRouting: c.enhancedVpcRouting,
            automatedSnapshotRetentionDays: c.automatedSnapshotRetentionDays,
            skipFinalSnapshot: env.stage === "dev",
          }
        : undefined,
      provider: this.providers.forAccount(warehouse.account, wv.region),
    });

    new TerraformOutput(this, "studio-domain-id", { value: this.studio.domainId });
    new TerraformOutput(this, "studio-execution-role-arn", { value: this.studio.executionRoleArn });
    if (this.warehouse.masterPasswordSecretArn)
      new TerraformOutput(this, "warehouse-admin-secret-arn", {
        value: this.warehouse.masterPasswordSecretArn,
        description: "Secrets Manager secret Redshift keeps the admin credentials in (no password in state)",
      });
  }
}

/** A rule description naming one more intent, within the 255 characters EC2 allows. */
function describe(description: string, intent: string): string {
  const longer = `${description}, ${intent}`;
  return longer.length <= 255 ? longer : description;
}
