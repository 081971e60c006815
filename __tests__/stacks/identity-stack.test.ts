import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findWildcards } from "@multicloud-platform/modules/core";
import { REDSHIFT_STAR_RESOURCE_ACTIONS } from "@multicloud-platform/modules/cross-account-role";
import { evaluatePolicyPack } from "@multicloud-platform/modules/guardrails";
import { SynthesizedEnvironment, resourcesOf, synthEnvironment } from "../helpers/synth";

type Json = Record<string, any>;
const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
const ACCOUNTS = {
  dev: { data: "100000000002", ml: "100000000003", ingest: "100000000004" },
  staging: { data: "200000000002", ml: "200000000003", ingest: "200000000004" },
  prod: { data: "300000000002", ml: "300000000003", ingest: "300000000004" },
} as const;

const synths: Record<string, SynthesizedEnvironment> = {};
beforeAll(() => {
  for (const env of ENVIRONMENTS) synths[env] = synthEnvironment(env);
});

function stack(env: string): Json {
  return synths[env].json[`${env}-identity`];
}

/** The single resource of `type` whose construct path ends with `suffix`, with its logical name. */
function resource(env: string, type: string, suffix: string): { name: string; body: Json } {
  const hits = resourcesOf(stack(env)).filter(
    ([t, , body]) => t === type && String(body["//"]?.metadata?.path ?? "").endsWith(suffix),
  );
  expect(hits).toHaveLength(1);
  return { name: hits[0][1], body: hits[0][2] };
}

function ref(env: string, type: string, suffix: string, attr: string): string {
  return `\${${type}.${resource(env, type, suffix).name}.${attr}}`;
}

function policy(body: Json, key = "policy"): Json {
  return JSON.parse(body[key]);
}

describe.each(ENVIRONMENTS)("%s-identity", (env) => {
  const ids = ACCOUNTS[env];

  it("exists with one provider per account it touches (ingest, data, ml), each pinned to its account", () => {
    const providers = stack(env).provider.aws as Json[];
    expect(providers.map((p) => [p.alias, p.allowed_account_ids])).toEqual([
      ["ingest-us-east-1", [ids.ingest]],
      ["data-us-east-1", [ids.data]],
      ["ml-us-east-1", [ids.ml]],
    ]);
    expect(stack(env).data?.terraform_remote_state).toBeUndefined();
  });

  it("creates the application secret without a value, encrypted with its own rotating CMK", () => {
    const key = resource(env, "aws_kms_key", "/secret-claims-export-token/key").body;
    const secret = resource(env, "aws_secretsmanager_secret", "/secret-claims-export-token/secret").body;
    expect(key.enable_key_rotation).toBe(true);
    expect(secret.name).toBe(`${env}/claims-export/api-token`);
    expect(secret.kms_key_id).toBe(ref(env, "aws_kms_key", "/secret-claims-export-token/key", "arn"));
    expect(secret.provider).toBe("aws.ingest-us-east-1");
    expect(resourcesOf(stack(env)).filter(([t]) => t === "aws_secretsmanager_secret_version")).toEqual([]);
    const windows = env === "dev" ? 7 : 30;
    expect(secret.recovery_window_in_days).toBe(windows);
    expect(key.deletion_window_in_days).toBe(windows);
  });

  it("anchors trust in the committed CA bundle (dev/staging, content not path) or the Private CA (prod)", () => {
    const anchor = resource(env, "aws_rolesanywhere_trust_anchor", "/roles-anywhere/trust-anchor").body;
    expect(anchor.name).toBe(`${env}-workloads`);
    expect(anchor.provider).toBe("aws.ingest-us-east-1");
    if (env === "prod") {
      expect(anchor.source).toEqual({
        source_type: "AWS_ACM_PCA",
        source_data: {
          acm_pca_arn:
            "arn:aws:acm-pca:us-east-1:300000000004:certificate-authority/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
        },
      });
    } else {
      const pem = readFileSync(
        join(__dirname, "..", "..", "config", "certs", `${env}-workload-ca.pem`),
        "utf8",
      );
      expect(anchor.source).toEqual({
        source_type: "CERTIFICATE_BUNDLE",
        source_data: { x509_certificate_data: pem },
      });
    }
    expect(anchor.notification_settings.map((n: Json) => [n.event, n.enabled])).toEqual([
      ["CA_CERTIFICATE_EXPIRY", true],
      ["END_ENTITY_CERTIFICATE_EXPIRY", true],
    ]);
  });

  it("trusts only Roles Anywhere through this anchor and the workload certificate's exact CN/issuer", () => {
    const role = resource(env, "aws_iam_role", `/roles-anywhere/role-${env}-gcp-claims-export`).body;
    expect(role.name).toBe(`${env}-gcp-claims-export`);
    const issuer = {
      dev: "Example Dev Workload Root CA",
      staging: "Example Staging Workload Root CA",
      prod: "Acme Health Prod Workload Issuing CA",
    }[env];
    expect(policy(role, "assume_role_policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "RolesAnywhereFromTrustAnchor",
          Effect: "Allow",
          Principal: { Service: "rolesanywhere.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
          Condition: {
            ArnEquals: {
              "aws:SourceArn": ref(
                env,
                "aws_rolesanywhere_trust_anchor",
                "/roles-anywhere/trust-anchor",
                "arn",
              ),
            },
            StringEquals: {
              "aws:PrincipalTag/x509Subject/CN": `claims-export.batch.${env}.gcp.acme-health.example`,
              "aws:PrincipalTag/x509Issuer/CN": issuer,
            },
          },
        },
      ],
    });
  });

  it("lets the role read exactly the application secret, decrypting only through Secrets Manager", () => {
    const p = resource(
      env,
      "aws_iam_role_policy",
      `/roles-anywhere/role-${env}-gcp-claims-export-secrets`,
    ).body;
    expect(p.role).toBe(ref(env, "aws_iam_role", `/roles-anywhere/role-${env}-gcp-claims-export`, "name"));
    expect(policy(p)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadNamedSecrets",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
          Resource: [ref(env, "aws_secretsmanager_secret", "/secret-claims-export-token/secret", "arn")],
        },
        {
          Sid: "DecryptSecretsViaSecretsManager",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: [ref(env, "aws_kms_key", "/secret-claims-export-token/key", "arn")],
          Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
        },
      ],
    });
  });

  it("vends the role through a profile with the stage's duration and a source-IP session policy", () => {
    const profile = resource(
      env,
      "aws_rolesanywhere_profile",
      `/roles-anywhere/profile-${env}-gcp-batch`,
    ).body;
    const duration = { dev: 3600, staging: 1800, prod: 900 }[env];
    const ranges = {
      dev: ["198.51.100.16/28"],
      staging: ["198.51.100.32/28"],
      prod: ["203.0.113.10/32", "203.0.113.11/32"],
    }[env];
    expect(profile).toMatchObject({
      name: `${env}-gcp-batch`,
      enabled: true,
      duration_seconds: duration,
      role_arns: [ref(env, "aws_iam_role", `/roles-anywhere/role-${env}-gcp-claims-export`, "arn")],
    });
    const session = policy(profile, "session_policy");
    expect(session).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadNamedSecretsFromSourceIps",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
          Resource: [ref(env, "aws_secretsmanager_secret", "/secret-claims-export-token/secret", "arn")],
          Condition: { IpAddress: { "aws:SourceIp": ranges } },
        },
        {
          Sid: "DecryptSecretsViaSecretsManager",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: [ref(env, "aws_kms_key", "/secret-claims-export-token/key", "arn")],
          Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
        },
      ],
    });
  });

  it("creates the Redshift producer role in the data account, trusted only by the named ml-account consumer role", () => {
    const role = resource(env, "aws_iam_role", "/redshift-sagemaker-redshift/producer-role").body;
    expect(role.provider).toBe("aws.data-us-east-1");
    expect(role.name).toBe(`${env}-sagemaker-redshift`);
    expect(policy(role, "assume_role_policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ConsumerRoleOnly",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ids.ml}:role/service-role/${env}-sagemaker-notebooks` },
          Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
          Condition: { Null: { "sts:SourceIdentity": "false" } },
        },
      ],
    });
  });

  it("pins Redshift credentials to DbUser = source identity and scopes everything else to the cluster", () => {
    const p = policy(
      resource(env, "aws_iam_role_policy", "/redshift-sagemaker-redshift/producer-redshift").body,
    );
    const arn = (r: string) => `arn:aws:redshift:us-east-1:${ids.data}:${r}`;
    const cluster = `${env}-warehouse`;
    const bySid = Object.fromEntries(p.Statement.map((s: Json) => [s.Sid, s]));
    expect(Object.keys(bySid)).toEqual([
      "ClusterCredentialsAsSourceIdentity",
      "CreateUserAsSourceIdentity",
      "JoinNamedGroups",
      "DataApiOnCluster",
      "DataApiOwnStatements",
      "DescribeWithoutResourceLevelPermissions",
    ]);
    const asSourceIdentity = { StringEquals: { "redshift:DbUser": "$${aws:SourceIdentity}" } };
    expect(bySid.ClusterCredentialsAsSourceIdentity).toEqual({
      Sid: "ClusterCredentialsAsSourceIdentity",
      Effect: "Allow",
      Action: "redshift:GetClusterCredentials",
      Resource: [arn(`dbuser:${cluster}/$\${aws:SourceIdentity}`), arn(`dbname:${cluster}/analytics`)],
      Condition: asSourceIdentity,
    });
    expect(bySid.CreateUserAsSourceIdentity.Condition).toEqual(asSourceIdentity);
    expect(bySid.JoinNamedGroups.Resource).toEqual([arn(`dbgroup:${cluster}/ml_readers`)]);
    expect(bySid.DataApiOnCluster.Resource).toBe(arn(`cluster:${cluster}`));
    // Resource "*" only where the Service Authorization Reference lists no resource type.
    for (const s of p.Statement.filter((x: Json) => x.Resource === "*"))
      for (const a of s.Action) expect(REDSHIFT_STAR_RESOURCE_ACTIONS).toHaveProperty([a]);
  });

  it("adds the consumer-side inline policy in the ml account for exactly the producer role", () => {
    const p = resource(env, "aws_iam_role_policy", "/redshift-sagemaker-redshift/consumer-assume").body;
    expect(p.provider).toBe("aws.ml-us-east-1");
    expect(p.role).toBe(`${env}-sagemaker-notebooks`);
    expect(policy(p)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AssumeProducerRole",
          Effect: "Allow",
          Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
          Resource: ref(env, "aws_iam_role", "/redshift-sagemaker-redshift/producer-role", "arn"),
        },
      ],
    });
  });

  it("creates the partner role trusting the partner's role ARN with the external id, reading one prefix", () => {
    const role = resource(env, "aws_iam_role", "/partner-medirisk/role").body;
    expect(role.provider).toBe("aws.data-us-east-1");
    expect(role.name).toBe(`${env}-partner-medirisk`);
    const external = synths[env].env.identity!.partnerRoles.medirisk.externalId;
    expect(policy(role, "assume_role_policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "PartnerRoleOnly",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::444455556666:role/medirisk-${env}-ingest-worker` },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": external } },
        },
      ],
    });
    const bucket = `arn:aws:s3:::acme-health-${env}-partner-exchange`;
    const p = policy(resource(env, "aws_iam_role_policy", "/partner-medirisk/access").body);
    expect(p.Statement.map((s: Json) => [s.Action, s.Resource, s.Condition])).toEqual([
      [["s3:GetBucketLocation"], bucket, undefined],
      [
        "s3:ListBucket",
        bucket,
        { StringLike: { "s3:prefix": ["outbound/medirisk", "outbound/medirisk/*"] } },
      ],
      [["s3:GetObject", "s3:GetObjectVersion"], [`${bucket}/outbound/medirisk/*`], undefined],
    ]);
  });

  it("generates no wildcard outside the documented Redshift exceptions, and passes the policy pack", () => {
    for (const [type, , body] of resourcesOf(stack(env))) {
      for (const key of ["policy", "assume_role_policy", "session_policy"]) {
        if (typeof body[key] !== "string") continue;
        const wild = findWildcards(JSON.parse(body[key]));
        // A key policy's account statement is kms:* on "*" by design: "*" there means this key, and it only
        // delegates to the account's IAM policies.
        const allowed =
          (type === "aws_iam_role_policy" && body.name === "redshift-as-source-identity") ||
          (type === "aws_kms_key" &&
            wild.join() ===
              "EnableAccountAdministration: action kms:*,EnableAccountAdministration: resource *");
        if (!allowed) expect([type, key, wild]).toEqual([type, key, []]);
      }
    }
    const s = synths[env];
    const report = evaluatePolicyPack(s.stacks.identity!, {
      environment: s.env.stage,
      suppressions: s.env.policy.suppressions
        .filter((x) => x.stack === "identity")
        .map(({ ruleId, address, reason }) => ({ ruleId, address, reason })),
    });
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    // redshift-data:CancelStatement & co. on "*" pass without a suppression: they have no resource type.
    expect(report.suppressed).toEqual([]);
  });

  it("has the expected generated policies and statement counts", () => {
    const counts = resourcesOf(stack(env)).flatMap(([type, , body]) =>
      ["policy", "assume_role_policy", "session_policy"]
        .filter((k) => typeof body[k] === "string")
        .map(
          (k) =>
            `${type}:${body["//"].metadata.path.replace(`${env}-identity/`, "")}:${k}=${JSON.parse(body[k]).Statement.length}`,
        ),
    );
    expect(counts.sort()).toEqual(
      [
        `aws_iam_role:roles-anywhere/role-${env}-gcp-claims-export:assume_role_policy=1`,
        "aws_iam_role:redshift-sagemaker-redshift/producer-role:assume_role_policy=1",
        "aws_iam_role:partner-medirisk/role:assume_role_policy=1",
        `aws_iam_role_policy:roles-anywhere/role-${env}-gcp-claims-export-secrets:policy=2`,
        "aws_iam_role_policy:redshift-sagemaker-redshift/producer-redshift:policy=6",
        "aws_iam_role_policy:redshift-sagemaker-redshift/consumer-assume:policy=1",
        "aws_iam_role_policy:partner-medirisk/access:policy=3",
        `aws_rolesanywhere_profile:roles-anywhere/profile-${env}-gcp-batch:session_policy=2`,
        "aws_kms_key:secret-claims-export-token/key:policy=1",
      ].sort(),
    );
  });
});

describe("identity stack is optional", () => {
  it("is not built when the environment declares no identity section", () => {
    // The Studio's execution role is identity.redshiftAccess's consumer role, so ml goes with identity.
    const s = synthEnvironment("dev", {}, (env) => ({ ...env, identity: undefined, ml: undefined }));
    expect(s.stacks.identity).toBeUndefined();
    expect(Object.keys(s.json)).not.toContain("dev-identity");
  });
});
