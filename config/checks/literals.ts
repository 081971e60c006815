import { Problems } from "../problems";
import { walkStrings } from "../walk";

/*
 * Terraform evaluates every string of the synthesized JSON as a template, so `${…}` (interpolation) and
 * `%{…}` (directive) in a config value would run at plan time: `${file("/etc/passwd")}` in a tag puts the
 * file's contents into the plan (https://developer.hashicorp.com/terraform/language/syntax/json, "Expression
 * Mapping"). Config values are literal text, so both sequences are refused everywhere, escaped forms included
 * (no config value needs a literal `${`). The modules refuse live sequences too (modules/core/template.ts), for
 * callers without this config layer.
 */
const TEMPLATE_SEQUENCE = /[$%]\{/;

/** Every string of the file, as written (values and map keys, every section). */
export function checkLiterals(raw: unknown, p: Problems): void {
  walkStrings(raw, (s) => {
    const m = TEMPLATE_SEQUENCE.exec(s.text);
    if (!m) return;
    p.add(
      s.isKey ? `${s.path} (key)` : s.path,
      s.text,
      `contains "${m[0]}", which Terraform would evaluate as a template ${m[0] === "${" ? "interpolation" : "directive"} when it plans`,
      `remove the "${m[0]}…}" sequence: config values are literal text (a value computed at plan time is not a config value)`,
    );
  });
}
