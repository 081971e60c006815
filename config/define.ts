import { EnvironmentInput } from "./schema";

/** Typed identity for environment files: gives editor completion and type errors while writing config. */
export function defineEnvironment(env: EnvironmentInput): EnvironmentInput {
  return env;
}
