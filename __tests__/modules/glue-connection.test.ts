import { Eip } from "@cdktf/provider-aws/lib/eip";
import { GlueConnection } from "@cdktf/provider-aws/lib/glue-connection";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
// Type-only: brings the cdktf jest matcher declarations into scope for tsc (erased at runtime).
import type {} from "cdktf/lib/testing/adapters/jest";
import { findWildcards, PolicyDocument } from "@multicloud-platform/modules/core";
import {
  GLUE_EGRESS_REASON,
  GlueCrossRegionConnections,
  GlueCrossRegionConnectionsProps,
  parseJdbcUrl,
  sslDisablingParams,
} from "@multicloud-platform/modules/glue-connection";
import { resourcesOfType as resources } from "../helpers/synth";

type Json = Record<string, any>;

const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:111111111111:secret:warehouse/glue-AbC123";
const KMS_ARN = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const JDBC_URL = "jdbc:redshift://warehouse.abc123.us-west-2.redshift.amazonaws.com:5439/dev";
const SUBNETS = {
  "us-east-1a": { subnetId: "subnet-0aaa1111", availabilityZone: "us-east-1a" },
  "us-east-1b": { subnetId: "subnet-0bbb2222", availabilityZone: "us-east-1b" },
};

function baseProps(): GlueCrossRegionConnectionsProps {
  return {
    name: "warehouse",
    vpcId: "vpc-0123abcd",
    region: "us-east-1",
    accountId: "111111111111",
    glueSubnets: SUBNETS,
  };
}

interface Built {
  stack: TerraformStack;
  glue: GlueCrossRegionConnections;
  storeProvider: AwsProvider;
}

/** A stack with the Glue account's provider (default) and the data store's provider (aliased). */
function build(
  overrides: (b: {
    stack: TerraformStack;
    storeProvider: AwsProvider;
  }) => Partial<GlueCrossRegionConnectionsProps> = () => ({}),
): Built {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  const storeProvider = new AwsProvider(stack, "store", { region: "us-west-2", alias: "data-store" });
  const glue = new GlueCrossRegionConnections(stack, "glue", {
    ...baseProps(),
    ...overrides({ stack, storeProvider }),
  });
  return { stack, glue, storeProvider };
}

function one(synth: string, type: string): Json {
  const all = resources(synth, type);
  expect(all).toHaveLength(1);
  return all[0];
}

describe("GlueCrossRegionConnections with a JDBC store in another account and region", () => {
  let synth: string;
  let built: Built;

  beforeAll(() => {
    built = build(({ stack, storeProvider }) => {
      // One NAT IP as a token from an Eip resource, as a stack wiring the vpc module would pass it.
      const eip = new Eip(stack, "nat-b", { domain: "vpc" });
      return {
        jdbc: { url: JDBC_URL, secretArn: SECRET_ARN, secretKmsKeyArn: KMS_ARN },
        natPublicIps: { "us-east-1a": "52.1.2.3", "us-east-1b": eip.publicIp },
        s3ReadLocations: [{ bucketName: "glue-scripts", prefix: "jobs/" }, { bucketName: "reference-data" }],
        dataStore: { provider: storeProvider, securityGroupId: "sg-0123456789abcdef0" },
        tags: { team: "data" },
      };
    });
    // Outputs make the attribute tokens visible as Terraform references in the synthesized JSON.
    new TerraformOutput(built.stack, "security-group-id", { value: built.glue.securityGroupId });
    new TerraformOutput(built.stack, "role-arn", { value: built.glue.roleArn });
    new TerraformOutput(built.stack, "role-name", { value: built.glue.roleName });
    new TerraformOutput(built.stack, "rule-a", { value: built.glue.dataStoreIngressRuleIds["us-east-1a"] });
    synth = Testing.synth(built.stack);
  });

  it("creates the Glue ENI security group without inline rules", () => {
    expect(synth).toHaveResourceWithProperties(SecurityGroup, {
      vpc_id: "vpc-0123abcd",
      name: "warehouse-glue-eni",
    });
    const sg = one(synth, "aws_security_group");
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  it("allows all traffic from the security group itself and all egress (R-GLUE-2)", () => {
    const sgKey = Object.keys(JSON.parse(synth).resource.aws_security_group)[0];
    const ref = `\${aws_security_group.${sgKey}.id}`;
    const local = resources(synth, "aws_vpc_security_group_ingress_rule").filter(
      (r) => r.provider === undefined,
    );
    expect(local).toEqual([
      expect.objectContaining({
        security_group_id: ref,
        referenced_security_group_id: ref,
        ip_protocol: "-1",
      }),
    ]);
    expect(local[0].from_port).toBeUndefined();
    const egress = one(synth, "aws_vpc_security_group_egress_rule");
    expect(egress).toMatchObject({ security_group_id: ref, cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1" });
  });

  it("states why the all-protocol egress is accepted, next to the rule (PP-SG-003)", () => {
    const rules = build().stack.toTerraform().resource.aws_vpc_security_group_egress_rule;
    expect(Object.values(rules).map((r: any) => r["//"].policy_accepted)).toEqual([
      { "PP-SG-003": GLUE_EGRESS_REASON },
    ]);
  });

  it("creates one NETWORK connection per AZ in that AZ's Glue subnet and the security group (R-GLUE-3)", () => {
    const sgKey = Object.keys(JSON.parse(synth).resource.aws_security_group)[0];
    for (const [az, subnet] of Object.entries(SUBNETS)) {
      expect(synth).toHaveResourceWithProperties(GlueConnection, {
        name: `warehouse-network-${az}`,
        connection_type: "NETWORK",
        physical_connection_requirements: {
          subnet_id: subnet.subnetId,
          availability_zone: az,
          security_group_id_list: [`\${aws_security_group.${sgKey}.id}`],
        },
      });
    }
    expect(
      resources(synth, "aws_glue_connection").filter((c) => c.connection_type === "NETWORK"),
    ).toHaveLength(2);
  });

  it("creates one JDBC connection per AZ with the URL, the secret id and SSL enforced, never literal credentials", () => {
    const jdbc = resources(synth, "aws_glue_connection").filter((c) => c.connection_type === "JDBC");
    expect(jdbc.map((c) => c.name).sort()).toEqual([
      "warehouse-jdbc-us-east-1a",
      "warehouse-jdbc-us-east-1b",
    ]);
    for (const c of jdbc) {
      expect(c.connection_properties).toEqual({
        JDBC_CONNECTION_URL: JDBC_URL,
        SECRET_ID: "warehouse/glue",
        JDBC_ENFORCE_SSL: "true",
      });
      expect(c.physical_connection_requirements.subnet_id).toBe(
        SUBNETS[c.name.replace("warehouse-jdbc-", "") as keyof typeof SUBNETS].subnetId,
      );
    }
  });

  it("keys construct ids by AZ so adding an AZ does not move existing connections", () => {
    const keys = Object.keys(JSON.parse(synth).resource.aws_glue_connection);
    for (const az of Object.keys(SUBNETS)) {
      expect(keys.some((k) => k.startsWith(`glue_network-${az}_`))).toBe(true);
      expect(keys.some((k) => k.startsWith(`glue_jdbc-${az}_`))).toBe(true);
    }
  });

  it("gives the role a Glue trust policy pinned to the account and the managed service policy", () => {
    const role = one(synth, "aws_iam_role");
    expect(role.name).toBe("warehouse-glue-us-east-1");
    expect(JSON.parse(role.assume_role_policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "glue.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
        },
      ],
    });
    expect(synth).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole",
    });
  });

  it("grants least privilege: the secret, its key via Secrets Manager only, and the named S3 prefixes", () => {
    const policy = JSON.parse(one(synth, "aws_iam_role_policy").policy) as PolicyDocument;
    expect(policy).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadJdbcSecret",
          Effect: "Allow",
          Action: "secretsmanager:GetSecretValue",
          Resource: SECRET_ARN,
        },
        {
          Sid: "DecryptJdbcSecret",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: KMS_ARN,
          Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
        },
        {
          Sid: "ReadObjects",
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: ["arn:aws:s3:::glue-scripts/jobs/*", "arn:aws:s3:::reference-data/*"],
        },
        {
          Sid: "LocateBuckets",
          Effect: "Allow",
          Action: "s3:GetBucketLocation",
          Resource: ["arn:aws:s3:::glue-scripts", "arn:aws:s3:::reference-data"],
        },
        {
          Sid: "ListBucket0",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: "arn:aws:s3:::glue-scripts",
          Condition: { StringLike: { "s3:prefix": ["jobs/", "jobs/*"] } },
        },
        {
          Sid: "ListBucket1",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: "arn:aws:s3:::reference-data",
        },
      ],
    });
    expect(findWildcards(policy)).toEqual([]);
  });

  it("allow-lists each NAT Elastic IP /32 on the data store's port, with the data store's provider (R-GLUE-1)", () => {
    const remote = resources(synth, "aws_vpc_security_group_ingress_rule").filter(
      (r) => r.provider !== undefined,
    );
    expect(remote).toHaveLength(2);
    const byCidr = Object.fromEntries(remote.map((r) => [r.cidr_ipv4, r]));
    const tokenCidr = `\${aws_eip.nat-b.public_ip}/32`;
    expect(Object.keys(byCidr).sort()).toEqual(["52.1.2.3/32", tokenCidr].sort());
    for (const r of remote) {
      expect(r).toMatchObject({
        provider: "aws.data-store",
        security_group_id: "sg-0123456789abcdef0",
        ip_protocol: "tcp",
        from_port: 5439,
        to_port: 5439,
      });
      expect(r.description).toMatch(/^Glue warehouse via NAT us-east-1[ab] in 111111111111 us-east-1$/);
    }
  });

  it("exposes typed attributes keyed by AZ", () => {
    const { glue } = built;
    expect(Object.keys(glue.connectionNames.network)).toEqual(["us-east-1a", "us-east-1b"]);
    expect(Object.keys(glue.connectionNames.jdbc)).toEqual(["us-east-1a", "us-east-1b"]);
    expect(Object.keys(glue.connectionArns.jdbc)).toEqual(["us-east-1a", "us-east-1b"]);
    expect(Object.keys(glue.dataStoreIngressRuleIds)).toEqual(["us-east-1a", "us-east-1b"]);
    expect(glue.dataStorePort).toBe(5439);
    const outputs = JSON.parse(synth).output as Record<string, { value: string }>;
    expect(outputs["security-group-id"].value).toMatch(
      /^\$\{aws_security_group\.glue_security-group_\w+\.id\}$/,
    );
    expect(outputs["role-arn"].value).toMatch(/^\$\{aws_iam_role\.glue_role_\w+\.arn\}$/);
    expect(outputs["role-name"].value).toMatch(/^\$\{aws_iam_role\.glue_role_\w+\.name\}$/);
    expect(outputs["rule-a"].value).toMatch(
      /^\$\{aws_vpc_security_group_ingress_rule\.glue_data-store-ingress-us-east-1a_\w+\.security_group_rule_id\}$/,
    );
  });

  it("orders connections for failover with the chosen AZ first", () => {
    const { glue } = built;
    expect(glue.connectionOrder("jdbc", "us-east-1b")).toEqual([
      glue.connectionNames.jdbc["us-east-1b"],
      glue.connectionNames.jdbc["us-east-1a"],
    ]);
    expect(glue.connectionOrder("network", "us-east-1a")[0]).toBe(glue.connectionNames.network["us-east-1a"]);
    expect(() => glue.connectionOrder("network", "us-east-1c")).toThrow(
      /primaryAz.*us-east-1c.*Fix: use one of the AZ keys/,
    );
  });
});

describe("GlueCrossRegionConnections with NETWORK connections only", () => {
  let synth: string;
  let built: Built;

  beforeAll(() => {
    built = build(() => ({
      partition: "aws-us-gov",
      region: "us-gov-west-1",
      glueSubnets: { "us-gov-west-1a": { subnetId: "subnet-0ccc3333", availabilityZone: "us-gov-west-1a" } },
    }));
    synth = Testing.synth(built.stack);
  });

  it("creates no JDBC connection, no inline policy and no data store rule", () => {
    const conns = resources(synth, "aws_glue_connection");
    expect(conns.map((c) => c.connection_type)).toEqual(["NETWORK"]);
    expect(conns[0].connection_properties).toBeUndefined();
    expect(synth).not.toHaveResource(IamRolePolicy);
    expect(resources(synth, "aws_vpc_security_group_ingress_rule")).toHaveLength(1);
    expect(built.glue.connectionNames.jdbc).toEqual({});
    expect(built.glue.dataStoreIngressRuleIds).toEqual({});
    expect(() => built.glue.connectionOrder("jdbc", "us-gov-west-1a")).toThrow(/primaryAz.*configure jdbc/);
  });

  it("uses the partition in the managed policy ARN", () => {
    expect(synth).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: "arn:aws-us-gov:iam::aws:policy/service-role/AWSGlueServiceRole",
    });
    expect(synth).toHaveResourceWithProperties(IamRole, { name: "warehouse-glue-us-gov-west-1" });
  });
});

describe("GlueCrossRegionConnections data store without a JDBC target", () => {
  it("takes the port from dataStore.port", () => {
    const { stack } = build(({ storeProvider }) => ({
      natPublicIps: { "us-east-1a": "52.1.2.3" },
      dataStore: { provider: storeProvider, securityGroupId: "sg-0123abcd", port: 5432 },
    }));
    expect(Testing.synth(stack)).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      provider: "aws.data-store",
      cidr_ipv4: "52.1.2.3/32",
      from_port: 5432,
      to_port: 5432,
      ip_protocol: "tcp",
    });
  });

  it("writes the SECRET_ID override, and the opt-out of SSL enforcement, as given", () => {
    const { stack } = build(() => ({
      jdbc: {
        url: "jdbc:mysql://db.example.com:3306/app",
        secretArn: SECRET_ARN,
        secretId: "custom-id",
        enforceSsl: false,
      },
    }));
    const jdbc = resources(Testing.synth(stack), "aws_glue_connection").filter(
      (c) => c.connection_type === "JDBC",
    );
    expect(jdbc).toHaveLength(2);
    expect(jdbc[0].connection_properties).toEqual({
      JDBC_CONNECTION_URL: "jdbc:mysql://db.example.com:3306/app",
      SECRET_ID: "custom-id",
      JDBC_ENFORCE_SSL: "false",
    });
  });
});

describe("JDBC URL reader", () => {
  it.each([
    ["jdbc:postgresql://db.example.com:5432/app?sslmode=require", "postgresql", 5432, "app"],
    ["jdbc:redshift://wh.abc.us-west-2.redshift.amazonaws.com:5439/dev", "redshift", 5439, "dev"],
    ["jdbc:sqlserver://sql.example.com:1433;databaseName=sales;encrypt=true", "sqlserver", 1433, "sales"],
    ["jdbc:oracle:thin://@ora.example.com:1521/ORCL", "oracle", 1521, "ORCL"],
  ])("parses %s", (url, engine, port, database) => {
    expect(parseJdbcUrl(url)).toMatchObject({ engine, port, database });
  });

  it.each([
    ["jdbc:postgresql://h:5432/db?sslmode=disable", ["sslmode=disable"]],
    ["jdbc:mysql://h:3306/db?useSSL=false&x=1", ["usessl=false"]],
    ["jdbc:mysql://h:3306/db?sslMode=DISABLED", ["sslmode=DISABLED"]],
    ["jdbc:sqlserver://h:1433;databaseName=db;encrypt=false", ["encrypt=false"]],
    ["jdbc:postgresql://h:5432/db?ssl=true", []],
  ])("finds TLS switched off in %s", (url, off) => {
    expect(sslDisablingParams(parseJdbcUrl(url)!)).toEqual(off);
  });

  it("rejects URLs without a port or database", () => {
    expect(parseJdbcUrl("jdbc:postgresql://db.example.com/app")).toBeUndefined();
    expect(parseJdbcUrl("jdbc:postgresql://db.example.com:5432")).toBeUndefined();
    expect(parseJdbcUrl("jdbc:sqlserver://h:1433;encrypt=true")).toBeUndefined();
  });
});

describe("GlueCrossRegionConnections validation", () => {
  const jdbc = { url: JDBC_URL, secretArn: SECRET_ARN };
  const cases: [string, (p: AwsProvider) => Partial<GlueCrossRegionConnectionsProps>, RegExp][] = [
    [
      "empty glueSubnets",
      () => ({ glueSubnets: {} }),
      /glueSubnets.*at least one AZ.*Fix: pass the Glue-dedicated subnet/,
    ],
    [
      "bad name",
      () => ({ name: "Warehouse_1" }),
      /invalid name = "Warehouse_1".*Fix: use a short kebab-case name/,
    ],
    ["name starting with sg-", () => ({ name: "sg-glue" }), /invalid name.*not starting with sg-/],
    ["bad vpc id", () => ({ vpcId: "my-vpc" }), /vpcId = "my-vpc".*Fix: pass the Glue VPC's id/],
    ["bad region", () => ({ region: "useast1" }), /region = "useast1".*Fix: use a region such as/],
    ["bad account", () => ({ accountId: "1234" }), /accountId = "1234".*12-digit/],
    [
      "bad partition",
      () => ({ partition: "aws-mars" }),
      /partition = "aws-mars".*Fix: use one of the allowed values/,
    ],
    [
      "bad subnet id",
      () => ({ glueSubnets: { "us-east-1a": { subnetId: "sn-1", availabilityZone: "us-east-1a" } } }),
      /glueSubnets\.us-east-1a\.subnetId.*Fix: pass the Glue subnet's id/,
    ],
    [
      "AZ in another region",
      () => ({
        glueSubnets: { "us-west-2a": { subnetId: "subnet-0aaa1111", availabilityZone: "us-west-2a" } },
      }),
      /glueSubnets\.us-west-2a\.availabilityZone.*must be an AZ of us-east-1.*Fix: use the subnet's AZ name/,
    ],
    [
      "bad AZ key",
      () => ({
        glueSubnets: { "US East 1a": { subnetId: "subnet-0aaa1111", availabilityZone: "us-east-1a" } },
      }),
      /glueSubnets\.US East 1a.*Fix: key the subnets by AZ name/,
    ],
    [
      "duplicate subnet",
      () => ({
        glueSubnets: {
          "us-east-1a": { subnetId: "subnet-0aaa1111", availabilityZone: "us-east-1a" },
          "us-east-1b": { subnetId: "subnet-0aaa1111", availabilityZone: "us-east-1b" },
        },
      }),
      /glueSubnets\[\*\]\.subnetId = "subnet-0aaa1111".*Fix: remove the duplicate/,
    ],
    [
      "two subnets in one AZ",
      () => ({
        glueSubnets: {
          "us-east-1a": { subnetId: "subnet-0aaa1111", availabilityZone: "us-east-1a" },
          "us-east-1a-2": { subnetId: "subnet-0bbb2222", availabilityZone: "us-east-1a" },
        },
      }),
      /glueSubnets\[\*\]\.availabilityZone = "us-east-1a".*appears more than once/,
    ],
    [
      "malformed JDBC URL",
      () => ({ jdbc: { ...jdbc, url: "jdbc:redshift://host/dev" } }),
      /jdbc\.url = "jdbc:redshift:\/\/host\/dev".*jdbc:<engine>:\/\/host:port\/db.*Fix: write the scheme, host, port and database/,
    ],
    [
      "JDBC port out of range",
      () => ({ jdbc: { ...jdbc, url: "jdbc:postgresql://h:70000/db" } }),
      /jdbc\.url \(port\) = 70000.*from 1 to 65535/,
    ],
    [
      "sslmode=disable",
      () => ({ jdbc: { ...jdbc, url: "jdbc:postgresql://h:5432/db?sslmode=disable" } }),
      /jdbc\.url.*disables TLS \(sslmode=disable\).*Fix: remove sslmode=disable from the URL/,
    ],
    [
      "ssl=false",
      () => ({ jdbc: { ...jdbc, url: "jdbc:redshift://h:5439/dev?ssl=false" } }),
      /disables TLS \(ssl=false\).*Fix: remove ssl=false.*jdbc\.enforceSsl to false/,
    ],
    [
      "secret ARN of another service",
      () => ({ jdbc: { ...jdbc, secretArn: "arn:aws:ssm:us-east-1:111111111111:parameter/x" } }),
      /jdbc\.secretArn.*must be an secretsmanager ARN/,
    ],
    [
      "partial secret ARN",
      () => ({
        jdbc: { ...jdbc, secretArn: "arn:aws:secretsmanager:us-east-1:111111111111:secret:warehouse/glue" },
      }),
      /jdbc\.secretArn.*full ARN.*Fix: copy the ARN from the secret/,
    ],
    [
      "KMS alias instead of key",
      () => ({ jdbc: { ...jdbc, secretKmsKeyArn: "arn:aws:kms:us-east-1:111111111111:alias/glue" } }),
      /jdbc\.secretKmsKeyArn.*must be a key ARN.*Fix: use arn:<partition>:kms/,
    ],
    [
      "bucket ARN instead of name",
      () => ({ s3ReadLocations: [{ bucketName: "arn:aws:s3:::b" }] }),
      /s3ReadLocations\[arn:aws:s3:::b\]\.bucketName.*Fix: pass the bare bucket name/,
    ],
    [
      "wildcard prefix",
      () => ({ s3ReadLocations: [{ bucketName: "scripts", prefix: "jobs/*" }] }),
      /s3ReadLocations\[scripts\]\.prefix = "jobs\/\*".*Fix: write it like "scripts\/"/,
    ],
    [
      "duplicate S3 location",
      () => ({ s3ReadLocations: [{ bucketName: "scripts" }, { bucketName: "scripts" }] }),
      /s3ReadLocations = "scripts\/".*appears more than once/,
    ],
    [
      "dataStore without NAT IPs",
      (p) => ({ jdbc, dataStore: { provider: p, securityGroupId: "sg-0123abcd" } }),
      /natPublicIps.*when dataStore is set.*Fix: pass the public IPs of the NAT gateways/,
    ],
    [
      "remote SG name instead of id",
      (p) => ({
        jdbc,
        natPublicIps: { a: "52.1.2.3" },
        dataStore: { provider: p, securityGroupId: "redshift-sg" },
      }),
      /dataStore\.securityGroupId = "redshift-sg".*Fix: pass the data store's security group id/,
    ],
    [
      "NAT IP with /32",
      (p) => ({
        jdbc,
        natPublicIps: { "us-east-1a": "52.1.2.3/32" },
        dataStore: { provider: p, securityGroupId: "sg-0123abcd" },
      }),
      /natPublicIps\.us-east-1a = "52\.1\.2\.3\/32".*IPv4.*Fix: pass the Elastic IP's public_ip/,
    ],
    [
      "private NAT IP",
      (p) => ({
        jdbc,
        natPublicIps: { "us-east-1a": "10.0.1.5" },
        dataStore: { provider: p, securityGroupId: "sg-0123abcd" },
      }),
      /natPublicIps\.us-east-1a = "10\.0\.1\.5".*private address.*Fix: pass the NAT gateway's Elastic IP/,
    ],
    [
      "duplicate NAT IP",
      (p) => ({
        jdbc,
        natPublicIps: { "us-east-1a": "52.1.2.3", "us-east-1b": "52.1.2.3" },
        dataStore: { provider: p, securityGroupId: "sg-0123abcd" },
      }),
      /natPublicIps = "52\.1\.2\.3".*Fix: remove the duplicate/,
    ],
    [
      "no port anywhere",
      (p) => ({
        natPublicIps: { a: "52.1.2.3" },
        dataStore: { provider: p, securityGroupId: "sg-0123abcd" },
      }),
      /dataStore\.port.*no known JDBC URL.*Fix: set dataStore\.port/,
    ],
    [
      "port out of range",
      (p) => ({
        natPublicIps: { a: "52.1.2.3" },
        dataStore: { provider: p, securityGroupId: "sg-0123abcd", port: 0 },
      }),
      /dataStore\.port = 0.*from 1 to 65535/,
    ],
    [
      "port differs from the URL",
      (p) => ({
        jdbc,
        natPublicIps: { a: "52.1.2.3" },
        dataStore: { provider: p, securityGroupId: "sg-0123abcd", port: 5432 },
      }),
      /dataStore\.port = 5432.*differs from the port 5439.*Fix: set dataStore\.port to 5439 or omit it/,
    ],
  ];

  it.each(cases)("rejects %s", (_label, props, message) => {
    expect(() => build(({ storeProvider }) => props(storeProvider))).toThrow(message);
  });

  it("names the construct path in the error", () => {
    expect(() => build(() => ({ vpcId: "nope" }))).toThrow(/^test\/glue: invalid vpcId/);
  });
});
