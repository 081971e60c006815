/**
 * SageMaker Studio → Redshift (R-IAM-4): placements, the intents the Studio and warehouse groups hold, user
 * profile names, and the role chain are verified before synth.
 */
import { ConfigError, validateEnvironment } from "../../config";
import { roleChain } from "../../config/ml";
import { DEV_FILE, rejectionOf } from "../helpers/environments";
import { devWithStudio } from "../helpers/partners";

type Env = ReturnType<typeof devWithStudio>;
const access = (e: Env) => e.identity.redshiftAccess["sagemaker-redshift"];

const CASES: Array<[string, (e: Env) => void, string, RegExp]> = [
  [
    "a redshiftAccess entry that does not exist",
    (e) => (e.ml.studio.redshiftAccess = "sagemaker-redshfit"),
    "ml.studio.redshiftAccess",
    /is not an identity\.redshiftAccess entry[\s\S]*did you mean "sagemaker-redshift"/,
  ],
  [
    "a consumer account that is not the Studio's",
    (e) => {
      e.accounts.sandbox = { id: "100000000009" };
      access(e).consumerAccount = "sandbox";
    },
    "identity.redshiftAccess.sagemaker-redshift.consumerAccount",
    /is not the Studio domain's account ml, whose execution role is the consumer role/,
  ],
  [
    "a producer account that is not the warehouse's",
    (e) => (access(e).producerAccount = "analytics"),
    "identity.redshiftAccess.sagemaker-redshift.producerAccount",
    /is not the warehouse's account data/,
  ],
  [
    "a producer role in another region than the warehouse",
    (e) => (access(e).region = "us-west-2"),
    "identity.redshiftAccess.sagemaker-redshift.region",
    /is not the warehouse's region us-east-1/,
  ],
  [
    "a cluster the producer role does not grant",
    (e) => (e.ml.warehouse.cluster.identifier = "dev-warehouse-2"),
    "ml.warehouse.cluster.identifier",
    /is not identity\.redshiftAccess\.sagemaker-redshift\.clusterIdentifier \(dev-warehouse\)/,
  ],
  [
    "a database nobody may get credentials for",
    (e) => (e.ml.warehouse.cluster.databaseName = "sales"),
    "ml.warehouse.cluster.databaseName",
    /is not in identity\.redshiftAccess\.sagemaker-redshift\.databases \(analytics\)/,
  ],
  [
    "enhanced VPC routing without an S3 gateway endpoint",
    (e) => delete e.network.vpcs.warehouse.endpoints,
    "ml.warehouse.cluster.enhancedVpcRouting",
    /has no S3 gateway endpoint on private/,
  ],
  [
    "a user profile with upper case",
    (e) => (e.ml.studio.userProfiles = ["Alice"]),
    "ml.studio.userProfiles[0]",
    /must be 2-63 lowercase letters, digits and single hyphens, starting with a letter/,
  ],
  [
    "a user profile starting with a digit (not a Redshift user)",
    (e) => (e.ml.studio.userProfiles = ["1alice"]),
    "ml.studio.userProfiles[0]",
    /starting with a letter/,
  ],
  [
    "a user profile that is a Redshift reserved word",
    (e) => (e.ml.studio.userProfiles = ["user"]),
    "ml.studio.userProfiles[0]",
    /is a Redshift reserved word/,
  ],
  [
    "the Studio in public subnets",
    (e) => (e.ml.studio.subnetTier = "public"),
    "ml.studio.subnetTier",
    /routes to the internet gateway, but a VpcOnly domain must use private subnets only/,
  ],
  [
    "a VpcOnly domain without NAT or SageMaker endpoints",
    (e) => {
      e.network.vpcs.ml.natGateways = "none";
      e.network.vpcs.ml.endpoints.interface = ["sts", "redshift"];
      e.ml.studio.intents = ["ml-warehouse", "ml-sts"];
      delete e.intents["ml-sagemaker-api"];
      delete e.intents["ml-sagemaker-runtime"];
      delete e.intents["ml-redshift-api"];
    },
    "ml.studio.subnetTier",
    /lacks the sagemaker-api and sagemaker-runtime endpoint\(s\), so VpcOnly Studio apps cannot start/,
  ],
  [
    "a Studio intent that starts elsewhere",
    (e) => e.ml.studio.intents.push("analytics-shared"),
    "ml.studio.intents[6]",
    /starts at "analytics\/private", not at ml\/private, so its egress does not belong to this group/,
  ],
  [
    "a warehouse intent that does not reach the warehouse port",
    (e) => {
      e.intents["ml-warehouse"].ports = [5432];
    },
    "ml.warehouse.intents[0]",
    /does not include the warehouse port 5439/,
  ],
  [
    "no intent from the Studio to the warehouse in both lists",
    (e) => (e.ml.studio.intents = e.ml.studio.intents.filter((n: string) => n !== "ml-warehouse")),
    "ml.warehouse.intents",
    /has no intent from the Studio \(ml\/private\) to the warehouse \(warehouse\/private\) on 5439 that ml\.studio\.intents lists too/,
  ],
  [
    "an intent to the warehouse port that the warehouse's group leaves out",
    (e) => {
      e.intents["analytics-warehouse-sql"] = {
        from: "analytics/private",
        to: "warehouse/private",
        ports: [5439],
      };
    },
    "ml.warehouse.intents",
    /leaves out intent analytics-warehouse-sql \(analytics\/private → warehouse\/private on 5439\), so the cluster's security group would not admit it[\s\S]*fix: add "analytics-warehouse-sql" to ml\.warehouse\.intents/,
  ],
  [
    "a master user name Redshift refuses",
    (e) => (e.ml.warehouse.cluster.masterUsername = "1admin"),
    "ml.warehouse.cluster.masterUsername",
    /is not a Redshift user name/,
  ],
];

describe("SageMaker Studio → Redshift is verified before synth", () => {
  test("the sample validates", () => {
    expect(() => validateEnvironment(devWithStudio(), DEV_FILE)).not.toThrow();
  });
  test.each(CASES)("fails on %s", (_rule, mutate, path, expected) => {
    const err: ConfigError = rejectionOf(mutate, devWithStudio);
    expect(err.problems.find((p) => p.path === path)).toBeDefined();
    expect(err.message).toContain(`${DEV_FILE}: ${path}`);
    expect(err.message).toMatch(expected);
  });

  test("the role chain, hop by hop: profile → execution role → producer role → database user", () => {
    const chain = roleChain(validateEnvironment(devWithStudio(), DEV_FILE))!;
    expect(chain).toMatchObject({
      domain: "dev-studio",
      profiles: ["alice", "bob-smith"],
      executionRoleArn: "arn:aws:iam::100000000003:role/service-role/dev-sagemaker-notebooks",
      producerRoleArn: "arn:aws:iam::100000000002:role/dev-sagemaker-redshift",
      cluster: "dev-warehouse",
    });
    expect(chain.hops.at(-1)).toBe(
      "→ redshift:GetClusterCredentials on dbuser:dev-warehouse/${aws:SourceIdentity} with redshift:DbUser = ${aws:SourceIdentity} (databases analytics): database user alice",
    );
  });

  test("the Studio → warehouse intent is proved like any other: a broken return route stops synth", () => {
    const err = rejectionOf(
      (e) => (e.network.peerings["ml-warehouse"].routeTiers = { requester: ["private"], accepter: ["tgw"] }),
      devWithStudio,
    );
    expect(err.problems.find((p) => p.path === "intents.ml-warehouse")?.message).toMatch(
      /^return traffic: no route/,
    );
  });
});
