import { join } from "node:path";
import { Problem, Problems, environmentSchema, validateEnvironment } from "../../config";
import { identityCheck } from "../../config/checks/identity";
import { devCopy, rejectionOf } from "../helpers/environments";

type Env = ReturnType<typeof devCopy>;
const FILE = "config/environments/dev.ts";
const FIXTURES = join(__dirname, "..", "fixtures", "certs");
/** Inside the fixture CA's validity (2026-11-22 .. 2036-11-19), so only the broken files fail. */
const NOW = new Date("2027-06-01T00:00:00Z");

/** Problems of the dev sample after `mutate`, through the registered checks (validateEnvironment). */
function problemsOf(mutate: (e: Env) => void): Problem[] {
  return [...rejectionOf(mutate).problems];
}

/** Problems of the identity check alone, with certificate files resolved in the test fixtures. */
function identityProblemsWithFixtures(mutate: (e: Env) => void): Problem[] {
  const env = devCopy();
  mutate(env);
  const p = new Problems();
  identityCheck({ certsDir: FIXTURES, now: () => NOW })(environmentSchema.parse(env), p);
  return p.list;
}

const RA = "identity.rolesAnywhere";

/** [rule, how to break the dev sample, the path named, the message (and fix) expected]. */
const CASES: Array<[string, (e: Env) => void, string, RegExp]> = [
  [
    "profile duration below 900 seconds",
    (e) => (e.identity.rolesAnywhere.profiles["gcp-batch"].durationSeconds = 600),
    `${RA}.profiles.gcp-batch.durationSeconds`,
    /is out of range: sessions must last 900 to 3600 seconds/,
  ],
  [
    "profile duration above the (default) maximum",
    (e) => (e.identity.rolesAnywhere.profiles["gcp-batch"].durationSeconds = 7200),
    `${RA}.profiles.gcp-batch.durationSeconds`,
    /900 to 3600 seconds[\s\S]*raise identity\.rolesAnywhere\.maxProfileDurationSeconds/,
  ],
  [
    "maximum profile duration beyond what Roles Anywhere allows",
    (e) => (e.identity.rolesAnywhere.maxProfileDurationSeconds = 50000),
    `${RA}.maxProfileDurationSeconds`,
    /must be a whole number from 900 to 43200/,
  ],
  [
    "role without certificate condition",
    (e) => (e.identity.rolesAnywhere.roles["gcp-claims-export"].certificate = {}),
    `${RA}.roles.gcp-claims-export.certificate`,
    /no certificate condition, so any certificate from the trust anchor could assume the role[\s\S]*fix: set at least one of subjectCN, issuerCN or sanDNS/,
  ],
  [
    "wildcard subject CN",
    (e) =>
      (e.identity.rolesAnywhere.roles["gcp-claims-export"].certificate.subjectCN =
        "*.gcp.acme-health.example"),
    `${RA}.roles.gcp-claims-export.certificate.subjectCN`,
    /is a wildcard; certificate conditions must be exact values/,
  ],
  [
    "wildcard among several SAN DNS values",
    (e) =>
      (e.identity.rolesAnywhere.roles["gcp-claims-export"].certificate.sanDNS = ["a.example", "b?.example"]),
    `${RA}.roles.gcp-claims-export.certificate.sanDNS[1]`,
    /is a wildcard/,
  ],
  [
    "certificate file that does not exist",
    (e) => (e.identity.rolesAnywhere.trustAnchor.source.file = "dev-workload-ca.crt.pem"),
    `${RA}.trustAnchor.source.file`,
    /does not exist in config\/certs\/[\s\S]*did you mean "dev-workload-ca\.pem"/,
  ],
  [
    "certificate file outside config/certs",
    (e) => (e.identity.rolesAnywhere.trustAnchor.source.file = "../../__tests__/fixtures/certs/ca.pem"),
    `${RA}.trustAnchor.source.file`,
    /must be a \.pem file inside config\/certs\//,
  ],
  [
    "Private CA ARN that is not one",
    (e) =>
      (e.identity.rolesAnywhere.trustAnchor.source = {
        type: "acm-pca",
        arn: "arn:aws:kms:us-east-1:100000000004:key/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
      }),
    `${RA}.trustAnchor.source.arn`,
    /is not an AWS Private CA ARN/,
  ],
  [
    "Private CA in another region than the trust anchor",
    (e) =>
      (e.identity.rolesAnywhere.trustAnchor.source = {
        type: "acm-pca",
        arn: "arn:aws:acm-pca:us-west-2:100000000004:certificate-authority/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
      }),
    `${RA}.trustAnchor.source.arn`,
    /is in us-west-2, but the trust anchor is in us-east-1/,
  ],
  [
    "profile referencing an unknown role",
    (e) => (e.identity.rolesAnywhere.profiles["gcp-batch"].roles = ["gcp-claims-exprt"]),
    `${RA}.profiles.gcp-batch.roles[0]`,
    /is not a known Roles Anywhere role[\s\S]*did you mean "gcp-claims-export"/,
  ],
  [
    "role reading an unknown secret",
    (e) => (e.identity.rolesAnywhere.roles["gcp-claims-export"].secrets = ["claims-token"]),
    `${RA}.roles.gcp-claims-export.secrets[0]`,
    /is not a known secret[\s\S]*use one of the secrets defined in identity\.rolesAnywhere\.secrets: "claims-export-token"/,
  ],
  [
    "source IP range with host bits",
    (e) => (e.identity.rolesAnywhere.profiles["gcp-batch"].sourceIpRanges = ["198.51.100.17/28"]),
    `${RA}.profiles.gcp-batch.sourceIpRanges[0]`,
    /has host bits set[\s\S]*fix: use 198\.51\.100\.16\/28/,
  ],
  [
    "source IP range that allows every address",
    (e) => (e.identity.rolesAnywhere.profiles["gcp-batch"].sourceIpRanges = ["0.0.0.0/0"]),
    `${RA}.profiles.gcp-batch.sourceIpRanges[0]`,
    /allows every address, so it restricts nothing/,
  ],
  [
    "unknown Roles Anywhere account",
    (e) => (e.identity.rolesAnywhere.account = "ingset"),
    `${RA}.account`,
    /is not a known account[\s\S]*did you mean "ingest"/,
  ],
  [
    "Redshift consumer role in an account the environment does not know",
    (e) => (e.identity.redshiftAccess["sagemaker-redshift"].consumerAccount = "mll"),
    "identity.redshiftAccess.sagemaker-redshift.consumerAccount",
    /is not a known account[\s\S]*did you mean "ml"/,
  ],
  [
    "Redshift producer account unknown",
    (e) => (e.identity.redshiftAccess["sagemaker-redshift"].producerAccount = "warehouse"),
    "identity.redshiftAccess.sagemaker-redshift.producerAccount",
    /is not a known account/,
  ],
  [
    "Redshift consumer in the producer's own account",
    (e) => (e.identity.redshiftAccess["sagemaker-redshift"].consumerAccount = "data"),
    "identity.redshiftAccess.sagemaker-redshift.consumerAccount",
    /is the producer account: this pair is for access across accounts/,
  ],
  [
    "Redshift consumer role name that would not make a role ARN",
    (e) => (e.identity.redshiftAccess["sagemaker-redshift"].consumerRoleName = "sagemaker-*"),
    "identity.redshiftAccess.sagemaker-redshift.consumerRoleName",
    /is not an IAM role name, so the trusted principal would not be a role ARN/,
  ],
  [
    "Redshift consumer role path",
    (e) => (e.identity.redshiftAccess["sagemaker-redshift"].consumerRolePath = "service-role"),
    "identity.redshiftAccess.sagemaker-redshift.consumerRolePath",
    /is not an IAM path/,
  ],
  [
    "wildcard Redshift group (would reach the generated policy)",
    (e) => (e.identity.redshiftAccess["sagemaker-redshift"].dbGroups = ["ml_*"]),
    "identity.redshiftAccess.sagemaker-redshift.dbGroups[0]",
    /contains a wildcard, which would end up in a generated IAM policy/,
  ],
  [
    "wildcard Redshift cluster",
    (e) => (e.identity.redshiftAccess["sagemaker-redshift"].clusterIdentifier = "dev-*"),
    "identity.redshiftAccess.sagemaker-redshift.clusterIdentifier",
    /contains a wildcard, which would end up in a generated IAM policy/,
  ],
  [
    "partner principal that is an account root, not a role",
    (e) => (e.identity.partnerRoles.medirisk.trustedRoleArn = "arn:aws:iam::444455556666:root"),
    "identity.partnerRoles.medirisk.trustedRoleArn",
    /is not an IAM role ARN \(a user, an account root or an assumed-role session cannot be trusted here\)/,
  ],
  [
    "partner principal that is a pattern",
    (e) => (e.identity.partnerRoles.medirisk.trustedRoleArn = "arn:aws:iam::444455556666:role/medirisk-*"),
    "identity.partnerRoles.medirisk.trustedRoleArn",
    /is a pattern, not the ARN of one IAM role/,
  ],
  [
    "partner principal in one of the environment's own accounts",
    (e) => (e.identity.partnerRoles.medirisk.trustedRoleArn = "arn:aws:iam::100000000003:role/notebooks"),
    "identity.partnerRoles.medirisk.trustedRoleArn",
    /is in this environment's own account ml, not a partner's/,
  ],
  [
    "partner role in an unknown account",
    (e) => (e.identity.partnerRoles.medirisk.account = "partners"),
    "identity.partnerRoles.medirisk.account",
    /is not a known account/,
  ],
  [
    "partner external id with characters STS rejects",
    (e) => (e.identity.partnerRoles.medirisk.externalId = "has spaces"),
    "identity.partnerRoles.medirisk.externalId",
    /is not a valid external id/,
  ],
  [
    "wildcard partner bucket prefix (would reach the generated policy)",
    (e) =>
      (e.identity.partnerRoles.medirisk.buckets["acme-health-dev-partner-exchange"].prefixes = [
        "outbound/*/",
      ]),
    "identity.partnerRoles.medirisk.buckets.acme-health-dev-partner-exchange.prefixes[0]",
    /contains a wildcard, which would end up in a generated IAM policy/,
  ],
  [
    "wildcard partner bucket name",
    (e) => (e.identity.partnerRoles.medirisk.buckets = { "acme-health-*": { access: "read" } }),
    "identity.partnerRoles.medirisk.buckets.acme-health-*",
    /contains a wildcard, which would end up in a generated IAM policy/,
  ],
  [
    "wildcard secret name (would reach the role's policy)",
    (e) => (e.identity.rolesAnywhere.secrets["claims-export-token"].name = "dev/claims-export/*"),
    `${RA}.secrets.claims-export-token.name`,
    /is not a valid Secrets Manager name \(a wildcard/,
  ],
  [
    "secret recovery window AWS does not accept",
    (e) => (e.identity.rolesAnywhere.secrets["claims-export-token"].recoveryWindowDays = 3),
    `${RA}.secrets.claims-export-token.recoveryWindowDays`,
    /must be 0 or a whole number from 7 to 30/,
  ],
  [
    "notification threshold out of range",
    (e) => (e.identity.rolesAnywhere.trustAnchor.caExpiryNotificationDays = 400),
    `${RA}.trustAnchor.caExpiryNotificationDays`,
    /must be a whole number from 1 to 360/,
  ],
  [
    "unknown identity key (typo)",
    (e) => (e.identity.partnerRole = {}),
    "identity.partnerRole",
    /is not a known setting[\s\S]*did you mean "partnerRoles"/,
  ],
];

describe("broken identity configs (one per check)", () => {
  test.each(CASES)("%s", (_rule, mutate, path, pattern) => {
    const problems = problemsOf(mutate);
    const hit = problems.filter((p) => p.path === path);
    expect(hit.map((p) => p.path)).toEqual([path]);
    expect(`${hit[0].message}\n      fix: ${hit[0].fix}`).toMatch(pattern);
    // Only the broken value is reported.
    expect(problems).toHaveLength(1);
  });

  it("names the file, the path, the value and the fix in the error message", () => {
    const env = devCopy();
    env.identity.rolesAnywhere.profiles["gcp-batch"].roles = ["nope"];
    expect(() => validateEnvironment(env, FILE)).toThrow(
      /config\/environments\/dev\.ts: identity\.rolesAnywhere\.profiles\.gcp-batch\.roles\[0\] = "nope": is not a known Roles Anywhere role\n\s+fix: use one of the roles/,
    );
  });

  it("reports every identity problem of a file at once", () => {
    const problems = problemsOf((e) => {
      e.identity.rolesAnywhere.profiles["gcp-batch"].durationSeconds = 60;
      e.identity.rolesAnywhere.roles["gcp-claims-export"].certificate = { subjectCN: "*" };
      e.identity.partnerRoles.medirisk.trustedRoleArn = "arn:aws:iam::444455556666:user/bob";
    });
    expect(problems.map((p) => p.path)).toEqual([
      `${RA}.roles.gcp-claims-export.certificate.subjectCN`,
      `${RA}.profiles.gcp-batch.durationSeconds`,
      "identity.partnerRoles.medirisk.trustedRoleArn",
    ]);
  });
});

describe("trust anchor PEM files (fixtures in __tests__/fixtures/certs)", () => {
  const setFile = (file: string) => (e: Env) => (e.identity.rolesAnywhere.trustAnchor.source.file = file);

  it("accepts a CA certificate valid now", () => {
    expect(identityProblemsWithFixtures(setFile("ca.pem"))).toEqual([]);
  });

  it("rejects a PEM that is not a CA certificate, naming the certificate", () => {
    expect(identityProblemsWithFixtures(setFile("leaf.pem"))).toEqual([
      {
        path: `${RA}.trustAnchor.source.file`,
        value: "leaf.pem",
        message: expect.stringMatching(
          /^is not a CA certificate \(basicConstraints CA:TRUE is missing\), so it cannot anchor trust \(certificate 0: O=Example Test, CN=workload\.example\.internal\)$/,
        ),
        fix: "anchor the CA that issued this certificate instead of the end-entity certificate",
      },
    ]);
  });

  it("rejects an expired CA certificate", () => {
    expect(identityProblemsWithFixtures(setFile("expired-ca.pem"))).toEqual([
      {
        path: `${RA}.trustAnchor.source.file`,
        value: "expired-ca.pem",
        message: expect.stringMatching(
          /^expired on 2020-01-01T00:00:00\.000Z \(certificate 0: CN=Example Expired Root CA/,
        ),
        fix: "replace it with the CA's renewed certificate",
      },
    ]);
  });

  it("checks expiry against the current time by default (the committed dev/staging bundles are valid)", () => {
    expect(() => validateEnvironment(devCopy(), FILE)).not.toThrow();
    const p = new Problems();
    identityCheck({ now: () => new Date("2037-01-01T00:00:00Z") })(environmentSchema.parse(devCopy()), p);
    expect(p.list.map((x) => [x.path, x.message])).toEqual([
      [`${RA}.trustAnchor.source.file`, expect.stringMatching(/^expired on 2036-11-19/)],
    ]);
  });
});
