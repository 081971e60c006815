/**
 * `npm run plan -- <stack>` for real: an offline terraform plan through the command (terraform tier: needs a
 * provider mirror, TF_PROVIDER_MIRROR or found; without one the test fails with the harness's message, it is
 * not skipped). Plans the small dev-identity stack: the network stacks are already planned by
 * environments.test.ts.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { terraformEnv } from "../../scripts/terraform-cli";
import { runScript } from "../scripts/run-script";

// One level below a root of its own, so the offline backend's ../../../terraform-state stays inside it.
const root = fs.mkdtempSync(path.join(os.tmpdir(), "plan-command-"));
const env = { PLAN_OUTDIR: path.join(root, "cdktf.out.offline") };

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("npm run plan -- dev-identity", () => {
  test(
    "runs an offline terraform plan and prints it with a summary line",
    async () => {
      // Fails here, with what to set, when no provider mirror is set or found, or it lacks the provider.
      terraformEnv(path.join(root, "probe"));
      const r = await runScript("plan.ts", ["dev-identity"], env, 10 * 60 * 1000);
      if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stderr}\n${r.stdout}`);
      expect(r.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);
      expect(r.stdout).toContain("aws_rolesanywhere_trust_anchor.");
      expect(r.stdout).toMatch(/dev-identity: offline plan OK: \d+ to add, 0 to change, 0 to destroy/);
      expect(r.stderr).toMatch(/installing providers from (TF_PROVIDER_MIRROR=|found at )/);
      expect(r.stderr).toContain("terraform init + plan of dev-identity");
    },
    10 * 60 * 1000,
  );
});
