import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { FlowSecurityGroups, FlowSecurityGroupsProps } from "@multicloud-platform/modules/flow-rules";

function synth(overrides: Partial<FlowSecurityGroupsProps> = {}): any {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  const src = new AwsProvider(stack, "src", { alias: "src", region: "us-east-1" });
  const dst = new AwsProvider(stack, "dst", { alias: "dst", region: "us-west-2" });
  new FlowSecurityGroups(stack, "flow", {
    name: "ml-warehouse",
    description: "ML notebooks to Redshift",
    protocol: "tcp",
    ports: [{ from: 5439, to: 5439 }],
    source: { vpcId: "vpc-0aaa", provider: src, egressCidrs: { "us-east-1a": "10.16.16.0/20" } },
    destination: {
      vpcId: "vpc-0bbb",
      provider: dst,
      ingressCidrs: { "us-east-1a": "10.8.16.0/20", "us-east-1b": "10.8.32.0/20" },
    },
    ...overrides,
  });
  return JSON.parse(Testing.synth(stack));
}

describe("FlowSecurityGroups", () => {
  test("a source group with egress only and a destination group with ingress only, each with its side's provider", () => {
    const r = synth().resource;
    const sgs = Object.values<any>(r.aws_security_group);
    expect(sgs.map((s) => [s.name, s.provider, s.vpc_id]).sort()).toEqual([
      ["ml-warehouse-dst", "aws.dst", "vpc-0bbb"],
      ["ml-warehouse-src", "aws.src", "vpc-0aaa"],
    ]);
    for (const sg of sgs) {
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress).toBeUndefined();
    }
    const ingress = Object.values<any>(r.aws_vpc_security_group_ingress_rule);
    expect(ingress.map((x) => [x.provider, x.cidr_ipv4, x.ip_protocol, x.from_port, x.to_port])).toEqual([
      ["aws.dst", "10.8.16.0/20", "tcp", 5439, 5439],
      ["aws.dst", "10.8.32.0/20", "tcp", 5439, 5439],
    ]);
    const egress = Object.values<any>(r.aws_vpc_security_group_egress_rule);
    expect(egress.map((x) => [x.provider, x.cidr_ipv4, x.from_port, x.to_port])).toEqual([
      ["aws.src", "10.16.16.0/20", 5439, 5439],
    ]);
  });

  test("construct ids are keyed by the given names, not list positions", () => {
    const keys = Object.keys(synth().resource.aws_vpc_security_group_ingress_rule);
    expect(keys).toEqual([
      expect.stringMatching(/^flow_ingress-us-east-1a-tcp-5439_/),
      expect.stringMatching(/^flow_ingress-us-east-1b-tcp-5439_/),
    ]);
  });

  test("without a destination only the source group exists; prefix lists are egress targets", () => {
    const r = synth({
      destination: undefined,
      source: { vpcId: "vpc-0aaa", egressPrefixListIds: { s3: "pl-63a5400a" } },
      ports: [{ from: 443, to: 443 }],
    }).resource;
    expect(Object.keys(r.aws_security_group)).toHaveLength(1);
    expect(r.aws_vpc_security_group_ingress_rule).toBeUndefined();
    expect(Object.values<any>(r.aws_vpc_security_group_egress_rule)[0]).toMatchObject({
      prefix_list_id: "pl-63a5400a",
      from_port: 443,
    });
  });

  test("without a source (a flow from a partner's network) only the destination group exists", () => {
    const r = synth({ source: undefined }).resource;
    expect(Object.values<any>(r.aws_security_group).map((s) => s.name)).toEqual(["ml-warehouse-dst"]);
    expect(r.aws_vpc_security_group_egress_rule).toBeUndefined();
    expect(Object.keys(r.aws_vpc_security_group_ingress_rule)).toHaveLength(2);
  });

  test.each([
    ["neither side", { source: undefined, destination: undefined }, /and destination are both missing/],
    [
      "0.0.0.0/0 ingress",
      { destination: { vpcId: "v", ingressCidrs: { any: "0.0.0.0/0" } } },
      /opens the destination to the whole internet/,
    ],
    ["bad port range", { ports: [{ from: 10, to: 5 }] }, /ports\[0\]/],
    ["no ports", { ports: [] }, /ports/],
    ["no egress target", { source: { vpcId: "v" } }, /has no egress destination/],
    [
      "host bits",
      { source: { vpcId: "v", egressCidrs: { a: "10.0.0.1/16" } } },
      /network address 10\.0\.0\.0\/16/,
    ],
  ])("rejects %s", (_what, overrides, message) => {
    expect(() => synth(overrides as Partial<FlowSecurityGroupsProps>)).toThrow(message);
  });
});
