/** The <env>-ml stack: SageMaker Studio → Redshift as the user, wired to the network and identity stacks. */
import { App } from "cdktf";
import { validateEnvironment } from "../../config";
import { buildEnvironment, stacksOf } from "../../stacks";
import { DEV_FILE } from "../helpers/environments";
import { devWithStudio } from "../helpers/partners";
import { resourcesOf, stackJson } from "../helpers/synth";

const env = validateEnvironment(devWithStudio(), DEV_FILE);
const stacks = buildEnvironment(new App({ skipValidation: false }), env);
for (const s of stacksOf(stacks)) s.prepareStack();
const json = (id: string) => JSON.parse(stackJson(stacksOf(stacks).find((s) => s.node.id === id)!));
const ml = json("dev-ml");
const identity = json("dev-identity");
const network = json("dev-network");

test("the domain in the ml account, in ml/private, SourceIdentity on; the warehouse in the data account", () => {
  const [domain] = Object.values<any>(ml.resource.aws_sagemaker_domain);
  expect(domain).toMatchObject({
    provider: "aws.ml-us-east-1",
    app_network_access_type: "VpcOnly",
    domain_settings: { execution_role_identity_config: "USER_PROFILE_NAME" },
    retention_policy: { home_efs_file_system: "Delete" },
  });
  expect(domain.subnet_ids).toHaveLength(2);
  const [cluster] = Object.values<any>(ml.resource.aws_redshift_cluster);
  expect(cluster).toMatchObject({
    provider: "aws.data-us-east-1",
    cluster_identifier: "dev-warehouse",
    skip_final_snapshot: true,
  });
});

test("the Studio group holds the egress of its intents, one rule per destination and port", () => {
  const egress = Object.values<any>(ml.resource.aws_vpc_security_group_egress_rule).filter(
    (r) => r.from_port === 443 && r.security_group_id.includes("studio_apps-sg"),
  );
  const targets = egress.map((r) => r.cidr_ipv4 ?? "prefix-list");
  expect(targets.sort()).toEqual(["10.8.16.0/20", "10.8.32.0/20", "prefix-list"]);
  expect(egress.find((r) => r.cidr_ipv4 === "10.8.16.0/20").description).toBe(
    "us-east-1a for intents ml-sts, ml-sagemaker-api, ml-sagemaker-runtime, ml-redshift-api",
  );
  const ingress = Object.values<any>(ml.resource.aws_vpc_security_group_ingress_rule).filter(
    (r) => r.from_port === 5439,
  );
  // The notebooks' subnets and dev's partner, every client of the cluster port in the cluster's own group.
  expect(ingress.map((r) => r.cidr_ipv4).sort()).toEqual(["10.200.0.0/16", "10.8.16.0/20", "10.8.32.0/20"]);
  expect(ingress.every((r) => r.security_group_id.includes("warehouse_sg"))).toBe(true);
});

test("the warehouse group lets COPY/UNLOAD reach S3 through the gateway endpoint, and nothing else out", () => {
  const egress = Object.values<any>(ml.resource.aws_vpc_security_group_egress_rule).filter((r) =>
    r.security_group_id.includes("warehouse_sg"),
  );
  expect(egress).toEqual([expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443 })]);
  expect(egress[0].prefix_list_id).toMatch(/endpoints-warehouse_gateway-s3_\w+prefix_list_id/);
});

test("the network stack creates no intent groups for the sides the Studio and the warehouse hold", () => {
  const paths = resourcesOf(network)
    .filter(([type]) => type === "aws_security_group")
    .map(([, , r]) => r["//"].metadata.path as string);
  expect(paths.filter((p) => /intent-ml-/.test(p))).toEqual([]);
  expect(paths.some((p) => /intent-warehouse-shared/.test(p))).toBe(true);
});

test("the role chain as synthesized: the producer role trusts exactly the execution role the ml stack creates", () => {
  const producer = Object.values<any>(identity.resource.aws_iam_role).find(
    (r) => r.name === "dev-sagemaker-redshift",
  );
  const trust = JSON.parse(producer.assume_role_policy).Statement[0];
  expect(trust.Principal.AWS).toBe(stacks.ml!.studio.executionRoleArn);
  expect(trust.Action).toEqual(["sts:AssumeRole", "sts:SetSourceIdentity"]);
  expect(trust.Condition).toEqual({ Null: { "sts:SourceIdentity": "false" } });
  const consumer = Object.values<any>(identity.resource.aws_iam_role_policy).find(
    (p) => p.role === "dev-sagemaker-notebooks",
  );
  expect(JSON.parse(consumer.policy).Statement[0].Action).toEqual([
    "sts:AssumeRole",
    "sts:SetSourceIdentity",
  ]);
  const [role] = Object.values<any>(ml.resource.aws_iam_role);
  expect(`arn:aws:iam::100000000003:role${role.path}${role.name}`).toBe(trust.Principal.AWS);
});

test("deploy order: network, then ml, then identity", () => {
  expect(stacks.ml!.dependencies.map((d) => d.node.id)).toContain("dev-network");
  expect(stacks.identity!.dependencies.map((d) => d.node.id)).toEqual(["dev-ml"]);
});
