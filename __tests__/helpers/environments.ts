import dev from "../../config/environments/dev";

/**
 * A deep, untyped copy of the dev sample, to break one thing at a time (broken configs are, by definition,
 * not of the config type).
 */
export function devCopy(): any {
  return structuredClone(dev);
}
