import { ConfigError, validateEnvironment } from "../../config";
import { devCopy, rejectionOf } from "../helpers/environments";

type Env = ReturnType<typeof devCopy>;
const FILE = "config/environments/dev.ts";

const problemsOf = (mutate: (e: Env) => void): ConfigError => rejectionOf(mutate);

/**
 * One broken config per rule: [rule, how to break the dev sample, the path named, the message/fix expected].
 * Each message must name the file, the path in the config, and a fix.
 */
const CASES: Array<[string, (e: Env) => void, string, RegExp]> = [
  [
    "unknown key (typo) with a suggestion",
    (e) => (e.network.vpcs.ml.natGatway = "single"),
    "network.vpcs.ml.natGatway",
    /is not a known setting[\s\S]*did you mean "natGateways"/,
  ],
  ["unknown top-level key", (e) => (e.netwrok = {}), "netwrok", /did you mean "network"/],
  ["missing required field", (e) => delete e.network.vpcs.ml.cidr, "network.vpcs.ml.cidr", /is required/],
  [
    "bad enum",
    (e) => (e.network.vpcs.ml.natGateways = "two"),
    "network.vpcs.ml.natGateways",
    /must be one of "none", "single", "per-az"/,
  ],
  [
    "malformed account id",
    (e) => (e.accounts.ml.id = "12345"),
    "accounts.ml.id",
    /not a 12-digit AWS account id[\s\S]*fix: write the account id as a quoted 12-digit string/,
  ],
  [
    "duplicate account id",
    (e) => (e.accounts.ml.id = e.accounts.data.id),
    "accounts.ml.id",
    /same account id as accounts\.data/,
  ],
  [
    "invalid deploy role name",
    (e) => (e.accounts.ml.deployRoleName = "bad role!"),
    "accounts.ml.deployRoleName",
    /not a valid IAM role name/,
  ],
  [
    "absolute local state dir",
    (e) => (e.backend = { type: "local", dir: "/var/state" }),
    "backend.dir",
    /must be a path inside the project/,
  ],
  [
    "s3 backend in an unknown region",
    (e) => (e.backend = { type: "s3", bucket: "b", region: "us-east-9" }),
    "backend.region",
    /not an AWS region/,
  ],
  [
    "unknown account reference",
    (e) => (e.network.vpcs.ml.account = "mll"),
    "network.vpcs.ml.account",
    /not a known account[\s\S]*did you mean "ml"/,
  ],
  [
    "unknown region",
    (e) => (e.network.vpcs.ml.region = "us-east-7"),
    "network.vpcs.ml.region",
    /not an AWS region/,
  ],
  [
    "AZ of another region",
    (e) => (e.network.vpcs.ml.azs = ["us-east-1a", "us-west-2b"]),
    "network.vpcs.ml.azs[1]",
    /not an availability zone of us-east-1/,
  ],
  ["malformed CIDR", (e) => (e.network.vpcs.ml.cidr = "10.8/16"), "network.vpcs.ml.cidr", /not an IPv4 CIDR/],
  [
    "CIDR with host bits",
    (e) => (e.network.vpcs.ml.cidr = "10.8.0.1/16"),
    "network.vpcs.ml.cidr",
    /host bits set[\s\S]*use the network address 10\.8\.0\.0\/16/,
  ],
  [
    "VPC prefix too large",
    (e) => (e.network.vpcs.ml.cidr = "10.0.0.0/8"),
    "network.vpcs.ml.cidr",
    /prefix between \/16 and \/28/,
  ],
  [
    "subnet outside its VPC",
    (e) => (e.network.vpcs.ml.subnets.private["us-east-1a"] = "10.9.16.0/20"),
    "network.vpcs.ml.subnets.private.us-east-1a",
    /outside the VPC CIDR 10\.8\.0\.0\/16/,
  ],
  [
    "overlapping subnets",
    (e) => (e.network.vpcs.ml.subnets.private["us-east-1b"] = "10.8.16.0/21"),
    "network.vpcs.ml.subnets.private.us-east-1b",
    /overlaps network\.vpcs\.ml\.subnets\.private\.us-east-1a/,
  ],
  [
    "subnet in an AZ the VPC does not span",
    (e) => (e.network.vpcs.ml.subnets.private["us-east-1c"] = "10.8.48.0/20"),
    "network.vpcs.ml.subnets.private.us-east-1c",
    /not in the VPC's azs/,
  ],
  [
    "NAT without public subnets",
    (e) => (e.network.vpcs.warehouse.natGateways = "single"),
    "network.vpcs.warehouse.natGateways",
    /needs public subnets/,
  ],
  [
    "per-AZ NAT with a public subnet missing",
    (e) => {
      e.network.vpcs.ml.natGateways = "per-az";
      delete e.network.vpcs.ml.subnets.public["us-east-1b"];
    },
    "network.vpcs.ml.natGateways",
    /missing in us-east-1b/,
  ],
  [
    "S3 flow logs without a bucket",
    (e) => (e.network.vpcs.ml.flowLogs = { destination: "s3" }),
    "network.vpcs.ml.flowLogs.s3BucketArn",
    /required when flow logs go to S3/,
  ],
  [
    "gateway endpoint for a service other than S3/DynamoDB",
    (e) => (e.network.vpcs.ml.endpoints.gateway = ["s3", "sts"]),
    "network.vpcs.ml.endpoints.gateway[1]",
    /only for s3 and dynamodb/,
  ],
  [
    "endpoint subnet tier that does not exist",
    (e) => (e.network.vpcs.ml.endpoints.subnetTier = "glue"),
    "network.vpcs.ml.endpoints.subnetTier",
    /not a subnet tier/,
  ],
  [
    "peering to an unknown VPC",
    (e) => (e.network.peerings["ml-warehouse"].accepter = "warehose"),
    "network.peerings.ml-warehouse.accepter",
    /not a known VPC[\s\S]*did you mean "warehouse"/,
  ],
  [
    "peering a VPC with itself",
    (e) => (e.network.peerings["ml-warehouse"].accepter = "ml"),
    "network.peerings.ml-warehouse.accepter",
    /same VPC as the requester/,
  ],
  [
    "peering route tier that does not exist",
    (e) => (e.network.peerings["ml-warehouse"].routeTiers = { requester: ["glue"] }),
    "network.peerings.ml-warehouse.routeTiers.requester[0]",
    /not a subnet tier of VPC ml/,
  ],
  [
    "auto-accept on a cross-account peering",
    (e) => (e.network.peerings["ml-warehouse"].autoAccept = true),
    "network.peerings.ml-warehouse.autoAccept",
    /cross-account/,
  ],
  [
    "auto-accept on a cross-region peering",
    (e) => {
      e.network.vpcs.datastore.account = "ingest";
      e.network.peerings["ingest-datastore"].autoAccept = true;
      e.network.transitGateways["hub-west"].shareWith = ["data", "ingest"];
    },
    "network.peerings.ingest-datastore.autoAccept",
    /cross-region/,
  ],
  [
    "overlapping peered VPCs",
    (e) => (e.network.vpcs.datastore.cidr = "10.24.0.0/16"),
    "network.vpcs.datastore.cidr",
    /overlaps 10\.24\.0\.0\/16 of VPC ingest, which it is peered with/,
  ],
  [
    "overlapping VPCs on the same TGW",
    (e) => {
      e.network.vpcs.analytics.cidr = "10.16.0.0/16";
      for (const t of Object.keys(e.network.vpcs.analytics.subnets))
        for (const az of Object.keys(e.network.vpcs.analytics.subnets[t]))
          e.network.vpcs.analytics.subnets[t][az] = e.network.vpcs.analytics.subnets[t][az].replace(
            "10.40.",
            "10.16.",
          );
    },
    "network.vpcs.analytics.cidr",
    /connected to through transit gateway hub-east/,
  ],
  [
    "overlapping VPCs across peered TGWs",
    (e) => {
      e.network.vpcs.datastore.cidr = "10.0.0.0/16";
      for (const t of Object.keys(e.network.vpcs.datastore.subnets))
        for (const az of Object.keys(e.network.vpcs.datastore.subnets[t]))
          e.network.vpcs.datastore.subnets[t][az] = e.network.vpcs.datastore.subnets[t][az].replace(
            "10.32.",
            "10.0.",
          );
    },
    "network.vpcs.datastore.cidr",
    /through TGW peering east-west/,
  ],
  [
    "TGW ASN out of range",
    (e) => (e.network.transitGateways["hub-east"].amazonSideAsn = 65535),
    "network.transitGateways.hub-east.amazonSideAsn",
    /64512–65534 or 4200000000–4294967294/,
  ],
  [
    "duplicate TGW ASN",
    (e) => (e.network.transitGateways["hub-west"].amazonSideAsn = 64512),
    "network.transitGateways.hub-west.amazonSideAsn",
    /also used by transit gateway hub-east/,
  ],
  [
    "TGW attachment to a VPC in another region",
    (e) => (e.network.transitGateways["hub-east"].attachments.datastore = { associateWith: "spokes" }),
    "network.transitGateways.hub-east.attachments.datastore",
    /is in us-west-2 but the transit gateway is in us-east-1/,
  ],
  [
    "TGW attachment to an unknown VPC",
    (e) => (e.network.transitGateways["hub-east"].attachments.nope = { associateWith: "spokes" }),
    "network.transitGateways.hub-east.attachments.nope",
    /not a known VPC/,
  ],
  [
    "TGW association with an unknown route table",
    (e) => (e.network.transitGateways["hub-east"].attachments.shared.associateWith = "spoke"),
    "network.transitGateways.hub-east.attachments.shared.associateWith",
    /did you mean "spokes"/,
  ],
  [
    "TGW attachment without its subnet tier",
    (e) => (e.network.transitGateways["hub-east"].attachments.shared.subnetTier = "transit"),
    "network.transitGateways.hub-east.attachments.shared.subnetTier",
    /not a subnet tier of VPC shared/,
  ],
  [
    "cross-account attachment not shared through RAM",
    (e) => (e.network.transitGateways["hub-east"].shareWith = ["data"]),
    "network.transitGateways.hub-east.shareWith",
    /does not include account analytics/,
  ],
  [
    "TGW route to an unknown target",
    (e) => (e.network.transitGateways["hub-east"].staticRoutes[0].target = "east-wset"),
    "network.transitGateways.hub-east.staticRoutes[0].target",
    /did you mean "east-west"/,
  ],
  [
    "blackhole route with a target",
    (e) => (e.network.transitGateways["hub-east"].staticRoutes[2].target = "shared"),
    "network.transitGateways.hub-east.staticRoutes[2].target",
    /set on a blackhole route/,
  ],
  [
    "TGW peering to an unknown TGW",
    (e) => (e.network.tgwPeerings["east-west"].accepter = "hub-north"),
    "network.tgwPeerings.east-west.accepter",
    /not a known transit gateway/,
  ],
  [
    "TGW peering on an unknown route table",
    (e) => (e.network.tgwPeerings["east-west"].routeTables.accepter = "spokes"),
    "network.tgwPeerings.east-west.routeTables.accepter",
    /not a route table of hub-west/,
  ],
  [
    "interface endpoint service unknown for the region",
    (e) => e.network.vpcs.ml.endpoints.interface.push("sagemaker-notebooks"),
    "network.vpcs.ml.endpoints.interface[9]",
    /not an interface endpoint service known for us-east-1[\s\S]*did you mean "sagemaker-notebook"/,
  ],
  [
    "gateway-only service listed as an interface endpoint",
    (e) => (e.network.vpcs.ingest.endpoints.interface = ["glue", "s3"]),
    "network.vpcs.ingest.endpoints.interface[1]",
    /not an interface endpoint service known for us-east-1[\s\S]*move it to endpoints\.gateway/,
  ],
  [
    "endpoint service listed twice",
    (e) => e.network.vpcs.ingest.endpoints.interface.push("sts"),
    "network.vpcs.ingest.endpoints.interface[3]",
    /repeats network\.vpcs\.ingest\.endpoints\.interface\[2\]/,
  ],
  [
    "single-AZ interface endpoints outside dev",
    (e) => {
      e.stage = "staging";
      delete e.network.vpcs.ml.subnets.private["us-east-1b"];
    },
    "network.vpcs.ml.endpoints.subnetTier",
    /one AZ only \(us-east-1a\)[\s\S]*staging is not dev/,
  ],
  [
    "EMR subnet tier that does not exist",
    (e) => (e.network.vpcs.analytics.emrSubnetTiers = ["private", "emr"]),
    "network.vpcs.analytics.emrSubnetTiers[1]",
    /not a subnet tier of this VPC/,
  ],
  [
    "TGW shared with its own account",
    (e) => e.network.transitGateways["hub-east"].shareWith.push("network"),
    "network.transitGateways.hub-east.shareWith[2]",
    /account that owns the transit gateway/,
  ],
  [
    "duplicate TGW static route",
    (e) =>
      e.network.transitGateways["hub-west"].staticRoutes.push({
        routeTable: "regional",
        cidr: "10.0.0.0/16",
        blackhole: true,
      }),
    "network.transitGateways.hub-west.staticRoutes[2].cidr",
    /already routed in route table regional by network\.transitGateways\.hub-west\.staticRoutes\[0\]/,
  ],
  [
    "TGW peering without a static route toward it on one side",
    (e) => (e.network.transitGateways["hub-west"].staticRoutes = []),
    "network.tgwPeerings.east-west.routeTables.accepter",
    /no static route to east-west in transit gateway hub-west/,
  ],
  [
    "TGW peering named like an attached VPC",
    (e) => {
      e.network.tgwPeerings.shared = e.network.tgwPeerings["east-west"];
      delete e.network.tgwPeerings["east-west"];
    },
    "network.tgwPeerings.shared",
    /name of a VPC attached to transit gateway hub-east/,
  ],
  [
    "destination routed through both a peering and the TGW",
    (e) => e.network.transitGateways["hub-east"].attachments.warehouse.routeCidrs.push("10.8.0.0/16"),
    "network.transitGateways.hub-east.attachments.warehouse.routeCidrs[1]",
    /private route tables of VPC warehouse through both VPC peering ml-warehouse and transit gateway hub-east/,
  ],
  [
    "TGW route to the VPC's own range",
    (e) => e.network.transitGateways["hub-east"].attachments.warehouse.routeCidrs.push("10.16.16.0/20"),
    "network.transitGateways.hub-east.attachments.warehouse.routeCidrs[1]",
    /inside the VPC's own CIDR 10\.16\.0\.0\/16/,
  ],
];

describe("broken configs are rejected with file, path, value and fix", () => {
  test.each(CASES)("%s", (_rule, mutate, path, expected) => {
    const err = problemsOf(mutate);
    const problem = err.problems.find((p) => p.path === path);
    expect(problem).toBeDefined();
    expect(err.message).toContain(`${FILE}: ${path}`);
    expect(err.message).toMatch(expected);
    expect(problem!.fix.length).toBeGreaterThan(10);
  });

  test("the four faults of one bad file are all reported in one run", () => {
    const err = problemsOf((e) => {
      e.network.vpcs.datastore.cidr = "10.24.0.0/16";
      for (const t of Object.keys(e.network.vpcs.datastore.subnets))
        for (const az of Object.keys(e.network.vpcs.datastore.subnets[t]))
          e.network.vpcs.datastore.subnets[t][az] = e.network.vpcs.datastore.subnets[t][az].replace(
            "10.32.",
            "10.24.",
          );
      e.network.peerings["ml-warehouse"].accepter = "warehose";
      e.accounts.ml.id = "10000000003";
      e.network.vpcs.shared.azs = ["us-east-1a", "eu-west-1b"];
    });
    const paths = err.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "network.vpcs.datastore.cidr",
        "network.peerings.ml-warehouse.accepter",
        "accounts.ml.id",
        "network.vpcs.shared.azs[1]",
      ]),
    );
  });

  test("dev may place interface endpoints in a single AZ", () => {
    const env = devCopy();
    delete env.network.vpcs.ml.subnets.private["us-east-1b"];
    expect(() => validateEnvironment(env, FILE)).not.toThrow();
  });

  test("every sample passes (no false positives)", () => {
    expect(() => validateEnvironment(devCopy(), FILE)).not.toThrow();
  });
});
