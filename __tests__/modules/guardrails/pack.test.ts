// How the pack runs: real `app.synth()`, suppressions, levels, reporting and option checks.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { App, Aspects, IAspect, TerraformStack, Testing } from "cdktf";
import { IConstruct } from "constructs";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ValidationError, acceptWarning } from "@multicloud-platform/modules/core";
import {
  applyPolicyPack,
  defaultRules,
  evaluateModel,
  evaluatePolicyPack,
  Finding,
  formatFinding,
  levelFor,
  PolicyPackError,
  Rule,
  StackModel,
} from "@multicloud-platform/modules/guardrails";
import { build, secureBucket } from "./harness";

let outdir: string;
beforeEach(() => {
  outdir = mkdtempSync(join(tmpdir(), "policy-pack-"));
});
afterEach(() => {
  rmSync(outdir, { recursive: true, force: true });
  jest.restoreAllMocks();
});

function appStack(app: App, id: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  return stack;
}

/** A single-subnet interface endpoint: PP-VPC-003, a warning without an environment. */
function singleAzEndpoint(stack: TerraformStack): void {
  new VpcEndpoint(stack, "sts", {
    vpcId: "vpc-1",
    serviceName: "com.amazonaws.us-east-1.sts",
    vpcEndpointType: "Interface",
    subnetIds: ["subnet-1"],
  });
}

describe("app.synth() with the pack applied", () => {
  it("throws with the rule id, level, address, construct path and fix, and writes no JSON for the failing stack", () => {
    const app = new App({ outdir });
    const good = appStack(app, "good");
    secureBucket(good, "ok");
    applyPolicyPack(good);
    const bad = appStack(app, "bad");
    new S3Bucket(bad, "data", { bucket: "data-bucket" });
    applyPolicyPack(bad);

    let thrown: unknown;
    try {
      app.synth();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PolicyPackError);
    const message = (thrown as Error).message;
    expect(message).toMatch(/^bad: the policy pack fails synth \(4 findings\)/);
    expect(message).toContain(
      "  - PP-S3-001 error aws_s3_bucket.data (bad/data): S3 bucket has no aws_s3_bucket_public_access_block. " +
        "Fix: add an aws_s3_bucket_public_access_block with bucket = aws_s3_bucket.data.id and block_public_acls, " +
        "block_public_policy, ignore_public_acls, restrict_public_buckets all true.",
    );
    // Every unsuppressed error is listed, not just the first.
    expect(message).toMatch(/PP-S3-002 error aws_s3_bucket\.data/);
    expect(message).toMatch(/PP-S3-003 error aws_s3_bucket\.data/);
    expect(message).toMatch(/PP-S3-004 error aws_s3_bucket\.data/);
    // The pack's own report: how to suppress, never cdktf's advice to skip validation altogether.
    expect(message).toContain(
      'add a suppression with a reason (printed at every synth): { ruleId: "PP-S3-001", address: "aws_s3_bucket.data", reason: "<why it is acceptable>" }',
    );
    expect(message).not.toMatch(/skipValidation/);
    // Stacks are synthesized in construct order: `good` was written before `bad` failed; `bad`
    // gets no directory, and the manifest (written after all stacks) is not written.
    expect(existsSync(join(outdir, "stacks", "good", "cdk.tf.json"))).toBe(true);
    expect(existsSync(join(outdir, "stacks", "bad"))).toBe(false);
    expect(existsSync(join(outdir, "manifest.json"))).toBe(false);
  });

  it("synthesizes a compliant stack and prints warnings without failing", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const app = new App({ outdir });
    const stack = appStack(app, "net");
    singleAzEndpoint(stack);
    applyPolicyPack(stack);
    app.synth();
    const json = JSON.parse(readFileSync(join(outdir, "stacks", "net", "cdk.tf.json"), "utf8"));
    expect(Object.keys(json.resource.aws_vpc_endpoint)).toEqual(["sts"]);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^\[net\] PP-VPC-003 warning aws_vpc_endpoint\.sts \(net\/sts\): interface endpoint is in 1 subnet/,
      ),
    );
  });

  it("fails synth for the same warning once the environment raises it to an error", () => {
    const app = new App({ outdir });
    const stack = appStack(app, "net");
    singleAzEndpoint(stack);
    applyPolicyPack(stack, { environment: "prod" });
    expect(() => app.synth()).toThrow(/PP-VPC-003 error aws_vpc_endpoint\.sts/);
  });

  it("lets a suppressed error pass and prints it with its reason", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const app = new App({ outdir });
    const stack = appStack(app, "logs");
    secureBucket(stack, "access-logs", { omit: "versioning" });
    applyPolicyPack(stack, {
      suppressions: [
        {
          ruleId: "PP-S3-003",
          address: "aws_s3_bucket.access-logs",
          reason: "access logs are append-only and expire after 90 days",
        },
      ],
    });
    app.synth();
    expect(existsSync(join(outdir, "stacks", "logs", "cdk.tf.json"))).toBe(true);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /PP-S3-003 error SUPPRESSED aws_s3_bucket\.access-logs .* Suppressed because: access logs are append-only and expire after 90 days$/,
      ),
    );
  });

  it("is what Testing.synth(stack, true) runs too", () => {
    const stack = build((s) => new S3Bucket(s, "data", { bucket: "b" }));
    applyPolicyPack(stack);
    expect(() => Testing.synth(stack, true)).toThrow(/PP-S3-001 error aws_s3_bucket\.data/);
  });

  it("runs per stack because cdktf 0.21 does not invoke aspects added to the App", () => {
    const visited = { app: 0, stack: 0 };
    const counter = (key: keyof typeof visited): IAspect => ({
      visit: (_node: IConstruct) => void visited[key]++,
    });
    const app = new App({ outdir });
    const stack = appStack(app, "s");
    Aspects.of(app).add(counter("app"));
    Aspects.of(stack).add(counter("stack"));
    app.synth();
    expect(visited.app).toBe(0);
    expect(visited.stack).toBeGreaterThan(0);
  });
});

describe("suppressions", () => {
  const bucketOnly = (s: TerraformStack) => secureBucket(s, "data", { omit: "pab" });

  it("match by Terraform address or by construct path, and only for the named rule", () => {
    const byPath = evaluatePolicyPack(build(bucketOnly), {
      suppressions: [{ ruleId: "PP-S3-001", address: "test/data", reason: "public dataset" }],
    });
    expect(byPath.errors).toEqual([]);
    expect(byPath.suppressed.map((f) => [f.ruleId, f.address, f.suppressedBy?.reason])).toEqual([
      ["PP-S3-001", "aws_s3_bucket.data", "public dataset"],
    ]);

    const otherRule = evaluatePolicyPack(build(bucketOnly), {
      suppressions: [{ ruleId: "PP-S3-003", address: "aws_s3_bucket.data", reason: "x" }],
    });
    expect(otherRule.errors.map((f) => f.ruleId)).toEqual(["PP-S3-001"]);
    expect(otherRule.suppressed).toEqual([]);
  });

  it("require a non-empty reason", () => {
    const stack = build(bucketOnly);
    expect(() =>
      applyPolicyPack(stack, {
        suppressions: [{ ruleId: "PP-S3-001", address: "aws_s3_bucket.data", reason: "  " }],
      }),
    ).toThrow(ValidationError);
    expect(() =>
      applyPolicyPack(stack, {
        suppressions: [{ ruleId: "PP-S3-001", address: "aws_s3_bucket.data", reason: "" }],
      }),
    ).toThrow(
      /suppressions\[0\]\.reason = "": a suppression needs a reason\. Fix: say why PP-S3-001 is acceptable for aws_s3_bucket\.data/,
    );
  });

  it("reject an unknown rule id and an empty address", () => {
    const stack = build(bucketOnly);
    expect(() =>
      applyPolicyPack(stack, {
        suppressions: [{ ruleId: "PP-S3-999", address: "aws_s3_bucket.data", reason: "r" }],
      }),
    ).toThrow(
      /suppressions\[0\]\.ruleId = "PP-S3-999": is not a rule of the policy pack\. Fix: use one of PP-S3-001, .*PP-GLUE-001/,
    );
    expect(() =>
      evaluatePolicyPack(stack, { suppressions: [{ ruleId: "PP-S3-001", address: "", reason: "r" }] }),
    ).toThrow(/suppressions\[0\]\.address/);
  });
});

describe("suppressions that match nothing", () => {
  it("fail synth, named by their label or position, with what to do", () => {
    const app = new App({ outdir });
    const stack = appStack(app, "logs");
    secureBucket(stack, "access-logs");
    applyPolicyPack(stack, {
      suppressions: [
        {
          ruleId: "PP-S3-003",
          address: "aws_s3_bucket.gone",
          reason: "was an old bucket",
          label: "policy.suppressions[4]",
        },
        { ruleId: "PP-S3-001", address: "aws_s3_bucket.access-logs", reason: "compliant now" },
      ],
    });
    expect(() => app.synth()).toThrow(
      /logs: the policy pack fails synth \(0 findings, 2 unused suppression\(s\)\)\n {2}- policy\.suppressions\[4\] \(PP-S3-003 on aws_s3_bucket\.gone\) matches no finding of logs\. Fix: remove it[^\n]*\n {2}- suppressions\[1\] \(PP-S3-001 on aws_s3_bucket\.access-logs\)/,
    );
    expect(existsSync(join(outdir, "stacks", "logs", "cdk.tf.json"))).toBe(false);
  });

  it("are listed in the report of evaluatePolicyPack", () => {
    const report = evaluatePolicyPack(
      build((s) => secureBucket(s, "data")),
      {
        suppressions: [{ ruleId: "PP-S3-001", address: "aws_s3_bucket.data", reason: "r" }],
      },
    );
    expect(report.unusedSuppressions).toEqual([
      { ruleId: "PP-S3-001", address: "aws_s3_bucket.data", reason: "r", label: "suppressions[0]" },
    ]);
  });

  it("a bad one is reported at its own label", () => {
    const stack = build((s) => secureBucket(s, "data"));
    expect(() =>
      applyPolicyPack(stack, {
        suppressions: [
          {
            ruleId: "PP-S3-999",
            address: "aws_s3_bucket.data",
            reason: "r",
            label: "policy.suppressions[7]",
          },
        ],
      }),
    ).toThrow(/policy\.suppressions\[7\]\.ruleId = "PP-S3-999": is not a rule of the policy pack/);
  });
});

describe("options and reporting", () => {
  it("rejects a second application to the same stack", () => {
    const stack = build(() => undefined);
    applyPolicyPack(stack);
    expect(() => applyPolicyPack(stack)).toThrow(/already applied.*call applyPolicyPack once per stack/);
  });

  it("sends every finding to report instead of console.warn", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const seen: Finding[] = [];
    const stack = build((s) => {
      singleAzEndpoint(s);
      new S3Bucket(s, "data", { bucket: "b" });
    });
    applyPolicyPack(stack, {
      report: (f) => seen.push(f),
      suppressions: [{ ruleId: "PP-S3-002", address: "aws_s3_bucket.data", reason: "test" }],
    });
    expect(() => Testing.synth(stack, true)).toThrow(/PP-S3-001/);
    expect(seen.map((f) => `${f.ruleId}:${f.level}:${f.suppressedBy ? "suppressed" : "open"}`)).toEqual([
      "PP-S3-001:error:open",
      "PP-S3-002:error:suppressed",
      "PP-S3-003:error:open",
      "PP-S3-004:error:open",
      "PP-S3-005:warning:open",
      "PP-VPC-003:warning:open",
    ]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("evaluates a custom rule set and rejects duplicate or malformed ids", () => {
    const noBuckets: Rule = {
      id: "ORG-S3-001",
      level: "warning",
      description: "No buckets in this stack.",
      mirrors: ["project"],
      check: (m) =>
        m
          .resources("aws_s3_bucket")
          .map((b) => ({ address: b.address, problem: "bucket found", fix: "remove it" })),
    };
    const stack = build((s) => secureBucket(s, "data"));
    expect(
      evaluatePolicyPack(stack, { rules: [...defaultRules, noBuckets] }).warnings.map((f) => f.message),
    ).toEqual(["bucket found. Fix: remove it."]);
    expect(() => evaluatePolicyPack(stack, { rules: [noBuckets, noBuckets] })).toThrow(
      /rules\[1\]\.id = "ORG-S3-001": appears more than once/,
    );
    expect(() => evaluatePolicyPack(stack, { rules: [{ ...noBuckets, id: "bad id" }] })).toThrow(
      /rules\[0\]\.id/,
    );
  });

  it("picks levels by environment", () => {
    const rule = defaultRules.find((r) => r.id === "PP-FIS-001")!;
    expect([levelFor(rule), levelFor(rule, "dev"), levelFor(rule, "staging")]).toEqual([
      "error",
      "warning",
      "error",
    ]);
    const endpoint = defaultRules.find((r) => r.id === "PP-VPC-003")!;
    expect([levelFor(endpoint), levelFor(endpoint, "dev"), levelFor(endpoint, "prod")]).toEqual([
      "warning",
      "warning",
      "error",
    ]);
  });

  it("reports nothing for a fully compliant stack", () => {
    const report = evaluatePolicyPack(build((s) => secureBucket(s, "data")));
    expect(report.findings).toEqual([]);
  });

  it("orders findings deterministically and formats them on one line", () => {
    const json = {
      resource: {
        aws_s3_bucket: { z: { bucket: "z" }, a: { bucket: "a", "//": { metadata: { path: "s/a" } } } },
      },
    };
    const report = evaluateModel(new StackModel(json), {
      rules: defaultRules.filter((r) => r.id === "PP-S3-003"),
    });
    expect(report.findings.map(formatFinding)).toEqual([
      'PP-S3-003 error aws_s3_bucket.a (s/a): S3 bucket does not have versioning enabled. Fix: add an aws_s3_bucket_versioning for aws_s3_bucket.a with versioning_configuration.status = "Enabled".',
      'PP-S3-003 error aws_s3_bucket.z: S3 bucket does not have versioning enabled. Fix: add an aws_s3_bucket_versioning for aws_s3_bucket.z with versioning_configuration.status = "Enabled".',
    ]);
  });

  it("records its environment and suppressions in the stack's JSON, as a // comment Terraform ignores", () => {
    const stack = build((s) => secureBucket(s, "data", { omit: "versioning" }));
    const suppression = {
      ruleId: "PP-S3-003",
      address: "aws_s3_bucket.data",
      reason: "scratch data, rebuilt daily",
    };
    applyPolicyPack(stack, { environment: "prod", suppressions: [suppression] });
    const json = stack.toTerraform();
    expect(json["//"].policy_pack).toEqual({ environment: "prod", suppressions: [suppression] });
    expect(new StackModel(json).recorded).toEqual({ environment: "prod", suppressions: [suppression] });
  });

  it("checks what escape hatches write, not only construct props", () => {
    const stack = build((s) => {
      const sg = new SecurityGroup(s, "bastion", {
        ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] }],
      });
      sg.addOverride("ingress", [
        { protocol: "tcp", from_port: 22, to_port: 22, cidr_blocks: ["0.0.0.0/0"] },
      ]);
    });
    expect(evaluatePolicyPack(stack).errors.map((f) => [f.ruleId, f.address])).toEqual([
      ["PP-SG-001", "aws_security_group.bastion"],
    ]);
  });
});

describe("warnings accepted next to the resource (acceptWarning)", () => {
  it("reports the warning as accepted with the resource's reason, printed as ACCEPTED at synth", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const app = new App({ outdir });
    const stack = appStack(app, "archive");
    const bucket = secureBucket(stack, "archive", { omit: "lifecycle" });
    acceptWarning(bucket, "PP-S3-005", "legal archive: every version is kept for seven years");
    applyPolicyPack(stack, { environment: "prod" });
    app.synth();
    expect(warn).toHaveBeenCalledWith(
      "[archive] PP-S3-005 warning ACCEPTED aws_s3_bucket.archive (archive/archive): S3 bucket has no enabled lifecycle rule, " +
        "so every object and (with versioning) every noncurrent version is kept and billed forever. Fix: add an " +
        "aws_s3_bucket_lifecycle_configuration for aws_s3_bucket.archive (noncurrent_version_expiration, " +
        'abort_incomplete_multipart_upload, expiration or transitions), or accept the warning with acceptWarning(bucket, "PP-S3-005", "<why>"). ' +
        "Accepted on the resource because: legal archive: every version is kept for seven years",
    );
    const json = JSON.parse(readFileSync(join(outdir, "stacks", "archive", "cdk.tf.json"), "utf8"));
    expect(json.resource.aws_s3_bucket.archive["//"].policy_accepted).toEqual({
      "PP-S3-005": "legal archive: every version is kept for seven years",
    });
  });

  it("never lets an error through: the finding stays an error and says where its acceptance must go", () => {
    const stack = build((s) => {
      const bucket = secureBucket(s, "data", { omit: "versioning" });
      acceptWarning(bucket, "PP-S3-003", "versioning is costly");
    });
    const [finding] = evaluatePolicyPack(stack).errors;
    expect(finding.ruleId).toBe("PP-S3-003");
    expect(finding.suppressedBy).toBeUndefined();
    expect(finding.message).toMatch(
      /acceptWarning covers warnings only, so let an error through with a suppression in the environment's config\.$/,
    );
  });

  it("fails when the rule id is malformed or the reason is empty", () => {
    build((s) => {
      const bucket = secureBucket(s, "data");
      expect(() => acceptWarning(bucket, "lifecycle", "why")).toThrow(
        /invalid acceptWarning ruleId = "lifecycle": must be a policy rule id such as PP-SG-003/,
      );
      expect(() => acceptWarning(bucket, "PP-S3-005", " ")).toThrow(
        /invalid acceptWarning reason = " ": a warning is accepted only with a reason/,
      );
    });
  });
});
