/**
 * The hostile-input corpus: bad (and tricky but valid) environment configs, grouped by what they attack,
 * each with its expected outcome. A rejection names the file, the config path, what is wrong and a fix (and
 * never echoes a secret); an acceptance is synthesized and its JSON checked. corpus.test.ts runs them.
 */
import { ENVIRONMENTS } from "../../config/environments";
import { REGISTERED, unregisteredName } from "../helpers/environments";

export type Category =
  | "template sequences"
  | "names resolved through the prototype"
  | "secrets"
  | "AWS limits"
  | "project-wide names and selection"
  | "all or nothing"
  | "one clean report";

/** One problem the report must list: at `path` in `file`, with a message matching `message`. */
export interface Expected {
  readonly path: string;
  readonly message: RegExp;
  /** @default config/environments/dev.ts */
  readonly file?: string;
}

export interface RejectCase {
  readonly category: Category;
  readonly name: string;
  /** Breaks a copy of the dev sample. */
  readonly mutate: (dev: any) => void;
  readonly reject: readonly Expected[];
  /** Text that must never appear in the report. */
  readonly secret?: string;
  /** The registry the copy is loaded from. @default dev sample replaced by the copy */
  readonly registry?: (dev: any) => Record<string, unknown>;
  /** Selected environments. @default ["dev"] */
  readonly select?: readonly string[];
  /** Instead of loading: parse this ENVIRONMENTS value against the sample registry. */
  readonly selection?: string;
}

/** A synth that must fail as a whole: exit code 1, the report, and no stack of this or an earlier run left. */
export interface SynthFailureCase {
  readonly category: Category;
  readonly name: string;
  readonly mutate: (dev: any) => void;
  /** @default dev sample replaced by the copy */
  readonly registry?: (dev: any) => Record<string, unknown>;
  /** The ENVIRONMENTS value. @default "dev" */
  readonly selection?: string;
  /** Each must match the report. */
  readonly report: readonly RegExp[];
}

export interface AcceptCase {
  readonly category: Category;
  readonly name: string;
  readonly mutate: (dev: any) => void;
  /** Checks the synthesized JSON (cdk.tf.json by stack id). */
  readonly check: (json: Record<string, any>) => void;
}

/** Built from parts so the repository holds no secret-shaped literal for scanners to flag. */
const j = (...parts: string[]) => parts.join("");

export const SECRETS = {
  awsKeyId: j("AKIA", "QYLPMN5HHHFPZAM2"),
  awsSecret: j("kQ8b2Vx/9Lz+Tm4Wc7", "Np3Rf6Hs1Yd5Ge0Ju2AiQ3"),
  github: j("ghp_", "k8Xw2Lq9Zr5Tb7Nm3Vc6Hp1Jd4Gf0Ys2Ua8Q"),
  gitlab: j("glpat-", "Xk2vQ8rT9zLm4Nb7Wc1p"),
  slack: j("xoxb-", "2048193847-", "9281736450-", "aB3dE5gH7jK9mN1pQ3rS5tU7"),
  googleApiKey: j("AIza", "SyD3x9Kq2Lm7Zr5Tb8Nw1Vc4Hp6Jd0Gf2Y", "-"),
  googleClientSecret: j("GOCSPX-", "r7Tq2Lx9Zm4Nb8Wc1Vp6Hd3J"),
  googleRefresh: j("1//0", "gHx7Lq2Zr9Tb5Nm3Vc8Hp1Jd4Gf6Ys0UaK"),
  googleAccess: j("ya29.", "a0AfB_byC7Lq2Zr9Tb5Nm3Vc8Hp1"),
  jwt: j(
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
    ".",
    "eyJzdWIiOiJldGwtam9iIiwiaWF0IjoxNzAwMDAwMDAwfQ",
    ".",
    "Q7x9Lq2Zr5Tb8Nw1Vc4Hp6",
  ),
  hcpToken: j(
    "k2x9q8z7l5m4n3",
    ".atlasv1.",
    "r7Tq2Lx9Zm4Nb8Wc1Vp6Hd3Jr7Tq2Lx9Zm4Nb8Wc1Vp6Hd3Jr7Tq2Lx9Zm4Nb8Wc1",
  ),
  pem: j("-----BEGIN ", "PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END ", "PRIVATE KEY-----"),
  dbPassword: "Tr0ub4dor&3x",
};

const qa = "config/environments/qa.ts";

// --- template sequences ------------------------------------------------------------------------------

/** Fields a user writes free text or names into, with where the value sits. */
const TEXT_FIELDS: ReadonlyArray<readonly [string, (e: any, v: string) => void]> = [
  ["tags.Owner", (e, v) => (e.tags.Owner = v)],
  ["accounts.ml.description", (e, v) => (e.accounts.ml.description = v)],
  [
    "identity.rolesAnywhere.secrets.claims-export-token.description",
    (e, v) => (e.identity.rolesAnywhere.secrets["claims-export-token"].description = v),
  ],
  [
    "identity.rolesAnywhere.roles.gcp-claims-export.description",
    (e, v) => (e.identity.rolesAnywhere.roles["gcp-claims-export"].description = v),
  ],
  [
    "identity.rolesAnywhere.roles.gcp-claims-export.certificate.subjectCN",
    (e, v) => (e.identity.rolesAnywhere.roles["gcp-claims-export"].certificate.subjectCN = v),
  ],
  ["identity.rolesAnywhere.trustAnchor.name", (e, v) => (e.identity.rolesAnywhere.trustAnchor.name = v)],
  ["identity.partnerRoles.medirisk.externalId", (e, v) => (e.identity.partnerRoles.medirisk.externalId = v)],
  [
    "identity.partnerRoles.medirisk.buckets.acme-health-dev-partner-exchange.prefixes[0]",
    (e, v) => (e.identity.partnerRoles.medirisk.buckets["acme-health-dev-partner-exchange"].prefixes = [v]),
  ],
  [
    "identity.redshiftAccess.sagemaker-redshift.consumerRoleName",
    (e, v) => (e.identity.redshiftAccess["sagemaker-redshift"].consumerRoleName = v),
  ],
  [
    "ingest.glue.connections.warehouse.jdbc.url",
    (e, v) => (e.ingest.glue.connections.warehouse.jdbc.url += `&applicationName=${v}`),
  ],
  [
    "ingest.appflow.flows.allergies.description",
    (e, v) => (e.ingest.appflow.flows.allergies.description = v),
  ],
  ["ingest.appflow.resultsBucketName", (e, v) => (e.ingest.appflow.resultsBucketName = v)],
  ["ingest.appflow.glueDatabaseName", (e, v) => (e.ingest.appflow.glueDatabaseName = v)],
  ["bigquery.description", (e, v) => (e.bigquery.description = v)],
  ["bigquery.labels.env", (e, v) => (e.bigquery.labels.env = v)],
  ["bigquery.tables.allergies.description", (e, v) => (e.bigquery.tables.allergies.description = v)],
  ["analytics.trino.lowMemoryKillerDelay", (e, v) => (e.analytics.trino.lowMemoryKillerDelay = v)],
  ["analytics.tags.Team", (e, v) => (e.analytics.tags = { Team: v })],
  ["analytics.inTransitEncryption.reason", (e, v) => (e.analytics.inTransitEncryption.reason = v)],
  [
    "analytics.spotInterruptionExperiment.targetResourceTags.Name",
    (e, v) => (e.analytics.spotInterruptionExperiment.targetResourceTags = { Name: v }),
  ],
  ["network.vpcs.ml.cidr", (e, v) => (e.network.vpcs.ml.cidr = v)],
  ["policy.suppressions[0].reason", (e, v) => (withSuppression(e)[0].reason = v)],
  ["intents.ml-sts.from", (e, v) => (e.intents["ml-sts"].from = v)],
];

const TEMPLATES: ReadonlyArray<readonly [string, string, RegExp]> = [
  [
    "interpolation",
    '${file("/etc/passwd")}',
    /contains "\$\{", which Terraform would evaluate as a template interpolation/,
  ],
  [
    "directive",
    '%{ for l in ["x"] }${l}%{ endfor }',
    /contains "[$%]\{", which Terraform would evaluate as a template/,
  ],
];

const templateCases: RejectCase[] = TEXT_FIELDS.flatMap(([path, set]) =>
  TEMPLATES.map(([kind, payload, message]) => ({
    category: "template sequences" as const,
    name: `a template ${kind} in ${path}`,
    mutate: (e: any) => set(e, payload),
    reject: [{ path, message }],
  })),
);

templateCases.push(
  {
    category: "template sequences",
    name: "a template sequence in a tag key",
    mutate: (e) => (e.tags["${path.root}"] = "x"),
    reject: [{ path: "tags.${path.root} (key)", message: /contains "\$\{"/ }],
  },
  {
    category: "template sequences",
    name: "an escaped $${ in config (config values are literal: no escape needed or allowed)",
    mutate: (e) => (e.accounts.ml.description = "costs $${var.x}"),
    reject: [{ path: "accounts.ml.description", message: /contains "\$\{"/ }],
  },
  {
    category: "template sequences",
    name: "a template sequence in a BigQuery field description",
    mutate: (e) => (e.bigquery.tables.encounters.fields[0].description = "${timestamp()}"),
    reject: [{ path: "bigquery.tables.encounters.fields[0].description", message: /contains "\$\{"/ }],
  },
);

// --- names resolved through the prototype ----------------------------------------------------------------

const PROTOTYPE_NAMES = ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"];

const REFERENCES: ReadonlyArray<readonly [string, (e: any, n: string) => void, RegExp]> = [
  ["network.vpcs.ml.account", (e, n) => (e.network.vpcs.ml.account = n), /is not a known account/],
  [
    "network.peerings.ml-warehouse.accepter",
    (e, n) => (e.network.peerings["ml-warehouse"].accepter = n),
    /is not a known VPC/,
  ],
  [
    "network.transitGateways.hub-east.shareWith[0]",
    (e, n) => (e.network.transitGateways["hub-east"].shareWith[0] = n),
    /is not a known account/,
  ],
  [
    "network.tgwPeerings.east-west.requester",
    (e, n) => (e.network.tgwPeerings["east-west"].requester = n),
    /is not a known transit gateway/,
  ],
  ["analytics.vpc", (e, n) => (e.analytics.vpc = n), /is not a known VPC/],
  [
    "network.externalPeerings.orchestrator-warehouse.network",
    (e, n) => (e.network.externalPeerings["orchestrator-warehouse"].network = n),
    /is not a known external network/,
  ],
  [
    "network.externalPeerings.orchestrator-warehouse.vpc",
    (e, n) => (e.network.externalPeerings["orchestrator-warehouse"].vpc = n),
    /is not a known VPC/,
  ],
  [
    "network.privateZones.warehouse.account",
    (e, n) => (e.network.privateZones.warehouse.account = n),
    /is not a known account/,
  ],
  [
    "network.resolvers.hub-east.vpc",
    (e, n) => (e.network.resolvers["hub-east"].vpc = n),
    /is not a known VPC/,
  ],
  [
    "ml.studio.redshiftAccess",
    (e, n) => (e.ml.studio.redshiftAccess = n),
    /is not an identity\.redshiftAccess entry/,
  ],
  ["ingest.glue.vpc", (e, n) => (e.ingest.glue.vpc = n), /is not a known VPC/],
  [
    "identity.rolesAnywhere.roles.gcp-claims-export.secrets[0]",
    (e, n) => (e.identity.rolesAnywhere.roles["gcp-claims-export"].secrets = [n]),
    /is not a known secret/,
  ],
  [
    "identity.rolesAnywhere.profiles.gcp-batch.roles[0]",
    (e, n) => (e.identity.rolesAnywhere.profiles["gcp-batch"].roles = [n]),
    /is not a known Roles Anywhere role/,
  ],
  [
    "identity.rolesAnywhere.account",
    (e, n) => (e.identity.rolesAnywhere.account = n),
    /is not a known account/,
  ],
  [
    "intents.ml-warehouse.to",
    (e, n) => (e.intents["ml-warehouse"].to = `${n}/private`),
    /names VPC .*, which is not a known VPC/,
  ],
];

const prototypeCases: RejectCase[] = REFERENCES.flatMap(([path, set, message]) =>
  PROTOTYPE_NAMES.map((n) => ({
    category: "names resolved through the prototype" as const,
    name: `${path} = "${n}"`,
    mutate: (e: any) => set(e, n),
    reject: [{ path, message }],
  })),
);
prototypeCases.push(
  {
    category: "names resolved through the prototype",
    name: 'an AZ named "toString" (subnet lookups are own-key too)',
    mutate: (e) => (e.network.vpcs.ml.azs[1] = "toString"),
    reject: [{ path: "network.vpcs.ml.azs[1]", message: /is not an availability zone of us-east-1/ }],
  },
  {
    category: "names resolved through the prototype",
    name: 'a flow entity naming table "constructor"',
    mutate: (e) => (e.ingest.appflow.flows.allergies.entity = "acme-health-dev-4821/synthea/constructor"),
    reject: [
      {
        path: "ingest.appflow.flows.allergies.entity",
        message: /names table constructor, which bigquery\.tables does not declare/,
      },
    ],
  },
  {
    category: "names resolved through the prototype",
    name: 'a Glue data store intent naming connection "__proto__"',
    mutate: (e) => (e.intents["glue-datastore"].glueDataStore = "__proto__"),
    reject: [
      { path: "intents.glue-datastore.glueDataStore", message: /is not a Glue connection|not a known/ },
    ],
  },
);

// --- secrets -------------------------------------------------------------------------------------------

const secretCase = (
  name: string,
  secret: string,
  path: string,
  message: RegExp,
  mutate: (e: any) => void,
): RejectCase => ({ category: "secrets", name, secret, mutate, reject: [{ path, message }] });

const secretCases: RejectCase[] = [
  secretCase(
    "an AWS secret access key as a tag value",
    SECRETS.awsSecret,
    "tags.Owner",
    /looks like an AWS secret access key/,
    (e) => (e.tags.Owner = SECRETS.awsSecret),
  ),
  secretCase(
    "an AWS access key id in an account description",
    SECRETS.awsKeyId,
    "accounts.ml.description",
    /looks like an AWS access key id/,
    (e) => (e.accounts.ml.description = `deploy key ${SECRETS.awsKeyId}`),
  ),
  secretCase(
    "an AWS access key id as an account id (never echoed by the id check either)",
    SECRETS.awsKeyId,
    "accounts.ml.id",
    /is not a 12-digit AWS account id/,
    (e) => (e.accounts.ml.id = SECRETS.awsKeyId),
  ),
  secretCase(
    "a GitHub token as an external id",
    SECRETS.github,
    "identity.partnerRoles.medirisk.externalId",
    /looks like a GitHub token/,
    (e) => (e.identity.partnerRoles.medirisk.externalId = SECRETS.github),
  ),
  secretCase(
    "a Google API key ending in - in a dataset description",
    SECRETS.googleApiKey,
    "bigquery.description",
    /looks like a Google API key/,
    (e) => (e.bigquery.description = `key ${SECRETS.googleApiKey}`),
  ),
  secretCase(
    "a password parameter in a JDBC URL",
    SECRETS.dbPassword,
    "ingest.glue.connections.warehouse.jdbc.url",
    /looks like a password parameter/,
    (e) => (e.ingest.glue.connections.warehouse.jdbc.url += `&password=${SECRETS.dbPassword}`),
  ),
  secretCase(
    "user:password@ in a JDBC URL",
    SECRETS.dbPassword,
    "ingest.glue.connections.warehouse.jdbc.url",
    /looks like a password in a URL/,
    (e) =>
      (e.ingest.glue.connections.warehouse.jdbc.url = `jdbc:postgresql://etl:${SECRETS.dbPassword}@db.internal:5432/claims?sslmode=verify-full`),
  ),
  secretCase(
    "a PEM private key in a CIDR field",
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
    "network.vpcs.ml.cidr",
    /is not an IPv4 CIDR|looks like a PEM private key/,
    (e) => (e.network.vpcs.ml.cidr = SECRETS.pem),
  ),
  secretCase(
    "a PEM private key in a number field (a type error, redacted too)",
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
    "network.transitGateways.hub-east.amazonSideAsn",
    /must be number/,
    (e) => (e.network.transitGateways["hub-east"].amazonSideAsn = SECRETS.pem),
  ),
  secretCase(
    "a Slack token as a resource tag",
    SECRETS.slack,
    "analytics.tags.Team",
    /looks like a Slack token/,
    (e) => (e.analytics.tags = { Team: SECRETS.slack }),
  ),
  secretCase(
    "a JWT in a role description",
    SECRETS.jwt,
    "identity.rolesAnywhere.roles.gcp-claims-export.description",
    /looks like a JSON Web Token/,
    (e) => (e.identity.rolesAnywhere.roles["gcp-claims-export"].description = `bearer ${SECRETS.jwt}`),
  ),
  secretCase(
    "a GitLab token in a flow description",
    SECRETS.gitlab,
    "ingest.appflow.flows.allergies.description",
    /looks like a GitLab token/,
    (e) => (e.ingest.appflow.flows.allergies.description = SECRETS.gitlab),
  ),
  secretCase(
    "a Google OAuth client secret in a table description",
    SECRETS.googleClientSecret,
    "bigquery.tables.allergies.description",
    /looks like a Google OAuth client secret/,
    (e) => (e.bigquery.tables.allergies.description = SECRETS.googleClientSecret),
  ),
  secretCase(
    "an OAuth client secret under its own key",
    "s3cr3t-client-value",
    "ingest.appflow.clientSecret",
    /is a secret written into the config/,
    (e) => (e.ingest.appflow.clientSecret = "s3cr3t-client-value"),
  ),
  secretCase(
    "a JDBC password under its own key",
    SECRETS.dbPassword,
    "ingest.glue.connections.warehouse.jdbc.password",
    /is a secret written into the config/,
    (e) => (e.ingest.glue.connections.warehouse.jdbc.password = SECRETS.dbPassword),
  ),
  secretCase(
    "a numeric password (a type error too)",
    "8675309",
    "ingest.glue.connections.warehouse.jdbc.password",
    /is a secret written into the config/,
    (e) => (e.ingest.glue.connections.warehouse.jdbc.password = 8675309),
  ),
  secretCase(
    "a Google refresh token in a secret description",
    SECRETS.googleRefresh,
    "identity.rolesAnywhere.secrets.claims-export-token.description",
    /looks like a Google OAuth refresh token/,
    (e) =>
      (e.identity.rolesAnywhere.secrets["claims-export-token"].description = `seed ${SECRETS.googleRefresh}`),
  ),
  secretCase(
    "an AWS secret key assignment in an opt-out reason",
    SECRETS.awsSecret,
    "analytics.inTransitEncryption.reason",
    /looks like an AWS secret access key/,
    (e) => (e.analytics.inTransitEncryption.reason = `aws_secret_access_key=${SECRETS.awsSecret}`),
  ),
  secretCase(
    "an HCP Terraform token in a suppression reason",
    SECRETS.hcpToken,
    "policy.suppressions[0].reason",
    /looks like an HCP Terraform token/,
    (e) => (withSuppression(e)[0].reason = SECRETS.hcpToken),
  ),
  secretCase(
    "an AWS access key id as a tag key (the path is redacted too)",
    SECRETS.awsKeyId,
    "tags.<redacted: an AWS access key id, 20 characters> (key)",
    /looks like an AWS access key id/,
    (e) => (e.tags[SECRETS.awsKeyId] = "x"),
  ),
  secretCase(
    "a Google access token as an FIS target tag",
    SECRETS.googleAccess,
    "analytics.spotInterruptionExperiment.targetResourceTags.Name",
    /looks like a Google OAuth access token/,
    (e) => (e.analytics.spotInterruptionExperiment.targetResourceTags = { Name: SECRETS.googleAccess }),
  ),
  secretCase(
    "a PEM private key as a Redshift cluster identifier",
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
    "identity.redshiftAccess.sagemaker-redshift.clusterIdentifier",
    /looks like a PEM private key/,
    (e) => (e.identity.redshiftAccess["sagemaker-redshift"].clusterIdentifier = SECRETS.pem),
  ),
  secretCase(
    "URL credentials as a bucket name",
    SECRETS.dbPassword,
    "ingest.glue.connections.warehouse.s3ReadLocations[0].bucketName",
    /looks like a password in a URL/,
    (e) =>
      (e.ingest.glue.connections.warehouse.s3ReadLocations[0].bucketName = `https://etl:${SECRETS.dbPassword}@s3.example`),
  ),
  secretCase(
    "a Slack token in a Trino setting",
    SECRETS.slack,
    "analytics.trino.faultTolerantExecutionTaskMemory",
    /looks like a Slack token/,
    (e) => (e.analytics.trino.faultTolerantExecutionTaskMemory = SECRETS.slack),
  ),
  secretCase(
    "a credential assignment in a profile's free text",
    "hunter2hunter2",
    "accounts.data.description",
    /looks like a credential assignment/,
    (e) => (e.accounts.data.description = "warehouse admin token=hunter2hunter2"),
  ),
];

// --- AWS limits ----------------------------------------------------------------------------------------

const limit = (name: string, path: string, message: RegExp, mutate: (e: any) => void): RejectCase => ({
  category: "AWS limits",
  name,
  mutate,
  reject: [{ path, message }],
});

const renameAz = (vpc: any, from: string, to: string) => {
  vpc.azs = vpc.azs.map((az: string) => (az === from ? to : az));
  for (const tier of Object.values<any>(vpc.subnets)) {
    tier[to] = tier[from];
    delete tier[from];
  }
};

const limitCases: RejectCase[] = [
  limit(
    "more tags than a resource may carry",
    "tags",
    /leaves too few of the 50 tags a resource may carry/,
    (e) => {
      for (let i = 0; i < 45; i++) e.tags[`Extra${i}`] = "x";
    },
  ),
  limit(
    "a tag key of 128 characters (EC2 allows 127)",
    `tags.${"K".repeat(128)}`,
    /is a tag key of 128 characters; AWS allows 1 to 127/,
    (e) => (e.tags["K".repeat(128)] = "x"),
  ),
  limit(
    "a tag value of 257 characters",
    "tags.Owner",
    /is a tag value of 257 characters; AWS allows at most 256/,
    (e) => (e.tags.Owner = "v".repeat(257)),
  ),
  limit(
    "an aws: tag key",
    "tags.aws:cost",
    /starts with "aws:", a prefix AWS reserves/,
    (e) => (e.tags["aws:cost"] = "x"),
  ),
  limit(
    "an AWS: tag value (any letter case)",
    "tags.Owner",
    /starts with "aws:", a prefix AWS reserves/,
    (e) => (e.tags.Owner = "AWS:platform"),
  ),
  limit(
    "tag keys differing only by case",
    "tags.owner",
    /differs from tags\.Owner only by letter case/,
    (e) => (e.tags.owner = "x"),
  ),
  limit(
    "a newline in a tag value",
    "tags.Owner",
    /has a character AWS does not allow in this tag value/,
    (e) => (e.tags.Owner = "platform\nengineering"),
  ),
  limit(
    "an emoji in a resource tag value",
    "analytics.tags.Team",
    /has a character AWS does not allow in this tag value/,
    (e) => (e.analytics.tags = { Team: "data 🚀" }),
  ),
  limit(
    "a space in a default tag key (AppFlow refuses it)",
    "tags.Cost Center",
    /has a character AWS does not allow in this tag key/,
    (e) => (e.tags["Cost Center"] = "cc-1"),
  ),
  limit(
    "overriding the project's Environment tag",
    "tags.Environment",
    /would be replaced by the project's default tag Environment = "dev"/,
    (e) => (e.tags.Environment = "production"),
  ),
  limit(
    "environment in another letter case than the project's Environment",
    "tags.environment",
    /differs only by letter case from the project's default tag Environment/,
    (e) => (e.tags.environment = "dev"),
  ),
  limit(
    "setting the project's Stack tag",
    "tags.Stack",
    /would be replaced by the project's default tag Stack/,
    (e) => (e.tags.Stack = "all"),
  ),
  limit(
    "a resource tag repeating a default tag",
    "analytics.tags.Owner",
    /repeats a default tag of every resource/,
    (e) => (e.analytics.tags = { Owner: "analytics-team" }),
  ),
  limit(
    "a resource tag repeating a default tag in another case",
    "analytics.tags.costcenter",
    /repeats a default tag of every resource/,
    (e) => (e.analytics.tags = { costcenter: "cc-9" }),
  ),
  limit(
    "resource tags that push a resource over 50",
    "analytics.tags",
    /gives a resource \d+ tags with the default tags/,
    (e) => {
      e.analytics.tags = Object.fromEntries(Array.from({ length: 42 }, (_, i) => [`T${i}`, "x"]));
    },
  ),
  limit(
    "a tag key that makes an invalid Google label key",
    "tags.1team",
    /becomes the Google label key "1team" .* must start with a lowercase letter/,
    (e) => (e.tags["1team"] = "x"),
  ),
  limit(
    "two tag keys that make the same Google label",
    "tags.Cost:Center",
    /becomes the same Google label key "cost_center" as tag Cost\.Center/,
    (e) => {
      e.tags["Cost.Center"] = "a";
      e.tags["Cost:Center"] = "b";
    },
  ),
  limit(
    "an AZ letter that does not exist",
    "network.vpcs.ml.azs[1]",
    /does not exist: us-east-1 has us-east-1a, .*us-east-1f/,
    (e) => renameAz(e.network.vpcs.ml, "us-east-1b", "us-east-1z"),
  ),
  limit(
    "us-west-2e (Oregon has a-d)",
    "network.vpcs.datastore.azs[1]",
    /does not exist: us-west-2 has us-west-2a, us-west-2b, us-west-2c, us-west-2d/,
    (e) => renameAz(e.network.vpcs.datastore, "us-west-2b", "us-west-2e"),
  ),
  limit(
    "a region instead of an AZ",
    "network.vpcs.ml.azs[1]",
    /is not an availability zone of us-east-1/,
    (e) => renameAz(e.network.vpcs.ml, "us-east-1b", "us-east-1"),
  ),
  limit(
    "an AZ of a region without a catalog entry",
    "network.vpcs.datastore.azs[0]",
    /has no entry in the AZ catalog.*\n\s+fix: add eu-west-3 to AZ_CATALOG/,
    (e) => {
      const v = e.network.vpcs.datastore;
      v.region = "eu-west-3";
      renameAz(v, "us-west-2a", "eu-west-3a");
      renameAz(v, "us-west-2b", "eu-west-3b");
    },
  ),
  limit(
    "a VPC CIDR in loopback 127.0.0.0/8",
    "network.vpcs.ml.cidr",
    /overlaps 127\.0\.0\.0\/8, loopback/,
    (e) => (e.network.vpcs.ml.cidr = "127.8.0.0/16"),
  ),
  limit(
    "a VPC CIDR in multicast 224.0.0.0/4",
    "network.vpcs.ml.cidr",
    /overlaps 224\.0\.0\.0\/4, multicast/,
    (e) => (e.network.vpcs.ml.cidr = "224.8.0.0/16"),
  ),
  limit(
    "a VPC CIDR in link-local 169.254.0.0/16",
    "network.vpcs.ml.cidr",
    /overlaps 169\.254\.0\.0\/16, link-local/,
    (e) => (e.network.vpcs.ml.cidr = "169.254.0.0/16"),
  ),
  limit(
    "a VPC CIDR in 0.0.0.0/8",
    "network.vpcs.ml.cidr",
    /overlaps 0\.0\.0\.0\/8/,
    (e) => (e.network.vpcs.ml.cidr = "0.8.0.0/16"),
  ),
  limit(
    "a VPC CIDR in reserved 240.0.0.0/4",
    "network.vpcs.ml.cidr",
    /overlaps 240\.0\.0\.0\/4, reserved/,
    (e) => (e.network.vpcs.ml.cidr = "240.8.0.0/16"),
  ),
  limit(
    "a VPC CIDR larger than /16",
    "network.vpcs.ml.cidr",
    /has a prefix length AWS does not allow for a VPC/,
    (e) => (e.network.vpcs.ml.cidr = "10.8.0.0/15"),
  ),
  ...(
    [
      ["cron(99 99 * * ? *)", /has "99" in the minutes field, outside 0-59/],
      ["cron(0 2 * * *)", /with six fields/],
      ["cron(0 2 * * * *)", /needs a \? in exactly one of day-of-month and day-of-week/],
      ["cron(0 2 ? * ? *)", /needs a \? in exactly one of day-of-month and day-of-week/],
      ["cron(0 2 ? * 8 *)", /has "8" in the day-of-week field/],
      ["cron(0 2 1 13 ? *)", /has "13" in the month field/],
      ["cron(0 2 * * ? 2300)", /has "2300" in the year field, outside 1970-2199/],
      ["cron(*/0 2 * * ? *)", /has "\*\/0" in the minutes field/],
      ["cron(0 24 * * ? *)", /has "24" in the hours field/],
      ["rate(1 day)", /use rate\(<n>minutes\|hours\|days\) \(no space, plural unit\)/],
      ["rate(0days)", /not an AppFlow schedule expression/],
      ["rate(1week)", /not an AppFlow schedule expression/],
    ] as const
  ).map(([expr, message]) =>
    limit(
      `schedule ${expr}`,
      "ingest.appflow.flows.encounters-daily.trigger.scheduleExpression",
      message,
      (e) => {
        e.ingest.appflow.flows["encounters-daily"].trigger.scheduleExpression = expr;
      },
    ),
  ),
  limit(
    "a partner bucket formatted as an IP address",
    "identity.partnerRoles.medirisk.buckets.192.168.5.4",
    /is not an S3 bucket name/,
    (e) => {
      e.identity.partnerRoles.medirisk.buckets = { "192.168.5.4": { access: "read" } };
    },
  ),
  limit(
    "a bucket name with adjacent periods",
    "ingest.glue.connections.warehouse.s3ReadLocations[0].bucketName",
    /is not an S3 bucket name/,
    (e) => (e.ingest.glue.connections.warehouse.s3ReadLocations[0].bucketName = "acme..scripts"),
  ),
  limit(
    "a bucket name with the S3 Tables suffix",
    "ingest.appflow.resultsBucketName",
    /is not an S3 bucket name this project accepts/,
    (e) => (e.ingest.appflow.resultsBucketName = "acme-dev-results--table-s3"),
  ),
  limit(
    "a bucket name with the xn-- prefix",
    "ingest.appflow.athenaResultsBucketName",
    /is not an S3 bucket name this project accepts/,
    (e) => (e.ingest.appflow.athenaResultsBucketName = "xn--acme-dev-athena"),
  ),
  limit(
    "a Glue database Athena cannot query",
    "ingest.appflow.glueDatabaseName",
    /is not a Glue database name Athena can query/,
    (e) => (e.ingest.appflow.glueDatabaseName = "HealthCare"),
  ),
  limit(
    "an AppFlow flow description with a colon and parentheses",
    "ingest.appflow.flows.allergies.description",
    /has characters AppFlow refuses in a flow description/,
    (e) => (e.ingest.appflow.flows.allergies.description = "daily: allergies (v2)"),
  ),
  limit(
    "an emoji in an IAM role description",
    "identity.rolesAnywhere.roles.gcp-claims-export.description",
    /is not an IAM role description/,
    (e) => (e.identity.rolesAnywhere.roles["gcp-claims-export"].description = "export job 🚀"),
  ),
  limit(
    "a secret name ending like the ARN suffix",
    "identity.rolesAnywhere.secrets.claims-export-token.name",
    /ends with a hyphen and six characters/,
    (e) => (e.identity.rolesAnywhere.secrets["claims-export-token"].name = "dev/claims/token-abcdef"),
  ),
  limit(
    "a Secrets Manager description over 2048 characters",
    "identity.rolesAnywhere.secrets.claims-export-token.description",
    /longer than the 2048 characters Secrets Manager allows/,
    (e) => (e.identity.rolesAnywhere.secrets["claims-export-token"].description = "d".repeat(2049)),
  ),
];

// --- project-wide names and selection -------------------------------------------------------------------

/**
 * The samples need no suppression (#17 fixed the findings in the resources), so cases about suppressions give
 * dev one first: the Redshift Data API statement's, which it carried before (it passes config validation).
 */
function withSuppression(e: any): any[] {
  e.policy = {
    suppressions: [
      {
        stack: "identity",
        ruleId: "PP-IAM-002",
        address: "dev-identity/redshift-sagemaker-redshift/producer-redshift",
        reason: "the statement is limited to the caller's own statements",
      },
    ],
  };
  return e.policy.suppressions;
}

/** A copy of dev registered as qa (its name changed, nothing else): every literal name collides. */
const withQaCopy = (d: any) => {
  const copy = structuredClone(d);
  // What anyone would change in a copy: its name and what the checks tie to the name.
  copy.name = "qa";
  copy.tags.Environment = "qa";
  for (const s of copy.policy?.suppressions ?? []) s.address = s.address.replace(/^dev-/, "qa-");
  return { dev: d, qa: copy };
};

const collision = (path: string, kind: RegExp): RejectCase => ({
  category: "project-wide names and selection",
  name: `a copy of dev.ts registered as qa reuses ${path}`,
  mutate: () => undefined,
  registry: withQaCopy,
  select: ["qa"],
  reject: [
    {
      file: qa,
      path,
      message: new RegExp(
        `is the ${kind.source} already claimed by config/environments/dev\\.ts: ${path.replace(/[.[\]]/g, "\\$&")}`,
      ),
    },
  ],
});

const projectCases: RejectCase[] = [
  collision("ingest.appflow.resultsBucketName", /S3 bucket/),
  collision("ingest.appflow.athenaResultsBucketName", /S3 bucket/),
  collision("ingest.appflow.glueDatabaseName", /Glue database/),
  collision("bigquery.datasetId", /BigQuery dataset/),
  collision("identity.rolesAnywhere.secrets.claims-export-token.name", /Secrets Manager secret/),
  collision("ingest.glue.connections.warehouse.jdbc.secretArn", /JDBC credentials secret/),
  collision(
    "identity.redshiftAccess.sagemaker-redshift.consumerRoleName",
    /IAM role that gets this environment's inline policy/,
  ),
  {
    category: "project-wide names and selection",
    name: "a collision between two environments is reported when a third is selected",
    mutate: () => undefined,
    registry: (d) => ({ ...withQaCopy(d), staging: ENVIRONMENTS.staging }),
    select: ["staging"],
    reject: [
      {
        file: qa,
        path: "ingest.appflow.resultsBucketName",
        message: /already claimed by config\/environments\/dev\.ts/,
      },
    ],
  },
  {
    category: "project-wide names and selection",
    name: "two secrets of one environment with one name",
    mutate: (e) => {
      e.identity.rolesAnywhere.secrets.second = { name: "dev/claims-export/api-token" };
    },
    reject: [
      {
        path: "identity.rolesAnywhere.secrets.second.name",
        message:
          /already claimed by config\/environments\/dev\.ts: identity\.rolesAnywhere\.secrets\.claims-export-token\.name[\s\S]*fix: give each its own name/,
      },
    ],
  },
  {
    category: "project-wide names and selection",
    name: "a copy registered under another name without renaming it",
    mutate: () => undefined,
    registry: (d) => ({ dev: d, qa: structuredClone(d) }),
    select: ["qa"],
    reject: [{ file: qa, path: "name", message: /does not match the file\/registry name "qa"/ }],
  },
];

const selectionCase = (selection: string, path: string, message: RegExp): RejectCase => ({
  category: "project-wide names and selection",
  name: `ENVIRONMENTS=${JSON.stringify(selection)}`,
  mutate: () => undefined,
  selection,
  reject: [{ file: "ENVIRONMENTS", path, message }],
});
projectCases.push(
  selectionCase(",,,", "ENVIRONMENTS", /has 4 empty entries \(it is never read as "all"\)/),
  selectionCase("dev,,prod", "ENVIRONMENTS", /has 1 empty entry/),
  selectionCase("dev,", "ENVIRONMENTS", /has 1 empty entry/),
  selectionCase("dev prod", 'entry 1 of "dev prod"', /is not an environment name/),
  selectionCase("dev;prod", 'entry 1 of "dev;prod"', /is not an environment name/),
  selectionCase("DEV", 'entry 1 of "DEV"', /is not an environment name/),
  // A made-up name (a fixed one such as "qa" breaks once a team registers it), and the registry's own list.
  selectionCase(
    unregisteredName(),
    `entry 1 of "${unregisteredName()}"`,
    new RegExp(
      `is not a registered environment \\(registered: ${REGISTERED.join(", ")}\\)[\\s\\S]*fix: to add an environment`,
    ),
  ),
  selectionCase("all,dev", 'entry 1 of "all,dev"', /is not a registered environment/),
  selectionCase("dev,__proto__", 'entry 2 of "dev,__proto__"', /is not an environment name/),
  selectionCase("constructor", 'entry 1 of "constructor"', /is not a registered environment/),
);

// --- one clean report ------------------------------------------------------------------------------------

const reportCases: RejectCase[] = [
  {
    category: "one clean report",
    name: "a type error in one section and a semantic problem in another are listed together",
    mutate: (e) => {
      e.network.transitGateways["hub-east"].amazonSideAsn = "64512";
      e.identity.rolesAnywhere.roles["gcp-claims-export"].secrets = ["nope"];
      e.tags.Environment = "production";
    },
    reject: [
      { path: "network.transitGateways.hub-east.amazonSideAsn", message: /must be number/ },
      { path: "identity.rolesAnywhere.roles.gcp-claims-export.secrets[0]", message: /is not a known secret/ },
      { path: "tags.Environment", message: /would be replaced by the project's default tag/ },
    ],
  },
  {
    category: "one clean report",
    name: "a type error in network does not hide the flows' and the cluster's own problems",
    mutate: (e) => {
      e.network.vpcs.ml.cidr = 10;
      e.ingest.appflow.flows["encounters-daily"].trigger.scheduleExpression = "cron(0 2 * * *)";
      e.analytics.releaseLabel = "emr-5";
    },
    reject: [
      { path: "network.vpcs.ml.cidr", message: /must be string/ },
      {
        path: "ingest.appflow.flows.encounters-daily.trigger.scheduleExpression",
        message: /with six fields/,
      },
      { path: "analytics.releaseLabel", message: /is not an EMR release label/ },
    ],
  },
  {
    category: "one clean report",
    name: "an unknown key and a semantic problem in a parsed section",
    mutate: (e) => {
      e.analytics.trinoo = {};
      e.tags.Environment = "production";
    },
    reject: [
      { path: "analytics.trinoo", message: /is not a known setting/ },
      { path: "tags.Environment", message: /would be replaced by the project's default tag/ },
    ],
  },
  {
    category: "one clean report",
    name: "a suppression with an unknown rule is reported at its own index",
    mutate: (e) => {
      withSuppression(e).push({
        stack: "network",
        ruleId: "PP-NOPE-001",
        address: "aws_vpc.x",
        reason: "r",
      });
    },
    reject: [{ path: "policy.suppressions[1].ruleId", message: /is not a rule of the policy pack/ }],
  },
  {
    category: "one clean report",
    name: "a duplicate suppression",
    mutate: (e) => {
      const suppressions = withSuppression(e);
      suppressions.push({ ...suppressions[0] });
    },
    reject: [{ path: "policy.suppressions[1]", message: /repeats policy\.suppressions\[0\]/ }],
  },
  {
    category: "one clean report",
    name: "a suppression naming a construct path of another stack",
    mutate: (e) => (withSuppression(e)[0].stack = "network"),
    reject: [
      { path: "policy.suppressions[0].address", message: /is a construct path outside stack dev-network/ },
    ],
  },
  {
    category: "one clean report",
    name: "a blank suppression reason",
    mutate: (e) => (withSuppression(e)[0].reason = "   "),
    reject: [{ path: "policy.suppressions[0].reason", message: /is blank/ }],
  },
  {
    category: "one clean report",
    name: "the whole file of the wrong type",
    mutate: () => undefined,
    registry: () => ({ dev: "dev" }),
    reject: [{ path: "(root)", message: /must be object/ }],
  },
];

export const REJECT_CASES: readonly RejectCase[] = [
  ...templateCases,
  ...prototypeCases,
  ...secretCases,
  ...limitCases,
  ...projectCases,
  ...reportCases,
];

// --- accepted: tricky but valid, checked in the synthesized JSON ---------------------------------------------

export const ACCEPT_CASES: readonly AcceptCase[] = [
  {
    category: "template sequences",
    name: "dollar and percent signs that are not template sequences stay literal",
    mutate: (e) =>
      (e.identity.rolesAnywhere.secrets["claims-export-token"].description = "100% of $5 { not a template }"),
    check: (json) => {
      const secrets = Object.values<any>(json["dev-identity"].resource.aws_secretsmanager_secret);
      expect(secrets.map((s) => s.description)).toContain("100% of $5 { not a template }");
    },
  },
  {
    category: "template sequences",
    name: "IAM policy variables the modules write stay escaped ($${aws:SourceIdentity})",
    mutate: () => undefined,
    check: (json) => {
      const policies = JSON.stringify(json["dev-identity"].resource.aws_iam_role_policy);
      expect(policies).toContain("$${aws:SourceIdentity}");
    },
  },
  {
    category: "names resolved through the prototype",
    name: 'a VPC keyed "constructor" is a name like any other (own key)',
    mutate: (e) => {
      e.network.vpcs.constructor = e.network.vpcs.warehouse;
      delete e.network.vpcs.warehouse;
      e.network.peerings["ml-warehouse"].accepter = "constructor";
      const hub = e.network.transitGateways["hub-east"];
      hub.attachments.constructor = hub.attachments.warehouse;
      delete hub.attachments.warehouse;
      e.intents["ml-warehouse"].to = "constructor/private";
      e.intents["warehouse-shared"].from = "constructor/private";
      e.intents["orchestrator-warehouse"].to = "constructor/private";
      e.intents["warehouse-s3"] = {
        from: "constructor/private",
        to: { endpoint: "constructor/s3" },
        ports: [443],
      };
      e.network.externalPeerings["orchestrator-warehouse"].vpc = "constructor";
      e.network.privateZones.warehouse.vpcs[0] = "constructor";
      e.ml.warehouse.vpc = "constructor";
    },
    check: (json) => {
      const vpcs = Object.values<any>(json["dev-network"].resource.aws_vpc).map((v) => v.tags.Name);
      expect(vpcs).toContain("dev-constructor");
    },
  },
  {
    category: "AWS limits",
    name: "a default tag value with a space and @ (allowed everywhere the default tags go)",
    mutate: (e) => (e.tags.Owner = "platform team@acme-health.example"),
    check: (json) => {
      const p = json["dev-network"].provider.aws[0];
      expect(p.default_tags[0].tags.Owner).toBe("platform team@acme-health.example");
    },
  },
  {
    category: "AWS limits",
    name: "us-east-1f exists",
    mutate: (e) => renameAz(e.network.vpcs.ml, "us-east-1b", "us-east-1f"),
    check: (json) => {
      const azs = Object.values<any>(json["dev-network"].resource.aws_subnet).map((s) => s.availability_zone);
      expect(azs).toContain("us-east-1f");
    },
  },
  {
    category: "AWS limits",
    name: "a weekday cron with names and a range",
    mutate: (e) =>
      (e.ingest.appflow.flows["encounters-daily"].trigger.scheduleExpression = "cron(15 3 ? * MON-FRI *)"),
    check: (json) => {
      expect(JSON.stringify(json["dev-ingest"].resource.aws_appflow_flow)).toContain(
        "cron(15 3 ? * MON-FRI *)",
      );
    },
  },
  {
    category: "AWS limits",
    name: "a partner bucket with dots (legal for an existing bucket)",
    mutate: (e) => {
      e.identity.partnerRoles.medirisk.buckets = { "acme.partner.exchange": { access: "read" } };
    },
    check: (json) => {
      expect(JSON.stringify(json["dev-identity"].resource.aws_iam_role_policy)).toContain(
        "arn:aws:s3:::acme.partner.exchange",
      );
    },
  },
  {
    category: "secrets",
    name: "secret-like words without a secret (a secret's name, a token URL, a placeholder) are fine",
    mutate: (e) => {
      e.accounts.ml.description = "reads dev/claims-export/api-token via password=<from Secrets Manager>";
    },
    check: (json) => {
      expect(JSON.stringify(json)).not.toContain("<redacted");
    },
  },
];

// --- all or nothing: whole synths that fail at different stages ------------------------------------------

export const SYNTH_FAILURE_CASES: readonly SynthFailureCase[] = [
  {
    category: "all or nothing",
    name: "a config problem (before any stack exists)",
    mutate: (e) => (e.tags.Owner = '${file("/etc/passwd")}'),
    report: [/^2 problems in config\/environments\/dev\.ts:/, /tags\.Owner = .*contains "\$\{"/],
  },
  {
    category: "all or nothing",
    name: "a bad selection (before any environment is loaded)",
    mutate: () => undefined,
    selection: "dev,,",
    report: [/^1 problem in ENVIRONMENTS:\n {2}- ENVIRONMENTS: ENVIRONMENTS = "dev,,": has 2 empty entries/],
  },
  {
    category: "all or nothing",
    name: "a collision with another registered environment",
    mutate: () => undefined,
    registry: withQaCopy,
    report: [
      /config\/environments\/qa\.ts: ingest\.appflow\.resultsBucketName = .*already claimed by config\/environments\/dev\.ts/,
    ],
  },
  {
    category: "all or nothing",
    name: "a policy finding in a later stack synthesized (earlier ones were already written to staging)",
    // The catalog encryption left to another stack without the suppression that says which one.
    mutate: (e) => (e.ingest.manageCatalogEncryption = false),
    report: [
      /^1 policy finding fails synth in stack dev-ingest:\n {2}- PP-GLUE-002 error /,
      /add to policy\.suppressions in config\/environments\/dev\.ts:\n {8}\{ stack: "ingest", ruleId: "PP-GLUE-002", address: "dev-ingest\/appflow-bigquery\/glue-database", reason: "<why this is acceptable>" \}/,
    ],
  },
  {
    category: "all or nothing",
    name: "a suppression that matches no finding (reported at its config path)",
    mutate: (e) =>
      (e.policy = {
        suppressions: [
          { stack: "network", ruleId: "PP-S3-001", address: "aws_s3_bucket.gone", reason: "old" },
        ],
      }),
    report: [
      /config\/environments\/dev\.ts: policy\.suppressions\[0\] = \{"stack":"network","ruleId":"PP-S3-001","address":"aws_s3_bucket\.gone"\}: matches no finding of stack dev-network\n {6}fix: remove it/,
    ],
  },
];
