import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findSecret } from "@multicloud-platform/modules/core";
import { loadEnvironments } from "../../config";
import { GOLDEN_DIR, goldenSummary, readStacks } from "../../scripts/golden";
import { STACK_TAG_SLOTS } from "../../config/checks/tags";
import { STATEFUL_RESOURCE_TYPES } from "../../stacks/stateful";
import { appCommand } from "../helpers/app-command";
import { REGISTERED } from "../helpers/environments";
import { resourcesOf, synthToDir } from "../helpers/synth";

const ROOT = path.join(__dirname, "../..");
const ALL = REGISTERED;

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

// All sample environments synthesized in-process, twice (to compare); every describe below reads `a`.
const a = fs.mkdtempSync(path.join(os.tmpdir(), "synth-a-"));
const b = fs.mkdtempSync(path.join(os.tmpdir(), "synth-b-"));
beforeAll(() => {
  synthToDir(ALL, a);
  synthToDir(ALL, b);
});

describe("synthesized output", () => {
  test("holds every stack of every registered environment", () => {
    const stacks = fs.readdirSync(path.join(a, "stacks"));
    for (const env of ALL) expect(stacks).toContain(`${env}-network`);
  });

  test("is byte-identical run to run", () => {
    const files = listFiles(a);
    expect(listFiles(b)).toEqual(files);
    for (const f of files)
      expect(fs.readFileSync(path.join(b, f)).equals(fs.readFileSync(path.join(a, f)))).toBe(true);
  });

  test("contains no absolute machine paths", () => {
    const needles = [ROOT, os.tmpdir(), os.homedir(), a].filter((n) => n.length > 1);
    for (const f of listFiles(a)) {
      const text = fs.readFileSync(path.join(a, f), "utf8");
      for (const n of needles)
        expect({ file: f, leaks: text.includes(n) }).toEqual({ file: f, leaks: false });
    }
  });

  test("a normal synth never emits the offline-plan provider mode", () => {
    for (const f of listFiles(a).filter((x) => x.endsWith(".tf.json"))) {
      const text = fs.readFileSync(path.join(a, f), "utf8");
      expect(text).not.toContain("skip_credentials_validation");
      expect(text).not.toContain("offline-plan");
    }
  });
});

/** Walks a JSON value, calling `visit` with the dotted path of every string leaf and the key it sits under. */
function walkStrings(
  value: unknown,
  visit: (path: string, key: string, s: string) => void,
  at = "",
  key = "",
): void {
  if (typeof value === "string") visit(at, key, value);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, visit, `${at}[${i}]`, key));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) walkStrings(v, visit, at ? `${at}.${k}` : k, k);
}

/** Keys whose value is a credential: only a Terraform expression (variable, reference) may stand there. */
const SECRET_KEYS =
  /(^|_)(password|passwd|client_secret|refresh_token|access_token|secret_string|secret_access_key|private_key)$/i;

describe("reliability properties of every sample environment", () => {
  const envs = loadEnvironments(ALL);
  /** The environment of a stack id `<env>-<component>` (the longest matching name: "dev" and "dev-eu" may both exist). */
  const envOf = (id: string) =>
    envs.filter((e) => id.startsWith(`${e.name}-`)).sort((x, y) => y.name.length - x.name.length)[0];
  let stacks: Record<string, any> = {};
  beforeAll(() => {
    stacks = readStacks(a);
  });

  test("no secret-looking value anywhere in the synthesized JSON", () => {
    const leaks: string[] = [];
    for (const [id, json] of Object.entries(stacks)) {
      walkStrings(json, (at, key, s) => {
        const what = findSecret(s);
        if (what) leaks.push(`${id}: ${at}: ${what}`);
        if (SECRET_KEYS.test(key) && !/^\$\{.+\}$/s.test(s))
          leaks.push(`${id}: ${at}: literal value for a credential key`);
      });
      for (const [name, v] of Object.entries<any>(json.variable ?? {})) {
        if (/secret|token|password/i.test(name) && v.sensitive !== true)
          leaks.push(`${id}: variable.${name} is not sensitive`);
      }
    }
    expect(leaks).toEqual([]);
  });

  test("every AWS provider pins allowed_account_ids to the account whose role it assumes", () => {
    for (const [id, json] of Object.entries(stacks)) {
      const env = envOf(id);
      const ids = Object.values(env.accounts).map((a) => a.id);
      for (const p of json.provider?.aws ?? []) {
        expect({ stack: id, alias: p.alias, pinned: p.allowed_account_ids?.length }).toEqual({
          stack: id,
          alias: p.alias,
          pinned: 1,
        });
        const [accountId] = p.allowed_account_ids;
        expect(ids).toContain(accountId);
        expect(p.assume_role[0].role_arn).toMatch(new RegExp(`^arn:aws:iam::${accountId}:role/`));
      }
    }
  });

  test("no argument holds undefined, null or NaN as text (a name that resolved to nothing)", () => {
    const bad: string[] = [];
    for (const [id, json] of Object.entries(stacks))
      walkStrings(json, (at, _key, s) => {
        if (/(^|[^A-Za-z])(undefined|null|NaN)([^A-Za-z]|$)/.test(s)) bad.push(`${id}: ${at} = ${s}`);
      });
    expect(bad).toEqual([]);
  });

  test("every AWS provider pins one 12-digit account and assumes a role in exactly that account", () => {
    for (const [id, json] of Object.entries(stacks))
      for (const p of json.provider?.aws ?? []) {
        const pinned: string[] = p.allowed_account_ids ?? [];
        expect({ stack: id, alias: p.alias, pinned }).toEqual({
          stack: id,
          alias: p.alias,
          pinned: [expect.stringMatching(/^\d{12}$/)],
        });
        expect(p.assume_role[0].role_arn).toMatch(
          new RegExp(`^arn:aws:iam::${pinned[0]}:role/[\\w+=,.@-]+$`),
        );
      }
  });

  test(`no resource gets more than the ${STACK_TAG_SLOTS} tags the tag checks keep free for modules, or more than 50`, () => {
    const over: string[] = [];
    let checked = 0;
    for (const [id, json] of Object.entries(stacks)) {
      const env = envs.find((e) => id.startsWith(`${e.name}-`))!;
      const configured = new Set<string>([
        ...Object.keys(env.tags),
        ...Object.keys(env.analytics?.tags ?? {}),
      ]);
      const defaults = new Map<string, string[]>(
        (json.provider?.aws ?? []).map((p: any) => [
          `aws.${p.alias}`,
          Object.keys(p.default_tags?.[0]?.tags ?? {}),
        ]),
      );
      for (const [type, name, cfg] of resourcesOf(json)) {
        if (!cfg.tags || typeof cfg.tags !== "object") continue;
        checked++;
        const fromDefaults = defaults.get(cfg.provider) ?? [];
        const all = new Set([...fromDefaults, ...Object.keys(cfg.tags)]);
        const added = [...Object.keys(cfg.tags)].filter(
          (k) => !configured.has(k) && !fromDefaults.includes(k),
        );
        if (added.length > STACK_TAG_SLOTS || all.size > 50)
          over.push(`${id} ${type}.${name}: ${[...all].join(",")}`);
      }
    }
    expect(over).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  test("outside dev, every stateful resource is protected from destroy; in dev none needs to be", () => {
    // By stage, not by name: an environment added with `npm run new-env` may have any name.
    const devStage = (id: string) => envOf(id).stage === "dev";
    const unprotected: string[] = [];
    for (const [id, json] of Object.entries(stacks)) {
      if (devStage(id)) continue;
      for (const [type, name, cfg] of resourcesOf(json)) {
        if (!STATEFUL_RESOURCE_TYPES.includes(type)) continue;
        if (cfg.lifecycle?.prevent_destroy !== true) unprotected.push(`${id} ${type}.${name}`);
        if (type === "google_bigquery_table" && cfg.deletion_protection === false)
          unprotected.push(`${id} ${type}.${name} deletion_protection`);
      }
    }
    expect(unprotected).toEqual([]);
    const protectedStateful = Object.entries(stacks)
      .filter(([id]) => !devStage(id))
      .flatMap(([, json]) => resourcesOf(json))
      .filter(([type]) => STATEFUL_RESOURCE_TYPES.includes(type));
    expect(protectedStateful.length).toBeGreaterThan(0);
  });

  test.each(ALL)(
    "%s matches its golden summary (addresses + replace-forcing attributes; `npm run golden` after an intended change)",
    (name) => {
      const mine = Object.fromEntries(Object.entries(stacks).filter(([id]) => id.startsWith(`${name}-`)));
      const golden = fs.readFileSync(path.join(GOLDEN_DIR, `${name}.txt`), "utf8");
      expect(goldenSummary(mine)).toBe(golden);
    },
  );

  test("`npm run synth` and the same app run from another working directory write byte-identical output", () => {
    const here = fs.mkdtempSync(path.join(os.tmpdir(), "synth-cwd-a-"));
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "synth-cwd-b-"));
    const run = (cwd: string, outdir: string) => {
      // The app command of cdktf.json / `npm run synth`, with paths made absolute (the cwd is foreign).
      const [cmd, ...args] = appCommand();
      return spawnSync(cmd, args, {
        cwd,
        env: { ...process.env, CDKTF_OUTDIR: outdir, ENVIRONMENTS: "" },
        encoding: "utf8",
      });
    };
    // From the project root exactly as the README says (`npm run synth`); from elsewhere with the same app command.
    const a = spawnSync("npm", ["run", "synth"], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: here, ENVIRONMENTS: "" },
      encoding: "utf8",
    });
    const b = run(os.tmpdir(), elsewhere);
    // stderr may carry suppressed policy findings (printed at every synth by design), never an error.
    expect({ status: a.status, stderr: a.stderr.includes("Error") }).toEqual({ status: 0, stderr: false });
    expect({ status: b.status, stderr: b.stderr.includes("Error") }).toEqual({ status: 0, stderr: false });
    const files = listFiles(here);
    expect(listFiles(elsewhere)).toEqual(files);
    for (const f of files)
      expect(fs.readFileSync(path.join(elsewhere, f)).equals(fs.readFileSync(path.join(here, f)))).toBe(true);
  });
});

describe("a failed synth writes nothing and leaves nothing that looks current", () => {
  /** Runs the broken fixture app into `outdir` (which may hold an earlier run's output). */
  function runBroken(outdir: string, broken?: "policy") {
    const [cmd, ...args] = appCommand("__tests__/fixtures/broken-app.ts");
    return spawnSync(cmd, args, {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir, PROGRESS: "0", BROKEN: broken ?? "" },
      encoding: "utf8",
    });
  }

  test("bad config: every problem in one report, exit code 1, no stack trace, no stack written", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-bad-"));
    const r = runBroken(outdir);
    expect(r.status).toBe(1);
    const out = r.stderr;
    expect(out).toMatch(/^\d+ problems in config\/environments\/dev\.ts:\n/);
    expect(out).toContain("network.vpcs.datastore.cidr");
    expect(out).toContain("overlaps 10.24.0.0/16 of VPC ingest");
    expect(out).toContain('network.peerings.ml-warehouse.accepter = "warehose": is not a known VPC');
    expect(out).toContain('accounts.ml.id = "10000000003": is not a 12-digit AWS account id');
    expect(out).toContain(
      'network.vpcs.analytics.azs[1] = "us-west-2b": is not an availability zone of us-east-1',
    );
    expect(out).toMatch(/synth failed: nothing was written to .*\n$/);
    // A report, not a crash: no Node source excerpt, stack frames or object dump.
    expect(out).not.toMatch(/^\s+at /m);
    expect(out).not.toMatch(/throw new|ConfigError\s*\{|problems: \[/);
    expect(listFiles(outdir)).toEqual([]);
  });

  test("a stack failing the policy pack: no stack of the run is written, earlier output is removed", () => {
    // An earlier successful run of the same environment.
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-policy-"));
    synthToDir(["dev"], outdir);
    expect(listFiles(outdir)).toContain(path.join("stacks", "dev-network", "cdk.tf.json"));
    // Terraform's working files in a stack directory are not synth output and stay.
    fs.mkdirSync(path.join(outdir, "stacks", "dev-network", ".terraform"));
    fs.writeFileSync(path.join(outdir, "stacks", "dev-network", ".terraform.lock.hcl"), "# lock\n");

    const r = runBroken(outdir, "policy");
    expect(r.status).toBe(1);
    // Earlier stacks print their accepted warnings (with reasons) before the report.
    expect(r.stderr).toMatch(/^1 policy finding fails synth in stack dev-ingest:\n {2}- PP-GLUE-002 error /m);
    expect(r.stderr).toContain("add to policy.suppressions in config/environments/dev.ts:");
    expect(r.stderr).toContain('{ stack: "ingest", ruleId: "PP-GLUE-002", address: "dev-ingest/');
    expect(r.stderr).not.toMatch(/skipValidation/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    // dev-network and the next stacks were synthesized before dev-ingest failed; neither they nor the earlier
    // run's files remain.
    expect(listFiles(outdir)).toEqual([path.join("stacks", "dev-network", ".terraform.lock.hcl")]);
  });
});
