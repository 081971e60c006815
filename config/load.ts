import { nameCollisions } from "./checks/unique";
import { ENVIRONMENTS } from "./environments";
import { own } from "./lookup";
import { ConfigError, Problem } from "./problems";
import { EnvironmentConfig } from "./schema";
import { name as nameSchema } from "./schema/common";
import { validateEnvironment } from "./validate";

/** Project-relative path of an environment's file, as shown in error messages. */
export function environmentFile(name: string): string {
  return `config/environments/${name}.ts`;
}

const REGISTER_FIX =
  "to add an environment, run npm run new-env -- <name> --from <registered environment> (it writes " +
  "config/environments/<name>.ts from the blueprint and registers it in config/environments/index.ts)";

/**
 * Parses a selection ("dev,prod", "all", or empty/unset for all) into environment names. Empty or malformed
 * entries (",,,", "dev,,prod", "dev prod") and unknown names are errors, reported as a ConfigError of
 * `source` (where the selection came from), never read as "everything".
 */
export function selectEnvironments(
  selection: string | undefined,
  registry: Readonly<Record<string, unknown>> = ENVIRONMENTS,
  source = "ENVIRONMENTS",
): string[] {
  const known = Object.keys(registry);
  if (selection === undefined || selection.trim() === "" || selection.trim() === "all") return known;
  const entries = selection.split(",").map((s) => s.trim());
  const problems: Problem[] = [];
  const empty = entries.filter((e) => e === "").length;
  if (empty)
    problems.push({
      path: source,
      value: selection,
      message: `has ${empty} empty entr${empty === 1 ? "y" : "ies"} (it is never read as "all")`,
      fix: `list environment names separated by single commas, e.g. "${known.slice(0, 2).join(",")}", or leave ${source} unset for all`,
    });
  entries.forEach((entry, i) => {
    const at = `entry ${i + 1} of "${selection}"`;
    if (entry === "") return;
    if (!nameSchema.safeParse(entry).success)
      problems.push({
        path: at,
        value: entry,
        message: "is not an environment name (lowercase letters, digits and hyphens)",
        fix: `separate names with commas, e.g. "${known.slice(0, 2).join(",")}"; registered: ${known.join(", ")}`,
      });
    else if (own(registry, entry) === undefined)
      problems.push({
        path: at,
        value: entry,
        message: `is not a registered environment (registered: ${known.join(", ")})`,
        fix: REGISTER_FIX,
      });
  });
  if (problems.length) throw new ConfigError(source, problems);
  return [...new Set(entries)];
}

/**
 * Loads and validates environments. Every registered environment is validated, so names that must be unique
 * across the project (buckets, datasets, secrets, state keys) are checked against all of them whichever are
 * selected; problems are reported for the selected files, plus every collision (naming both places). A bad
 * file stops synth before a single stack exists; errors of several files are reported together.
 */
export function loadEnvironments(
  names: readonly string[],
  registry: Readonly<Record<string, unknown>> = ENVIRONMENTS,
): EnvironmentConfig[] {
  const valid = new Map<string, EnvironmentConfig>();
  const errors: ConfigError[] = [];
  for (const name of [...new Set([...Object.keys(registry), ...names])]) {
    const file = environmentFile(name);
    try {
      const cfg = validateOnce(own(registry, name), file);
      if (cfg.name !== name) {
        throw new ConfigError(file, [
          {
            path: "name",
            value: cfg.name,
            message: `does not match the file/registry name "${name}"`,
            fix: `set name: "${name}" (stack ids and state keys derive from it)`,
          },
        ]);
      }
      valid.set(name, cfg);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      // An environment nobody selected is reported when it is selected (or by `npm test`), not here.
      if (names.includes(name)) errors.push(e);
    }
  }
  for (const [file, problems] of nameCollisions([...valid.values()], environmentFile))
    errors.push(new ConfigError(file, problems));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateConfigError(errors);
  return names.map((n) => valid.get(n)!);
}

/**
 * Validation results by registry entry: every load validates every registered environment, and tests load
 * many variants of one environment next to the unchanged others. A result is reused only for the same object
 * with the same content (a mutated entry is validated again).
 */
const validated = new WeakMap<
  object,
  { file: string; text: string; result: EnvironmentConfig | ConfigError }
>();

function validateOnce(raw: unknown, file: string): EnvironmentConfig {
  let text: string;
  try {
    text = JSON.stringify(raw);
  } catch {
    // Not JSON data (a cycle, a BigInt): validation reports what is wrong; nothing to reuse.
    return validateEnvironment(raw, file);
  }
  if (!raw || typeof raw !== "object") return validateEnvironment(raw, file);
  const hit = validated.get(raw);
  if (hit && hit.file === file && hit.text === text) {
    if (hit.result instanceof ConfigError) throw hit.result;
    return structuredClone(hit.result);
  }
  try {
    const cfg = validateEnvironment(raw, file);
    validated.set(raw, { file, text, result: structuredClone(cfg) });
    return cfg;
  } catch (e) {
    if (e instanceof ConfigError) validated.set(raw, { file, text, result: e });
    throw e;
  }
}

export class AggregateConfigError extends Error {
  constructor(public readonly errors: readonly ConfigError[]) {
    super(errors.map((e) => e.message).join("\n\n"));
    this.name = "ConfigError";
  }
}
