/**
 * `npm run new-env` end to end, in a scratch copy of the project (the tree under test is never touched): the
 * scaffolded environment's files pass lint, its golden summary and diagrams are current, it synthesizes, and
 * Terraform validates its AWS stacks. A config the checks reject leaves nothing behind (refusals of bad
 * arguments are unit-tested in __tests__/scripts/new-env.test.ts).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { goldenSummary, readStacks } from "../../scripts/golden";
import { scaffoldFiles } from "../../scripts/new-env";
import { prepareProviders, terraformEnv, validateStacks } from "../../scripts/terraform-cli";
import { unregisteredName } from "../helpers/environments";

const ROOT = path.join(__dirname, "../..");
/** Not copied: installed or generated trees (node_modules is linked instead). */
const SKIP = new Set([
  "node_modules",
  ".git",
  "cdktf.out",
  "cdktf.out.offline",
  "terraform-state",
  "dist",
  "results",
]);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "new-env-"));
const copy = path.join(scratch, "project");
fs.cpSync(ROOT, copy, { recursive: true, filter: (src) => !SKIP.has(path.basename(src)) });
fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function run(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, {
    cwd: copy,
    env: { ...process.env, PROGRESS: "0", ...env },
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}\n${r.stderr}` };
}
const read = (f: string) => fs.readFileSync(path.join(copy, f), "utf8");

// Short, hyphenated, unregistered names (the blueprint's GCP project id allows names of up to 13 characters).
const name = unregisteredName("new-eu");
const files = scaffoldFiles(name);

describe(`npm run new-env -- ${name} --from prod`, () => {
  const indexBefore = read("config/environments/index.ts");
  let created: ReturnType<typeof run>;
  beforeAll(() => {
    created = run("npm", ["run", "-s", "new-env", "--", name, "--from", "prod"]);
  }, 180_000);

  test("writes the environment, its golden summary and diagrams, and registers it", () => {
    if (created.status !== 0) throw new Error(created.output);
    for (const f of files) expect(created.stdout).toContain(`wrote ${f}`);
    for (const f of files) expect(fs.existsSync(path.join(copy, f))).toBe(true);
    const index = read("config/environments/index.ts");
    expect(index).not.toBe(indexBefore);
    expect(index).toMatch(new RegExp(`"${name}": \\w+,?\\s*\\}`));
    expect(created.stdout).toMatch(/CIDR plan: shared 10\.\d+\.0\.0\/16, ml /);
  });

  test("does not copy the source's Google project number (it would grant prod's BigQuery agent the new key)", () => {
    const env = read(`config/environments/${name}.ts`);
    expect(env).not.toMatch(/bigqueryProjectNumber:/);
    expect(env).toContain(`add\n *   bigqueryProjectNumber (${name}'s Google project number`);
  });

  test("the files it wrote pass lint (eslint + prettier) as written", () => {
    const written = [files[0], "config/environments/index.ts"];
    const eslint = run("npx", ["eslint", "--max-warnings", "0", ...written]);
    expect({ status: eslint.status, output: eslint.output.trim() }).toEqual({ status: 0, output: "" });
    const prettier = run("npx", ["prettier", "--check", ...written]);
    expect({ status: prettier.status, output: prettier.output }).toMatchObject({ status: 0 });
  }, 120_000);

  test("its diagrams are current", () => {
    const check = run("npm", ["run", "-s", "diagrams", "--", "--check"]);
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: "" });
  }, 180_000);

  test("it synthesizes on its own to what its golden summary says, and Terraform validates it", async () => {
    const out = path.join(scratch, "cdktf.out");
    const synth = run("npm", ["run", "-s", "synth"], { ENVIRONMENTS: name, CDKTF_OUTDIR: out });
    if (synth.status !== 0) throw new Error(synth.output);
    const stacks = fs.readdirSync(path.join(out, "stacks")).sort();
    expect(stacks).toEqual(
      ["analytics", "bigquery", "identity", "ingest", "ml", "network"].map((c) => `${name}-${c}`),
    );
    // The golden summary is current: it is what this synth summarizes to (the unit tier's comparison).
    expect(goldenSummary(readStacks(out))).toBe(read(`__tests__/golden/${name}.txt`));
    const tf = terraformEnv(path.join(os.tmpdir(), "cdktf-terraform-tier"));
    await prepareProviders(tf);
    const dirs = stacks.filter((s) => !s.endsWith("-bigquery")).map((s) => path.join(out, "stacks", s));
    const results = await validateStacks(tf, dirs);
    for (const dir of dirs)
      expect({ stack: path.basename(dir), ...results.get(dir) }).toMatchObject({ valid: true, details: "" });
  }, 300_000);
});

describe("npm run new-env refuses", () => {
  test("a config the checks reject: the problems are listed and nothing is left behind", () => {
    const other = unregisteredName("new-two");
    const index = read("config/environments/index.ts");
    const r = run("npm", [
      "run",
      "-s",
      "new-env",
      "--",
      other,
      "--from",
      "dev",
      "--accounts",
      "network=400000000099,data=400000000099",
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("new-env: nothing written");
    expect(r.stderr).toMatch(
      new RegExp(
        `config/environments/${other}\\.ts: accounts\\.data\\.id = "400000000099": is the same account id as accounts\\.network`,
      ),
    );
    expect(read("config/environments/index.ts")).toBe(index);
    expect(fs.existsSync(path.join(copy, `config/environments/${other}.ts`))).toBe(false);
    expect(fs.existsSync(path.join(copy, `__tests__/golden/${other}.txt`))).toBe(false);
  }, 120_000);
});
