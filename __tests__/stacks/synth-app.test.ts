// synthesizeApp: all or nothing, with tiny stacks (the sample environments are covered in synth-properties).
import { TerraformOutput, TerraformStack } from "cdktf";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../../config";
import { synthesizeApp } from "../../stacks";

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

const stack = (app: any, id: string) => new TerraformOutput(new TerraformStack(app, id), "o", { value: id });

describe("synthesizeApp", () => {
  let outdir: string;
  let reports: string[];
  const run = (build: (app: any) => void) => synthesizeApp(build, { outdir, report: (t) => reports.push(t) });

  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-app-"));
    reports = [];
  });

  test("publishes every stack and the manifest, keeps Terraform's working files, drops stacks that are gone", () => {
    expect(run((app) => ["a", "b"].forEach((id) => stack(app, id)))).toBe(0);
    fs.writeFileSync(path.join(outdir, "stacks", "a", ".terraform.lock.hcl"), "# lock\n");
    fs.mkdirSync(path.join(outdir, ".synth-999999")); // left by a killed run
    expect(run((app) => stack(app, "a"))).toBe(0);
    expect(listFiles(outdir)).toEqual([
      "manifest.json",
      path.join("stacks", "a", ".terraform.lock.hcl"),
      path.join("stacks", "a", "cdk.tf.json"),
    ]);
    expect(reports).toEqual([]);
  });

  test("fails when the build throws: exit code 1, one report, and the earlier output is gone", () => {
    expect(run((app) => stack(app, "a"))).toBe(0);
    const code = run((app) => {
      stack(app, "a");
      throw new ConfigError("config/environments/dev.ts", [
        { path: "tags.Owner", value: "x", message: "is wrong", fix: "fix it" },
      ]);
    });
    expect(code).toBe(1);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(
      /^1 problem in config\/environments\/dev\.ts:\n {2}- config\/environments\/dev\.ts: tags\.Owner = "x": is wrong\n {6}fix: fix it\n\nsynth failed: nothing was written to /,
    );
    expect(listFiles(outdir)).toEqual([]);
  });

  test("fails when a later stack's synthesis throws: the stacks written before it are not published", () => {
    const code = run((app) => {
      stack(app, "first");
      const bad = new TerraformStack(app, "second");
      bad.node.addValidation({
        validate: () => {
          throw new Error("boom");
        },
      });
    });
    expect(code).toBe(1);
    expect(reports[0]).toMatch(/^unexpected error \(a bug in this project, not in your config\): boom/);
    expect(listFiles(outdir)).toEqual([]);
  });
});
