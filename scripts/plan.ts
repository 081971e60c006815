/**
 * `npm run plan -- <stack> [terraform plan flags]`: an offline `terraform plan` of one stack, with no
 * credentials and no network.
 *
 * The stack's environment is synthesized in the offline-plan provider mode (stacks/options.ts: dummy keys,
 * skip flags, a local backend under terraform-state/offline/) into cdktf.out.offline/, never into cdktf.out/,
 * so a deployable synth is never mixed with a non-deployable one. Providers come from the filesystem mirror
 * named by TF_PROVIDER_MIRROR or found where `npm test` finds it (provider-mirror.ts); without one, from the
 * user's own Terraform CLI configuration (which may download from the public registry).
 *
 * Refused (exit 2, with what to do instead): an unknown stack, a stack with a provider the offline mirror
 * does not hold (Google), a stack with cross-stack inputs (terraform_remote_state of a stack that has not
 * been applied).
 */
import { TerraformProvider } from "cdktf";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import awsProviderPackage from "@cdktf/provider-aws/package.json";
import { findProviderMirror } from "./provider-mirror";
import {
  planStack,
  prepareProviders,
  TerraformEnv,
  terraformEnv,
  TerraformSetupError,
} from "./terraform-cli";
import {
  allStackIds,
  buildInMemory,
  environmentOfStack,
  PROJECT_ROOT,
  Refusal,
  runMain,
} from "./ux-environment";
import { progress, reportSynthProgress, stepAsync } from "./ux-progress";

/** Where offline-plan synths go (git-ignored). One level below the project root, like cdktf.out/, so the
 * local backend's project-relative state path (../../../terraform-state/offline/) lands in the project. */
export const OFFLINE_OUTDIR = "cdktf.out.offline";

const USAGE = "npm run plan -- <stack> [terraform plan flags], e.g. npm run plan -- dev-network";

/** Providers the offline mirror holds (the AWS provider @cdktf/provider-aws targets). */
const OFFLINE_PROVIDERS = ["aws"];

function unknownStack(stackId: string | undefined): Refusal {
  const known = allStackIds();
  const what = stackId ? `unknown stack "${stackId}"` : "no stack given";
  return new Refusal(
    `${what}.\nusage: ${USAGE}\nknown stacks (<env>-<component>):\n${known.map((s) => `  ${s}`).join("\n")}`,
  );
}

/**
 * The Terraform environment: the provider mirror (TF_PROVIDER_MIRROR, else one found where `npm test` looks),
 * else the user's own CLI config.
 */
export function planTerraformEnv(workRoot: string): { tf: TerraformEnv; source: string } {
  const mirror = findProviderMirror();
  if (mirror) return { tf: terraformEnv(workRoot), source: mirror.source };
  const config = process.env.TF_CLI_CONFIG_FILE ?? "~/.terraformrc";
  progress(
    "plan",
    `TF_PROVIDER_MIRROR is not set and no provider mirror was found: installing ${awsProviderPackage.cdktf.provider.name} ` +
      `${awsProviderPackage.cdktf.provider.version} through your own Terraform CLI configuration (${config}), ` +
      "which downloads from the public registry unless it names a mirror. Set TF_PROVIDER_MIRROR to a " +
      "filesystem mirror to plan with no network.",
  );
  return {
    tf: {
      env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_INPUT: "0" },
      templateDir: path.join(workRoot, "providers-user-cli-config"),
    },
    source: `your Terraform CLI configuration (${config})`,
  };
}

export async function main(argv: readonly string[]): Promise<number> {
  const [stackId, ...planFlags] = argv;
  if (!stackId || stackId.startsWith("-")) throw unknownStack(undefined);
  const envName = environmentOfStack(stackId);
  if (!envName) throw unknownStack(stackId);

  // PLAN_OUTDIR (tests): another directory one level below a root of its own, for the same state-path reason.
  const outdir = process.env.PLAN_OUTDIR ?? path.join(PROJECT_ROOT, OFFLINE_OUTDIR);
  progress("plan", `building environment ${envName} (offline-plan provider mode)`);
  const built = buildInMemory(envName, { providerMode: "offline-plan" }, outdir);
  const stack = built.stacks.find((s) => s.node.id === stackId);
  if (!stack) throw unknownStack(stackId);

  const foreign = [
    ...new Set(
      stack.node
        .findAll()
        .filter((c): c is TerraformProvider => c instanceof TerraformProvider)
        .map((p) => p.terraformResourceType)
        .filter((t) => !OFFLINE_PROVIDERS.includes(t)),
    ),
  ].sort();
  if (foreign.length) {
    throw new Refusal(
      `${stackId} uses the ${foreign.join(", ")} provider, which is not in the offline provider mirror ` +
        `(it holds ${OFFLINE_PROVIDERS.join(", ")} only), so it cannot be planned offline.\n` +
        `Plan it against the real cloud with credentials instead: npx cdktf diff ${stackId}\n` +
        "(its synthesized JSON is checked by the unit tests: npm run test:unit).",
    );
  }

  reportSynthProgress(built.app);
  built.app.synth();
  const stackDir = path.join(outdir, "stacks", stackId);
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as {
    data?: { terraform_remote_state?: Record<string, unknown> };
  };
  const inputs = Object.keys(json.data?.terraform_remote_state ?? {}).sort();
  if (inputs.length) {
    const producers = inputs.map((n) => n.replace(/^cross-stack-reference-input-/, ""));
    throw new Refusal(
      `${stackId} has cross-stack inputs: it reads outputs of ${producers.join(", ")} through ` +
        "terraform_remote_state, which has no state before that stack is applied, so an offline plan " +
        "cannot resolve them.\nInstead: plan the producing stack offline first " +
        `(${producers.map((p) => `npm run plan -- ${p}`).join("; ")}), deploy it ` +
        `(${producers.map((p) => `npx cdktf deploy ${p}`).join("; ")}), then plan this stack with credentials: ` +
        `npx cdktf diff ${stackId}`,
    );
  }

  const workRoot = path.join(os.tmpdir(), "cdktf-plan-command");
  const { tf, source } = planTerraformEnv(workRoot);
  await stepAsync("plan", `installing providers from ${source}`, () => prepareProviders(tf));
  // A providers link left by an earlier run with another mirror would not match the lock file copied below.
  fs.rmSync(path.join(stackDir, ".terraform", "providers"), { force: true, recursive: true });
  const result = await stepAsync(
    "plan",
    `terraform init + plan of ${stackId} in ${path.relative(process.cwd(), stackDir)}`,
    () => planStack(tf, stackDir, planFlags),
  );
  process.stdout.write(result.output.endsWith("\n") ? result.output : `${result.output}\n`);
  const counts = result.counts
    ? `${result.counts.add} to add, ${result.counts.change} to change, ${result.counts.destroy} to destroy`
    : "no changes";
  process.stdout.write(
    result.ok
      ? `\n${stackId}: offline plan OK: ${counts} (${(result.ms / 1000).toFixed(1)}s; providers from ${source}; ` +
          "dummy credentials, not deployable: deploy with npx cdktf deploy).\n"
      : `\n${stackId}: offline plan FAILED (see Terraform's output above).\n`,
  );
  return result.ok ? 0 : 1;
}

if (require.main === module) {
  runMain(async () => {
    try {
      return await main(process.argv.slice(2));
    } catch (e) {
      if (e instanceof TerraformSetupError) {
        process.stderr.write(`${e.message}\n`);
        return 1;
      }
      throw e;
    }
  });
}
