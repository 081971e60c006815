import { redactSecrets } from "@multicloud-platform/modules/core";
import { App } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import { failureReport } from "./report";

/*
 * All or nothing: a synth that fails anywhere (config, a module's prop check, the policy pack of any stack)
 * writes no stack and leaves nothing of an earlier run that looks current. cdktf writes stacks one by one
 * into its outdir (a stack failing the policy pack after others were written left those behind), so:
 * 1. the previous output is invalidated first (manifest.json and every stack's synthesized files go; the
 *    Terraform working files in a stack directory, `.terraform/` and its lock file, stay, so `cdktf deploy`
 *    does not reinstall providers);
 * 2. the app synthesizes into a fresh directory inside the outdir;
 * 3. only when every stack is written are they moved into place, manifest.json last (the cdktf CLI reads it
 *    once the app exits, from CDKTF_OUTDIR).
 */

/** Entries of a stack directory that belong to Terraform, not to synth (kept across runs). */
const TERRAFORM_WORKING_FILES = /^(\.terraform(\.lock\.hcl)?|terraform\.tfstate.*)$/;

export interface SynthOptions {
  /** @default - CDKTF_OUTDIR, else cdktf.out (as cdktf's App) */
  readonly outdir?: string;
  /** Where the failure report goes. @default - stderr */
  readonly report?: (text: string) => void;
}

/**
 * Creates the App, lets `build` add the stacks, synthesizes, and publishes the result all or nothing. A
 * failure prints one report (no stack trace) and returns exit code 1; success returns 0.
 */
export function synthesizeApp(build: (app: App) => void, options: SynthOptions = {}): number {
  const outdir = path.resolve(options.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out");
  const report = options.report ?? ((text: string) => process.stderr.write(`${text}\n`));
  invalidate(outdir);
  const staging = path.join(outdir, `${STAGING_PREFIX}${process.pid}`);
  fs.mkdirSync(staging, { recursive: true });
  try {
    const app = new App({ outdir: staging });
    build(app);
    app.synth();
    publish(staging, outdir);
    return 0;
  } catch (e) {
    invalidate(outdir);
    report(
      `${failureReport(e)}\n\nsynth failed: nothing was written to ${shown(outdir)}/ ` +
        "(the output of earlier runs was removed, so nothing there looks current)",
    );
    if (process.env.SYNTH_DEBUG === "1" && e instanceof Error && e.stack) report(redactSecrets(e.stack));
    return 1;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The outdir as the user named it: relative to the working directory when inside it. */
function shown(outdir: string): string {
  const rel = path.relative(process.cwd(), outdir);
  return rel === "" ? "." : rel.startsWith("..") ? outdir : rel;
}

function stackDirs(outdir: string): string[] {
  const dir = path.join(outdir, "stacks");
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => path.join(dir, d.name))
    : [];
}

/** Staging directories inside the outdir: `.synth-<pid>`. */
const STAGING_PREFIX = ".synth-";

/**
 * Removes the manifest, everything synth wrote into each stack directory, and staging directories a killed
 * run left behind.
 */
function invalidate(outdir: string): void {
  fs.rmSync(path.join(outdir, "manifest.json"), { force: true });
  if (fs.existsSync(outdir))
    for (const entry of fs.readdirSync(outdir))
      if (entry.startsWith(STAGING_PREFIX))
        fs.rmSync(path.join(outdir, entry), { recursive: true, force: true });
  for (const dir of stackDirs(outdir)) {
    for (const entry of fs.readdirSync(dir))
      if (!TERRAFORM_WORKING_FILES.test(entry))
        fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  }
}

/** Moves a complete synth from `staging` into `outdir`; stack directories of stacks that no longer exist go. */
function publish(staging: string, outdir: string): void {
  const fresh = new Set(stackDirs(staging).map((d) => path.basename(d)));
  for (const dir of stackDirs(outdir))
    if (!fresh.has(path.basename(dir))) fs.rmSync(dir, { recursive: true });
  for (const dir of stackDirs(staging)) {
    const target = path.join(outdir, "stacks", path.basename(dir));
    fs.mkdirSync(target, { recursive: true });
    for (const entry of fs.readdirSync(dir)) fs.renameSync(path.join(dir, entry), path.join(target, entry));
  }
  for (const entry of fs.readdirSync(staging))
    if (entry !== "stacks" && entry !== "manifest.json")
      fs.renameSync(path.join(staging, entry), path.join(outdir, entry));
  fs.renameSync(path.join(staging, "manifest.json"), path.join(outdir, "manifest.json"));
}
