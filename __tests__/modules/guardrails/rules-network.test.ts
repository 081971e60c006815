// Subnets, security-group egress and other-port ingress, IMDSv2 and provider credentials: for each rule a
// violating stack it reports and a compliant one it does not.
import { EmrSecurityConfiguration } from "@cdktf/provider-aws/lib/emr-security-configuration";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, TerraformVariable } from "cdktf";
import { acceptWarning } from "@multicloud-platform/modules/core";
import { addressesOf, findingsOf } from "./harness";

/** A subnet with map_public_ip_on_launch, routed to an internet gateway or to nothing. */
function subnetWithPublicIp(s: TerraformStack, id: string, toInternet: boolean): void {
  const vpc = new Vpc(s, `${id}-vpc`, { cidrBlock: "10.0.0.0/16" });
  const subnet = new Subnet(s, id, { vpcId: vpc.id, cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: true });
  const table = new RouteTable(s, `${id}-rt`, { vpcId: vpc.id });
  new RouteTableAssociation(s, `${id}-rta`, { subnetId: subnet.id, routeTableId: table.id });
  if (toInternet) {
    const igw = new InternetGateway(s, `${id}-igw`, { vpcId: vpc.id });
    new Route(s, `${id}-default`, {
      routeTableId: table.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });
  }
}

describe("PP-VPC-004 public IPs only in public subnets", () => {
  it("reports map_public_ip_on_launch on a subnet without a default route to an internet gateway", () => {
    expect(addressesOf("PP-VPC-004", (s) => subnetWithPublicIp(s, "private", false))).toEqual([
      "aws_subnet.private",
    ]);
  });

  it("accepts it on a public subnet (route to an IGW), inline route blocks included, and private subnets without it", () => {
    expect(
      addressesOf("PP-VPC-004", (s) => {
        subnetWithPublicIp(s, "public", true);
        const vpc = new Vpc(s, "inline-vpc", { cidrBlock: "10.1.0.0/16" });
        const igw = new InternetGateway(s, "inline-igw", { vpcId: vpc.id });
        const subnet = new Subnet(s, "inline", {
          vpcId: vpc.id,
          cidrBlock: "10.1.0.0/24",
          mapPublicIpOnLaunch: true,
        });
        const table = new RouteTable(s, "inline-rt", {
          vpcId: vpc.id,
          route: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
        });
        new RouteTableAssociation(s, "inline-rta", { subnetId: subnet.id, routeTableId: table.id });
        new Subnet(s, "plain", { vpcId: vpc.id, cidrBlock: "10.1.1.0/24" });
      }),
    ).toEqual([]);
  });
});

describe("PP-SG-003 all-protocol egress to the world", () => {
  it("reports, as warnings, all-protocol egress to 0.0.0.0/0 and ::/0 in each declaration form", () => {
    const findings = findingsOf("PP-SG-003", (s) => {
      new SecurityGroup(s, "inline", {
        egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
      });
      new SecurityGroupRule(s, "rule", {
        type: "egress",
        securityGroupId: "sg-1",
        protocol: "all",
        fromPort: 0,
        toPort: 65535,
        ipv6CidrBlocks: ["::/0"],
      });
      new VpcSecurityGroupEgressRule(s, "vpc-rule", {
        securityGroupId: "sg-1",
        ipProtocol: "-1",
        cidrIpv4: "0.0.0.0/0",
      });
    });
    expect(findings.map((f) => [f.address, f.level])).toEqual([
      ["aws_security_group.inline", "warning"],
      ["aws_security_group_rule.rule", "warning"],
      ["aws_vpc_security_group_egress_rule.vpc-rule", "warning"],
    ]);
  });

  it("accepts port-scoped egress, all-protocol egress inside the VPC, and a rule accepted with its reason", () => {
    expect(
      addressesOf("PP-SG-003", (s) => {
        new VpcSecurityGroupEgressRule(s, "https", {
          securityGroupId: "sg-1",
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrIpv4: "0.0.0.0/0",
        });
        new VpcSecurityGroupEgressRule(s, "vpc", {
          securityGroupId: "sg-1",
          ipProtocol: "-1",
          cidrIpv4: "10.0.0.0/16",
        });
      }),
    ).toEqual([]);
    const [accepted] = findingsOf("PP-SG-003", (s) => {
      const rule = new VpcSecurityGroupEgressRule(s, "nat", {
        securityGroupId: "sg-1",
        ipProtocol: "-1",
        cidrIpv4: "0.0.0.0/0",
      });
      acceptWarning(
        rule,
        "PP-SG-003",
        "batch nodes fetch from package mirrors on many ports through the NAT",
      );
    });
    expect(accepted.suppressedBy).toMatchObject({
      source: "resource",
      reason: expect.stringMatching(/package mirrors/),
    });
  });
});

describe("PP-SG-004 no world ingress to other ports", () => {
  it("reports 0.0.0.0/0 to 5439 (Redshift) and ::/0 to 443, in each declaration form", () => {
    const findings = findingsOf("PP-SG-004", (s) => {
      new VpcSecurityGroupIngressRule(s, "redshift", {
        securityGroupId: "sg-1",
        ipProtocol: "tcp",
        fromPort: 5439,
        toPort: 5439,
        cidrIpv4: "0.0.0.0/0",
      });
      new SecurityGroup(s, "web", {
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::/0"] }],
      });
      new SecurityGroupRule(s, "db", {
        type: "ingress",
        securityGroupId: "sg-1",
        protocol: "tcp",
        fromPort: 5432,
        toPort: 5432,
        cidrBlocks: ["0.0.0.0/0"],
      });
    });
    expect(findings.map((f) => f.address)).toEqual([
      "aws_security_group.web",
      "aws_security_group_rule.db",
      "aws_vpc_security_group_ingress_rule.redshift",
    ]);
    expect(findings[2].message).toMatch(/admits 0\.0\.0\.0\/0 \(protocol tcp, ports 5439-5439\)/);
  });

  it("accepts a NAT Elastic IP /32, and leaves ports 22/3389/80 to PP-SG-001/002 (one finding per problem)", () => {
    expect(
      addressesOf("PP-SG-004", (s) => {
        new VpcSecurityGroupIngressRule(s, "nat", {
          securityGroupId: "sg-1",
          ipProtocol: "tcp",
          fromPort: 5439,
          toPort: 5439,
          cidrIpv4: "203.0.113.10/32",
        });
        new VpcSecurityGroupIngressRule(s, "ssh", {
          securityGroupId: "sg-1",
          ipProtocol: "tcp",
          fromPort: 22,
          toPort: 22,
          cidrIpv4: "0.0.0.0/0",
        });
      }),
    ).toEqual([]);
  });
});

describe("PP-EC2-001 IMDSv2", () => {
  it("reports an instance without metadata_options, a launch template with optional tokens and an EMR configuration allowing IMDSv1", () => {
    const findings = findingsOf("PP-EC2-001", (s) => {
      new Instance(s, "vm", { ami: "ami-1", instanceType: "t3.micro" });
      new LaunchTemplate(s, "lt", { metadataOptions: { httpTokens: "optional" } });
      new EmrSecurityConfiguration(s, "emr", {
        configuration: JSON.stringify({
          InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: 1 },
        }),
      });
    });
    expect(findings.map((f) => f.address)).toEqual([
      "aws_emr_security_configuration.emr",
      "aws_instance.vm",
      "aws_launch_template.lt",
    ]);
    expect(findings[2].message).toMatch(/http_tokens = "optional"/);
  });

  it("accepts required tokens, a disabled endpoint, and EMR with minimum version 2", () => {
    expect(
      addressesOf("PP-EC2-001", (s) => {
        new Instance(s, "vm", {
          ami: "ami-1",
          instanceType: "t3.micro",
          metadataOptions: { httpTokens: "required" },
        });
        new LaunchTemplate(s, "lt", { metadataOptions: { httpEndpoint: "disabled" } });
        new EmrSecurityConfiguration(s, "emr", {
          configuration: JSON.stringify({
            InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: 2 },
          }),
        });
      }),
    ).toEqual([]);
  });
});

describe("PP-PROVIDER-001 no literal credentials in providers", () => {
  it("reports literal AWS keys and Google credentials, naming the arguments", () => {
    const findings = findingsOf("PP-PROVIDER-001", (s) => {
      new AwsProvider(s, "static", {
        region: "us-east-1",
        alias: "static",
        accessKey: "AKIAIOSFODNN7EXAMPLE",
        secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      });
      new GoogleProvider(s, "google", { project: "p-123456", credentials: '{"type": "service_account"}' });
    });
    expect(findings.map((f) => f.address)).toEqual(["provider.aws.static", "provider.google"]);
    expect(findings[0].message).toMatch(/sets access_key, secret_key to literal values/);
  });

  it("accepts providers that take credentials from variables or the environment", () => {
    expect(
      addressesOf("PP-PROVIDER-001", (s) => {
        const key = new TerraformVariable(s, "key", { type: "string", sensitive: true });
        new AwsProvider(s, "from-var", { region: "us-east-1", alias: "var", accessKey: key.stringValue });
        new AwsProvider(s, "assume", {
          region: "us-east-1",
          alias: "assume",
          assumeRole: [{ roleArn: "arn:aws:iam::1:role/d" }],
        });
      }),
    ).toEqual([]);
  });
});
