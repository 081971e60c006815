/**
 * Terraform tier: an offline plan proves that nothing a config or a module caller writes is evaluated by
 * Terraform. Before issue 13, `${file("/etc/passwd")}` in a tag of dev reached the plan of dev-identity with
 * the file's contents in tags_all; now config refuses it, a module refuses it when given directly, and text
 * that merely looks like a template (a `$`, a `%`, braces, an escaped `$${…}`) is planned literally.
 */
import { App } from "cdktf";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError, loadEnvironments } from "../../config";
import { ENVIRONMENTS } from "../../config/environments";
import { planStack, prepareProviders, terraformEnv } from "../../scripts/terraform-cli";
import { IdentityStack } from "../../stacks";
import { devCopy } from "../helpers/environments";

const LITERAL = "100% of $5 {not a template} %HOME%";

test("config refuses a template sequence before anything is synthesized", () => {
  const dev = devCopy();
  dev.tags.Owner = '${file("/etc/passwd")}';
  expect(() => loadEnvironments(["dev"], { ...ENVIRONMENTS, dev })).toThrow(ConfigError);
});

test("an offline plan of dev-identity shows look-alike text literally and evaluates nothing", async () => {
  const dev = devCopy();
  dev.identity.rolesAnywhere.secrets["claims-export-token"].description = LITERAL;
  const [env] = loadEnvironments(["dev"], { ...ENVIRONMENTS, dev });
  // Nested so the offline backend's project-relative state path stays inside the temp root.
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tf-injection-")), "x", "cdktf.out");
  fs.mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  new IdentityStack(app, env, { providerMode: "offline-plan" });
  app.synth();

  const tf = terraformEnv(path.join(os.tmpdir(), "cdktf-terraform-tier"));
  await prepareProviders(tf);
  const r = await planStack(tf, path.join(outdir, "stacks", "dev-identity"), ["-no-color"]);
  if (!r.ok) throw new Error(r.output);
  expect(r.output).toContain(`+ description                    = "${LITERAL}"`);
  // The module's escaped IAM policy variable ($${aws:SourceIdentity}) reaches the policy as the literal.
  expect(r.output).toContain('"redshift:DbUser" = "${aws:SourceIdentity}"');
  expect(r.output).not.toMatch(/root:x:0:0/);
}, 300_000);
