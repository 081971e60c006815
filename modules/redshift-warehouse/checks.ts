import { IConstruct } from "constructs";
import {
  checkAccountId,
  checkAddressKey,
  checkArn,
  checkCidr,
  checkEgressRules,
  checkIntRange,
  checkResourceId,
  egressAllows,
  ensure,
  isKnown,
} from "../core";
import type { RedshiftWarehouseProps } from "./warehouse";

/**
 * What the Redshift API and the provider accept, so that a bad value stops synth instead of the apply
 * (provider source internal/service/redshift/cluster.go and subnet_group.go; CreateCluster API).
 */
export const NODE_TYPES = [
  "ra3.large",
  "ra3.xlplus",
  "ra3.4xlarge",
  "ra3.16xlarge",
  "dc2.large",
  "dc2.8xlarge",
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export function validateWarehouseProps(scope: IConstruct, props: RedshiftWarehouseProps): void {
  ensure(
    !isKnown(props.name) || (/^[0-9a-z-]{1,255}$/.test(props.name) && props.name !== "default"),
    scope,
    "name",
    props.name,
    'must be lowercase letters, digits and hyphens (it names the cluster subnet group), not "default"',
    'use e.g. "prod-warehouse"',
  );
  checkResourceId(scope, "vpcId", props.vpcId, "vpc");
  checkAccountId(scope, "accountId", props.accountId);
  ensure(
    Object.keys(props.subnetIds).length > 0,
    scope,
    "subnetIds",
    props.subnetIds,
    "must name at least one subnet",
    "give the warehouse's private subnets, one per AZ",
  );
  checkIntRange(scope, "port", props.port, 1115, 65535);
  for (const [k, r] of Object.entries(props.ingress ?? {})) {
    checkAddressKey(scope, "ingress", k, "ml-us-east-1a");
    checkCidr(scope, `ingress.${k}.cidr`, r.cidr);
    ensure(
      !isKnown(r.cidr) || r.cidr !== "0.0.0.0/0",
      scope,
      `ingress.${k}.cidr`,
      r.cidr,
      "opens the warehouse to the whole internet",
      "admit the clients' subnets only",
    );
  }
  checkEgressRules(scope, "egress", props.egress);
  const c = props.cluster;
  if (!c) return;
  // With enhanced VPC routing COPY and UNLOAD leave through the cluster's interfaces, subject to its security
  // group (Redshift management guide, "Enhanced VPC routing"); the group has no egress of its own, so without
  // a rule to S3 on 443 both commands fail at run time.
  ensure(
    c.enhancedVpcRouting === false || egressAllows(props.egress, "tcp", 443),
    scope,
    "egress",
    props.egress ?? {},
    "has no rule for tcp 443 while cluster.enhancedVpcRouting is on, so COPY and UNLOAD cannot reach S3",
    'add egress to the S3 gateway endpoint\'s prefix list on 443 (e.g. { prefixListId: endpoint.prefixListId, protocol: "tcp", fromPort: 443, toPort: 443, description: "COPY/UNLOAD to S3" }), or set cluster.enhancedVpcRouting false',
  );
  ensure(
    /^[a-z](-?[a-z0-9])*$/.test(c.clusterIdentifier) && c.clusterIdentifier.length <= 63,
    scope,
    "cluster.clusterIdentifier",
    c.clusterIdentifier,
    "must be lowercase letters, digits and single hyphens, start with a letter, not end with a hyphen (max 63)",
    'use e.g. "prod-warehouse"',
  );
  ensure(
    (NODE_TYPES as readonly string[]).includes(c.nodeType),
    scope,
    "cluster.nodeType",
    c.nodeType,
    `must be one of ${NODE_TYPES.join(", ")}`,
    "pick a current node type",
  );
  checkIntRange(scope, "cluster.numberOfNodes", c.numberOfNodes, 1, 128);
  ensure(
    /^[a-z_][a-z0-9_$]{0,63}$/.test(c.databaseName),
    scope,
    "cluster.databaseName",
    c.databaseName,
    "must be 1-64 lowercase letters, digits, '_' or '$', starting with a letter or '_'",
    'use e.g. "analytics"',
  );
  ensure(
    /^[A-Za-z]\w{0,127}$/.test(c.masterUsername ?? "dbadmin"),
    scope,
    "cluster.masterUsername",
    c.masterUsername,
    "must be 1-128 letters, digits or '_', starting with a letter",
    'use e.g. "dbadmin"',
  );
  checkIntRange(scope, "cluster.automatedSnapshotRetentionDays", c.automatedSnapshotRetentionDays, 1, 35);
  checkArn(scope, "cluster.kmsKeyArn", c.kmsKeyArn, "kms");
}
