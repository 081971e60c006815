import { Problems } from "../problems";
import { EnvironmentConfig } from "../schema";

/*
 * Secrets never belong in config, in any section: they would end up in git and in the synthesized JSON.
 * A secret found here is reported (redacted) with where the value belongs instead.
 */

/**
 * Config keys whose value is a secret by name (compared lowercased without `_`/`-`, at the end of the key):
 * `password`, `clientSecret`, `refresh_token`, `apiKey`... Keys that only point at a secret (`secretArn`,
 * `secretKmsKeyArn`, `tokenUrl`) end differently and are not matched.
 */
const SECRET_KEY =
  /(password|passwd|passphrase|secret|secretkey|secretaccesskey|token|apikey|accesskey|privatekey|clientid|credential|credentials)$/;
/**
 * Values that are secrets whatever their key is called. The same list scans the synthesized JSON in the
 * reliability tests.
 */
export const SECRET_VALUE_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a PEM private key"],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key id"],
  [/^ya29\.[\w-]{10,}/, "a Google OAuth access token"],
  [/^1\/\/[\w-]{20,}/, "a Google OAuth refresh token"],
  [/GOCSPX-[\w-]{10,}/, "a Google OAuth client secret"],
  [/\bAIza[\w-]{35}\b/, "a Google API key"],
];

/** Every section: no secret written inline (by key name or by value shape). */
export function checkSecrets(cfg: EnvironmentConfig, p: Problems): void {
  checkInlineSecrets(cfg, "", p);
}

function checkInlineSecrets(value: unknown, at: string, p: Problems): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkInlineSecrets(v, `${at}[${i}]`, p));
    return;
  }
  if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      const path = at ? `${at}.${key}` : key;
      const literal = literalOf(v);
      const normalized = key.toLowerCase().replace(/[_-]/g, "");
      if (literal !== undefined && SECRET_KEY.test(normalized)) {
        p.add(
          path,
          redacted(literal),
          "is a secret written into the config (it would end up in git and in the synthesized Terraform JSON)",
          /pass|credential/.test(normalized)
            ? "remove it and rotate it: keep credentials in a Secrets Manager secret and reference it by ARN " +
                "(e.g. ingest.glue.connections.<name>.jdbc.secretArn, a secret with username and password keys)"
            : "remove it and rotate it: OAuth client id/secret and tokens are sensitive Terraform variables of the " +
                "ingest stack (TF_VAR_<env>_ingest_google_oauth_{client_id,client_secret,refresh_token,access_token}, " +
                "or sensitive HCP Terraform workspace variables); other secrets go to Secrets Manager, referenced by ARN",
        );
        continue;
      }
      checkInlineSecrets(v, path, p);
    }
    return;
  }
  if (typeof value === "string") {
    const hit = SECRET_VALUE_PATTERNS.find(([re]) => re.test(value));
    if (hit)
      p.add(
        at,
        redacted(value),
        `looks like ${hit[1]}: secrets never belong in config`,
        "remove it and rotate it (it is in git history now); pass it as a sensitive Terraform variable or a Secrets Manager secret ARN",
      );
  }
}

/** A literal that could hold a secret: a non-empty string or number, or a list of them. */
function literalOf(v: unknown): string | undefined {
  if (typeof v === "string") return v.length ? v : undefined;
  if (typeof v === "number") return String(v);
  if (Array.isArray(v) && v.length && v.every((x) => typeof x === "string" || typeof x === "number"))
    return v.join(",");
  return undefined;
}

/** Never echo a secret into an error message or a CI log. */
function redacted(s: string): string {
  return `<redacted: ${s.length} characters>`;
}
