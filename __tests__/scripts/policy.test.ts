/**
 * `npm run policy -- <dir>` as a user runs it (a child process): the sample environments' synth output passes
 * with the verdict synth recorded (exit 0), and a regression written into that output fails it (exit 1).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthToDir } from "../helpers/synth";
import { runScript } from "./run-script";

process.env.PROGRESS = "0";
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-cli-"));

beforeAll(() => {
  jest.spyOn(console, "warn").mockImplementation(() => undefined);
  synthToDir(["dev", "staging", "prod"], outdir);
}, 120_000);
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

describe("npm run policy", () => {
  it("passes the samples' synth output, with no account/region singleton owned twice: no errors, no open warnings, accepted warnings with their reasons", async () => {
    const r = await runScript("policy.ts", [outdir]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^18 stack\(s\), \d+ rules: 0 error\(s\), 0 warning\(s\), 9 suppressed or accepted\.$/m,
    );
    expect(r.stdout).toMatch(
      /^dev-ingest +PP-SG-003 +warning +accepted +aws_vpc_security_group_egress_rule\./m,
    );
  }, 120_000);

  it("fails (exit 1) once a regression is written into the output, and prints SARIF on request", async () => {
    const file = path.join(outdir, "stacks", "dev-analytics", "cdk.tf.json");
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const key of Object.values(json.resource.aws_kms_key) as any[]) key.enable_key_rotation = false;
    const copy = path.join(outdir, "regressed.json");
    fs.writeFileSync(copy, JSON.stringify(json, null, 2));
    const r = await runScript("policy.ts", [copy, "--sarif"]);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.runs[0].results.filter((x: any) => !x.suppressions).map((x: any) => x.ruleId)).toEqual([
      "PP-KMS-001",
    ]);
  }, 120_000);
});
