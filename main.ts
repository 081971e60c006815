import { App } from "cdktf";
import { loadEnvironments, selectEnvironments } from "./config";
import { progress, reportSynthProgress } from "./scripts/ux-progress";
import { buildEnvironment } from "./stacks";

// Selects environments (all by default; a subset through ENVIRONMENTS=dev,prod or the cdktf context
// "environments"), validates every one of them before any stack exists, then builds their stacks.
// Progress goes to stderr (PROGRESS=0 silences it).
const app = new App();
const selection = (app.node.tryGetContext("environments") as string | undefined) ?? process.env.ENVIRONMENTS;
for (const env of loadEnvironments(selectEnvironments(selection))) {
  progress("synth", `building environment ${env.name} (stage ${env.stage})`);
  buildEnvironment(app, env);
}
reportSynthProgress(app);
app.synth();
