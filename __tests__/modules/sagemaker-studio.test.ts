import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import {
  SageMakerStudioDomain,
  SageMakerStudioDomainProps,
  userProfileNameProblem,
} from "@multicloud-platform/modules/sagemaker-studio";
import { resourcesOfType } from "../helpers/synth";

const base: SageMakerStudioDomainProps = {
  domainName: "prod-studio",
  accountId: "300000000003",
  region: "us-east-1",
  vpcId: "vpc-0aaaaaaaaaaaaaaaa",
  subnetIds: { "us-east-1b": "subnet-b", "us-east-1a": "subnet-a" },
  subnetCidrs: { "us-east-1a": "10.136.16.0/20", "us-east-1b": "10.136.32.0/20" },
  executionRole: {
    name: "prod-sagemaker-notebooks",
    path: "/service-role/",
    managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"],
  },
  userProfiles: ["alice", "bob-smith"],
  egress: {
    warehouse: {
      cidr: "10.144.16.0/20",
      protocol: "tcp",
      fromPort: 5439,
      toPort: 5439,
      description: "warehouse",
    },
    s3: { prefixListId: "pl-63a5400a", protocol: "tcp", fromPort: 443, toPort: 443, description: "S3" },
  },
};

function build(over: Partial<SageMakerStudioDomainProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  const provider = new AwsProvider(stack, "aws", { region: "us-east-1" });
  const studio = new SageMakerStudioDomain(stack, "studio", { ...base, provider, ...over });
  return { studio, synth: Testing.synth(stack) };
}

describe("SageMakerStudioDomain", () => {
  const { studio, synth } = build();
  const [domain] = resourcesOfType(synth, "aws_sagemaker_domain");

  test("VPC-only in the private subnets, IAM auth, SourceIdentity = user profile name", () => {
    expect(domain).toMatchObject({
      domain_name: "prod-studio",
      auth_mode: "IAM",
      app_network_access_type: "VpcOnly",
      subnet_ids: ["subnet-a", "subnet-b"],
      domain_settings: { execution_role_identity_config: "USER_PROFILE_NAME" },
      retention_policy: { home_efs_file_system: "Retain" },
    });
    expect(domain.default_user_settings.execution_role).toMatch(
      /aws_iam_role\.studio_execution-role_\w+\.arn/,
    );
  });

  test("the execution role: SageMaker may assume it and set the source identity; its ARN is known at synth", () => {
    const [role] = resourcesOfType(synth, "aws_iam_role");
    expect(role).toMatchObject({ name: "prod-sagemaker-notebooks", path: "/service-role/" });
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Sid: "SageMakerAssumesWithSourceIdentity",
        Effect: "Allow",
        Principal: { Service: "sagemaker.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
      },
    ]);
    expect(studio.executionRoleArn).toBe(
      "arn:aws:iam::300000000003:role/service-role/prod-sagemaker-notebooks",
    );
    expect(resourcesOfType(synth, "aws_iam_role_policy_attachment")[0].policy_arn).toBe(
      "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",
    );
  });

  test("one group for the apps: NFS and 8192-65535 within it, NFS to the mount targets, and the given egress only", () => {
    const self = "${aws_security_group.studio_apps-sg_";
    const ingress = resourcesOfType(synth, "aws_vpc_security_group_ingress_rule");
    expect(
      ingress
        .map((r) => `${r.from_port}-${r.to_port} ${String(r.referenced_security_group_id).startsWith(self)}`)
        .sort(),
    ).toEqual(["2049-2049 true", "8192-65535 true"]);
    const egress = resourcesOfType(synth, "aws_vpc_security_group_egress_rule").map(
      (r) => `${r.from_port}-${r.to_port} ${r.cidr_ipv4 ?? r.prefix_list_id ?? "self"}`,
    );
    expect(egress.sort()).toEqual([
      "2049-2049 10.136.16.0/20",
      "2049-2049 10.136.32.0/20",
      "2049-2049 self",
      "443-443 pl-63a5400a",
      "5439-5439 10.144.16.0/20",
      "8192-65535 self",
    ]);
    expect(domain.domain_settings.security_group_ids).toEqual(domain.default_user_settings.security_groups);
  });

  test("user profiles with the execution role and the apps' group", () => {
    const profiles = resourcesOfType(synth, "aws_sagemaker_user_profile");
    expect(profiles.map((p) => p.user_profile_name)).toEqual(["alice", "bob-smith"]);
    expect(profiles[0].user_settings.security_groups).toEqual(domain.default_user_settings.security_groups);
  });

  test("profile names must also be SourceIdentity values and Redshift users", () => {
    expect(userProfileNameProblem("jdoe")).toBeUndefined();
    expect(userProfileNameProblem("j-doe-2")).toBeUndefined();
    expect(userProfileNameProblem("jd")).toBeUndefined();
    expect(userProfileNameProblem("JDoe")).toMatch(/lowercase/);
    expect(userProfileNameProblem("public")).toMatch(/reserved word/);
    expect(userProfileNameProblem("a".repeat(64))).toMatch(/2-63/);
    // STS refuses a one-character SourceIdentity, so GetClusterCredentials could never run as that user.
    expect(userProfileNameProblem("j")).toMatch(/2-63 .*STS SourceIdentity/);
  });

  test.each<[string, Partial<SageMakerStudioDomainProps>, RegExp]>([
    [
      "a profile that cannot be a database user",
      { userProfiles: ["2fast"] },
      /invalid userProfiles\[0\] = "2fast"/,
    ],
    ["a domain name with an underscore", { domainName: "prod_studio" }, /invalid domainName = "prod_studio"/],
    [
      "a subnet without its CIDR",
      { subnetCidrs: { "us-east-1a": "10.136.16.0/20" } },
      /invalid subnetCidrs\.us-east-1b = undefined: is missing/,
    ],
    [
      "an IAM path without slashes",
      { executionRole: { name: "x", path: "service-role" } },
      /invalid executionRole\.path = "service-role"/,
    ],
    [
      "an egress rule with two destinations",
      {
        egress: {
          x: {
            cidr: "10.0.0.0/8",
            prefixListId: "pl-1",
            protocol: "tcp",
            fromPort: 1,
            toPort: 2,
            description: "x",
          },
        },
      },
      /invalid egress\.x = .*must name exactly one of cidr or prefixListId/,
    ],
  ])("fails when given %s", (_what, over, message) => {
    expect(() => build(over)).toThrow(message);
  });
});
