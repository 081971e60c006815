import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { RedshiftCluster } from "@cdktf/provider-aws/lib/redshift-cluster";
import { RedshiftLogging } from "@cdktf/provider-aws/lib/redshift-logging";
import { RedshiftParameterGroup } from "@cdktf/provider-aws/lib/redshift-parameter-group";
import { RedshiftSubnetGroup } from "@cdktf/provider-aws/lib/redshift-subnet-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { EgressRule, accountRootKeyPolicy, addEgressRules, checkLiteralStrings, policyJson } from "../core";
import { NodeType, validateWarehouseProps } from "./checks";

export interface RedshiftClusterProps {
  /** Lowercase, e.g. `prod-warehouse` (the producer role's `dbuser:` ARNs name it). */
  readonly clusterIdentifier: string;
  readonly nodeType: NodeType;
  /** @default 2 - multi-node; check single-node support of the node type with describe-orderable-cluster-options */
  readonly numberOfNodes?: number;
  /** The first database, e.g. `analytics`. */
  readonly databaseName: string;
  /** Admin user; its password is generated and kept in Secrets Manager by Redshift. @default "dbadmin" */
  readonly masterUsername?: string;
  /**
   * Route COPY/UNLOAD through the VPC (give the VPC an S3 gateway endpoint: Redshift management guide,
   * "Enhanced VPC routing").
   * @default true
   */
  readonly enhancedVpcRouting?: boolean;
  /** @default 7 */
  readonly automatedSnapshotRetentionDays?: number;
  /** Key for the cluster and its admin secret. @default - a new customer managed key with rotation */
  readonly kmsKeyArn?: string;
  /** Skip the final snapshot on delete (for throwaway environments). @default false - `<identifier>-final` is taken */
  readonly skipFinalSnapshot?: boolean;
}

export interface RedshiftWarehouseProps {
  /** Names the subnet group, security group and parameter group, e.g. `prod-warehouse`. */
  readonly name: string;
  /** Account that owns the warehouse (the key policy). */
  readonly accountId: string;
  /** @default "aws" */
  readonly partition?: string;
  readonly vpcId: string;
  /** AZ → private subnet id. */
  readonly subnetIds: Readonly<Record<string, string>>;
  /** @default 5439 */
  readonly port?: number;
  /** Clients admitted on `port`, keyed by a stable name (never 0.0.0.0/0). @default {} */
  readonly ingress?: Readonly<Record<string, { readonly cidr: string; readonly description: string }>>;
  /**
   * What the cluster may reach, keyed by a stable name; the group has no other egress. With enhanced VPC routing
   * (the default) COPY/UNLOAD need tcp 443 to S3, e.g. the S3 gateway endpoint's prefix list.
   * @default {}
   */
  readonly egress?: Readonly<Record<string, EgressRule>>;
  /** @default - no cluster: the subnet group and security group are for a cluster managed elsewhere */
  readonly cluster?: RedshiftClusterProps;
  /** Provider of the warehouse's account and region. @default - the scope's default AWS provider */
  readonly provider?: TerraformProvider;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The producer side of SageMaker → Redshift (R-IAM-2, R-IAM-3): a cluster subnet group, a security group that
 * admits exactly the given clients on the cluster port, and optionally a provisioned cluster that is encrypted
 * with a customer managed key, not publicly accessible, requires SSL, logs connections and user activity to
 * CloudWatch Logs, and whose admin password Redshift generates and keeps in Secrets Manager. hashicorp/aws 5.x
 * defaults `encrypted` to false and `publicly_accessible` to true (reversed only in 6.0, per its upgrade
 * guide), so both are set explicitly.
 */
export class RedshiftWarehouse extends Construct {
  public readonly subnetGroupName: string;
  public readonly securityGroupId: string;
  /** @default undefined without `cluster` */
  public readonly cluster?: RedshiftCluster;
  /** ARN of the Secrets Manager secret holding the admin credentials. @default undefined without `cluster` */
  public readonly masterPasswordSecretArn?: string;
  /** @default undefined without `cluster` */
  public readonly endpoint?: string;

  constructor(scope: Construct, id: string, props: RedshiftWarehouseProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const tags = props.tags ?? {};
    const port = props.port ?? 5439;
    const partition = props.partition ?? "aws";
    validateWarehouseProps(this, props);

    const subnets = new RedshiftSubnetGroup(this, "subnet-group", {
      provider: props.provider,
      name: props.name,
      description: `Private subnets of ${props.name}`,
      subnetIds: Object.keys(props.subnetIds)
        .sort()
        .map((az) => props.subnetIds[az]),
      tags,
    });
    this.subnetGroupName = subnets.name;
    const sg = new SecurityGroup(this, "sg", {
      provider: props.provider,
      name: `${props.name}-redshift`,
      description: `Redshift ${props.name}: the listed clients on ${port}, the listed destinations only`,
      vpcId: props.vpcId,
      tags: { ...tags, Name: `${props.name}-redshift` },
    });
    this.securityGroupId = sg.id;
    for (const [key, r] of Object.entries(props.ingress ?? {}))
      new VpcSecurityGroupIngressRule(this, `ingress-${key}`, {
        provider: props.provider,
        securityGroupId: sg.id,
        cidrIpv4: r.cidr,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        description: r.description,
        tags,
      });

    addEgressRules(this, sg.id, props.egress, props.provider, tags);

    const c = props.cluster;
    if (!c) return;
    let kmsKeyArn = c.kmsKeyArn;
    if (kmsKeyArn === undefined)
      kmsKeyArn = new KmsKey(this, "key", {
        provider: props.provider,
        description: `Redshift ${c.clusterIdentifier}: cluster storage and admin secret`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        // The account administers the key; Redshift and Secrets Manager use it through grants made by the
        // principal that creates the cluster.
        policy: policyJson(accountRootKeyPolicy(partition, props.accountId)),
        tags,
      }).arn;
    const params = new RedshiftParameterGroup(this, "parameters", {
      provider: props.provider,
      name: `${props.name}-params`,
      family: "redshift-1.0",
      description: `${c.clusterIdentifier}: SSL required, user activity logged`,
      parameter: [
        { name: "require_ssl", value: "true" },
        { name: "enable_user_activity_logging", value: "true" },
      ],
      tags,
    });
    const nodes = c.numberOfNodes ?? 2;
    this.cluster = new RedshiftCluster(this, "cluster", {
      provider: props.provider,
      clusterIdentifier: c.clusterIdentifier,
      nodeType: c.nodeType,
      clusterType: nodes === 1 ? "single-node" : "multi-node",
      numberOfNodes: nodes,
      databaseName: c.databaseName,
      masterUsername: c.masterUsername ?? "dbadmin",
      // No password in config or state: Redshift generates it and keeps it in Secrets Manager (CreateCluster
      // ManageMasterPassword; conflicts with master_password).
      manageMasterPassword: true,
      masterPasswordSecretKmsKeyId: kmsKeyArn,
      encrypted: true,
      kmsKeyId: kmsKeyArn,
      publiclyAccessible: false,
      enhancedVpcRouting: c.enhancedVpcRouting ?? true,
      port,
      clusterSubnetGroupName: subnets.name,
      clusterParameterGroupName: params.name,
      vpcSecurityGroupIds: [sg.id],
      automatedSnapshotRetentionPeriod: c.automatedSnapshotRetentionDays ?? 7,
      skipFinalSnapshot: c.skipFinalSnapshot ?? false,
      // The API refuses a delete without a final snapshot name unless it is skipped.
      finalSnapshotIdentifier: c.skipFinalSnapshot ? undefined : `${c.clusterIdentifier}-final`,
      tags,
    });
    new RedshiftLogging(this, "logging", {
      provider: props.provider,
      clusterIdentifier: this.cluster.id,
      logDestinationType: "cloudwatch",
      logExports: ["connectionlog", "userlog", "useractivitylog"],
    });
    this.masterPasswordSecretArn = this.cluster.masterPasswordSecretArn;
    this.endpoint = this.cluster.endpoint;
  }
}
