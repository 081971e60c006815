import { redactKnownSecrets, redactSecrets, redactValue, secretsIn } from "@multicloud-platform/modules/core";

/** One thing wrong with an environment config, phrased so a user can fix it without reading code. */
export interface Problem {
  /** Dotted path in the config, e.g. `network.vpcs.warehouse.cidr`. */
  readonly path: string;
  readonly value: unknown;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * Every problem of one environment file; thrown before any stack is built, so nothing is synthesized.
 * Secret-looking text in values, messages and fixes is redacted here (modules/core/secrets.ts), so no report,
 * log or dump of the error echoes a secret, whichever check found the problem.
 */
export class ConfigError extends Error {
  readonly problems: readonly Problem[];

  constructor(
    public readonly file: string,
    problems: readonly Problem[],
  ) {
    // Secrets anywhere in the problems, as written, are also redacted where a message repeats them transformed.
    const known = secretsIn(problems.map((p) => [p.path, p.value, p.message, p.fix]));
    const text = (s: string) => redactKnownSecrets(redactSecrets(s), known);
    const safe = problems.map((p) => ({
      path: text(p.path),
      value: redactValue(p.value),
      message: text(p.message),
      fix: text(p.fix),
    }));
    super(formatProblems(file, safe));
    this.name = "ConfigError";
    this.problems = safe;
  }
}

export function formatProblems(file: string, problems: readonly Problem[]): string {
  const n = problems.length;
  const lines = problems.map(
    (p) => `  - ${file}: ${p.path}${renderValue(p.value)}: ${p.message}\n      fix: ${p.fix}`,
  );
  return `${n} problem${n === 1 ? "" : "s"} in ${file}:\n${lines.join("\n")}`;
}

function renderValue(value: unknown): string {
  if (value === undefined) return "";
  const s = redactSecrets(JSON.stringify(value) ?? String(value));
  return ` = ${s.length > 120 ? `${s.slice(0, 117)}...` : s}`;
}

/** Collects problems; checks never throw, so one run reports everything. */
export class Problems {
  readonly list: Problem[] = [];
  add(path: string, value: unknown, message: string, fix: string): void {
    this.list.push({ path, value, message, fix });
  }
}

/** Closest candidate by edit distance, for "did you mean" hints on typos. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** "unknown X "foo"; known: a, b (did you mean "fo"?)" fix text for a bad reference. */
export function referenceFix(kind: string, where: string, value: string, known: readonly string[]): string {
  const hint = closest(value, known);
  const list = known.length ? known.map((k) => `"${k}"`).join(", ") : "(none defined)";
  return `${hint ? `did you mean "${hint}"? ` : ""}use one of the ${kind} defined in ${where}: ${list}`;
}
