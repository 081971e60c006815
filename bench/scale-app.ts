/**
 * The scaling app of the benchmark: main.ts with a registry of BENCH_ENVS generated environments (built from
 * the dev sample's params, see generate.ts) instead of the sample registry. Keep it in step with main.ts.
 */
import { App } from "cdktf";
import { loadEnvironments } from "../config";
import { buildEnvironment } from "../stacks";
import { generateEnvironments } from "./generate";

const count = Number(process.env.BENCH_ENVS ?? "1");
if (!Number.isInteger(count) || count < 1)
  throw new Error(`BENCH_ENVS must be a positive integer, got ${count}`);
const registry = generateEnvironments(count);
const app = new App();
for (const env of loadEnvironments(Object.keys(registry), registry)) buildEnvironment(app, env);
app.synth();
