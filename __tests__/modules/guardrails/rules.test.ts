// Every rule of the pack: a minimal violating stack it reports (by rule id and address) and a
// compliant stack with the same resource types it does not report.
import { AppflowConnectorProfile } from "@cdktf/provider-aws/lib/appflow-connector-profile";
import { AppflowFlow } from "@cdktf/provider-aws/lib/appflow-flow";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Ec2TransitGateway } from "@cdktf/provider-aws/lib/ec2-transit-gateway";
import { EmrBlockPublicAccessConfiguration } from "@cdktf/provider-aws/lib/emr-block-public-access-configuration";
import { EmrCluster } from "@cdktf/provider-aws/lib/emr-cluster";
import { EmrInstanceFleet } from "@cdktf/provider-aws/lib/emr-instance-fleet";
import {
  FisExperimentTemplate,
  FisExperimentTemplateConfig,
} from "@cdktf/provider-aws/lib/fis-experiment-template";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { GlueConnection } from "@cdktf/provider-aws/lib/glue-connection";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcEndpointSubnetAssociation } from "@cdktf/provider-aws/lib/vpc-endpoint-subnet-association";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformStack } from "cdktf";
import { addressesOf, findingsOf, logTarget, policy, secureBucket } from "./harness";

const KEY = "arn:aws:kms:us-east-1:111122223333:key/0000";
const ROLE_ARN = "arn:aws:iam::111122223333:role/glue";
const ANCHOR = "arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/abc";

describe("PP-S3-001 public access block", () => {
  it("reports a bucket without a public access block, on an aliased provider too", () => {
    expect(
      addressesOf("PP-S3-001", (s) => {
        const west = new AwsProvider(s, "west", { region: "us-west-2", alias: "west" });
        secureBucket(s, "data", { omit: "pab", provider: west });
      }),
    ).toEqual(["aws_s3_bucket.data"]);
  });

  it("reports a public access block with a setting off, naming the setting", () => {
    const findings = findingsOf("PP-S3-001", (s) => {
      const b = new S3Bucket(s, "data", { bucket: "data-bucket" });
      new S3BucketPublicAccessBlock(s, "pab", {
        bucket: b.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: false,
      });
    });
    expect(findings.map((f) => f.address)).toEqual(["aws_s3_bucket_public_access_block.pab"]);
    expect(findings[0].message).toMatch(
      /restrict_public_buckets not true\. Fix: set restrict_public_buckets to true/,
    );
  });

  it("accepts a bucket whose block references it by .id, .bucket or its literal name", () => {
    expect(addressesOf("PP-S3-001", (s) => secureBucket(s, "by-id"))).toEqual([]);
    expect(
      addressesOf("PP-S3-001", (s) => {
        const a = new S3Bucket(s, "by-attr", { bucket: "a-bucket" });
        new S3Bucket(s, "by-name", { bucket: "literal-bucket" });
        const flags = {
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        };
        new S3BucketPublicAccessBlock(s, "pab-a", { bucket: a.bucket, ...flags });
        new S3BucketPublicAccessBlock(s, "pab-b", { bucket: "literal-bucket", ...flags });
      }),
    ).toEqual([]);
  });
});

describe("PP-S3-002 KMS encryption", () => {
  it("reports a bucket without encryption and one with SSE-S3", () => {
    expect(
      addressesOf("PP-S3-002", (s) => {
        secureBucket(s, "plain", { omit: "sse" });
        const aes = secureBucket(s, "aes", { omit: "sse" });
        new S3BucketServerSideEncryptionConfigurationA(s, "aes-sse", {
          bucket: aes.id,
          rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        });
      }),
    ).toEqual(["aws_s3_bucket.aes", "aws_s3_bucket.plain"]);
  });

  it("reports an access-log target with KMS default encryption, since S3 log delivery supports SSE-S3 only", () => {
    const findings = findingsOf("PP-S3-002", (s) => {
      const source = secureBucket(s, "data");
      logTarget(s, "logs", source, "aws:kms");
    });
    expect(findings.map((f) => f.address)).toEqual(["aws_s3_bucket.logs"]);
    expect(findings[0].message).toMatch(
      /receives S3 server access logs but its default encryption is aws:kms/,
    );
  });

  it("accepts AES256 on the access-log target of a logging resource (the documented deviation from CKV_AWS_145)", () => {
    expect(
      addressesOf("PP-S3-002", (s) => {
        const source = secureBucket(s, "data");
        logTarget(s, "logs", source);
      }),
    ).toEqual([]);
  });

  it("accepts aws:kms through the separate resource and the legacy inline block", () => {
    expect(
      addressesOf("PP-S3-002", (s) => {
        secureBucket(s, "kms");
        new S3Bucket(s, "legacy", {
          bucket: "legacy",
          serverSideEncryptionConfiguration: {
            rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY } },
          },
        });
      }),
    ).toEqual([]);
  });
});

describe("PP-S3-003 versioning", () => {
  it("reports a bucket without versioning and one with versioning suspended", () => {
    expect(
      addressesOf("PP-S3-003", (s) => {
        secureBucket(s, "none", { omit: "versioning" });
        const sus = secureBucket(s, "suspended", { omit: "versioning" });
        new S3BucketVersioningA(s, "sus-v", {
          bucket: sus.id,
          versioningConfiguration: { status: "Suspended" },
        });
      }),
    ).toEqual(["aws_s3_bucket.none", "aws_s3_bucket.suspended"]);
  });

  it("accepts versioning Enabled", () => {
    expect(addressesOf("PP-S3-003", (s) => secureBucket(s, "ok"))).toEqual([]);
  });
});

function closedVpc(
  s: TerraformStack,
  id: string,
  opts: { flowLog?: boolean; defaultSg?: boolean } = {},
): Vpc {
  const vpc = new Vpc(s, id, { cidrBlock: "10.0.0.0/16" });
  if (opts.flowLog !== false) {
    new FlowLog(s, `${id}-flow-log`, {
      vpcId: vpc.id,
      trafficType: "ALL",
      logDestinationType: "s3",
      logDestination: "arn:aws:s3:::logs",
    });
  }
  if (opts.defaultSg !== false) new DefaultSecurityGroup(s, `${id}-default-sg`, { vpcId: vpc.id });
  return vpc;
}

describe("PP-VPC-001 flow logs", () => {
  it("reports a VPC without a flow log", () => {
    expect(addressesOf("PP-VPC-001", (s) => closedVpc(s, "ml", { flowLog: false }))).toEqual(["aws_vpc.ml"]);
  });

  it("accepts a VPC with a flow log referencing it", () => {
    expect(addressesOf("PP-VPC-001", (s) => closedVpc(s, "ml"))).toEqual([]);
  });
});

describe("PP-VPC-002 default security group closed", () => {
  it("reports a VPC whose default security group is not adopted", () => {
    expect(addressesOf("PP-VPC-002", (s) => closedVpc(s, "ml", { defaultSg: false }))).toEqual([
      "aws_vpc.ml",
    ]);
  });

  it("reports inline rules on the default group and rules attached to it", () => {
    expect(
      addressesOf("PP-VPC-002", (s) => {
        const vpc = closedVpc(s, "ml", { defaultSg: false });
        const sg = new DefaultSecurityGroup(s, "default-sg", {
          vpcId: vpc.id,
          egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
        });
        new VpcSecurityGroupIngressRule(s, "into-default", {
          securityGroupId: sg.id,
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrIpv4: "10.0.0.0/8",
        });
      }),
    ).toEqual(["aws_default_security_group.default-sg", "aws_vpc_security_group_ingress_rule.into-default"]);
  });

  it("accepts an adopted default group with no rules", () => {
    expect(addressesOf("PP-VPC-002", (s) => closedVpc(s, "ml"))).toEqual([]);
  });
});

function subnet(s: TerraformStack, vpc: Vpc, id: string, az: string, cidr: string): Subnet {
  return new Subnet(s, id, { vpcId: vpc.id, cidrBlock: cidr, availabilityZone: az });
}

describe("PP-VPC-003 interface endpoints in two AZs", () => {
  const endpoint = (s: TerraformStack, id: string, subnetIds: string[], type = "Interface") =>
    new VpcEndpoint(s, id, {
      vpcId: "vpc-1",
      serviceName: "com.amazonaws.us-east-1.sts",
      vpcEndpointType: type,
      subnetIds,
    });

  it("reports one subnet, and two subnets in the same AZ, as warnings by default", () => {
    const findings = findingsOf("PP-VPC-003", (s) => {
      const vpc = closedVpc(s, "net");
      const a = subnet(s, vpc, "a1", "us-east-1a", "10.0.0.0/24");
      const a2 = subnet(s, vpc, "a2", "us-east-1a", "10.0.1.0/24");
      endpoint(s, "sts-single", [a.id]);
      endpoint(s, "sts-same-az", [a.id, a2.id]);
    });
    expect(findings.map((f) => [f.address, f.level])).toEqual([
      ["aws_vpc_endpoint.sts-same-az", "warning"],
      ["aws_vpc_endpoint.sts-single", "warning"],
    ]);
    expect(findings[0].message).toMatch(/all 2 subnets of the interface endpoint are in us-east-1a/);
  });

  it("is an error outside dev and a warning in dev", () => {
    const single = (s: TerraformStack) => endpoint(s, "sts", ["subnet-1"]);
    expect(findingsOf("PP-VPC-003", single, { environment: "prod" }).map((f) => f.level)).toEqual(["error"]);
    expect(findingsOf("PP-VPC-003", single, { environment: "dev" }).map((f) => f.level)).toEqual(["warning"]);
  });

  it("accepts subnets in two AZs, including one added by a subnet association, and ignores gateway endpoints", () => {
    expect(
      addressesOf("PP-VPC-003", (s) => {
        const vpc = closedVpc(s, "net");
        const a = subnet(s, vpc, "a", "us-east-1a", "10.0.0.0/24");
        const b = subnet(s, vpc, "b", "us-east-1b", "10.0.1.0/24");
        endpoint(s, "sts", [a.id, b.id]);
        const ecr = endpoint(s, "ecr", [a.id]);
        new VpcEndpointSubnetAssociation(s, "ecr-b", { vpcEndpointId: ecr.id, subnetId: b.id });
        endpoint(s, "s3", [], "Gateway");
      }),
    ).toEqual([]);
  });
});

describe("PP-SG-001 no world ingress to admin ports", () => {
  it("reports inline, aws_security_group_rule and aws_vpc_security_group_ingress_rule forms (IPv4, IPv6, all ports)", () => {
    expect(
      addressesOf("PP-SG-001", (s) => {
        new SecurityGroup(s, "ssh", {
          ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
        });
        new SecurityGroupRule(s, "rdp", {
          type: "ingress",
          securityGroupId: "sg-1",
          protocol: "tcp",
          fromPort: 3389,
          toPort: 3389,
          ipv6CidrBlocks: ["::/0"],
        });
        new VpcSecurityGroupIngressRule(s, "all", {
          securityGroupId: "sg-1",
          ipProtocol: "-1",
          cidrIpv4: "0.0.0.0/0",
        });
        new SecurityGroup(s, "range", {
          ingress: [{ protocol: "tcp", fromPort: 0, toPort: 1024, cidrBlocks: ["0.0.0.0/0"] }],
        });
      }),
    ).toEqual([
      "aws_security_group.range",
      "aws_security_group.ssh",
      "aws_security_group_rule.rdp",
      "aws_vpc_security_group_ingress_rule.all",
    ]);
  });

  it("accepts SSH from a private range, HTTPS from anywhere and world egress", () => {
    expect(
      addressesOf("PP-SG-001", (s) => {
        new SecurityGroup(s, "ssh", {
          ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] }],
        });
        new VpcSecurityGroupIngressRule(s, "https", {
          securityGroupId: "sg-1",
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrIpv4: "0.0.0.0/0",
        });
        new SecurityGroupRule(s, "out", {
          type: "egress",
          securityGroupId: "sg-1",
          protocol: "tcp",
          fromPort: 22,
          toPort: 22,
          cidrBlocks: ["0.0.0.0/0"],
        });
      }),
    ).toEqual([]);
  });
});

describe("PP-SG-002 no world ingress to port 80", () => {
  it("reports HTTP from anywhere", () => {
    expect(
      addressesOf("PP-SG-002", (s) => {
        new VpcSecurityGroupIngressRule(s, "http", {
          securityGroupId: "sg-1",
          ipProtocol: "tcp",
          fromPort: 80,
          toPort: 80,
          cidrIpv6: "::/0",
        });
      }),
    ).toEqual(["aws_vpc_security_group_ingress_rule.http"]);
  });

  it("accepts HTTP from the VPC and HTTPS from anywhere", () => {
    expect(
      addressesOf("PP-SG-002", (s) => {
        new SecurityGroup(s, "web", {
          ingress: [
            { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["10.0.0.0/16"] },
            { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
          ],
        });
      }),
    ).toEqual([]);
  });
});

const closedTgw = { defaultRouteTableAssociation: "disable", defaultRouteTablePropagation: "disable" };

describe("PP-TGW-001 no auto-accept", () => {
  it("reports auto_accept_shared_attachments = enable", () => {
    expect(
      addressesOf(
        "PP-TGW-001",
        (s) => new Ec2TransitGateway(s, "hub", { ...closedTgw, autoAcceptSharedAttachments: "enable" }),
      ),
    ).toEqual(["aws_ec2_transit_gateway.hub"]);
  });

  it("accepts disable", () => {
    expect(
      addressesOf(
        "PP-TGW-001",
        (s) => new Ec2TransitGateway(s, "hub", { ...closedTgw, autoAcceptSharedAttachments: "disable" }),
      ),
    ).toEqual([]);
  });
});

describe("PP-TGW-002 no default route table", () => {
  it("reports omitted settings (AWS enables them) and an explicit enable", () => {
    const findings = findingsOf("PP-TGW-002", (s) => {
      new Ec2TransitGateway(s, "implicit", {});
      new Ec2TransitGateway(s, "explicit", {
        defaultRouteTableAssociation: "disable",
        defaultRouteTablePropagation: "enable",
      });
    });
    expect(findings.map((f) => f.address)).toEqual([
      "aws_ec2_transit_gateway.explicit",
      "aws_ec2_transit_gateway.implicit",
    ]);
    expect(findings[0].message).toMatch(/leaves default_route_table_propagation enabled/);
    expect(findings[1].message).toMatch(
      /default_route_table_association and default_route_table_propagation enabled/,
    );
  });

  it("accepts both disabled", () => {
    expect(addressesOf("PP-TGW-002", (s) => new Ec2TransitGateway(s, "hub", closedTgw))).toEqual([]);
  });
});

describe("PP-IAM-001 no wildcard actions", () => {
  it('reports Action "*" (even on one resource), "service:*" on "*", NotAction, and a wildcard from a policy document data source', () => {
    const findings = findingsOf("PP-IAM-001", (s) => {
      new IamPolicy(s, "admin", {
        policy: policy({ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" }),
      });
      new IamRolePolicy(s, "s3-all", {
        role: "r",
        policy: policy({ Sid: "All", Effect: "Allow", Action: ["s3:*"], Resource: "*" }),
      });
      new IamRolePolicy(s, "not-action", {
        role: "r",
        policy: policy({ Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::b" }),
      });
      const doc = new DataAwsIamPolicyDocument(s, "doc", {
        statement: [{ actions: ["*"], resources: ["*"] }],
      });
      new IamPolicy(s, "from-doc", { policy: doc.json });
    });
    expect(findings.map((f) => f.address)).toEqual([
      "aws_iam_policy.admin",
      "aws_iam_policy.from-doc",
      "aws_iam_role_policy.not-action",
      "aws_iam_role_policy.s3-all",
    ]);
    expect(findings[1].message).toMatch(
      /policy \(via data\.aws_iam_policy_document\.doc\) Statement\[0\] allows \*/,
    );
    expect(findings[3].message).toMatch(/Sid "All" allows s3:\* on Resource "\*"/);
  });

  it('accepts "service:*" scoped to a bucket and Deny "*"', () => {
    expect(
      addressesOf("PP-IAM-001", (s) => {
        new IamPolicy(s, "ok", {
          policy: policy(
            { Effect: "Allow", Action: "s3:*", Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"] },
            {
              Effect: "Deny",
              Action: "*",
              Resource: "*",
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ),
        });
      }),
    ).toEqual([]);
  });
});

describe("PP-IAM-002 no unscoped writes", () => {
  it('reports write actions on "*" and on NotResource', () => {
    const findings = findingsOf("PP-IAM-002", (s) => {
      new IamRolePolicy(s, "put", {
        role: "r",
        policy: policy({ Effect: "Allow", Action: ["s3:PutObject", "s3:GetBucketLocation"], Resource: "*" }),
      });
      new IamPolicy(s, "not-res", {
        policy: policy({
          Effect: "Allow",
          Action: "logs:CreateLogStream",
          NotResource: "arn:aws:logs:*:*:log-group:secret",
        }),
      });
    });
    expect(findings.map((f) => f.address)).toEqual(["aws_iam_policy.not-res", "aws_iam_role_policy.put"]);
    expect(findings[1].message).toMatch(/allows s3:PutObject on Resource "\*"/);
    expect(findings[1].message).not.toMatch(/GetBucketLocation/);
  });

  it('accepts reads on "*" and writes on named ARNs', () => {
    expect(
      addressesOf("PP-IAM-002", (s) => {
        new IamPolicy(s, "ok", {
          policy: policy(
            { Effect: "Allow", Action: ["ec2:Describe*", "s3:ListAllMyBuckets"], Resource: "*" },
            { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*" },
          ),
        });
      }),
    ).toEqual([]);
  });

  it('accepts, on "*", exactly the write actions that have no resource type (redshift-data:CancelStatement), not globs', () => {
    const findings = findingsOf("PP-IAM-002", (s) => {
      new IamRolePolicy(s, "statements", {
        role: "r",
        policy: policy(
          {
            Sid: "OwnStatements",
            Effect: "Allow",
            Action: ["redshift-data:CancelStatement", "redshift-data:DescribeStatement", "kms:CreateKey"],
            Resource: "*",
            Condition: { StringEquals: { "redshift-data:statement-owner-iam-userid": "$${aws:userid}" } },
          },
          // A glob also matches ExecuteStatement, which does take a cluster ARN.
          { Sid: "Glob", Effect: "Allow", Action: "redshift-data:*Statement", Resource: "*" },
        ),
      });
    });
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/Sid "Glob" allows redshift-data:\*Statement on Resource "\*"/),
    ]);
  });
});

describe("PP-IAM-003 no iam:PassRole on *", () => {
  it("reports PassRole on * in a role's inline_policy block and via iam:Pass*", () => {
    const findings = findingsOf("PP-IAM-003", (s) => {
      new IamRole(s, "glue", {
        assumeRolePolicy: policy({
          Effect: "Allow",
          Principal: { Service: "glue.amazonaws.com" },
          Action: "sts:AssumeRole",
        }),
        inlinePolicy: [
          { name: "pass", policy: policy({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }) },
        ],
      });
      new IamPolicy(s, "glob", { policy: policy({ Effect: "Allow", Action: "iam:Pass*", Resource: "*" }) });
    });
    expect(findings.map((f) => f.address)).toEqual(["aws_iam_policy.glob", "aws_iam_role.glue"]);
    expect(findings[1].message).toMatch(/inline_policy "pass" Statement\[0\] allows iam:PassRole/);
  });

  it("accepts PassRole on a named role", () => {
    expect(
      addressesOf("PP-IAM-003", (s) => {
        new IamPolicy(s, "ok", {
          policy: policy({
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: ROLE_ARN,
            Condition: { StringEquals: { "iam:PassedToService": "glue.amazonaws.com" } },
          }),
        });
      }),
    ).toEqual([]);
  });
});

describe("PP-IAM-004 no privilege escalation", () => {
  it('reports privilege-escalation actions on "*"', () => {
    const findings = findingsOf("PP-IAM-004", (s) => {
      new IamPolicy(s, "esc", {
        policy: policy({
          Effect: "Allow",
          Action: ["iam:AttachRolePolicy", "lambda:UpdateFunctionCode"],
          Resource: "*",
        }),
      });
    });
    expect(findings.map((f) => f.address)).toEqual(["aws_iam_policy.esc"]);
    expect(findings[0].message).toMatch(/iam:AttachRolePolicy, lambda:UpdateFunctionCode/);
  });

  it("accepts the same actions on a named resource", () => {
    expect(
      addressesOf("PP-IAM-004", (s) => {
        new IamPolicy(s, "ok", {
          policy: policy({
            Effect: "Allow",
            Action: "lambda:UpdateFunctionCode",
            Resource: "arn:aws:lambda:us-east-1:111122223333:function:f",
          }),
        });
      }),
    ).toEqual([]);
  });
});

describe("PP-IAM-005 no credential or secret exposure", () => {
  it('reports secretsmanager:GetSecretValue and sts:AssumeRole on "*"', () => {
    const findings = findingsOf("PP-IAM-005", (s) => {
      new IamRolePolicy(s, "secrets", {
        role: "r",
        policy: policy({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" }),
      });
      new IamRolePolicy(s, "assume", {
        role: "r",
        policy: policy({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }),
      });
    });
    expect(findings.map((f) => f.address)).toEqual([
      "aws_iam_role_policy.assume",
      "aws_iam_role_policy.secrets",
    ]);
  });

  it("accepts named secrets and ecr:GetAuthorizationToken (which only supports *)", () => {
    expect(
      addressesOf("PP-IAM-005", (s) => {
        new IamRolePolicy(s, "ok", {
          role: "r",
          policy: policy(
            {
              Effect: "Allow",
              Action: "secretsmanager:GetSecretValue",
              Resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf",
            },
            { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
          ),
        });
      }),
    ).toEqual([]);
  });
});

describe("PP-IAM-006 Roles Anywhere trust", () => {
  const trust = (condition?: Record<string, Record<string, string>>) =>
    policy({
      Effect: "Allow",
      Principal: { Service: "rolesanywhere.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
      ...(condition ? { Condition: condition } : {}),
    });

  it("reports a trust without conditions, one without a certificate condition and one with a wildcard source ARN", () => {
    const findings = findingsOf("PP-IAM-006", (s) => {
      new IamRole(s, "bare", { assumeRolePolicy: trust() });
      new IamRole(s, "no-cert", { assumeRolePolicy: trust({ ArnEquals: { "aws:SourceArn": ANCHOR } }) });
      new IamRole(s, "star", {
        assumeRolePolicy: trust({
          ArnLike: { "aws:SourceArn": "*" },
          StringEquals: { "aws:PrincipalTag/x509Subject/CN": "w" },
        }),
      });
    });
    expect(findings.map((f) => f.address)).toEqual([
      "aws_iam_role.bare",
      "aws_iam_role.no-cert",
      "aws_iam_role.star",
    ]);
    expect(findings[0].message).toMatch(
      /without an ArnEquals\/ArnLike aws:SourceArn condition .* and an aws:PrincipalTag/,
    );
    expect(findings[1].message).not.toMatch(/SourceArn condition pinning/);
    expect(findings[1].message).toMatch(/x509Subject\|x509Issuer\|x509SAN/);
  });

  it("accepts SourceArn + x509 conditions, in JSON and in a policy document data source", () => {
    expect(
      addressesOf("PP-IAM-006", (s) => {
        new IamRole(s, "json", {
          assumeRolePolicy: trust({
            ArnEquals: { "aws:SourceArn": ANCHOR },
            StringEquals: { "aws:PrincipalTag/x509Subject/CN": "w" },
          }),
        });
        const doc = new DataAwsIamPolicyDocument(s, "trust", {
          statement: [
            {
              actions: ["sts:AssumeRole", "sts:TagSession"],
              principals: [{ type: "Service", identifiers: ["rolesanywhere.amazonaws.com"] }],
              condition: [
                { test: "ArnLike", variable: "aws:SourceArn", values: [ANCHOR] },
                { test: "StringEquals", variable: "aws:PrincipalTag/x509Issuer/CN", values: ["ca"] },
              ],
            },
          ],
        });
        new IamRole(s, "doc", { assumeRolePolicy: doc.json });
        new IamRole(s, "other-service", {
          assumeRolePolicy: policy({
            Effect: "Allow",
            Principal: { Service: "glue.amazonaws.com" },
            Action: "sts:AssumeRole",
          }),
        });
      }),
    ).toEqual([]);
  });
});

function cluster(
  s: TerraformStack,
  id: string,
  extra: Partial<ConstructorParameters<typeof EmrCluster>[2]> = {},
): EmrCluster {
  return new EmrCluster(s, id, {
    name: id,
    releaseLabel: "emr-6.15.0",
    serviceRole: ROLE_ARN,
    securityConfiguration: "sec",
    ...extra,
  });
}

describe("PP-EMR-001 security configuration", () => {
  it("reports a cluster without one", () => {
    expect(
      addressesOf("PP-EMR-001", (s) => cluster(s, "trino", { securityConfiguration: undefined })),
    ).toEqual(["aws_emr_cluster.trino"]);
  });

  it("accepts a cluster with one", () => {
    expect(addressesOf("PP-EMR-001", (s) => cluster(s, "trino"))).toEqual([]);
  });
});

describe("PP-EMR-002 block public access", () => {
  it("reports, as warnings, a cluster without a block on its provider and a block that is off", () => {
    const findings = findingsOf("PP-EMR-002", (s) => {
      const west = new AwsProvider(s, "west", { region: "us-west-2", alias: "west" });
      cluster(s, "trino", { provider: west });
      // On the default provider: does not cover the cluster in us-west-2.
      new EmrBlockPublicAccessConfiguration(s, "bpa", { blockPublicSecurityGroupRules: true });
      new EmrBlockPublicAccessConfiguration(s, "bpa-off", {
        blockPublicSecurityGroupRules: false,
        provider: west,
      });
    });
    expect(findings.map((f) => [f.address, f.level])).toEqual([
      ["aws_emr_block_public_access_configuration.bpa-off", "warning"],
      ["aws_emr_cluster.trino", "warning"],
    ]);
    expect(findings[1].message).toMatch(/for provider aws\.west/);
  });

  it("accepts a cluster with the block on the same provider", () => {
    expect(
      addressesOf("PP-EMR-002", (s) => {
        cluster(s, "trino");
        new EmrBlockPublicAccessConfiguration(s, "bpa", { blockPublicSecurityGroupRules: true });
      }),
    ).toEqual([]);
  });
});

describe("PP-EMR-003 Spot fleet diversity", () => {
  const fleet = (s: TerraformStack, id: string, types: number, spot: number) =>
    new EmrInstanceFleet(s, id, {
      clusterId: "j-1",
      targetSpotCapacity: spot,
      targetOnDemandCapacity: spot === 0 ? 2 : 0,
      instanceTypeConfigs: ["m5", "m5a", "m5d", "m5n", "m6i", "m6a", "m6id", "r5", "r5a", "r6i", "c5"]
        .slice(0, types)
        .map((f) => ({ instanceType: `${f}.2xlarge` })),
    });

  it("reports a Spot fleet with 3 types: error by default, warning in dev", () => {
    const bad = (s: TerraformStack) => fleet(s, "task", 3, 4);
    const findings = findingsOf("PP-EMR-003", bad);
    expect(findings.map((f) => [f.address, f.level])).toEqual([["aws_emr_instance_fleet.task", "error"]]);
    expect(findings[0].message).toMatch(
      /lists 3 instance type\(s\) \(m5\.2xlarge, m5a\.2xlarge, m5d\.2xlarge\)/,
    );
    expect(findingsOf("PP-EMR-003", bad, { environment: "dev" }).map((f) => f.level)).toEqual(["warning"]);
  });

  it("accepts 10 types on Spot and a single type on demand", () => {
    expect(
      addressesOf("PP-EMR-003", (s) => {
        fleet(s, "task", 10, 4);
        fleet(s, "on-demand", 1, 0);
      }),
    ).toEqual([]);
  });
});

describe("PP-SM-001 secrets with a CMK", () => {
  it("reports a secret without kms_key_id and a replica without one", () => {
    const findings = findingsOf("PP-SM-001", (s) => {
      new SecretsmanagerSecret(s, "plain", { name: "plain" });
      new SecretsmanagerSecret(s, "replica", {
        name: "r",
        kmsKeyId: KEY,
        replica: [{ region: "eu-west-1" }],
      });
    });
    expect(findings.map((f) => f.address)).toEqual([
      "aws_secretsmanager_secret.plain",
      "aws_secretsmanager_secret.replica",
    ]);
    expect(findings[1].message).toMatch(/replica in eu-west-1 has no kms_key_id/);
  });

  it("reports a secret and a replica encrypted with an AWS managed alias/aws/ key (by alias or alias ARN)", () => {
    const findings = findingsOf("PP-SM-001", (s) => {
      new SecretsmanagerSecret(s, "managed", { name: "m", kmsKeyId: "alias/aws/secretsmanager" });
      new SecretsmanagerSecret(s, "managed-arn", {
        name: "a",
        kmsKeyId: KEY,
        replica: [
          { region: "eu-west-1", kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:alias/aws/secretsmanager" },
        ],
      });
    });
    expect(findings.map((f) => f.address)).toEqual([
      "aws_secretsmanager_secret.managed",
      "aws_secretsmanager_secret.managed-arn",
    ]);
    expect(findings[0].message).toMatch(/names the AWS managed key alias\/aws\/secretsmanager/);
    expect(findings[1].message).toMatch(/replica in eu-west-1 names the AWS managed key/);
  });

  it("accepts a secret and replica with keys, including a customer managed key named by its own alias", () => {
    expect(
      addressesOf("PP-SM-001", (s) => {
        new SecretsmanagerSecret(s, "ok", {
          name: "ok",
          kmsKeyId: KEY,
          replica: [{ region: "eu-west-1", kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:key/1" }],
        });
        new SecretsmanagerSecret(s, "own-alias", { name: "o", kmsKeyId: "alias/secrets/app" });
      }),
    ).toEqual([]);
  });
});

describe("PP-APPFLOW-001 AppFlow with a CMK", () => {
  const flowAndProfile = (s: TerraformStack, kmsArn?: string) => {
    new AppflowConnectorProfile(s, "bigquery", {
      name: "bigquery",
      connectionMode: "Public",
      connectorType: "CustomConnector",
      connectorLabel: "GoogleBigQuery",
      kmsArn,
      connectorProfileConfig: {
        connectorProfileCredentials: {
          customConnector: {
            authenticationType: "OAUTH2",
            oauth2: { clientId: "${var.client_id}", clientSecret: "${var.client_secret}" },
          },
        },
        connectorProfileProperties: {
          customConnector: {
            oauth2Properties: {
              oauth2GrantType: "AUTHORIZATION_CODE",
              tokenUrl: "https://oauth2.googleapis.com/token",
            },
          },
        },
      },
    });
    new AppflowFlow(s, "orders", {
      name: "orders",
      kmsArn,
      sourceFlowConfig: {
        connectorType: "CustomConnector",
        connectorProfileName: "bigquery",
        sourceConnectorProperties: { customConnector: { entityName: "p/d/orders" } },
      },
      destinationFlowConfig: [
        {
          connectorType: "S3",
          destinationConnectorProperties: {
            s3: { bucketName: "results", s3OutputFormatConfig: { prefixConfig: { prefixType: "PATH" } } },
          },
        },
      ],
      task: [{ taskType: "Map_all", sourceFields: [], connectorOperator: [{ customConnector: "NO_OP" }] }],
      triggerConfig: { triggerType: "OnDemand" },
    });
  };

  it("reports a flow and a connector profile without kms_arn", () => {
    expect(addressesOf("PP-APPFLOW-001", (s) => flowAndProfile(s))).toEqual([
      "aws_appflow_connector_profile.bigquery",
      "aws_appflow_flow.orders",
    ]);
  });

  it("accepts both with kms_arn", () => {
    expect(addressesOf("PP-APPFLOW-001", (s) => flowAndProfile(s, KEY))).toEqual([]);
  });
});

describe("PP-FIS-001 FIS scoped and stoppable", () => {
  const template = (s: TerraformStack, id: string, over: Partial<FisExperimentTemplateConfig>) =>
    new FisExperimentTemplate(s, id, {
      description: "spot interruptions",
      roleArn: ROLE_ARN,
      action: [
        {
          actionId: "aws:ec2:send-spot-instance-interruptions",
          name: "interrupt",
          parameter: [{ key: "durationBeforeInterruption", value: "PT2M" }],
          target: { key: "SpotInstances", value: "spot" },
        },
      ],
      stopCondition: [
        { source: "aws:cloudwatch:alarm", value: "arn:aws:cloudwatch:us-east-1:111122223333:alarm:stop" },
      ],
      target: [
        {
          name: "spot",
          resourceType: "aws:ec2:spot-instance",
          selectionMode: "ALL",
          resourceTag: [{ key: "Name", value: "trino" }],
        },
      ],
      ...over,
    });

  it("reports an untagged target and a none-only stop condition: error by default, warning in dev", () => {
    const bad = (s: TerraformStack) => {
      template(s, "untagged", {
        target: [{ name: "spot", resourceType: "aws:ec2:spot-instance", selectionMode: "ALL" }],
      });
      template(s, "unstoppable", { stopCondition: [{ source: "none" }] });
    };
    const findings = findingsOf("PP-FIS-001", bad);
    expect(findings.map((f) => [f.address, f.level])).toEqual([
      ["aws_fis_experiment_template.unstoppable", "error"],
      ["aws_fis_experiment_template.untagged", "error"],
    ]);
    expect(findings[1].message).toMatch(/target\(s\) "spot" select every resource of their type/);
    expect(findingsOf("PP-FIS-001", bad, { environment: "dev" }).map((f) => f.level)).toEqual([
      "warning",
      "warning",
    ]);
  });

  it("accepts a tagged target with an alarm stop condition", () => {
    expect(addressesOf("PP-FIS-001", (s) => template(s, "ok", {}))).toEqual([]);
  });
});

describe("PP-GLUE-001 Glue JDBC SSL", () => {
  it("reports JDBC (explicit and by default) without JDBC_ENFORCE_SSL true", () => {
    expect(
      addressesOf("PP-GLUE-001", (s) => {
        new GlueConnection(s, "default-type", {
          name: "a",
          connectionProperties: { JDBC_CONNECTION_URL: "jdbc:postgresql://db:5432/x" },
        });
        new GlueConnection(s, "ssl-off", {
          name: "b",
          connectionType: "JDBC",
          connectionProperties: { JDBC_ENFORCE_SSL: "false" },
        });
      }),
    ).toEqual(["aws_glue_connection.default-type", "aws_glue_connection.ssl-off"]);
  });

  it("accepts JDBC with SSL enforced and NETWORK connections", () => {
    expect(
      addressesOf("PP-GLUE-001", (s) => {
        new GlueConnection(s, "jdbc", {
          name: "a",
          connectionType: "JDBC",
          connectionProperties: { JDBC_ENFORCE_SSL: "true" },
        });
        new GlueConnection(s, "net", { name: "b", connectionType: "NETWORK" });
      }),
    ).toEqual([]);
  });
});
