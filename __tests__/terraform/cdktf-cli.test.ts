/**
 * The README's cdktf CLI commands, for real (slow: the CLI starts in ~10 s, hence this tier): environment
 * selection through ENVIRONMENTS and through the cdktf.json context (which the CLI hands to the app as
 * CDKTF_CONTEXT_JSON; the CLI itself has no --context flag), and output the CLI shows without [ERROR] lines.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findProviderMirror } from "../../scripts/provider-mirror";
import { appCommand } from "../helpers/app-command";

const ROOT = path.join(__dirname, "../..");

function cdktfSynth(env: NodeJS.ProcessEnv): {
  status: number | null;
  stacks: string[];
  stdout: string;
  output: string;
} {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-cli-"));
  // As the README runs the CLI: no checkpoint calls, and a Terraform CLI config that exists (the mirror's).
  const tfrc = path.join(out, "mirror.tfrc");
  const mirror = findProviderMirror()?.path ?? "/nonexistent";
  fs.writeFileSync(
    tfrc,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`,
  );
  const r = spawnSync("npx", ["cdktf", "synth", "--output", out], {
    cwd: ROOT,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: tfrc, ...env },
    encoding: "utf8",
  });
  const dir = path.join(out, "stacks");
  const stacks = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
  fs.rmSync(out, { recursive: true, force: true });
  return { status: r.status, stacks, stdout: r.stdout, output: `${r.stdout}\n${r.stderr}` };
}

describe("npx cdktf synth", () => {
  test("ENVIRONMENTS=staging synthesizes the staging stacks only", () => {
    const r = cdktfSynth({ ENVIRONMENTS: "staging" });
    expect(r.status).toBe(0);
    expect(r.stacks).toEqual([
      "staging-analytics",
      "staging-bigquery",
      "staging-identity",
      "staging-ingest",
      "staging-ml",
      "staging-network",
    ]);
    // The CLI prints whatever the app writes to stderr as red "[ERROR] default -" lines; the app's progress
    // lines and accepted policy warnings are informational, so under the CLI they are plain stdout lines (the
    // samples suppress nothing since #17; suppressed findings go the same way, ux-progress.ts).
    expect(r.output).not.toContain("[ERROR]");
    expect(r.stdout).toContain("[synth +");
    expect(r.stdout).toMatch(/\[staging-analytics\] PP-SG-003 warning ACCEPTED /);
  }, 180_000);

  test('a cdktf.json context ("environments") selects too, and wins over ENVIRONMENTS', () => {
    // The CLI hands cdktf.json's "context" to the app as CDKTF_CONTEXT_JSON (and overwrites any value from
    // outside), so the app is run the way the CLI runs it, with the context such a cdktf.json would give.
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-context-"));
    const [cmd, ...args] = appCommand();
    const r = spawnSync(cmd, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        PROGRESS: "0",
        CDKTF_OUTDIR: out,
        ENVIRONMENTS: "dev",
        CDKTF_CONTEXT_JSON: JSON.stringify({ environments: "prod" }),
      },
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    const stacks = fs.readdirSync(path.join(out, "stacks")).sort();
    fs.rmSync(out, { recursive: true, force: true });
    expect(stacks).toEqual([
      "prod-analytics",
      "prod-bigquery",
      "prod-identity",
      "prod-ingest",
      "prod-ml",
      "prod-network",
    ]);
  }, 180_000);
});
