import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthToDir } from "../helpers/synth";

const ROOT = path.join(__dirname, "../..");
const ALL = ["dev", "staging", "prod"];

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

describe("synthesized output", () => {
  const a = fs.mkdtempSync(path.join(os.tmpdir(), "synth-a-"));
  const b = fs.mkdtempSync(path.join(os.tmpdir(), "synth-b-"));
  beforeAll(() => {
    synthToDir(ALL, a);
    synthToDir(ALL, b);
  });

  test("holds every stack of dev, staging and prod", () => {
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

describe("bad config stops synth", () => {
  test("all four faults are listed, the exit code is non-zero and no stack is written", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-bad-"));
    const r = spawnSync(process.execPath, ["--import", "tsx", "__tests__/fixtures/broken-app.ts"], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    const out = r.stderr;
    expect(out).toMatch(/problems in config\/environments\/dev\.ts/);
    expect(out).toContain("network.vpcs.datastore.cidr");
    expect(out).toContain("overlaps 10.24.0.0/16 of VPC ingest");
    expect(out).toContain('network.peerings.ml-warehouse.accepter = "warehose": is not a known VPC');
    expect(out).toContain('accounts.ml.id = "10000000003": is not a 12-digit AWS account id');
    expect(out).toContain(
      'network.vpcs.analytics.azs[1] = "us-west-2b": is not an availability zone of us-east-1',
    );
    // cdktf's App constructor creates the outdir and an empty stacks/ folder; nothing may be written into them.
    expect(listFiles(outdir)).toEqual([]);
  });
});
