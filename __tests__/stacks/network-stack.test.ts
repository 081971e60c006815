import { connectedVpcCidrs as connectedCidrs } from "../../config/reachability/connected";
import { EMR_SUBNET_TAG } from "../../stacks/network-stack";
import { resourcesOf, synthEnvironment } from "../helpers/synth";

/** The resources of `type`, keyed by construct path below the stack (`peering-ml-warehouse/connection`). */
function byPath(stack: any, type: string): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [name, cfg] of Object.entries<any>(stack.resource?.[type] ?? {})) {
    const path: string = cfg["//"].metadata.path;
    out[path.slice(path.indexOf("/") + 1)] = { ...cfg, address: `${type}.${name}` };
  }
  return out;
}

/** `${aws_x.name.attr}` of the resource at `path`. */
function ref(stack: any, type: string, path: string, attr = "id"): string {
  const r = byPath(stack, type)[path];
  expect(r).toBeDefined();
  return `\${${r.address}.${attr}}`;
}

const dev = synthEnvironment("dev");
const net = dev.json["dev-network"];
const ids = Object.fromEntries(Object.entries(dev.env.accounts).map(([k, a]) => [k, a.id]));

describe("VPC peering (R-NET-2)", () => {
  const connections = byPath(net, "aws_vpc_peering_connection");
  const accepters = byPath(net, "aws_vpc_peering_connection_accepter");
  const options = byPath(net, "aws_vpc_peering_connection_options");
  const routes = byPath(net, "aws_route");

  test("cross-account: requested with the requester provider, accepted with the accepter's, no auto-accept", () => {
    const c = connections["peering-ml-warehouse/connection"];
    expect(c).toMatchObject({
      provider: "aws.ml-us-east-1",
      vpc_id: ref(net, "aws_vpc", "vpc-ml/vpc"),
      peer_vpc_id: ref(net, "aws_vpc", "vpc-warehouse/vpc"),
      peer_owner_id: ids.data,
    });
    expect(c.auto_accept).toBeUndefined();
    expect(c.peer_region).toBeUndefined();
    expect(accepters["peering-ml-warehouse/accepter"]).toMatchObject({
      provider: "aws.data-us-east-1",
      vpc_peering_connection_id: ref(net, "aws_vpc_peering_connection", "peering-ml-warehouse/connection"),
      auto_accept: true,
    });
  });

  test("cross-region: peer_region set, the accepter uses the provider of the other region", () => {
    expect(connections["peering-ingest-datastore/connection"]).toMatchObject({
      provider: "aws.ingest-us-east-1",
      peer_region: "us-west-2",
      peer_owner_id: ids.data,
    });
    expect(connections["peering-ingest-datastore/connection"].auto_accept).toBeUndefined();
    expect(accepters["peering-ingest-datastore/accepter"].provider).toBe("aws.data-us-west-2");
  });

  test("DNS resolution options: each side's block set by that side's provider, after acceptance", () => {
    const accepterRef = `aws_vpc_peering_connection_accepter.${
      accepters["peering-ml-warehouse/accepter"].address.split(".")[1]
    }`;
    const req = options["peering-ml-warehouse/requester-options"];
    const acc = options["peering-ml-warehouse/accepter-options"];
    expect(req).toMatchObject({
      provider: "aws.ml-us-east-1",
      requester: { allow_remote_vpc_dns_resolution: true },
      depends_on: [accepterRef],
    });
    expect(req.accepter).toBeUndefined();
    expect(acc).toMatchObject({
      provider: "aws.data-us-east-1",
      accepter: { allow_remote_vpc_dns_resolution: true },
      depends_on: [accepterRef],
    });
    expect(acc.requester).toBeUndefined();
  });

  test("routes to the peer CIDR in every route table of the configured tiers, on both sides", () => {
    const pcx = ref(
      net,
      "aws_vpc_peering_connection_accepter",
      "peering-ml-warehouse/accepter",
      "vpc_peering_connection_id",
    );
    for (const az of ["us-east-1a", "us-east-1b"]) {
      expect(routes[`peering-ml-warehouse/route-requester-private-${az}-to-10-16-0-0-16`]).toMatchObject({
        provider: "aws.ml-us-east-1",
        route_table_id: ref(net, "aws_route_table", `vpc-ml/rt-private-${az}`),
        destination_cidr_block: "10.16.0.0/16",
        vpc_peering_connection_id: pcx,
      });
      expect(routes[`peering-ml-warehouse/route-accepter-private-${az}-to-10-8-0-0-16`]).toMatchObject({
        provider: "aws.data-us-east-1",
        route_table_id: ref(net, "aws_route_table", `vpc-warehouse/rt-private-${az}`),
        destination_cidr_block: "10.8.0.0/16",
        vpc_peering_connection_id: pcx,
      });
    }
    // ingest routes only from its glue tier (routeTiers.requester), the data store from its private tier.
    const ingestSide = Object.keys(routes).filter((p) =>
      p.startsWith("peering-ingest-datastore/route-requester-"),
    );
    expect(ingestSide.sort()).toEqual([
      "peering-ingest-datastore/route-requester-glue-us-east-1a-to-10-32-0-0-16",
      "peering-ingest-datastore/route-requester-glue-us-east-1b-to-10-32-0-0-16",
    ]);
    const dsSide = Object.keys(routes).filter((p) =>
      p.startsWith("peering-ingest-datastore/route-accepter-"),
    );
    expect(dsSide.sort()).toEqual([
      "peering-ingest-datastore/route-accepter-private-us-west-2a-to-10-24-0-0-16",
      "peering-ingest-datastore/route-accepter-private-us-west-2b-to-10-24-0-0-16",
    ]);
    for (const p of dsSide) expect(routes[p].provider).toBe("aws.data-us-west-2");
  });

  test("same account and region: the requester auto-accepts, no peer owner", () => {
    const same = synthEnvironment("dev", {}, (env) => ({
      ...env,
      network: {
        ...env.network,
        vpcs: { ...env.network.vpcs, ml: { ...env.network.vpcs.ml, account: "data" } },
      },
    }));
    const c = byPath(same.json["dev-network"], "aws_vpc_peering_connection")[
      "peering-ml-warehouse/connection"
    ];
    expect(c.auto_accept).toBe(true);
    expect(c.peer_owner_id).toBeUndefined();
    expect(c.provider).toBe("aws.data-us-east-1");
  });
});

describe("transit gateways (R-NET-3)", () => {
  const tgws = byPath(net, "aws_ec2_transit_gateway");
  const attachments = byPath(net, "aws_ec2_transit_gateway_vpc_attachment");
  const attachmentAccepters = byPath(net, "aws_ec2_transit_gateway_vpc_attachment_accepter");
  const associations = byPath(net, "aws_ec2_transit_gateway_route_table_association");
  const propagations = byPath(net, "aws_ec2_transit_gateway_route_table_propagation");
  const tgwRoutes = byPath(net, "aws_ec2_transit_gateway_route");

  test("hub per config entry, in its account and region, with every default that routes implicitly off", () => {
    for (const [name, cfg] of Object.entries(dev.env.network.transitGateways)) {
      expect(tgws[`tgw-${name}/tgw`]).toMatchObject({
        provider: `aws.${cfg.account}-${cfg.region}`,
        amazon_side_asn: cfg.amazonSideAsn,
        default_route_table_association: "disable",
        default_route_table_propagation: "disable",
        auto_accept_shared_attachments: "disable",
        dns_support: "enable",
      });
      const tables = Object.keys(byPath(net, "aws_ec2_transit_gateway_route_table"))
        .filter((p) => p.startsWith(`tgw-${name}/`))
        .sort();
      expect(tables).toEqual(cfg.routeTables.map((rt) => `tgw-${name}/route-table-${rt}`).sort());
    }
  });

  test("RAM: the TGW is shared with the account ids of shareWith, from the hub account, inside the organization", () => {
    const shares = byPath(net, "aws_ram_resource_share");
    const principals = byPath(net, "aws_ram_principal_association");
    const resources = byPath(net, "aws_ram_resource_association");
    for (const [name, cfg] of Object.entries(dev.env.network.transitGateways)) {
      const share = shares[`tgw-${name}/ram-share`];
      expect(share).toMatchObject({
        provider: `aws.network-${cfg.region}`,
        allow_external_principals: false,
      });
      const mine = Object.entries(principals).filter(([p]) => p.startsWith(`tgw-${name}/`));
      expect(mine.map(([, r]) => r.principal).sort()).toEqual(cfg.shareWith.map((a) => ids[a]).sort());
      for (const [, r] of mine)
        expect(r.resource_share_arn).toBe(ref(net, "aws_ram_resource_share", `tgw-${name}/ram-share`, "arn"));
      expect(resources[`tgw-${name}/ram-resource`].resource_arn).toBe(
        ref(net, "aws_ec2_transit_gateway", `tgw-${name}/tgw`, "arn"),
      );
    }
  });

  test("hub-account VPC: attached with the hub provider, nothing to accept", () => {
    expect(attachments["tgw-hub-east/attachment-shared/attachment"]).toMatchObject({
      provider: "aws.network-us-east-1",
      vpc_id: ref(net, "aws_vpc", "vpc-shared/vpc"),
      subnet_ids: ["us-east-1a", "us-east-1b"].map((az) =>
        ref(net, "aws_subnet", `vpc-shared/subnet-tgw-${az}`),
      ),
      transit_gateway_default_route_table_association: false,
      transit_gateway_default_route_table_propagation: false,
    });
    expect(attachmentAccepters["tgw-hub-east/attachment-shared/accepter"]).toBeUndefined();
  });

  test("spoke VPC in another account: requested by the spoke provider after the RAM share, accepted by the hub provider", () => {
    const spoke = attachments["tgw-hub-east/attachment-warehouse/attachment"];
    expect(spoke).toMatchObject({
      provider: "aws.data-us-east-1",
      transit_gateway_id: ref(net, "aws_ec2_transit_gateway", "tgw-hub-east/tgw"),
      subnet_ids: ["us-east-1a", "us-east-1b"].map((az) =>
        ref(net, "aws_subnet", `vpc-warehouse/subnet-tgw-${az}`),
      ),
    });
    expect(spoke.depends_on).toEqual(
      expect.arrayContaining([
        byPath(net, "aws_ram_resource_association")["tgw-hub-east/ram-resource"].address,
      ]),
    );
    expect(attachmentAccepters["tgw-hub-east/attachment-warehouse/accepter"]).toMatchObject({
      provider: "aws.network-us-east-1",
      transit_gateway_attachment_id: ref(
        net,
        "aws_ec2_transit_gateway_vpc_attachment",
        "tgw-hub-east/attachment-warehouse/attachment",
      ),
    });
    expect(attachmentAccepters["tgw-hub-west/attachment-datastore/accepter"].provider).toBe(
      "aws.network-us-west-2",
    );
  });

  test("associations and propagations from config, owned by the hub account", () => {
    const accepted = ref(
      net,
      "aws_ec2_transit_gateway_vpc_attachment_accepter",
      "tgw-hub-east/attachment-warehouse/accepter",
    );
    expect(associations["tgw-hub-east/attachment-warehouse/association"]).toMatchObject({
      provider: "aws.network-us-east-1",
      transit_gateway_attachment_id: accepted,
      transit_gateway_route_table_id: ref(
        net,
        "aws_ec2_transit_gateway_route_table",
        "tgw-hub-east/route-table-spokes",
      ),
    });
    expect(propagations["tgw-hub-east/attachment-warehouse/propagation-shared"]).toMatchObject({
      provider: "aws.network-us-east-1",
      transit_gateway_attachment_id: accepted,
      transit_gateway_route_table_id: ref(
        net,
        "aws_ec2_transit_gateway_route_table",
        "tgw-hub-east/route-table-shared",
      ),
    });
    expect(
      Object.keys(propagations).filter((p) => p.startsWith("tgw-hub-east/attachment-warehouse/")),
    ).toHaveLength(1);
  });

  test("VPC routes toward the TGW for routeCidrs in the routeTiers route tables, after acceptance", () => {
    const routes = byPath(net, "aws_route");
    const accepter = attachmentAccepters["tgw-hub-east/attachment-analytics/accepter"].address;
    for (const az of ["us-east-1a", "us-east-1b"])
      for (const cidr of ["10.0.0.0/16", "10.32.0.0/16"]) {
        const key = `tgw-hub-east/attachment-analytics/vpc-routes/private-${az}-${cidr.replace(/[./]/g, "-")}`;
        expect(routes[key]).toMatchObject({
          provider: "aws.analytics-us-east-1",
          route_table_id: ref(net, "aws_route_table", `vpc-analytics/rt-private-${az}`),
          destination_cidr_block: cidr,
          transit_gateway_id: ref(net, "aws_ec2_transit_gateway", "tgw-hub-east/tgw"),
          depends_on: [accepter],
        });
      }
  });

  test("TGW peering: requester attachment in region A, accepter in region B, associated on both sides", () => {
    const att = byPath(net, "aws_ec2_transit_gateway_peering_attachment")["tgw-peering-east-west/attachment"];
    expect(att).toMatchObject({
      provider: "aws.network-us-east-1",
      transit_gateway_id: ref(net, "aws_ec2_transit_gateway", "tgw-hub-east/tgw"),
      peer_transit_gateway_id: ref(net, "aws_ec2_transit_gateway", "tgw-hub-west/tgw"),
      peer_region: "us-west-2",
      peer_account_id: ids.network,
    });
    expect(
      byPath(net, "aws_ec2_transit_gateway_peering_attachment_accepter")["tgw-peering-east-west/accepter"]
        .provider,
    ).toBe("aws.network-us-west-2");
    expect(associations["tgw-peering-east-west/requester-association"].transit_gateway_route_table_id).toBe(
      ref(net, "aws_ec2_transit_gateway_route_table", "tgw-hub-east/route-table-shared"),
    );
    expect(associations["tgw-peering-east-west/accepter-association"]).toMatchObject({
      provider: "aws.network-us-west-2",
      transit_gateway_route_table_id: ref(
        net,
        "aws_ec2_transit_gateway_route_table",
        "tgw-hub-west/route-table-regional",
      ),
    });
  });

  test("static routes both ways (to the peering), blackhole routes, keyed by route table and CIDR", () => {
    const peering = ref(
      net,
      "aws_ec2_transit_gateway_peering_attachment",
      "tgw-peering-east-west/attachment",
    );
    const accepted = ref(
      net,
      "aws_ec2_transit_gateway_peering_attachment_accepter",
      "tgw-peering-east-west/accepter",
    );
    const accepterAddress = byPath(net, "aws_ec2_transit_gateway_peering_attachment_accepter")[
      "tgw-peering-east-west/accepter"
    ].address;
    expect(Object.keys(tgwRoutes).sort()).toEqual([
      "tgw-hub-east/route-shared-10-32-0-0-16",
      "tgw-hub-east/route-spokes-10-255-0-0-16",
      "tgw-hub-east/route-spokes-10-32-0-0-16",
      "tgw-hub-west/route-regional-10-0-0-0-16",
      "tgw-hub-west/route-regional-10-40-0-0-16",
    ]);
    for (const rt of ["shared", "spokes"])
      expect(tgwRoutes[`tgw-hub-east/route-${rt}-10-32-0-0-16`]).toMatchObject({
        provider: "aws.network-us-east-1",
        transit_gateway_attachment_id: peering,
        depends_on: [accepterAddress],
      });
    for (const cidr of ["10-0-0-0-16", "10-40-0-0-16"])
      expect(tgwRoutes[`tgw-hub-west/route-regional-${cidr}`]).toMatchObject({
        provider: "aws.network-us-west-2",
        transit_gateway_attachment_id: accepted,
      });
    const blackhole = tgwRoutes["tgw-hub-east/route-spokes-10-255-0-0-16"];
    expect(blackhole).toMatchObject({ blackhole: true, destination_cidr_block: "10.255.0.0/16" });
    expect(blackhole.transit_gateway_attachment_id).toBeUndefined();
  });

  test("a static route to an attached VPC targets that VPC's attachment", () => {
    const withVpcRoute = synthEnvironment("dev", {}, (env) => {
      const hub = env.network.transitGateways["hub-east"];
      return {
        ...env,
        network: {
          ...env.network,
          transitGateways: {
            ...env.network.transitGateways,
            "hub-east": {
              ...hub,
              staticRoutes: [
                ...hub.staticRoutes,
                { routeTable: "spokes", cidr: "10.0.0.0/8", target: "shared", blackhole: false },
              ],
            },
          },
        },
      };
    });
    const s = withVpcRoute.json["dev-network"];
    expect(byPath(s, "aws_ec2_transit_gateway_route")["tgw-hub-east/route-spokes-10-0-0-0-8"]).toMatchObject({
      transit_gateway_attachment_id: ref(
        s,
        "aws_ec2_transit_gateway_vpc_attachment",
        "tgw-hub-east/attachment-shared/attachment",
      ),
      transit_gateway_route_table_id: ref(
        s,
        "aws_ec2_transit_gateway_route_table",
        "tgw-hub-east/route-table-spokes",
      ),
    });
  });
});

describe("every route is addressed by name, never by list position", () => {
  test.each(["aws_route", "aws_ec2_transit_gateway_route"])(
    "%s paths name the route table and the CIDR",
    (type) => {
      for (const p of Object.keys(byPath(net, type))) {
        const withoutCidr = p.replace(/-\d+-\d+-\d+-\d+-\d+$/, "");
        expect({ p, cidrOrDefault: withoutCidr !== p || p.endsWith("-default") }).toEqual({
          p,
          cidrOrDefault: true,
        });
        expect(withoutCidr).not.toMatch(/(^|[/_-])\d+($|[/_-])/);
      }
    },
  );

  test("inserting a peering and a static route first leaves every existing address in place", () => {
    const more = synthEnvironment("dev", {}, (env) => {
      const hub = env.network.transitGateways["hub-east"];
      return {
        ...env,
        network: {
          ...env.network,
          peerings: {
            "shared-ml": { ...env.network.peerings["ml-warehouse"], requester: "shared", accepter: "ml" },
            ...env.network.peerings,
          },
          transitGateways: {
            ...env.network.transitGateways,
            "hub-east": {
              ...hub,
              staticRoutes: [
                { routeTable: "spokes", cidr: "10.254.0.0/16", blackhole: true },
                ...hub.staticRoutes,
              ],
            },
          },
        },
      };
    }).json["dev-network"];
    for (const type of ["aws_route", "aws_ec2_transit_gateway_route", "aws_vpc_peering_connection"]) {
      const before = Object.keys(net.resource[type]);
      const after = Object.keys(more.resource[type]);
      expect(after).toEqual(expect.arrayContaining(before));
      expect(after.length).toBeGreaterThan(before.length);
    }
  });
});

describe("PrivateLink (R-NET-4)", () => {
  const endpoints = byPath(net, "aws_vpc_endpoint");

  test("interface endpoints: private DNS on, one subnet per AZ of the subnetTier, the endpoints SG", () => {
    const ml = dev.env.network.vpcs.ml;
    for (const key of ml.endpoints!.interface) {
      expect(endpoints[`endpoints-ml/interface-${key}`]).toMatchObject({
        provider: "aws.ml-us-east-1",
        vpc_endpoint_type: "Interface",
        private_dns_enabled: true,
        subnet_ids: ml.azs.map((az) => ref(net, "aws_subnet", `vpc-ml/subnet-private-${az}`)),
        security_group_ids: [ref(net, "aws_security_group", "endpoints-ml/endpoints-sg")],
      });
    }
    expect(endpoints["endpoints-ml/interface-sts"].service_name).toBe("com.amazonaws.us-east-1.sts");
    expect(endpoints["endpoints-ml/interface-ecr-dkr"].service_name).toBe("com.amazonaws.us-east-1.ecr.dkr");
    expect(endpoints["endpoints-ml/interface-sagemaker-notebook"].service_name).toBe(
      "aws.sagemaker.us-east-1.notebook",
    );
  });

  test("prod places interface endpoints in all three AZs", () => {
    const prod = synthEnvironment("prod").json["prod-network"];
    expect(byPath(prod, "aws_vpc_endpoint")["endpoints-ml/interface-sts"].subnet_ids).toHaveLength(3);
  });

  test("the endpoints SG admits 443 from the VPC and the networks connected to it, nothing else", () => {
    const rules = Object.entries(byPath(net, "aws_vpc_security_group_ingress_rule"))
      .filter(([p]) => p.startsWith("endpoints-ingest/"))
      .map(([, r]) => r);
    expect(rules.map((r) => [r.cidr_ipv4, r.ip_protocol, r.from_port, r.to_port]).sort()).toEqual([
      ["10.24.0.0/16", "tcp", 443, 443],
      ["10.32.0.0/16", "tcp", 443, 443],
    ]);
    const sg = byPath(net, "aws_security_group")["endpoints-ingest/endpoints-sg"];
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  test("connected networks: peers, VPCs on the same TGW, VPCs on a directly peered TGW", () => {
    expect(connectedCidrs(dev.env, "ml")).toEqual(["10.16.0.0/16"]);
    expect(connectedCidrs(dev.env, "ingest")).toEqual(["10.32.0.0/16"]);
    // analytics: shared + warehouse on hub-east, datastore on hub-west (peered with hub-east).
    expect(connectedCidrs(dev.env, "analytics")).toEqual(["10.0.0.0/16", "10.16.0.0/16", "10.32.0.0/16"]);
    // warehouse: ml (peering) + hub-east + hub-west VPCs.
    expect(connectedCidrs(dev.env, "warehouse")).toEqual([
      "10.0.0.0/16",
      "10.32.0.0/16",
      "10.40.0.0/16",
      "10.8.0.0/16",
    ]);
  });

  test("gateway endpoints on the route tables of routeTiers", () => {
    const s3 = endpoints["endpoints-ingest/gateway-s3"];
    expect(s3).toMatchObject({ vpc_endpoint_type: "Gateway", service_name: "com.amazonaws.us-east-1.s3" });
    expect([...s3.route_table_ids].sort()).toEqual(
      ["private", "glue"]
        .flatMap((t) =>
          ["us-east-1a", "us-east-1b"].map((az) => ref(net, "aws_route_table", `vpc-ingest/rt-${t}-${az}`)),
        )
        .sort(),
    );
    expect(endpoints["endpoints-analytics/gateway-s3"]).toBeDefined();
    // No interface endpoints in analytics: no endpoints SG either.
    expect(byPath(net, "aws_security_group")["endpoints-analytics/endpoints-sg"]).toBeUndefined();
  });
});

describe("EMR subnets (emrSubnetTiers)", () => {
  test("only the configured tiers of the analytics VPC carry the EMR managed-policy tag", () => {
    const tagged = resourcesOf(net)
      .filter(([t, , cfg]) => t === "aws_subnet" && cfg.tags?.[EMR_SUBNET_TAG] !== undefined)
      .map(([, , cfg]) => [cfg["//"].metadata.path, cfg.tags[EMR_SUBNET_TAG]]);
    expect(tagged.sort()).toEqual([
      ["dev-network/vpc-analytics/subnet-private-us-east-1a", "true"],
      ["dev-network/vpc-analytics/subnet-private-us-east-1b", "true"],
    ]);
  });

  test.each(["dev", "staging", "prod"])("%s: the analytics VPC tags its private subnets", (name) => {
    const { env } = name === "dev" ? dev : synthEnvironment(name);
    expect(env.network.vpcs.analytics.emrSubnetTiers).toEqual(["private"]);
  });
});

describe("sample environments exercise every networking scenario", () => {
  test.each(["dev", "staging", "prod"])("%s", (name) => {
    const { env } = name === "dev" ? dev : synthEnvironment(name);
    const n = env.network;
    const acct = (a: string) => env.accounts[a].id;
    // A hub TGW in region A shared by RAM with spokes attached, a TGW in region B, peered, routes both ways.
    const [reqName, tp] = Object.entries(n.tgwPeerings)[0];
    const req = n.transitGateways[tp.requester];
    const acc = n.transitGateways[tp.accepter];
    expect(req.region).not.toBe(acc.region);
    expect(req.shareWith.length).toBeGreaterThan(0);
    expect(
      Object.values(n.vpcs).filter(
        (v, i) => Object.keys(n.vpcs)[i] in req.attachments && acct(v.account) !== acct(req.account),
      ).length,
    ).toBeGreaterThan(0);
    expect(req.staticRoutes.some((r) => r.target === reqName)).toBe(true);
    expect(acc.staticRoutes.some((r) => r.target === reqName)).toBe(true);
    // Cross-account same-region peering with DNS, and a cross-region peering.
    const peerings = Object.values(n.peerings).map(
      (p) => [n.vpcs[p.requester], n.vpcs[p.accepter], p] as const,
    );
    expect(
      peerings.some(
        ([a, b, p]) =>
          a.region === b.region &&
          acct(a.account) !== acct(b.account) &&
          p.allowRemoteVpcDnsResolution.requester &&
          p.allowRemoteVpcDnsResolution.accepter,
      ),
    ).toBe(true);
    expect(peerings.some(([a, b]) => a.region !== b.region)).toBe(true);
    // The standard endpoint set somewhere.
    const standard = ["sts", "ecr-api", "ecr-dkr", "elasticloadbalancing", "autoscaling"];
    expect(
      Object.values(n.vpcs).some(
        (v) =>
          v.endpoints?.gateway.includes("s3") && standard.every((s) => v.endpoints!.interface.includes(s)),
      ),
    ).toBe(true);
  });
});
