import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { DnsResolver, DnsResolverProps } from "@multicloud-platform/modules/dns-resolver";
import { resourcesOfType } from "../helpers/synth";

function build(over: Partial<DnsResolverProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  const hub = new AwsProvider(stack, "hub", { region: "us-east-1", alias: "hub" });
  const spoke = new AwsProvider(stack, "spoke", { region: "us-east-1", alias: "spoke" });
  const resolver = new DnsResolver(stack, "dns", {
    name: "hub-east",
    provider: hub,
    vpcId: "vpc-0aaaaaaaaaaaaaaaa",
    subnetIds: { "us-east-1b": "subnet-b", "us-east-1a": "subnet-a" },
    inbound: {
      ips: { "us-east-1a": "10.0.16.10", "us-east-1b": "10.0.32.10" },
      allowedCidrs: { hub: "10.0.0.0/16" },
    },
    outbound: { targetCidrs: { hub: "10.0.0.0/16", astro: "10.200.16.10/32" } },
    rules: {
      warehouse: {
        domainName: "warehouse.internal",
        targetIps: "inbound",
        vpcs: { analytics: { vpcId: "vpc-0bbbbbbbbbbbbbbbb", provider: spoke } },
      },
      astro: {
        domainName: "astro.internal",
        targetIps: ["10.200.16.10"],
        vpcs: { own: { vpcId: "vpc-0cccccccccccccccc" } },
      },
    },
    shares: {
      spokes: { principals: ["222222222222"], rules: ["warehouse"] },
      partners: { principals: ["999988887777"], rules: ["astro"], allowExternalPrincipals: true },
    },
    ...over,
  });
  return { resolver, synth: Testing.synth(stack) };
}

describe("DnsResolver", () => {
  const { resolver, synth } = build();
  const endpoints = resourcesOfType(synth, "aws_route53_resolver_endpoint");

  test("inbound with fixed addresses per AZ, outbound with AWS-assigned ones; IPv4, Do53, own groups", () => {
    const inbound = endpoints.find((e) => e.direction === "INBOUND")!;
    expect(inbound).toMatchObject({
      ip_address: [
        { subnet_id: "subnet-a", ip: "10.0.16.10" },
        { subnet_id: "subnet-b", ip: "10.0.32.10" },
      ],
      resolver_endpoint_type: "IPV4",
      protocols: ["Do53"],
    });
    const outbound = endpoints.find((e) => e.direction === "OUTBOUND")!;
    expect(outbound.ip_address).toEqual([{ subnet_id: "subnet-a" }, { subnet_id: "subnet-b" }]);
    expect(inbound.security_group_ids).not.toEqual(outbound.security_group_ids);
  });

  test("groups: inbound admits TCP and UDP 53 from the allowed networks, outbound reaches the targets on both", () => {
    const ingress = resourcesOfType(synth, "aws_vpc_security_group_ingress_rule");
    expect(ingress.map((r) => `${r.ip_protocol} ${r.from_port}-${r.to_port} ${r.cidr_ipv4}`).sort()).toEqual([
      "tcp 53-53 10.0.0.0/16",
      "udp 53-53 10.0.0.0/16",
    ]);
    const egress = resourcesOfType(synth, "aws_vpc_security_group_egress_rule");
    expect(egress.map((r) => `${r.ip_protocol} ${r.cidr_ipv4}`).sort()).toEqual([
      "tcp 10.0.0.0/16",
      "tcp 10.200.16.10/32",
      "udp 10.0.0.0/16",
      "udp 10.200.16.10/32",
    ]);
    expect(
      resourcesOfType(synth, "aws_security_group").every(
        (g) => g.ingress === undefined && g.egress === undefined,
      ),
    ).toBe(true);
  });

  test("FORWARD rules through the outbound endpoint to the inbound addresses or the given ones", () => {
    const rules = resourcesOfType(synth, "aws_route53_resolver_rule");
    const byDomain = Object.fromEntries(rules.map((r) => [r.domain_name, r]));
    expect(byDomain["warehouse.internal"]).toMatchObject({
      rule_type: "FORWARD",
      target_ip: [
        { ip: "10.0.16.10", port: 53 },
        { ip: "10.0.32.10", port: 53 },
      ],
    });
    expect(byDomain["warehouse.internal"].resolver_endpoint_id).toMatch(
      /aws_route53_resolver_endpoint\.dns_outbound_/,
    );
    expect(byDomain["astro.internal"].target_ip).toEqual([{ ip: "10.200.16.10", port: 53 }]);
    expect(resolver.inboundIps).toEqual(["10.0.16.10", "10.0.32.10"]);
  });

  test("shares: the organization's without external principals, the partners' with them", () => {
    const shares = resourcesOfType(synth, "aws_ram_resource_share");
    expect(shares.map((s) => [s.name, s.allow_external_principals]).sort()).toEqual([
      ["hub-east-partners", true],
      ["hub-east-spokes", false],
    ]);
    expect(
      resourcesOfType(synth, "aws_ram_principal_association")
        .map((p) => p.principal)
        .sort(),
    ).toEqual(["222222222222", "999988887777"]);
  });

  test("associations: another account's with its provider after the share; the resolver account's at once", () => {
    const assoc = resourcesOfType(synth, "aws_route53_resolver_rule_association");
    const spoke = assoc.find((a) => a.vpc_id === "vpc-0bbbbbbbbbbbbbbbb")!;
    expect(spoke.provider).toBe("aws.spoke");
    expect(spoke.depends_on).toEqual([
      expect.stringMatching(/^aws_ram_resource_association\.dns_share-spokes-rule-warehouse_/),
      expect.stringMatching(/^aws_ram_principal_association\.dns_share-spokes-principal-222222222222_/),
    ]);
    const own = assoc.find((a) => a.vpc_id === "vpc-0cccccccccccccccc")!;
    expect(own.provider).toBe("aws.hub");
    expect(own.depends_on).toBeUndefined();
  });

  test.each<[string, Partial<DnsResolverProps>, RegExp]>([
    [
      "one AZ",
      { subnetIds: { "us-east-1a": "subnet-a" }, inbound: undefined, rules: {}, shares: {} },
      /invalid subnetIds = .*must name subnets in at least two AZs/,
    ],
    [
      "one inbound address",
      { inbound: { ips: { "us-east-1a": "10.0.16.10" }, allowedCidrs: { hub: "10.0.0.0/16" } } },
      /invalid inbound\.ips = .*must give at least two addresses/,
    ],
    [
      "an inbound address in an AZ without a subnet",
      {
        inbound: {
          ips: { "us-east-1a": "10.0.16.10", "us-east-1c": "10.0.48.10" },
          allowedCidrs: { hub: "10.0.0.0/16" },
        },
      },
      /invalid inbound\.ips\.us-east-1c = "10\.0\.48\.10": is in an AZ without a subnet/,
    ],
    [
      "DNS open to the world",
      {
        inbound: {
          ips: { "us-east-1a": "10.0.16.10", "us-east-1b": "10.0.32.10" },
          allowedCidrs: { any: "0.0.0.0/0" },
        },
      },
      /invalid inbound\.allowedCidrs\.any = "0\.0\.0\.0\/0": opens DNS/,
    ],
    [
      "a target the outbound group does not admit",
      { outbound: { targetCidrs: { hub: "10.0.0.0/16" } } },
      /invalid rules\.astro\.targetIps\[0\] = "10\.200\.16\.10": is not covered by outbound\.targetCidrs/,
    ],
    [
      "rules without an outbound endpoint",
      { outbound: undefined },
      /invalid rules\.warehouse = "warehouse\.internal": needs the outbound endpoint/,
    ],
    [
      "a share of an unknown rule",
      { shares: { x: { principals: ["222222222222"], rules: ["nope"] } } },
      /invalid shares\.x\.rules = "nope": is not a rule of this resolver/,
    ],
  ])("fails when given %s", (_what, over, message) => {
    expect(() => build(over)).toThrow(message);
  });
});
