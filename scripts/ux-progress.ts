/**
 * Progress lines for long-running commands (synth, plan, describe, diagrams). On stderr, so stdout stays
 * machine-readable (`npm run describe -- dev --json | jq`), except under the cdktf CLI (see infoStream).
 * Silence with `PROGRESS=0`.
 */
import { App, TerraformStack } from "cdktf";
import * as path from "path";

const enabled = () => process.env.PROGRESS !== "0";
const started = Date.now();

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/**
 * True when the cdktf CLI runs this process as its app. cdktf-cli 0.21 runs the app command with
 * CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS=true (@cdktf/cli-core src/lib/synth-stack.ts), which nothing else sets,
 * and prints every chunk the app writes to stderr as a red `[ERROR] default -` log line, while stdout chunks are
 * passed through as they are (@cdktf/commons src/util.ts `shell`/`exec`: stderr → processLoggerError).
 */
export function underCdktfCli(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS === "true";
}

/**
 * Where informational lines go: stderr, so stdout stays machine-readable (`describe --json`), except under the
 * cdktf CLI, which would show them as errors: there, stdout.
 */
export function infoStream(env: NodeJS.ProcessEnv = process.env): NodeJS.WriteStream {
  return underCdktfCli(env) ? process.stdout : process.stderr;
}

/**
 * For the app (main.ts): under the cdktf CLI, the policy pack's warnings and suppressed findings (printed with
 * console.warn) go to stdout too, so only real errors appear as `[ERROR]` lines. Errors keep console.error.
 */
export function routeInfoForCdktfCli(env: NodeJS.ProcessEnv = process.env): void {
  if (underCdktfCli(env)) console.warn = (...args: unknown[]) => console.log(...args);
}

/** Prints `[tag +elapsed] message` as an informational line (infoStream). */
export function progress(tag: string, message: string): void {
  if (enabled()) infoStream().write(`[${tag} +${seconds(Date.now() - started)}] ${message}\n`);
}

/** Runs `fn`, printing the step before and its duration after. */
export function step<T>(tag: string, message: string, fn: () => T): T {
  progress(tag, `${message} ...`);
  const t = Date.now();
  const result = fn();
  progress(tag, `${message}: done in ${seconds(Date.now() - t)}`);
  return result;
}

/** The same for async work. */
export async function stepAsync<T>(tag: string, message: string, fn: () => Promise<T>): Promise<T> {
  progress(tag, `${message} ...`);
  const t = Date.now();
  const result = await fn();
  progress(tag, `${message}: done in ${seconds(Date.now() - t)}`);
  return result;
}

interface Synthesizer {
  synthesize(session: unknown): void;
}

/**
 * Makes `app.synth()` report each stack as it is synthesized (`[synth] dev-network (1/15)`, with the time it
 * took, which includes the policy pack) and the total. Call it once, after the stacks exist and before
 * `app.synth()`; it only wraps the stacks' synthesizers, so the synthesized files are unchanged.
 */
export function reportSynthProgress(app: App): void {
  const stacks = app.node.findAll().filter(TerraformStack.isStack);
  stacks.forEach((stack, i) => {
    const holder = stack as unknown as { synthesizer: Synthesizer };
    const inner = holder.synthesizer;
    holder.synthesizer = {
      synthesize(session: unknown) {
        step("synth", `${stack.node.id} (${i + 1}/${stacks.length})`, () => inner.synthesize(session));
      },
    };
  });
  // app.synth() first prepares every stack (resolves tokens, adds cross-stack outputs and remote state).
  let preparing = false;
  for (const stack of stacks) {
    const prepare = stack.prepareStack.bind(stack);
    stack.prepareStack = () => {
      if (!preparing) progress("synth", "resolving references and cross-stack inputs of every stack ...");
      preparing = true;
      prepare();
    };
  }
  const synth = app.synth.bind(app);
  app.synth = () =>
    step("synth", `${stacks.length} stack(s) into ${path.relative(process.cwd(), app.outdir) || "."}`, synth);
}
