import { ENVIRONMENTS } from "./environments";
import { ConfigError } from "./problems";
import { EnvironmentConfig } from "./schema";
import { validateEnvironment } from "./validate";

/** Project-relative path of an environment's file, as shown in error messages. */
export function environmentFile(name: string): string {
  return `config/environments/${name}.ts`;
}

/**
 * Parses a selection ("dev,prod", "all", or empty for all) into environment names, rejecting unknown ones
 * with the list of known names.
 */
export function selectEnvironments(
  selection: string | undefined,
  registry: Readonly<Record<string, unknown>> = ENVIRONMENTS,
): string[] {
  const known = Object.keys(registry);
  const wanted = (selection ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (wanted.length === 0 || (wanted.length === 1 && wanted[0] === "all")) return known;
  const unknown = wanted.filter((w) => !known.includes(w));
  if (unknown.length) {
    throw new Error(
      `Unknown environment(s) ${unknown.join(", ")}; known: ${known.join(", ")}. Set ENVIRONMENTS (or the cdktf context "environments") to a comma-separated subset.`,
    );
  }
  return [...new Set(wanted)];
}

/**
 * Loads and validates environments. Every selected environment is validated before any is returned, so a
 * bad file stops synth before a single stack exists; errors of several files are reported together.
 */
export function loadEnvironments(
  names: readonly string[],
  registry: Readonly<Record<string, unknown>> = ENVIRONMENTS,
): EnvironmentConfig[] {
  const configs: EnvironmentConfig[] = [];
  const errors: ConfigError[] = [];
  for (const name of names) {
    const file = environmentFile(name);
    try {
      const cfg = validateEnvironment(registry[name], file);
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
      configs.push(cfg);
    } catch (e) {
      if (e instanceof ConfigError) errors.push(e);
      else throw e;
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateConfigError(errors);
  return configs;
}

export class AggregateConfigError extends Error {
  constructor(public readonly errors: readonly ConfigError[]) {
    super(errors.map((e) => e.message).join("\n\n"));
    this.name = "ConfigError";
  }
}
