import { App } from "cdktf";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EnvironmentConfig, loadEnvironments } from "../../config";
import { evaluatePolicyPack } from "@multicloud-platform/modules/guardrails";
import { buildEnvironment, ComponentStack, stacksOf } from "../../stacks";
import { resourcesOf } from "../helpers/synth";

interface Synth {
  env: EnvironmentConfig;
  stacks: Record<string, ComponentStack>;
  json: Record<string, any>;
}

/**
 * Builds an environment and resolves cross-stack references the way `app.synth()` does (prepareStack on
 * every stack first), so the ingest stack's network inputs appear as remote state and the network stack's
 * matching outputs exist.
 */
const cache = new Map<string, Synth>();
function synth(name: string): Synth {
  const hit = cache.get(name);
  if (hit) return hit;
  const [env] = loadEnvironments([name]);
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-ingest-")) });
  const all = stacksOf(buildEnvironment(app, env));
  for (const s of all) s.prepareStack();
  const result: Synth = {
    env,
    stacks: Object.fromEntries(all.map((s) => [s.node.id, s])),
    json: Object.fromEntries(all.map((s) => [s.node.id, JSON.parse(JSON.stringify(s.toTerraform()))])),
  };
  cache.set(name, result);
  return result;
}

const of = (stack: any, type: string): Array<[string, any]> => Object.entries(stack.resource?.[type] ?? {});
const one = (stack: any, type: string): [string, any] => {
  const all = of(stack, type);
  expect(all).toHaveLength(1);
  return all[0];
};
/** `${type.name.attr}` → the resource config it points at. */
const target = (stack: any, ref: string): any => {
  const m = /^\$\{([a-z0-9_]+)\.([^.]+)\.[a-z_]+\}$/.exec(ref);
  if (!m) throw new Error(`not a reference: ${ref}`);
  return stack.resource[m[1]][m[2]];
};

const dev = synth("dev");
const ingest = dev.json["dev-ingest"];
const cfg = dev.env.ingest!;
const ingestAccount = dev.env.accounts.ingest.id;

describe("dev-ingest: stack shape", () => {
  test("AWS only: the ingest account in region A and the data account in region B", () => {
    expect(ingest.provider.google).toBeUndefined();
    expect(ingest.provider.aws.map((p: any) => p.alias).sort()).toEqual([
      "data-us-west-2",
      "ingest-us-east-1",
    ]);
    for (const [type, name, r] of resourcesOf(ingest)) {
      const expected =
        (type === "aws_security_group" && name.startsWith("datastore-sg")) ||
        (type === "aws_vpc_security_group_ingress_rule" && name.includes("data-store-ingress"))
          ? "aws.data-us-west-2"
          : "aws.ingest-us-east-1";
      expect([type, name, r.provider]).toEqual([type, name, expected]);
    }
  });

  test("reads the network stack through remote state (validated by the terraform tier, not planned)", () => {
    expect(Object.keys(ingest.data.terraform_remote_state)).toEqual([
      "cross-stack-reference-input-dev-network",
    ]);
  });

  test("the policy pack passes with no suppressions, and the only warning (Glue's egress) is accepted with its reason", () => {
    for (const id of ["dev-ingest", "dev-bigquery"]) {
      const report = evaluatePolicyPack(dev.stacks[id], { environment: "dev" });
      expect(report.errors.map((f) => `${f.ruleId} ${f.address}`)).toEqual([]);
      expect(report.warnings.map((f) => `${f.ruleId} ${f.address}`)).toEqual([]);
    }
    const accepted = evaluatePolicyPack(dev.stacks["dev-ingest"], { environment: "dev" }).suppressed;
    expect(accepted.map((f) => [f.ruleId, f.suppressedBy?.source])).toEqual([["PP-SG-003", "resource"]]);
  });
});

describe("dev-ingest: the ingest account/region's Glue Data Catalog encryption and S3 access logs", () => {
  test("one settings resource with SSE-KMS and encrypted connection passwords, on the ingest account's provider", () => {
    const [, settings] = one(ingest, "aws_glue_data_catalog_encryption_settings");
    expect(settings.provider).toBe("aws.ingest-us-east-1");
    expect(settings.catalog_id).toBe(ingestAccount);
    const keyRef = settings.data_catalog_encryption_settings.encryption_at_rest.sse_aws_kms_key_id;
    expect(settings.data_catalog_encryption_settings).toEqual({
      encryption_at_rest: { catalog_encryption_mode: "SSE-KMS", sse_aws_kms_key_id: keyRef },
      connection_password_encryption: { return_connection_password_encrypted: true, aws_kms_key_id: keyRef },
    });
    // The catalog clients (AppFlow's catalog role, the Glue connection role) may use the key through Glue.
    const policy = JSON.parse(target(ingest, keyRef).policy);
    const clients = policy.Statement.find((x: any) => x.Sid === "CatalogClientsThroughGlue");
    const roleNames = clients.Principal.AWS.map((ref: string) => target(ingest, ref).name).sort();
    expect(roleNames).toEqual(["dev-ingest-appflow-glue-catalog", "dev-warehouse-glue-us-east-1"]);
    expect(clients.Condition).toEqual({ StringEquals: { "kms:ViaService": "glue.us-east-1.amazonaws.com" } });
    const catalogRolePolicy = of(ingest, "aws_iam_role_policy").find(
      ([, p]) => p.name === "glue-catalog",
    )![1];
    expect(JSON.parse(catalogRolePolicy.policy).Statement[1]).toMatchObject({
      Sid: "UseCatalogKey",
      Resource: keyRef,
    });
  });

  test("is left to another stack with ingest.manageCatalogEncryption = false", () => {
    const [env] = loadEnvironments(["dev"]);
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-ingest-")) });
    const stacks = buildEnvironment(app, {
      ...env,
      ingest: { ...env.ingest!, manageCatalogEncryption: false },
    });
    const json = stacks.ingest!.toTerraform();
    expect(json.resource.aws_glue_data_catalog_encryption_settings).toBeUndefined();
    expect(evaluatePolicyPack(stacks.ingest!, { environment: "dev" }).errors.map((f) => f.ruleId)).toEqual([
      "PP-GLUE-002",
    ]);
  });

  test("the results and Athena buckets log to the stack's SSE-S3 access-log bucket of the ingest account/region", () => {
    const logName = `dev-ingest-access-logs-${ingestAccount}-us-east-1`;
    const [logId] = of(ingest, "aws_s3_bucket").find(([, b]) => b.bucket === logName)!;
    const logging = of(ingest, "aws_s3_bucket_logging").map(([, l]) => [
      target(ingest, l.bucket).bucket,
      l.target_bucket,
    ]);
    expect(logging.sort()).toEqual(
      [cfg.appflow!.resultsBucketName, cfg.appflow!.athenaResultsBucketName]
        .sort()
        .map((b) => [b, `\${aws_s3_bucket.${logId}.bucket}`]),
    );
  });
});

describe("dev-ingest: Google BigQuery connector profile", () => {
  const [, profile] = one(ingest, "aws_appflow_connector_profile");

  test("CustomConnector with the GoogleBigQuery label and OAuth2 authorization code against Google's token URL", () => {
    expect(profile.connector_type).toBe("CustomConnector");
    expect(profile.connector_label).toBe("GoogleBigQuery");
    expect(profile.name).toBe("dev-ingest-google-bigquery");
    const props = profile.connector_profile_config.connector_profile_properties.custom_connector;
    expect(props.oauth2_properties).toEqual({
      oauth2_grant_type: "AUTHORIZATION_CODE",
      token_url: "https://oauth2.googleapis.com/token",
    });
    expect(profile.kms_arn).toMatch(/^\$\{aws_kms_key\.[^.]+\.arn\}$/);
  });

  test("client id, client secret, refresh and access token are sensitive variables, never literals", () => {
    const creds = profile.connector_profile_config.connector_profile_credentials.custom_connector;
    expect(creds.authentication_type).toBe("OAUTH2");
    const names = ["client_id", "client_secret", "refresh_token", "access_token"];
    for (const n of names) {
      expect(creds.oauth2[n]).toBe(`\${var.dev_ingest_google_oauth_${n}}`);
      const v = ingest.variable[`dev_ingest_google_oauth_${n}`];
      expect(v).toMatchObject({ type: "string", sensitive: true, nullable: false });
      expect(v.default).toBeUndefined();
    }
  });
});

describe("dev-ingest: flows", () => {
  const flows = Object.fromEntries(of(ingest, "aws_appflow_flow").map(([, f]) => [f.name, f]));
  const tables = dev.json["dev-bigquery"].resource.google_bigquery_table;
  /** Column names of a table as the BigQuery stack creates it (parsed from its schema JSON). */
  const bigqueryColumns = (table: string): string[] => {
    const t = Object.values(tables).find(
      (x: any) => x.schema && x["//"]?.metadata.path.endsWith(`table-${table}`),
    );
    return JSON.parse((t as any).schema).map((c: any) => c.name);
  };

  test("one flow per configured flow, at least one on demand and one scheduled", () => {
    expect(Object.keys(flows).sort()).toEqual(
      Object.keys(cfg.appflow!.flows)
        .map((k) => `dev-ingest-${k}`)
        .sort(),
    );
    const triggers = Object.values(flows).map((f: any) => f.trigger_config.trigger_type);
    expect(triggers).toEqual(expect.arrayContaining(["OnDemand", "Scheduled"]));
  });

  test.each(Object.entries(cfg.appflow!.flows))("%s: entity, projection and 1:1 map tasks", (key, flow) => {
    const f = flows[`dev-ingest-${key}`];
    const [, , table] = flow.entity.split("/");
    const src = f.source_flow_config;
    expect(src.connector_type).toBe("CustomConnector");
    expect(src.connector_profile_name).toMatch(/^\$\{aws_appflow_connector_profile\.[^.]+\.name\}$/);
    expect(src.source_connector_properties.custom_connector.entity_name).toBe(`table/${flow.entity}`);

    const fields = flow.fields!;
    const projections = f.task.filter(
      (t: any) => t.task_type === "Filter" && t.connector_operator[0].custom_connector === "PROJECTION",
    );
    expect(projections).toHaveLength(1);
    expect(projections[0].source_fields).toEqual(fields);
    const maps = f.task.filter((t: any) => t.task_type === "Map");
    expect(
      maps.map((t: any) => [t.source_fields, t.destination_field, t.connector_operator[0].custom_connector]),
    ).toEqual(fields.map((c) => [[c], c, "NO_OP"]));
    // One source of truth: every mapped column is a column of the table the BigQuery stack creates, and the
    // columns not listed are dropped (no task mentions them).
    const columns = bigqueryColumns(table);
    expect(columns).toEqual(expect.arrayContaining(fields));
    const dropped = columns.filter((c) => !fields.includes(c));
    expect(dropped.length).toBeGreaterThan(0);
    for (const t of f.task) for (const c of dropped) expect(t.source_fields).not.toContain(c);
  });

  test("the on-demand flow and the daily incremental flow", () => {
    expect(flows["dev-ingest-allergies"].trigger_config).toEqual({ trigger_type: "OnDemand" });
    const daily = flows["dev-ingest-encounters-daily"];
    expect(daily.trigger_config).toEqual({
      trigger_type: "Scheduled",
      trigger_properties: {
        scheduled: { schedule_expression: "rate(1days)", data_pull_mode: "Incremental" },
      },
    });
    expect(daily.source_flow_config.incremental_pull_config).toEqual({ datetime_type_field_name: "START" });
  });

  test("S3 destination: results bucket, prefix, Parquet with source types", () => {
    for (const [key, flow] of Object.entries(cfg.appflow!.flows)) {
      const s3 = flows[`dev-ingest-${key}`].destination_flow_config[0];
      expect(s3.connector_type).toBe("S3");
      const props = s3.destination_connector_properties.s3;
      expect(target(ingest, props.bucket_name).bucket).toBe(cfg.appflow!.resultsBucketName);
      expect(props.bucket_prefix).toBe(flow.bucketPrefix);
      expect(props.s3_output_format_config).toMatchObject({
        file_type: "PARQUET",
        preserve_source_data_typing: true,
      });
    }
  });

  test("Glue Data Catalog registration: database, table prefix, a role AppFlow can pass", () => {
    const [, db] = one(ingest, "aws_glue_catalog_database");
    expect(db).toMatchObject({ name: "dev_healthcare", catalog_id: ingestAccount });
    for (const f of Object.values(flows) as any[]) {
      const catalog = f.metadata_catalog_config.glue_data_catalog;
      expect(target(ingest, catalog.database_name)).toBe(db);
      expect(catalog.table_prefix).toBe("synthea");
      const role = target(ingest, catalog.role_arn);
      const trust = JSON.parse(role.assume_role_policy);
      expect(trust.Statement).toEqual([
        expect.objectContaining({
          Effect: "Allow",
          Principal: { Service: "appflow.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": ingestAccount } },
        }),
      ]);
    }
    const policies = of(ingest, "aws_iam_role_policy").map(([, p]) => JSON.parse(p.policy));
    const catalogPolicy = policies.find((p) => p.Statement.some((s: any) => s.Sid === "CatalogFlowOutput"));
    expect(catalogPolicy.Statement[0].Resource).toEqual([
      `arn:aws:glue:us-east-1:${ingestAccount}:catalog`,
      `arn:aws:glue:us-east-1:${ingestAccount}:database/dev_healthcare`,
      `arn:aws:glue:us-east-1:${ingestAccount}:table/dev_healthcare/*`,
    ]);
  });
});

describe("dev-ingest: buckets and Athena", () => {
  const buckets = Object.fromEntries(of(ingest, "aws_s3_bucket").map(([name, b]) => [b.bucket, name]));
  const policyOf = (bucket: string): any => {
    const [, p] = of(ingest, "aws_s3_bucket_policy").find(
      ([, x]) => x.bucket === `\${aws_s3_bucket.${buckets[bucket]}.id}`,
    )!;
    return JSON.parse(p.policy);
  };
  const results = cfg.appflow!.resultsBucketName;
  const athena = cfg.appflow!.athenaResultsBucketName;

  test("results bucket policy lets appflow.amazonaws.com write under the flow prefixes, from this account only", () => {
    const policy = policyOf(results);
    const appflow = policy.Statement.filter((s: any) => s.Principal?.Service === "appflow.amazonaws.com");
    expect(appflow).toHaveLength(2);
    for (const s of appflow) {
      expect(s.Effect).toBe("Allow");
      expect(s.Condition).toEqual({ StringEquals: { "aws:SourceAccount": ingestAccount } });
    }
    const objects = appflow.find((s: any) => s.Action.includes("s3:PutObject"));
    const prefixes = [...new Set(Object.values(cfg.appflow!.flows).map((f) => f.bucketPrefix))].sort();
    expect(objects.Resource).toEqual(prefixes.map((p) => `arn:aws:s3:::${results}/${p}/*`));
    const bucketLevel = appflow.find((s: any) => s.Action.includes("s3:GetBucketAcl"));
    expect(bucketLevel.Resource).toBe(`arn:aws:s3:::${results}`);
  });

  test("both buckets deny non-TLS requests; the Athena bucket gives AppFlow nothing", () => {
    for (const b of [results, athena]) {
      const deny = policyOf(b).Statement.find((s: any) => s.Effect === "Deny");
      expect(deny).toMatchObject({ Principal: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    }
    const athenaPolicy = policyOf(athena);
    expect(athenaPolicy.Statement.some((s: any) => s.Principal?.Service === "appflow.amazonaws.com")).toBe(
      false,
    );
  });

  test("buckets are private, versioned and KMS-encrypted", () => {
    for (const b of [results, athena]) {
      const ref = `\${aws_s3_bucket.${buckets[b]}.id}`;
      const pab = of(ingest, "aws_s3_bucket_public_access_block").find(([, x]) => x.bucket === ref)![1];
      expect(pab).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      const sse = of(ingest, "aws_s3_bucket_server_side_encryption_configuration").find(
        ([, x]) => x.bucket === ref,
      )![1];
      expect(sse.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe("aws:kms");
      const ver = of(ingest, "aws_s3_bucket_versioning").find(([, x]) => x.bucket === ref)![1];
      expect(ver.versioning_configuration.status).toBe("Enabled");
    }
  });

  test("Athena workgroup: enforced, results SSE-KMS in the separate bucket, scan limit from config", () => {
    const [, wg] = one(ingest, "aws_athena_workgroup");
    expect(wg.name).toBe("dev-ingest-bigquery");
    expect(wg.configuration.enforce_workgroup_configuration).toBe(true);
    expect(wg.configuration.bytes_scanned_cutoff_per_query).toBe(10 * 1024 ** 3);
    const rc = wg.configuration.result_configuration;
    expect(rc.output_location).toMatch(/^s3:\/\/\$\{aws_s3_bucket\.[^.]+\.bucket\}\/results\/$/);
    expect(target(ingest, rc.output_location.slice(5, -9)).bucket).toBe(athena);
    expect(rc.encryption_configuration.encryption_option).toBe("SSE_KMS");
  });
});

describe("dev-ingest: Glue connections", () => {
  const network = dev.json["dev-network"];
  const remote = "data.terraform_remote_state.cross-stack-reference-input-dev-network.outputs.";
  /** `${data.terraform_remote_state...outputs.X}` → the network stack's output X value. */
  const networkOutput = (expr: string): string => {
    const m = new RegExp(`\\$\\{${remote.replace(/\./g, "\\.")}([^}]+)\\}`).exec(expr);
    if (!m) throw new Error(`not a network output reference: ${expr}`);
    return network.output[m[1]].value;
  };
  const [glueSgName, glueSg] = of(ingest, "aws_security_group").find(([n]) => n.includes("glue-warehouse"))!;
  const glueSgRef = `\${aws_security_group.${glueSgName}.id}`;

  test("Glue ENI security group in the Glue VPC: self-referencing all-traffic ingress, all egress", () => {
    expect(networkOutput(glueSg.vpc_id)).toMatch(/^\$\{aws_vpc\.vpc-ingest_vpc_[^.]+\.id\}$/);
    const self = of(ingest, "aws_vpc_security_group_ingress_rule").filter(
      ([, r]) => r.security_group_id === glueSgRef,
    );
    expect(self).toHaveLength(1);
    expect(self[0][1]).toMatchObject({ ip_protocol: "-1", referenced_security_group_id: glueSgRef });
    const [, egress] = one(ingest, "aws_vpc_security_group_egress_rule");
    expect(egress).toMatchObject({ security_group_id: glueSgRef, ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" });
  });

  test("a NETWORK and a JDBC connection per Glue AZ, in that AZ's glue subnet (from the network stack)", () => {
    const azs = Object.keys(dev.env.network.vpcs.ingest.subnets.glue);
    const conns = of(ingest, "aws_glue_connection").map(([, c]) => c);
    expect(conns.map((c) => c.name).sort()).toEqual(
      azs.flatMap((az) => [`dev-warehouse-jdbc-${az}`, `dev-warehouse-network-${az}`]).sort(),
    );
    for (const c of conns) {
      const az = c.physical_connection_requirements.availability_zone;
      expect(networkOutput(c.physical_connection_requirements.subnet_id)).toMatch(
        new RegExp(`^\\$\\{aws_subnet\\.vpc-ingest_subnet-glue-${az}_[^.]+\\.id\\}$`),
      );
      expect(c.physical_connection_requirements.security_group_id_list).toEqual([glueSgRef]);
      if (c.connection_type === "JDBC")
        expect(c.connection_properties).toEqual({
          JDBC_CONNECTION_URL: cfg.glue!.connections.warehouse.jdbc!.url,
          JDBC_ENFORCE_SSL: "true",
          SECRET_ID: "dev/glue/warehouse",
        });
      else expect(c.connection_type).toBe("NETWORK");
    }
  });

  test("Glue role: trusted by Glue in this account, managed service policy, reads only its secret", () => {
    const [, role] = of(ingest, "aws_iam_role").find(([n]) => n.includes("glue-warehouse"))!;
    const trust = JSON.parse(role.assume_role_policy);
    expect(trust.Statement[0]).toMatchObject({
      Principal: { Service: "glue.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceAccount": ingestAccount } },
    });
    const [, attachment] = one(ingest, "aws_iam_role_policy_attachment");
    expect(attachment.policy_arn).toBe("arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole");
    const inline = of(ingest, "aws_iam_role_policy")
      .map(([, p]) => JSON.parse(p.policy))
      .find((p) => p.Statement.some((s: any) => [s.Action].flat().includes("secretsmanager:GetSecretValue")));
    const secret = inline.Statement.find((s: any) =>
      [s.Action].flat().includes("secretsmanager:GetSecretValue"),
    );
    expect(secret.Resource).toEqual(cfg.glue!.connections.warehouse.jdbc!.secretArn);
  });

  test("remote data store: its security group in the datastore VPC and one NAT-EIP /32 rule, with the data account's us-west-2 provider", () => {
    const stores = of(ingest, "aws_security_group").filter(([n]) => n.startsWith("datastore-sg"));
    expect(stores).toHaveLength(1);
    const [[storeSgName, storeSg]] = stores;
    expect(storeSg.provider).toBe("aws.data-us-west-2");
    expect(networkOutput(storeSg.vpc_id)).toMatch(/^\$\{aws_vpc\.vpc-datastore_vpc_[^.]+\.id\}$/);
    const rules = of(ingest, "aws_vpc_security_group_ingress_rule")
      .map(([, r]) => r)
      .filter((r) => r.security_group_id === `\${aws_security_group.${storeSgName}.id}`);
    // dev: one NAT gateway in the Glue VPC → one Elastic IP → one rule.
    expect(rules).toHaveLength(1);
    const [rule] = rules;
    expect(rule).toMatchObject({
      provider: "aws.data-us-west-2",
      ip_protocol: "tcp",
      from_port: 5439,
      to_port: 5439,
    });
    const m = /^(\$\{[^}]+\})\/32$/.exec(rule.cidr_ipv4);
    expect(m).not.toBeNull();
    expect(networkOutput(m![1])).toMatch(/^\$\{aws_eip\.vpc-ingest_nat-eip-us-east-1a_[^.]+\.public_ip\}$/);
    // The Elastic IP is the one the Glue VPC's NAT gateway uses.
    expect(rule.referenced_security_group_id).toBeUndefined();
  });
});

describe("other stages", () => {
  test.each([
    ["staging", 2],
    ["prod", 3],
  ] as const)("%s: one /32 rule per NAT Elastic IP of the Glue VPC (per-AZ NAT)", (name, nats) => {
    const s = synth(name);
    const stack = s.json[`${name}-ingest`];
    const rules = of(stack, "aws_vpc_security_group_ingress_rule")
      .map(([, r]) => r)
      .filter((r) => r.provider === "aws.data-us-west-2");
    expect(rules).toHaveLength(nats);
    for (const r of rules)
      expect(r.cidr_ipv4).toMatch(/^\$\{data\.terraform_remote_state\.[^}]+public_ip\}\/32$/);
    const existing = s.env.ingest!.glue!.connections.warehouse.dataStore!.securityGroupId;
    if (existing) {
      // prod names the warehouse team's group: the rules go there and no group is created.
      for (const r of rules) expect(r.security_group_id).toBe(existing);
      expect(of(stack, "aws_security_group").filter(([n]) => n.startsWith("datastore-sg"))).toEqual([]);
    } else {
      expect(of(stack, "aws_security_group").filter(([n]) => n.startsWith("datastore-sg"))).toHaveLength(1);
    }
    const report = evaluatePolicyPack(s.stacks[`${name}-ingest`], { environment: s.env.stage });
    expect(report.errors.map((f) => `${f.ruleId} ${f.address}`)).toEqual([]);
  });

  test("prod: the Glue role may decrypt the secret's CMK only through Secrets Manager", () => {
    const s = synth("prod");
    const kmsArn = s.env.ingest!.glue!.connections.warehouse.jdbc!.secretKmsKeyArn!;
    const statements = of(s.json["prod-ingest"], "aws_iam_role_policy").flatMap(
      ([, p]) => JSON.parse(p.policy).Statement,
    );
    const kms = statements.find((st: any) => [st.Resource].flat().includes(kmsArn));
    expect(kms).toMatchObject({
      Action: "kms:Decrypt",
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
    });
  });
});
