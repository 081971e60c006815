import { IConstruct } from "constructs";
import { ensure } from "./errors";

/*
 * Terraform evaluates every string of a `.tf.json` file as a template: "When a JSON string is encountered in
 * a location where arbitrary expressions are expected, its value is first parsed as a string template"
 * (https://developer.hashicorp.com/terraform/language/syntax/json, "Expression Mapping"). So a literal
 * `${file("/etc/passwd")}` in a tag or a description is read from the machine that runs the plan, and `%{…}`
 * is a directive. cdktf 0.21 writes plain strings unchanged (only its own `${TfToken[…]}` markers become
 * references). The escapes are `$${` and `%%{`
 * (https://developer.hashicorp.com/terraform/language/expressions/strings): with two or more `$` (or `%`)
 * before `{`, the last pair is the escape and nothing is evaluated (checked with `terraform console`:
 * "x$${1+1}" → x${1+1}, "x$$${1+1}" → x$${1+1}).
 */

/** cdktf's encoding of a string token inside a string (cdktf/lib/tokens/private/encoding.js). */
const CDKTF_STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;
/** A `${` or `%{` that Terraform would evaluate: exactly one `$`/`%` before the brace. */
const LIVE_SEQUENCE = /(?:^|[^$])(\$\{)|(?:^|[^%])(%\{)/;

/**
 * The first template sequence Terraform would evaluate in `s` (`${` or `%{`), ignoring cdktf's own token
 * markers and the escaped forms `$${` / `%%{`; undefined when there is none.
 */
export function liveTemplateSequence(s: string): "${" | "%{" | undefined {
  const m = LIVE_SEQUENCE.exec(s.replace(CDKTF_STRING_TOKEN, ""));
  if (!m) return undefined;
  return m[1] ? "${" : "%{";
}

const FIX =
  "remove the sequence: this value is literal text, and Terraform would evaluate it as an expression at plan " +
  "time; if a literal is really meant, escape it as $${ or %%{";

/** A literal string prop must not carry a live Terraform template sequence (tokens are skipped). */
export function checkNoTemplateSequence(scope: IConstruct, prop: string, value: string | undefined): void {
  if (typeof value !== "string") return;
  const seq = liveTemplateSequence(value);
  ensure(
    seq === undefined,
    scope,
    prop,
    value,
    `contains "${seq}", which Terraform would evaluate as a template ${seq === "${" ? "interpolation" : "directive"}`,
    FIX,
  );
}

/**
 * Walks a props object (plain objects and arrays only: constructs, providers and other class instances are
 * not props data) and checks every string value and map key with {@link checkNoTemplateSequence}. Modules
 * call it first, so a literal from any caller (this project's config layer or another team's app) never
 * reaches the JSON as a live expression.
 */
export function checkLiteralStrings(scope: IConstruct, props: unknown, prefix = ""): void {
  walk(props, prefix, new Set(), (prop, s) => checkNoTemplateSequence(scope, prop, s));
}

function walk(
  value: unknown,
  at: string,
  seen: Set<unknown>,
  visit: (prop: string, s: string) => void,
): void {
  if (typeof value === "string") {
    visit(at || "(value)", value);
    return;
  }
  if (!value || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${at}[${i}]`, seen, visit));
    return;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return;
  for (const [key, v] of Object.entries(value)) {
    const path = at ? `${at}.${key}` : key;
    visit(`${path} (key)`, key);
    walk(v, path, seen, visit);
  }
}
