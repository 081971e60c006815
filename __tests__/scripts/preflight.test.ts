/**
 * The provider mirror is found in one place (scripts/provider-mirror.ts) for npm test, npm run plan and .ci/run,
 * and `npm run preflight` stops npm test in seconds, with one message, when Terraform or the mirror is unusable.
 */
import { SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  AWS_PROVIDER,
  discoverMirror,
  findProviderMirror,
  mirrorProblem,
  terraformPlatform,
} from "../../scripts/provider-mirror";
import { terraformProblem } from "../../scripts/preflight";
import { runScript } from "./run-script";

const PLATFORM = terraformPlatform();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A mirror directory laid out as Terraform's filesystem_mirror expects, unpacked or packed. */
function fakeMirror(dir: string, layout: "unpacked" | "packed", version = AWS_PROVIDER.version): string {
  const provider = path.join(dir, "registry.terraform.io", "hashicorp", "aws");
  if (layout === "unpacked") {
    fs.mkdirSync(path.join(provider, version, PLATFORM), { recursive: true });
  } else {
    fs.mkdirSync(provider, { recursive: true });
    fs.writeFileSync(path.join(provider, `terraform-provider-aws_${version}_${PLATFORM}.zip`), "");
  }
  return dir;
}

describe("provider mirror", () => {
  test("Terraform names the platform os_arch", () => {
    expect(terraformPlatform("linux", "x64")).toBe("linux_amd64");
    expect(terraformPlatform("darwin", "arm64")).toBe("darwin_arm64");
    expect(terraformPlatform("win32", "x64")).toBe("windows_amd64");
  });

  test("an unpacked or a packed mirror of the provider version is usable", () => {
    expect(mirrorProblem(fakeMirror(path.join(scratch, "unpacked"), "unpacked"))).toBeUndefined();
    expect(mirrorProblem(fakeMirror(path.join(scratch, "packed"), "packed"))).toBeUndefined();
  });

  test("fails when the directory is missing, holds no AWS provider, or another version", () => {
    expect(mirrorProblem(path.join(scratch, "nowhere"))).toMatch(/nowhere does not exist/);
    fs.mkdirSync(path.join(scratch, "empty"));
    expect(mirrorProblem(path.join(scratch, "empty"))).toMatch(
      /has no registry\.terraform\.io\/hashicorp\/aws$/,
    );
    const old = fakeMirror(path.join(scratch, "old"), "unpacked", "4.67.0");
    expect(mirrorProblem(old)).toBe(
      `${old} has no hashicorp/aws ${AWS_PROVIDER.version} for ${PLATFORM} (it holds: 4.67.0)`,
    );
  });

  test("discovery finds a mirror in a search root or two levels below it, skipping unusable ones", () => {
    const root = path.join(scratch, "roots");
    fakeMirror(path.join(root, "a-old", "plugins"), "unpacked", "4.67.0");
    const good = fakeMirror(path.join(root, "b", "plugins"), "unpacked");
    expect(discoverMirror([path.join(scratch, "absent"), root])).toBe(good);
    expect(discoverMirror([path.join(scratch, "absent")])).toBeUndefined();
  });

  test("TF_PROVIDER_MIRROR wins over discovery (also `registry`); an empty value counts as unset", () => {
    const root = path.join(scratch, "roots");
    expect(findProviderMirror({ TF_PROVIDER_MIRROR: "/somewhere" }, [root])).toEqual({
      path: "/somewhere",
      source: "TF_PROVIDER_MIRROR=/somewhere",
    });
    expect(findProviderMirror({ TF_PROVIDER_MIRROR: "registry" }, [root])?.path).toBe("registry");
    expect(findProviderMirror({ TF_PROVIDER_MIRROR: "" }, [root])?.source).toMatch(/^found at .*b\/plugins/);
    expect(findProviderMirror({}, [path.join(scratch, "absent")])).toBeUndefined();
  });
});

describe("terraform on PATH", () => {
  const fake = (r: Partial<SpawnSyncReturns<string>>) => (() => ({ status: 0, stdout: "", ...r })) as any;

  test("a version >= 1.5 is accepted, from -json output", () => {
    expect(terraformProblem(fake({ stdout: '{"terraform_version":"1.11.4"}' }))).toEqual({
      version: "1.11.4",
    });
    expect(terraformProblem(fake({ stdout: '{"terraform_version":"1.5.0"}' }))).toEqual({ version: "1.5.0" });
    expect(terraformProblem(fake({ stdout: '{"terraform_version":"2.0.0"}' }))).toEqual({ version: "2.0.0" });
  });

  test("fails when terraform is missing or older than 1.5", () => {
    expect(terraformProblem(fake({ error: new Error("spawn terraform ENOENT") })).problem).toMatch(
      /terraform is not on PATH.*install Terraform >= 1\.5/,
    );
    expect(terraformProblem(fake({ stdout: '{"terraform_version":"1.4.7"}' })).problem).toBe(
      "terraform 1.4.7 is older than 1.5.0: upgrade it",
    );
  });
});

describe("npm run preflight", () => {
  test("fails fast with one message naming every problem (no terraform, a mirror without the provider)", async () => {
    const nodeOnly = path.join(scratch, "bin");
    fs.mkdirSync(nodeOnly);
    fs.symlinkSync(process.execPath, path.join(nodeOnly, "node"));
    const started = Date.now();
    const r = await runScript("preflight.ts", [], {
      PATH: nodeOnly,
      TF_PROVIDER_MIRROR: path.join(scratch, "empty"),
    });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines[0]).toBe("preflight: the terraform and package tiers of npm test cannot run:");
    expect(lines.filter((l) => l.startsWith("  - "))).toEqual([
      expect.stringMatching(/^ {2}- terraform is not on PATH/),
      expect.stringMatching(
        /^ {2}- TF_PROVIDER_MIRROR=.*empty: .*has no registry\.terraform\.io\/hashicorp\/aws; point/,
      ),
    ]);
  }, 60_000);

  test("--print-mirror prints the mirror npm test uses (what .ci/run and the README refer to)", async () => {
    const r = await runScript("preflight.ts", ["--print-mirror"], { TF_PROVIDER_MIRROR: "/given" });
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: "/given\n" });
  }, 60_000);
});
