/**
 * Package tier: @multicloud-platform/modules as another team gets it.
 * - `npm pack` of the workspace (its prepack builds dist/), and what the tarball holds;
 * - the public API reports (modules/api/*.api.md) match the compiled declarations;
 * - a scratch app outside the repository, shaped like `cdktf init --template typescript` (that template's
 *   tsconfig.json and `npx ts-node main.ts`), installs the tarball. cdktf, constructs, the AWS provider and the
 *   TypeScript toolchain are linked from this repository's node_modules (no registry download of a 360 MB
 *   provider); everything else the package needs must come from its own declared dependencies, so an
 *   undeclared one fails here. The app uses vpc, transit-gateway, roles-anywhere and the policy pack; it is
 *   synthesized, and `terraform validate` runs on every stack it writes;
 * - every `ts` block of the module READMEs type-checks against the installed package.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { apiReports, exportSubpaths } from "../../scripts/api-report";
import { prepareProviders, terraformEnv, validateStacks } from "../../scripts/terraform-cli";

const ROOT = path.join(__dirname, "..", "..");
const MODULES = path.join(ROOT, "modules");
const PKG = JSON.parse(fs.readFileSync(path.join(MODULES, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
};
const TEMPLATE = path.join(ROOT, "node_modules", "cdktf-cli", "bundle", "templates", "typescript");

const work = fs.mkdtempSync(path.join(os.tmpdir(), "modules-package-"));
const app = path.join(work, "consumer-app");
const timings: Record<string, number> = {};

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const result = { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) failed:\n${r.stderr}\n${r.stdout}`);
  return result;
}

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string }>;
}
let pack: PackResult;
let tarball: string;

beforeAll(() => {
  // prepack: clean + tsc build of dist/.
  const packed = run("npm", ["pack", "--json", "--pack-destination", work], MODULES);
  timings.pack = packed.ms;
  pack = (JSON.parse(packed.stdout) as PackResult[])[0];
  tarball = path.join(work, pack.filename);
}, 120_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("npm pack", () => {
  test("ships compiled JavaScript and declarations for every export subpath, and nothing of the app", () => {
    const files = pack.files.map((f) => f.path).sort();
    for (const sub of exportSubpaths()) {
      expect(files).toContain(`dist/${sub}/index.js`);
      expect(files).toContain(`dist/${sub}/index.d.ts`);
    }
    for (const f of files) {
      expect(f).toMatch(
        /^(dist\/.+\.(js|d\.ts)|[a-z-]+\/README\.md|README\.md|CHANGELOG\.md|package\.json)$/,
      );
    }
    expect(files).toContain("CHANGELOG.md");
    expect(files.filter((f) => f.endsWith("/README.md")).length).toBe(exportSubpaths().length);
  });

  test("declares ipaddr.js as its only runtime dependency", () => {
    expect(Object.keys(PKG.dependencies)).toEqual(["ipaddr.js"]);
  });
});

describe("public API", () => {
  test("the committed reports in modules/api match the compiled declarations (`npm run api:report`)", () => {
    const started = Date.now();
    const results = apiReports(false);
    timings.apiReport = Date.now() - started;
    expect(results.map((r) => r.subpath)).toEqual(exportSubpaths());
    expect(results.filter((r) => r.changed || r.messages.length)).toEqual([]);
  });
});

describe("a stock cdktf app that installs the tarball", () => {
  /** The app's own dependencies (the package's peers) and its TypeScript toolchain, linked from this repo. */
  const LINKED = ["cdktf", "constructs", "@cdktf/provider-aws", "@types/node", "ts-node", "typescript"];

  beforeAll(() => {
    fs.mkdirSync(app);
    // The template's own tsconfig.json and app command, as `cdktf init --template typescript` writes them.
    fs.copyFileSync(path.join(TEMPLATE, "tsconfig.json"), path.join(app, "tsconfig.json"));
    const cdktfJson = JSON.parse(
      fs.readFileSync(path.join(TEMPLATE, "cdktf.json"), "utf8").replace("{{futureFlags}}", ""),
    );
    fs.writeFileSync(
      path.join(app, "cdktf.json"),
      JSON.stringify({ ...cdktfJson, projectId: "consumer", sendCrashReports: "false" }, null, 2),
    );
    fs.copyFileSync(
      path.join(ROOT, "__tests__", "fixtures", "consumer-app", "main.ts"),
      path.join(app, "main.ts"),
    );
    fs.copyFileSync(path.join(ROOT, "__tests__", "fixtures", "certs", "ca.pem"), path.join(app, "ca.pem"));
    fs.writeFileSync(
      path.join(app, "package.json"),
      JSON.stringify({ name: "consumer-app", version: "1.0.0", private: true }, null, 2),
    );
    // --prefer-offline: the package's own dependencies come from the npm cache `npm ci` filled;
    // --legacy-peer-deps: its peers are not downloaded but linked below, as the app's own dependencies.
    timings.install = run(
      "npm",
      [
        "install",
        tarball,
        "--prefer-offline",
        "--legacy-peer-deps",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
      ],
      app,
    ).ms;
    for (const pkg of LINKED) {
      const target = path.join(app, "node_modules", ...pkg.split("/"));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.symlinkSync(fs.realpathSync(path.join(ROOT, "node_modules", pkg)), target, "dir");
    }
    fs.mkdirSync(path.join(app, "node_modules", ".bin"), { recursive: true });
    for (const [bin, file] of [
      ["ts-node", "ts-node/dist/bin.js"],
      ["tsc", "typescript/bin/tsc"],
    ])
      fs.symlinkSync(path.join(app, "node_modules", file), path.join(app, "node_modules", ".bin", bin));
  }, 180_000);

  test("installs only what the package declares (no zod, no Google provider)", () => {
    const installed = path.join(app, "node_modules", ...PKG.name.split("/"));
    expect(JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")).version).toBe(
      PKG.version,
    );
    expect(fs.existsSync(path.join(app, "node_modules", "ipaddr.js"))).toBe(true);
    expect(fs.existsSync(path.join(app, "node_modules", "zod"))).toBe(false);
    expect(fs.existsSync(path.join(app, "node_modules", "@cdktf", "provider-google"))).toBe(false);
    // Not under the repository: a module that required an undeclared package could not find it by accident.
    expect(path.relative(ROOT, app).startsWith("..")).toBe(true);
  });

  test("synthesizes with the template's app command (ts-node, type-checking) and passes terraform validate", async () => {
    const [cmd, ...args] = (
      JSON.parse(fs.readFileSync(path.join(app, "cdktf.json"), "utf8")) as { app: string }
    ).app.split(" ");
    const outdir = path.join(app, "cdktf.out");
    const synth = run(cmd, args, app, { CDKTF_OUTDIR: outdir });
    timings.synth = synth.ms;
    const stacks = fs.readdirSync(path.join(outdir, "stacks")).sort();
    expect(stacks).toEqual(["consumer-identity", "consumer-network"]);
    const network = JSON.parse(
      fs.readFileSync(path.join(outdir, "stacks", "consumer-network", "cdk.tf.json"), "utf8"),
    );
    expect(Object.keys(network.resource)).toEqual(
      expect.arrayContaining([
        "aws_vpc",
        "aws_ec2_transit_gateway",
        "aws_ec2_transit_gateway_vpc_attachment_accepter",
        "aws_ram_resource_share",
      ]),
    );

    const tf = terraformEnv(path.join(os.tmpdir(), "cdktf-terraform-tier"));
    await prepareProviders(tf);
    const started = Date.now();
    const dirs = stacks.map((id) => path.join(outdir, "stacks", id));
    const results = await validateStacks(tf, dirs);
    timings.validate = Date.now() - started;
    for (const dir of dirs)
      expect({ dir: path.basename(dir), ...results.get(dir) }).toMatchObject({ valid: true, details: "" });
  }, 180_000);

  test("installs the multicloud-policy command, which checks the app's synth output like synth did", () => {
    const bin = path.join(app, "node_modules", ".bin", "multicloud-policy");
    const started = Date.now();
    const r = spawnSync(bin, ["cdktf.out", "--json"], { cwd: app, encoding: "utf8" });
    timings.policyCli = Date.now() - started;
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { stacks: { id: string }[]; totals: { errors: number } };
    expect(report.stacks.map((x) => x.id)).toEqual(["consumer-identity", "consumer-network"]);
    expect(report.totals.errors).toBe(0);
    const usage = spawnSync(bin, ["--sarif", "--json", "cdktf.out"], { cwd: app, encoding: "utf8" });
    expect(usage.status).toBe(2);
  });

  test("every ts block of the module READMEs type-checks against the installed package", () => {
    const dir = path.join(app, "readme");
    fs.mkdirSync(dir);
    let blocks = 0;
    for (const sub of exportSubpaths()) {
      const readme = fs.readFileSync(path.join(MODULES, sub, "README.md"), "utf8");
      [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].forEach((m, i) => {
        // Each block is a module of its own (an import-only block would otherwise be a script).
        fs.writeFileSync(path.join(dir, `${sub}-${i + 1}.ts`), `${m[1]}\nexport {};\n`);
        blocks++;
      });
    }
    expect(blocks).toBeGreaterThanOrEqual(2 * exportSubpaths().length);
    fs.writeFileSync(
      path.join(app, "tsconfig.readme.json"),
      JSON.stringify({
        extends: "./tsconfig.json",
        // Snippets show usage; unused locals in them are not an error.
        compilerOptions: { noEmit: true, incremental: false, noUnusedLocals: false, types: ["node"] },
        include: ["readme/*.ts"],
      }),
    );
    // The optional peer, for bigquery-source's blocks (a consumer of that module installs it); linked only now,
    // after the install test above has checked that the package does not pull it in.
    fs.symlinkSync(
      fs.realpathSync(path.join(ROOT, "node_modules", "@cdktf", "provider-google")),
      path.join(app, "node_modules", "@cdktf", "provider-google"),
      "dir",
    );
    const started = Date.now();
    const r = spawnSync(path.join(app, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.readme.json"], {
      cwd: app,
      encoding: "utf8",
    });
    timings.readmes = Date.now() - started;
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  }, 180_000);
});

afterAll(() => {
  // Measured once per run; the closing notes of package changes quote these.
  console.log(
    `package tier: tarball ${pack?.filename} ${pack?.size} B packed / ${pack?.unpackedSize} B unpacked, ${pack?.files.length} files; ` +
      Object.entries(timings)
        .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`)
        .join(", "),
  );
});
