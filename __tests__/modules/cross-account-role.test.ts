import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import {
  PartnerAccessRole,
  PartnerAccessRoleProps,
  REDSHIFT_STAR_RESOURCE_ACTIONS,
  RedshiftCrossAccountAccess,
  RedshiftCrossAccountAccessProps,
  assertLeastPrivilege,
  parseRoleArn,
} from "@multicloud-platform/modules/cross-account-role";
import { findWildcards, policyDocument } from "@multicloud-platform/modules/core";
import { refByName as refTo, resourcesOfType as resources } from "../helpers/synth";

const CONSUMER_ROLE = "arn:aws:iam::222222222222:role/service-role/sagemaker-exec";
const SECRET = "arn:aws:secretsmanager:us-east-1:111111111111:secret:dev/app/db-AbCdEf";
const SECRET_KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const BUCKET_KEY = "arn:aws:kms:us-east-1:111111111111:key/9999abcd-12ab-34cd-56ef-1234567890ab";

function stackWithProviders(): { stack: TerraformStack; producer: AwsProvider; consumer: AwsProvider } {
  const stack = new TerraformStack(Testing.app(), "test");
  const producer = new AwsProvider(stack, "producer", { region: "us-east-1", alias: "producer-us-east-1" });
  const consumer = new AwsProvider(stack, "consumer", { region: "us-east-1", alias: "consumer-us-east-1" });
  return { stack, producer, consumer };
}

function redshiftProps(
  overrides: Partial<RedshiftCrossAccountAccessProps> = {},
): RedshiftCrossAccountAccessProps {
  return {
    producerAccountId: "111111111111",
    region: "us-east-1",
    roleName: "sagemaker-redshift-access",
    consumerRoleArn: CONSUMER_ROLE,
    clusterIdentifier: "analytics-main",
    databaseNames: ["analytics"],
    dbGroups: ["ml_readers", "ml_writers"],
    ...overrides,
  };
}

function buildRedshift(overrides: Partial<RedshiftCrossAccountAccessProps> = {}) {
  const { stack, producer, consumer } = stackWithProviders();
  const access = new RedshiftCrossAccountAccess(stack, "redshift", {
    producerProvider: producer,
    consumerProvider: consumer,
    ...redshiftProps(overrides),
  });
  return { stack, access };
}

function partnerProps(overrides: Partial<PartnerAccessRoleProps> = {}): PartnerAccessRoleProps {
  return {
    roleName: "partner-acme",
    trustedRoleArn: "arn:aws:iam::333333333333:role/acme-worker",
    region: "us-east-1",
    ...overrides,
  };
}

function buildPartner(overrides: Partial<PartnerAccessRoleProps> = {}) {
  const { stack, producer } = stackWithProviders();
  const role = new PartnerAccessRole(stack, "partner", { provider: producer, ...partnerProps(overrides) });
  return { stack, role };
}

const RS = "arn:aws:redshift:us-east-1:111111111111";
// In Terraform JSON `$${` is the escape for a literal `${`; Terraform applies `${aws:SourceIdentity}`.
const SOURCE_IDENTITY = "$${aws:SourceIdentity}";

describe("RedshiftCrossAccountAccess", () => {
  let synth: string;
  let access: RedshiftCrossAccountAccess;
  beforeAll(() => {
    const built = buildRedshift();
    access = built.access;
    synth = Testing.synth(built.stack);
  });

  it("creates the producer role with the producer provider, trusting exactly the consumer role", () => {
    const [role] = resources(synth, "aws_iam_role");
    expect(role).toMatchObject({
      name: "sagemaker-redshift-access",
      provider: "aws.producer-us-east-1",
      max_session_duration: 3600,
    });
    expect(JSON.parse(role.assume_role_policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ConsumerRoleOnly",
          Effect: "Allow",
          Principal: { AWS: CONSUMER_ROLE },
          Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
          Condition: { Null: { "sts:SourceIdentity": "false" } },
        },
      ],
    });
  });

  it("limits database credentials to DbUser = source identity, groups to the named ones, Data API to the cluster", () => {
    const policy = resources(synth, "aws_iam_role_policy").find(
      (p) => p.name === "redshift-as-source-identity",
    )!;
    expect(policy.provider).toBe("aws.producer-us-east-1");
    expect(policy.role).toBe(refTo(synth, "aws_iam_role", "sagemaker-redshift-access", "name"));
    const dbUser = `${RS}:dbuser:analytics-main/${SOURCE_IDENTITY}`;
    const asSourceIdentity = { StringEquals: { "redshift:DbUser": SOURCE_IDENTITY } };
    expect(JSON.parse(policy.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ClusterCredentialsAsSourceIdentity",
          Effect: "Allow",
          Action: "redshift:GetClusterCredentials",
          Resource: [dbUser, `${RS}:dbname:analytics-main/analytics`],
          Condition: asSourceIdentity,
        },
        {
          Sid: "CreateUserAsSourceIdentity",
          Effect: "Allow",
          Action: "redshift:CreateClusterUser",
          Resource: dbUser,
          Condition: asSourceIdentity,
        },
        {
          Sid: "JoinNamedGroups",
          Effect: "Allow",
          Action: "redshift:JoinGroup",
          Resource: [`${RS}:dbgroup:analytics-main/ml_readers`, `${RS}:dbgroup:analytics-main/ml_writers`],
        },
        {
          Sid: "DataApiOnCluster",
          Effect: "Allow",
          Action: [
            "redshift-data:ExecuteStatement",
            "redshift-data:BatchExecuteStatement",
            "redshift-data:ListDatabases",
            "redshift-data:ListSchemas",
            "redshift-data:ListTables",
            "redshift-data:DescribeTable",
          ],
          Resource: `${RS}:cluster:analytics-main`,
        },
        {
          Sid: "DataApiOwnStatements",
          Effect: "Allow",
          Action: [
            "redshift-data:DescribeStatement",
            "redshift-data:GetStatementResult",
            "redshift-data:CancelStatement",
          ],
          Resource: "*",
          Condition: { StringEquals: { "redshift-data:statement-owner-iam-userid": "$${aws:userid}" } },
        },
        {
          Sid: "DescribeWithoutResourceLevelPermissions",
          Effect: "Allow",
          Action: ["redshift:DescribeClusters", "redshift-data:ListStatements"],
          Resource: "*",
        },
      ],
    });
    expect(access.permissionPolicy).toEqual(JSON.parse(policy.policy));
  });

  it("uses Resource * only for actions documented as lacking resource-level permissions", () => {
    const star = access.permissionPolicy.Statement.filter((s) => s.Resource === "*").flatMap(
      (s) => s.Action as string[],
    );
    expect(star.sort()).toEqual(Object.keys(REDSHIFT_STAR_RESOURCE_ACTIONS).sort());
    expect(findWildcards(access.permissionPolicy).every((f) => f.endsWith("resource *"))).toBe(true);
  });

  it("adds the consumer-side inline policy on the consumer role, with the consumer provider, for exactly the producer role", () => {
    const policy = resources(synth, "aws_iam_role_policy").find(
      (p) => p.name === "assume-sagemaker-redshift-access",
    )!;
    expect(policy.provider).toBe("aws.consumer-us-east-1");
    expect(policy.role).toBe("sagemaker-exec");
    expect(JSON.parse(policy.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AssumeProducerRole",
          Effect: "Allow",
          Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
          Resource: refTo(synth, "aws_iam_role", "sagemaker-redshift-access", "arn"),
        },
      ],
    });
    expect(access.consumerRoleName).toBe("sagemaker-exec");
  });

  it("can drop the Data API and the source-identity requirement explicitly", () => {
    const built = buildRedshift({
      allowDataApi: false,
      requireSourceIdentity: false,
      dbGroups: [],
      maxSessionDurationSeconds: 7200,
    });
    const out = Testing.synth(built.stack);
    expect(out).toHaveResourceWithProperties(IamRole, { max_session_duration: 7200 });
    const sids = built.access.permissionPolicy.Statement.map((s) => s.Sid);
    expect(sids).toEqual([
      "ClusterCredentialsAsSourceIdentity",
      "CreateUserAsSourceIdentity",
      "DescribeWithoutResourceLevelPermissions",
    ]);
    expect(built.access.permissionPolicy.Statement[2].Action).toEqual(["redshift:DescribeClusters"]);
    expect(built.access.trustPolicy.Statement[0].Condition).toBeUndefined();
  });

  it("rejects a consumer principal that is not one IAM role ARN", () => {
    for (const bad of [
      "arn:aws:iam::222222222222:user/alice",
      "arn:aws:iam::222222222222:root",
      "arn:aws:iam::222222222222:role/*",
      "arn:aws:iam::2222:role/x",
      "222222222222",
    ]) {
      expect(() => buildRedshift({ consumerRoleArn: bad })).toThrow(
        /consumerRoleArn.*must be the ARN of one IAM role.*Fix: give the role's full ARN/,
      );
    }
  });

  it("rejects an unresolved consumer role ARN, whose name the inline policy needs", () => {
    const { stack, producer } = stackWithProviders();
    const other = new IamRole(stack, "other", { provider: producer, assumeRolePolicy: "{}" });
    expect(
      () => new RedshiftCrossAccountAccess(stack, "rs", { ...redshiftProps(), consumerRoleArn: other.arn }),
    ).toThrow(/consumerRoleArn.*known at synth time.*Fix: pass the literal ARN/);
  });

  it("rejects bad account, region, names and session length", () => {
    expect(() => buildRedshift({ producerAccountId: "1111" })).toThrow(/producerAccountId.*12-digit/);
    expect(() => buildRedshift({ region: "east" })).toThrow(/region = "east".*AWS region name/);
    expect(() => buildRedshift({ roleName: "bad role" })).toThrow(/roleName.*Fix: rename the role/);
    expect(() => buildRedshift({ clusterIdentifier: "Analytics_Main" })).toThrow(
      /clusterIdentifier.*Fix: give the cluster's identifier/,
    );
    expect(() => buildRedshift({ databaseNames: [] })).toThrow(/databaseNames.*must not be empty/);
    expect(() => buildRedshift({ databaseNames: ["a", "a"] })).toThrow(
      /databaseNames.*appears more than once/,
    );
    expect(() => buildRedshift({ dbGroups: ["ml_*"] })).toThrow(
      /dbGroups = "ml_\*".*no wildcard.*Fix: give the exact name/,
    );
    expect(() => buildRedshift({ maxSessionDurationSeconds: 900 })).toThrow(
      /maxSessionDurationSeconds = 900.*from 3600 to 43200/,
    );
  });
});

describe("PartnerAccessRole", () => {
  let synth: string;
  let role: PartnerAccessRole;
  beforeAll(() => {
    const built = buildPartner({
      externalId: "b7e0d6c2-3f1a-4c8e-9d2b-5a6f7e8d9c0b",
      maxSessionDurationSeconds: 7200,
      buckets: {
        "example-exports": { access: "read", prefixes: ["partner/acme/", "shared"] },
        "example-landing": { access: "read-write", kmsKeyArn: BUCKET_KEY },
      },
      secretArns: [SECRET],
      secretKmsKeyArns: [SECRET_KEY],
    });
    role = built.role;
    synth = Testing.synth(built.stack);
  });

  it("trusts exactly the partner role and requires the external id", () => {
    const [r] = resources(synth, "aws_iam_role");
    expect(r).toMatchObject({
      name: "partner-acme",
      max_session_duration: 7200,
      provider: "aws.producer-us-east-1",
    });
    expect(JSON.parse(r.assume_role_policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "PartnerRoleOnly",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::333333333333:role/acme-worker" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": "b7e0d6c2-3f1a-4c8e-9d2b-5a6f7e8d9c0b" } },
        },
      ],
    });
  });

  it("grants least-privilege S3 (prefix-limited listing, no delete) and secret access", () => {
    const [p] = resources(synth, "aws_iam_role_policy");
    expect(p.role).toBe(refTo(synth, "aws_iam_role", "partner-acme", "name"));
    expect(JSON.parse(p.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "LocateExampleExports",
          Effect: "Allow",
          Action: ["s3:GetBucketLocation"],
          Resource: "arn:aws:s3:::example-exports",
        },
        {
          Sid: "ListExampleExportsPrefixes",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: "arn:aws:s3:::example-exports",
          Condition: {
            StringLike: { "s3:prefix": ["partner/acme", "partner/acme/*", "shared", "shared/*"] },
          },
        },
        {
          Sid: "ReadObjectsExampleExports",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:GetObjectVersion"],
          Resource: ["arn:aws:s3:::example-exports/partner/acme/*", "arn:aws:s3:::example-exports/shared/*"],
        },
        {
          Sid: "ListExampleLanding",
          Effect: "Allow",
          Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
          Resource: "arn:aws:s3:::example-landing",
        },
        {
          Sid: "ReadWriteObjectsExampleLanding",
          Effect: "Allow",
          Action: [
            "s3:GetObject",
            "s3:GetObjectVersion",
            "s3:PutObject",
            "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts",
          ],
          Resource: ["arn:aws:s3:::example-landing/*"],
        },
        {
          Sid: "KmsExampleLandingViaS3",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: BUCKET_KEY,
          Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
        },
        {
          Sid: "ReadNamedSecrets",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
          Resource: [SECRET],
        },
        {
          Sid: "DecryptSecretsViaSecretsManager",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: [SECRET_KEY],
          Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
        },
      ],
    });
    expect(findWildcards(role.permissionPolicy!)).toEqual([]);
  });

  it("has no external id condition and no permission policy when none is asked for", () => {
    const built = buildPartner();
    const out = Testing.synth(built.stack);
    expect(
      JSON.parse(resources(out, "aws_iam_role")[0].assume_role_policy).Statement[0].Condition,
    ).toBeUndefined();
    expect(resources(out, "aws_iam_role_policy")).toHaveLength(0);
    expect(built.role.permissionPolicy).toBeUndefined();
  });

  it("rejects a trusted principal that is not one IAM role ARN", () => {
    for (const bad of [
      "arn:aws:iam::333333333333:root",
      "arn:aws:iam::333333333333:user/bob",
      "arn:aws:iam::333333333333:role/acme-*",
      "arn:aws:sts::333333333333:assumed-role/acme/x",
    ]) {
      expect(() => buildPartner({ trustedRoleArn: bad })).toThrow(
        /trustedRoleArn.*must be the ARN of one IAM role/,
      );
    }
  });

  it("rejects bad external id, session length, buckets, prefixes and secret ARNs", () => {
    expect(() => buildPartner({ externalId: "x" })).toThrow(/externalId = "\(hidden\)".*2-1224 characters/);
    expect(() => buildPartner({ maxSessionDurationSeconds: 50000 })).toThrow(
      /maxSessionDurationSeconds = 50000/,
    );
    expect(() => buildPartner({ buckets: { Bad_Bucket: { access: "read" } } })).toThrow(
      /buckets\.Bad_Bucket.*not an S3 bucket name/,
    );
    expect(() => buildPartner({ buckets: { b1b: { access: "admin" as never } } })).toThrow(
      /buckets\.b1b\.access = "admin".*"read" or "read-write"/,
    );
    expect(() => buildPartner({ buckets: { b1b: { access: "read", prefixes: ["logs/*"] } } })).toThrow(
      /buckets\.b1b\.prefixes\[0\] = "logs\/\*".*without '\*' or '\?'.*Fix: give the folder-like prefix/,
    );
    expect(() => buildPartner({ buckets: { b1b: { access: "read", prefixes: ["/"] } } })).toThrow(
      /prefixes\[0\].*non-empty/,
    );
    expect(() => buildPartner({ buckets: { b1b: { access: "read", kmsKeyArn: SECRET } } })).toThrow(
      /buckets\.b1b\.kmsKeyArn.*one kms resource/,
    );
    expect(() =>
      buildPartner({ buckets: { "a.b-c": { access: "read" }, "a-b.c": { access: "read" } } }),
    ).toThrow(/buckets\.a-b\.c.*same policy statement ids as bucket "a\.b-c"/);
    expect(() =>
      buildPartner({ secretArns: ["arn:aws:secretsmanager:us-east-1:111111111111:secret:*"] }),
    ).toThrow(/secretArns\[0\].*no '\*' or '\?'/);
    expect(() => buildPartner({ secretKmsKeyArns: [SECRET_KEY] })).toThrow(
      /secretKmsKeyArns.*no secret is granted/,
    );
  });
});

describe("least-privilege helpers", () => {
  const scope = new Construct(Testing.app(), "lp");

  it("throws for a Resource * that is not a documented exception, and for wildcard actions", () => {
    const undocumented = policyDocument({
      Sid: "S3Everything",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "*",
    });
    expect(() => assertLeastPrivilege(scope, "policy", undocumented, REDSHIFT_STAR_RESOURCE_ACTIONS)).toThrow(
      /policy = \["S3Everything: resource \*"\].*wildcard.*Fix: scope the statement/,
    );
    const mixed = policyDocument({
      Effect: "Allow",
      Action: ["redshift:DescribeClusters", "redshift:DeleteCluster"],
      Resource: "*",
    });
    expect(() => assertLeastPrivilege(scope, "policy", mixed, REDSHIFT_STAR_RESOURCE_ACTIONS)).toThrow(
      /Statement\[0\]: resource \*/,
    );
    const wildAction = policyDocument({ Effect: "Allow", Action: "redshift:*", Resource: "*" });
    expect(() => assertLeastPrivilege(scope, "policy", wildAction, { "redshift:*": "no" })).toThrow(
      /action redshift:\*/,
    );
  });

  it("accepts documented describe actions and ignores Deny statements", () => {
    const ok = policyDocument(
      { Effect: "Allow", Action: "redshift:DescribeClusters", Resource: "*" },
      { Effect: "Deny", Action: "*", Resource: "*" },
    );
    expect(() => assertLeastPrivilege(scope, "policy", ok, REDSHIFT_STAR_RESOURCE_ACTIONS)).not.toThrow();
  });

  it("parses role ARNs with paths and other partitions", () => {
    expect(parseRoleArn(CONSUMER_ROLE)).toEqual({
      partition: "aws",
      accountId: "222222222222",
      path: "/service-role/",
      roleName: "sagemaker-exec",
    });
    expect(parseRoleArn("arn:aws-us-gov:iam::123456789012:role/x")).toEqual({
      partition: "aws-us-gov",
      accountId: "123456789012",
      path: "/",
      roleName: "x",
    });
    expect(parseRoleArn("arn:aws:iam::123456789012:user/x")).toBeUndefined();
  });
});
