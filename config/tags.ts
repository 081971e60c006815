/*
 * Tags and labels every resource gets, decided once: the stacks put them in each provider's default_tags /
 * default_labels, and the tag checks (config/checks/tags.ts) count and check them against AWS's limits.
 */

/** Tags the project sets on every AWS resource of a stack, whatever the environment's `tags` say. */
export function projectTags(envName: string, stackId: string): Record<string, string> {
  return { Environment: envName, Stack: stackId, ManagedBy: "cdktf" };
}

/** Keys of {@link projectTags}. */
export const PROJECT_TAG_KEYS: readonly string[] = Object.keys(projectTags("env", "env-stack"));

/** Tags every AWS resource of a stack carries (a provider's default_tags): the environment's, then the project's. */
export function defaultTags(env: { name: string; tags: Readonly<Record<string, string>> }, stackId: string) {
  return { ...env.tags, ...projectTags(env.name, stackId) };
}

/**
 * Google labels allow only lowercase letters, digits, `_` and `-` (at most 63 characters) and keys start with a
 * letter (https://cloud.google.com/bigquery/docs/labels-intro, "Requirements for labels"): the provider's
 * default labels are derived from the default tags this way. The tag checks reject tags whose labels would be
 * invalid or collide.
 */
export function googleLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, "_")
    .slice(0, 63);
}

export function googleLabels(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [googleLabel(k), googleLabel(v)]));
}
