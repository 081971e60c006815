/**
 * Shared by the user-facing scripts (plan, describe, diagrams): environment names, stack ids, in-memory builds.
 */
import { App } from "cdktf";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EnvironmentConfig, loadEnvironments } from "../config";
import { ENVIRONMENTS } from "../config/environments";
import { buildEnvironment, BuildOptions, ComponentStack, failureReport, stacksOf } from "../stacks";

/** Exit code of every refusal (bad arguments, a stack the command cannot handle). */
export const EXIT_REFUSED = 2;

/** A refusal: a message saying why and what to do instead; the script prints it and exits with 2. */
export class Refusal extends Error {}

export const PROJECT_ROOT = path.resolve(__dirname, "..");

export function knownEnvironments(): string[] {
  return Object.keys(ENVIRONMENTS);
}

/** The environment a stack id `<env>-<component>` belongs to (the longest known environment prefix). */
export function environmentOfStack(stackId: string): string | undefined {
  return knownEnvironments()
    .filter((env) => stackId.startsWith(`${env}-`))
    .sort((a, b) => b.length - a.length)[0];
}

export interface BuiltEnvironment {
  readonly env: EnvironmentConfig;
  readonly app: App;
  readonly stacks: ComponentStack[];
}

/** Validates and builds one environment's stacks in a fresh App (nothing written until `app.synth()`). */
export function buildInMemory(name: string, options: BuildOptions = {}, outdir?: string): BuiltEnvironment {
  const [env] = loadEnvironments([name]);
  const app = new App({ outdir: outdir ?? fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-ux-")) });
  return { env, app, stacks: stacksOf(buildEnvironment(app, env, options)) };
}

/** Every stack id of every known environment (builds each environment in memory; used on error paths). */
export function allStackIds(): string[] {
  return knownEnvironments().flatMap((name) => buildInMemory(name).stacks.map((s) => s.node.id));
}

/** Parses `<env>` from argv, refusing an unknown one with the known list. */
export function requireEnvironment(name: string | undefined, usage: string): string {
  const known = knownEnvironments();
  if (!name) throw new Refusal(`usage: ${usage}\nknown environments: ${known.join(", ")}`);
  if (!known.includes(name))
    throw new Refusal(
      `unknown environment "${name}"; known: ${known.join(", ")}.\n` +
        "Add one with npm run new-env -- <name> --from <registered environment>.",
    );
  return name;
}

/**
 * Runs a script's main: a Refusal prints its message and exits 2; anything else (a config error, a module's
 * prop check, the policy pack) prints the same report a failed synth prints and exits 1, without a stack
 * trace unless SYNTH_DEBUG=1.
 */
export function runMain(main: () => Promise<number | void> | number | void): void {
  Promise.resolve()
    .then(main)
    .then(
      (code) => {
        process.exitCode = typeof code === "number" ? code : 0;
      },
      (e: unknown) => {
        if (e instanceof Refusal) {
          process.stderr.write(`${e.message}\n`);
          process.exitCode = EXIT_REFUSED;
          return;
        }
        process.stderr.write(`${failureReport(e)}\n`);
        if (process.env.SYNTH_DEBUG === "1" && e instanceof Error) process.stderr.write(`${e.stack}\n`);
        process.exitCode = 1;
      },
    );
}
