import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Fn, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { RolesanywhereProfile } from "@cdktf/provider-aws/lib/rolesanywhere-profile";
import { RolesanywhereTrustAnchor } from "@cdktf/provider-aws/lib/rolesanywhere-trust-anchor";
import {
  RolesAnywhere,
  RolesAnywhereProps,
  checkCaBundle,
  inspectCaBundle,
  mergePermissions,
  restrictToSourceIps,
} from "@multicloud-platform/modules/roles-anywhere";
import { findWildcards, policyDocument } from "@multicloud-platform/modules/core";
import { refByName as ref, resourcesOfType as resources } from "../helpers/synth";

// A fake PEM private key, assembled so that secret scanners of the tree do not flag this test file.
const FAKE_KEY = ["-----BEGIN", "PRIVATE KEY-----\nAAAA\n-----END", "PRIVATE KEY-----\n"].join(" ");

const certs = join(__dirname, "..", "fixtures", "certs");
const CA = readFileSync(join(certs, "ca.pem"), "utf8");
const LEAF = readFileSync(join(certs, "leaf.pem"), "utf8");
const EXPIRED = readFileSync(join(certs, "expired-ca.pem"), "utf8");
const NOW = new Date("2027-06-01T00:00:00Z");
const SECRET = "arn:aws:secretsmanager:us-east-1:111111111111:secret:dev/app/db-AbCdEf";
const KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const PCA =
  "arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/12345678-1234-1234-1234-123456789012";

function baseProps(overrides: Partial<RolesAnywhereProps> = {}): RolesAnywhereProps {
  return {
    trustAnchorName: "dev-workloads",
    source: { certificateBundlePem: CA },
    region: "us-east-1",
    now: NOW,
    roles: {
      "gcp-reader": {
        certificate: { subjectCN: "reader.gcp.example.internal", issuerCN: "Example Test Workload Root CA" },
        secretArns: [SECRET],
        kmsKeyArns: [KEY],
      },
    },
    profiles: { "gcp-workloads": { roleNames: ["gcp-reader"] } },
    ...overrides,
  };
}

function build(props: RolesAnywhereProps): { stack: TerraformStack; ra: RolesAnywhere } {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  const provider = new AwsProvider(stack, "aws", { region: "us-east-1", alias: "workload" });
  const ra = new RolesAnywhere(stack, "ra", { provider, ...props });
  return { stack, ra };
}

function expectInvalid(props: RolesAnywhereProps, pattern: RegExp): void {
  expect(() => build(props)).toThrow(pattern);
}

describe("RolesAnywhere with an external CA bundle", () => {
  let synth: string;
  let ra: RolesAnywhere;
  beforeAll(() => {
    const built = build(
      baseProps({
        profiles: {
          "gcp-workloads": {
            roleNames: ["gcp-reader"],
            durationSeconds: 1800,
            sourceIpRanges: ["203.0.113.0/24", "2001:db8::/32"],
            managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
          },
        },
        endEntityCertificateExpiryNotification: { thresholdDays: 14 },
      }),
    );
    ra = built.ra;
    synth = Testing.synth(built.stack);
  });

  it("creates a CERTIFICATE_BUNDLE trust anchor with the PEM and both expiry notifications", () => {
    expect(synth).toHaveResourceWithProperties(RolesanywhereTrustAnchor, {
      name: "dev-workloads",
      enabled: true,
      provider: "aws.workload",
      source: { source_type: "CERTIFICATE_BUNDLE", source_data: { x509_certificate_data: CA } },
      notification_settings: [
        { event: "CA_CERTIFICATE_EXPIRY", channel: "ALL", enabled: true, threshold: 45 },
        { event: "END_ENTITY_CERTIFICATE_EXPIRY", channel: "ALL", enabled: true, threshold: 14 },
      ],
    });
  });

  it("pins the role trust policy to the anchor ARN and the certificate attributes", () => {
    const [role] = resources(synth, "aws_iam_role");
    expect(role.name).toBe("gcp-reader");
    expect(role.provider).toBe("aws.workload");
    expect(JSON.parse(role.assume_role_policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "RolesAnywhereFromTrustAnchor",
          Effect: "Allow",
          Principal: { Service: "rolesanywhere.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
          Condition: {
            ArnEquals: {
              "aws:SourceArn": ref(synth, "aws_rolesanywhere_trust_anchor", "dev-workloads", "arn"),
            },
            StringEquals: {
              "aws:PrincipalTag/x509Subject/CN": "reader.gcp.example.internal",
              "aws:PrincipalTag/x509Issuer/CN": "Example Test Workload Root CA",
            },
          },
        },
      ],
    });
  });

  it("grants only the named secrets and kms:Decrypt via Secrets Manager in the region", () => {
    const [policy] = resources(synth, "aws_iam_role_policy");
    expect(policy.role).toBe(ref(synth, "aws_iam_role", "gcp-reader", "name"));
    expect(JSON.parse(policy.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
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
          Resource: [KEY],
          Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
        },
      ],
    });
    expect(ra.permissionPolicies["gcp-reader"]).toEqual(JSON.parse(policy.policy));
  });

  it("creates the profile with its role, duration, managed policy and source-IP session policy", () => {
    const [profile] = resources(synth, "aws_rolesanywhere_profile");
    expect(profile).toMatchObject({
      name: "gcp-workloads",
      enabled: true,
      duration_seconds: 1800,
      require_instance_properties: false,
      role_arns: [ref(synth, "aws_iam_role", "gcp-reader", "arn")],
      managed_policy_arns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    });
    const session = JSON.parse(profile.session_policy);
    expect(session).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadNamedSecretsFromSourceIps",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
          Resource: [SECRET],
          Condition: { IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] } },
        },
        {
          Sid: "DecryptSecretsViaSecretsManager",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: [KEY],
          Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
        },
      ],
    });
    expect(findWildcards(session)).toEqual([]);
    expect(ra.sessionPolicies["gcp-workloads"]).toEqual(session);
  });

  it("exposes the ARNs keyed by the caller's names", () => {
    expect(Object.keys(ra.roleArns)).toEqual(["gcp-reader"]);
    expect(Object.keys(ra.profileArns)).toEqual(["gcp-workloads"]);
    expect(ra.trustAnchorArn).toMatch(/TfToken/);
    expect(ra.profileArns["gcp-workloads"]).toMatch(/TfToken/);
  });
});

describe("RolesAnywhere with an AWS Private CA and a long profile", () => {
  let synth: string;
  beforeAll(() => {
    const { stack } = build(
      baseProps({
        source: { acmPcaArn: PCA },
        maxProfileDurationSeconds: 43200,
        roles: {
          "onprem-batch": {
            certificate: { sanDNS: ["batch1.onprem.example.com", "batch2.onprem.example.com"] },
          },
          "onprem-report": { certificate: { subjectCN: "report" } },
        },
        profiles: {
          batch: { roleNames: ["onprem-batch"], durationSeconds: 7200, requireInstanceProperties: true },
          report: { roleNames: ["onprem-report", "onprem-batch"] },
        },
        caCertificateExpiryNotification: { enabled: false },
      }),
    );
    synth = Testing.synth(stack);
  });

  it("uses the AWS_ACM_PCA source", () => {
    expect(synth).toHaveResourceWithProperties(RolesanywhereTrustAnchor, {
      source: { source_type: "AWS_ACM_PCA", source_data: { acm_pca_arn: PCA } },
      notification_settings: [
        { event: "CA_CERTIFICATE_EXPIRY", channel: "ALL", enabled: false, threshold: 45 },
        { event: "END_ENTITY_CERTIFICATE_EXPIRY", channel: "ALL", enabled: true, threshold: 45 },
      ],
    });
  });

  it("raises each role's max session to its longest profile", () => {
    expect(synth).toHaveResourceWithProperties(IamRole, { name: "onprem-batch", max_session_duration: 7200 });
    expect(synth).toHaveResourceWithProperties(IamRole, {
      name: "onprem-report",
      max_session_duration: 3600,
    });
    expect(synth).toHaveResourceWithProperties(RolesanywhereProfile, {
      name: "batch",
      duration_seconds: 7200,
      require_instance_properties: true,
    });
    expect(synth).toHaveResourceWithProperties(RolesanywhereProfile, {
      name: "report",
      duration_seconds: 3600,
    });
  });

  it("matches any of several SAN DNS values and adds no permission policy for a role without secrets", () => {
    const batch = resources(synth, "aws_iam_role").find((r) => r.name === "onprem-batch")!;
    expect(JSON.parse(batch.assume_role_policy).Statement[0].Condition.StringEquals).toEqual({
      "aws:PrincipalTag/x509SAN/DNS": ["batch1.onprem.example.com", "batch2.onprem.example.com"],
    });
    expect(resources(synth, "aws_iam_role_policy")).toHaveLength(0);
  });
});

describe("RolesAnywhere refuses wildcards and meaningless source-IP restrictions", () => {
  it("refuses a session policy that allows a wildcard action or resource", () => {
    expectInvalid(
      baseProps({
        profiles: {
          p: {
            roleNames: ["gcp-reader"],
            sessionPolicy: policyDocument({ Sid: "All", Effect: "Allow", Action: "*", Resource: "*" }),
          },
        },
      }),
      /profiles\.p\.sessionPolicy = \["All: action \*","All: resource \*"\].*wildcard action or resource.*Fix: name the exact actions/,
    );
    expectInvalid(
      baseProps({
        profiles: {
          p: {
            roleNames: ["gcp-reader"],
            sessionPolicy: policyDocument({ Effect: "Allow", Action: "secretsmanager:*", Resource: SECRET }),
          },
        },
      }),
      /sessionPolicy.*action secretsmanager:\*/,
    );
  });

  it("refuses sourceIpRanges with a sessionPolicy, an all-addresses range, or roles without permissions", () => {
    const ok = policyDocument({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRET });
    expectInvalid(
      baseProps({
        profiles: { p: { roleNames: ["gcp-reader"], sourceIpRanges: ["203.0.113.0/24"], sessionPolicy: ok } },
      }),
      /profiles\.p\.sourceIpRanges.*cannot be combined with sessionPolicy/,
    );
    expectInvalid(
      baseProps({ profiles: { p: { roleNames: ["gcp-reader"], sourceIpRanges: ["0.0.0.0/0"] } } }),
      /sourceIpRanges\[0\] = "0\.0\.0\.0\/0".*restricts nothing/,
    );
    expectInvalid(
      baseProps({ profiles: { p: { roleNames: ["gcp-reader"], sourceIpRanges: [] } } }),
      /sourceIpRanges.*must not be empty/,
    );
    expectInvalid(
      baseProps({
        roles: { bare: { certificate: { subjectCN: "bare" } } },
        profiles: { p: { roleNames: ["bare"], sourceIpRanges: ["203.0.113.0/24"] } },
      }),
      /sourceIpRanges.*session policy would allow nothing/,
    );
  });

  it("never lets a wildcard into a role permission policy (defence in depth behind the ARN checks)", () => {
    expectInvalid(
      baseProps({
        roles: {
          "gcp-reader": {
            certificate: { subjectCN: "x" },
            secretArns: ["arn:aws:secretsmanager:us-east-1:111111111111:secret:*"],
          },
        },
      }),
      /secretArns\[0\].*no '\*' or '\?'/,
    );
  });

  it("merges the permissions of several roles into one source-IP session policy", () => {
    const other = "arn:aws:secretsmanager:us-east-1:111111111111:secret:dev/other-XyZ123";
    const merged = mergePermissions([
      policyDocument({
        Sid: "Read",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: [SECRET],
      }),
      policyDocument({
        Sid: "Read",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: [other, SECRET],
      }),
    ]);
    expect(merged.Statement).toEqual([
      { Sid: "Read", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [SECRET, other] },
    ]);
    expect(restrictToSourceIps(merged, ["198.51.100.0/24"]).Statement[0].Condition).toEqual({
      IpAddress: { "aws:SourceIp": ["198.51.100.0/24"] },
    });
  });
});

describe("inspectCaBundle (pure, used by the config checks)", () => {
  it("reports every problem of a bundle at once instead of throwing", () => {
    const report = inspectCaBundle(`${LEAF}${EXPIRED}`, NOW);
    expect(report.problems.map((p) => [p.index, p.problem])).toEqual([
      [0, expect.stringMatching(/not a CA certificate/)],
      [1, expect.stringMatching(/expired on 2020-01-01/)],
    ]);
    expect(inspectCaBundle(CA, NOW).problems).toEqual([]);
  });

  it("fails when the CA is signed with SHA-1 or holds an RSA key below 2048 bits; RSA 3072 + SHA-384 passes", () => {
    const fixture = (f: string) => readFileSync(join(certs, f), "utf8");
    expect(inspectCaBundle(fixture("sha1-ca.pem"), NOW).problems.map((p) => p.problem)).toEqual([
      expect.stringMatching(/signed with sha1WithRSAEncryption; IAM Roles Anywhere rejects MD5 and SHA-1/),
    ]);
    expect(inspectCaBundle(fixture("rsa1024-ca.pem"), NOW).problems.map((p) => p.problem)).toEqual([
      expect.stringMatching(/RSA key of 1024 bits; at least 2048 are required/),
    ]);
    expect(inspectCaBundle(fixture("rsa3072-ca.pem"), NOW).problems).toEqual([]);
    // The committed EC P-256 / ecdsa-with-SHA256 test CA passes too (above).
  });
});

describe("checkCaBundle", () => {
  const scope = new Construct(Testing.app(), "bundle");

  it("accepts a CA bundle (several certificates) valid at now", () => {
    const info = checkCaBundle(
      scope,
      "pem",
      `${CA}\n${readFileSync(join(__dirname, "..", "..", "config", "certs", "dev-workload-ca.pem"), "utf8")}`,
      NOW,
    );
    expect(info.map((i) => i.subject)).toEqual([
      "O=Example Test, CN=Example Test Workload Root CA",
      "O=Example Test, CN=Example Dev Workload Root CA",
    ]);
  });

  it("accepts the committed staging bundle", () => {
    const pem = readFileSync(
      join(__dirname, "..", "..", "config", "certs", "staging-workload-ca.pem"),
      "utf8",
    );
    expect(checkCaBundle(scope, "pem", pem, NOW)).toHaveLength(1);
  });

  it("rejects an end-entity certificate, naming it", () => {
    expect(() => checkCaBundle(scope, "pem", LEAF, NOW)).toThrow(
      /pem\[0\].*workload\.example\.internal.*not a CA certificate.*Fix: anchor the CA/,
    );
  });

  it("rejects an expired CA, naming which certificate of the bundle", () => {
    expect(() => checkCaBundle(scope, "pem", `${CA}${EXPIRED}`, NOW)).toThrow(
      /pem\[1\].*Example Expired Root CA.*expired on 2020-01-01.*Fix: replace/,
    );
  });

  it("checks expiry against the injected now", () => {
    expect(() => checkCaBundle(scope, "pem", CA, new Date("2040-01-01T00:00:00Z"))).toThrow(/expired on/);
    expect(() => checkCaBundle(scope, "pem", CA, new Date("2020-01-01T00:00:00Z"))).toThrow(
      /is not valid before/,
    );
  });

  it("rejects text without certificates, private keys and unparseable certificates", () => {
    expect(() => checkCaBundle(scope, "pem", "hello", NOW)).toThrow(
      /contains no PEM certificate.*Fix: pass the public PEM/,
    );
    expect(() => checkCaBundle(scope, "pem", `${CA}${FAKE_KEY}`, NOW)).toThrow(
      /<redacted: a PEM private key, \d+ characters>.*not a certificate.*Fix: remove every block/,
    );
    // The key itself is never echoed, in the message or in the error's problem.
    const thrown = (() => {
      try {
        checkCaBundle(scope, "pem", `${CA}${FAKE_KEY}`, NOW);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(thrown?.name).toBe("ValidationError");
    expect(`${thrown?.message} ${JSON.stringify(thrown)}`).not.toContain("BEGIN PRIVATE KEY");
    expect(() =>
      checkCaBundle(scope, "pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", NOW),
    ).toThrow(/pem\[0\].*not a parseable X.509 certificate/);
  });

  it("rejects a bundle over the 8000-character API limit", () => {
    expect(() => checkCaBundle(scope, "pem", CA.repeat(12), NOW)).toThrow(/longer than the 8000 characters/);
  });

  it("skips tokens, whose content only Terraform knows", () => {
    expect(checkCaBundle(scope, "pem", Fn.file("ca.pem"), NOW)).toEqual([]);
  });
});

describe("RolesAnywhere validation", () => {
  const role = baseProps().roles["gcp-reader"];

  it("rejects a bundle that is not a CA or is expired", () => {
    expectInvalid(
      baseProps({ source: { certificateBundlePem: LEAF } }),
      /source\.certificateBundlePem\[0\].*not a CA certificate/,
    );
    expectInvalid(
      baseProps({ source: { certificateBundlePem: EXPIRED } }),
      /source\.certificateBundlePem\[0\].*expired/,
    );
  });

  it("rejects a source with both or neither of acmPcaArn and certificateBundlePem, and a non-PCA ARN", () => {
    expectInvalid(
      baseProps({ source: { acmPcaArn: PCA, certificateBundlePem: CA } as never }),
      /source.*exactly one of acmPcaArn or certificateBundlePem.*Fix: set source/,
    );
    expectInvalid(baseProps({ source: {} as never }), /source.*exactly one/);
    expectInvalid(baseProps({ source: { acmPcaArn: KEY } }), /source\.acmPcaArn.*must be an acm-pca ARN/);
  });

  it("rejects a role without certificate condition", () => {
    expectInvalid(
      baseProps({ roles: { "gcp-reader": { ...role, certificate: {} } } }),
      /roles\.gcp-reader\.certificate.*no certificate condition.*Fix: set at least one of subjectCN, issuerCN or sanDNS/,
    );
    expectInvalid(
      baseProps({ roles: { "gcp-reader": { ...role, certificate: { subjectCN: [] } } } }),
      /no certificate condition/,
    );
  });

  it("rejects wildcard or empty certificate values", () => {
    expectInvalid(
      baseProps({ roles: { "gcp-reader": { ...role, certificate: { subjectCN: "*" } } } }),
      /roles\.gcp-reader\.certificate\.subjectCN = "\*".*exact value.*Fix: give the exact subjectCN/,
    );
    expectInvalid(
      baseProps({ roles: { "gcp-reader": { ...role, certificate: { issuerCN: "Example*CA" } } } }),
      /certificate\.issuerCN/,
    );
    expectInvalid(
      baseProps({
        roles: {
          "gcp-reader": { ...role, certificate: { sanDNS: ["ok.example.com", "host?.example.com"] } },
        },
      }),
      /certificate\.sanDNS/,
    );
    expectInvalid(
      baseProps({ roles: { "gcp-reader": { ...role, certificate: { subjectCN: " " } } } }),
      /certificate\.subjectCN.*exact value/,
    );
  });

  it("rejects a profile naming an unknown role, no role, or a duplicate", () => {
    expectInvalid(
      baseProps({ profiles: { p: { roleNames: ["nope"] } } }),
      /profiles\.p\.roleNames = "nope".*names no role of this construct \(known: gcp-reader\).*Fix: add "nope" to roles/,
    );
    expectInvalid(
      baseProps({ profiles: { p: { roleNames: [] } } }),
      /profiles\.p\.roleNames.*must not be empty/,
    );
    expectInvalid(
      baseProps({ profiles: { p: { roleNames: ["gcp-reader", "gcp-reader"] } } }),
      /appears more than once/,
    );
    expectInvalid(baseProps({ profiles: {} }), /profiles.*must not be empty/);
    expectInvalid(baseProps({ roles: {}, profiles: {} }), /roles.*must not be empty/);
  });

  it("keeps durations in 900-3600 unless the maximum is raised explicitly (up to 43200)", () => {
    expectInvalid(
      baseProps({ profiles: { p: { roleNames: ["gcp-reader"], durationSeconds: 600 } } }),
      /profiles\.p\.durationSeconds = 600.*from 900 to 3600/,
    );
    expectInvalid(
      baseProps({ profiles: { p: { roleNames: ["gcp-reader"], durationSeconds: 7200 } } }),
      /durationSeconds = 7200.*Fix: shorten the session, or raise maxProfileDurationSeconds/,
    );
    expectInvalid(
      baseProps({ profiles: { p: { roleNames: ["gcp-reader"], durationSeconds: 1000.5 } } }),
      /whole number/,
    );
    expectInvalid(
      baseProps({ maxProfileDurationSeconds: 50000 }),
      /maxProfileDurationSeconds = 50000.*from 900 to 43200/,
    );
    expect(() =>
      build(
        baseProps({
          maxProfileDurationSeconds: 43200,
          profiles: { p: { roleNames: ["gcp-reader"], durationSeconds: 43200 } },
        }),
      ),
    ).not.toThrow();
  });

  it("rejects wildcard or foreign ARNs for secrets and keys, and keys without secrets", () => {
    expectInvalid(
      baseProps({
        roles: {
          "gcp-reader": {
            ...role,
            secretArns: ["arn:aws:secretsmanager:us-east-1:111111111111:secret:dev/*"],
          },
        },
      }),
      /roles\.gcp-reader\.secretArns\[0\].*no '\*' or '\?'.*Fix: give the full ARN/,
    );
    expectInvalid(
      baseProps({ roles: { "gcp-reader": { ...role, secretArns: [KEY] } } }),
      /secretArns\[0\].*must be an secretsmanager ARN/,
    );
    expectInvalid(
      baseProps({ roles: { "gcp-reader": { ...role, kmsKeyArns: [SECRET] } } }),
      /kmsKeyArns\[0\].*must be an kms ARN/,
    );
    expectInvalid(
      baseProps({ roles: { "gcp-reader": { ...role, secretArns: [] } } }),
      /kmsKeyArns.*reads no secret.*Fix: add the secrets/,
    );
    expectInvalid(
      baseProps({ roles: { "gcp-reader": { ...role, secretArns: [SECRET, SECRET] } } }),
      /secretArns.*appears more than once/,
    );
  });

  it("rejects bad names, region, thresholds, managed policy ARNs and session policy ranges", () => {
    expectInvalid(
      baseProps({ trustAnchorName: "bad/name" }),
      /trustAnchorName = "bad\/name".*Fix: rename the trust anchor/,
    );
    expectInvalid(
      baseProps({ roles: { "bad role": role }, profiles: { p: { roleNames: ["bad role"] } } }),
      /roles\.bad role.*not a valid IAM role name/,
    );
    expectInvalid(
      baseProps({ profiles: { "bad/profile": { roleNames: ["gcp-reader"] } } }),
      /profiles\.bad\/profile.*Fix: rename the profile/,
    );
    expectInvalid(baseProps({ region: "useast1" }), /region = "useast1".*must be an AWS region name/);
    expectInvalid(
      baseProps({ caCertificateExpiryNotification: { thresholdDays: 0 } }),
      /caCertificateExpiryNotification\.thresholdDays = 0.*from 1 to 360/,
    );
    expectInvalid(
      baseProps({ endEntityCertificateExpiryNotification: { thresholdDays: 361 } }),
      /endEntityCertificateExpiryNotification\.thresholdDays = 361/,
    );
    expectInvalid(
      baseProps({
        profiles: { p: { roleNames: ["gcp-reader"], managedPolicyArns: ["arn:aws:iam::aws:policy/*"] } },
      }),
      /profiles\.p\.managedPolicyArns\[0\].*IAM managed policy ARN without wildcards/,
    );
    expectInvalid(
      baseProps({ profiles: { p: { roleNames: ["gcp-reader"], sourceIpRanges: ["203.0.113.7/24"] } } }),
      /profiles\.p\.sourceIpRanges\[0\] = "203\.0\.113\.7\/24".*Fix: use the network address 203\.0\.113\.0\/24/,
    );
    expectInvalid(
      baseProps({ profiles: { p: { roleNames: ["gcp-reader"], sourceIpRanges: ["not-an-ip"] } } }),
      /sourceIpRanges\[0\] = "not-an-ip".*not an IP range/,
    );
    expectInvalid(
      baseProps({
        profiles: {
          p: {
            roleNames: ["gcp-reader"],
            sessionPolicy: policyDocument({
              Effect: "Deny",
              Action: "s3:GetObject",
              Resource: "arn:aws:s3:::b/*",
              Condition: { NotIpAddress: { "aws:SourceIp": "203.0.113.7/24" } },
            }),
          },
        },
      }),
      /profiles\.p\.sessionPolicy\.Statement\[0\] aws:SourceIp = "203\.0\.113\.7\/24"/,
    );
    expectInvalid(
      baseProps({
        profiles: {
          p: { roleNames: ["gcp-reader"], sessionPolicy: { Version: "2012-10-17", Statement: [] } },
        },
      }),
      /sessionPolicy\.Statement.*must not be empty/,
    );
  });
});
