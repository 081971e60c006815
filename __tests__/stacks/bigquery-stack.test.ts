/**
 * `<env>-bigquery` is asserted at the synthesized-JSON level only: the google provider cannot be installed on
 * the development machines (no registry access; the offline mirror holds hashicorp/aws only), so the
 * terraform tier skips Google stacks. These tests pin the arguments that carry R-DATA-1 instead.
 */
import { resourcesOf, synthEnvironment } from "../helpers/synth";

const ENVS = ["dev", "staging", "prod"] as const;
const synths = Object.fromEntries(ENVS.map((n) => [n, synthEnvironment(n)]));
const of = (stack: any, type: string): any[] => Object.values(stack.resource?.[type] ?? {});
const DAY_MS = 24 * 3_600_000;

describe.each(ENVS)("%s-bigquery", (name) => {
  const { env, json } = synths[name];
  const stack = json[`${name}-bigquery`];
  const bq = env.bigquery!;

  test("Google only: one google provider for the project, labels from the environment's tags, no AWS", () => {
    expect(stack.provider.aws).toBeUndefined();
    expect(stack.provider.google).toEqual([
      expect.objectContaining({
        alias: `${bq.projectId}-${bq.region}`,
        project: bq.projectId,
        region: bq.region,
        default_labels: expect.objectContaining({
          environment: name,
          stack: `${name}-bigquery`,
          managedby: "cdktf",
        }),
      }),
    ]);
    for (const [type, , r] of resourcesOf(stack)) {
      expect(type).toMatch(/^google_/);
      expect(r.provider).toBe(`google.${bq.projectId}-${bq.region}`);
    }
  });

  test("BigQuery and BigQuery Storage APIs enabled, never disabled on destroy", () => {
    const services = of(stack, "google_project_service");
    expect(services.map((s) => s.service).sort()).toEqual([
      "bigquery.googleapis.com",
      "bigquerystorage.googleapis.com",
    ]);
    for (const s of services)
      expect(s).toMatchObject({ disable_on_destroy: false, disable_dependent_services: false });
  });

  test("dataset: location, labels, expirations, deletion protection outside dev", () => {
    const [dataset] = of(stack, "google_bigquery_dataset");
    expect(dataset).toMatchObject({
      project: bq.projectId,
      dataset_id: bq.datasetId,
      location: bq.location,
      labels: bq.labels,
      delete_contents_on_destroy: false,
    });
    expect(dataset.default_table_expiration_ms).toBe(
      bq.defaultTableExpirationDays === undefined ? undefined : bq.defaultTableExpirationDays * DAY_MS,
    );
    // The two API enablements, and the key grant BigQuery needs before it encrypts anything.
    expect(dataset.depends_on).toHaveLength(3);
    const protectedStage = name !== "dev";
    expect(dataset.lifecycle?.prevent_destroy ?? false).toBe(protectedStage);
    for (const t of of(stack, "google_bigquery_table")) expect(t.deletion_protection).toBe(protectedStage);
  });

  test("CMEK: dataset default key and every table's key, after the service agent's key grant", () => {
    const enc = bq.encryption!;
    expect(enc.kmsKeyName).toMatch(/\/locations\/us\//);
    const [grant] = of(stack, "google_kms_crypto_key_iam_member");
    expect(grant).toMatchObject({
      crypto_key_id: enc.kmsKeyName,
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: `serviceAccount:bq-${enc.projectNumber}@bigquery-encryption.iam.gserviceaccount.com`,
    });
    const grantRef = `google_kms_crypto_key_iam_member.${Object.keys(stack.resource.google_kms_crypto_key_iam_member)[0]}`;
    const [dataset] = of(stack, "google_bigquery_dataset");
    expect(dataset.default_encryption_configuration).toEqual({ kms_key_name: enc.kmsKeyName });
    expect(dataset.depends_on).toContain(grantRef);
    for (const t of of(stack, "google_bigquery_table")) {
      expect(t.encryption_configuration).toEqual({ kms_key_name: enc.kmsKeyName });
      expect(t.depends_on).toEqual([grantRef]);
    }
  });

  test("tables with the typed schemas of bigquery.tables (the columns the ingest flows map)", () => {
    const tables = of(stack, "google_bigquery_table");
    expect(tables.map((t) => t["//"].metadata.path.replace(/^.*table-/, "")).sort()).toEqual(
      Object.keys(bq.tables).sort(),
    );
    expect(Object.keys(bq.tables)).toContain("allergies");
    for (const t of tables) {
      const id = t["//"].metadata.path.replace(/^.*table-/, "");
      expect(t.table_id).toBe(id);
      const schema = JSON.parse(t.schema);
      expect(schema.map((c: any) => [c.name, c.type, c.mode])).toEqual(
        bq.tables[id].fields.map((f) => [f.name, f.type, f.mode]),
      );
      const tp = bq.tables[id].timePartitioning;
      expect(t.time_partitioning).toEqual(tp ? { field: tp.field, type: tp.type } : undefined);
    }
    const allergies = JSON.parse(tables.find((t) => t.table_id === "allergies").schema).map(
      (c: any) => c.name,
    );
    expect(allergies).toEqual(
      expect.arrayContaining([
        "START",
        "STOP",
        "PATIENT",
        "ENCOUNTER",
        "CODE",
        "SYSTEM",
        "DESCRIPTION",
        "TYPE",
        "CATEGORY",
      ]),
    );
  });

  test("read access for AppFlow's OAuth identity: Data Viewer on the dataset, Job User and Read Session User on the project", () => {
    const [viewer] = of(stack, "google_bigquery_dataset_iam_member");
    expect(viewer).toMatchObject({
      role: "roles/bigquery.dataViewer",
      member: bq.appflowIdentity,
      project: bq.projectId,
    });
    expect(viewer.dataset_id).toMatch(/^\$\{google_bigquery_dataset\.[^.]+\.dataset_id\}$/);
    const grants = of(stack, "google_project_iam_member");
    expect(grants.map((g) => g.role).sort()).toEqual([
      "roles/bigquery.jobUser",
      "roles/bigquery.readSessionUser",
    ]);
    for (const g of grants) expect(g).toMatchObject({ member: bq.appflowIdentity, project: bq.projectId });
  });

  test("every flow of the ingest stack reads a table this stack creates, in this project and dataset", () => {
    for (const flow of Object.values(env.ingest!.appflow!.flows)) {
      const [project, dataset, table] = flow.entity.split("/");
      expect([project, dataset]).toEqual([bq.projectId, bq.datasetId]);
      expect(of(stack, "google_bigquery_table").some((t) => t.table_id === table)).toBe(true);
    }
  });
});

test("the terraform tier skips Google stacks: they have no AWS provider to validate with", () => {
  for (const name of ENVS) {
    const providers = Object.keys(synths[name].json[`${name}-bigquery`].provider);
    expect(providers).toEqual(["google"]);
  }
});
