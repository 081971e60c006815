/**
 * Runs the real Terraform CLI against synthesized stacks, offline. Shared by the terraform test tier and
 * `npm run plan`.
 *
 * Providers come from a filesystem mirror (TF_PROVIDER_MIRROR, else found: provider-mirror.ts; laid out as
 * <mirror>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/...). Providers are installed ONCE per
 * provider set into a template directory (through a plugin cache); each stack directory then gets a link to
 * the template's providers and a copy of its lock file, so validating a stack costs no init at all. Planning
 * needs the stack's backend initialised: that init runs on the backend block alone (no providers to verify:
 * ~0.1 s instead of ~1.5 s CPU per stack, most of it hashing the provider binary), see initBackend.
 */
import { spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { AWS_PROVIDER, findProviderMirror, mirrorFix, mirrorProblem } from "./provider-mirror";

export class TerraformSetupError extends Error {}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export interface TerraformEnv {
  /** Environment for terraform child processes (CLI config, plugin cache, no telemetry). */
  readonly env: NodeJS.ProcessEnv;
  /** Directory whose .terraform/providers and lock file every stack reuses. */
  readonly templateDir: string;
}

/** Where the CLI config, the plugin cache and the provider templates live (shared by the tier and `npm run plan`). */
export const TERRAFORM_WORK_ROOT = path.join(os.tmpdir(), "cdktf-terraform-tier");

/**
 * Writes a CLI config pointing at the provider mirror (TF_PROVIDER_MIRROR, else the one found in the usual
 * places: scripts/provider-mirror.ts); throws a TerraformSetupError saying what to set when there is none.
 */
export function terraformEnv(workRoot: string = TERRAFORM_WORK_ROOT): TerraformEnv {
  const choice = findProviderMirror();
  if (!choice) {
    throw new TerraformSetupError(
      `TF_PROVIDER_MIRROR is not set and no provider mirror was found in the usual places: ${mirrorFix()}.`,
    );
  }
  const mirror = choice.path;
  const problem = mirror === "registry" ? undefined : mirrorProblem(mirror);
  if (problem) throw new TerraformSetupError(`${choice.source}: ${problem}; ${mirrorFix()}.`);
  fs.mkdirSync(workRoot, { recursive: true });
  const cacheDir = path.join(workRoot, "plugin-cache");
  fs.mkdirSync(cacheDir, { recursive: true });
  const cliConfig = path.join(workRoot, "terraform.tfrc");
  const installation =
    mirror === "registry"
      ? ""
      : `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = [${JSON.stringify(AWS_PROVIDER.name)}]\n  }\n}\n`;
  fs.writeFileSync(cliConfig, `${installation}plugin_cache_dir = ${JSON.stringify(cacheDir)}\n`);
  const env = {
    // Go's collector runs 6x less often than by default (unless GOGC is set): with the hashicorp/aws schema
    // loaded, Terraform and the provider spend about a fifth of their CPU collecting. Measured on dev's four
    // stacks in terraform test: 55 s -> 43 s CPU, peak memory of Terraform and its plugins 2.3 -> 2.7 GB.
    GOGC: "600",
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    TF_INPUT: "0",
  };
  const key = crypto
    .createHash("sha256")
    .update(`${AWS_PROVIDER.name}@${AWS_PROVIDER.version}|${mirror}`)
    .digest("hex")
    .slice(0, 12);
  return { env, templateDir: path.join(workRoot, `providers-${key}`) };
}

/** Runs terraform asynchronously (so several stacks can run at once). */
export function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (e) =>
      reject(
        new TerraformSetupError(
          `cannot run terraform (${e.message}); install Terraform >= 1.5 and put it on PATH`,
        ),
      ),
    );
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr, ms: Date.now() - started }));
  });
}

/** Installs the AWS provider once into the template directory (idempotent within a run and across runs). */
export async function prepareProviders(tf: TerraformEnv): Promise<void> {
  const lock = path.join(tf.templateDir, ".terraform.lock.hcl");
  if (fs.existsSync(lock) && fs.existsSync(path.join(tf.templateDir, ".terraform", "providers"))) return;
  fs.mkdirSync(tf.templateDir, { recursive: true });
  const source = AWS_PROVIDER.name.replace(/^registry\.terraform\.io\//, "");
  fs.writeFileSync(
    path.join(tf.templateDir, "main.tf.json"),
    JSON.stringify({ terraform: { required_providers: { aws: { source, version: AWS_PROVIDER.version } } } }),
  );
  const r = await terraform(["init", "-backend=false", "-input=false", "-no-color"], tf.templateDir, tf.env);
  if (r.code !== 0)
    throw new TerraformSetupError(`terraform init of the provider template failed:\n${r.stderr || r.stdout}`);
}

/** Gives a synthesized stack directory the template's providers and lock file (no per-stack init). */
export function linkProviders(tf: TerraformEnv, stackDir: string): void {
  const dotTf = path.join(stackDir, ".terraform");
  fs.mkdirSync(dotTf, { recursive: true });
  const link = path.join(dotTf, "providers");
  if (!fs.existsSync(link)) fs.symlinkSync(path.join(tf.templateDir, ".terraform", "providers"), link, "dir");
  fs.copyFileSync(
    path.join(tf.templateDir, ".terraform.lock.hcl"),
    path.join(stackDir, ".terraform.lock.hcl"),
  );
}

/** `terraform validate -json` on a stack directory; returns the diagnostics when invalid. */
export async function validateStack(tf: TerraformEnv, stackDir: string): Promise<Validation> {
  linkProviders(tf, stackDir);
  const r = await terraform(["validate", "-json", "-no-color"], stackDir, tf.env);
  try {
    const out = JSON.parse(r.stdout) as {
      valid: boolean;
      diagnostics: Array<{ severity: string; summary: string; detail?: string; address?: string }>;
    };
    const details = out.diagnostics
      .filter((d) => d.severity === "error")
      .map((d) => `${d.address ?? ""} ${d.summary}: ${d.detail ?? ""}`.trim())
      .join("\n");
    return { valid: out.valid, details, ms: r.ms };
  } catch {
    return { valid: false, details: r.stderr || r.stdout, ms: r.ms };
  }
}

export interface Validation {
  readonly valid: boolean;
  readonly details: string;
  readonly ms: number;
}

/**
 * `terraform validate` of several stacks in ONE Terraform process: a scratch root module calls every stack
 * directory as a child module, so the provider schema (most of a validate's cost: ~4 s CPU for hashicorp/aws)
 * is loaded once instead of once per stack. Each stack's required variables are passed from root variables
 * of the same type, which validate leaves unknown, exactly as it does for a stack validated on its own.
 * Errors are attributed to stacks by file; a stack with an error, or every stack when an error cannot be
 * attributed, is validated again on its own (validateStack), and that result is the one returned.
 */
export async function validateStacks(
  tf: TerraformEnv,
  stackDirs: readonly string[],
): Promise<Map<string, Validation>> {
  const results = new Map<string, Validation>();
  if (stackDirs.length === 0) return results;
  const root = fs.mkdtempSync(path.join(path.dirname(path.resolve(stackDirs[0])), ".validate-"));
  try {
    const modules: Record<string, Record<string, string>> = {};
    const variables: Record<string, Record<string, unknown>> = {};
    const manifest = [{ Key: "", Source: "", Dir: "." }];
    const keyOf = new Map<string, string>();
    stackDirs.forEach((dir, i) => {
      const key = `s${i}_${path.basename(dir).replace(/[^A-Za-z0-9_-]/g, "_")}`;
      const source = `./${path.relative(root, dir).split(path.sep).join("/")}`.replace(/^\.\/\.\.\//, "../");
      keyOf.set(key, dir);
      const json = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as {
        variable?: Record<string, { default?: unknown; type?: unknown; sensitive?: boolean }>;
      };
      const call: Record<string, string> = { source };
      for (const [name, v] of Object.entries(json.variable ?? {})) {
        if ("default" in v) continue;
        const rootName = `${key}__${name}`.replace(/[^A-Za-z0-9_]/g, "_");
        variables[rootName] = {
          ...(v.type !== undefined ? { type: v.type } : {}),
          ...(v.sensitive ? { sensitive: true } : {}),
        };
        call[name] = `\${var.${rootName}}`;
      }
      modules[key] = call;
      manifest.push({ Key: key, Source: source, Dir: path.relative(root, dir) });
    });
    fs.writeFileSync(
      path.join(root, "main.tf.json"),
      JSON.stringify({ ...(Object.keys(variables).length ? { variable: variables } : {}), module: modules }),
    );
    linkProviders(tf, root);
    fs.mkdirSync(path.join(root, ".terraform", "modules"), { recursive: true });
    fs.writeFileSync(
      path.join(root, ".terraform", "modules", "modules.json"),
      JSON.stringify({ Modules: manifest }),
    );
    const r = await terraform(["validate", "-json", "-no-color"], root, tf.env);
    let failed: Set<string>;
    try {
      const out = JSON.parse(r.stdout) as {
        diagnostics: Array<{ severity: string; range?: { filename: string } }>;
      };
      failed = new Set<string>();
      for (const d of out.diagnostics.filter((x) => x.severity === "error")) {
        const file = d.range ? path.resolve(root, d.range.filename) : undefined;
        const dir = file && stackDirs.find((s) => file.startsWith(path.resolve(s) + path.sep));
        if (!dir) {
          failed = new Set(stackDirs); // not attributable: check every stack on its own
          break;
        }
        failed.add(dir);
      }
    } catch {
      failed = new Set(stackDirs);
    }
    for (const dir of stackDirs) {
      results.set(
        dir,
        failed.has(dir) ? await validateStack(tf, dir) : { valid: true, details: "", ms: r.ms },
      );
    }
    return results;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Initialises only the backend of a stack directory: `terraform init` runs in a scratch directory holding the
 * stack's `terraform.backend` block and nothing else, and the resulting .terraform/terraform.tfstate (backend
 * type, config and hash) is copied into the stack's .terraform. Terraform then plans the stack with the
 * template's providers and lock file, without re-verifying the provider packages. Returns undefined when the
 * stack needs a full init instead (no local backend, or the backend-only init failed).
 */
export async function initBackend(tf: TerraformEnv, stackDir: string): Promise<RunResult | undefined> {
  const config = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as {
    terraform?: { backend?: Record<string, unknown>; cloud?: unknown };
  };
  const backend = config.terraform?.backend;
  if (config.terraform?.cloud || !backend || Object.keys(backend).join() !== "local") return undefined;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tf-backend-"));
  try {
    fs.writeFileSync(path.join(scratch, "main.tf.json"), JSON.stringify({ terraform: { backend } }));
    const r = await terraform(["init", "-input=false", "-no-color"], scratch, tf.env);
    const state = path.join(scratch, ".terraform", "terraform.tfstate");
    if (r.code !== 0 || !fs.existsSync(state)) return undefined;
    fs.mkdirSync(path.join(stackDir, ".terraform"), { recursive: true });
    fs.copyFileSync(state, path.join(stackDir, ".terraform", "terraform.tfstate"));
    return r;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Credentials of the offline-plan provider mode: dummy static keys in the environment of `terraform plan`, never
 * in the synthesized JSON (the policy pack's PP-PROVIDER-001 forbids literal provider credentials). The provider's
 * skip flags keep them from being checked, and they take precedence over any real credentials of the caller.
 */
export function offlinePlanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {
    ...env,
    AWS_ACCESS_KEY_ID: "offline-plan",
    AWS_SECRET_ACCESS_KEY: "offline-plan",
  };
  // A caller's session token or profile must not pair with the dummy keys.
  delete out.AWS_SESSION_TOKEN;
  delete out.AWS_PROFILE;
  return out;
}

/**
 * Offline `terraform plan` of a stack synthesized in offline-plan provider mode. Only the (local) backend is
 * initialised here (initBackend; a full `terraform init` when that is not possible); providers come from the
 * template. Returns the create/update/delete counts.
 */
export async function planStack(
  tf: TerraformEnv,
  stackDir: string,
  extraArgs: string[] = [],
): Promise<{
  ok: boolean;
  output: string;
  counts?: { add: number; change: number; destroy: number };
  ms: number;
}> {
  linkProviders(tf, stackDir);
  const init =
    (await initBackend(tf, stackDir)) ??
    (await terraform(["init", "-input=false", "-no-color"], stackDir, tf.env));
  if (init.code !== 0) return { ok: false, output: init.stderr || init.stdout, ms: init.ms };
  const r = await terraform(
    ["plan", "-input=false", "-lock=false", "-no-color", "-refresh=false", ...extraArgs],
    stackDir,
    offlinePlanEnv(tf.env),
  );
  const m = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(r.stdout);
  return {
    ok: r.code === 0,
    output: r.code === 0 ? r.stdout : `${r.stderr}\n${r.stdout}`,
    counts: m ? { add: Number(m[1]), change: Number(m[2]), destroy: Number(m[3]) } : undefined,
    ms: init.ms + r.ms,
  };
}
