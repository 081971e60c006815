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
 * A stack with cross-stack inputs (terraform_remote_state of a producer such as <env>-network) is planned
 * against a synthetic state of each producer, written where the offline remote state reads it
 * (terraform-state/offline/<producer>.tfstate): the producer's real output names and types, with values
 * shaped like AWS's (scripts/terraform-mocks.ts). The terraform tier plans consumers the same way.
 *
 * Refused (exit 2, with what to do instead): an unknown stack, a stack with a provider the offline mirror
 * does not hold (Google).
 */
import { TerraformProvider } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import awsProviderPackage from "@cdktf/provider-aws/package.json";
import { findProviderMirror } from "./provider-mirror";
import {
  planStack,
  prepareProviders,
  TERRAFORM_WORK_ROOT,
  TerraformEnv,
  terraformEnv,
  TerraformSetupError,
} from "./terraform-cli";
import { attributeSchemas, producerOfRemoteState, StackJson, synthesizeOutputs } from "./terraform-mocks";
import { variableValues, writeRemoteStates } from "./terraform-test";
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
 * with the terraform tier's provider template (both install the provider once between them), else the user's
 * own CLI config.
 */
export function planTerraformEnv(workRoot: string = TERRAFORM_WORK_ROOT): {
  tf: TerraformEnv;
  source: string;
} {
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
  const { tf, source } = planTerraformEnv();
  await stepAsync("plan", `installing providers from ${source}`, () => prepareProviders(tf));
  const readStack = (id: string) =>
    JSON.parse(fs.readFileSync(path.join(outdir, "stacks", id, "cdk.tf.json"), "utf8")) as StackJson;
  const json = readStack(stackId);
  const inputs = Object.keys(json.data?.terraform_remote_state ?? {}).sort();
  if (inputs.length) {
    const schemas = await stepAsync("plan", "reading the provider schema (cached after the first run)", () =>
      attributeSchemas(tf),
    );
    const states = Object.fromEntries(
      inputs.map((name) => {
        const producer = producerOfRemoteState(name);
        return [name, synthesizeOutputs(producer, readStack(producer), schemas)];
      }),
    );
    const files = writeRemoteStates(stackDir, json, states, stackId);
    progress(
      "plan",
      `${stackId} reads outputs of ${inputs.map(producerOfRemoteState).join(", ")}: planning against a synthetic ` +
        `state of each (real output names and types, values shaped like AWS's) in ` +
        files.map((f) => path.relative(process.cwd(), f)).join(", "),
    );
  }
  // Required variables (the OAuth secrets of ingest) the caller has not set as TF_VAR_<name>: placeholders,
  // since an offline plan sends nothing anywhere.
  const placeholders = Object.entries(variableValues(json)).filter(
    ([name]) => !(`TF_VAR_${name}` in process.env),
  );
  if (placeholders.length)
    progress(
      "plan",
      `placeholder values for ${placeholders.map(([n]) => n).join(", ")} (set TF_VAR_<name> to plan with your own)`,
    );
  const varFlags = placeholders.map(([name, value]) => `-var=${name}=${String(value)}`);
  // A providers link left by an earlier run with another mirror would not match the lock file copied below.
  fs.rmSync(path.join(stackDir, ".terraform", "providers"), { force: true, recursive: true });
  const result = await stepAsync(
    "plan",
    `terraform init + plan of ${stackId} in ${path.relative(process.cwd(), stackDir)}`,
    () => planStack(tf, stackDir, [...varFlags, ...planFlags]),
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
