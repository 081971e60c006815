/**
 * `npm run plan -- <stack>` for real: an offline terraform plan through the command (terraform tier: needs a
 * provider mirror, TF_PROVIDER_MIRROR or found; without one the test fails with the harness's message, it is
 * not skipped). Plans dev-ingest, a consumer: its remote state of dev-network is a synthetic state built from
 * dev-network's outputs. This is dev-ingest's real-provider plan in the tier (environments.test.ts does not
 * repeat it).
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

describe("npm run plan -- dev-ingest", () => {
  test(
    "plans a consumer offline against a synthetic state of its producer, and prints a summary line",
    async () => {
      // Fails here, with what to set, when no provider mirror is set or found, or it lacks the provider.
      terraformEnv();
      const r = await runScript("plan.ts", ["dev-ingest"], env, 10 * 60 * 1000);
      if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stderr}\n${r.stdout}`);
      const resources = Object.values<Record<string, unknown>>(
        JSON.parse(fs.readFileSync(path.join(env.PLAN_OUTDIR, "stacks", "dev-ingest", "cdk.tf.json"), "utf8"))
          .resource,
      ).reduce((n, byName) => n + Object.keys(byName).length, 0);
      expect(r.stdout).toContain(`Plan: ${resources} to add, 0 to change, 0 to destroy`);
      // The NAT Elastic IPs read from the synthetic dev-network state become the data store's /32 rules.
      expect(r.stdout).toMatch(/cidr_ipv4 += "198\.51\.100\.7\/32"/);
      expect(r.stdout).toMatch(/dev-ingest: offline plan OK: \d+ to add, 0 to change, 0 to destroy/);
      expect(r.stderr).toMatch(/installing providers from (TF_PROVIDER_MIRROR=|found at )/);
      expect(r.stderr).toContain(
        "dev-ingest reads outputs of dev-network: planning against a synthetic state",
      );
      const state = JSON.parse(
        fs.readFileSync(path.join(root, "terraform-state", "offline", "dev-network.tfstate"), "utf8"),
      );
      expect(Object.keys(state.outputs).length).toBeGreaterThan(0);
      expect(r.stderr).toContain("terraform init + plan of dev-ingest");
    },
    10 * 60 * 1000,
  );
});
