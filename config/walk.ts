/**
 * Visits every string of a config as written (values and map keys, in every section, including sections
 * added later), with its config path. Whole-config checks (template sequences, secrets, tags) walk strings
 * instead of listing fields, so a new schema section is covered without a change here.
 */
export interface ConfigString {
  /** Config path of the value, or of the entry whose key this is (`tags.Owner`). */
  readonly path: string;
  /** The key the value sits under (`Owner`), or the key itself when `isKey`. */
  readonly key: string;
  readonly text: string;
  /** True when `text` is a map key rather than a value. */
  readonly isKey: boolean;
}

/** Calls `visit` for every string value and key reachable through plain objects and arrays. */
export function walkStrings(value: unknown, visit: (s: ConfigString) => void): void {
  walk(value, "", "", new Set(), visit);
}

function walk(
  value: unknown,
  at: string,
  key: string,
  seen: Set<unknown>,
  visit: (s: ConfigString) => void,
): void {
  if (typeof value === "string") {
    visit({ path: at || "(root)", key, text: value, isKey: false });
    return;
  }
  if (!value || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${at}[${i}]`, key, seen, visit));
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    const path = at ? `${at}.${k}` : k;
    visit({ path, key: k, text: k, isKey: true });
    walk(v, path, k, seen, visit);
  }
}
