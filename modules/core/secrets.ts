/*
 * Shapes of credentials, found by value whatever field they sit in, and a redactor that every error path
 * uses so no message, warning or dump prints one. One list: the config layer rejects these in config, the
 * modules' ValidationError and the policy pack redact them, and the tests scan the synthesized JSON with it.
 * Pure: no cdktf import.
 *
 * Regexes follow the gitleaks default rules (gitleaks/gitleaks: config/gitleaks.toml), adapted to JavaScript
 * (a token may follow `_`, which `\b` would not see: transformed text such as a Google label `_xoxb-…` must
 * still be redacted);
 * GitHub's token prefixes from https://github.blog/changelog/2021-03-04-authentication-token-format-updates
 * ("ghp_ … gho_ … ghu_ … ghs_ … ghr_"; "plan to support tokens up to 255 characters").
 */

/** One kind of secret. The match is the secret itself (context such as `password=` sits in lookbehinds). */
export interface SecretShape {
  /** What it is, as shown in messages: "an AWS access key id". */
  readonly name: string;
  readonly pattern: RegExp;
  /**
   * A cheap test the text must pass before `pattern` runs (most config strings are short names, and the
   * patterns with lookbehinds are costly on every string of every environment).
   */
  readonly hint: RegExp;
  /** Rejects a match that is not a secret after all (placeholders, public certificate text). */
  readonly accept?: (match: string, text: string, index: number) => boolean;
}

/**
 * `<password>`, `{{password}}`, `${var.x}`, `****`, `xxxx`: placeholders, not credentials (and `<redacted: …>`,
 * so redacted text is never redacted twice).
 */
const PLACEHOLDER = /^(<.*|\{\{.*|\$\{.*|\*+|x+|X+)$/;
const notPlaceholder = (m: string) => !PLACEHOLDER.test(m);

/** Public certificate blocks (CA bundles are meant to be in config and JSON): never scanned for key shapes. */
const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

function insideCertificate(text: string, index: number): boolean {
  for (const m of text.matchAll(CERTIFICATE_BLOCK))
    if (index >= m.index && index < m.index + m[0].length) return true;
  return false;
}

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/**
 * An AWS secret access key is 40 characters of base64 (`[A-Za-z0-9/+]`) and has no prefix, so a bare one is
 * recognised by shape: mixed case, digits, and the entropy of random data (random base64 scores ~4.7-5.0
 * bits per character, CamelCase identifiers ~4.0-4.4).
 */
function looksLikeAwsSecretKey(m: string, text: string, index: number): boolean {
  const digits = m.replace(/\D/g, "").length;
  return (
    /[a-z]/.test(m) &&
    /[A-Z]/.test(m) &&
    (digits >= 2 || /[/+]/.test(m)) &&
    entropy(m) >= 4.3 &&
    !insideCertificate(text, index)
  );
}

export const SECRET_SHAPES: readonly SecretShape[] = [
  {
    name: "a PEM private key",
    hint: /PRIVATE KEY/i,
    // gitleaks `private-key`; an unterminated block is redacted to the end of the text.
    pattern:
      /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|[\s\S]*)/gi,
  },
  {
    name: "an AWS access key id",
    hint: /A3T|AKIA|ASIA|ABIA|ACCA/,
    // gitleaks `aws-access-token`: the body is base32 (A-Z, 2-7).
    pattern: /(?<![A-Za-z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])/g,
  },
  {
    name: "an AWS secret access key",
    hint: /secret_?access_?key/i,
    pattern:
      /(?<=(?:aws_?secret_?access_?key|secret_?access_?key)["']?\s*[:=]\s*["']?)[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/gi,
  },
  {
    name: "an AWS secret access key",
    hint: /[A-Za-z0-9/+]{40}/,
    pattern: /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    accept: looksLikeAwsSecretKey,
  },
  {
    name: "a GitHub token",
    hint: /gh[pousr]_|github_pat_/,
    pattern: /(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9_]{36,251}|github_pat_[A-Za-z0-9_]{82})/g,
  },
  {
    name: "a GitLab token",
    hint: /gl[a-z]{2,4}-/,
    pattern: /(?<![A-Za-z0-9])gl(?:pat|dt|rt|ptt|cbt|ft|oas|soat)-[\w-]{20,}/g,
  },
  {
    name: "a Slack token",
    hint: /xox|xapp-/,
    pattern: /(?<![A-Za-z0-9])(?:xox[abeoprs]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,})/g,
  },
  {
    name: "a Slack webhook URL",
    hint: /hooks\.slack\.com/,
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{20,}/g,
  },
  {
    name: "a Google API key",
    hint: /AIza/,
    // gitleaks `gcp-api-key`: a key may end in `-`, so the end is "no further key character", not \b.
    pattern: /(?<![A-Za-z0-9])AIza[\w-]{35}(?![\w-])/g,
  },
  { name: "a Google OAuth client secret", hint: /GOCSPX-/, pattern: /(?<![A-Za-z0-9])GOCSPX-[\w-]{10,}/g },
  { name: "a Google OAuth refresh token", hint: /1\/\/0/, pattern: /(?<![\w/])1\/\/0[\w-]{20,}/g },
  { name: "a Google OAuth access token", hint: /ya29\./, pattern: /(?<![A-Za-z0-9])ya29\.[\w.-]{10,}/g },
  {
    name: "a JSON Web Token",
    hint: /ey[\s\S]*\.ey/,
    pattern: /(?<![A-Za-z0-9])ey[A-Za-z0-9_-]{17,}\.ey[A-Za-z0-9_-]{17,}\.[A-Za-z0-9_-]{10,}/g,
  },
  {
    name: "an HCP Terraform token",
    hint: /\.atlasv1\./i,
    pattern: /(?<![A-Za-z0-9])[a-z0-9]{14}\.atlasv1\.[a-z0-9_=-]{60,70}/gi,
  },
  {
    name: "a password in a URL",
    hint: /:\/\/[\s\S]*@/,
    // scheme://user:password@host: the password part.
    pattern: /(?<=\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@?#]+:)[^\s/@?#]+(?=@)/gi,
    accept: notPlaceholder,
  },
  {
    name: "a password parameter",
    hint: /(?:password|passwd|pwd|pass)=/i,
    // JDBC and connection strings: `?password=`, `&password=`, `;password=`, `pwd=`.
    pattern: /(?<=(?:^|[\s;?&])(?:password|passwd|pwd|pass)=)[^\s;&]+/gi,
    accept: notPlaceholder,
  },
  {
    name: "a credential assignment",
    hint: /=/,
    // Free text such as `token=abc123`: the value after a credential keyword and `=`.
    pattern:
      /(?<=\b(?:password|passwd|secret|client_?secret|token|api_?key|access_?key|private_?key)\s*=\s*["']?)[^\s"';,&]{4,}/gi,
    accept: notPlaceholder,
  },
];

function matchesOf(shape: SecretShape, text: string): RegExpMatchArray[] {
  if (!shape.hint.test(text)) return [];
  return [...text.matchAll(shape.pattern)].filter(
    (m) => !shape.accept || shape.accept(m[0], text, m.index ?? 0),
  );
}

/** The name of the first secret shape found in `text` ("an AWS access key id"), or undefined. */
export function findSecret(text: string): string | undefined {
  return SECRET_SHAPES.find((shape) => matchesOf(shape, text).length > 0)?.name;
}

/** `text` with every secret replaced by `<redacted: what, N characters>`; the rest is kept for context. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const shape of SECRET_SHAPES) {
    const hits = matchesOf(shape, out);
    if (hits.length === 0) continue;
    let next = "";
    let last = 0;
    for (const m of hits) {
      const at = m.index ?? 0;
      if (at < last) continue;
      next += `${out.slice(last, at)}<redacted: ${shape.name}, ${m[0].length} characters>`;
      last = at + m[0].length;
    }
    out = next + out.slice(last);
  }
  return out;
}

/** A copy of `value` with every string (and map key) redacted, for values kept in error objects. */
export function redactValue<T>(value: T): T {
  if (typeof value === "string") return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v)) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactSecrets(k), redactValue(v)])) as T;
  return value;
}

/** Every secret found in the strings (and map keys) of `value`, as written. */
export function secretsIn(value: unknown): string[] {
  if (typeof value === "string")
    return SECRET_SHAPES.flatMap((shape) => matchesOf(shape, value).map((m) => m[0]));
  if (Array.isArray(value)) return value.flatMap(secretsIn);
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => [...secretsIn(k), ...secretsIn(v)]);
  return [];
}

/**
 * `text` with the given secrets redacted also where a message carries them transformed: lowercased, or with
 * separators replaced or dropped (a suggested fix such as `use "jdbc_postgresql___etl_S3cret_db"` derived
 * from a value holding a password), which no shape matches any more.
 */
export function redactKnownSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    const core = s.replace(/[^A-Za-z0-9]/g, "");
    if (core.length < 6) continue;
    const fuzzy = new RegExp(
      [...core].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^A-Za-z0-9]{0,2}"),
      "gi",
    );
    out = out.replace(fuzzy, `<redacted: ${core.length} characters>`);
  }
  return out;
}
