// modules/core: template sequences in literal props, secret shapes and redaction, ValidationError.
import { Fn, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Construct } from "constructs";
import {
  checkLiteralStrings,
  findSecret,
  liveTemplateSequence,
  redactSecrets,
  redactValue,
  ValidationError,
} from "@multicloud-platform/modules/core";

describe("liveTemplateSequence", () => {
  test.each([
    ['${file("/etc/passwd")}', "${"],
    ["a %{if true}b%{endif}", "%{"],
    ["x${1+1}", "${"],
    ["$${literal} then ${live}", "${"],
  ])("finds the live sequence in %j", (s, seq) => {
    expect(liveTemplateSequence(s)).toBe(seq);
  });

  test.each(["plain", "100% $HOME", "$ {x} % {y}", "$${aws:SourceIdentity}", "%%{x}", "x$$${1}", "$", "%"])(
    "finds none in %j (no sequence, or escaped the way Terraform reads it)",
    (s) => {
      expect(liveTemplateSequence(s)).toBeUndefined();
    },
  );

  test("skips cdktf's own token markers but not a literal next to them", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const v = new TerraformVariable(stack, "v", { type: "string" });
    expect(liveTemplateSequence(`arn:${v.stringValue}/x`)).toBeUndefined();
    expect(liveTemplateSequence(`arn:${v.stringValue}/\${file("x")}`)).toBe("${");
  });
});

describe("checkLiteralStrings", () => {
  const scope = () => new Construct(new TerraformStack(Testing.app(), "s"), "c");

  test("fails when a nested string value or a map key carries a live sequence, naming the prop", () => {
    expect(() => checkLiteralStrings(scope(), { tags: { Owner: '${file("/etc/passwd")}' } })).toThrow(
      /s\/c: invalid tags\.Owner = "\$\{file\(\\"\/etc\/passwd\\"\)\}": contains "\$\{", which Terraform would evaluate/,
    );
    expect(() => checkLiteralStrings(scope(), { flows: [{ filters: { "%{x}": "v" } }] })).toThrow(
      /invalid flows\[0\]\.filters\.%\{x\} \(key\)/,
    );
  });

  test("passes tokens, escaped sequences, providers and other class instances", () => {
    const s = scope();
    const stack = TerraformStack.of(s);
    const v = new TerraformVariable(stack, "v", { type: "string" });
    expect(() =>
      checkLiteralStrings(s, {
        arn: v.stringValue,
        joined: Fn.join(",", ["a", "b"]),
        policy: '{"Resource":"arn:aws:s3:::b/$${aws:username}/*"}',
        construct: stack,
        nested: [{ text: "100% ok" }],
      }),
    ).not.toThrow();
  });
});

describe("secret shapes (one list: config checks, error redaction, the synthesized-JSON scan)", () => {
  // Built from parts so the repository itself holds no secret-shaped literal for scanners to flag.
  const j = (...parts: string[]) => parts.join("");
  const cases: Array<[string, string]> = [
    ["an AWS access key id", j("AKIA", "IOSFODNN7EXAMPLE")],
    ["an AWS access key id", j("ASIA", "Y34FZKBOKMUTVV7A")],
    ["an AWS secret access key", j("wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYEXAMPLEKEY")],
    [
      "an AWS secret access key",
      `aws_secret_access_key=${j("je7MtGbClwBF/2Zp9Utk/", "h3yCo8nvbEXAMPLEKEY")}`,
    ],
    ["a GitHub token", j("ghp_", "A".repeat(18), "b".repeat(18))],
    ["a GitHub token", j("github_pat_", "1".repeat(22), "_", "x".repeat(59))],
    ["a GitLab token", j("glpat-", "x".repeat(20))],
    ["a Slack token", j("xoxb-", "1234567890-", "abcdefghij")],
    ["a Slack webhook URL", j("https://hooks.slack.com/services/", "T0000/B0000/", "x".repeat(24))],
    ["a Google API key", j("AIza", "S".repeat(34), "-")],
    ["a Google OAuth client secret", j("GOCSPX-", "abcdefghijklmnop")],
    ["a Google OAuth refresh token", j("1//0", "g".repeat(30))],
    ["a Google OAuth access token", j("ya29.", "a0AfH6SMB".repeat(3))],
    [
      "a JSON Web Token",
      j("eyJhbGciOiJIUzI1NiJ9", ".", "eyJzdWIiOiIxMjM0NTY3ODkwIn0", ".", "abcdefghijklmn"),
    ],
    ["a PEM private key", j("-----BEGIN RSA ", "PRIVATE KEY-----\nMIIE\n-----END RSA ", "PRIVATE KEY-----")],
    ["a PEM private key", j("-----BEGIN ", "PRIVATE KEY-----\nMIIEvQ (cut off)")],
    ["a password in a URL", "postgresql://etl:Sup3rS3cret@db.internal:5432/claims"],
    ["a password parameter", "jdbc:redshift://wh.example:5439/dev?ssl=true&password=hunter2x"],
    ["a password parameter", "jdbc:sqlserver://db:1433;databaseName=x;pwd=hunter2x"],
    ["a credential assignment", "rotate with token=abc123def later"],
    ["an HCP Terraform token", j("abcdefghijklmn", ".atlasv1.", "z".repeat(64))],
  ];

  test.each(cases)("finds %s in %j and redacts it", (what, text) => {
    expect(findSecret(text)).toBe(what);
    const redacted = redactSecrets(`before ${text} after`);
    expect(redacted).toMatch(/<redacted: [^>]+, \d+ characters>/);
    expect(redacted.startsWith("before ")).toBe(true);
    expect(findSecret(redacted)).toBeUndefined();
  });

  test("keeps context: a URL's user and host, a JDBC URL's other parameters", () => {
    expect(redactSecrets("jdbc:redshift://wh:5439/dev?ssl=true&password=hunter2x")).toBe(
      "jdbc:redshift://wh:5439/dev?ssl=true&password=<redacted: a password parameter, 8 characters>",
    );
    expect(redactSecrets("postgresql://etl:Sup3rS3cret@db:5432/x")).toBe(
      "postgresql://etl:<redacted: a password in a URL, 11 characters>@db:5432/x",
    );
  });

  test.each([
    "dev/claims-export/api-token",
    "acme-health-dev-3f9c2b7e-5d41-4a8e-9b6f-1c2d3e4f5a6b",
    "arn:aws:secretsmanager:us-east-1:100000000004:secret:dev/jdbc-AbCdEf",
    "postgresql://etl:<password>@db:5432/x",
    "password=${var.db_password}",
    "ThisIsMyVeryLongConfigurationIdentifier1",
    "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "ssl=true&password=****",
  ])("finds no secret in %j (names, ARNs, placeholders, hex digests)", (text) => {
    expect(findSecret(text)).toBeUndefined();
  });

  test("a public certificate block is not mistaken for keys", () => {
    const body = "MIIB".padEnd(64, "q") + "\n" + "A1b2C3d4/E5f6G7h8+I9j0K1l2M3n4O5p6Q7r8S9t0";
    expect(findSecret(`-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`)).toBeUndefined();
  });

  test("redactValue copies objects with every string and key redacted", () => {
    const key = j("AKIA", "IOSFODNN7EXAMPLE");
    expect(redactValue({ a: [key], [key]: 1, n: 2 })).toEqual({
      a: ["<redacted: an AWS access key id, 20 characters>"],
      "<redacted: an AWS access key id, 20 characters>": 1,
      n: 2,
    });
  });
});

describe("ValidationError", () => {
  test("never holds a secret: message, value, problem and fix are redacted", () => {
    const key = ["-----BEGIN ", "PRIVATE KEY-----\nMIIE\n-----END ", "PRIVATE KEY-----"].join("");
    const e = new ValidationError({
      path: "s/c",
      prop: "cidr",
      value: key,
      problem: `is not a CIDR: ${key}`,
      fix: "write a.b.c.d/n",
    });
    expect(e.message).toBe(
      's/c: invalid cidr = "<redacted: a PEM private key, 58 characters>": is not a CIDR: <redacted: a PEM private key, 58 characters>. Fix: write a.b.c.d/n',
    );
    expect(JSON.stringify(e)).not.toContain("PRIVATE KEY");
  });
});
