import { AppflowConnectorProfile } from "@cdktf/provider-aws/lib/appflow-connector-profile";
import { AthenaWorkgroup } from "@cdktf/provider-aws/lib/athena-workgroup";
import { GlueCatalogDatabase } from "@cdktf/provider-aws/lib/glue-catalog-database";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import {
  AppflowBigQuery,
  AppflowBigQueryProps,
  AppflowBigQueryTableFlow,
} from "@multicloud-platform/modules/appflow-bigquery";
import { SAMPLE_ALLERGIES_FIELDS } from "@multicloud-platform/modules/bigquery-source";
import { PolicyDocument, findWildcards } from "@multicloud-platform/modules/core";

const ACCOUNT = "111122223333";
const SCHEMA = SAMPLE_ALLERGIES_FIELDS.map((f) => f.name);
const RESULTS_ARN = "arn:aws:s3:::acme-dev-appflow-results";
const ATHENA_ARN = "arn:aws:s3:::acme-dev-athena-results";

const onDemand: AppflowBigQueryTableFlow = {
  projectId: "health-data-123",
  datasetId: "synthea",
  tableId: "allergies",
  schemaFieldNames: SCHEMA,
  fields: ["START", "PATIENT", "CODE", "DESCRIPTION", "SEVERITY1"],
  fieldDataTypes: { START: "date" },
  filters: [
    { field: "CATEGORY", operator: "EQUAL_TO", values: ["food", "medication"] },
    { field: "START", operator: "BETWEEN", values: ["2020-01-01", "2020-12-31"], dataType: "date" },
    { field: "SEVERITY1", operator: "GREATER_THAN", values: ["MILD"] },
  ],
};

const scheduled: AppflowBigQueryTableFlow = {
  projectId: "health-data-123",
  datasetId: "synthea",
  tableId: "allergies",
  schemaFieldNames: SCHEMA,
  bucketPrefix: "raw/daily",
  fileType: "CSV",
  aggregationType: "SingleFile",
  prefixFormat: "DAY",
  trigger: {
    type: "Scheduled",
    scheduleExpression: "rate(1days)",
    incrementalPullFieldName: "START",
    timezone: "Europe/Paris",
  },
};

function baseProps(overrides: Partial<AppflowBigQueryProps> = {}): AppflowBigQueryProps {
  return {
    namePrefix: "dev-ingest",
    accountId: ACCOUNT,
    region: "eu-west-1",
    resultsBucketName: "acme-dev-appflow-results",
    athenaResultsBucketName: "acme-dev-athena-results",
    glueDatabaseName: "healthcare",
    glueTablePrefix: "synthea",
    athenaBytesScannedCutoffPerQuery: 1_073_741_824,
    flows: { allergies: onDemand, "allergies-daily": scheduled },
    tags: { component: "ingest" },
    ...overrides,
  };
}

function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  return stack;
}

function build(overrides: Partial<AppflowBigQueryProps> = {}): {
  stack: TerraformStack;
  module: AppflowBigQuery;
} {
  const stack = newStack();
  return { stack, module: new AppflowBigQuery(stack, "appflow", baseProps(overrides)) };
}

type Resource = Record<string, unknown>;
interface Synth {
  resource: Record<string, Record<string, Resource>>;
  variable?: Record<string, Resource>;
}

function all(json: Synth, type: string): Resource[] {
  return Object.values(json.resource[type] ?? {});
}

function one(json: Synth, type: string, where: (r: Resource) => boolean = () => true): Resource {
  const found = all(json, type).filter(where);
  expect(found).toHaveLength(1);
  return found[0];
}

function addressOf(json: Synth, type: string, where: (r: Resource) => boolean): string {
  const entry = Object.entries(json.resource[type] ?? {}).find(([, r]) => where(r));
  if (!entry) throw new Error(`no ${type} matched`);
  return `${type}.${entry[0]}`;
}

const policy = (r: Resource, key = "policy"): PolicyDocument =>
  JSON.parse(r[key] as string) as PolicyDocument;
const byBucket = (name: string) => (r: Resource) => String(r.bucket).includes(name) || r.bucket === name;

describe("AppflowBigQuery", () => {
  let synth: string;
  let json: Synth;
  let module: AppflowBigQuery;
  let keyArnRef: string;
  let flows: Record<string, Resource>;

  beforeAll(() => {
    const built = build();
    module = built.module;
    synth = Testing.synth(built.stack);
    json = JSON.parse(synth) as Synth;
    keyArnRef = `\${${addressOf(json, "aws_kms_key", () => true)}.arn}`;
    flows = Object.fromEntries(all(json, "aws_appflow_flow").map((f) => [f.name as string, f]));
  });

  describe("KMS key", () => {
    test("rotates yearly and waits 30 days before deletion", () => {
      expect(synth).toHaveResourceWithProperties(KmsKey, {
        enable_key_rotation: true,
        deletion_window_in_days: 30,
      });
    });

    test("policy: root administers; AppFlow uses it for its own profiles and flows (confused-deputy guard) and through S3 for the results bucket", () => {
      const doc = policy(one(json, "aws_kms_key"));
      expect(doc.Statement).toEqual([
        {
          Sid: "EnableAccountAdministration",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        {
          // The profile and every flow name the key as kms_arn: AppFlow uses it directly, not only via S3.
          Sid: "AllowAppFlowProfilesAndFlows",
          Effect: "Allow",
          Principal: { Service: "appflow.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
          Resource: "*",
          Condition: {
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnLike: { "aws:SourceArn": `arn:aws:appflow:eu-west-1:${ACCOUNT}:*` },
          },
        },
        {
          Sid: "AllowAppFlowResultsBucketEncryption",
          Effect: "Allow",
          Principal: { Service: "appflow.amazonaws.com" },
          Action: ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"],
          Resource: "*",
          Condition: {
            StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
            StringLike: { "kms:EncryptionContext:aws:s3:arn": [RESULTS_ARN, `${RESULTS_ARN}/*`] },
          },
        },
      ]);
      // In a key policy "Resource": "*" means this key; the only wildcard action is the root delegation to IAM.
      expect(findWildcards(doc)).toEqual([
        "EnableAccountAdministration: action kms:*",
        "EnableAccountAdministration: resource *",
        "AllowAppFlowProfilesAndFlows: resource *",
        "AllowAppFlowResultsBucketEncryption: resource *",
      ]);
    });

    test("has an alias named after the prefix", () => {
      expect(one(json, "aws_kms_alias").name).toBe("alias/dev-ingest-appflow-bigquery");
    });
  });

  describe("buckets", () => {
    test.each([["acme-dev-appflow-results"], ["acme-dev-athena-results"]])(
      "%s is private, owner-enforced, versioned, KMS-encrypted",
      (name) => {
        const bucket = one(json, "aws_s3_bucket", (r) => r.bucket === name);
        expect(bucket.force_destroy).toBe(false);
        const ref = `\${${addressOf(json, "aws_s3_bucket", (r) => r.bucket === name)}.id}`;
        expect(one(json, "aws_s3_bucket_public_access_block", (r) => r.bucket === ref)).toMatchObject({
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        });
        expect(one(json, "aws_s3_bucket_ownership_controls", (r) => r.bucket === ref).rule).toEqual({
          object_ownership: "BucketOwnerEnforced",
        });
        expect(
          one(json, "aws_s3_bucket_versioning", (r) => r.bucket === ref).versioning_configuration,
        ).toEqual({
          status: "Enabled",
        });
        const sse = one(json, "aws_s3_bucket_server_side_encryption_configuration", (r) => r.bucket === ref);
        expect(sse.rule).toEqual([
          {
            apply_server_side_encryption_by_default: {
              sse_algorithm: "aws:kms",
              kms_master_key_id: keyArnRef,
            },
            bucket_key_enabled: true,
          },
        ]);
        const bucketPolicy = one(json, "aws_s3_bucket_policy", (r) => r.bucket === ref);
        expect(policy(bucketPolicy).Statement[0]).toEqual({
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
        expect(bucketPolicy.depends_on).toEqual([
          addressOf(json, "aws_s3_bucket_public_access_block", (r) => r.bucket === ref),
        ]);
      },
    );

    test("the results bucket lets AppFlow write only under the flows' prefixes, from this account", () => {
      const statements = policy(
        one(json, "aws_s3_bucket_policy", byBucket("appflow_results_bucket")),
      ).Statement;
      expect(statements.slice(1)).toEqual([
        {
          Sid: "AllowAppFlowDestinationBucketActions",
          Effect: "Allow",
          Principal: { Service: "appflow.amazonaws.com" },
          Action: ["s3:ListBucketMultipartUploads", "s3:GetBucketAcl"],
          Resource: RESULTS_ARN,
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
        {
          Sid: "AllowAppFlowDestinationObjectActions",
          Effect: "Allow",
          Principal: { Service: "appflow.amazonaws.com" },
          Action: [
            "s3:PutObject",
            "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts",
            "s3:PutObjectAcl",
          ],
          Resource: [`${RESULTS_ARN}/raw/*`, `${RESULTS_ARN}/raw/daily/*`],
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
      ]);
    });

    test("the Athena results bucket grants nobody anything beyond the TLS-only deny", () => {
      const statements = policy(
        one(json, "aws_s3_bucket_policy", byBucket("athena-results_bucket")),
      ).Statement;
      expect(statements).toHaveLength(1);
      expect(statements[0].Effect).toBe("Deny");
    });

    test("two buckets, each hardened once", () => {
      expect(all(json, "aws_s3_bucket")).toHaveLength(2);
      expect(synth).toHaveResource(S3BucketPublicAccessBlock);
      expect(synth).toHaveResource(S3BucketOwnershipControls);
      expect(synth).toHaveResource(S3BucketVersioningA);
      expect(all(json, "aws_s3_bucket_policy")).toHaveLength(2);
    });

    test("lifecycle: flow output keeps current objects and frees replaced ones after 30 days; Athena results expire after 30 days", () => {
      const results = one(json, "aws_s3_bucket_lifecycle_configuration", byBucket("appflow_results_bucket"));
      expect(results.rule).toEqual([
        expect.objectContaining({
          id: "expire-noncurrent-versions",
          noncurrent_version_expiration: [{ noncurrent_days: 30 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
        }),
      ]);
      expect((results.rule as Resource[])[0].expiration).toBeUndefined();
      const athena = one(json, "aws_s3_bucket_lifecycle_configuration", byBucket("athena-results_bucket"));
      expect((athena.rule as Resource[])[0]).toMatchObject({
        id: "expire-query-results",
        expiration: [{ days: 30 }],
      });
    });

    test("no access logging unless a target is given", () => {
      expect(json.resource.aws_s3_bucket_logging).toBeUndefined();
    });
  });

  describe("connector profile and secrets", () => {
    test("is a public Google BigQuery custom connector encrypted with the key", () => {
      expect(synth).toHaveResourceWithProperties(AppflowConnectorProfile, {
        name: "dev-ingest-google-bigquery",
        connector_type: "CustomConnector",
        connector_label: "GoogleBigQuery",
        connection_mode: "Public",
        kms_arn: keyArnRef,
      });
    });

    test("uses OAuth2 authorization-code properties with Google's token URL and credentials from variables", () => {
      const config = one(json, "aws_appflow_connector_profile").connector_profile_config as Record<
        string,
        Record<string, unknown>
      >;
      expect(config.connector_profile_properties).toEqual({
        custom_connector: {
          oauth2_properties: {
            oauth2_grant_type: "AUTHORIZATION_CODE",
            token_url: "https://oauth2.googleapis.com/token",
          },
        },
      });
      expect(config.connector_profile_credentials).toEqual({
        custom_connector: {
          authentication_type: "OAUTH2",
          oauth2: {
            client_id: "${var.dev_ingest_google_oauth_client_id}",
            client_secret: "${var.dev_ingest_google_oauth_client_secret}",
            refresh_token: "${var.dev_ingest_google_oauth_refresh_token}",
            access_token: "${var.dev_ingest_google_oauth_access_token}",
          },
        },
      });
    });

    test("declares the OAuth inputs as sensitive, non-null string variables with no default", () => {
      const names = ["client_id", "client_secret", "refresh_token", "access_token"].map(
        (n) => `dev_ingest_google_oauth_${n}`,
      );
      expect(Object.keys(json.variable ?? {}).sort()).toEqual([...names].sort());
      for (const name of names) {
        const v = json.variable?.[name] as Resource;
        expect(v).toMatchObject({ type: "string", sensitive: true, nullable: false });
        expect(v).not.toHaveProperty("default");
      }
      expect(Object.keys(module.oauthVariables ?? {}).sort()).toEqual([
        "accessToken",
        "clientId",
        "clientSecret",
        "refreshToken",
      ]);
    });

    test("no secret literal reaches the synthesized JSON", () => {
      const credentials = (
        one(json, "aws_appflow_connector_profile").connector_profile_config as Record<
          string,
          Record<string, Record<string, Record<string, string>>>
        >
      ).connector_profile_credentials.custom_connector.oauth2;
      for (const value of Object.values(credentials)) expect(value).toMatch(/^\$\{var\.[a-z0-9_]+\}$/);
      // Nothing else in the document carries a credential-looking key with a literal value.
      const literals: string[] = [];
      const walk = (node: unknown, path: string): void => {
        if (node && typeof node === "object") {
          for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
        } else if (
          typeof node === "string" &&
          /(secret|token|password)$/i.test(path) &&
          !/^\$\{var\.[a-z0-9_]+\}$/.test(node)
        ) {
          literals.push(`${path}=${node}`);
        }
      };
      walk(json.resource, "resource");
      expect(literals).toEqual([]);
    });
  });

  describe("flows", () => {
    test("one flow per configured table, encrypted with the key", () => {
      expect(Object.keys(flows).sort()).toEqual(["dev-ingest-allergies", "dev-ingest-allergies-daily"]);
      for (const f of Object.values(flows)) expect(f.kms_arn).toBe(keyArnRef);
    });

    test("sources the table entity through the connector profile", () => {
      const profileName = `\${${addressOf(json, "aws_appflow_connector_profile", () => true)}.name}`;
      expect(flows["dev-ingest-allergies"].source_flow_config).toEqual({
        connector_type: "CustomConnector",
        api_version: "v2",
        connector_profile_name: profileName,
        source_connector_properties: {
          custom_connector: { entity_name: "table/health-data-123/synthea/allergies" },
        },
      });
    });

    test("writes Parquet with source types under raw/ by schema version and execution id", () => {
      const bucketRef = `\${${addressOf(json, "aws_s3_bucket", (r) => r.bucket === "acme-dev-appflow-results")}.bucket}`;
      expect(flows["dev-ingest-allergies"].destination_flow_config).toEqual([
        {
          connector_type: "S3",
          destination_connector_properties: {
            s3: {
              bucket_name: bucketRef,
              bucket_prefix: "raw",
              s3_output_format_config: {
                file_type: "PARQUET",
                preserve_source_data_typing: true,
                aggregation_config: { aggregation_type: "None" },
                prefix_config: { prefix_type: "PATH", prefix_hierarchy: ["SCHEMA_VERSION", "EXECUTION_ID"] },
              },
            },
          },
        },
      ]);
    });

    test("projects the chosen fields once and maps each 1:1", () => {
      const tasks = flows["dev-ingest-allergies"].task as Resource[];
      const projections = tasks.filter(
        (t) =>
          t.task_type === "Filter" &&
          (t.connector_operator as Resource[])[0].custom_connector === "PROJECTION",
      );
      expect(projections).toEqual([
        {
          task_type: "Filter",
          source_fields: ["START", "PATIENT", "CODE", "DESCRIPTION", "SEVERITY1"],
          connector_operator: [{ custom_connector: "PROJECTION" }],
          destination_field: "",
        },
      ]);
      const maps = tasks.filter((t) => t.task_type === "Map");
      expect(maps.map((t) => [t.source_fields, t.destination_field])).toEqual(
        ["START", "PATIENT", "CODE", "DESCRIPTION", "SEVERITY1"].map((f) => [[f], f]),
      );
      for (const m of maps) expect(m.connector_operator).toEqual([{ custom_connector: "NO_OP" }]);
      expect(maps[0].task_properties).toEqual({ SOURCE_DATA_TYPE: "date", DESTINATION_DATA_TYPE: "date" });
      expect(maps[1].task_properties).toBeUndefined();
    });

    test("every flow's tasks have the shape that plans clean after an apply (provider issue #43591)", () => {
      for (const flow of Object.values(flows)) {
        const tasks = flow.task as Resource[];
        const op = (t: Resource) => (t.connector_operator as Resource[])[0].custom_connector;
        // One projection, listing exactly the mapped fields in the same order; no Map_all.
        const projections = tasks.filter((t) => t.task_type === "Filter" && op(t) === "PROJECTION");
        expect(projections).toHaveLength(1);
        const maps = tasks.filter((t) => t.task_type === "Map");
        expect(projections[0].source_fields).toEqual(maps.map((m) => m.destination_field));
        expect(tasks.map((t) => t.task_type)).not.toContain("Map_all");
        for (const t of tasks) {
          // Fields AppFlow stores for every task are always sent: one operator, and "" as a Filter's destination.
          expect(t.connector_operator).toHaveLength(1);
          if (t.task_type === "Filter") expect(t.destination_field).toBe("");
          // Never an empty map (AppFlow returns none), and data types only in pairs.
          if (t.task_properties !== undefined)
            expect(Object.keys(t.task_properties as object).length).toBeGreaterThan(0);
          if (t.task_type === "Map" && t.task_properties !== undefined)
            expect(Object.keys(t.task_properties as object).sort()).toEqual([
              "DESTINATION_DATA_TYPE",
              "SOURCE_DATA_TYPE",
            ]);
        }
      }
    });

    test("turns filters into Filter tasks with the operator's properties", () => {
      const tasks = flows["dev-ingest-allergies"].task as Resource[];
      const filters = tasks.filter(
        (t) =>
          t.task_type === "Filter" &&
          (t.connector_operator as Resource[])[0].custom_connector !== "PROJECTION",
      );
      expect(filters).toEqual([
        {
          task_type: "Filter",
          source_fields: ["CATEGORY"],
          connector_operator: [{ custom_connector: "EQUAL_TO" }],
          destination_field: "",
          task_properties: { DATA_TYPE: "string", VALUES: "food,medication" },
        },
        {
          task_type: "Filter",
          source_fields: ["START"],
          connector_operator: [{ custom_connector: "BETWEEN" }],
          destination_field: "",
          task_properties: { DATA_TYPE: "date", LOWER_BOUND: "2020-01-01", UPPER_BOUND: "2020-12-31" },
        },
        {
          task_type: "Filter",
          source_fields: ["SEVERITY1"],
          connector_operator: [{ custom_connector: "GREATER_THAN" }],
          destination_field: "",
          task_properties: { DATA_TYPE: "string", VALUE: "MILD" },
        },
      ]);
    });

    test("on-demand by default; scheduled flows pull incrementally on the given column", () => {
      expect(flows["dev-ingest-allergies"].trigger_config).toEqual({ trigger_type: "OnDemand" });
      const daily = flows["dev-ingest-allergies-daily"];
      expect(daily.trigger_config).toEqual({
        trigger_type: "Scheduled",
        trigger_properties: {
          scheduled: {
            schedule_expression: "rate(1days)",
            data_pull_mode: "Incremental",
            timezone: "Europe/Paris",
          },
        },
      });
      expect((daily.source_flow_config as Resource).incremental_pull_config).toEqual({
        datetime_type_field_name: "START",
      });
      expect(
        (flows["dev-ingest-allergies"].source_flow_config as Resource).incremental_pull_config,
      ).toBeUndefined();
    });

    test("scheduled flow: all schema fields by default, CSV without type preservation, single file, day folders", () => {
      const daily = flows["dev-ingest-allergies-daily"];
      const maps = (daily.task as Resource[]).filter((t) => t.task_type === "Map");
      expect(maps.map((t) => t.destination_field)).toEqual(SCHEMA);
      const s3 = (
        (daily.destination_flow_config as Resource[])[0].destination_connector_properties as Record<
          string,
          Resource
        >
      ).s3;
      expect(s3.bucket_prefix).toBe("raw/daily");
      expect(s3.s3_output_format_config).toEqual({
        file_type: "CSV",
        aggregation_config: { aggregation_type: "SingleFile" },
        prefix_config: {
          prefix_type: "PATH",
          prefix_format: "DAY",
          prefix_hierarchy: ["SCHEMA_VERSION", "EXECUTION_ID"],
        },
      });
    });

    test("registers output in the Glue catalog and waits for the bucket policy and catalog role policy", () => {
      const dbRef = `\${${addressOf(json, "aws_glue_catalog_database", () => true)}.name}`;
      const roleRef = `\${${addressOf(json, "aws_iam_role", () => true)}.arn}`;
      for (const f of Object.values(flows)) {
        expect(f.metadata_catalog_config).toEqual({
          glue_data_catalog: { database_name: dbRef, role_arn: roleRef, table_prefix: "synthea" },
        });
        expect([...(f.depends_on as string[])].sort()).toEqual(
          [
            addressOf(json, "aws_s3_bucket_policy", byBucket("appflow_results_bucket")),
            addressOf(json, "aws_iam_role_policy", () => true),
          ].sort(),
        );
      }
    });
  });

  describe("Glue catalog", () => {
    test("creates the database in this account's catalog", () => {
      expect(synth).toHaveResourceWithProperties(GlueCatalogDatabase, {
        name: "healthcare",
        catalog_id: ACCOUNT,
      });
    });

    test("the catalog role trusts only AppFlow from this account", () => {
      const role = one(json, "aws_iam_role");
      expect(role.name).toBe("dev-ingest-appflow-glue-catalog");
      expect(policy(role, "assume_role_policy")).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "appflow.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
          },
        ],
      });
    });

    test("the catalog role may manage tables and partitions of that database only", () => {
      const doc = policy(one(json, "aws_iam_role_policy"));
      expect(findWildcards(doc)).toEqual([]);
      expect(doc.Statement).toHaveLength(1);
      const [s] = doc.Statement;
      expect(s.Resource).toEqual([
        `arn:aws:glue:eu-west-1:${ACCOUNT}:catalog`,
        `arn:aws:glue:eu-west-1:${ACCOUNT}:database/healthcare`,
        `arn:aws:glue:eu-west-1:${ACCOUNT}:table/healthcare/*`,
      ]);
      const actions = s.Action as string[];
      expect(actions).toEqual(
        expect.arrayContaining([
          "glue:CreateTable",
          "glue:UpdateTable",
          "glue:BatchCreatePartition",
          "glue:GetDatabase",
        ]),
      );
      expect(actions).not.toEqual(expect.arrayContaining(["glue:CreateDatabase"]));
      expect(actions.filter((a) => /Database$/.test(a) && !a.startsWith("glue:Get"))).toEqual([]);
    });
  });

  describe("Athena", () => {
    test("workgroup enforces its configuration, publishes metrics, caps scans and encrypts results with the key", () => {
      const athenaBucketRef = `\${${addressOf(json, "aws_s3_bucket", (r) => r.bucket === "acme-dev-athena-results")}.bucket}`;
      expect(synth).toHaveResourceWithProperties(AthenaWorkgroup, {
        name: "dev-ingest-bigquery",
        state: "ENABLED",
        force_destroy: false,
      });
      expect(one(json, "aws_athena_workgroup").configuration).toEqual({
        enforce_workgroup_configuration: true,
        publish_cloudwatch_metrics_enabled: true,
        bytes_scanned_cutoff_per_query: 1_073_741_824,
        result_configuration: {
          output_location: `s3://${athenaBucketRef}/results/`,
          expected_bucket_owner: ACCOUNT,
          encryption_configuration: { encryption_option: "SSE_KMS", kms_key_arn: keyArnRef },
        },
      });
      expect(ATHENA_ARN).toBe(module.athenaResultsBucketArn);
    });
  });

  test("exposes names and ARNs keyed by the caller's names", () => {
    expect(module.resultsBucketName).toBe("acme-dev-appflow-results");
    expect(module.resultsBucketArn).toBe(RESULTS_ARN);
    expect(module.athenaResultsBucketName).toBe("acme-dev-athena-results");
    expect(module.flowNames).toEqual({
      allergies: "dev-ingest-allergies",
      "allergies-daily": "dev-ingest-allergies-daily",
    });
    expect(Object.keys(module.flowArns).sort()).toEqual(["allergies", "allergies-daily"]);
    expect(module.flowArns.allergies).toMatch(/\$\{TfToken/);
    expect(module.scheduledFlowKeys).toEqual(["allergies-daily"]);
    expect(module.glueDatabaseName).toBe("healthcare");
    expect(module.glueTablePrefix).toBe("synthea");
    expect(module.athenaWorkgroupName).toBe("dev-ingest-bigquery");
    expect(module.connectorProfileName).toBe("dev-ingest-google-bigquery");
    expect(module.glueCatalogRoleArn).toMatch(/\$\{TfToken/);
  });
});

describe("AppflowBigQuery with access logs and an encrypted Glue Data Catalog", () => {
  const CATALOG_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/catalog`;

  test("both buckets log to the target under their own name, which admits each source", () => {
    const sources: string[] = [];
    const stack = newStack();
    new AppflowBigQuery(stack, "appflow", {
      ...baseProps(),
      accessLogs: { bucketName: "central-logs", allowSource: (x) => sources.push(x.bucketArn) },
    });
    const json = JSON.parse(Testing.synth(stack)) as Synth;
    expect(
      all(json, "aws_s3_bucket_logging")
        .map((l) => [l.target_bucket, l.target_prefix])
        .sort(),
    ).toEqual([
      ["central-logs", "acme-dev-appflow-results/"],
      ["central-logs", "acme-dev-athena-results/"],
    ]);
    expect(sources).toEqual([RESULTS_ARN, ATHENA_ARN]);
  });

  test("the catalog role may use the catalog key, as every Data Catalog client must", () => {
    const stack = newStack();
    new AppflowBigQuery(stack, "appflow", { ...baseProps(), glueCatalogKmsKeyArn: CATALOG_KEY });
    const doc = policy(one(JSON.parse(Testing.synth(stack)) as Synth, "aws_iam_role_policy"));
    expect(doc.Statement[1]).toEqual({
      Sid: "UseCatalogKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
      Resource: CATALOG_KEY,
    });
  });

  test("fails when a bucket retention is not a positive number of days", () => {
    expect(() => build({ resultsNoncurrentVersionExpirationDays: 0 })).toThrow(
      /invalid resultsNoncurrentVersionExpirationDays = 0: must be an integer from 1/,
    );
    expect(() => build({ athenaResultsExpirationDays: 1.5 })).toThrow(
      /invalid athenaResultsExpirationDays = 1\.5/,
    );
  });
});

describe("AppflowBigQuery with caller-supplied OAuth variables", () => {
  test("references the caller's variables and declares none of its own", () => {
    const stack = newStack();
    const v = (n: string) => new TerraformVariable(stack, n, { type: "string", sensitive: true }).stringValue;
    const module = new AppflowBigQuery(stack, "appflow", {
      ...baseProps(),
      oauthCredentials: {
        clientId: v("cid"),
        clientSecret: v("csecret"),
        refreshToken: v("rtoken"),
        accessToken: v("atoken"),
      },
    });
    const json = JSON.parse(Testing.synth(stack)) as Synth;
    expect(Object.keys(json.variable ?? {}).sort()).toEqual(["atoken", "cid", "csecret", "rtoken"]);
    const config = one(json, "aws_appflow_connector_profile").connector_profile_config as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    expect(config.connector_profile_credentials.custom_connector.oauth2).toEqual({
      client_id: "${var.cid}",
      client_secret: "${var.csecret}",
      refresh_token: "${var.rtoken}",
      access_token: "${var.atoken}",
    });
    expect(module.oauthVariables).toBeUndefined();
  });

  test("refuses literal credentials without echoing them", () => {
    const stack = newStack();
    const v = new TerraformVariable(stack, "v", { type: "string", sensitive: true }).stringValue;
    let message = "";
    try {
      new AppflowBigQuery(stack, "appflow", {
        ...baseProps(),
        oauthCredentials: {
          clientId: v,
          clientSecret: "GOCSPX-super-secret",
          refreshToken: v,
          accessToken: v,
        },
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /oauthCredentials\.clientSecret.*literal of 19 characters.*never a literal.*sensitive TerraformVariable/,
    );
    expect(message).not.toContain("GOCSPX-super-secret");
  });
});

describe("AppflowBigQuery validation", () => {
  const flow = (over: Partial<AppflowBigQueryTableFlow>): Partial<AppflowBigQueryProps> => ({
    flows: { allergies: { ...onDemand, ...over } },
  });

  test.each<[string, Partial<AppflowBigQueryProps>, RegExp]>([
    ["namePrefix", { namePrefix: "Dev_Ingest" }, /namePrefix.*"Dev_Ingest".*kebab-case/],
    ["accountId", { accountId: "1234" }, /accountId.*"1234".*12-digit/],
    ["region", { region: "europe" }, /region.*"europe".*eu-west-1/],
    ["partition", { partition: "aws-mars" }, /partition.*"aws-mars".*allowed values/],
    [
      "bucket with dots",
      { resultsBucketName: "acme.results" },
      /resultsBucketName.*"acme\.results".*no dots.*rename the bucket/,
    ],
    [
      "reserved bucket suffix",
      { athenaResultsBucketName: "acme-x-s3alias" },
      /athenaResultsBucketName.*"acme-x-s3alias"/,
    ],
    [
      "same buckets",
      { athenaResultsBucketName: "acme-dev-appflow-results" },
      /athenaResultsBucketName.*must differ.*own bucket/,
    ],
    [
      "connector profile name",
      { connectorProfileName: "google bigquery" },
      /connectorProfileName.*"google bigquery".*remove spaces/,
    ],
    ["glue database", { glueDatabaseName: "health-care" }, /glueDatabaseName.*"health-care".*underscores/],
    ["glue table prefix", { glueTablePrefix: "Synthea" }, /glueTablePrefix.*"Synthea".*lowercase/],
    ["workgroup", { athenaWorkgroupName: "dev bq" }, /athenaWorkgroupName.*"dev bq"/],
    [
      "athena cutoff",
      { athenaBytesScannedCutoffPerQuery: 1024 },
      /athenaBytesScannedCutoffPerQuery.*1024.*10485760/,
    ],
    ["kms window", { kmsKeyDeletionWindowDays: 3 }, /kmsKeyDeletionWindowDays.*3.*between 7 and 30/],
    ["no flows", { flows: {} }, /flows.*must not be empty/],
    ["flow key", { flows: { Allergies: onDemand } }, /flows.*"Allergies".*rename the key/],
    [
      "entity project",
      flow({ projectId: "Health" }),
      /flows\.allergies\.projectId.*"Health".*table\/<project>\/<dataset>\/<table>/,
    ],
    [
      "entity dataset",
      flow({ datasetId: "syn/thea" }),
      /flows\.allergies\.datasetId.*"syn\/thea".*no slashes/,
    ],
    ["entity table", flow({ tableId: "a.b" }), /flows\.allergies\.tableId.*"a\.b"/],
    [
      "connector label with a space (AppFlow refuses it at apply; the provider's check lets it through)",
      { connectorLabel: "Google BigQuery" },
      /connectorLabel = "Google BigQuery".*rejects spaces at apply time.*use "GoogleBigQuery"/,
    ],
    [
      "empty schema",
      flow({ schemaFieldNames: [], fields: [] }),
      /flows\.allergies\.schemaFieldNames.*must not be empty/,
    ],
    [
      "field not in schema",
      flow({ fields: ["START", "ONSET"] }),
      /flows\.allergies\.fields.*"ONSET".*not a column of synthea\.allergies.*add the column/,
    ],
    [
      "duplicate field",
      flow({ fields: ["START", "START"] }),
      /flows\.allergies\.fields.*"START".*more than once/,
    ],
    [
      "data type of unknown field",
      flow({ fieldDataTypes: { ONSET: "date" } }),
      /fieldDataTypes.*"ONSET".*not a column/,
    ],
    [
      "filter field",
      flow({ filters: [{ field: "ONSET", operator: "EQUAL_TO", values: ["x"] }] }),
      /filters\.field.*"ONSET"/,
    ],
    [
      "filter operator",
      flow({ filters: [{ field: "CODE", operator: "LIKE" as "EQUAL_TO", values: ["x"] }] }),
      /filters\.operator.*"LIKE"/,
    ],
    [
      "between arity",
      flow({ filters: [{ field: "START", operator: "BETWEEN", values: ["2020-01-01"] }] }),
      /filters\.START\.values.*exactly two values/,
    ],
    [
      "filter without values",
      flow({ filters: [{ field: "CODE", operator: "EQUAL_TO", values: [] }] }),
      /filters\.CODE\.values.*one or more/,
    ],
    [
      "bucket prefix",
      flow({ bucketPrefix: "/raw/" }),
      /flows\.allergies\.bucketPrefix.*"\/raw\/".*without leading or trailing slash/,
    ],
    ["file type", flow({ fileType: "ORC" as "CSV" }), /flows\.allergies\.fileType.*"ORC"/],
    [
      "flow name",
      flow({ flowName: "-bad name" }),
      /flows\.allergies\.flowName.*"-bad name".*rename the flow/,
    ],
    [
      "duplicate flow names",
      { flows: { a: { ...onDemand, flowName: "same" }, b: { ...onDemand, flowName: "same" } } },
      /flows\.\*\.flowName.*"same".*more than once/,
    ],
    [
      "schedule expression",
      flow({
        trigger: { type: "Scheduled", scheduleExpression: "every day", incrementalPullFieldName: "START" },
      }),
      /trigger\.scheduleExpression.*"every day".*rate\(1days\)/,
    ],
    [
      "cron with five fields",
      flow({
        trigger: {
          type: "Scheduled",
          scheduleExpression: "cron(0 2 * * *)",
          incrementalPullFieldName: "START",
        },
      }),
      /trigger\.scheduleExpression.*"cron\(0 2 \* \* \*\)"/,
    ],
    [
      "schedule start time with an offset (the provider reads it back in UTC: a permanent diff)",
      flow({
        trigger: {
          type: "Scheduled",
          scheduleExpression: "rate(1days)",
          incrementalPullFieldName: "START",
          scheduleStartTime: "2026-01-01T03:00:00+01:00",
        },
      }),
      /trigger\.scheduleStartTime = "2026-01-01T03:00:00\+01:00".*UTC time in whole seconds.*Fix: write it in UTC with a Z/,
    ],
    [
      "incremental without a column",
      flow({ trigger: { type: "Scheduled", scheduleExpression: "rate(1days)" } }),
      /trigger\.incrementalPullFieldName.*Incremental pull needs.*dataPullMode "Complete"/,
    ],
    [
      "incremental column not in schema",
      flow({
        trigger: {
          type: "Scheduled",
          scheduleExpression: "rate(1days)",
          incrementalPullFieldName: "UPDATED_AT",
        },
      }),
      /trigger\.incrementalPullFieldName.*"UPDATED_AT".*not a column/,
    ],
  ])("rejects bad %s", (_name, overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });

  test("accepts cron schedules and Complete pulls without an incremental column", () => {
    const { stack } = build(
      flow({
        trigger: { type: "Scheduled", scheduleExpression: "cron(0 2 * * ? *)", dataPullMode: "Complete" },
      }),
    );
    const [f] = all(JSON.parse(Testing.synth(stack)) as Synth, "aws_appflow_flow");
    expect(f.trigger_config).toEqual({
      trigger_type: "Scheduled",
      trigger_properties: {
        scheduled: { schedule_expression: "cron(0 2 * * ? *)", data_pull_mode: "Complete" },
      },
    });
    expect((f.source_flow_config as Resource).incremental_pull_config).toBeUndefined();
  });
});
