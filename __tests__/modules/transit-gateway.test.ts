import { Ec2TransitGateway } from "@cdktf/provider-aws/lib/ec2-transit-gateway";
import { Ec2TransitGatewayPeeringAttachment } from "@cdktf/provider-aws/lib/ec2-transit-gateway-peering-attachment";
import { Ec2TransitGatewayRoute } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RamResourceShare } from "@cdktf/provider-aws/lib/ram-resource-share";
import { TerraformOutput, TerraformProvider, TerraformStack, Testing } from "cdktf";
import {
  TransitGatewayHub,
  TransitGatewayHubProps,
  TransitGatewayPeering,
  TransitGatewayPeeringProps,
  TransitGatewayRef,
  TransitGatewaySpokeAttachment,
  TransitGatewayVpcRoutes,
} from "@multicloud-platform/modules/transit-gateway";

type Body = Record<string, unknown>;
type Json = {
  resource: Record<string, Record<string, Body>>;
  output: Record<string, { value: unknown }>;
};

const HUB = "111111111111";
const SPOKE = "222222222222";
const OU = "arn:aws:organizations::111111111111:ou/o-abcdefghij/ou-ab12-cdef3456";
const ORG = "arn:aws:organizations::111111111111:organization/o-abcdefghij";

interface Env {
  stack: TerraformStack;
  hubProvider: TerraformProvider;
  spokeProvider: TerraformProvider;
  westProvider: TerraformProvider;
}

function env(): Env {
  const stack = new TerraformStack(Testing.app(), "test");
  return {
    stack,
    hubProvider: new AwsProvider(stack, "hub-use1", { region: "us-east-1", alias: "hub-use1" }),
    spokeProvider: new AwsProvider(stack, "spoke-use1", { region: "us-east-1", alias: "spoke-use1" }),
    westProvider: new AwsProvider(stack, "hub-usw2", { region: "us-west-2", alias: "hub-usw2" }),
  };
}

function hubProps(e: Env, overrides: Partial<TransitGatewayHubProps> = {}): TransitGatewayHubProps {
  return {
    name: "hub-east",
    amazonSideAsn: 64512,
    provider: e.hubProvider,
    region: "us-east-1",
    accountId: HUB,
    routeTables: ["spokes", "shared"],
    ramShare: { principals: [SPOKE] },
    tags: { env: "test" },
    ...overrides,
  };
}

const SUBNETS = { "us-east-1b": "subnet-b", "us-east-1a": "subnet-a" };

/** Resources of a type whose address contains `fragment`. */
function find(json: Json, type: string, fragment: string): [string, Body][] {
  return Object.entries(json.resource[type] ?? {}).filter(([name]) => name.includes(fragment));
}

function one(json: Json, type: string, fragment: string): [string, Body] {
  const found = find(json, type, fragment);
  expect(found.map(([n]) => n)).toHaveLength(1);
  return found[0];
}

const ref = (type: string, name: string, attr: string) => `\${${type}.${name}.${attr}}`;

describe("TransitGatewayHub: hub, hub VPC, RAM spoke, static routes, cross-region peering", () => {
  let synth: string;
  let json: Json;
  let east: TransitGatewayHub;
  let west: TransitGatewayHub;
  let spoke: TransitGatewaySpokeAttachment;
  let peering: TransitGatewayPeering;

  beforeAll(() => {
    const e = env();
    east = new TransitGatewayHub(e.stack, "tgw-east", hubProps(e));
    east.addVpcAttachment("shared-services", {
      vpcId: "vpc-hub",
      subnetIds: SUBNETS,
      associateWith: "shared",
      propagateTo: ["spokes"],
      vpcRoutes: { routeTableIds: { "private-a": "rtb-hub-a" }, destinationCidrs: ["10.0.0.0/8"] },
    });
    spoke = east.addSpokeAttachment("ml", {
      spokeProvider: e.spokeProvider,
      spokeAccountId: SPOKE,
      vpcId: "vpc-ml",
      subnetIds: { "us-east-1a": "subnet-ml-a" },
      associateWith: "spokes",
      propagateTo: ["shared"],
      applianceModeSupport: true,
      vpcRoutes: {
        routeTableIds: { "private-a": "rtb-ml-a", "private-b": "rtb-ml-b" },
        destinationCidrs: ["10.0.0.0/8"],
      },
    });
    east.addStaticRoute("spokes", "0.0.0.0/0", "shared-services");
    east.addBlackholeRoute("spokes", "10.20.0.0/16");
    west = new TransitGatewayHub(e.stack, "tgw-west", {
      name: "hub-west",
      amazonSideAsn: 4200000000,
      provider: e.westProvider,
      region: "us-west-2",
      accountId: HUB,
      routeTables: ["main"],
    });
    peering = new TransitGatewayPeering(e.stack, "east-west", {
      name: "east-west",
      requester: { transitGateway: east, routeTable: "spokes", destinationCidrs: ["10.64.0.0/12"] },
      accepter: {
        transitGateway: west,
        routeTable: "main",
        destinationCidrs: ["10.0.0.0/12", "10.16.0.0/12"],
      },
    });
    new TerraformOutput(e.stack, "east_attachments", { value: east.attachmentIds });
    new TerraformOutput(e.stack, "west_attachments", { value: west.attachmentIds });
    new TerraformOutput(e.stack, "spoke_attachment", { value: spoke.attachmentId });
    synth = Testing.synth(e.stack);
    json = JSON.parse(synth) as Json;
  });

  test("the transit gateway has default association/propagation and auto-accept off, DNS on", () => {
    expect(synth).toHaveResourceWithProperties(Ec2TransitGateway, {
      amazon_side_asn: 64512,
      default_route_table_association: "disable",
      default_route_table_propagation: "disable",
      auto_accept_shared_attachments: "disable",
      dns_support: "enable",
      vpn_ecmp_support: "enable",
      description: "hub-east transit gateway",
      provider: "aws.hub-use1",
      tags: { env: "test", Name: "hub-east" },
    });
    const [, westTgw] = one(json, "aws_ec2_transit_gateway", "tgw-west");
    expect(westTgw).toMatchObject({ amazon_side_asn: 4200000000, provider: "aws.hub-usw2" });
  });

  test("named route tables on the hub, exposed by name", () => {
    const [name, spokes] = one(json, "aws_ec2_transit_gateway_route_table", "tgw-east_route-table-spokes");
    const [tgwName] = one(json, "aws_ec2_transit_gateway", "tgw-east");
    expect(spokes).toMatchObject({
      transit_gateway_id: ref("aws_ec2_transit_gateway", tgwName, "id"),
      provider: "aws.hub-use1",
      tags: { env: "test", Name: "hub-east-spokes" },
    });
    expect(Object.keys(east.routeTableIds).sort()).toEqual(["shared", "spokes"]);
    expect(find(json, "aws_ec2_transit_gateway_route_table", "tgw-east")).toHaveLength(2);
    expect(name).toContain("route-table-spokes");
  });

  test("RAM shares the transit gateway with each principal, internal principals only", () => {
    expect(synth).toHaveResourceWithProperties(RamResourceShare, {
      name: "hub-east",
      allow_external_principals: false,
      provider: "aws.hub-use1",
    });
    const [shareName] = one(json, "aws_ram_resource_share", "tgw-east");
    const [tgwName] = one(json, "aws_ec2_transit_gateway", "tgw-east");
    const [, resource] = one(json, "aws_ram_resource_association", "tgw-east");
    expect(resource).toMatchObject({
      resource_arn: ref("aws_ec2_transit_gateway", tgwName, "arn"),
      resource_share_arn: ref("aws_ram_resource_share", shareName, "arn"),
    });
    const [principalName, principal] = one(
      json,
      "aws_ram_principal_association",
      "ram-principal-222222222222",
    );
    expect(principal).toMatchObject({ principal: SPOKE, provider: "aws.hub-use1" });
    expect(principalName).toContain("tgw-east");
    expect(east.ramShareArn).toBeDefined();
    expect(Object.keys(east.ramPrincipalAssociations)).toEqual([SPOKE]);
  });

  test("hub VPC attachment: no default route table, explicit association and propagation by name", () => {
    const [attName, att] = one(json, "aws_ec2_transit_gateway_vpc_attachment", "attachment-shared-services");
    expect(att).toMatchObject({
      vpc_id: "vpc-hub",
      subnet_ids: ["subnet-a", "subnet-b"],
      transit_gateway_default_route_table_association: false,
      transit_gateway_default_route_table_propagation: false,
      dns_support: "enable",
      appliance_mode_support: "disable",
      provider: "aws.hub-use1",
      tags: { Name: "shared-services" },
    });
    const attId = ref("aws_ec2_transit_gateway_vpc_attachment", attName, "id");
    const [sharedRt] = one(json, "aws_ec2_transit_gateway_route_table", "tgw-east_route-table-shared");
    const [spokesRt] = one(json, "aws_ec2_transit_gateway_route_table", "tgw-east_route-table-spokes");
    const [, assoc] = one(
      json,
      "aws_ec2_transit_gateway_route_table_association",
      "attachment-shared-services",
    );
    expect(assoc).toMatchObject({
      transit_gateway_attachment_id: attId,
      transit_gateway_route_table_id: ref("aws_ec2_transit_gateway_route_table", sharedRt, "id"),
    });
    const [propName, prop] = one(
      json,
      "aws_ec2_transit_gateway_route_table_propagation",
      "attachment-shared-services",
    );
    expect(propName).toContain("propagation-spokes");
    expect(prop).toMatchObject({
      transit_gateway_attachment_id: attId,
      transit_gateway_route_table_id: ref("aws_ec2_transit_gateway_route_table", spokesRt, "id"),
    });
  });

  test("hub VPC routes point at the transit gateway, keyed by route table and CIDR, after the attachment", () => {
    const [attName] = one(json, "aws_ec2_transit_gateway_vpc_attachment", "attachment-shared-services");
    const [tgwName] = one(json, "aws_ec2_transit_gateway", "tgw-east");
    const [, route] = one(json, "aws_route", "attachment-shared-services_vpc-routes_private-a-10-0-0-0-8");
    expect(route).toMatchObject({
      route_table_id: "rtb-hub-a",
      destination_cidr_block: "10.0.0.0/8",
      transit_gateway_id: ref("aws_ec2_transit_gateway", tgwName, "id"),
      provider: "aws.hub-use1",
      depends_on: [`aws_ec2_transit_gateway_vpc_attachment.${attName}`],
    });
  });

  test("spoke attachment is requested by the spoke account after the RAM share reaches it", () => {
    const [, att] = one(json, "aws_ec2_transit_gateway_vpc_attachment", "attachment-ml");
    const [principalName] = one(json, "aws_ram_principal_association", "tgw-east");
    const [resourceName] = one(json, "aws_ram_resource_association", "tgw-east");
    expect(att).toMatchObject({
      vpc_id: "vpc-ml",
      subnet_ids: ["subnet-ml-a"],
      appliance_mode_support: "enable",
      provider: "aws.spoke-use1",
    });
    expect((att.depends_on as string[]).sort()).toEqual(
      [
        `aws_ram_principal_association.${principalName}`,
        `aws_ram_resource_association.${resourceName}`,
      ].sort(),
    );
    // Not settable for a RAM-shared transit gateway (the provider would report drift forever).
    expect(att).not.toHaveProperty("transit_gateway_default_route_table_association");
    expect(att).not.toHaveProperty("transit_gateway_default_route_table_propagation");
  });

  test("the hub accepts the spoke explicitly and routes it on the hub side after acceptance", () => {
    const [attName] = one(json, "aws_ec2_transit_gateway_vpc_attachment", "attachment-ml");
    const [accName, acc] = one(json, "aws_ec2_transit_gateway_vpc_attachment_accepter", "attachment-ml");
    expect(acc).toMatchObject({
      transit_gateway_attachment_id: ref("aws_ec2_transit_gateway_vpc_attachment", attName, "id"),
      transit_gateway_default_route_table_association: false,
      transit_gateway_default_route_table_propagation: false,
      provider: "aws.hub-use1",
    });
    const accId = ref("aws_ec2_transit_gateway_vpc_attachment_accepter", accName, "id");
    const [spokesRt] = one(json, "aws_ec2_transit_gateway_route_table", "tgw-east_route-table-spokes");
    const [sharedRt] = one(json, "aws_ec2_transit_gateway_route_table", "tgw-east_route-table-shared");
    const [, assoc] = one(json, "aws_ec2_transit_gateway_route_table_association", "attachment-ml");
    expect(assoc).toMatchObject({
      transit_gateway_attachment_id: accId,
      transit_gateway_route_table_id: ref("aws_ec2_transit_gateway_route_table", spokesRt, "id"),
      provider: "aws.hub-use1",
    });
    const [, prop] = one(
      json,
      "aws_ec2_transit_gateway_route_table_propagation",
      "attachment-ml_propagation-shared",
    );
    expect(prop).toMatchObject({
      transit_gateway_attachment_id: accId,
      transit_gateway_route_table_id: ref("aws_ec2_transit_gateway_route_table", sharedRt, "id"),
      provider: "aws.hub-use1",
    });
    expect((json.output.east_attachments.value as Record<string, string>).ml).toBe(accId);
    expect(json.output.spoke_attachment.value).toBe(accId);
  });

  test("spoke VPC routes are created in the spoke account after acceptance, one per route table and CIDR", () => {
    const [accName] = one(json, "aws_ec2_transit_gateway_vpc_attachment_accepter", "attachment-ml");
    const routes = find(json, "aws_route", "attachment-ml_vpc-routes");
    expect(routes.map(([, r]) => r.route_table_id).sort()).toEqual(["rtb-ml-a", "rtb-ml-b"]);
    for (const [name, r] of routes) {
      expect(name).toMatch(/private-[ab]-10-0-0-0-8/);
      expect(r).toMatchObject({
        destination_cidr_block: "10.0.0.0/8",
        provider: "aws.spoke-use1",
        depends_on: [`aws_ec2_transit_gateway_vpc_attachment_accepter.${accName}`],
      });
    }
    expect(Object.keys(spoke.vpcRoutes!.routes).sort()).toEqual(["private-a", "private-b"]);
  });

  test("static and blackhole routes are keyed by route table and CIDR", () => {
    const [attName] = one(json, "aws_ec2_transit_gateway_vpc_attachment", "attachment-shared-services");
    const [spokesRt] = one(json, "aws_ec2_transit_gateway_route_table", "tgw-east_route-table-spokes");
    const [, def] = one(json, "aws_ec2_transit_gateway_route", "tgw-east_route-spokes-0-0-0-0-0");
    expect(def).toMatchObject({
      destination_cidr_block: "0.0.0.0/0",
      transit_gateway_attachment_id: ref("aws_ec2_transit_gateway_vpc_attachment", attName, "id"),
      transit_gateway_route_table_id: ref("aws_ec2_transit_gateway_route_table", spokesRt, "id"),
      provider: "aws.hub-use1",
    });
    expect(synth).toHaveResourceWithProperties(Ec2TransitGatewayRoute, {
      destination_cidr_block: "10.20.0.0/16",
      blackhole: true,
    });
    const [, hole] = one(json, "aws_ec2_transit_gateway_route", "tgw-east_route-spokes-10-20-0-0-16");
    expect(hole).not.toHaveProperty("transit_gateway_attachment_id");
  });

  test("peering: requester in us-east-1, accepter with the peer's provider in us-west-2", () => {
    const [westTgw] = one(json, "aws_ec2_transit_gateway", "tgw-west");
    const [eastTgw] = one(json, "aws_ec2_transit_gateway", "tgw-east");
    expect(synth).toHaveResourceWithProperties(Ec2TransitGatewayPeeringAttachment, {
      transit_gateway_id: ref("aws_ec2_transit_gateway", eastTgw, "id"),
      peer_transit_gateway_id: ref("aws_ec2_transit_gateway", westTgw, "id"),
      peer_region: "us-west-2",
      peer_account_id: HUB,
      provider: "aws.hub-use1",
    });
    const [attName] = one(json, "aws_ec2_transit_gateway_peering_attachment", "east-west");
    const [, acc] = one(json, "aws_ec2_transit_gateway_peering_attachment_accepter", "east-west");
    expect(acc).toMatchObject({
      transit_gateway_attachment_id: ref("aws_ec2_transit_gateway_peering_attachment", attName, "id"),
      provider: "aws.hub-usw2",
    });
  });

  test("peering: each side associates a route table; the requester side waits for the accepter", () => {
    const [attName] = one(json, "aws_ec2_transit_gateway_peering_attachment", "east-west");
    const [accName] = one(json, "aws_ec2_transit_gateway_peering_attachment_accepter", "east-west");
    const [spokesRt] = one(json, "aws_ec2_transit_gateway_route_table", "tgw-east_route-table-spokes");
    const [mainRt] = one(json, "aws_ec2_transit_gateway_route_table", "tgw-west_route-table-main");
    const [, reqAssoc] = one(
      json,
      "aws_ec2_transit_gateway_route_table_association",
      "east-west_requester-association",
    );
    expect(reqAssoc).toMatchObject({
      transit_gateway_attachment_id: ref("aws_ec2_transit_gateway_peering_attachment", attName, "id"),
      transit_gateway_route_table_id: ref("aws_ec2_transit_gateway_route_table", spokesRt, "id"),
      provider: "aws.hub-use1",
      depends_on: [`aws_ec2_transit_gateway_peering_attachment_accepter.${accName}`],
    });
    const [, accAssoc] = one(
      json,
      "aws_ec2_transit_gateway_route_table_association",
      "east-west_accepter-association",
    );
    expect(accAssoc).toMatchObject({
      transit_gateway_attachment_id: ref(
        "aws_ec2_transit_gateway_peering_attachment_accepter",
        accName,
        "id",
      ),
      transit_gateway_route_table_id: ref("aws_ec2_transit_gateway_route_table", mainRt, "id"),
      provider: "aws.hub-usw2",
    });
  });

  test("peering: static routes in both transit gateways' route tables, after acceptance", () => {
    const [attName] = one(json, "aws_ec2_transit_gateway_peering_attachment", "east-west");
    const [accName] = one(json, "aws_ec2_transit_gateway_peering_attachment_accepter", "east-west");
    const [, toWest] = one(json, "aws_ec2_transit_gateway_route", "tgw-east_route-spokes-10-64-0-0-12");
    expect(toWest).toMatchObject({
      transit_gateway_attachment_id: ref("aws_ec2_transit_gateway_peering_attachment", attName, "id"),
      provider: "aws.hub-use1",
      depends_on: [`aws_ec2_transit_gateway_peering_attachment_accepter.${accName}`],
    });
    const toEast = find(json, "aws_ec2_transit_gateway_route", "tgw-west_route-main");
    expect(toEast.map(([, r]) => r.destination_cidr_block).sort()).toEqual(["10.0.0.0/12", "10.16.0.0/12"]);
    for (const [, r] of toEast) {
      expect(r).toMatchObject({
        transit_gateway_attachment_id: ref(
          "aws_ec2_transit_gateway_peering_attachment_accepter",
          accName,
          "id",
        ),
        provider: "aws.hub-usw2",
      });
    }
    expect(Object.keys(peering.accepterRoutes).sort()).toEqual(["10.0.0.0/12", "10.16.0.0/12"]);
  });

  test("attachment ids are exposed by name on both hubs", () => {
    const [attName] = one(json, "aws_ec2_transit_gateway_peering_attachment", "east-west");
    const [accName] = one(json, "aws_ec2_transit_gateway_peering_attachment_accepter", "east-west");
    const [hubAtt] = one(json, "aws_ec2_transit_gateway_vpc_attachment", "attachment-shared-services");
    const eastIds = json.output.east_attachments.value as Record<string, string>;
    expect(Object.keys(eastIds).sort()).toEqual(["east-west", "ml", "shared-services"]);
    expect(eastIds["east-west"]).toBe(ref("aws_ec2_transit_gateway_peering_attachment", attName, "id"));
    expect(eastIds["shared-services"]).toBe(ref("aws_ec2_transit_gateway_vpc_attachment", hubAtt, "id"));
    expect(json.output.west_attachments.value).toEqual({
      "east-west": ref("aws_ec2_transit_gateway_peering_attachment_accepter", accName, "id"),
    });
    expect(peering.requesterRoutes["10.64.0.0/12"]).toBeDefined();
  });
});

describe("TransitGatewayHub: OU/organization principals, invitations and peering with a bare reference", () => {
  let json: Json;

  beforeAll(() => {
    const e = env();
    const hub = new TransitGatewayHub(
      e.stack,
      "hub",
      hubProps(e, {
        dnsSupport: false,
        vpnEcmpSupport: false,
        ramShare: { principals: [OU, ORG, "333333333333"], allowExternalPrincipals: true, name: "tgw-share" },
      }),
    );
    new TransitGatewaySpokeAttachment(e.stack, "partner", {
      transitGateway: hub,
      name: "partner",
      spokeProvider: e.spokeProvider,
      spokeAccountId: "333333333333",
      acceptResourceShareArn: hub.ramShareArn,
      vpcId: "vpc-partner",
      subnetIds: { "us-east-1a": "subnet-p" },
      associateWith: "spokes",
    });
    // Covered by the OU or the organization: not decidable at synth, so accepted.
    hub.addSpokeAttachment("in-ou", {
      spokeProvider: e.spokeProvider,
      spokeAccountId: "555555555555",
      vpcId: "vpc-ou",
      subnetIds: { "us-east-1a": "subnet-ou" },
      associateWith: "spokes",
    });
    const external: TransitGatewayRef = {
      transitGatewayId: "tgw-0peer",
      accountId: "444444444444",
      region: "us-west-2",
      provider: e.westProvider,
      routeTableIds: { main: "tgw-rtb-0peer" },
    };
    new TransitGatewayPeering(e.stack, "to-peer", {
      name: "to-peer",
      requester: { transitGateway: hub, routeTable: "spokes", destinationCidrs: ["10.128.0.0/16"] },
      accepter: { transitGateway: external, routeTable: "main", destinationCidrs: ["10.1.0.0/16"] },
      tags: { purpose: "dr" },
    });
    json = JSON.parse(Testing.synth(e.stack)) as Json;
  });

  test("opt-outs are explicit props", () => {
    const [, tgw] = one(json, "aws_ec2_transit_gateway", "hub");
    expect(tgw).toMatchObject({ dns_support: "disable", vpn_ecmp_support: "disable" });
    const [, share] = one(json, "aws_ram_resource_share", "hub");
    expect(share).toMatchObject({ name: "tgw-share", allow_external_principals: true });
  });

  test("principal associations are addressed by account id, OU id and organization id", () => {
    const names = find(json, "aws_ram_principal_association", "hub").map(([n]) => n);
    expect(names.some((n) => n.includes("ram-principal-ou-ab12-cdef3456"))).toBe(true);
    expect(names.some((n) => n.includes("ram-principal-o-abcdefghij"))).toBe(true);
    expect(names.some((n) => n.includes("ram-principal-333333333333"))).toBe(true);
    const principals = find(json, "aws_ram_principal_association", "hub").map(([, b]) => b.principal);
    expect(principals.sort()).toEqual(["333333333333", OU, ORG].sort());
  });

  test("an external spoke accepts the invitation first, then requests the attachment", () => {
    const [shareName] = one(json, "aws_ram_resource_share", "hub");
    const [accName, accepter] = one(json, "aws_ram_resource_share_accepter", "partner");
    expect(accepter).toMatchObject({
      share_arn: ref("aws_ram_resource_share", shareName, "arn"),
      provider: "aws.spoke-use1",
    });
    expect((accepter.depends_on as string[]).length).toBe(4); // resource + 3 principal associations
    const [, att] = one(json, "aws_ec2_transit_gateway_vpc_attachment", "partner");
    expect(att.depends_on).toEqual([`aws_ram_resource_share_accepter.${accName}`]);
  });

  test("peering with a transit gateway known by attributes: routes on its side live in the peering", () => {
    const [accName] = one(json, "aws_ec2_transit_gateway_peering_attachment_accepter", "to-peer");
    const [, att] = one(json, "aws_ec2_transit_gateway_peering_attachment", "to-peer");
    expect(att).toMatchObject({
      peer_transit_gateway_id: "tgw-0peer",
      peer_account_id: "444444444444",
      peer_region: "us-west-2",
      tags: { purpose: "dr", Name: "to-peer" },
    });
    const [, route] = one(json, "aws_ec2_transit_gateway_route", "to-peer_accepter-route-main-10-1-0-0-16");
    expect(route).toMatchObject({
      transit_gateway_route_table_id: "tgw-rtb-0peer",
      destination_cidr_block: "10.1.0.0/16",
      transit_gateway_attachment_id: ref(
        "aws_ec2_transit_gateway_peering_attachment_accepter",
        accName,
        "id",
      ),
      provider: "aws.hub-usw2",
    });
    const [, assoc] = one(
      json,
      "aws_ec2_transit_gateway_route_table_association",
      "to-peer_accepter-association",
    );
    expect(assoc).toMatchObject({
      transit_gateway_route_table_id: "tgw-rtb-0peer",
      provider: "aws.hub-usw2",
    });
  });
});

describe("TransitGatewayVpcRoutes on its own", () => {
  test("one route per (route table, CIDR), waiting for what it is given", () => {
    const e = env();
    const hub = new TransitGatewayHub(e.stack, "hub", hubProps(e, { ramShare: undefined }));
    const routes = new TransitGatewayVpcRoutes(e.stack, "routes", {
      transitGatewayId: hub.transitGatewayId,
      provider: e.hubProvider,
      routeTableIds: { a: "rtb-a" },
      destinationCidrs: ["10.0.0.0/8", "172.16.0.0/12"],
      dependsOn: [hub.transitGateway],
    });
    const json = JSON.parse(Testing.synth(e.stack)) as Json;
    const found = find(json, "aws_route", "routes_a-");
    expect(found.map(([, r]) => r.destination_cidr_block).sort()).toEqual(["10.0.0.0/8", "172.16.0.0/12"]);
    expect(Object.keys(routes.routes.a).sort()).toEqual(["10.0.0.0/8", "172.16.0.0/12"]);
    expect(hub.ramShareArn).toBeUndefined();
    expect(find(json, "aws_ram_resource_share", "")).toHaveLength(0);
  });

  test("per-table destinations: a table named in destinationCidrsByTable routes only those", () => {
    const e = env();
    new TransitGatewayVpcRoutes(e.stack, "routes", {
      transitGatewayId: "tgw-1",
      provider: e.hubProvider,
      routeTableIds: { a: "rtb-a", b: "rtb-b" },
      destinationCidrs: ["10.0.0.0/8", "172.16.0.0/12"],
      destinationCidrsByTable: { b: ["172.16.0.0/12"] },
    });
    const json = JSON.parse(Testing.synth(e.stack)) as Json;
    expect(
      find(json, "aws_route", "routes_a-")
        .map(([, r]) => r.destination_cidr_block)
        .sort(),
    ).toEqual(["10.0.0.0/8", "172.16.0.0/12"]);
    expect(find(json, "aws_route", "routes_b-").map(([, r]) => r.destination_cidr_block)).toEqual([
      "172.16.0.0/12",
    ]);
  });
});

describe("validation", () => {
  const hub = (overrides: Partial<TransitGatewayHubProps> = {}) => {
    const e = env();
    return { e, hub: new TransitGatewayHub(e.stack, "tgw", hubProps(e, overrides)) };
  };

  test.each([64511, 65535, 4199999999, 4294967295, 64512.5])("amazonSideAsn %p is refused", (asn) => {
    expect(() => hub({ amazonSideAsn: asn })).toThrow(
      /amazonSideAsn.*64512 to 65534 or from 4200000000.*Fix: pick/,
    );
  });

  test.each([65534, 4294967294])("amazonSideAsn %p (range edge) is accepted", (asn) => {
    expect(() => hub({ amazonSideAsn: asn })).not.toThrow();
  });

  test("route tables: non-empty, unique, usable names", () => {
    expect(() => hub({ routeTables: [] })).toThrow(/routeTables.*must not be empty.*Fix: give at least one/);
    expect(() => hub({ routeTables: ["a", "a"] })).toThrow(
      /routeTables.*"a".*more than once.*Fix: remove the duplicate/,
    );
    expect(() => hub({ routeTables: ["has space"] })).toThrow(
      /routeTables\[0\].*letters, digits.*Fix: rename/,
    );
  });

  test("name, region and account id", () => {
    expect(() => hub({ name: "bad/name" })).toThrow(/invalid name.*Fix: rename/);
    expect(() => hub({ region: "useast1" })).toThrow(/region.*AWS region name.*Fix: give the region code/);
    expect(() => hub({ accountId: "1234" })).toThrow(/accountId.*12-digit.*Fix: quote/);
  });

  test("RAM principals: accounts, OUs or the organization, never the hub account, at least one", () => {
    expect(() => hub({ ramShare: { principals: ["arn:aws:iam::222222222222:root"] } })).toThrow(
      /ramShare\.principals\[0\].*account id, an OU ARN or the organization ARN.*Fix: write/,
    );
    expect(() => hub({ ramShare: { principals: [HUB] } })).toThrow(
      /ramShare\.principals\[0\].*hub's own account.*Fix: remove/,
    );
    expect(() => hub({ ramShare: { principals: [] } })).toThrow(/ramShare\.principals.*must not be empty/);
    expect(() => hub({ ramShare: { principals: [SPOKE, SPOKE] } })).toThrow(
      /ramShare\.principals.*more than once/,
    );
  });

  const attach = { vpcId: "vpc-1", subnetIds: SUBNETS, associateWith: "spokes" };

  test("attachments name existing route tables", () => {
    const { hub: h } = hub();
    expect(() => h.addVpcAttachment("x", { ...attach, associateWith: "nope" })).toThrow(
      /associateWith = "nope".*not a route table.*"spokes", "shared".*Fix: use one of the known names/,
    );
    expect(() => h.addVpcAttachment("y", { ...attach, propagateTo: ["shared", "nope"] })).toThrow(
      /propagateTo\[1\].*"nope"/,
    );
    expect(() => h.addVpcAttachment("z", { ...attach, propagateTo: ["shared", "shared"] })).toThrow(
      /propagateTo.*more than once/,
    );
  });

  test("attachments have one subnet per AZ, at least one, in the transit gateway's region", () => {
    const { hub: h } = hub();
    expect(() => h.addVpcAttachment("x", { ...attach, subnetIds: {} })).toThrow(
      /subnetIds.*at least one.*Fix: give/,
    );
    expect(() =>
      h.addVpcAttachment("y", {
        ...attach,
        subnetIds: { "us-east-1a": "subnet-1", "us-east-1b": "subnet-1" },
      }),
    ).toThrow(
      /subnetIds\.us-east-1b.*already the subnet for AZ us-east-1a.*Fix: give each AZ its own subnet/,
    );
    expect(() => h.addVpcAttachment("z", { ...attach, subnetIds: { "eu-west-1a": "subnet-1" } })).toThrow(
      /subnetIds\.eu-west-1a.*not in region us-east-1.*Fix: attach subnets of a VPC in us-east-1/,
    );
  });

  test("attachment names are unique and usable", () => {
    const { hub: h } = hub();
    h.addVpcAttachment("one", attach);
    expect(() => h.addVpcAttachment("one", attach)).toThrow(
      /attachment name = "one".*already used.*Fix: give each/,
    );
    expect(() => h.addVpcAttachment("bad name", attach)).toThrow(/attachment name.*Fix: rename/);
  });

  test("static routes name a known route table and attachment, a valid CIDR, once", () => {
    const { hub: h } = hub();
    h.addVpcAttachment("one", attach);
    expect(() => h.addStaticRoute("spokes", "10.0.0.0/8", "nope")).toThrow(
      /attachmentName = "nope".*known: one.*Fix: create the attachment first/,
    );
    expect(() => h.addStaticRoute("nope", "10.0.0.0/8", "one")).toThrow(
      /routeTable = "nope".*not a route table/,
    );
    expect(() => h.addBlackholeRoute("spokes", "10.0.0.1/8")).toThrow(
      /destinationCidr.*Fix: use the network address 10.0.0.0\/8/,
    );
    h.addBlackholeRoute("spokes", "10.9.0.0/16");
    expect(() => h.addStaticRoute("spokes", "10.9.0.0/16", "one")).toThrow(
      /destinationCidr = "10.9.0.0\/16".*already has a static route in route table spokes.*Fix: give each/,
    );
  });

  const spoke = (e: Env) => ({ ...attach, spokeProvider: e.spokeProvider, spokeAccountId: SPOKE });

  test("spoke attachments: another account, covered by the share", () => {
    const { e, hub: h } = hub();
    expect(() => h.addSpokeAttachment("self", { ...spoke(e), spokeAccountId: HUB })).toThrow(
      /spokeAccountId = "111111111111".*own account.*Fix: use TransitGatewayVpcAttachment/,
    );
    expect(() => h.addSpokeAttachment("other", { ...spoke(e), spokeAccountId: "999999999999" })).toThrow(
      /spokeAccountId = "999999999999".*not shared with this account.*222222222222.*Fix: add the account/,
    );
    expect(() => h.addSpokeAttachment("bad", { ...spoke(e), spokeAccountId: "12" })).toThrow(
      /spokeAccountId.*12-digit/,
    );
    expect(() =>
      h.addSpokeAttachment("arn", {
        ...spoke(e),
        acceptResourceShareArn: "arn:aws:ec2:us-east-1:111111111111:x",
      }),
    ).toThrow(/acceptResourceShareArn.*must be an ram ARN.*Fix: give the full ARN/);
  });

  test("a hub without a RAM share has no spokes", () => {
    const { e, hub: h } = hub({ ramShare: undefined });
    expect(() => h.addSpokeAttachment("s", spoke(e))).toThrow(
      /not shared with this account \(RAM principals: none\)/,
    );
  });

  describe("peering", () => {
    const peeringProps = (
      e: Env,
      east: TransitGatewayRef,
      overrides: Partial<TransitGatewayPeeringProps> = {},
    ): TransitGatewayPeeringProps => ({
      name: "p",
      requester: { transitGateway: east, routeTable: "spokes", destinationCidrs: ["10.64.0.0/12"] },
      accepter: {
        transitGateway: {
          transitGatewayId: "tgw-peer",
          accountId: HUB,
          region: "us-west-2",
          provider: e.westProvider,
          routeTableIds: { main: "tgw-rtb-peer" },
          amazonSideAsn: 64513,
        },
        routeTable: "main",
        destinationCidrs: ["10.0.0.0/12"],
      },
      ...overrides,
    });

    test("two different transit gateways with different ASNs", () => {
      const { e, hub: h } = hub();
      const base = peeringProps(e, h);
      expect(
        () =>
          new TransitGatewayPeering(e.stack, "self", {
            ...base,
            accepter: { ...base.accepter, transitGateway: h, routeTable: "shared" },
          }),
      ).toThrow(/accepter\.transitGateway.*requester's own transit gateway.*Fix: peer two different/);
      const sameAsn = {
        ...base.accepter,
        transitGateway: { ...base.accepter.transitGateway, amazonSideAsn: 64512 },
      };
      expect(() => new TransitGatewayPeering(e.stack, "asn", { ...base, accepter: sameAsn })).toThrow(
        /amazonSideAsn = 64512.*unique ASNs.*Fix: give one/,
      );
      const sameId = peeringProps(e, { ...base.accepter.transitGateway, amazonSideAsn: 64514 });
      expect(
        () =>
          new TransitGatewayPeering(e.stack, "id", {
            ...sameId,
            requester: { ...sameId.requester, routeTable: "main" },
          }),
      ).toThrow(/accepter\.transitGateway = "tgw-peer".*requester's own/);
    });

    test("route tables, CIDRs, region and account of each side", () => {
      const { e, hub: h } = hub();
      const base = peeringProps(e, h);
      expect(
        () =>
          new TransitGatewayPeering(e.stack, "rt", {
            ...base,
            accepter: { ...base.accepter, routeTable: "nope" },
          }),
      ).toThrow(/accepter\.routeTable = "nope".*not a route table.*"main"/);
      expect(
        () =>
          new TransitGatewayPeering(e.stack, "none", {
            ...base,
            requester: { ...base.requester, destinationCidrs: [] },
          }),
      ).toThrow(/requester\.destinationCidrs.*must not be empty/);
      expect(
        () =>
          new TransitGatewayPeering(e.stack, "cidr", {
            ...base,
            requester: { ...base.requester, destinationCidrs: ["10.64.0.0/12", "10.64.0.0/12"] },
          }),
      ).toThrow(/requester\.destinationCidrs.*more than once/);
      const t = base.accepter.transitGateway;
      expect(
        () =>
          new TransitGatewayPeering(e.stack, "region", {
            ...base,
            accepter: { ...base.accepter, transitGateway: { ...t, region: "" } },
          }),
      ).toThrow(/accepter\.transitGateway\.region.*AWS region name/);
      expect(
        () =>
          new TransitGatewayPeering(e.stack, "acct", {
            ...base,
            accepter: { ...base.accepter, transitGateway: { ...t, accountId: "x" } },
          }),
      ).toThrow(/accepter\.transitGateway\.accountId.*12-digit/);
    });

    test("the peering name must be free on the hub", () => {
      const { e, hub: h } = hub();
      h.addVpcAttachment("p", attach);
      expect(() => new TransitGatewayPeering(e.stack, "dup", peeringProps(e, h))).toThrow(
        /attachment name = "p".*already used/,
      );
    });
  });

  test("VPC routes: route tables and CIDRs", () => {
    const e = env();
    const base = {
      transitGatewayId: "tgw-1",
      routeTableIds: { a: "rtb-a" },
      destinationCidrs: ["10.0.0.0/8"],
    };
    expect(() => new TransitGatewayVpcRoutes(e.stack, "r1", { ...base, routeTableIds: {} })).toThrow(
      /routeTableIds.*must not be empty/,
    );
    expect(() => new TransitGatewayVpcRoutes(e.stack, "r2", { ...base, destinationCidrs: [] })).toThrow(
      /destinationCidrs.*must not be empty/,
    );
    expect(
      () => new TransitGatewayVpcRoutes(e.stack, "r3", { ...base, destinationCidrs: ["10.0.0.0/33"] }),
    ).toThrow(/destinationCidrs\[0\].*CIDR notation/);
    expect(
      () =>
        new TransitGatewayVpcRoutes(e.stack, "r4", {
          ...base,
          destinationCidrsByTable: { b: ["10.0.0.0/8"] },
        }),
    ).toThrow(/destinationCidrsByTable = "b": is not a table of routeTableIds \(a\)/);
    expect(
      () =>
        new TransitGatewayVpcRoutes(e.stack, "r5", {
          ...base,
          destinationCidrsByTable: { a: ["192.168.0.0/16"] },
        }),
    ).toThrow(/destinationCidrsByTable\.a\[0\] = "192.168.0.0\/16": is not one of destinationCidrs/);
  });
});
