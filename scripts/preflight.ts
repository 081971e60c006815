/**
 * `npm run preflight` (the first step of `npm test` and of .ci/run): checks, in a second or two, what the
 * terraform and package tiers need at the end of a two-minute run: Terraform >= 1.5 on PATH and a provider
 * mirror (TF_PROVIDER_MIRROR, else found in the usual places: provider-mirror.ts) from which Terraform really
 * installs the AWS provider (a `terraform init` into the tiers' own provider template, cached across runs).
 * Everything that is wrong is printed as ONE message, and the exit code is 1; on success it prints the mirror
 * it uses. `--print-mirror` prints only the mirror path (empty when there is none) and always exits 0.
 */
import { spawnSync } from "child_process";
import { findProviderMirror, mirrorFix, mirrorProblem } from "./provider-mirror";
import { prepareProviders, terraformEnv, TerraformSetupError } from "./terraform-cli";

/** The oldest Terraform the project supports (README: Prerequisites). */
export const MIN_TERRAFORM = [1, 5, 0] as const;

/** Why the `terraform` on PATH cannot be used, or undefined when it can; `version` is what it reported. */
export function terraformProblem(run = spawnSync): { problem?: string; version?: string } {
  const r = run("terraform", ["version", "-json"], {
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  if (r.error || r.status !== 0) {
    return {
      problem:
        "terraform is not on PATH (or does not run): install Terraform >= 1.5 " +
        "(https://developer.hashicorp.com/terraform/install) and put it on PATH",
    };
  }
  let version: string | undefined;
  try {
    version = (JSON.parse(String(r.stdout)) as { terraform_version?: string }).terraform_version;
  } catch {
    version = /Terraform v(\d+\.\d+\.\d+)/.exec(String(r.stdout))?.[1];
  }
  if (!version)
    return { problem: `cannot read the version of terraform on PATH from: ${String(r.stdout).trim()}` };
  const parts = version.split(".").map(Number);
  const first = MIN_TERRAFORM.findIndex((min, i) => (parts[i] ?? 0) !== min);
  if (first >= 0 && (parts[first] ?? 0) < MIN_TERRAFORM[first])
    return { problem: `terraform ${version} is older than ${MIN_TERRAFORM.join(".")}: upgrade it`, version };
  return { version };
}

/** Every problem that stops the terraform tiers, checked without running them. */
export async function preflight(): Promise<{ problems: string[]; summary: string }> {
  const problems: string[] = [];
  const tf = terraformProblem();
  if (tf.problem) problems.push(tf.problem);
  const mirror = findProviderMirror();
  if (!mirror) {
    problems.push(
      `TF_PROVIDER_MIRROR is not set and no provider mirror was found in the usual places: ${mirrorFix()}`,
    );
  } else if (mirror.path !== "registry" && mirrorProblem(mirror.path)) {
    problems.push(`${mirror.source}: ${mirrorProblem(mirror.path)}; ${mirrorFix()}`);
  } else if (!tf.problem) {
    // The real thing, once: Terraform installs the provider from the mirror into the template every tier reuses.
    try {
      await prepareProviders(terraformEnv());
    } catch (e) {
      if (!(e instanceof TerraformSetupError)) throw e;
      problems.push(`${mirror.source}: ${e.message}`);
    }
  }
  return { problems, summary: `terraform ${tf.version ?? "?"}, providers ${mirror?.source ?? "none"}` };
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--print-mirror")) {
    process.stdout.write(`${findProviderMirror()?.path ?? ""}\n`);
    return 0;
  }
  const { problems, summary } = await preflight();
  if (problems.length) {
    process.stderr.write(
      `preflight: the terraform and package tiers of npm test cannot run:\n${problems.map((p) => `  - ${p}\n`).join("")}` +
        "Nothing else was run. Fix the above, then run npm test again.\n",
    );
    return 1;
  }
  process.stderr.write(`preflight: OK (${summary})\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
