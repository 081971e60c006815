import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { TerraformStack, Testing } from "cdktf";
import { NetworkVpc, NetworkVpcProps, planInternetRouting } from "@multicloud-platform/modules/vpc";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const AZ_A = "eu-west-1a";
const AZ_B = "eu-west-1b";

const baseProps: NetworkVpcProps = {
  name: "ml",
  cidr: "10.10.0.0/16",
  azs: [AZ_A, AZ_B],
  subnets: {
    public: { [AZ_A]: "10.10.0.0/24", [AZ_B]: "10.10.1.0/24" },
    private: { [AZ_A]: "10.10.10.0/24", [AZ_B]: "10.10.11.0/24" },
    glue: { [AZ_A]: "10.10.20.0/24", [AZ_B]: "10.10.21.0/24" },
    tgw: { [AZ_A]: "10.10.30.0/28", [AZ_B]: "10.10.30.16/28" },
  },
  dedicatedTiers: { tgw: { isolate: false, internetEgress: false } },
  flowLogs: { destination: "cloud-watch-logs", accountId: "111122223333", region: "eu-west-1" },
};

function build(props: Partial<NetworkVpcProps> = {}): { stack: TerraformStack; vpc: NetworkVpc } {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const vpc = new NetworkVpc(stack, "vpc", { ...baseProps, ...props });
  return { stack, vpc };
}

function parse(synth: string): Resources {
  return JSON.parse(synth).resource as Resources;
}

/** Logical id of the resource of `type` whose construct id is `id` (inside the `vpc` construct). */
function logicalId(res: Resources, type: string, id: string): string {
  // cdktf drops a construct id repeated from its parent ("vpc/vpc" → "vpc_<hash>").
  const prefix = id === "vpc" ? "vpc_" : `vpc_${id}_`;
  const keys = Object.keys(res[type] ?? {}).filter(
    (k) => k.startsWith(prefix) && /^[0-9A-F]{8}$/.test(k.slice(prefix.length)),
  );
  expect(keys).toHaveLength(1);
  return keys[0];
}

function ref(res: Resources, type: string, id: string, attr = "id"): string {
  return `\${${type}.${logicalId(res, type, id)}.${attr}}`;
}

function get(res: Resources, type: string, id: string): Record<string, unknown> {
  return res[type][logicalId(res, type, id)];
}

describe("NetworkVpc: public, private and dedicated tiers, NAT per AZ, flow logs to CloudWatch", () => {
  let synth: string;
  let res: Resources;
  let vpc: NetworkVpc;

  beforeAll(() => {
    const built = build();
    vpc = built.vpc;
    synth = Testing.synth(built.stack);
    res = parse(synth);
  });

  it("creates the VPC with DNS support and hostnames", () => {
    expect(synth).toHaveResourceWithProperties(Vpc, {
      cidr_block: "10.10.0.0/16",
      enable_dns_support: true,
      enable_dns_hostnames: true,
    });
  });

  it("creates every subnet in its AZ and CIDR without public IPs on launch", () => {
    const subnets = Object.values(res.aws_subnet);
    expect(subnets).toHaveLength(8);
    for (const [tier, perAz] of Object.entries(baseProps.subnets)) {
      for (const [az, cidr] of Object.entries(perAz)) {
        const s = get(res, "aws_subnet", `subnet-${tier}-${az}`);
        expect(s).toMatchObject({ availability_zone: az, cidr_block: cidr, map_public_ip_on_launch: false });
      }
    }
  });

  it("creates an internet gateway and one NAT gateway with a VPC EIP per AZ, after the IGW", () => {
    expect(synth).toHaveResource(InternetGateway);
    expect(Object.keys(res.aws_eip)).toHaveLength(2);
    expect(synth).toHaveResourceWithProperties(Eip, { domain: "vpc" });
    for (const az of [AZ_A, AZ_B]) {
      const nat = get(res, "aws_nat_gateway", `nat-${az}`);
      expect(nat.subnet_id).toBe(ref(res, "aws_subnet", `subnet-public-${az}`));
      expect(nat.allocation_id).toBe(ref(res, "aws_eip", `nat-eip-${az}`, "allocation_id"));
      expect(nat.depends_on).toEqual([
        `aws_internet_gateway.${logicalId(res, "aws_internet_gateway", "igw")}`,
      ]);
    }
  });

  it("routes the public table to the IGW and each private/glue table to its own AZ's NAT", () => {
    expect(get(res, "aws_route", "route-public-default")).toMatchObject({
      route_table_id: ref(res, "aws_route_table", "rt-public"),
      destination_cidr_block: "0.0.0.0/0",
      gateway_id: ref(res, "aws_internet_gateway", "igw"),
    });
    for (const tier of ["private", "glue"]) {
      for (const az of [AZ_A, AZ_B]) {
        expect(get(res, "aws_route", `route-${tier}-${az}-default`)).toMatchObject({
          route_table_id: ref(res, "aws_route_table", `rt-${tier}-${az}`),
          destination_cidr_block: "0.0.0.0/0",
          nat_gateway_id: ref(res, "aws_nat_gateway", `nat-${az}`),
        });
      }
    }
  });

  it("gives a dedicated tier without internet egress no default route, and associates every subnet", () => {
    const routeKeys = Object.keys(res.aws_route);
    expect(routeKeys.filter((k) => k.includes("tgw"))).toEqual([]);
    expect(routeKeys).toHaveLength(5);
    expect(Object.keys(res.aws_route_table)).toHaveLength(7);
    for (const tier of ["private", "glue", "tgw"]) {
      for (const az of [AZ_A, AZ_B]) {
        expect(get(res, "aws_route_table_association", `rta-${tier}-${az}`)).toMatchObject({
          route_table_id: ref(res, "aws_route_table", `rt-${tier}-${az}`),
          subnet_id: ref(res, "aws_subnet", `subnet-${tier}-${az}`),
        });
      }
    }
    for (const az of [AZ_A, AZ_B]) {
      expect(get(res, "aws_route_table_association", `rta-public-${az}`).route_table_id).toBe(
        ref(res, "aws_route_table", "rt-public"),
      );
    }
  });

  it("isolates the glue tier with a NACL: intra-tier and TCP return traffic in, everything out", () => {
    expect(Object.keys(res.aws_network_acl)).toHaveLength(1);
    const acl = get(res, "aws_network_acl", "nacl-glue");
    expect(acl.subnet_ids).toEqual([
      ref(res, "aws_subnet", `subnet-glue-${AZ_A}`),
      ref(res, "aws_subnet", `subnet-glue-${AZ_B}`),
    ]);
    const ingress = (acl.ingress as Record<string, unknown>[]).map((r) => ({
      rule_no: r.rule_no,
      action: r.action,
      protocol: r.protocol,
      cidr_block: r.cidr_block,
      from_port: r.from_port,
      to_port: r.to_port,
    }));
    expect(ingress).toEqual([
      {
        rule_no: 100,
        action: "allow",
        protocol: "-1",
        cidr_block: "10.10.20.0/24",
        from_port: 0,
        to_port: 0,
      },
      {
        rule_no: 101,
        action: "allow",
        protocol: "-1",
        cidr_block: "10.10.21.0/24",
        from_port: 0,
        to_port: 0,
      },
      {
        rule_no: 200,
        action: "allow",
        protocol: "6",
        cidr_block: "0.0.0.0/0",
        from_port: 1024,
        to_port: 65535,
      },
    ]);
    expect(acl.egress).toEqual([
      expect.objectContaining({ rule_no: 100, action: "allow", protocol: "-1", cidr_block: "0.0.0.0/0" }),
    ]);
  });

  it("owns the default security group with no rules", () => {
    const sg = get(res, "aws_default_security_group", "default-sg");
    expect(sg.vpc_id).toBe(ref(res, "aws_vpc", "vpc"));
    expect(sg.ingress).toEqual([]);
    expect(sg.egress).toEqual([]);
    expect(synth).toHaveResource(DefaultSecurityGroup);
  });

  it("sends flow logs to a KMS-encrypted log group with retention", () => {
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/aws/vpc/flow-logs/ml",
      retention_in_days: 365,
      kms_key_id: ref(res, "aws_kms_key", "flow-logs-key", "arn"),
    });
    expect(synth).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true });
    expect(synth).toHaveResourceWithProperties(FlowLog, {
      vpc_id: ref(res, "aws_vpc", "vpc"),
      log_destination_type: "cloud-watch-logs",
      log_destination: ref(res, "aws_cloudwatch_log_group", "flow-logs-group", "arn"),
      iam_role_arn: ref(res, "aws_iam_role", "flow-logs-role", "arn"),
      traffic_type: "ALL",
    });
  });

  it("lets only CloudWatch Logs use the key, and only for this log group", () => {
    const policy = JSON.parse(get(res, "aws_kms_key", "flow-logs-key").policy as string);
    const logs = policy.Statement.find((s: { Sid: string }) => s.Sid === "CloudWatchLogsUsesKeyForThisGroup");
    expect(logs.Principal).toEqual({ Service: "logs.eu-west-1.amazonaws.com" });
    expect(logs.Condition).toEqual({
      ArnEquals: {
        "kms:EncryptionContext:aws:logs:arn":
          "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/vpc/flow-logs/ml",
      },
    });
    const admin = policy.Statement.find((s: { Sid: string }) => s.Sid === "AccountAdministers");
    expect(admin.Principal).toEqual({ AWS: "arn:aws:iam::111122223333:root" });
  });

  it("scopes the flow-logs role to its log group and to this account's flow logs", () => {
    // IAM names are global: the region keeps same-named VPCs in two regions apart.
    expect(get(res, "aws_iam_role", "flow-logs-role").name).toBe("ml-eu-west-1-vpc-flow-logs");
    const trust = JSON.parse(get(res, "aws_iam_role", "flow-logs-role").assume_role_policy as string);
    expect(trust.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": "111122223333" },
          ArnLike: { "aws:SourceArn": "arn:aws:ec2:eu-west-1:111122223333:vpc-flow-log/*" },
        },
      },
    ]);
    const policy = JSON.parse(get(res, "aws_iam_role_policy", "flow-logs-policy").policy as string);
    const groupArn = ref(res, "aws_cloudwatch_log_group", "flow-logs-group", "arn");
    expect(policy.Statement).toEqual([
      {
        Sid: "WriteThisLogGroupOnly",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [groupArn, `${groupArn}:*`],
      },
    ]);
    expect(synth).toHaveResource(IamRole);
  });

  it("exposes ids keyed by tier and AZ", () => {
    expect(Object.keys(vpc.subnetIds)).toEqual(["public", "private", "glue", "tgw"]);
    expect(Object.keys(vpc.subnetIds.glue)).toEqual([AZ_A, AZ_B]);
    expect(vpc.routeTableIds.public[AZ_A]).toBe(vpc.routeTableIds.public[AZ_B]);
    expect(vpc.routeTableIds.private[AZ_A]).not.toBe(vpc.routeTableIds.private[AZ_B]);
    expect(Object.keys(vpc.natGatewayIds)).toEqual([AZ_A, AZ_B]);
    expect(Object.keys(vpc.natPublicIps)).toEqual([AZ_A, AZ_B]);
    expect(Object.keys(vpc.natEipAllocationIds)).toEqual([AZ_A, AZ_B]);
    expect(Object.keys(vpc.natEipIds)).toEqual([AZ_A, AZ_B]);
    expect(Object.keys(vpc.networkAclIds)).toEqual(["glue"]);
    expect(vpc.natGatewayMode).toBe("per-az");
  });

  it("lists route tables of chosen tiers by name, the shared public table once", () => {
    const rts = vpc.routeTableIdsForTiers(["public", "private"]);
    expect(Object.keys(rts)).toEqual(["public", `private-${AZ_A}`, `private-${AZ_B}`]);
    expect(rts.public).toBe(vpc.routeTableIds.public[AZ_A]);
    expect(rts[`private-${AZ_B}`]).toBe(vpc.routeTableIds.private[AZ_B]);
  });
});

describe("NetworkVpc: single NAT gateway", () => {
  let res: Resources;
  beforeAll(() => {
    res = parse(Testing.synth(build({ natGateways: "single" }).stack));
  });

  it("creates one NAT in the first AZ and routes every private AZ through it", () => {
    expect(Object.keys(res.aws_nat_gateway)).toHaveLength(1);
    expect(Object.keys(res.aws_eip)).toHaveLength(1);
    for (const az of [AZ_A, AZ_B]) {
      expect(get(res, "aws_route", `route-private-${az}-default`).nat_gateway_id).toBe(
        ref(res, "aws_nat_gateway", `nat-${AZ_A}`),
      );
    }
  });
});

describe("NetworkVpc: private only, flow logs to S3", () => {
  let synth: string;
  let res: Resources;
  let vpc: NetworkVpc;
  beforeAll(() => {
    const built = build({
      subnets: { private: { [AZ_A]: "10.10.10.0/24", [AZ_B]: "10.10.11.0/24" } },
      dedicatedTiers: undefined,
      flowLogs: { destination: "s3", bucketArn: "arn:aws:s3:::central-flow-logs/ml", fileFormat: "parquet" },
    });
    vpc = built.vpc;
    synth = Testing.synth(built.stack);
    res = parse(synth);
  });

  it("defaults to no NAT and no IGW, and adds no default route", () => {
    expect(vpc.natGatewayMode).toBe("none");
    expect(synth).not.toHaveResource(InternetGateway);
    expect(synth).not.toHaveResource(NatGateway);
    expect(res.aws_route).toBeUndefined();
    expect(vpc.internetGatewayId).toBeUndefined();
  });

  it("delivers flow logs to the bucket without a role or log group", () => {
    expect(synth).toHaveResourceWithProperties(FlowLog, {
      log_destination_type: "s3",
      log_destination: "arn:aws:s3:::central-flow-logs/ml",
      destination_options: { file_format: "parquet" },
    });
    expect(get(res, "aws_flow_log", "flow-log").iam_role_arn).toBeUndefined();
    expect(synth).not.toHaveResource(IamRole);
    expect(synth).not.toHaveResource(CloudwatchLogGroup);
  });
});

describe("NetworkVpc: flow-log variants", () => {
  it("uses a caller-provided KMS key instead of creating one", () => {
    const keyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const synth = Testing.synth(
      build({
        flowLogs: {
          destination: "cloud-watch-logs",
          accountId: "111122223333",
          region: "eu-west-1",
          kmsKeyArn: keyArn,
          retentionInDays: 90,
        },
      }).stack,
    );
    expect(synth).not.toHaveResource(KmsKey);
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      kms_key_id: keyArn,
      retention_in_days: 90,
    });
  });

  it("creates no flow log when explicitly disabled", () => {
    const synth = Testing.synth(build({ flowLogs: { destination: "none" } }).stack);
    expect(synth).not.toHaveResource(FlowLog);
    expect(synth).not.toHaveResource(KmsKey);
  });
});

describe("NetworkVpc: validation", () => {
  const privateOnly = { private: { [AZ_A]: "10.10.10.0/24" } };

  it.each<[string, Partial<NetworkVpcProps>, RegExp]>([
    [
      "host bits in the VPC CIDR",
      { cidr: "10.10.0.1/16" },
      /invalid cidr = "10.10.0.1\/16".*Fix: use the network address 10.10.0.0\/16/,
    ],
    [
      "a subnet outside the VPC",
      { subnets: { private: { [AZ_A]: "10.11.0.0/24" } } },
      /subnets\.private\.eu-west-1a.*not inside the VPC CIDR.*Fix: choose a subnet within/,
    ],
    [
      "overlapping subnets",
      {
        subnets: { private: { [AZ_A]: "10.10.0.0/23" }, glue: { [AZ_B]: "10.10.1.0/24" } },
        dedicatedTiers: undefined,
      },
      /subnets\.glue\.eu-west-1b.*overlaps subnets\.private\.eu-west-1a.*Fix: give every subnet its own/,
    ],
    [
      "a subnet in an unknown AZ",
      { subnets: { private: { "eu-west-1c": "10.10.0.0/24" } } },
      /subnets\.private\.eu-west-1c.*not in azs.*Fix: add "eu-west-1c" to azs/,
    ],
    [
      "a malformed subnet CIDR",
      { subnets: { private: { [AZ_A]: "10.10.0.0/33" } } },
      /subnets\.private\.eu-west-1a.*IPv4 network address.*Fix: write it as/,
    ],
    [
      "NAT without public subnets",
      { subnets: privateOnly, dedicatedTiers: undefined, natGateways: "single" },
      /natGateways = "single".*need a public subnet.*Fix: add subnets\.public/,
    ],
    [
      "per-AZ NAT with a private AZ lacking a public subnet",
      {
        subnets: {
          public: { [AZ_A]: "10.10.0.0/24" },
          private: { [AZ_A]: "10.10.10.0/24", [AZ_B]: "10.10.11.0/24" },
        },
        dedicatedTiers: undefined,
      },
      /natGateways = "per-az".*public subnet in eu-west-1b for subnets\.private\.eu-west-1b.*Fix: add subnets\.public\["eu-west-1b"\] or set natGateways to "single"/,
    ],
    [
      "an unknown NAT mode",
      { natGateways: "two" as never },
      /natGateways = "two".*Fix: use one of the allowed values/,
    ],
    [
      "options for a tier that does not exist",
      { dedicatedTiers: { nope: {} } },
      /dedicatedTiers = "nope".*Fix: remove the entry or add the tier/,
    ],
    [
      "options for the private tier",
      { dedicatedTiers: { private: { isolate: false } } },
      /dedicatedTiers = "private".*Fix: remove the entry/,
    ],
    [
      "a bad tier name",
      { subnets: { Glue_1: { [AZ_A]: "10.10.0.0/24" } }, dedicatedTiers: undefined },
      /subnets = "Glue_1".*Fix: rename the tier/,
    ],
    [
      "a tier with no subnets",
      { subnets: { private: {} }, dedicatedTiers: undefined },
      /subnets\.private.*has no subnets.*Fix: give at least one AZ/,
    ],
    ["no tiers", { subnets: {}, dedicatedTiers: undefined }, /invalid subnets.*at least one tier.*Fix: add/],
    ["empty azs", { azs: [] }, /invalid azs = \[\].*Fix: give at least one entry in azs/],
    [
      "duplicate azs",
      { azs: [AZ_A, AZ_A] },
      /invalid azs = "eu-west-1a": appears more than once.*Fix: remove the duplicate/,
    ],
    ["a bad name", { name: "ml vpc" }, /invalid name = "ml vpc".*Fix: use a short kebab-case name/],
    [
      "a bad flow-log account",
      { flowLogs: { destination: "cloud-watch-logs", accountId: "1234", region: "eu-west-1" } },
      /flowLogs\.accountId = "1234".*Fix: quote it as a 12-digit string/,
    ],
    [
      "a bad flow-log region",
      { flowLogs: { destination: "cloud-watch-logs", accountId: "111122223333", region: "Ireland" } },
      /flowLogs\.region = "Ireland".*Fix: use e\.g\. "eu-west-1"/,
    ],
    [
      "an unsupported retention",
      {
        flowLogs: {
          destination: "cloud-watch-logs",
          accountId: "111122223333",
          region: "eu-west-1",
          retentionInDays: 10,
        },
      },
      /flowLogs\.retentionInDays = 10.*Fix: pick the nearest value/,
    ],
    [
      "a non-KMS key ARN",
      {
        flowLogs: {
          destination: "cloud-watch-logs",
          accountId: "111122223333",
          region: "eu-west-1",
          kmsKeyArn: "arn:aws:s3:::bucket",
        },
      },
      /flowLogs\.kmsKeyArn.*must be an kms ARN.*Fix: give the full ARN/,
    ],
    [
      "a non-S3 bucket ARN",
      { flowLogs: { destination: "s3", bucketArn: "central-flow-logs" } },
      /flowLogs\.bucketArn = "central-flow-logs".*Fix: give the full ARN, e\.g\. arn:aws:s3/,
    ],
    [
      "subnet tags for a tier that does not exist",
      { subnetTags: { emr: { "for-use-with-amazon-emr-managed-policies": "true" } } },
      /subnetTags = "emr".*must name a tier present in subnets/,
    ],
    [
      "an unknown flow-log destination",
      { flowLogs: { destination: "kinesis" } as never },
      /flowLogs\.destination = "kinesis".*Fix: use one of the allowed values/,
    ],
  ])("rejects %s", (_label, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  it("rejects an unknown tier in routeTableIdsForTiers", () => {
    const { vpc } = build();
    expect(() => vpc.routeTableIdsForTiers(["data"])).toThrow(
      /routeTableIdsForTiers\(tiers\) = "data".*Fix: pass tier names used in props\.subnets/,
    );
  });
});

describe("NetworkVpc: subnetTags", () => {
  it("tags only the subnets of the named tier, keeping the module's Name and Tier", () => {
    const { stack } = build({
      tags: { Team: "data" },
      subnetTags: {
        private: { "for-use-with-amazon-emr-managed-policies": "true", Name: "ignored", Tier: "ignored" },
      },
    });
    const res = parse(Testing.synth(stack));
    for (const az of [AZ_A, AZ_B]) {
      expect(get(res, "aws_subnet", `subnet-private-${az}`).tags).toEqual({
        Team: "data",
        "for-use-with-amazon-emr-managed-policies": "true",
        Name: `ml-private-${az}`,
        Tier: "private",
      });
      for (const tier of ["public", "glue", "tgw"])
        expect(get(res, "aws_subnet", `subnet-${tier}-${az}`).tags).toEqual({
          Team: "data",
          Name: `ml-${tier}-${az}`,
          Tier: tier,
        });
    }
  });
});

describe("planInternetRouting (pure) and NetworkVpc.internetRouting", () => {
  it("per-az: each egress tier uses its own AZ's NAT; TGW tiers without egress get no default route", () => {
    expect(planInternetRouting({ ...baseProps, natGateways: "per-az" })).toEqual({
      natGatewayAzs: [AZ_A, AZ_B],
      defaultRoutes: {
        public: { [AZ_A]: { kind: "internet-gateway" }, [AZ_B]: { kind: "internet-gateway" } },
        private: { [AZ_A]: { kind: "nat-gateway", az: AZ_A }, [AZ_B]: { kind: "nat-gateway", az: AZ_B } },
        glue: { [AZ_A]: { kind: "nat-gateway", az: AZ_A }, [AZ_B]: { kind: "nat-gateway", az: AZ_B } },
      },
    });
  });

  it("single: every AZ uses the NAT gateway of the first AZ with a public subnet; none: no NAT routes", () => {
    const single = planInternetRouting({ ...baseProps, natGateways: "single" });
    expect(single.natGatewayAzs).toEqual([AZ_A]);
    expect(single.defaultRoutes.private[AZ_B]).toEqual({ kind: "nat-gateway", az: AZ_A });
    const none = planInternetRouting({ ...baseProps, natGateways: "none" });
    expect(none.natGatewayAzs).toEqual([]);
    expect(Object.keys(none.defaultRoutes)).toEqual(["public"]);
  });

  it("renders exactly the routing it is given: a table left out of defaultRoutes gets no default route", () => {
    const plan = planInternetRouting(baseProps);
    const { stack } = build({
      internetRouting: {
        ...plan,
        defaultRoutes: { ...plan.defaultRoutes, private: { [AZ_A]: plan.defaultRoutes.private[AZ_A] } },
      },
    });
    const res = parse(Testing.synth(stack));
    const defaults = Object.values(res.aws_route).map((r) => r.route_table_id);
    expect(defaults).toContain(ref(res, "aws_route_table", `rt-private-${AZ_A}`));
    expect(defaults).not.toContain(ref(res, "aws_route_table", `rt-private-${AZ_B}`));
  });

  const plan = planInternetRouting(baseProps);
  it.each<[string, NetworkVpcProps["internetRouting"], RegExp]>([
    [
      "a NAT gateway in an AZ without a public subnet",
      { ...plan, natGatewayAzs: ["eu-west-1c"] },
      /internetRouting\.natGatewayAzs\[0\] = "eu-west-1c": has no public subnet.*Fix: add subnets\.public/,
    ],
    [
      "a default route to a NAT gateway that is not planned",
      { natGatewayAzs: [AZ_A], defaultRoutes: { private: { [AZ_B]: { kind: "nat-gateway", az: AZ_B } } } },
      /internetRouting\.defaultRoutes\.private\.eu-west-1b.*not in internetRouting\.natGatewayAzs \(eu-west-1a\)/,
    ],
    [
      "a default route for a table that does not exist",
      { natGatewayAzs: [AZ_A], defaultRoutes: { data: { [AZ_A]: { kind: "nat-gateway", az: AZ_A } } } },
      /internetRouting\.defaultRoutes\.data\.eu-west-1a.*no subnets\.data/,
    ],
    [
      "a private tier routed to the internet gateway",
      { natGatewayAzs: [], defaultRoutes: { private: { [AZ_A]: { kind: "internet-gateway" } } } },
      /defaultRoutes\.private\.eu-west-1a.*targets the internet gateway from a non-public tier/,
    ],
    [
      "a public table routed in some of its AZs only",
      { natGatewayAzs: [], defaultRoutes: { public: { [AZ_A]: { kind: "internet-gateway" } } } },
      /defaultRoutes\.public.*shares one route table/,
    ],
  ])("fails when given %s", (_what, internetRouting, message) => {
    expect(() => build({ internetRouting })).toThrow(message);
  });
});
