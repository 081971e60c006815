// The pack over synthesized JSON on disk (`npm run policy`, the package's `multicloud-policy`): input layouts,
// the verdict synth recorded, exit codes, and the table / JSON / SARIF 2.1.0 outputs.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GlueDataCatalogEncryptionSettings } from "@cdktf/provider-aws/lib/glue-data-catalog-encryption-settings";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { App, TerraformStack } from "cdktf";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { acceptWarning } from "@multicloud-platform/modules/core";
import {
  applyPolicyPack,
  defaultRules,
  findStackFiles,
  runPolicyCli,
  scanSynthesized,
} from "@multicloud-platform/modules/guardrails";
import { secureBucket } from "./harness";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "policy-scan-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Synthesizes stacks with plain cdktf into `<dir>/out` (cdktf.out layout), as another team's app would. */
function synthApp(build: (app: App) => void): string {
  const outdir = join(dir, "out");
  const app = new App({ outdir });
  build(app);
  app.synth();
  return outdir;
}

function stack(app: App, id: string, fn: (s: TerraformStack) => void): TerraformStack {
  const s = new TerraformStack(app, id);
  new AwsProvider(s, "aws", { region: "us-east-1" });
  fn(s);
  return s;
}

/** Runs the command in-process; returns exit code and output. */
function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runPolicyCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), cwd: dir });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("scanSynthesized on another team's cdktf output (no pack applied at synth)", () => {
  it("finds every stack of a cdktf.out, reports each finding with its file and line, and fails on errors", () => {
    const out = synthApp((app) => {
      stack(app, "clean", (s) => secureBucket(s, "ok"));
      stack(app, "open", (s) => {
        new S3Bucket(s, "raw", { bucket: "raw" });
        new SecurityGroupRule(s, "db", {
          type: "ingress",
          securityGroupId: "sg-1",
          protocol: "tcp",
          fromPort: 5432,
          toPort: 5432,
          cidrBlocks: ["0.0.0.0/0"],
        });
      });
    });
    expect(findStackFiles(out).map((s) => s.id)).toEqual(["clean", "open"]);
    const result = scanSynthesized(out, { cwd: dir });
    expect(result.stacks.map((s) => [s.id, s.report.errors.length])).toEqual([
      ["clean", 0],
      ["open", 5],
    ]);
    const sg = result.errors.find((f) => f.ruleId === "PP-SG-004")!;
    expect(sg).toMatchObject({
      stack: "open",
      file: "out/stacks/open/cdk.tf.json",
      address: "aws_security_group_rule.db",
    });
    expect(sg.line).toBeGreaterThan(1);
    const { code, stdout } = cli(out);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^open +PP-SG-004 +error +open +aws_security_group_rule\.db$/m);
    expect(stdout).toMatch(
      new RegExp(
        `2 stack\\(s\\), ${defaultRules.length} rules: 5 error\\(s\\), 1 warning\\(s\\), 0 suppressed or accepted\\.$`,
      ),
    );
  });

  it("accepts a stacks directory and a single cdk.tf.json, and exits 0 when only warnings remain", () => {
    const out = synthApp((app) =>
      stack(app, "logs", (s) => secureBucket(s, "archive", { omit: "lifecycle" })),
    );
    expect(findStackFiles(join(out, "stacks")).map((s) => s.id)).toEqual(["logs"]);
    const single = cli(join(out, "stacks", "logs", "cdk.tf.json"));
    expect(single.code).toBe(0);
    expect(single.stdout).toMatch(/^logs +PP-S3-005 +warning +open +aws_s3_bucket\.archive$/m);
  });

  it("takes extra suppressions from a file (each with its reason) and a level-selecting environment", () => {
    const out = synthApp((app) =>
      stack(app, "net", (s) => {
        new SecurityGroupRule(s, "web", {
          type: "ingress",
          securityGroupId: "sg-1",
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrBlocks: ["0.0.0.0/0"],
        });
      }),
    );
    const file = join(dir, "suppressions.json");
    writeFileSync(
      file,
      JSON.stringify([
        {
          stack: "net",
          ruleId: "PP-SG-004",
          address: "aws_security_group_rule.web",
          reason: "public HTTPS endpoint",
        },
      ]),
    );
    const { code, stdout } = cli(out, "--suppressions", file, "--environment", "prod");
    expect(code).toBe(0);
    expect(stdout).toMatch(/suppressed because: public HTTPS endpoint/);
    expect(stdout).not.toMatch(/unused suppression/);
    // A suppression that matches nothing is listed (stale or mistyped), without failing the check.
    writeFileSync(
      file,
      JSON.stringify([
        {
          stack: "net",
          ruleId: "PP-SG-004",
          address: "aws_security_group_rule.web",
          reason: "public HTTPS endpoint",
        },
        { ruleId: "PP-S3-001", address: "aws_s3_bucket.gone", reason: "deleted last year" },
      ]),
    );
    const stale = cli(out, "--suppressions", file, "--json");
    expect(stale.code).toBe(0);
    expect(JSON.parse(stale.stdout).unusedSuppressions).toEqual([
      { stack: null, ruleId: "PP-S3-001", address: "aws_s3_bucket.gone", reason: "deleted last year" },
    ]);
    expect(cli(out, "--suppressions", file).stdout).toMatch(
      /^unused suppression: PP-S3-001 on aws_s3_bucket\.gone matches no finding/m,
    );
    writeFileSync(file, JSON.stringify([{ ruleId: "PP-SG-004", address: "x", reason: "" }]));
    expect(cli(out, "--suppressions", file)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/a suppression needs its reason/),
    });
  });
});

describe("the verdict synth recorded", () => {
  it("uses each stack's recorded environment and suppressions, and reasons written on resources", () => {
    const out = synthApp((app) => {
      const s = stack(app, "prod-data", (st) => {
        const b = secureBucket(st, "archive", { omit: "lifecycle" });
        acceptWarning(b, "PP-S3-005", "legal archive, kept forever");
        secureBucket(st, "scratch", { omit: "versioning" });
      });
      applyPolicyPack(s, {
        environment: "prod",
        suppressions: [
          { ruleId: "PP-S3-003", address: "aws_s3_bucket.scratch", reason: "rebuilt every night" },
        ],
        report: () => undefined,
      });
    });
    const result = scanSynthesized(out);
    expect(result.stacks[0].environment).toBe("prod");
    expect(result.errors).toEqual([]);
    expect(
      result.suppressed.map((f) => [f.ruleId, f.suppressedBy?.source ?? "config", f.suppressedBy?.reason]),
    ).toEqual([
      ["PP-S3-003", "config", "rebuilt every night"],
      ["PP-S3-005", "resource", "legal archive, kept forever"],
    ]);
  });
});

describe("account/region singletons across stacks", () => {
  const settings = {
    encryptionAtRest: {
      catalogEncryptionMode: "SSE-KMS",
      sseAwsKmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/k",
    },
    connectionPasswordEncryption: {
      returnConnectionPasswordEncrypted: true,
      awsKmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/k",
    },
  };
  /** A stack whose provider is pinned to `account` in us-east-1 and declares the catalog encryption settings. */
  const owner = (app: App, id: string, account: string, pin: "allowed" | "assume-role") => {
    const s = new TerraformStack(app, id);
    const provider = new AwsProvider(s, "aws", {
      region: "us-east-1",
      alias: "ingest",
      ...(pin === "allowed"
        ? { allowedAccountIds: [account] }
        : { assumeRole: [{ roleArn: `arn:aws:iam::${account}:role/TerraformDeploy` }] }),
    });
    new GlueDataCatalogEncryptionSettings(s, "catalog", {
      provider,
      dataCatalogEncryptionSettings: settings,
    });
  };

  it("reports a second stack that sets the same account/region singleton, in that stack, under the singleton's rule", () => {
    const out = synthApp((app) => {
      owner(app, "a-ingest", "111122223333", "allowed");
      owner(app, "b-ingest", "111122223333", "assume-role");
    });
    const result = scanSynthesized(out);
    expect(result.errors.map((f) => [f.stack, f.ruleId, f.address])).toEqual([
      ["b-ingest", "PP-GLUE-002", "aws_glue_data_catalog_encryption_settings.catalog"],
    ]);
    expect(result.errors[0].message).toMatch(
      /sets account 111122223333, region us-east-1, which a-ingest \(aws_glue_data_catalog_encryption_settings\.catalog\) sets too/,
    );
    expect(cli(out, "--json")).toMatchObject({ code: 1 });
  });

  it("accepts the same singleton in different accounts (one owner each)", () => {
    const out = synthApp((app) => {
      owner(app, "a-ingest", "111122223333", "allowed");
      owner(app, "b-ingest", "444455556666", "allowed");
    });
    expect(scanSynthesized(out).errors).toEqual([]);
  });
});

describe("output formats", () => {
  const violating = () =>
    synthApp((app) => {
      stack(app, "web", (s) => {
        const b = secureBucket(s, "site", { omit: "lifecycle" });
        acceptWarning(b, "PP-S3-005", "static site, one version");
        new S3Bucket(s, "raw", { bucket: "raw" });
      });
    });

  it("--json lists stacks, findings (state, file, line, reason) and totals", () => {
    const { code, stdout } = cli(violating(), "--json");
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.totals).toEqual({ errors: 4, warnings: 1, suppressed: 1 });
    expect(json.stacks).toEqual([
      {
        id: "web",
        file: "out/stacks/web/cdk.tf.json",
        environment: null,
        errors: 4,
        warnings: 1,
        suppressed: 1,
      },
    ]);
    expect(json.findings).toContainEqual(
      expect.objectContaining({
        ruleId: "PP-S3-005",
        state: "accepted",
        address: "aws_s3_bucket.site",
        reason: "static site, one version",
        line: expect.any(Number),
      }),
    );
  });

  it("--sarif is SARIF 2.1.0: one run, the rule set as driver rules, located results, suppressions for accepted findings", () => {
    const { code, stdout } = cli(violating(), "--sarif");
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(sarif.runs).toHaveLength(1);
    const [run] = sarif.runs;
    expect(run.tool.driver.name).toBe("multicloud-platform-guardrails");
    expect(run.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual(defaultRules.map((r) => r.id));
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(10);
      expect(["error", "warning"]).toContain(rule.defaultConfiguration.level);
    }
    expect(run.results).toHaveLength(6);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(["error", "warning"]).toContain(r.level);
      expect(r.message.text).toMatch(/^aws_s3_bucket\.(raw|site): /);
      const [loc] = r.locations;
      expect(loc.physicalLocation.artifactLocation.uri).toBe("out/stacks/web/cdk.tf.json");
      expect(Number.isInteger(loc.physicalLocation.region.startLine)).toBe(true);
      expect(loc.logicalLocations[0]).toEqual({
        fullyQualifiedName: expect.stringMatching(/^web\/aws_s3_bucket\./),
        kind: "resource",
      });
    }
    const accepted = run.results.filter((r: any) => r.suppressions);
    expect(accepted).toEqual([
      expect.objectContaining({
        ruleId: "PP-S3-005",
        suppressions: [{ kind: "inSource", justification: "static site, one version" }],
      }),
    ]);
  });
});

describe("usage and input errors (exit code 2)", () => {
  it("explains a missing target, an unknown flag, two formats and a directory without stacks", () => {
    expect(cli()).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/give exactly one target[\s\S]*usage: policy/),
    });
    expect(cli("x", "--yaml")).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown flag --yaml/),
    });
    expect(cli("x", "--json", "--sarif")).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/one of --json and --sarif/),
    });
    mkdirSync(join(dir, "empty"));
    expect(cli(join(dir, "empty"))).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/no cdk\.tf\.json under .*run cdktf synth first/),
    });
    expect(cli(join(dir, "missing"))).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/does not exist/),
    });
    writeFileSync(join(dir, "broken.json"), "{");
    expect(cli(join(dir, "broken.json"))).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/broken\.json is not JSON/),
    });
    expect(cli("--help")).toMatchObject({ code: 0, stdout: expect.stringMatching(/^usage: policy/) });
  });
});
