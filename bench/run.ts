/**
 * `npm run bench`: synth and test performance, side by side, with budgets. See bench/README.md.
 *
 *   (a) the project's app command (cdktf.json "app", e.g. node --import tsx main.ts) on all sample environments
 *   (b) the same app run as a stock `cdktf init --template typescript` project runs it (ts-node, type-checking)
 *   (c) the floor: bare Node loading only the cdktf/provider modules the app requires (derived from its sources)
 *   (d) scaling: 1, 4 and 16 environments generated from the dev sample, marginal cost, linearity
 *   (e) `npm test` by tier (skipped with --quick or --skip-tests)
 *
 * Flags: --quick (3 runs, no (e)), --runs=N, --skip-tests, --json=PATH, --app="<command>" (run another app
 * command for (a) and (d), e.g. to try a runner before changing cdktf.json). Exit 1 when a budget is violated
 * or cannot be checked.
 */
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { floorProgram, FLOOR_PACKAGES, runtimeImports } from "./imports";
import { findProviderMirror } from "../scripts/provider-mirror";
import { run, Sample, summarize, Summary, tail } from "./measure";

const ROOT = path.resolve(__dirname, "..");
const SCALE_SIZES = [1, 4, 16] as const;
const TS_NODE_VERSION = "10.9.2";

const BUDGETS = {
  synthMedianS: 4,
  synthPeakRssMb: 400,
  speedupOverStock: 5,
  marginalS: 0.3,
  /** Linearity: the per-environment slope from 4 to 16 may exceed the slope from 1 to 4 by at most this factor (+ slack). */
  superlinearFactor: 1.5,
  superlinearSlackS: 0.05,
  npmTestS: 240,
};

// ---------------------------------------------------------------------------------------------- options

interface Options {
  quick: boolean;
  runs: number;
  skipTests: boolean;
  json?: string;
  app?: string;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { quick: false, runs: 5, skipTests: false };
  let runsGiven = false;
  for (const a of argv) {
    if (a === "--quick") o.quick = true;
    else if (a === "--skip-tests") o.skipTests = true;
    else if (a.startsWith("--runs=")) {
      o.runs = Number(a.slice("--runs=".length));
      runsGiven = true;
      if (!Number.isInteger(o.runs) || o.runs < 1)
        throw new Error(`--runs needs a positive integer, got ${a}`);
    } else if (a.startsWith("--json=")) o.json = path.resolve(a.slice("--json=".length));
    else if (a.startsWith("--app=")) o.app = a.slice("--app=".length);
    else if (a === "--help" || a === "-h") {
      console.log(fs.readFileSync(__filename, "utf8").split("*/")[0]);
      process.exit(0);
    } else throw new Error(`unknown flag ${a} (try --help)`);
  }
  if (o.quick) {
    o.skipTests = true;
    if (!runsGiven) o.runs = 3;
  }
  return o;
}

// ---------------------------------------------------------------------------------------------- cases

interface Case {
  readonly key: string;
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Synth cases write stacks; the floor does not. */
  readonly synth: boolean;
}

/** ts-node from the project, or from BENCH_TS_NODE (a ts-node package directory) when the project lacks it. */
function resolveTsNode(): { bin: string; version: string; from: string } | { missing: string } {
  const candidates: Array<[string, string]> = [];
  try {
    candidates.push([require.resolve("ts-node/package.json", { paths: [ROOT] }), "project node_modules"]);
  } catch {
    // not a dependency (yet)
  }
  if (process.env.BENCH_TS_NODE) {
    candidates.push([path.join(path.resolve(process.env.BENCH_TS_NODE), "package.json"), "BENCH_TS_NODE"]);
  }
  for (const [pkg, from] of candidates) {
    if (!fs.existsSync(pkg)) continue;
    const version = (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
    return { bin: path.join(path.dirname(pkg), "dist", "bin.js"), version, from };
  }
  return {
    missing:
      `ts-node is not installed: add it with \`npm install --save-dev ts-node@${TS_NODE_VERSION}\` ` +
      "(the version `cdktf init --template typescript` uses), or set BENCH_TS_NODE to a ts-node package directory",
  };
}

function listStacks(outdir: string): string[] {
  const dir = path.join(outdir, "stacks");
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** Hash of every stack's cdk.tf.json, to check that two runners synthesize the same thing. */
function outputHash(outdir: string): string {
  const h = crypto.createHash("sha256");
  for (const id of listStacks(outdir)) {
    h.update(id);
    h.update(fs.readFileSync(path.join(outdir, "stacks", id, "cdk.tf.json")));
  }
  return h.digest("hex").slice(0, 16);
}

/** A status line that overwrites itself on a terminal (nothing in logs). */
function progress(text: string): void {
  if (process.stdout.isTTY) process.stdout.write(`\r${text.padEnd(60)}\r`);
}

/** The app command cdktf runs (cdktf.json "app"), split into argv (no shell features). */
function appCommand(override?: string): string[] {
  const app =
    override ?? (JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;
  const argv = app.trim().split(/\s+/);
  if (!argv[0]) throw new Error("cdktf.json has no app command");
  return argv;
}

interface CaseResult {
  readonly key: string;
  readonly label: string;
  readonly command: string;
  summary?: Summary;
  stacks?: string[];
  outputHash?: string;
  error?: string;
  note?: string;
}

/** Runs every case `runs` times, interleaved (a b c, b c a, ...) so a busy machine weighs on all of them alike. */
async function measureCases(
  cases: readonly Case[],
  runs: number,
  work: string,
): Promise<Map<string, CaseResult>> {
  const results = new Map<string, CaseResult>();
  const samples = new Map<string, Sample[]>();
  for (const c of cases) {
    results.set(c.key, { key: c.key, label: c.label, command: [c.command, ...c.args].join(" ") });
    samples.set(c.key, []);
  }
  const once = async (c: Case, tag: string): Promise<void> => {
    const r = results.get(c.key)!;
    if (r.error) return;
    const outdir = path.join(work, `${c.key}-${tag}`);
    const s = await run(c.command, c.args, {
      cwd: ROOT,
      env: { ...c.env, CDKTF_OUTDIR: outdir, ENVIRONMENTS: undefined },
    });
    if (s.code !== 0) {
      r.error = `exit ${s.code}: ${s.tail}`;
    } else if (c.synth) {
      const stacks = listStacks(outdir);
      if (stacks.length === 0) r.error = `wrote no stacks to ${outdir}`;
      r.stacks ??= stacks;
      r.outputHash ??= outputHash(outdir);
    }
    if (tag !== "warmup" && !r.error) samples.get(c.key)!.push(s);
    fs.rmSync(outdir, { recursive: true, force: true });
  };
  // One unmeasured run each: fills the tsx transform cache and the OS file cache, as on any machine that synths twice.
  for (const c of cases) await once(c, "warmup");
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < cases.length; j++) {
      const c = cases[(i + j) % cases.length];
      progress(`  run ${i + 1}/${runs} ${c.key}`);
      await once(c, String(i));
    }
  }
  progress("");
  for (const c of cases) {
    const r = results.get(c.key)!;
    const xs = samples.get(c.key)!;
    if (!r.error && xs.length) r.summary = summarize(xs);
  }
  return results;
}

// ---------------------------------------------------------------------------------------------- npm test tiers

interface TierResult {
  readonly tier: string;
  readonly wallS: number;
  readonly peakRssMb: number;
  readonly code: number;
  readonly tests?: string;
  readonly tail?: string;
}

/** The tiers `npm test` runs, read from package.json so the split follows the script. */
function testTiers(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const tiers = [...pkg.scripts.test.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
  if (tiers.length === 0) throw new Error(`cannot split "npm test" (${pkg.scripts.test}) into npm run tiers`);
  return tiers;
}

async function measureTests(): Promise<TierResult[]> {
  const out: TierResult[] = [];
  for (const tier of testTiers()) {
    progress(`  npm run ${tier}…`);
    const s = await run("npm", ["run", "--silent", tier], { cwd: ROOT });
    const tests = /jest: (\d+ passed, \d+ failed(?:, \d+ skipped)?)/.exec(s.output)?.[1];
    out.push({
      tier,
      wallS: Number(s.wallS.toFixed(2)),
      peakRssMb: Number(s.peakRssMb.toFixed(1)),
      code: s.code,
      tests,
      tail: s.code === 0 ? undefined : s.tail,
    });
  }
  progress("");
  return out;
}

// ---------------------------------------------------------------------------------------------- budgets

type Status = "PASS" | "FAIL" | "UNCHECKED" | "SKIPPED";
interface BudgetResult {
  readonly name: string;
  readonly limit: string;
  readonly actual: string;
  readonly status: Status;
  readonly message?: string;
}

function check(
  name: string,
  limit: string,
  actual: number | undefined,
  ok: (x: number) => boolean,
  fmt: (x: number) => string,
  why?: string,
): BudgetResult {
  if (actual === undefined || Number.isNaN(actual)) {
    return { name, limit, actual: "-", status: "UNCHECKED", message: why ?? "not measured" };
  }
  const pass = ok(actual);
  return {
    name,
    limit,
    actual: fmt(actual),
    status: pass ? "PASS" : "FAIL",
    message: pass ? undefined : `${name}: ${fmt(actual)} violates the budget ${limit}`,
  };
}

// ---------------------------------------------------------------------------------------------- output

const s2 = (x: number | undefined): string => (x === undefined ? "-" : `${x.toFixed(2)} s`);
const mb = (x: number | undefined): string => (x === undefined ? "-" : `${Math.round(x)} MB`);

function table(rows: ReadonlyArray<readonly string[]>): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows
    .map((r, n) => {
      const line = r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
      return n === 0 ? `${line}\n${widths.map((w) => "-".repeat(w)).join("  ")}` : line;
    })
    .join("\n");
}

function caseRow(label: string, r: CaseResult | undefined): string[] {
  const s = r?.summary;
  if (!s) return [label, "-", "-", "-", "-", "-", r?.error ? "FAILED" : (r?.note ?? "not run")];
  return [
    label,
    String(s.runs),
    s2(s.medianS),
    `${s.minS.toFixed(2)}–${s.maxS.toFixed(2)}`,
    s2(s.cpuMedianS),
    mb(s.rssMaxMb),
    "",
  ];
}

// ---------------------------------------------------------------------------------------------- main

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-bench-"));
  const startedAt = new Date();
  const loadStart = os.loadavg();
  const cpus = os.cpus().length;
  console.log(
    `cdktf bench: ${opts.runs} runs per row${opts.skipTests ? ", npm test skipped" : ""}; ${cpus} cores, load ${loadStart
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );

  // (c)'s module list, derived from the app's own sources.
  const app = appCommand(opts.app);
  const entry = [...app].reverse().find((x) => x.endsWith(".ts")) ?? "main.ts";
  const conditions = app.filter((x) => x.startsWith("--conditions=")).map((x) => x.split("=")[1]);
  const graph = runtimeImports(path.join(ROOT, entry), conditions);
  const floorSpecs = graph.packages.filter((p) => FLOOR_PACKAGES.test(p));
  const tsNode = resolveTsNode();

  const cases: Case[] = [
    {
      key: "a",
      label: `(a) synth all samples: ${app.join(" ")}`,
      command: app[0],
      args: app.slice(1),
      synth: true,
    },
  ];
  if ("bin" in tsNode) {
    cases.push({
      key: "b",
      label: `(b) stock cdktf app: ts-node ${tsNode.version} main.ts (type-checks)`,
      command: "node",
      // The app's own node flags but the runner (the export condition that resolves the modules package).
      args: [...app.filter((x) => x.startsWith("--conditions=")), tsNode.bin, entry],
      synth: true,
    });
  }
  cases.push({
    key: "c",
    label: `(c) floor: bare node loading ${floorSpecs.length} cdktf/provider modules`,
    command: "node",
    args: ["-e", floorProgram(ROOT, floorSpecs)],
    synth: false,
  });

  console.log("measuring (a) (b) (c)…");
  const primary = await measureCases(cases, opts.runs, work);
  if (!("bin" in tsNode)) {
    primary.set("b", {
      key: "b",
      label: "(b) stock cdktf app: npx ts-node main.ts (type-checks)",
      command: "npx ts-node main.ts",
      note: "ts-node missing",
    });
  }
  const a = primary.get("a")!;
  const b = primary.get("b")!;
  const c = primary.get("c")!;
  if (a.outputHash && b.outputHash && a.outputHash !== b.outputHash) {
    b.note = "output differs from (a)";
  }

  console.log("measuring (d) scaling…");
  const scaleCases: Case[] = SCALE_SIZES.map((n) => ({
    key: `d${n}`,
    label: `(d) synth ${n} generated environment${n === 1 ? "" : "s"}`,
    // The app command with its entry replaced, so (d) runs the way (a) does.
    command: app[0],
    args: app.slice(1).map((x) => (x === entry ? "bench/scale-app.ts" : x)),
    env: { BENCH_ENVS: String(n) },
    synth: true,
  }));
  const scale = await measureCases(scaleCases, opts.runs, work);
  const t = (n: number): number | undefined => scale.get(`d${n}`)?.summary?.medianS;
  const cpu = (n: number): number | undefined => scale.get(`d${n}`)?.summary?.cpuMedianS;
  const [t1, t4, t16] = SCALE_SIZES.map(t);
  const slope = (x?: number, y?: number, dn = 1): number | undefined =>
    x === undefined || y === undefined ? undefined : (y - x) / dn;
  const marginal = slope(t1, t16, 15);
  const slope14 = slope(t1, t4, 3);
  const slope416 = slope(t4, t16, 12);
  const marginalCpu = slope(cpu(1), cpu(16), 15);
  const stacksPerEnv = scale.get("d1")?.stacks?.length;

  let tiers: TierResult[] | undefined;
  if (!opts.skipTests) {
    if (!findProviderMirror()) {
      console.log(
        "note: TF_PROVIDER_MIRROR is not set and no provider mirror was found; the terraform tier will fail (see README: Prerequisites)",
      );
    }
    console.log("measuring (e) npm test by tier…");
    tiers = await measureTests();
  }
  const testTotal = tiers?.reduce((s, x) => s + x.wallS, 0);
  const loadEnd = os.loadavg();

  // ---------------------------------------------------------------- budgets
  const speedup = a.summary && b.summary ? b.summary.medianS / a.summary.medianS : undefined;
  const overFloor = a.summary && c.summary ? a.summary.medianS / c.summary.medianS : undefined;
  const budgets: BudgetResult[] = [
    check(
      "all sample environments synth, median",
      `≤ ${BUDGETS.synthMedianS} s`,
      a.summary?.medianS,
      (x) => x <= BUDGETS.synthMedianS,
      s2,
      a.error,
    ),
    check(
      "all sample environments synth, peak RSS",
      `≤ ${BUDGETS.synthPeakRssMb} MB`,
      a.summary?.rssMaxMb,
      (x) => x <= BUDGETS.synthPeakRssMb,
      mb,
      a.error,
    ),
    check(
      "speed-up over the stock ts-node app (b/a)",
      `≥ ${BUDGETS.speedupOverStock}x`,
      speedup,
      (x) => x >= BUDGETS.speedupOverStock,
      (x) => `${x.toFixed(1)}x`,
      "missing" in tsNode ? tsNode.missing : (b.error ?? a.error),
    ),
    check(
      "marginal cost per additional environment",
      `≤ ${BUDGETS.marginalS} s`,
      marginal,
      (x) => x <= BUDGETS.marginalS,
      s2,
      scale.get("d1")?.error ?? scale.get("d16")?.error,
    ),
    check(
      "linear from 1 to 16 environments (slope 4→16 vs 1→4)",
      `≤ ${BUDGETS.superlinearFactor}x + ${BUDGETS.superlinearSlackS} s`,
      slope416 !== undefined && slope14 !== undefined
        ? slope416 - BUDGETS.superlinearFactor * Math.max(slope14, 0)
        : undefined,
      (x) => x <= BUDGETS.superlinearSlackS,
      () => `${s2(slope416)}/env vs ${s2(slope14)}/env`,
      scale.get("d4")?.error ?? scale.get("d1")?.error ?? scale.get("d16")?.error,
    ),
  ];
  if (opts.skipTests) {
    budgets.push({
      name: "npm test, all tiers",
      limit: `≤ ${BUDGETS.npmTestS} s`,
      actual: "-",
      status: "SKIPPED",
      message: "skipped (--quick / --skip-tests)",
    });
  } else {
    const failed = tiers!.filter((x) => x.code !== 0);
    const r = check(
      "npm test, all tiers",
      `≤ ${BUDGETS.npmTestS} s`,
      testTotal,
      (x) => x <= BUDGETS.npmTestS,
      (x) => `${x.toFixed(1)} s`,
    );
    budgets.push(
      failed.length
        ? {
            ...r,
            status: "FAIL",
            message: `npm test failed in ${failed.map((f) => f.tier).join(", ")} (its time is not representative)`,
          }
        : r,
    );
  }

  // ---------------------------------------------------------------- table
  const rows: string[][] = [["row", "runs", "median", "min–max", "CPU", "peak RSS", "note"]];
  rows.push(caseRow(a.label, a), caseRow(b.label, b), caseRow(c.label, c));
  for (const n of SCALE_SIZES) rows.push(caseRow(scale.get(`d${n}`)!.label, scale.get(`d${n}`)));
  console.log();
  console.log(table(rows));
  console.log();
  console.log(
    `ratios: a/b = ${speedup ? (1 / speedup).toFixed(3) : "-"} (a is ${speedup ? speedup.toFixed(1) : "-"}x faster than b), ` +
      `a/c = ${overFloor ? overFloor.toFixed(2) : "-"} (a costs ${overFloor ? overFloor.toFixed(1) : "-"}x the floor)`,
  );
  console.log(
    `scaling: ${stacksPerEnv ?? "-"} stacks per environment; marginal ${s2(marginal)}/env wall, ${s2(marginalCpu)}/env CPU; ` +
      `slope 1→4 ${s2(slope14)}/env, 4→16 ${s2(slope416)}/env`,
  );
  if (tiers) {
    console.log();
    console.log(
      table([
        ["npm test tier", "wall", "peak RSS", "tests", "status"],
        ...tiers.map((x) => [
          x.tier,
          `${x.wallS.toFixed(1)} s`,
          mb(x.peakRssMb),
          x.tests ?? "",
          x.code === 0 ? "ok" : `exit ${x.code}`,
        ]),
        ["total", `${testTotal!.toFixed(1)} s`, "", "", ""],
      ]),
    );
  }
  console.log();
  console.log(
    table([
      ["budget", "limit", "actual", "status"],
      ...budgets.map((x) => [x.name, x.limit, x.actual, x.status]),
    ]),
  );
  for (const r of [a, b, c, ...scale.values()]) if (r.error) console.log(`\n${r.label} failed:\n${r.error}`);
  if (b.note === "ts-node missing" && "missing" in tsNode)
    console.log(`\n(b) not measured: ${tsNode.missing}`);
  if (b.note === "output differs from (a)")
    console.log("\nwarning: (b) synthesized different output from (a)");
  for (const x of tiers ?? [])
    if (x.code !== 0) console.log(`\nnpm run ${x.tier} failed (exit ${x.code}):\n${x.tail}`);
  const busy = Math.max(loadStart[0], loadEnd[0]) > cpus;
  if (busy) {
    console.log(
      `\nnote: the machine was busy (1-min load ${loadStart[0].toFixed(2)} → ${loadEnd[0].toFixed(2)} on ${cpus} cores): ` +
        "wall times are inflated; CPU times are less affected.",
    );
  }

  // ---------------------------------------------------------------- JSON
  const version = (pkg: string): string | undefined => {
    try {
      return (
        JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`, { paths: [ROOT] }), "utf8")) as {
          version: string;
        }
      ).version;
    } catch {
      return undefined;
    }
  };
  const git = (args: string[]): string | undefined => {
    try {
      return execFileSync("git", args, {
        cwd: ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
    } catch {
      return undefined;
    }
  };
  const result = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options: opts,
    machine: {
      cpus,
      cpuModel: os.cpus()[0]?.model,
      memoryMb: Math.round(os.totalmem() / 2 ** 20),
      loadavgStart: loadStart,
      loadavgEnd: loadEnd,
      busy,
      node: process.version,
    },
    git: { commit: git(["rev-parse", "HEAD"]), dirty: (git(["status", "--porcelain"]) ?? "") !== "" },
    versions: {
      cdktf: version("cdktf"),
      tsx: version("tsx"),
      typescript: version("typescript"),
      tsNode: "bin" in tsNode ? tsNode.version : undefined,
    },
    app: { projectFiles: graph.files.length, packages: graph.packages, floorModules: floorSpecs },
    rows: { a, b, c },
    ratios: { aOverB: speedup ? 1 / speedup : undefined, speedupOverStock: speedup, aOverC: overFloor },
    scaling: {
      sizes: SCALE_SIZES,
      stacksPerEnvironment: stacksPerEnv,
      rows: Object.fromEntries(SCALE_SIZES.map((n) => [n, scale.get(`d${n}`)])),
      marginalS: marginal,
      marginalCpuS: marginalCpu,
      slope1to4S: slope14,
      slope4to16S: slope416,
    },
    tests: tiers ? { tiers, totalS: testTotal } : undefined,
    budgets,
  };
  const file =
    opts.json ??
    path.join(ROOT, "bench", "results", `bench-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  if (!opts.json) fs.copyFileSync(file, path.join(path.dirname(file), "latest.json"));
  console.log(`\nresults: ${path.relative(process.cwd(), file)}`);
  fs.rmSync(work, { recursive: true, force: true });

  const bad = budgets.filter((x) => x.status === "FAIL" || x.status === "UNCHECKED");
  for (const x of bad)
    console.error(`budget ${x.status === "FAIL" ? "violated" : "not checked"}: ${x.message}`);
  return bad.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? tail(e.stack ?? e.message, 30) : e);
    process.exit(2);
  },
);
