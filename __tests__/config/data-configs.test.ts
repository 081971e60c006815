import { ConfigError, loadEnvironments } from "../../config";
import { devCopy, rejectionOf } from "../helpers/environments";

// A fake PEM private key, assembled so that secret scanners of the tree do not flag this test file.
const FAKE_KEY = ["-----BEGIN", "PRIVATE KEY-----\nAAAA\n-----END", "PRIVATE KEY-----\n"].join(" ");

type Env = ReturnType<typeof devCopy>;
const FILE = "config/environments/dev.ts";

const problemsOf = (mutate: (e: Env) => void): ConfigError => rejectionOf(mutate);

const flows = (e: Env) => e.ingest.appflow.flows;
const warehouse = (e: Env) => e.ingest.glue.connections.warehouse;

/**
 * One broken config per data check: [rule, how to break the dev sample, the path named, message/fix expected].
 * Every case must be rejected with exactly that path, naming the file and carrying a fix.
 */
const CASES: Array<[string, (e: Env) => void, string, RegExp]> = [
  // --- entity: <project>/<dataset>/<table>, each part valid, resolving to a declared table
  [
    "entity without a dataset part",
    (e) => (flows(e).allergies.entity = "acme-health-dev-4821/allergies"),
    "ingest.appflow.flows.allergies.entity",
    /has 2 parts; an entity is <project>\/<dataset>\/<table>[\s\S]*fix: write it as "acme-health-dev-4821\/synthea\/<table>"/,
  ],
  [
    "entity with an invalid dataset part",
    (e) => (flows(e).allergies.entity = "acme-health-dev-4821/syn-thea/allergies"),
    "ingest.appflow.flows.allergies.entity",
    /dataset part "syn-thea" that violates BigQuery's dataset id rules/,
  ],
  [
    "entity with an invalid project part",
    (e) => (flows(e).allergies.entity = "Acme_Health/synthea/allergies"),
    "ingest.appflow.flows.allergies.entity",
    /project part "Acme_Health" that violates Google's project id rules/,
  ],
  [
    "entity with an invalid table part",
    (e) => (flows(e).allergies.entity = "acme-health-dev-4821/synthea/aller.gies"),
    "ingest.appflow.flows.allergies.entity",
    /table part "aller.gies" that is not a table id/,
  ],
  [
    "entity naming an undeclared table",
    (e) => (flows(e).allergies.entity = "acme-health-dev-4821/synthea/alergies"),
    "ingest.appflow.flows.allergies.entity",
    /names table alergies, which bigquery.tables does not declare[\s\S]*did you mean "allergies"/,
  ],
  [
    "entity in another dataset than the bigquery section",
    (e) => (flows(e).allergies.entity = "acme-health-dev-4821/other/allergies"),
    "ingest.appflow.flows.allergies.entity",
    /not in the dataset of the bigquery section \(acme-health-dev-4821\/synthea\)/,
  ],
  [
    "flows without a bigquery section (no schema to check fields against)",
    (e) => delete e.bigquery,
    "ingest.appflow.flows.allergies.entity",
    /no bigquery section/,
  ],
  // --- a field mapped that the table schema does not have
  [
    "mapped field the table schema does not have",
    (e) => (flows(e).allergies.fields = ["START", "STPO", "PATIENT"]),
    "ingest.appflow.flows.allergies.fields[1]",
    /is not a column of table allergies: the table schema \(bigquery\.tables\.allergies\.fields\) has no such field[\s\S]*did you mean "STOP"/,
  ],
  [
    "field of another table",
    (e) => (flows(e).allergies.fields = ["START", "ENCOUNTERCLASS"]),
    "ingest.appflow.flows.allergies.fields[1]",
    /not a column of table allergies/,
  ],
  [
    "filter on a column the schema does not have",
    (e) => (flows(e).allergies.filters = [{ field: "SEVERITY", operator: "EQUAL_TO", values: ["MILD"] }]),
    "ingest.appflow.flows.allergies.filters[0].field",
    /not a column of table allergies[\s\S]*did you mean "SEVERITY1"/,
  ],
  [
    "incremental pull on a column the schema does not have",
    (e) => (flows(e)["encounters-daily"].trigger.incrementalPullField = "STARTED"),
    "ingest.appflow.flows.encounters-daily.trigger.incrementalPullField",
    /not a column of table encounters/,
  ],
  [
    "incremental pull on a non-time column",
    (e) => (flows(e)["encounters-daily"].trigger.incrementalPullField = "PATIENT"),
    "ingest.appflow.flows.encounters-daily.trigger.incrementalPullField",
    /is a STRING column; an incremental pull needs DATE, DATETIME or TIMESTAMP/,
  ],
  [
    "incremental pull without a column",
    (e) => delete flows(e)["encounters-daily"].trigger.incrementalPullField,
    "ingest.appflow.flows.encounters-daily.trigger.incrementalPullField",
    /required for an Incremental pull/,
  ],
  [
    "time partitioning on a column the table does not have",
    (e) =>
      (e.bigquery.tables = {
        ...e.bigquery.tables,
        x: { fields: [{ name: "A", type: "STRING" }], timePartitioning: { field: "B" } },
      }),
    "bigquery.tables.x.timePartitioning.field",
    /is not a column of table x/,
  ],
  // --- schedule expressions
  [
    "schedule that is neither rate(...) nor cron(...)",
    (e) => (flows(e)["encounters-daily"].trigger.scheduleExpression = "daily at 2am"),
    "ingest.appflow.flows.encounters-daily.trigger.scheduleExpression",
    /not an AppFlow schedule expression: use rate\(<n>minutes\|hours\|days\) \(no space, plural unit\) or a six-field cron\(\.\.\.\)[\s\S]*fix: use e\.g\. "rate\(1days\)"/,
  ],
  [
    "rate with a unit AppFlow does not have",
    (e) => (flows(e)["encounters-daily"].trigger.scheduleExpression = "rate(1 week)"),
    "ingest.appflow.flows.encounters-daily.trigger.scheduleExpression",
    /not an AppFlow schedule expression/,
  ],
  [
    "five-field (Unix) cron",
    (e) => (flows(e)["encounters-daily"].trigger.scheduleExpression = "cron(0 2 * * *)"),
    "ingest.appflow.flows.encounters-daily.trigger.scheduleExpression",
    /with six fields/,
  ],
  // --- Google naming rules
  [
    "project id with uppercase and underscores",
    (e) => (e.bigquery.projectId = "Acme_Health_Dev"),
    "bigquery.projectId",
    /violates Google's project id rules: 6-30 characters/,
  ],
  [
    "project id too short",
    (e) => (e.bigquery.projectId = "acme"),
    "bigquery.projectId",
    /violates Google's project id rules/,
  ],
  [
    "project id ending with a hyphen",
    (e) => (e.bigquery.projectId = "acme-health-"),
    "bigquery.projectId",
    /not ending with a hyphen/,
  ],
  [
    "project id with a restricted word",
    (e) => (e.bigquery.projectId = "my-google-data"),
    "bigquery.projectId",
    /contains "google", which Google does not allow/,
  ],
  [
    "dataset id with a hyphen",
    (e) => (e.bigquery.datasetId = "synthea-dev"),
    "bigquery.datasetId",
    /violates BigQuery's dataset id rules[\s\S]*fix: use e\.g\. "synthea_dev"/,
  ],
  [
    "bad BigQuery location",
    (e) => (e.bigquery.location = "us"),
    "bigquery.location",
    /not a BigQuery location/,
  ],
  [
    "an environment name that makes a stack's S3 access-log bucket name too long",
    (e) => (e.name = "development-sandbox-for-the-data-team"),
    "name",
    /makes the ingest stack's S3 access-log bucket name "development-sandbox-for-the-data-team-ingest-access-logs-100000000004-us-east-1" invalid[\s\S]*fix: shorten the environment name to at most \d+ characters/,
  ],
  [
    "BigQuery key in another location than the dataset",
    (e) =>
      (e.bigquery.encryption = {
        kmsKeyName: "projects/acme-health-kms-dev/locations/europe/keyRings/bigquery/cryptoKeys/synthea",
      }),
    "bigquery.encryption.kmsKeyName",
    /is in location europe, but a dataset in US needs a key in us[\s\S]*fix: use a Cloud KMS key whose key ring is in the location matching "US"/,
  ],
  [
    "BigQuery project id given as the project number",
    (e) => (e.bigquery.encryption = { ...e.bigquery.encryption!, projectNumber: "acme-health-dev-4821" }),
    "bigquery.encryption.projectNumber",
    /is not a project number \(digits only/,
  ],
  [
    "bad column name",
    (e) =>
      (e.bigquery.tables = { ...e.bigquery.tables, x: { fields: [{ name: "first name", type: "STRING" }] } }),
    "bigquery.tables.x.fields[0].name",
    /not a valid BigQuery column name/,
  ],
  [
    "label key with uppercase",
    (e) => (e.bigquery.labels = { Env: "dev" }),
    "bigquery.labels.Env",
    /not a valid Google label key/,
  ],
  [
    "AppFlow identity that is not a user or service account",
    (e) => (e.bigquery.appflowIdentity = "appflow@acme-health.example"),
    "bigquery.appflowIdentity",
    /not a Google IAM member[\s\S]*"user:<email>"/,
  ],
  // --- JDBC URL and credentials
  [
    "JDBC URL that disables SSL (sslmode=disable)",
    (e) =>
      (warehouse(e).jdbc.url =
        "jdbc:redshift://dev-warehouse.c4x9k2m7p1qz.us-west-2.redshift.amazonaws.com:5439/analytics?sslmode=disable"),
    "ingest.glue.connections.warehouse.jdbc.url",
    /switches TLS off \(sslmode=disable\)[\s\S]*fix: remove sslmode=disable/,
  ],
  [
    "JDBC URL that disables SSL (ssl=false)",
    (e) => (warehouse(e).jdbc.url = "jdbc:postgresql://db.example.com:5432/app?ssl=false"),
    "ingest.glue.connections.warehouse.jdbc.url",
    /switches TLS off \(ssl=false\)/,
  ],
  [
    "malformed JDBC URL",
    (e) => (warehouse(e).jdbc.url = "redshift://host/db"),
    "ingest.glue.connections.warehouse.jdbc.url",
    /not a JDBC URL Glue accepts[\s\S]*jdbc:redshift:\/\/host:5439\/db/,
  ],
  [
    "JDBC URL in another region than the data store VPC",
    (e) =>
      (warehouse(e).jdbc.url =
        "jdbc:redshift://dev-warehouse.c4x9k2m7p1qz.eu-west-1.redshift.amazonaws.com:5439/analytics"),
    "ingest.glue.connections.warehouse.jdbc.url",
    /points at a store in eu-west-1, but dataStore\.vpc datastore is in us-west-2/,
  ],
  [
    "secret name instead of a full ARN",
    (e) => (warehouse(e).jdbc.secretArn = "dev/glue/warehouse"),
    "ingest.glue.connections.warehouse.jdbc.secretArn",
    /not a full Secrets Manager secret ARN/,
  ],
  [
    "data store port different from the URL's",
    (e) => (warehouse(e).dataStore.port = 5432),
    "ingest.glue.connections.warehouse.dataStore.port",
    /differs from the port in jdbc\.url \(5439\)/,
  ],
  [
    "data store security group given by name",
    (e) => (warehouse(e).dataStore.securityGroupId = "warehouse-sg"),
    "ingest.glue.connections.warehouse.dataStore.securityGroupId",
    /not a security group id/,
  ],
  [
    "data store in an unknown VPC",
    (e) => (warehouse(e).dataStore.vpc = "datastor"),
    "ingest.glue.connections.warehouse.dataStore.vpc",
    /not a known VPC[\s\S]*did you mean "datastore"/,
  ],
  // --- Glue connection subnets: the Glue VPC's tier, routed through NAT
  [
    "connection subnet tier the Glue VPC does not have",
    (e) => (warehouse(e).subnetTier = "glu"),
    "ingest.glue.connections.warehouse.subnetTier",
    /not a subnet tier of the Glue VPC ingest[\s\S]*did you mean "glue"/,
  ],
  [
    "connection in another VPC than the Glue VPC",
    (e) => (warehouse(e).vpc = "datastore"),
    "ingest.glue.connections.warehouse.vpc",
    /is not the Glue VPC \(ingest\.glue\.vpc = ingest\)/,
  ],
  [
    "connection in the public tier (no NAT route)",
    (e) => (warehouse(e).subnetTier = "public"),
    "ingest.glue.connections.warehouse.subnetTier",
    /public tier: Glue ENIs get no public IP/,
  ],
  [
    "connection AZ without a subnet of the tier",
    (e) => (warehouse(e).azs = ["us-east-1a", "us-east-1c"]),
    "ingest.glue.connections.warehouse.azs[1]",
    /has no glue subnet in the Glue VPC ingest/,
  ],
  [
    "Glue VPC without NAT",
    (e) => (e.network.vpcs.ingest.natGateways = "none"),
    "ingest.glue.vpc",
    /has no NAT gateway[\s\S]*natGateways to "single" or "per-az"/,
  ],
  [
    "Glue VPC in another account than the ingest stack",
    (e) => (e.ingest.glue.vpc = "ml"),
    "ingest.glue.vpc",
    /is in account ml, us-east-1; Glue runs in the ingest account and region/,
  ],
  [
    "unknown Glue VPC",
    (e) => (e.ingest.glue.vpc = "ingset"),
    "ingest.glue.vpc",
    /not a known VPC[\s\S]*did you mean "ingest"/,
  ],
  // --- AWS side names
  [
    "results bucket name with dots",
    (e) => (e.ingest.appflow.resultsBucketName = "acme.health.results"),
    "ingest.appflow.resultsBucketName",
    /not an S3 bucket name this project accepts/,
  ],
  [
    "Athena results in the results bucket",
    (e) => (e.ingest.appflow.athenaResultsBucketName = e.ingest.appflow.resultsBucketName),
    "ingest.appflow.athenaResultsBucketName",
    /same bucket as resultsBucketName/,
  ],
  [
    "connector label with a space (passes plan, fails at apply)",
    (e) => (e.ingest.appflow.connectorLabel = "Google BigQuery"),
    "ingest.appflow.connectorLabel",
    /not a connector label AppFlow accepts \(letters, digits and _!@.-, no spaces[\s\S]*"GoogleBigQuery"/,
  ],
  [
    "Glue database name Athena cannot query",
    (e) => (e.ingest.appflow.glueDatabaseName = "Health-Care"),
    "ingest.appflow.glueDatabaseName",
    /not a Glue database name Athena can query[\s\S]*"health_care"/,
  ],
  ["unknown ingest account", (e) => (e.ingest.account = "ingst"), "ingest.account", /did you mean "ingest"/],
  [
    "BETWEEN filter with one value",
    (e) => (flows(e).allergies.filters = [{ field: "START", operator: "BETWEEN", values: ["2020-01-01"] }]),
    "ingest.appflow.flows.allergies.filters[0].values",
    /BETWEEN takes two/,
  ],
  // --- inline secrets anywhere in config
  [
    "OAuth client secret written into ingest.appflow",
    (e) => (e.ingest.appflow.clientSecret = "GOCSPX-abcdefghijklmnop"),
    "ingest.appflow.clientSecret",
    /is a secret written into the config[\s\S]*fix: remove it and rotate it: OAuth client id\/secret and tokens are sensitive Terraform variables[\s\S]*TF_VAR_<env>_ingest_google_oauth_/,
  ],
  [
    "OAuth refresh token written into ingest.appflow",
    (e) => (e.ingest.appflow.refreshToken = "1//0gAbCdEfGhIjKlMnOpQrStUv"),
    "ingest.appflow.refreshToken",
    /is a secret written into the config/,
  ],
  [
    "database password next to the JDBC URL",
    (e) => (warehouse(e).jdbc.password = "hunter2hunter2"),
    "ingest.glue.connections.warehouse.jdbc.password",
    /is a secret written into the config[\s\S]*Secrets Manager secret and reference it by ARN[\s\S]*jdbc\.secretArn/,
  ],
  [
    "secret-named key anywhere (a tag)",
    (e) => (e.tags.ApiToken = "tok-123"),
    "tags.ApiToken",
    /is a secret written into the config/,
  ],
  [
    "secret-looking value under an innocent key",
    (e) => (e.bigquery.description = FAKE_KEY),
    "bigquery.description",
    /looks like a PEM private key: secrets never belong in config/,
  ],
];

describe("data config checks (ingest + bigquery)", () => {
  test("the samples declare both sections and validate", () => {
    for (const cfg of loadEnvironments(["dev", "staging", "prod"])) {
      expect(cfg.ingest?.appflow).toBeDefined();
      expect(cfg.ingest?.glue).toBeDefined();
      expect(Object.keys(cfg.bigquery?.tables ?? {})).toEqual(expect.arrayContaining(["allergies"]));
      const triggers = Object.values(cfg.ingest!.appflow!.flows).map((f) => f.trigger.type);
      expect(triggers).toEqual(expect.arrayContaining(["OnDemand", "Scheduled"]));
    }
  });

  test.each(CASES)("%s", (_rule, mutate, path, expected) => {
    const err = problemsOf(mutate);
    const problem = err.problems.find((p) => p.path === path);
    if (!problem) throw new Error(`no problem at ${path}; got:\n${err.message}`);
    const line = err.message.split("\n  - ").find((l) => l.startsWith(`${FILE}: ${path}`));
    expect(line).toBeDefined();
    expect(line).toMatch(expected);
    expect(problem.fix.length).toBeGreaterThan(0);
  });

  test("a secret is never echoed into the error (redacted with its length)", () => {
    const err = problemsOf((e) => {
      e.ingest.appflow.clientSecret = "GOCSPX-abcdefghijklmnop";
      warehouse(e).jdbc.password = "hunter2hunter2";
    });
    expect(err.message).not.toContain("GOCSPX-abcdefghijklmnop");
    expect(err.message).not.toContain("hunter2hunter2");
    expect(err.message).toContain('ingest.appflow.clientSecret = "<redacted: 23 characters>"');
  });

  test("keys that only point at a secret are not secrets", () => {
    // secretArn, secretKmsKeyArn (and the token URL the module uses) end differently from secret names.
    expect(() => loadEnvironments(["dev", "staging", "prod"])).not.toThrow();
  });

  test("every problem of a file is reported at once", () => {
    const err = problemsOf((e) => {
      e.bigquery.datasetId = "bad-id";
      flows(e)["encounters-daily"].trigger.scheduleExpression = "daily";
      warehouse(e).jdbc.url = "jdbc:redshift://h.example.com:5439/db?sslmode=disable";
    });
    const paths = err.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "bigquery.datasetId",
        "ingest.appflow.flows.encounters-daily.trigger.scheduleExpression",
        "ingest.glue.connections.warehouse.jdbc.url",
      ]),
    );
  });
});
