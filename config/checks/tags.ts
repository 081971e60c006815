import { Problems } from "../problems";
import { EnvironmentConfig } from "../schema";
import { googleLabel, PROJECT_TAG_KEYS, projectTags } from "../tags";

/*
 * AWS tag limits, checked before synth instead of failing at apply. General rules (AWS Batch/EMR user guides,
 * "Tag restrictions", e.g. https://docs.aws.amazon.com/batch/latest/userguide/tag-restrictions.html):
 * "Maximum number of tags per resource – 50", "Maximum key length – 128 Unicode characters in UTF-8",
 * "Maximum value length – 256 Unicode characters", and "Don't use aws:, AWS:, or any upper or lowercase
 * combination of such as a prefix for either keys or values". The EC2 API's Tag shape says keys "accept a
 * maximum of 127 Unicode characters" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Tag.html),
 * and default tags reach EC2 resources, so keys stop at 127.
 *
 * Characters: the IAM API's pattern `[\p{L}\p{Z}\p{N}_.:/=+\-@]` (https://docs.aws.amazon.com/IAM/latest/
 * APIReference/API_Tag.html) for resource tags; the environment's `tags` become provider default_tags, which
 * reach every resource, including AppFlow flows (key pattern `[a-zA-Z+-=._:/]+`: no space, no `@`,
 * https://docs.aws.amazon.com/appflow/1.0/APIReference/API_CreateFlow.html) and IAM Roles Anywhere anchors
 * (ASCII only, https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_Tag.html), so they use the
 * intersection. IAM user and role tag keys are case-insensitive ("you cannot have separate Department and
 * department tag keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html): keys differing only by
 * case fail the whole CreateRole call ("Duplicate tag keys found").
 */
const MAX_TAGS = 50;
const MAX_KEY_CHARS = 127;
const MAX_VALUE_CHARS = 256;
const RESERVED_PREFIX = /^aws:/i;
const RESOURCE_TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const DEFAULT_TAG_KEY = /^[A-Za-z0-9_.:/=+-]*$/;
const DEFAULT_TAG_VALUE = /^[A-Za-z0-9 _.:/=+@-]*$/;
/**
 * Tags the modules and stacks add to one resource on top of the default and configured tags (`Name`, `Tier`,
 * the EMR subnet tag, `Component`): kept free under the limit of 50. The synthesized-JSON property test
 * (__tests__/stacks/synth-properties.test.ts) fails if a resource ever gets more.
 */
export const STACK_TAG_SLOTS = 4;
/**
 * Google adds `goog-terraform-provisioned` to every labelled resource (google provider 6.0.0 release notes),
 * so 63 of the 64 labels a resource may carry (https://cloud.google.com/bigquery/docs/labels-intro) are ours.
 */
const MAX_GOOGLE_LABELS = 63;

/** Unicode characters (code points), as AWS counts them, not UTF-16 units. */
const chars = (s: string) => [...s].length;

/**
 * The environment's `tags` (every resource's default tags) and every other tag map of the config: a key
 * `tags` holds tags applied to resources, a key ending in `Tags` (`targetResourceTags`) tags matched on
 * resources. Walks the sections that parsed, so tag maps of new sections are covered too.
 */
export function checkTags(cfg: EnvironmentConfig, p: Problems): void {
  const defaults = cfg.tags ?? {};
  checkTagMap(defaults, "tags", true, p);
  checkDefaultOverrides(cfg, p);
  const defaultKeys = new Set([...Object.keys(defaults), ...PROJECT_TAG_KEYS].map((k) => k.toLowerCase()));
  if (defaultKeys.size + STACK_TAG_SLOTS > MAX_TAGS)
    p.add(
      "tags",
      `${Object.keys(defaults).length} tags`,
      `leaves too few of the ${MAX_TAGS} tags a resource may carry: with the project's ${PROJECT_TAG_KEYS.join(", ")} and up to ${STACK_TAG_SLOTS} tags the modules add, a resource would get ${defaultKeys.size + STACK_TAG_SLOTS}`,
      `keep at most ${MAX_TAGS - STACK_TAG_SLOTS - PROJECT_TAG_KEYS.length} tags in tags`,
    );
  for (const [section, value] of Object.entries(cfg)) {
    if (section === "tags") continue;
    findTagMaps(value, section, (map, at, applied) => {
      checkTagMap(map, at, false, p);
      if (!applied) return;
      for (const key of Object.keys(map)) {
        if (defaultKeys.has(key.toLowerCase()))
          p.add(
            `${at}.${key}`,
            map[key],
            "repeats a default tag of every resource (the environment's tags or the project's Environment, Stack, ManagedBy)",
            "remove it here: a resource tag would override the default tag, and keys differing only by case fail IAM's CreateRole",
          );
      }
      const total = new Set([...defaultKeys, ...Object.keys(map).map((k) => k.toLowerCase())]).size;
      // An empty map adds nothing: the default tags alone are reported above.
      if (Object.keys(map).length > 0 && total + STACK_TAG_SLOTS > MAX_TAGS)
        p.add(
          at,
          `${Object.keys(map).length} tags`,
          `gives a resource ${total} tags with the default tags (plus up to ${STACK_TAG_SLOTS} added by the modules); AWS allows ${MAX_TAGS}`,
          `remove tags until tags plus ${at} hold at most ${MAX_TAGS - STACK_TAG_SLOTS} distinct keys`,
        );
    });
  }
  if (cfg.bigquery) checkGoogleLabels(cfg, p);
}

/** Calls `visit` for each tag map below `value`: `tags` (applied, true) and `*Tags` (matched, false). */
function findTagMaps(
  value: unknown,
  at: string,
  visit: (map: Record<string, string>, at: string, applied: boolean) => void,
): void {
  if (!value || typeof value !== "object") return;
  for (const [key, v] of Object.entries(value)) {
    const path = Array.isArray(value) ? `${at}[${key}]` : `${at}.${key}`;
    if ((key === "tags" || /Tags$/.test(key)) && isStringMap(v)) visit(v, path, key === "tags");
    else findTagMaps(v, path, visit);
  }
}

function isStringMap(v: unknown): v is Record<string, string> {
  return (
    !!v && typeof v === "object" && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string")
  );
}

function checkTagMap(
  map: Readonly<Record<string, string>>,
  at: string,
  isDefault: boolean,
  p: Problems,
): void {
  const keyText = isDefault ? DEFAULT_TAG_KEY : RESOURCE_TAG_TEXT;
  const valueText = isDefault ? DEFAULT_TAG_VALUE : RESOURCE_TAG_TEXT;
  const allowed = isDefault
    ? "keys: ASCII letters, digits and _ . : / = + - (they reach AppFlow, which refuses spaces and @); values: ASCII letters, digits, spaces and _ . : / = + - @"
    : "letters, digits, spaces and _ . : / = + - @";
  const seen = new Map<string, string>();
  for (const [key, value] of Object.entries(map)) {
    const kp = `${at}.${key}`;
    if (key === "" || chars(key) > MAX_KEY_CHARS)
      p.add(
        kp,
        key,
        `is a tag key of ${chars(key)} characters; AWS allows 1 to ${MAX_KEY_CHARS}`,
        "shorten the key",
      );
    if (chars(value) > MAX_VALUE_CHARS)
      p.add(
        kp,
        `${value.slice(0, 40)}...`,
        `is a tag value of ${chars(value)} characters; AWS allows at most ${MAX_VALUE_CHARS}`,
        "shorten the value (tags label resources; put long text in a description)",
      );
    if (!keyText.test(key))
      p.add(
        kp,
        key,
        "has a character AWS does not allow in this tag key (line breaks, emoji and symbols are refused)",
        `use ${allowed}`,
      );
    if (!valueText.test(value))
      p.add(
        kp,
        value,
        "has a character AWS does not allow in this tag value (line breaks, emoji and symbols are refused)",
        `use ${allowed}`,
      );
    if (RESERVED_PREFIX.test(key) || RESERVED_PREFIX.test(value))
      p.add(
        kp,
        RESERVED_PREFIX.test(key) ? key : value,
        'starts with "aws:", a prefix AWS reserves for its own tags (in any letter case)',
        "rename the key or value without the aws: prefix",
      );
    const lower = key.toLowerCase();
    const first = seen.get(lower);
    if (first !== undefined)
      p.add(
        kp,
        key,
        `differs from ${at}.${first} only by letter case; IAM treats tag keys case-insensitively and refuses both ("Duplicate tag keys found")`,
        "keep one spelling of the key",
      );
    else seen.set(lower, key);
  }
  if (Object.keys(map).length > MAX_TAGS)
    p.add(
      at,
      `${Object.keys(map).length} tags`,
      `has more than the ${MAX_TAGS} tags AWS allows per resource`,
      "remove tags",
    );
}

/** The environment's tags may repeat a project tag only with the project's value (otherwise it is silently replaced). */
function checkDefaultOverrides(cfg: EnvironmentConfig, p: Problems): void {
  const project = projectTags(cfg.name, `${cfg.name}-<component>`);
  for (const [key, value] of Object.entries(cfg.tags ?? {})) {
    const match = PROJECT_TAG_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
    if (!match) continue;
    // Only a redundant copy of the project's own value is harmless (Stack differs per stack, so never).
    if (match === key && key !== "Stack" && project[match] === value) continue;
    p.add(
      `tags.${key}`,
      value,
      match === key
        ? `would be replaced by the project's default tag ${match} = "${project[match]}" on every resource`
        : `differs only by letter case from the project's default tag ${match}, and IAM refuses keys that differ only by case`,
      `remove it: the project sets ${PROJECT_TAG_KEYS.join(", ")} on every resource itself`,
    );
  }
}

/** The Google provider's default labels come from the default tags: they must stay valid and distinct. */
function checkGoogleLabels(cfg: EnvironmentConfig, p: Problems): void {
  const tags = { ...(cfg.tags ?? {}), ...projectTags(cfg.name, `${cfg.name}-bigquery`) };
  const byLabel = new Map<string, string>();
  for (const key of Object.keys(tags)) {
    const label = googleLabel(key);
    if (!/^[a-z]/.test(label))
      p.add(
        `tags.${key}`,
        key,
        `becomes the Google label key "${label}" on the BigQuery resources, and label keys must start with a lowercase letter`,
        "start the tag key with a letter",
      );
    const other = byLabel.get(label);
    if (other !== undefined)
      p.add(
        `tags.${key}`,
        key,
        `becomes the same Google label key "${label}" as tag ${other} (labels are lowercase, other characters become _), so one would be lost`,
        "rename one of the two tags",
      );
    else byLabel.set(label, key);
  }
  const labels = cfg.bigquery?.labels ?? {};
  const total = new Set([...byLabel.keys(), ...Object.keys(labels)]).size;
  if (total > MAX_GOOGLE_LABELS)
    p.add(
      "bigquery.labels",
      `${Object.keys(labels).length} labels`,
      `gives the dataset ${total} labels with the ones derived from tags; Google allows ${MAX_GOOGLE_LABELS} besides goog-terraform-provisioned`,
      "remove labels or tags",
    );
}
