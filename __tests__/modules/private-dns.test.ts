import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { PrivateHostedZone, PrivateHostedZoneProps } from "@multicloud-platform/modules/private-dns";
import { resourcesOfType } from "../helpers/synth";

function build(over: Partial<PrivateHostedZoneProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  const data = new AwsProvider(stack, "data", { region: "us-east-1", alias: "data" });
  const ml = new AwsProvider(stack, "ml", { region: "us-east-1", alias: "ml" });
  const zone = new PrivateHostedZone(stack, "zone", {
    domain: "warehouse.internal",
    provider: data,
    primaryVpc: { vpcId: "vpc-0aaaaaaaaaaaaaaaa", region: "us-east-1" },
    vpcs: {
      reporting: { vpcId: "vpc-0bbbbbbbbbbbbbbbb", region: "us-west-2" },
      ml: { vpcId: "vpc-0cccccccccccccccc", region: "us-east-1", ownerProvider: ml },
    },
    partnerVpcs: { astro: { vpcId: "vpc-0dddddddddddddddd", region: "us-east-1" } },
    ...over,
  });
  return { zone, synth: Testing.synth(stack) };
}

describe("PrivateHostedZone", () => {
  const { zone, synth } = build();

  test("is created with the owner's VPC and ignores later changes to its vpc set", () => {
    const [z] = resourcesOfType(synth, "aws_route53_zone");
    expect(z).toMatchObject({
      name: "warehouse.internal",
      provider: "aws.data",
      vpc: [{ vpc_id: "vpc-0aaaaaaaaaaaaaaaa", vpc_region: "us-east-1" }],
      lifecycle: { ignore_changes: ["vpc"] },
    });
  });

  test("same account: associated with the zone's provider, no authorization", () => {
    const a = resourcesOfType(synth, "aws_route53_zone_association").find(
      (x) => x.vpc_id === "vpc-0bbbbbbbbbbbbbbbb",
    )!;
    expect(a).toMatchObject({ provider: "aws.data", vpc_region: "us-west-2" });
    expect(a.depends_on).toBeUndefined();
  });

  test("another account: the owner authorizes, the VPC owner associates after it", () => {
    const auths = resourcesOfType(synth, "aws_route53_vpc_association_authorization");
    expect(auths.map((x) => [x.vpc_id, x.provider, x.vpc_region]).sort()).toEqual([
      ["vpc-0cccccccccccccccc", "aws.data", "us-east-1"],
      ["vpc-0dddddddddddddddd", "aws.data", "us-east-1"],
    ]);
    const a = resourcesOfType(synth, "aws_route53_zone_association").find(
      (x) => x.vpc_id === "vpc-0cccccccccccccccc",
    )!;
    expect(a.provider).toBe("aws.ml");
    expect(a.depends_on).toEqual([
      expect.stringMatching(/^aws_route53_vpc_association_authorization\.zone_authorization-ml_/),
    ]);
  });

  test("a partner VPC: authorized only, with the command the partner runs", () => {
    expect(resourcesOfType(synth, "aws_route53_zone_association").map((x) => x.vpc_id)).not.toContain(
      "vpc-0dddddddddddddddd",
    );
    expect(zone.partnerAssociationCommands.astro).toMatch(
      /^aws route53 associate-vpc-with-hosted-zone --hosted-zone-id \$\{TfToken\[TOKEN\.\d+\]\} --vpc VPCRegion=us-east-1,VPCId=vpc-0dddddddddddddddd$/,
    );
  });

  test.each<[string, Partial<PrivateHostedZoneProps>, RegExp]>([
    [
      "a domain with a trailing dot",
      { domain: "warehouse.internal." },
      /invalid domain = "warehouse.internal.": must be a domain name/,
    ],
    [
      "a malformed VPC id",
      { primaryVpc: { vpcId: "vpc-1", region: "us-east-1" } },
      /invalid primaryVpc\.vpcId = "vpc-1"/,
    ],
    [
      "a bad region",
      { partnerVpcs: { p: { vpcId: "vpc-0dddddddddddddddd", region: "east" } } },
      /invalid partnerVpcs\.p\.region = "east"/,
    ],
    [
      "a key that cannot be an address",
      { vpcs: { "a b": { vpcId: "vpc-0bbbbbbbbbbbbbbbb", region: "us-east-1" } } },
      /invalid vpcs = "a b"/,
    ],
  ])("fails when given %s", (_what, over, message) => {
    expect(() => build(over)).toThrow(message);
  });
});
