/**
 * Runs the hostile-input corpus (corpus.ts): every rejection is one clean report (file, path, value, fix; no
 * stack trace; no secret), every acceptance synthesizes and its JSON holds what the case says. The counts by
 * category and outcome are printed once, for the record.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadEnvironments, selectEnvironments } from "../../config";
import { ENVIRONMENTS } from "../../config/environments";
import { buildEnvironment, failureReport, synthesizeApp } from "../../stacks";
import { devCopy } from "../helpers/environments";
import { ACCEPT_CASES, Category, REJECT_CASES, RejectCase, SYNTH_FAILURE_CASES } from "./corpus";

const DEV_FILE = "config/environments/dev.ts";

/** The report a user sees for a case (fails the test when the case is accepted). */
function reportOf(c: RejectCase): string {
  const env = devCopy();
  c.mutate(env);
  try {
    if (c.selection !== undefined) selectEnvironments(c.selection);
    else loadEnvironments(c.select ?? ["dev"], c.registry ? c.registry(env) : { ...ENVIRONMENTS, dev: env });
  } catch (e) {
    return failureReport(e);
  }
  throw new Error(`accepted, but expected a rejection: ${c.name}`);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("hostile-input corpus: rejections", () => {
  test.each(REJECT_CASES.map((c) => [`${c.category}: ${c.name}`, c] as const))("%s", (_name, c) => {
    const report = reportOf(c);
    for (const x of c.reject) {
      // `  - <file>: <path>[ = <value>]: <message>` then `      fix: <fix>`.
      const line = new RegExp(
        `^ {2}- ${escape(x.file ?? DEV_FILE)}: ${escape(x.path)}((?: = |: ).*)\\n {6}fix: (.+)$`,
        "gm",
      );
      const ok = [...report.matchAll(line)].some((m) => x.message.test(`${m[1]}\n      fix: ${m[2]}`));
      // On a mismatch the whole report is shown.
      expect({ path: x.path, ok, report: ok ? "" : report }).toEqual({ path: x.path, ok: true, report: "" });
    }
    expect(report).not.toMatch(/^\s+at /m);
    if (c.secret) expect(report).not.toContain(c.secret);
  });
});

describe("hostile-input corpus: acceptances (one synth of dev with every accepted change)", () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-accept-"));
  const json: Record<string, any> = {};
  let failure = "";
  beforeAll(() => {
    const env = devCopy();
    for (const c of ACCEPT_CASES) c.mutate(env);
    const code = synthesizeApp(
      (app) => {
        for (const cfg of loadEnvironments(["dev"], { ...ENVIRONMENTS, dev: env }))
          buildEnvironment(app, cfg);
      },
      { outdir, report: (text) => (failure += text) },
    );
    if (code !== 0) return;
    for (const id of fs.readdirSync(path.join(outdir, "stacks")))
      json[id] = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", id, "cdk.tf.json"), "utf8"));
  });

  test("the changed environment validates and synthesizes", () => {
    expect(failure).toBe("");
    expect(Object.keys(json).sort()).toEqual([
      "dev-analytics",
      "dev-bigquery",
      "dev-identity",
      "dev-ingest",
      "dev-ml",
      "dev-network",
    ]);
  });

  test.each(ACCEPT_CASES.map((c) => [`${c.category}: ${c.name}`, c] as const))("%s", (_name, c) => {
    c.check(json);
    // Whatever was accepted, nothing in the JSON is a live template sequence from config.
    expect(JSON.stringify(json)).not.toMatch(/(^|[^$])\$\{file\(|(^|[^%])%\{ for/);
  });
});

describe("hostile-input corpus: whole synths that fail write nothing and remove the earlier output", () => {
  function listFiles(dir: string): string[] {
    return fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
      .sort();
  }

  test.each(SYNTH_FAILURE_CASES.map((c) => [`${c.category}: ${c.name}`, c] as const))("%s", (_name, c) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-synth-"));
    // What an earlier successful run (and a later terraform init) left.
    fs.mkdirSync(path.join(outdir, "stacks", "dev-network"), { recursive: true });
    fs.writeFileSync(path.join(outdir, "manifest.json"), "{}");
    fs.writeFileSync(path.join(outdir, "stacks", "dev-network", "cdk.tf.json"), "{}");
    fs.writeFileSync(path.join(outdir, "stacks", "dev-network", ".terraform.lock.hcl"), "# lock\n");
    const env = devCopy();
    c.mutate(env);
    const registry = c.registry ? c.registry(env) : { ...ENVIRONMENTS, dev: env };
    let report = "";
    const code = synthesizeApp(
      (app) => {
        for (const cfg of loadEnvironments(selectEnvironments(c.selection ?? "dev", registry), registry))
          buildEnvironment(app, cfg);
      },
      { outdir, report: (text) => (report += text) },
    );
    expect(code).toBe(1);
    for (const re of c.report)
      expect({ re: re.source, report }).toEqual({ re: re.source, report: expect.stringMatching(re) });
    expect(report).toMatch(/\n\nsynth failed: nothing was written to /);
    expect(report).not.toMatch(/^\s+at |skipValidation/m);
    expect(listFiles(outdir)).toEqual([path.join("stacks", "dev-network", ".terraform.lock.hcl")]);
  });
});

test("the corpus has at least 150 cases, by category and outcome", () => {
  const counts = new Map<Category, { rejected: number; accepted: number }>();
  for (const c of REJECT_CASES) {
    const n = counts.get(c.category) ?? { rejected: 0, accepted: 0 };
    counts.set(c.category, { ...n, rejected: n.rejected + 1 });
  }
  for (const c of SYNTH_FAILURE_CASES) {
    const n = counts.get(c.category) ?? { rejected: 0, accepted: 0 };
    counts.set(c.category, { ...n, rejected: n.rejected + 1 });
  }
  for (const c of ACCEPT_CASES) {
    const n = counts.get(c.category) ?? { rejected: 0, accepted: 0 };
    counts.set(c.category, { ...n, accepted: n.accepted + 1 });
  }
  const total = REJECT_CASES.length + SYNTH_FAILURE_CASES.length + ACCEPT_CASES.length;
  if (process.env.CORPUS_COUNTS === "1")
    process.stdout.write(
      `${[...counts].map(([k, v]) => `${k}: ${v.rejected} rejected, ${v.accepted} accepted`).join("\n")}\ntotal: ${total}\n`,
    );
  expect(total).toBeGreaterThanOrEqual(150);
  expect(new Set(REJECT_CASES.map((c) => `${c.category}: ${c.name}`)).size).toBe(REJECT_CASES.length);
});
