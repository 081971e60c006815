import { loadEnvironments, selectEnvironments } from "./config";
import { progress, reportSynthProgress, routeInfoForCdktfCli } from "./scripts/ux-progress";
import { buildEnvironment, synthesizeApp } from "./stacks";

// Selects environments (all by default; a subset through ENVIRONMENTS=dev,prod or the cdktf context
// "environments"), validates every one of them before any stack exists, then builds their stacks.
// synthesizeApp writes all stacks or none and prints a failure as one report (exit code 1).
// Progress goes to stderr (PROGRESS=0 silences it); under the cdktf CLI, informational output goes to stdout.
routeInfoForCdktfCli();
process.exitCode = synthesizeApp((app) => {
  const context = app.node.tryGetContext("environments") as string | undefined;
  const selection = context ?? process.env.ENVIRONMENTS;
  const source = context !== undefined ? 'the cdktf.json context "environments"' : "ENVIRONMENTS";
  for (const env of loadEnvironments(selectEnvironments(selection, undefined, source))) {
    progress("synth", `building environment ${env.name} (stage ${env.stage})`);
    buildEnvironment(app, env);
  }
  reportSynthProgress(app);
});
