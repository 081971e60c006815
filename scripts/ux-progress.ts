/**
 * Progress lines for long-running commands (synth, plan, describe, diagrams). Always on stderr, so stdout stays
 * machine-readable (`npm run describe -- dev --json | jq`). Silence with `PROGRESS=0`.
 */
import { App, TerraformStack } from "cdktf";
import * as path from "path";

const enabled = () => process.env.PROGRESS !== "0";
const started = Date.now();

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Prints `[tag +elapsed] message` to stderr. */
export function progress(tag: string, message: string): void {
  if (enabled()) process.stderr.write(`[${tag} +${seconds(Date.now() - started)}] ${message}\n`);
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
