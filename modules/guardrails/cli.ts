/**
 * `npm run policy -- <target> [--json | --sarif] [--environment <name>] [--suppressions <file.json>]`, also
 * installed with the package as `multicloud-policy`. Exit code 0 when no unsuppressed error is found, 1 when
 * at least one is, 2 for bad usage or unreadable input.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { renderJson, renderSarif, renderTable } from "./report-formats";
import { ScanInputError, ScanSuppression, scanSynthesized } from "./scan";

export const POLICY_USAGE = `usage: policy <cdktf.out | stacks dir | cdk.tf.json> [--json | --sarif] [--environment <name>] [--suppressions <file.json>]

Checks synthesized Terraform JSON (cdktf synth output of any app) against the policy pack.
  --json                 findings as JSON
  --sarif                findings as SARIF 2.1.0 (upload to a code-scanning UI)
  --environment <name>   pick rule levels for this environment ("dev" or any other name) instead of the one
                         each stack recorded at synth
  --suppressions <file>  a JSON list of { "ruleId", "address", "reason", "stack"? } added to those each stack
                         recorded at synth
Exit code: 1 when an unsuppressed error is found, 0 otherwise, 2 for bad usage or input.`;

/** Where the command writes and which directory file paths are shown relative to. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Working directory; findings name files relative to it. */
  readonly cwd: string;
}

class UsageError extends Error {}

interface Args {
  target: string;
  format: "table" | "json" | "sarif";
  environment?: string;
  suppressionsFile?: string;
}

function parseArgs(argv: readonly string[]): Args | "help" {
  const positional: string[] = [];
  let format: Args["format"] = "table";
  let environment: string | undefined;
  let suppressionsFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === "--help" || a === "-h") return "help";
    else if (a === "--json" || a === "--sarif") {
      if (format !== "table") throw new UsageError("give one of --json and --sarif");
      format = a === "--json" ? "json" : "sarif";
    } else if (a === "--environment") environment = value();
    else if (a === "--suppressions") suppressionsFile = value();
    else if (a.startsWith("--")) throw new UsageError(`unknown flag ${a}`);
    else positional.push(a);
  }
  if (positional.length !== 1)
    throw new UsageError(
      "give exactly one target (a cdktf.out directory, a stacks directory or a cdk.tf.json)",
    );
  return { target: positional[0], format, environment, suppressionsFile };
}

function readSuppressions(file: string): ScanSuppression[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ScanInputError(`--suppressions ${file}: ${(e as Error).message}`);
  }
  const list = Array.isArray(parsed) ? parsed : [];
  const valid = list.every(
    (s: Record<string, unknown>) =>
      s &&
      ["ruleId", "address", "reason"].every(
        (k) => typeof s[k] === "string" && (s[k] as string).trim() !== "",
      ) &&
      (s.stack === undefined || typeof s.stack === "string"),
  );
  if (!Array.isArray(parsed) || !valid) {
    throw new ScanInputError(
      `--suppressions ${file}: expected a JSON list of { "ruleId", "address", "reason", "stack"? } with non-empty strings (a suppression needs its reason)`,
    );
  }
  return parsed as ScanSuppression[];
}

/** The package's version: package.json is one level up from the sources, two from dist/guardrails. */
function packageVersion(): string {
  for (const up of [[".."], ["..", ".."]]) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, ...up, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "@multicloud-platform/modules" && pkg.version) return pkg.version;
    } catch {
      // not at this level
    }
  }
  return "0.0.0";
}

/** Runs the command; returns the exit code instead of exiting, so callers and tests decide. */
export function runPolicyCli(argv: readonly string[], io: CliIo): number {
  try {
    const args = parseArgs(argv);
    if (args === "help") {
      io.out(POLICY_USAGE);
      return 0;
    }
    const result = scanSynthesized(args.target, {
      cwd: io.cwd,
      environment: args.environment,
      suppressions: args.suppressionsFile ? readSuppressions(args.suppressionsFile) : [],
    });
    if (args.format === "json") io.out(renderJson(result));
    else if (args.format === "sarif") io.out(JSON.stringify(renderSarif(result, packageVersion()), null, 2));
    else io.out(renderTable(result));
    return result.errors.length > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`policy: ${e.message}\n\n${POLICY_USAGE}`);
      return 2;
    }
    if (e instanceof ScanInputError) {
      io.err(`policy: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
