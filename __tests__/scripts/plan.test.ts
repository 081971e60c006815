/**
 * `npm run plan -- <stack>`: refusals (exit 2 with a reason and what to do instead). The real offline plan
 * through the command, of a consumer stack against a synthetic producer state, is in the terraform tier
 * (__tests__/terraform/plan-command.test.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { unregisteredName } from "../helpers/environments";
import { runScript } from "./run-script";

// One level below a root of its own, so the offline backend's ../../../terraform-state stays inside it.
const root = fs.mkdtempSync(path.join(os.tmpdir(), "plan-command-"));
const env = { PLAN_OUTDIR: path.join(root, "cdktf.out.offline") };

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("npm run plan refuses", () => {
  test("an unknown stack, listing the known ones", async () => {
    const unknown = `${unregisteredName()}-network`;
    const r = await runScript("plan.ts", [unknown], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`unknown stack "${unknown}"`);
    for (const id of ["dev-network", "staging-network", "prod-network", "dev-bigquery"])
      expect(r.stderr).toContain(`  ${id}\n`);
  }, 120_000);

  test("a Google stack: not in the offline mirror, use cdktf diff with credentials", async () => {
    const r = await runScript("plan.ts", ["dev-bigquery"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "dev-bigquery uses the google provider, which is not in the offline provider mirror",
    );
    expect(r.stderr).toContain("npx cdktf diff dev-bigquery");
    // Refused before synth: nothing written for the stack.
    expect(fs.existsSync(path.join(env.PLAN_OUTDIR, "stacks", "dev-bigquery", "cdk.tf.json"))).toBe(false);
  }, 120_000);
});
