/**
 * Golden summaries: for each environment, every resource address and the attributes whose change makes
 * Terraform replace the resource (REPLACE_FORCING_ARGUMENTS of the modules' core). They are committed under __tests__/golden/, so a config or module change
 * that would replace (destroy + create) a resource shows up as a diff in review, and the unit tests fail until
 * the summary is regenerated on purpose:
 *
 *   npm run golden            # rewrite __tests__/golden/<env>.txt after an intended change
 */
import { App } from "cdktf";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadEnvironments, selectEnvironments } from "../config";
import { buildEnvironment } from "../stacks";
import { STATEFUL_RESOURCE_TYPES } from "../stacks/stateful";
import { REPLACE_FORCING_ARGUMENTS } from "@multicloud-platform/modules/core";

/** The part of a synthesized cdk.tf.json the summary reads. */
export interface StackJson {
  readonly resource?: Record<
    string,
    Record<string, Record<string, unknown> & { lifecycle?: { prevent_destroy?: boolean } }>
  >;
}

/** One line per resource, sorted: `<stack> <type>.<name>[ stateful] attr=value ...`. */
export function goldenSummary(stacks: Record<string, StackJson>): string {
  const lines: string[] = [];
  for (const [stackId, json] of Object.entries(stacks).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      for (const [name, cfg] of Object.entries(byName)) {
        const attrs = (REPLACE_FORCING_ARGUMENTS[type] ?? [])
          .filter((a) => cfg[a] !== undefined)
          .map((a) => `${a}=${JSON.stringify(cfg[a])}`);
        const flags = STATEFUL_RESOURCE_TYPES.includes(type)
          ? [cfg.lifecycle?.prevent_destroy ? "stateful,protected" : "stateful"]
          : [];
        lines.push([`${stackId} ${type}.${name}`, ...flags.map((f) => `[${f}]`), ...attrs].join(" "));
      }
    }
  }
  return `${lines.sort().join("\n")}\n`;
}

/** Reads every stack's cdk.tf.json from a synthesized outdir, by stack id. */
export function readStacks(outdir: string): Record<string, StackJson> {
  const dir = path.join(outdir, "stacks");
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .map((id) => [id, JSON.parse(fs.readFileSync(path.join(dir, id, "cdk.tf.json"), "utf8"))]),
  );
}

/**
 * Synthesizes one environment for real (aspects such as stateful-resource protection and the policy pack
 * run, exactly as in `npm run synth`) into a temporary directory and summarises it.
 */
export function summarizeEnvironment(name: string): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "golden-"));
  try {
    const app = new App({ outdir });
    for (const env of loadEnvironments([name])) buildEnvironment(app, env);
    app.synth();
    return goldenSummary(readStacks(outdir));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

export const GOLDEN_DIR = path.join(__dirname, "..", "__tests__", "golden");

if (require.main === module) {
  fs.mkdirSync(GOLDEN_DIR, { recursive: true });
  for (const name of selectEnvironments(process.env.ENVIRONMENTS)) {
    const file = path.join(GOLDEN_DIR, `${name}.txt`);
    fs.writeFileSync(file, summarizeEnvironment(name));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}
