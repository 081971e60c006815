/** The network stack renders connections to partner networks from the routing plan (R-NET-6). */
import { App } from "cdktf";
import { validateEnvironment } from "../../config";
import { NetworkStack } from "../../stacks/network-stack";
import { DEV_FILE } from "../helpers/environments";
import { devWithPartners } from "../helpers/partners";
import { stackJson } from "../helpers/synth";

const env = validateEnvironment(devWithPartners(), DEV_FILE);
const stack = new NetworkStack(new App({ skipValidation: false }), env);
stack.prepareStack();
const json = JSON.parse(stackJson(stack));

/** Resources of `type` keyed by construct path below the stack. */
function byPath(type: string): Record<string, any> {
  const out: Record<string, any> = {};
  for (const cfg of Object.values<any>(json.resource[type] ?? {})) {
    const p: string = cfg["//"].metadata.path;
    out[p.slice(p.indexOf("/") + 1)] = cfg;
  }
  return out;
}

test("the partner's peering request is accepted in the warehouse account, routed from the warehouse tables", () => {
  const accepter = byPath("aws_vpc_peering_connection_accepter")[
    "partner-peering-medirisk-warehouse/accepter"
  ];
  expect(accepter).toMatchObject({
    provider: "aws.data-us-east-1",
    vpc_peering_connection_id: "pcx-0123456789abcdef0",
    auto_accept: true,
    accepter: { allow_remote_vpc_dns_resolution: true },
  });
  expect(accepter.lifecycle.postcondition[0].condition).toMatch(
    /^\$\{self\.peer_owner_id == "444455556666" && self\.vpc_id == aws_vpc\.vpc-warehouse_vpc_\w+\.id && self\.peer_vpc_id == "vpc-1a2b3c4d"\}$/,
  );
  const routes = Object.entries(byPath("aws_route")).filter(([p]) =>
    p.startsWith("partner-peering-medirisk-warehouse/"),
  );
  expect(
    routes.map(([p, r]) => `${p.split("/")[1]} ${r.destination_cidr_block} ${r.provider}`).sort(),
  ).toEqual([
    "route-private-us-east-1a-10-210-0-0-16 10.210.0.0/16 aws.data-us-east-1",
    "route-private-us-east-1a-10-211-0-0-16 10.211.0.0/16 aws.data-us-east-1",
    "route-private-us-east-1b-10-210-0-0-16 10.210.0.0/16 aws.data-us-east-1",
    "route-private-us-east-1b-10-211-0-0-16 10.211.0.0/16 aws.data-us-east-1",
  ]);
});

test("hub-east is shared with the partner's account through a share that allows external principals", () => {
  const share = byPath("aws_ram_resource_share")["partner-share-hub-east/share"];
  expect(share).toMatchObject({
    name: "dev-hub-east-partners",
    allow_external_principals: true,
    provider: "aws.network-us-east-1",
  });
  // The organization's own share stays closed to external principals.
  expect(byPath("aws_ram_resource_share")["tgw-hub-east/ram-share"].allow_external_principals).toBe(false);
  expect(
    byPath("aws_ram_principal_association")["partner-share-hub-east/principal-999988887777"].principal,
  ).toBe("999988887777");
  expect(json.output["partner-share-hub-east-arn"].value).toMatch(
    /aws_ram_resource_share\.partner-share-hub-east_share_\w+\.arn/,
  );
});

test("the partner's TGW peering attachment is accepted, associated with partners, and routed from spokes", () => {
  const accepter = byPath("aws_ec2_transit_gateway_peering_attachment_accepter")[
    "partner-attachment-hub-east-astro/accepter"
  ];
  expect(accepter).toMatchObject({
    provider: "aws.network-us-east-1",
    transit_gateway_attachment_id: "tgw-attach-0123456789abcdef0",
  });
  const assoc = byPath("aws_ec2_transit_gateway_route_table_association")[
    "partner-attachment-hub-east-astro/association"
  ];
  expect(assoc.transit_gateway_route_table_id).toMatch(/route-table-partners/);
  const route = byPath("aws_ec2_transit_gateway_route")["tgw-hub-east/route-spokes-10-200-0-0-16"];
  expect(route.transit_gateway_attachment_id).toMatch(
    /peering_attachment_accepter\.partner-attachment-hub-east-astro_accepter_\w+\.id/,
  );
  expect(
    byPath("aws_ec2_transit_gateway_route_table_propagation")[
      "tgw-hub-east/attachment-analytics/propagation-partners"
    ],
  ).toBeDefined();
});

test("intents with a partner at one end: only our side's group is created", () => {
  const sgs = Object.keys(byPath("aws_security_group")).filter((p) =>
    /^intent-(astro|analytics-astro|medirisk)/.test(p),
  );
  // medirisk → the warehouse port is held by the cluster's own group (ml.warehouse.intents, the ml stack).
  expect(sgs.sort()).toEqual(["intent-analytics-astro/source", "intent-astro-analytics/destination"]);
  const egress = byPath("aws_vpc_security_group_egress_rule")[
    "intent-analytics-astro/egress-partner-10-200-0-0-16-tcp-443"
  ];
  expect(egress).toMatchObject({
    cidr_ipv4: "10.200.0.0/16",
    provider: "aws.analytics-us-east-1",
    from_port: 443,
  });
  const ingress = Object.entries(byPath("aws_vpc_security_group_ingress_rule"))
    .filter(([p]) => p.startsWith("intent-astro-analytics/"))
    .map(([, r]) => r.cidr_ipv4);
  expect(ingress.sort()).toEqual(["10.200.0.0/16"]);
});

test("the data account's private zone: created with warehouse, authorized and associated across accounts, authorized for the partner", () => {
  const zone = byPath("aws_route53_zone")["zone-warehouse-internal/zone"];
  expect(zone).toMatchObject({
    name: "warehouse.internal",
    provider: "aws.data-us-east-1",
    lifecycle: { ignore_changes: ["vpc"] },
  });
  expect(zone.vpc[0].vpc_id).toMatch(/aws_vpc\.vpc-warehouse_vpc_/);
  const assoc = byPath("aws_route53_zone_association");
  expect(assoc["zone-warehouse-internal/association-ml"].provider).toBe("aws.ml-us-east-1");
  expect(assoc["zone-warehouse-internal/association-shared"].provider).toBe("aws.network-us-east-1");
  const auth = byPath("aws_route53_vpc_association_authorization");
  expect(Object.keys(auth).sort()).toEqual([
    "zone-warehouse-internal/authorization-medirisk",
    "zone-warehouse-internal/authorization-ml",
    "zone-warehouse-internal/authorization-shared",
  ]);
  expect(auth["zone-warehouse-internal/authorization-medirisk"]).toMatchObject({
    vpc_id: "vpc-1a2b3c4d",
    provider: "aws.data-us-east-1",
  });
  expect(json.output["zone-warehouse-internal-medirisk-association"].value).toMatch(
    /^aws route53 associate-vpc-with-hosted-zone --hosted-zone-id \$\{aws_route53_zone\.zone-warehouse-internal_zone_\w+\.zone_id\} --vpc VPCRegion=us-east-1,VPCId=vpc-1a2b3c4d$/,
  );
});

test("the hub-east resolver in the shared VPC: rules shared with the spokes' accounts and associated by them", () => {
  const endpoints = byPath("aws_route53_resolver_endpoint");
  expect(endpoints["resolver-hub-east/inbound"].ip_address.map((a: any) => a.ip)).toEqual([
    "10.0.16.10",
    "10.0.32.10",
  ]);
  expect(endpoints["resolver-hub-east/inbound"].provider).toBe("aws.network-us-east-1");
  const ingress = Object.entries(byPath("aws_vpc_security_group_ingress_rule"))
    .filter(([p]) => p.startsWith("resolver-hub-east/"))
    .map(([, r]) => `${r.ip_protocol} ${r.cidr_ipv4}`)
    .sort();
  expect(ingress).toEqual(["tcp 10.0.0.0/16", "tcp 10.200.0.0/16", "udp 10.0.0.0/16", "udp 10.200.0.0/16"]);
  const assoc = byPath("aws_route53_resolver_rule_association");
  expect(
    Object.entries(assoc)
      .map(([p, a]) => `${p.split("/")[1]} ${a.provider}`)
      .sort(),
  ).toEqual([
    "association-astro-analytics aws.analytics-us-east-1",
    "association-astro-warehouse aws.data-us-east-1",
    "association-warehouse-internal-analytics aws.analytics-us-east-1",
  ]);
  expect(
    byPath("aws_ram_principal_association")["resolver-hub-east/share-spokes-principal-100000000002"],
  ).toBeDefined();
  expect(json.output["resolver-hub-east-inbound-ips"].value).toEqual(["10.0.16.10", "10.0.32.10"]);
});
