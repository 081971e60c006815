import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { RedshiftWarehouse, RedshiftWarehouseProps } from "@multicloud-platform/modules/redshift-warehouse";
import { resourcesOfType } from "../helpers/synth";

const base: RedshiftWarehouseProps = {
  name: "prod-warehouse",
  accountId: "300000000002",
  vpcId: "vpc-0aaaaaaaaaaaaaaaa",
  subnetIds: { "us-east-1b": "subnet-b", "us-east-1a": "subnet-a" },
  ingress: { "ml-a": { cidr: "10.136.16.0/20", description: "Studio us-east-1a" } },
  egress: {
    s3: {
      prefixListId: "pl-63a5400a",
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description: "COPY/UNLOAD",
    },
  },
  cluster: { clusterIdentifier: "prod-warehouse", nodeType: "ra3.xlplus", databaseName: "analytics" },
};

function build(over: Partial<RedshiftWarehouseProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  const provider = new AwsProvider(stack, "aws", { region: "us-east-1" });
  const w = new RedshiftWarehouse(stack, "warehouse", { ...base, provider, ...over });
  return { w, synth: Testing.synth(stack) };
}

describe("RedshiftWarehouse", () => {
  const { synth } = build();
  const [cluster] = resourcesOfType(synth, "aws_redshift_cluster");

  test("the cluster is encrypted with its own key, private, and its admin password is Redshift-managed", () => {
    expect(cluster).toMatchObject({
      cluster_identifier: "prod-warehouse",
      node_type: "ra3.xlplus",
      cluster_type: "multi-node",
      number_of_nodes: 2,
      manage_master_password: true,
      encrypted: true,
      publicly_accessible: false,
      enhanced_vpc_routing: true,
      port: 5439,
      skip_final_snapshot: false,
      final_snapshot_identifier: "prod-warehouse-final",
    });
    expect(cluster.master_password).toBeUndefined();
    expect(cluster.kms_key_id).toMatch(/aws_kms_key\.warehouse_key_\w+\.arn/);
    expect(cluster.master_password_secret_kms_key_id).toBe(cluster.kms_key_id);
    expect(resourcesOfType(synth, "aws_kms_key")[0].enable_key_rotation).toBe(true);
  });

  test("SSL required and user activity logged; connection, user and activity logs to CloudWatch", () => {
    expect(resourcesOfType(synth, "aws_redshift_parameter_group")[0].parameter).toEqual([
      { name: "require_ssl", value: "true" },
      { name: "enable_user_activity_logging", value: "true" },
    ]);
    expect(resourcesOfType(synth, "aws_redshift_logging")[0]).toMatchObject({
      log_destination_type: "cloudwatch",
      log_exports: ["connectionlog", "userlog", "useractivitylog"],
    });
  });

  test("a subnet group and a group admitting the given clients on the port only", () => {
    expect(resourcesOfType(synth, "aws_redshift_subnet_group")[0]).toMatchObject({
      name: "prod-warehouse",
      subnet_ids: ["subnet-a", "subnet-b"],
    });
    expect(resourcesOfType(synth, "aws_vpc_security_group_ingress_rule")).toEqual([
      expect.objectContaining({
        cidr_ipv4: "10.136.16.0/20",
        ip_protocol: "tcp",
        from_port: 5439,
        to_port: 5439,
      }),
    ]);
    // Nothing else leaves the group: the provider strips AWS's default allow-all egress from a new group.
    expect(resourcesOfType(synth, "aws_vpc_security_group_egress_rule")).toEqual([
      expect.objectContaining({
        prefix_list_id: "pl-63a5400a",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
      }),
    ]);
  });

  test("without enhanced VPC routing the cluster needs no egress", () => {
    const { synth: s } = build({
      egress: undefined,
      cluster: { ...base.cluster!, enhancedVpcRouting: false },
    });
    expect(resourcesOfType(s, "aws_vpc_security_group_egress_rule")).toEqual([]);
  });

  test("without a cluster: only the subnet group and the security group", () => {
    const { synth: s } = build({ cluster: undefined });
    expect(Object.keys(JSON.parse(s).resource).sort()).toEqual([
      "aws_redshift_subnet_group",
      "aws_security_group",
      "aws_vpc_security_group_egress_rule",
      "aws_vpc_security_group_ingress_rule",
    ]);
  });

  test.each<[string, Partial<RedshiftWarehouseProps>, RegExp]>([
    [
      "an upper-case identifier",
      { cluster: { ...base.cluster!, clusterIdentifier: "Prod" } },
      /invalid cluster\.clusterIdentifier = "Prod"/,
    ],
    [
      "a database name with a hyphen",
      { cluster: { ...base.cluster!, databaseName: "my-db" } },
      /invalid cluster\.databaseName = "my-db"/,
    ],
    ["a port below 1115", { port: 80 }, /invalid port = 80: must be an integer from 1115 to 65535/],
    [
      "clients from anywhere",
      { ingress: { any: { cidr: "0.0.0.0/0", description: "x" } } },
      /opens the warehouse to the whole internet/,
    ],
    ["the default subnet group name", { name: "default" }, /invalid name = "default"/],
    [
      "enhanced VPC routing with no way out on 443 (COPY/UNLOAD would fail)",
      { egress: undefined },
      /invalid egress = \{\}: has no rule for tcp 443 while cluster\.enhancedVpcRouting is on, so COPY and UNLOAD cannot reach S3/,
    ],
    [
      "an egress rule with both a CIDR and a prefix list",
      {
        egress: {
          s3: {
            cidr: "10.0.0.0/8",
            prefixListId: "pl-1",
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            description: "x",
          },
        },
      },
      /invalid egress\.s3 = .*must name exactly one of cidr or prefixListId/,
    ],
  ])("fails when given %s", (_what, over, message) => {
    expect(() => build(over)).toThrow(message);
  });
});
