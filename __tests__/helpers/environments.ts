import { ConfigError, validateEnvironment } from "../../config";
import { ENVIRONMENTS } from "../../config/environments";
import dev from "../../config/environments/dev";

/**
 * A deep, untyped copy of the dev sample, to break one thing at a time (broken configs are, by definition,
 * not of the config type).
 */
export function devCopy(): any {
  return structuredClone(dev);
}

export const DEV_FILE = "config/environments/dev.ts";

/**
 * Validates a broken copy of an environment (the dev sample unless `base` is given) and returns the
 * ConfigError; fails the test when the config is accepted.
 */
export function rejectionOf(
  mutate: (e: any) => void,
  base: () => any = devCopy,
  file: string = DEV_FILE,
): ConfigError {
  const env = base();
  mutate(env);
  try {
    validateEnvironment(env, file);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected the config to be rejected");
}

/**
 * Every registered environment, samples and any added with `npm run new-env`: tiers that check "every
 * environment" (golden summaries, diagrams, terraform validate/plan, synth properties) iterate over these.
 */
export const REGISTERED: readonly string[] = Object.keys(ENVIRONMENTS);

/**
 * A well-formed environment name that is not registered, for "unknown environment" tests: made up here so the
 * tests keep working whatever environments a team registers (a fixed name such as "qa" breaks once it exists).
 */
export function unregisteredName(
  stem = "unregistered",
  registry: Readonly<Record<string, unknown>> = ENVIRONMENTS,
): string {
  for (let i = 0; ; i++) {
    const name = `${stem}${i || ""}`;
    if (!(name in registry)) return name;
  }
}
