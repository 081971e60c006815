import { findSecret, redactSecrets } from "@multicloud-platform/modules/core";
import { Problems } from "../problems";
import { walkStrings } from "../walk";

/*
 * Secrets never belong in config, in any section: they would end up in git and in the synthesized JSON.
 * Every string of the file is scanned as written (descriptions, tags, ids, URLs and map keys included), by
 * key name and by value shape (the shapes are modules/core/secrets.ts, the list the synthesized-JSON scan
 * uses too). A secret is reported redacted, with where the value belongs instead.
 */

/**
 * Config keys whose value is a secret by name (compared lowercased without `_`/`-`, at the end of the key):
 * `password`, `clientSecret`, `refresh_token`, `apiKey`... Keys that only point at a secret (`secretArn`,
 * `secretKmsKeyArn`, `tokenUrl`) end differently and are not matched.
 */
const SECRET_KEY =
  /(password|passwd|passphrase|secret|secretkey|secretaccesskey|token|apikey|accesskey|privatekey|clientid|credential|credentials)$/;

const CREDENTIAL_FIX =
  "remove it and rotate it: keep credentials in a Secrets Manager secret and reference it by ARN " +
  "(e.g. ingest.glue.connections.<name>.jdbc.secretArn, a secret with username and password keys)";
const OAUTH_FIX =
  "remove it and rotate it: OAuth client id/secret and tokens are sensitive Terraform variables of the " +
  "ingest stack (TF_VAR_<env>_ingest_google_oauth_{client_id,client_secret,refresh_token,access_token}, " +
  "or sensitive HCP Terraform workspace variables); other secrets go to Secrets Manager, referenced by ARN";
const VALUE_FIX =
  "remove it and rotate it (it is in git history now); pass it as a sensitive Terraform variable or a " +
  "Secrets Manager secret ARN";

/** Every section, as written: no secret inline, by key name or by value shape. */
export function checkSecrets(raw: unknown, p: Problems): void {
  walkStrings(raw, (s) => {
    const normalized = s.key.toLowerCase().replace(/[_-]/g, "");
    if (!s.isKey && s.text !== "" && SECRET_KEY.test(normalized)) {
      p.add(
        s.path,
        `<redacted: ${s.text.length} characters>`,
        "is a secret written into the config (it would end up in git and in the synthesized Terraform JSON)",
        /pass|credential/.test(normalized) ? CREDENTIAL_FIX : OAUTH_FIX,
      );
      return;
    }
    const what = findSecret(s.text);
    if (what)
      p.add(
        s.isKey ? `${s.path} (key)` : s.path,
        redactSecrets(s.text),
        `looks like ${what}: secrets never belong in config`,
        VALUE_FIX,
      );
  });
  checkNumericSecrets(raw, p);
}

/** A number under a secret key (`password: 123456`) is a literal secret too. */
function checkNumericSecrets(value: unknown, p: Problems, at = "", seen = new Set<unknown>()): void {
  if (!value || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  for (const [key, v] of Object.entries(value)) {
    const path = Array.isArray(value) ? `${at}[${key}]` : at ? `${at}.${key}` : key;
    if (typeof v === "number" && SECRET_KEY.test(key.toLowerCase().replace(/[_-]/g, "")))
      p.add(
        path,
        `<redacted: ${String(v).length} characters>`,
        "is a secret written into the config",
        CREDENTIAL_FIX,
      );
    else checkNumericSecrets(v, p, path, seen);
  }
}
