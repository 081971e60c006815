import { BigqueryDataset } from "@cdktf/provider-google/lib/bigquery-dataset";
import { BigqueryDatasetIamMember } from "@cdktf/provider-google/lib/bigquery-dataset-iam-member";
import { BigqueryTable } from "@cdktf/provider-google/lib/bigquery-table";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import {
  BigQuerySource,
  BigQuerySourceProps,
  SAMPLE_ALLERGIES_FIELDS,
} from "@multicloud-platform/modules/bigquery-source";

// The Google provider is not installable offline, so this module is asserted at the JSON level.

const READER = "user:appflow-reader@example.com" as const;

function baseProps(overrides: Partial<BigQuerySourceProps> = {}): BigQuerySourceProps {
  return {
    projectId: "health-data-123",
    datasetId: "synthea",
    location: "US",
    labels: { env: "test", "data-class": "synthetic" },
    defaultTableExpirationMs: 7_776_000_000,
    defaultPartitionExpirationMs: 2_592_000_000,
    tables: { allergies: { fields: SAMPLE_ALLERGIES_FIELDS, description: "Synthetic allergies" } },
    readerMembers: [READER],
    ...overrides,
  };
}

function build(overrides: Partial<BigQuerySourceProps> = {}): {
  stack: TerraformStack;
  source: BigQuerySource;
} {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new GoogleProvider(stack, "google", { project: "health-data-123", region: "us-central1" });
  const source = new BigQuerySource(stack, "bq", baseProps(overrides));
  return { stack, source };
}

type Resource = Record<string, unknown>;
interface Json {
  resource: Record<string, Record<string, Resource>>;
}

function resourcesOf(json: Json, type: string): Resource[] {
  return Object.values(json.resource[type] ?? {});
}

describe("BigQuerySource (defaults)", () => {
  let synth: string;
  let json: Json;
  let source: BigQuerySource;

  beforeAll(() => {
    const built = build();
    source = built.source;
    synth = Testing.synth(built.stack);
    json = JSON.parse(synth) as Json;
  });

  test("enables the BigQuery and BigQuery Storage APIs without disabling them on destroy", () => {
    const services = resourcesOf(json, "google_project_service");
    expect(services.map((s) => s.service).sort()).toEqual([
      "bigquery.googleapis.com",
      "bigquerystorage.googleapis.com",
    ]);
    for (const s of services) {
      expect(s).toMatchObject({
        project: "health-data-123",
        disable_on_destroy: false,
        disable_dependent_services: false,
      });
    }
  });

  test("dataset has location, labels, expirations, keeps contents and is protected from destroy", () => {
    expect(synth).toHaveResourceWithProperties(BigqueryDataset, {
      project: "health-data-123",
      dataset_id: "synthea",
      location: "US",
      labels: { env: "test", "data-class": "synthetic" },
      default_table_expiration_ms: 7_776_000_000,
      default_partition_expiration_ms: 2_592_000_000,
      delete_contents_on_destroy: false,
    });
    const [dataset] = resourcesOf(json, "google_bigquery_dataset");
    expect(dataset.lifecycle).toEqual({ prevent_destroy: true });
  });

  test("dataset depends on both API enablements", () => {
    const [dataset] = resourcesOf(json, "google_bigquery_dataset");
    const serviceAddresses = Object.keys(json.resource.google_project_service).map(
      (k) => `google_project_service.${k}`,
    );
    expect([...(dataset.depends_on as string[])].sort()).toEqual(serviceAddresses.sort());
  });

  test("the allergies table has a typed schema and deletion protection", () => {
    const [table] = resourcesOf(json, "google_bigquery_table");
    expect(table.table_id).toBe("allergies");
    expect(table.deletion_protection).toBe(true);
    expect(table.dataset_id).toMatch(/\$\{google_bigquery_dataset\.[^.]+\.dataset_id\}/);
    const schema = JSON.parse(table.schema as string) as { name: string; type: string; mode: string }[];
    expect(schema.map((f) => f.name)).toEqual([
      "START",
      "STOP",
      "PATIENT",
      "ENCOUNTER",
      "CODE",
      "SYSTEM",
      "DESCRIPTION",
      "TYPE",
      "CATEGORY",
      "REACTION1",
      "DESCRIPTION1",
      "SEVERITY1",
    ]);
    expect(schema[0]).toMatchObject({ name: "START", type: "DATE", mode: "NULLABLE" });
    expect(schema[2]).toMatchObject({ name: "PATIENT", type: "STRING", mode: "REQUIRED" });
    expect(schema.filter((f) => f.type === "STRING")).toHaveLength(10);
  });

  test("grants data viewer on the dataset, job user and read session user on the project to the reader", () => {
    expect(synth).toHaveResourceWithProperties(BigqueryDatasetIamMember, {
      project: "health-data-123",
      role: "roles/bigquery.dataViewer",
      member: READER,
    });
    expect(synth).toHaveResourceWithProperties(ProjectIamMember, {
      project: "health-data-123",
      role: "roles/bigquery.jobUser",
      member: READER,
    });
    // AppFlow's connector docs do not name the API it reads through: the Storage Read API needs read sessions.
    expect(synth).toHaveResourceWithProperties(ProjectIamMember, {
      project: "health-data-123",
      role: "roles/bigquery.readSessionUser",
      member: READER,
    });
    // Every project grant waits for exactly the API it is for, and every enabled API has its grant.
    const services = Object.fromEntries(
      Object.entries(json.resource.google_project_service as Record<string, { service: string }>).map(
        ([name, r]) => [`google_project_service.${name}`, r.service],
      ),
    );
    const apiOfRole = Object.fromEntries(
      resourcesOf(json, "google_project_iam_member").map((g) => {
        const deps = g.depends_on as string[];
        expect(deps).toHaveLength(1);
        return [g.role as string, services[deps[0]]];
      }),
    );
    expect(apiOfRole).toEqual({
      "roles/bigquery.jobUser": "bigquery.googleapis.com",
      "roles/bigquery.readSessionUser": "bigquerystorage.googleapis.com",
    });
    const [viewer] = resourcesOf(json, "google_bigquery_dataset_iam_member");
    expect(viewer.dataset_id).toMatch(/\$\{google_bigquery_dataset\./);
  });

  test("creates exactly the expected resources", () => {
    expect(resourcesOf(json, "google_project_service")).toHaveLength(2);
    expect(resourcesOf(json, "google_bigquery_dataset")).toHaveLength(1);
    expect(resourcesOf(json, "google_bigquery_table")).toHaveLength(1);
    expect(resourcesOf(json, "google_bigquery_dataset_iam_member")).toHaveLength(1);
    expect(resourcesOf(json, "google_project_iam_member")).toHaveLength(2);
    expect(synth).toHaveResource(ProjectService);
    expect(synth).toHaveResource(BigqueryTable);
  });

  test("exposes ids, field names, field types and the AppFlow entity", () => {
    expect(source.datasetId).toBe("synthea");
    expect(source.tableIds).toEqual({ allergies: "allergies" });
    expect(source.fieldNames("allergies")).toEqual(SAMPLE_ALLERGIES_FIELDS.map((f) => f.name));
    expect(source.fieldTypes("allergies")).toMatchObject({ START: "DATE", PATIENT: "STRING" });
    expect(source.appflowEntityName("allergies")).toBe("table/health-data-123/synthea/allergies");
    expect(() => source.fieldNames("encounters")).toThrow(/tableId.*"encounters".*props\.tables/);
  });
});

describe("BigQuerySource (dev: deletion protection off, partitioned table, no expirations)", () => {
  let json: Json;

  beforeAll(() => {
    const { stack } = build({
      deletionProtection: false,
      defaultTableExpirationMs: undefined,
      defaultPartitionExpirationMs: undefined,
      labels: undefined,
      tables: {
        allergies: {
          fields: SAMPLE_ALLERGIES_FIELDS,
          timePartitioning: { field: "START" },
          labels: { source: "synthea" },
        },
      },
    });
    json = JSON.parse(Testing.synth(stack)) as Json;
  });

  test("drops prevent_destroy and table deletion protection", () => {
    const [dataset] = resourcesOf(json, "google_bigquery_dataset");
    expect(dataset.lifecycle).toBeUndefined();
    expect(dataset.default_table_expiration_ms).toBeUndefined();
    expect(dataset.labels).toBeUndefined();
    const [table] = resourcesOf(json, "google_bigquery_table");
    expect(table.deletion_protection).toBe(false);
    expect(table.time_partitioning).toEqual({ field: "START", type: "DAY" });
    expect(table.labels).toEqual({ source: "synthea" });
  });
});

describe("BigQuerySource validation", () => {
  test.each([
    ["projectId", { projectId: "Health-Data" }, /projectId.*"Health-Data".*project id/],
    ["projectId too short", { projectId: "abc" }, /projectId.*"abc"/],
    ["projectId trailing hyphen", { projectId: "health-data-" }, /projectId.*not end with a hyphen/],
    ["datasetId", { datasetId: "syn-thea" }, /datasetId.*"syn-thea".*underscores/],
    ["location", { location: "us central" }, /location.*"us central".*BigQuery location/],
    ["label key", { labels: { Env: "x" } }, /labels key.*"Env".*lowercase/],
    ["label value", { labels: { env: "Prod!" } }, /labels\.env.*"Prod!".*lowercase/],
    ["table expiration", { defaultTableExpirationMs: 1000 }, /defaultTableExpirationMs.*1000.*3600000/],
    ["partition expiration", { defaultPartitionExpirationMs: 0 }, /defaultPartitionExpirationMs.*0/],
    ["no tables", { tables: {} }, /tables.*must not be empty/],
    [
      "table id",
      { tables: { "bad.table": { fields: SAMPLE_ALLERGIES_FIELDS } } },
      /tables\.bad\.table.*"bad\.table".*rename/,
    ],
    ["no readers", { readerMembers: [] }, /readerMembers.*at least one/],
    [
      "reader syntax",
      { readerMembers: ["appflow@example.com" as unknown as "user:x"] },
      /readerMembers.*"appflow@example.com".*user:<email>.*prefix the email/,
    ],
  ])("rejects bad %s", (_name, overrides, message) => {
    expect(() => build(overrides as Partial<BigQuerySourceProps>)).toThrow(message);
  });

  test("rejects bad column names, duplicate columns, unknown types and bad partition columns", () => {
    expect(() => build({ tables: { t: { fields: [{ name: "1st", type: "STRING" }] } } })).toThrow(
      /tables\.t\.fields\.name.*"1st".*rename/,
    );
    expect(() =>
      build({
        tables: {
          t: {
            fields: [
              { name: "code", type: "STRING" },
              { name: "CODE", type: "STRING" },
            ],
          },
        },
      }),
    ).toThrow(/case-insensitive.*"code".*remove the duplicate/);
    expect(() => build({ tables: { t: { fields: [{ name: "a", type: "RECORD" as "STRING" }] } } })).toThrow(
      /tables\.t\.fields\.a\.type.*"RECORD".*allowed values/,
    );
    expect(() =>
      build({ tables: { t: { fields: [{ name: "a", type: "STRING", mode: "OPTIONAL" as "NULLABLE" }] } } }),
    ).toThrow(/tables\.t\.fields\.a\.mode.*"OPTIONAL"/);
    expect(() =>
      build({ tables: { t: { fields: SAMPLE_ALLERGIES_FIELDS, timePartitioning: { field: "PATIENT" } } } }),
    ).toThrow(/timePartitioning\.field.*"PATIENT".*use one of: START, STOP/);
  });

  test("skips checks on unresolved tokens", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "tokens");
    new GoogleProvider(stack, "google", { project: "p" });
    const project = new TerraformVariable(stack, "project", { type: "string" });
    expect(
      () => new BigQuerySource(stack, "bq", { ...baseProps(), projectId: project.stringValue }),
    ).not.toThrow();
  });
});

describe("BigQuerySource with a customer-managed key (CMEK)", () => {
  const KEY = "projects/kms-prod/locations/us/keyRings/bigquery/cryptoKeys/synthea";

  it("sets the key on the dataset and every table, after granting BigQuery's service agent the key", () => {
    const json = JSON.parse(
      Testing.synth(build({ encryption: { kmsKeyName: KEY, projectNumber: "123456789012" } }).stack),
    ) as Json;
    const [grantName] = Object.keys(json.resource.google_kms_crypto_key_iam_member);
    expect(resourcesOf(json, "google_kms_crypto_key_iam_member")[0]).toMatchObject({
      crypto_key_id: KEY,
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: "serviceAccount:bq-123456789012@bigquery-encryption.iam.gserviceaccount.com",
    });
    const [dataset] = resourcesOf(json, "google_bigquery_dataset");
    expect(dataset.default_encryption_configuration).toEqual({ kms_key_name: KEY });
    expect(dataset.depends_on).toContain(`google_kms_crypto_key_iam_member.${grantName}`);
    for (const t of resourcesOf(json, "google_bigquery_table")) {
      expect(t.encryption_configuration).toEqual({ kms_key_name: KEY });
      expect(t.depends_on).toEqual([`google_kms_crypto_key_iam_member.${grantName}`]);
    }
  });

  it("leaves the grant to the key's owner when no project number is given", () => {
    const json = JSON.parse(Testing.synth(build({ encryption: { kmsKeyName: KEY } }).stack)) as Json;
    expect(json.resource.google_kms_crypto_key_iam_member).toBeUndefined();
    expect(resourcesOf(json, "google_bigquery_table")[0].encryption_configuration).toEqual({
      kms_key_name: KEY,
    });
  });

  it("fails when the key is not in the dataset's location, is not a key name, or the project number is an id", () => {
    expect(() => build({ location: "EU", encryption: { kmsKeyName: KEY } })).toThrow(
      /invalid encryption\.kmsKeyName = ".*": is in location us, but a dataset in EU needs a key in europe/,
    );
    expect(() => build({ encryption: { kmsKeyName: `${KEY}/cryptoKeyVersions/1` } })).toThrow(
      /is not a key name of the form projects\/<project>\/locations\//,
    );
    expect(() => build({ encryption: { kmsKeyName: KEY, projectNumber: "health-data-123" } })).toThrow(
      /invalid encryption\.projectNumber = "health-data-123": must be the numeric project number/,
    );
    expect(() =>
      build({ location: "europe-west1", encryption: { kmsKeyName: KEY.replace("/us/", "/europe-west1/") } }),
    ).not.toThrow();
  });
});
