import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { VpcPeeringConnection } from "@cdktf/provider-aws/lib/vpc-peering-connection";
import { VpcPeeringConnectionAccepterA } from "@cdktf/provider-aws/lib/vpc-peering-connection-accepter";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { VpcPeering, VpcPeeringProps, VpcPeeringSide } from "@multicloud-platform/modules/vpc-peering";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

interface Built {
  stack: TerraformStack;
  peering: VpcPeering;
}

/**
 * Builds a peering between an ML VPC (consumer account 111111111111, eu-west-1) and a warehouse VPC whose
 * account/region the test chooses; each side has its own aliased provider.
 */
function build(
  accepterAccount = "222222222222",
  accepterRegion = "eu-west-1",
  overrides: Partial<VpcPeeringProps> = {},
  sideOverrides: { requester?: Partial<VpcPeeringSide>; accepter?: Partial<VpcPeeringSide> } = {},
): Built {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  const requesterProvider = new AwsProvider(stack, "consumer", { alias: "consumer", region: "eu-west-1" });
  const accepterProvider = new AwsProvider(stack, "producer", { alias: "producer", region: accepterRegion });
  const peering = new VpcPeering(stack, "peering", {
    name: "ml-to-warehouse",
    requester: {
      vpcId: "vpc-0aaaaaaaaaaaaaaaa",
      cidr: "10.10.0.0/16",
      accountId: "111111111111",
      region: "eu-west-1",
      routeTableIds: {
        "private-eu-west-1a": "rtb-0aaaaaaaaaaaaaaa1",
        "private-eu-west-1b": "rtb-0aaaaaaaaaaaaaaa2",
      },
      allowRemoteVpcDnsResolution: true,
      provider: requesterProvider,
      ...sideOverrides.requester,
    },
    accepter: {
      vpcId: "vpc-0bbbbbbbbbbbbbbbb",
      cidr: "10.20.0.0/16",
      accountId: accepterAccount,
      region: accepterRegion,
      routeTableIds: { "redshift-a": "rtb-0bbbbbbbbbbbbbbb1" },
      allowRemoteVpcDnsResolution: true,
      provider: accepterProvider,
      ...sideOverrides.accepter,
    },
    ...overrides,
  });
  return { stack, peering };
}

function byType(res: Resources, type: string): [string, Record<string, unknown>][] {
  return Object.entries(res[type] ?? {});
}

function only(res: Resources, type: string, idPart: string): [string, Record<string, unknown>] {
  const found = byType(res, type).filter(([k]) => k.includes(idPart));
  expect(found).toHaveLength(1);
  return found[0];
}

describe("VpcPeering: cross-account, same region (ML consumer ↔ warehouse producer)", () => {
  let synth: string;
  let res: Resources;
  let peering: VpcPeering;
  let accepterId: string;
  let built: Built;

  beforeAll(() => {
    built = build();
    peering = built.peering;
    new TerraformOutput(built.stack, "connection_id", { value: peering.connectionId });
    synth = Testing.synth(built.stack);
    res = JSON.parse(synth).resource;
    accepterId = `aws_vpc_peering_connection_accepter.${only(res, "aws_vpc_peering_connection_accepter", "accepter")[0]}`;
  });

  it("requests with the requester provider, naming the peer account but not the region, without auto-accept", () => {
    const [, conn] = only(res, "aws_vpc_peering_connection", "connection");
    expect(conn).toMatchObject({
      provider: "aws.consumer",
      vpc_id: "vpc-0aaaaaaaaaaaaaaaa",
      peer_vpc_id: "vpc-0bbbbbbbbbbbbbbbb",
      peer_owner_id: "222222222222",
    });
    expect(conn.peer_region).toBeUndefined();
    expect(conn.auto_accept).toBeUndefined();
    expect(peering.autoAccept).toBe(false);
  });

  it("accepts with the accepter provider, tagging both views alike", () => {
    const [connKey, conn] = only(res, "aws_vpc_peering_connection", "connection");
    const [, acc] = only(res, "aws_vpc_peering_connection_accepter", "accepter");
    expect(acc.tags).toEqual({ Name: "ml-to-warehouse" });
    expect(conn.tags).toEqual(acc.tags);
    expect(synth).toHaveResourceWithProperties(VpcPeeringConnectionAccepterA, {
      provider: "aws.producer",
      auto_accept: true,
      vpc_peering_connection_id: `\${aws_vpc_peering_connection.${connKey}.id}`,
    });
  });

  it("sets each side's DNS option with that side's provider after acceptance", () => {
    const [, req] = only(res, "aws_vpc_peering_connection_options", "requester-options");
    const [, acc] = only(res, "aws_vpc_peering_connection_options", "accepter-options");
    expect(req).toMatchObject({
      provider: "aws.consumer",
      requester: { allow_remote_vpc_dns_resolution: true },
      depends_on: [accepterId],
      vpc_peering_connection_id: `\${${accepterId}.vpc_peering_connection_id}`,
    });
    expect(req.accepter).toBeUndefined();
    expect(acc).toMatchObject({
      provider: "aws.producer",
      accepter: { allow_remote_vpc_dns_resolution: true },
      depends_on: [accepterId],
    });
    expect(acc.requester).toBeUndefined();
  });

  it("routes to the peer CIDR from every route table on both sides, keyed by table name and CIDR", () => {
    const routes = byType(res, "aws_route");
    expect(routes).toHaveLength(3);
    const expected: [string, string, string, string][] = [
      [
        "route-requester-private-eu-west-1a-to-10-20-0-0-16",
        "aws.consumer",
        "rtb-0aaaaaaaaaaaaaaa1",
        "10.20.0.0/16",
      ],
      [
        "route-requester-private-eu-west-1b-to-10-20-0-0-16",
        "aws.consumer",
        "rtb-0aaaaaaaaaaaaaaa2",
        "10.20.0.0/16",
      ],
      ["route-accepter-redshift-a-to-10-10-0-0-16", "aws.producer", "rtb-0bbbbbbbbbbbbbbb1", "10.10.0.0/16"],
    ];
    for (const [id, provider, rtb, cidr] of expected) {
      const [, route] = only(res, "aws_route", `_${id}_`);
      expect(route).toMatchObject({
        provider,
        route_table_id: rtb,
        destination_cidr_block: cidr,
        vpc_peering_connection_id: `\${${accepterId}.vpc_peering_connection_id}`,
        depends_on: [accepterId],
      });
    }
  });

  it("exposes the connection id and routes by route table name", () => {
    expect(peering.connectionId).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    const [connKey] = only(res, "aws_vpc_peering_connection", "connection");
    expect(JSON.parse(synth).output.connection_id.value).toBe(`\${aws_vpc_peering_connection.${connKey}.id}`);
    expect(Object.keys(peering.requesterRoutes)).toEqual(["private-eu-west-1a", "private-eu-west-1b"]);
    expect(Object.keys(peering.accepterRoutes)).toEqual(["redshift-a"]);
    expect(peering.sameAccount).toBe(false);
    expect(peering.sameRegion).toBe(true);
  });
});

describe("VpcPeering: cross-account, cross-region", () => {
  let res: Resources;
  beforeAll(() => {
    res = JSON.parse(Testing.synth(build("222222222222", "us-east-1").stack)).resource;
  });

  it("names the peer account and region, never auto-accepts on the requester", () => {
    const [, conn] = only(res, "aws_vpc_peering_connection", "connection");
    expect(conn).toMatchObject({ peer_owner_id: "222222222222", peer_region: "us-east-1" });
    expect(conn.auto_accept).toBeUndefined();
  });
});

describe("VpcPeering: same account, other region", () => {
  it("sets only peer_region", () => {
    const res: Resources = JSON.parse(Testing.synth(build("111111111111", "us-east-1").stack)).resource;
    const [, conn] = only(res, "aws_vpc_peering_connection", "connection");
    expect(conn.peer_region).toBe("us-east-1");
    expect(conn.peer_owner_id).toBeUndefined();
    expect(conn.auto_accept).toBeUndefined();
  });
});

describe("VpcPeering: same account and region", () => {
  let synth: string;
  let res: Resources;
  beforeAll(() => {
    synth = Testing.synth(build("111111111111", "eu-west-1").stack);
    res = JSON.parse(synth).resource;
  });

  it("auto-accepts on the requester and omits peer account and region", () => {
    expect(synth).toHaveResourceWithProperties(VpcPeeringConnection, { auto_accept: true });
    const [, conn] = only(res, "aws_vpc_peering_connection", "connection");
    expect(conn.peer_owner_id).toBeUndefined();
    expect(conn.peer_region).toBeUndefined();
  });

  it("still creates the accepter and both options resources", () => {
    expect(byType(res, "aws_vpc_peering_connection_accepter")).toHaveLength(1);
    expect(byType(res, "aws_vpc_peering_connection_options")).toHaveLength(2);
  });

  it("can opt out of auto-accept", () => {
    const r: Resources = JSON.parse(
      Testing.synth(build("111111111111", "eu-west-1", { autoAccept: false }).stack),
    ).resource;
    expect(only(r, "aws_vpc_peering_connection", "connection")[1].auto_accept).toBeUndefined();
  });
});

describe("VpcPeering: DNS resolution defaults", () => {
  it("turns remote DNS resolution off unless asked", () => {
    const { stack } = build(
      "222222222222",
      "eu-west-1",
      {},
      {
        requester: { allowRemoteVpcDnsResolution: undefined },
        accepter: { allowRemoteVpcDnsResolution: undefined },
      },
    );
    const res: Resources = JSON.parse(Testing.synth(stack)).resource;
    expect(only(res, "aws_vpc_peering_connection_options", "requester-options")[1].requester).toEqual({
      allow_remote_vpc_dns_resolution: false,
    });
    expect(only(res, "aws_vpc_peering_connection_options", "accepter-options")[1].accepter).toEqual({
      allow_remote_vpc_dns_resolution: false,
    });
  });
});

describe("VpcPeering: validation", () => {
  it("rejects auto-accept across accounts", () => {
    expect(() => build("222222222222", "eu-west-1", { autoAccept: true })).toThrow(
      /invalid autoAccept = true: the EC2 API allows auto-accept only within one account and region.*Fix: remove autoAccept/,
    );
  });

  it("rejects auto-accept across regions", () => {
    expect(() => build("111111111111", "us-east-1", { autoAccept: true })).toThrow(
      /invalid autoAccept = true.*Fix: remove autoAccept/,
    );
  });

  it.each<[string, { requester?: Partial<VpcPeeringSide>; accepter?: Partial<VpcPeeringSide> }, RegExp]>([
    [
      "overlapping CIDRs",
      { accepter: { cidr: "10.10.128.0/17" } },
      /accepter\.cidr = "10.10.128.0\/17".*overlaps requester\.cidr 10.10.0.0\/16.*Fix: peer VPCs with disjoint ranges/,
    ],
    [
      "a malformed CIDR",
      { requester: { cidr: "10.10.0.0" } },
      /requester\.cidr = "10.10.0.0".*Fix: write it as a\.b\.c\.d\/n/,
    ],
    [
      "host bits in a CIDR",
      { accepter: { cidr: "10.20.1.0/16" } },
      /accepter\.cidr.*Fix: use the network address 10.20.0.0\/16/,
    ],
    [
      "no requester route tables",
      { requester: { routeTableIds: {} } },
      /requester\.routeTableIds = \{\}.*Fix: add the requester VPC's route tables/,
    ],
    [
      "no accepter route tables",
      { accepter: { routeTableIds: {} } },
      /accepter\.routeTableIds = \{\}.*Fix: add the accepter VPC's route tables/,
    ],
    [
      "a short account id",
      { accepter: { accountId: "22222222222" } },
      /accepter\.accountId = "22222222222".*Fix: quote it as a 12-digit string/,
    ],
    [
      "a bad region",
      { requester: { region: "EU" } },
      /requester\.region = "EU".*Fix: use e\.g\. "eu-west-1"/,
    ],
    [
      "a route table name unfit for an address",
      { requester: { routeTableIds: { "a b": "rtb-1" } } },
      /requester\.routeTableIds = "a b".*Fix: use names like/,
    ],
    [
      "peering a VPC with itself",
      { accepter: { vpcId: "vpc-0aaaaaaaaaaaaaaaa" } },
      /accepter\.vpcId = "vpc-0aaaaaaaaaaaaaaaa": is the requester's VPC.*Fix: peer two different VPCs/,
    ],
  ])("rejects %s", (_label, sides, message) => {
    expect(() => build("222222222222", "eu-west-1", {}, sides)).toThrow(message);
  });

  it("rejects a missing side provider", () => {
    expect(() =>
      build("222222222222", "eu-west-1", {}, { accepter: { provider: undefined as never } }),
    ).toThrow(/accepter\.provider.*is required.*Fix: pass the AwsProvider/);
  });
});
