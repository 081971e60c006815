/**
 * Where the Terraform provider mirror is: the one place that decides it, for `npm test` (preflight, terraform
 * and package tiers), `npm run plan` and .ci/run. TF_PROVIDER_MIRROR wins (a directory, or `registry` to
 * download from the public registry); without it, the usual places are searched for a filesystem mirror that
 * holds the AWS provider version @cdktf/provider-aws targets, built for this platform.
 *
 * A filesystem mirror is laid out as <mirror>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/ (unpacked)
 * or <mirror>/registry.terraform.io/hashicorp/aws/terraform-provider-aws_<version>_<os_arch>.zip (packed):
 * https://developer.hashicorp.com/terraform/cli/config/config-file#filesystem_mirror
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import awsProviderPackage from "@cdktf/provider-aws/package.json";

/** The Terraform provider @cdktf/provider-aws was generated for (the version its bindings describe). */
export const AWS_PROVIDER = awsProviderPackage.cdktf.provider;

/** Where a mirror is looked for when TF_PROVIDER_MIRROR is not set (the root itself and two levels below). */
export function searchRoots(home: string = os.homedir()): string[] {
  return [
    "/opt",
    "/usr/local/share",
    "/usr/share",
    path.join(home, ".terraform.d"),
    path.join(home, ".local/share"),
  ];
}

export interface MirrorChoice {
  /** The mirror directory, or `registry`. */
  readonly path: string;
  /** How it was chosen, for messages: `TF_PROVIDER_MIRROR=…` or `found at …`. */
  readonly source: string;
}

/** Terraform's name of this platform (`linux_amd64`, `darwin_arm64`). */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const osName = platform === "win32" ? "windows" : platform;
  const archName = { x64: "amd64", ia32: "386" }[arch] ?? arch;
  return `${osName}_${archName}`;
}

const providerSource = () => AWS_PROVIDER.name.replace(/^registry\.terraform\.io\//, "");

/** Why `dir` cannot serve the AWS provider to this platform, or undefined when it can. */
export function mirrorProblem(dir: string, platform: string = terraformPlatform()): string | undefined {
  const providerDir = path.join(dir, "registry.terraform.io", providerSource());
  const version = AWS_PROVIDER.version;
  if (!fs.existsSync(dir)) return `${dir} does not exist`;
  if (!fs.existsSync(providerDir)) return `${dir} has no registry.terraform.io/${providerSource()}`;
  const unpacked = path.join(providerDir, version, platform);
  const packed = path.join(providerDir, `terraform-provider-aws_${version}_${platform}.zip`);
  if (fs.existsSync(unpacked) || fs.existsSync(packed)) return undefined;
  const have = fs.readdirSync(providerDir).join(", ") || "nothing";
  return `${dir} has no ${providerSource()} ${version} for ${platform} (it holds: ${have})`;
}

function subdirs(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() || d.isSymbolicLink())
      .map((d) => path.join(dir, d.name))
      .sort();
  } catch {
    return [];
  }
}

/** The first directory under `roots` (each root, then two levels below it) that is a usable mirror. */
export function discoverMirror(roots: readonly string[] = searchRoots()): string | undefined {
  for (const root of roots) {
    const level1 = subdirs(root);
    const candidates = [root, ...level1, ...level1.flatMap(subdirs)];
    const hit = candidates.find(
      (dir) => fs.existsSync(path.join(dir, "registry.terraform.io")) && !mirrorProblem(dir),
    );
    if (hit) return hit;
  }
  return undefined;
}

/** TF_PROVIDER_MIRROR when set, else a discovered mirror, else undefined. */
export function findProviderMirror(
  env: NodeJS.ProcessEnv = process.env,
  roots: readonly string[] = searchRoots(),
): MirrorChoice | undefined {
  const given = env.TF_PROVIDER_MIRROR;
  if (given) return { path: given, source: `TF_PROVIDER_MIRROR=${given}` };
  const found = discoverMirror(roots);
  return found ? { path: found, source: `found at ${found} (TF_PROVIDER_MIRROR is not set)` } : undefined;
}

/** What to do when no usable mirror is found (shared by the preflight and the terraform harness). */
export function mirrorFix(): string {
  return (
    `point TF_PROVIDER_MIRROR at a Terraform filesystem mirror that holds ${AWS_PROVIDER.name} ` +
    `${AWS_PROVIDER.version} for ${terraformPlatform()} (e.g. export TF_PROVIDER_MIRROR=/opt/tf-plugins), ` +
    "or set TF_PROVIDER_MIRROR=registry to let Terraform download providers from the public registry"
  );
}
