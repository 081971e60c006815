import { App } from "cdktf";
import { loadEnvironments, selectEnvironments } from "./config";
import { buildEnvironment } from "./stacks";

// Selects environments (all by default; a subset through ENVIRONMENTS=dev,prod or the cdktf context
// "environments"), validates every one of them before any stack exists, then builds their stacks.
const app = new App();
const selection = (app.node.tryGetContext("environments") as string | undefined) ?? process.env.ENVIRONMENTS;
for (const env of loadEnvironments(selectEnvironments(selection))) buildEnvironment(app, env);
app.synth();
