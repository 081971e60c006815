/**
 * Where one synth of the sample environments spends its time, phase by phase (a diagnostic for the numbers
 * `npm run bench` reports; not a budget check):
 *
 *   node --import tsx bench/phases.ts [--no-source-maps]   (CDKTF_OUTDIR defaults to a temporary directory)
 *
 * --no-source-maps turns off the source maps tsx turns on, to show what they cost: with them on, Node parses
 * the inline source map of every module it loads and maps every frame of every stack trace cdktf captures.
 *
 * Phases follow main.ts: import cdktf, import config/ and stacks/ (with modules/ and providers), load and
 * validate the environments, build the stacks, app.synth(). It also counts TerraformStack.toTerraform()
 * calls: each resolves every token of a stack, so more calls than stacks means repeated work.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

if (process.argv.includes("--no-source-maps")) process.setSourceMapsEnabled(false);
process.env.CDKTF_OUTDIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-phases-"));
const started = performance.now();
let last = started;
const rows: Array<[string, number]> = [];
const lap = (label: string): void => {
  const now = performance.now();
  rows.push([label, now - last]);
  last = now;
};

/* eslint-disable @typescript-eslint/no-require-imports -- imports are timed one by one, in main.ts's order */
const { App, TerraformStack } = require("cdktf") as typeof import("cdktf");
lap("import cdktf");
const config = require("../config") as typeof import("../config");
lap("import config/");
const stacks = require("../stacks") as typeof import("../stacks");
lap("import stacks/ (modules, providers, policy pack)");
/* eslint-enable @typescript-eslint/no-require-imports */

let resolveMs = 0;
let resolveCalls = 0;
const toTerraform = TerraformStack.prototype.toTerraform;
TerraformStack.prototype.toTerraform = function (this: InstanceType<typeof TerraformStack>) {
  const t = performance.now();
  try {
    return toTerraform.call(this);
  } finally {
    resolveMs += performance.now() - t;
    resolveCalls++;
  }
};

const envs = config.loadEnvironments(config.selectEnvironments(process.env.ENVIRONMENTS));
lap(`load + validate ${envs.length} environments`);
const app = new App();
for (const env of envs) stacks.buildEnvironment(app, env);
const stackCount = app.node.findAll().filter((c) => TerraformStack.isStack(c)).length;
lap(`build ${stackCount} stacks`);
app.synth();
lap("app.synth()");

const width = Math.max(...rows.map(([l]) => l.length));
for (const [label, ms] of rows) console.log(`${label.padEnd(width)}  ${ms.toFixed(0).padStart(6)} ms`);
console.log(
  `${"total (in process)".padEnd(width)}  ${(performance.now() - started).toFixed(0).padStart(6)} ms`,
);
console.log(
  `toTerraform(): ${resolveCalls} calls for ${stackCount} stacks, ${resolveMs.toFixed(0)} ms (inside build + synth)`,
);
