import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import {
  PartnerPeeringAccepter,
  PartnerPeeringAccepterProps,
  PartnerPeeringRequester,
  PartnerPeeringRequesterProps,
  PartnerTransitGatewayAttachment,
  PartnerTransitGatewayAttachmentProps,
  PartnerTransitGatewayShare,
} from "@multicloud-platform/modules/partner-network";
import { TransitGatewayHub } from "@multicloud-platform/modules/transit-gateway";
import { resourcesOfType } from "../helpers/synth";

const PARTNER = "999988887777";
const OURS = "111111111111";

function stack() {
  const s = new TerraformStack(Testing.app(), "test");
  const provider = new AwsProvider(s, "aws", { region: "us-east-1" });
  return { s, provider };
}

const accepterProps = (over: Partial<PartnerPeeringAccepterProps> = {}): PartnerPeeringAccepterProps => ({
  name: "astro",
  peeringConnectionId: "pcx-0123456789abcdef0",
  vpcId: "vpc-0a1b2c3d4e5f67890",
  partnerVpcId: "vpc-1a2b3c4d",
  partnerAccountId: PARTNER,
  partnerCidrs: ["10.200.0.0/16", "10.201.0.0/16"],
  routeTableIds: { "private-a": "rtb-a", "private-b": "rtb-b" },
  allowRemoteVpcDnsResolution: true,
  ...over,
});

describe("PartnerPeeringAccepter", () => {
  const { s, provider } = stack();
  const p = new PartnerPeeringAccepter(s, "peer", { ...accepterProps(), provider });
  const synth = Testing.synth(s);
  const [accepter] = resourcesOfType(synth, "aws_vpc_peering_connection_accepter");

  test("accepts the partner's request by id with our side's DNS option only", () => {
    expect(accepter).toMatchObject({
      vpc_peering_connection_id: "pcx-0123456789abcdef0",
      auto_accept: true,
      accepter: { allow_remote_vpc_dns_resolution: true },
      tags: { Name: "astro" },
    });
    expect(accepter.requester).toBeUndefined();
  });

  test("checks after acceptance that the request came from the partner's account and VPC toward ours", () => {
    expect(accepter.lifecycle.postcondition).toEqual([
      {
        condition:
          '${self.peer_owner_id == "999988887777" && self.vpc_id == "vpc-0a1b2c3d4e5f67890" && self.peer_vpc_id == "vpc-1a2b3c4d"}',
        error_message: expect.stringMatching(
          /^Peering pcx-0123456789abcdef0 is not the partner's request: expected requester account 999988887777/,
        ),
      },
    ]);
  });

  test("routes every partner range from every table, after acceptance", () => {
    const routes = resourcesOfType(synth, "aws_route");
    expect(routes.map((r) => `${r.route_table_id} ${r.destination_cidr_block}`).sort()).toEqual([
      "rtb-a 10.200.0.0/16",
      "rtb-a 10.201.0.0/16",
      "rtb-b 10.200.0.0/16",
      "rtb-b 10.201.0.0/16",
    ]);
    for (const r of routes) {
      expect(r.vpc_peering_connection_id).toMatch(
        /^\$\{aws_vpc_peering_connection_accepter\.peer_accepter_\w+\.vpc_peering_connection_id\}$/,
      );
      expect(r.depends_on).toEqual([
        expect.stringMatching(/^aws_vpc_peering_connection_accepter\.peer_accepter_/),
      ]);
    }
    expect(Object.keys(p.routes["private-a"])).toEqual(["10.200.0.0/16", "10.201.0.0/16"]);
  });

  test.each<[string, Partial<PartnerPeeringAccepterProps>, RegExp]>([
    [
      "a malformed peering id",
      { peeringConnectionId: "pcx-xyz" },
      /invalid peeringConnectionId = "pcx-xyz": must be a pcx- id/,
    ],
    [
      "a malformed partner account",
      { partnerAccountId: "9999" },
      /invalid partnerAccountId = "9999": must be a 12-digit/,
    ],
    ["no partner ranges", { partnerCidrs: [] }, /invalid partnerCidrs = \[\]: must not be empty/],
    [
      "a partner range with host bits",
      { partnerCidrs: ["10.200.0.1/16"] },
      /partnerCidrs\[0\].*use the network address 10\.200\.0\.0\/16/,
    ],
    [
      "a route table key that cannot be an address",
      { routeTableIds: { "a b": "rtb-1" } },
      /invalid routeTableIds = "a b"/,
    ],
  ])("fails when given %s", (_what, over, message) => {
    const t = stack();
    expect(
      () => new PartnerPeeringAccepter(t.s, "peer", { ...accepterProps(over), provider: t.provider }),
    ).toThrow(message);
  });
});

const requesterProps = (over: Partial<PartnerPeeringRequesterProps> = {}): PartnerPeeringRequesterProps => ({
  name: "astro",
  vpcId: "vpc-0a1b2c3d4e5f67890",
  region: "us-east-1",
  partnerVpcId: "vpc-1a2b3c4d",
  partnerRegion: "us-west-2",
  partnerAccountId: PARTNER,
  partnerCidrs: ["10.200.0.0/16"],
  routeTableIds: { "private-a": "rtb-a" },
  ...over,
});

describe("PartnerPeeringRequester", () => {
  test("requests across accounts and regions without auto-accept, routes at once, no options while pending", () => {
    const { s, provider } = stack();
    new PartnerPeeringRequester(s, "req", { ...requesterProps(), provider });
    const synth = Testing.synth(s);
    const [c] = resourcesOfType(synth, "aws_vpc_peering_connection");
    expect(c).toMatchObject({
      vpc_id: "vpc-0a1b2c3d4e5f67890",
      peer_vpc_id: "vpc-1a2b3c4d",
      peer_owner_id: PARTNER,
      peer_region: "us-west-2",
    });
    expect(c.auto_accept).toBeUndefined();
    expect(resourcesOfType(synth, "aws_route")).toHaveLength(1);
    expect(resourcesOfType(synth, "aws_vpc_peering_connection_options")).toHaveLength(0);
  });

  test("sets the requester-side DNS option once the partner accepted; same region leaves peer_region unset", () => {
    const { s, provider } = stack();
    new PartnerPeeringRequester(s, "req", {
      ...requesterProps({
        partnerRegion: "us-east-1",
        partnerAccepted: true,
        allowRemoteVpcDnsResolution: true,
      }),
      provider,
    });
    const synth = Testing.synth(s);
    expect(resourcesOfType(synth, "aws_vpc_peering_connection")[0].peer_region).toBeUndefined();
    const [o] = resourcesOfType(synth, "aws_vpc_peering_connection_options");
    expect(o.requester).toEqual({ allow_remote_vpc_dns_resolution: true });
    expect(o.accepter).toBeUndefined();
  });

  test("fails when the DNS option is asked for before the partner accepted", () => {
    const { s, provider } = stack();
    expect(
      () =>
        new PartnerPeeringRequester(s, "req", {
          ...requesterProps({ allowRemoteVpcDnsResolution: true }),
          provider,
        }),
    ).toThrow(
      /invalid allowRemoteVpcDnsResolution = true: needs an active connection.*Fix: apply without it first/,
    );
  });

  test("fails when the partner VPC id is malformed", () => {
    const { s, provider } = stack();
    expect(
      () => new PartnerPeeringRequester(s, "req", { ...requesterProps({ partnerVpcId: "vpc-1" }), provider }),
    ).toThrow(/invalid partnerVpcId = "vpc-1": must be a vpc- id/);
  });
});

function hub(s: TerraformStack, provider: AwsProvider) {
  return new TransitGatewayHub(s, "hub", {
    name: "hub-east",
    amazonSideAsn: 64512,
    provider,
    region: "us-east-1",
    accountId: OURS,
    routeTables: ["spokes", "partners"],
  });
}

describe("PartnerTransitGatewayShare", () => {
  test("a share that allows external principals, the TGW, one association per partner account", () => {
    const { s, provider } = stack();
    const h = hub(s, provider);
    new PartnerTransitGatewayShare(s, "share", {
      name: "hub-east-partners",
      transitGatewayArn: h.transitGatewayArn,
      partnerAccountIds: [PARTNER],
      provider,
    });
    const synth = Testing.synth(s);
    expect(resourcesOfType(synth, "aws_ram_resource_share")).toEqual([
      expect.objectContaining({ name: "hub-east-partners", allow_external_principals: true }),
    ]);
    expect(resourcesOfType(synth, "aws_ram_principal_association").map((r) => r.principal)).toEqual([
      PARTNER,
    ]);
    expect(resourcesOfType(synth, "aws_ram_resource_association")[0].resource_arn).toMatch(
      /aws_ec2_transit_gateway\.hub_tgw_\w+\.arn/,
    );
  });

  test("fails when a partner account repeats", () => {
    const { s, provider } = stack();
    expect(
      () =>
        new PartnerTransitGatewayShare(s, "share", {
          name: "x",
          transitGatewayArn: "arn:aws:ec2:us-east-1:111111111111:transit-gateway/tgw-0123456789abcdef0",
          partnerAccountIds: [PARTNER, PARTNER],
          provider,
        }),
    ).toThrow(/partnerAccountIds = "999988887777": appears more than once/);
  });
});

describe("PartnerTransitGatewayAttachment", () => {
  const props = (h: TransitGatewayHub, over: Partial<PartnerTransitGatewayAttachmentProps> = {}) => ({
    name: "astro",
    transitGateway: h,
    kind: "peering" as const,
    attachmentId: "tgw-attach-0123456789abcdef0",
    partnerAccountId: PARTNER,
    associateWith: "partners",
    staticRoutes: { spokes: ["10.200.0.0/16"] },
    ...over,
  });

  test("peering: accepted by id, checked against the partner's account, associated, routed through the hub", () => {
    const { s, provider } = stack();
    const h = hub(s, provider);
    const a = new PartnerTransitGatewayAttachment(s, "astro", props(h));
    h.addStaticRoute("spokes", "10.201.0.0/16", "astro");
    const synth = Testing.synth(s);
    const [acc] = resourcesOfType(synth, "aws_ec2_transit_gateway_peering_attachment_accepter");
    expect(acc.transit_gateway_attachment_id).toBe("tgw-attach-0123456789abcdef0");
    expect(acc.lifecycle.postcondition[0].condition).toBe('${self.peer_account_id == "999988887777"}');
    const [assoc] = resourcesOfType(synth, "aws_ec2_transit_gateway_route_table_association");
    expect(assoc.transit_gateway_route_table_id).toMatch(/route-table-partners/);
    expect(assoc.transit_gateway_attachment_id).toMatch(
      /peering_attachment_accepter\.astro_accepter_\w+\.id/,
    );
    const routes = resourcesOfType(synth, "aws_ec2_transit_gateway_route");
    expect(routes.map((r) => r.destination_cidr_block).sort()).toEqual(["10.200.0.0/16", "10.201.0.0/16"]);
    for (const r of routes)
      expect(r.depends_on).toEqual([expect.stringMatching(/peering_attachment_accepter\.astro_accepter_/)]);
    expect(Object.keys(a.propagations)).toEqual([]);
    expect(resourcesOfType(synth, "aws_ec2_transit_gateway_route_table_propagation")).toHaveLength(0);
  });

  test("vpc: the VPC attachment accepter keeps default route table flags off and may propagate", () => {
    const { s, provider } = stack();
    const h = hub(s, provider);
    new PartnerTransitGatewayAttachment(
      s,
      "astro",
      props(h, { kind: "vpc", propagateTo: ["spokes"], staticRoutes: {} }),
    );
    const synth = Testing.synth(s);
    const [acc] = resourcesOfType(synth, "aws_ec2_transit_gateway_vpc_attachment_accepter");
    expect(acc).toMatchObject({
      transit_gateway_default_route_table_association: false,
      transit_gateway_default_route_table_propagation: false,
    });
    expect(acc.lifecycle.postcondition[0].condition).toBe('${self.vpc_owner_id == "999988887777"}');
    expect(resourcesOfType(synth, "aws_ec2_transit_gateway_route_table_propagation")).toHaveLength(1);
  });

  test.each<[string, Partial<PartnerTransitGatewayAttachmentProps>, RegExp]>([
    [
      "propagation over a peering attachment",
      { propagateTo: ["spokes"] },
      /invalid propagateTo = \["spokes"\]: is set on a TGW peering attachment/,
    ],
    [
      "a malformed attachment id",
      { attachmentId: "tgw-attach-123" },
      /invalid attachmentId = "tgw-attach-123": must be a tgw-attach- id/,
    ],
    [
      "the hub's own account",
      { partnerAccountId: OURS },
      /invalid partnerAccountId = "111111111111": is the transit gateway's own account/,
    ],
    [
      "an unknown route table",
      { associateWith: "partner" },
      /invalid associateWith = "partner": is not a route table of this transit gateway/,
    ],
    [
      "a static route in an unknown table",
      { staticRoutes: { spoke: ["10.200.0.0/16"] } },
      /invalid staticRoutes\.spoke = "spoke"/,
    ],
  ])("fails when given %s", (_what, over, message) => {
    const { s, provider } = stack();
    const h = hub(s, provider);
    expect(() => new PartnerTransitGatewayAttachment(s, "astro", props(h, over))).toThrow(message);
  });
});
