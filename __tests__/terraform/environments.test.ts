/**
 * Terraform tier: the real Terraform CLI on every stack of every registered environment.
 * - `terraform validate` on every AWS stack, as a normal synth writes it (deploy provider mode); the stacks of
 *   an environment are validated in one Terraform process (validateStacks: one provider schema load), and a
 *   stack with an error is validated again on its own, so its result is exactly `terraform validate`'s;
 * - an offline `terraform plan` (offline-plan provider mode: no credentials, no network) on every AWS stack
 *   that has no cross-stack inputs (those read remote state that does not exist before a deploy).
 * Providers are installed once per run and plans initialise only the backend (scripts/terraform-cli.ts); stacks
 * run one per core, the most expensive first (a big plan started last would run alone at the end).
 * Google stacks cannot be checked here: the google provider is not in the offline mirror (see README).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pool, planStack, prepareProviders, terraformEnv, validateStacks } from "../../scripts/terraform-cli";
import { environmentOfStack } from "../../scripts/ux-environment";
import { REGISTERED } from "../helpers/environments";
import { synthToDir } from "../helpers/synth";

// Every registered environment (a new one is validated and planned without editing this file).
const ENVIRONMENTS = REGISTERED;
const CONCURRENCY = Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));

// Before any synth: without Terraform's provider mirror the file fails once, with what to set (npm test's
// preflight has normally said so already), instead of once per stack.
const tf = terraformEnv(path.join(os.tmpdir(), "cdktf-terraform-tier"));
const root = fs.mkdtempSync(path.join(os.tmpdir(), "tf-tier-"));
// Nested so the backend's project-relative state path (../../../terraform-state) stays inside `root`.
const deployOut = path.join(root, "deploy", "cdktf.out");
const offlineOut = path.join(root, "offline", "cdktf.out");
synthToDir(ENVIRONMENTS, deployOut);
synthToDir(ENVIRONMENTS, offlineOut, { providerMode: "offline-plan" });

function stackJson(outdir: string, id: string): any {
  return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", id, "cdk.tf.json"), "utf8"));
}
const allStacks = fs.readdirSync(path.join(deployOut, "stacks")).sort();
const awsStacks = allStacks.filter((id) => {
  const p = stackJson(deployOut, id).provider ?? {};
  return "aws" in p && !("google" in p);
});
const plannable = awsStacks.filter((id) => !stackJson(offlineOut, id).data?.terraform_remote_state);

/**
 * Relative cost of a terraform run on a stack, to start the longest first: every run loads the provider
 * schema, every provider configuration starts a provider process, and a plan walks the graph again.
 */
function cost(json: any, walks: number): number {
  const count = (blocks: any) =>
    Object.values(blocks ?? {}).reduce((n: number, byName: any) => n + Object.keys(byName).length, 0);
  const providers = Object.values(json.provider ?? {}).reduce((n: number, list: any) => n + list.length, 0);
  return walks * (10 + 3 * providers + 0.1 * (count(json.resource) + count(json.data)));
}

const validations = new Map<string, { valid: boolean; details: string }>();
const plans = new Map<string, { ok: boolean; output: string; counts?: { add: number } }>();

beforeAll(
  async () => {
    await prepareProviders(tf);
    const tasks: Array<{ cost: number; run: () => Promise<void> }> = [
      // One validate per environment (all its AWS stacks as modules of one root: one provider schema load).
      ...ENVIRONMENTS.map((env) => awsStacks.filter((id) => environmentOfStack(id) === env)).map((ids) => ({
        cost: ids.reduce((sum, id) => sum + cost(stackJson(deployOut, id), 1), 0),
        run: async () => {
          const dirs = ids.map((id) => path.join(deployOut, "stacks", id));
          const results = await validateStacks(tf, dirs);
          ids.forEach((id, i) => validations.set(id, results.get(dirs[i])!));
        },
      })),
      ...plannable.map((id) => ({
        cost: cost(stackJson(offlineOut, id), 2),
        run: async () => void plans.set(id, await planStack(tf, path.join(offlineOut, "stacks", id))),
      })),
    ];
    tasks.sort((x, y) => y.cost - x.cost);
    await pool(tasks, CONCURRENCY, (t) => t.run());
  },
  15 * 60 * 1000,
);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("terraform validate", () => {
  test("covers every AWS stack of every registered environment", () => {
    for (const env of ENVIRONMENTS) expect(awsStacks).toContain(`${env}-network`);
  });
  test.each(awsStacks)("%s is valid", (id) => {
    const r = validations.get(id)!;
    expect(r.details).toBe("");
    expect(r.valid).toBe(true);
  });
});

describe("offline terraform plan", () => {
  test("network stacks (no cross-stack inputs) are planned", () => {
    for (const env of ENVIRONMENTS) expect(plannable).toContain(`${env}-network`);
  });
  test.each(plannable)("%s plans every one of its resources for creation, nothing else", (id) => {
    const r = plans.get(id)!;
    if (!r.ok) throw new Error(r.output);
    const resources = Object.values<Record<string, unknown>>(stackJson(offlineOut, id).resource ?? {}).reduce(
      (n, byName) => n + Object.keys(byName).length,
      0,
    );
    expect(r.counts).toEqual({ add: resources, change: 0, destroy: 0 });
  });
});
