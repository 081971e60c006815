import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcEndpointService } from "@cdktf/provider-aws/lib/vpc-endpoint-service";
import { TerraformStack, Testing } from "cdktf";
import { policyDocument } from "@multicloud-platform/modules/core";
import {
  INTERFACE_ENDPOINT_SERVICES,
  InterfaceServiceKey,
  interfaceServiceName,
  gatewayServiceName,
  PrivateLinkEndpoints,
  PrivateLinkEndpointsProps,
  STANDARD_INTERFACE_SERVICES,
} from "@multicloud-platform/modules/privatelink";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const NLB_ARN =
  "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/orders-api/50dc6c495c0c9188";
const S3_POLICY = policyDocument({
  Sid: "ReadDataBucket",
  Effect: "Allow",
  Principal: "*",
  Action: ["s3:GetObject", "s3:ListBucket"],
  Resource: ["arn:aws:s3:::ml-data", "arn:aws:s3:::ml-data/*"],
});

const baseProps: PrivateLinkEndpointsProps = {
  name: "ml",
  vpcId: "vpc-0123456789abcdef0",
  vpcCidr: "10.10.0.0/16",
  region: "eu-west-1",
  allowedCidrs: ["10.20.0.0/16", "192.168.0.0/20"],
  subnetIds: { "eu-west-1b": "subnet-bbbb", "eu-west-1a": "subnet-aaaa" },
  routeTableIds: { "private-eu-west-1a": "rtb-aaaa", "private-eu-west-1b": "rtb-bbbb" },
  gateway: ["s3"],
  interface: [
    ...STANDARD_INTERFACE_SERVICES,
    "sagemaker-api",
    "sagemaker-runtime",
    "sagemaker-notebook",
    "sagemaker-studio",
    "glue",
    "secretsmanager",
  ],
  policies: { s3: S3_POLICY },
  endpointService: {
    networkLoadBalancerArns: [NLB_ARN],
    allowedPrincipals: ["arn:aws:iam::222222222222:root"],
  },
};

function build(props: Partial<PrivateLinkEndpointsProps> = {}): {
  stack: TerraformStack;
  endpoints: PrivateLinkEndpoints;
} {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const endpoints = new PrivateLinkEndpoints(stack, "endpoints", { ...baseProps, ...props });
  return { stack, endpoints };
}

function endpointOf(res: Resources, serviceName: string): Record<string, unknown> {
  const found = Object.values(res.aws_vpc_endpoint).filter((e) => e.service_name === serviceName);
  expect(found).toHaveLength(1);
  return found[0];
}

describe("service catalog", () => {
  it("builds standard names under com.amazonaws.<region>", () => {
    expect(interfaceServiceName("ecr-dkr", "eu-west-1")).toBe("com.amazonaws.eu-west-1.ecr.dkr");
    expect(interfaceServiceName("ecr-api", "eu-west-1")).toBe("com.amazonaws.eu-west-1.ecr.api");
    expect(interfaceServiceName("sagemaker-runtime", "us-east-1")).toBe(
      "com.amazonaws.us-east-1.sagemaker.runtime",
    );
    expect(gatewayServiceName("dynamodb", "us-east-1")).toBe("com.amazonaws.us-east-1.dynamodb");
  });

  it("knows the SageMaker notebook and Studio exceptions", () => {
    expect(interfaceServiceName("sagemaker-notebook", "eu-west-1")).toBe("aws.sagemaker.eu-west-1.notebook");
    expect(interfaceServiceName("sagemaker-studio", "eu-west-1")).toBe("aws.sagemaker.eu-west-1.studio");
  });

  it("holds the required service keys", () => {
    const required: InterfaceServiceKey[] = [
      "sts",
      "ecr-api",
      "ecr-dkr",
      "elasticloadbalancing",
      "autoscaling",
      "sagemaker-api",
      "sagemaker-runtime",
      "sagemaker-notebook",
      "sagemaker-studio",
      "glue",
      "secretsmanager",
      "kms",
      "logs",
      "ssm",
      "athena",
      "monitoring",
    ];
    for (const key of required) expect(Object.keys(INTERFACE_ENDPOINT_SERVICES)).toContain(key);
  });
});

describe("PrivateLinkEndpoints: the data-platform set with an S3 gateway and an endpoint service", () => {
  let synth: string;
  let res: Resources;
  let endpoints: PrivateLinkEndpoints;
  let sgRef: string;

  beforeAll(() => {
    const built = build();
    endpoints = built.endpoints;
    synth = Testing.synth(built.stack);
    res = JSON.parse(synth).resource;
    sgRef = `\${aws_security_group.${Object.keys(res.aws_security_group)[0]}.id}`;
  });

  it("puts the S3 gateway endpoint on every given route table, with its policy", () => {
    const s3 = endpointOf(res, "com.amazonaws.eu-west-1.s3");
    expect(s3).toMatchObject({
      vpc_endpoint_type: "Gateway",
      vpc_id: "vpc-0123456789abcdef0",
      route_table_ids: ["rtb-aaaa", "rtb-bbbb"],
    });
    expect(JSON.parse(s3.policy as string)).toEqual(S3_POLICY);
    expect(s3.subnet_ids).toBeUndefined();
  });

  it("creates every interface endpoint with private DNS, one subnet per AZ and the endpoint SG", () => {
    const interfaces = Object.values(res.aws_vpc_endpoint).filter((e) => e.vpc_endpoint_type === "Interface");
    expect(interfaces).toHaveLength(11);
    for (const key of baseProps.interface!) {
      expect(endpointOf(res, interfaceServiceName(key, "eu-west-1"))).toMatchObject({
        vpc_endpoint_type: "Interface",
        private_dns_enabled: true,
        subnet_ids: ["subnet-aaaa", "subnet-bbbb"],
        security_group_ids: [sgRef],
      });
    }
    expect(synth).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: "aws.sagemaker.eu-west-1.notebook",
    });
    expect(endpointOf(res, "com.amazonaws.eu-west-1.sts").policy).toBeUndefined();
  });

  it("admits TCP 443 only from the VPC and the connected CIDRs, and allows no egress", () => {
    const rules = Object.values(res.aws_vpc_security_group_ingress_rule).map((r) => ({
      sg: r.security_group_id,
      proto: r.ip_protocol,
      from: r.from_port,
      to: r.to_port,
      cidr: r.cidr_ipv4,
    }));
    expect(rules).toEqual(
      ["10.10.0.0/16", "10.20.0.0/16", "192.168.0.0/20"].map((cidr) => ({
        sg: sgRef,
        proto: "tcp",
        from: 443,
        to: 443,
        cidr,
      })),
    );
    expect(synth).toHaveResourceWithProperties(SecurityGroup, {
      vpc_id: "vpc-0123456789abcdef0",
      name: "ml-vpc-endpoints",
    });
    const sg = Object.values(res.aws_security_group)[0];
    expect(sg.egress).toBeUndefined();
    expect(sg.ingress).toBeUndefined();
    expect(res.aws_vpc_security_group_egress_rule).toBeUndefined();
  });

  it("exposes our NLB service with acceptance required to the allowed principals only", () => {
    expect(synth).toHaveResourceWithProperties(VpcEndpointService, {
      network_load_balancer_arns: [NLB_ARN],
      acceptance_required: true,
      allowed_principals: ["arn:aws:iam::222222222222:root"],
    });
    expect(endpoints.endpointServiceName).toBeDefined();
  });

  it("exposes endpoint ids keyed by service key and the SG id", () => {
    expect(Object.keys(endpoints.endpointIds).sort()).toEqual(["s3", ...baseProps.interface!].sort());
    expect(endpoints.securityGroupId).toBeDefined();
  });
});

describe("PrivateLinkEndpoints: gateway endpoints only", () => {
  it("creates no security group and no interface endpoint", () => {
    const { stack, endpoints } = build({
      interface: [],
      gateway: ["s3", "dynamodb"],
      policies: {},
      endpointService: undefined,
      subnetIds: {},
    });
    const synth = Testing.synth(stack);
    expect(synth).not.toHaveResource(SecurityGroup);
    expect(synth).not.toHaveResource(VpcEndpointService);
    expect(synth).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: "com.amazonaws.eu-west-1.dynamodb",
      vpc_endpoint_type: "Gateway",
    });
    expect(endpoints.securityGroupId).toBeUndefined();
  });
});

describe("PrivateLinkEndpoints: single AZ and endpoint-service opt-outs", () => {
  it("allows one AZ when asked", () => {
    const synth = Testing.synth(
      build({ subnetIds: { "eu-west-1a": "subnet-aaaa" }, allowSingleAz: true }).stack,
    );
    expect(synth).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: "com.amazonaws.eu-west-1.sts",
      subnet_ids: ["subnet-aaaa"],
    });
  });

  it("lets the endpoint service skip acceptance when told explicitly", () => {
    const synth = Testing.synth(
      build({ endpointService: { networkLoadBalancerArns: [NLB_ARN], acceptanceRequired: false } }).stack,
    );
    expect(synth).toHaveResourceWithProperties(VpcEndpointService, {
      acceptance_required: false,
      allowed_principals: [],
    });
  });
});

describe("PrivateLinkEndpoints: validation", () => {
  it.each<[string, Partial<PrivateLinkEndpointsProps>, RegExp]>([
    [
      "a gateway endpoint for an interface-only service",
      { gateway: ["sts" as never] },
      /invalid gateway = "sts": gateway endpoints exist only for s3, dynamodb.*Fix: move "sts" to interface/,
    ],
    [
      "an unknown interface service",
      { interface: ["bigquery" as never] },
      /invalid interface = "bigquery": is not in the interface endpoint catalog.*Fix: use a catalog key/,
    ],
    [
      "S3 as an interface endpoint (gateway in this catalog)",
      { interface: ["s3" as never] },
      /invalid interface = "s3".*Fix: move "s3" to gateway/,
    ],
    [
      "a duplicate interface service",
      { interface: ["sts", "sts"] },
      /invalid interface = "sts": appears more than once/,
    ],
    [
      "interface endpoints in one AZ",
      { subnetIds: { "eu-west-1a": "subnet-aaaa" } },
      /invalid subnetIds.*fail with that AZ.*Fix: give subnets in at least two AZs, or set allowSingleAz: true/,
    ],
    [
      "interface endpoints without subnets",
      { subnetIds: {} },
      /invalid subnetIds = \{\}: interface endpoints need subnets.*Fix: pass one subnet per AZ/,
    ],
    [
      "gateway endpoints without route tables",
      { routeTableIds: {} },
      /invalid routeTableIds = \{\}.*Fix: pass the route tables/,
    ],
    [
      "a malformed extra CIDR",
      { allowedCidrs: ["10.20.0.0/33"] },
      /allowedCidrs\[0\] = "10.20.0.0\/33".*Fix: write it as/,
    ],
    [
      "the VPC CIDR repeated in allowedCidrs",
      { allowedCidrs: ["10.10.0.0/16"] },
      /allowedCidrs = "10.10.0.0\/16": appears more than once/,
    ],
    ["a bad VPC CIDR", { vpcCidr: "10.10.0.1/16" }, /vpcCidr.*Fix: use the network address 10.10.0.0\/16/],
    [
      "a China region",
      { region: "cn-north-1" },
      /invalid region = "cn-north-1".*outside the China partition/,
    ],
    ["a malformed region", { region: "Ireland" }, /invalid region = "Ireland".*Fix: use e\.g\. "eu-west-1"/],
    [
      "a policy for an endpoint not requested",
      { policies: { dynamodb: S3_POLICY } },
      /policies\.dynamodb.*not requested.*Fix: remove the policy or add the endpoint/,
    ],
    [
      "an endpoint service without NLBs",
      { endpointService: { networkLoadBalancerArns: [] } },
      /endpointService\.networkLoadBalancerArns = \[\].*Fix: give the ARN of the NLB/,
    ],
    [
      "an ALB behind the endpoint service",
      { endpointService: { networkLoadBalancerArns: [NLB_ARN.replace("/net/", "/app/")] } },
      /networkLoadBalancerArns\[0\].*must be a Network Load Balancer ARN.*Fix: front the service with an NLB/,
    ],
    [
      "a non-ELB ARN",
      { endpointService: { networkLoadBalancerArns: ["arn:aws:ec2:eu-west-1:111122223333:instance/i-1"] } },
      /networkLoadBalancerArns\[0\].*must be an elasticloadbalancing ARN/,
    ],
    [
      "a wildcard principal",
      {
        endpointService: {
          networkLoadBalancerArns: [NLB_ARN],
          allowedPrincipals: ["arn:aws:iam::222222222222:role/*"],
        },
      },
      /allowedPrincipals\[0\].*not a wildcard.*Fix: list the account root or role ARNs/,
    ],
    [
      "a principal that is not an ARN",
      { endpointService: { networkLoadBalancerArns: [NLB_ARN], allowedPrincipals: ["222222222222"] } },
      /allowedPrincipals\[0\] = "222222222222".*must be an iam ARN/,
    ],
    [
      "a bad name",
      { name: "ml endpoints" },
      /invalid name = "ml endpoints".*Fix: use a short kebab-case name/,
    ],
  ])("rejects %s", (_label, props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});
