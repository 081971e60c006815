import type { StackModel } from "./model";

/** `error` fails synth unless suppressed; `warning` is printed and never fails. */
export type Level = "error" | "warning";

/** What a rule's check returns: one offending resource, what is wrong and how to fix it. */
export interface Violation {
  /** Terraform address of the offending resource, e.g. `aws_s3_bucket.logs` or `data.aws_iam_policy_document.trust`. */
  readonly address: string;
  /** What is wrong, in one sentence (no trailing period). */
  readonly problem: string;
  /** What to change so the rule passes (no trailing period). */
  readonly fix: string;
}

/** A rule of the pack. Rules read the stack's resolved Terraform JSON, never construct objects. */
export interface Rule {
  /** Stable id, `PP-<AREA>-<NNN>`; suppressions and docs refer to it. */
  readonly id: string;
  /** Level when the pack is applied without an environment. */
  readonly level: Level;
  /**
   * Level by environment: `dev` applies when `environment === "dev"`, `other` for any other named
   * environment. Unset entries fall back to {@link level}.
   */
  readonly levelByEnvironment?: { readonly dev?: Level; readonly other?: Level };
  /** One line: what the rule requires. */
  readonly description: string;
  /** Upstream checks this rule mirrors (e.g. `CKV_AWS_53`), or `project` for the project's own rules. */
  readonly mirrors: readonly string[];
  /**
   * How to comply, in one line, for the rules table (each violation also carries its own, specific fix).
   * @default - no fix column entry
   */
  readonly fix?: string;
  /** Returns every violation in the stack (empty when compliant). Must not mutate the model. */
  readonly check: (stack: StackModel) => readonly Violation[];
}

/** Lets a named rule pass for one resource, with a reason that is printed at every synth. */
export interface Suppression {
  /** Id of the rule to suppress, e.g. `PP-S3-003`. Unknown ids are rejected. */
  readonly ruleId: string;
  /** Terraform address (`aws_s3_bucket.logs`) or construct path (`dev-network/logs/bucket`) of the resource. */
  readonly address: string;
  /** Why this is acceptable; required, shown in the synth output. */
  readonly reason: string;
  /**
   * How messages name this suppression, e.g. where it is written (`policy.suppressions[2]`).
   * @default - `suppressions[<index>]`, its position in the options
   */
  readonly label?: string;
  /**
   * Where the reason was written: `config` (a suppression passed in the options) or `resource` (a warning
   * accepted next to the resource with `acceptWarning`, read from its `//` comment block). Set by the pack.
   * @default "config"
   */
  readonly source?: "config" | "resource";
}

/** One rule result for one resource, as reported to the user. */
export interface Finding {
  readonly ruleId: string;
  readonly level: Level;
  /** Terraform address, e.g. `aws_s3_bucket.logs`. */
  readonly address: string;
  /** Construct path of the resource, when cdktf recorded it. */
  readonly path?: string;
  /** `<problem>. Fix: <fix>.` */
  readonly message: string;
  /** Present when a suppression matched: the finding is printed but does not fail synth. */
  readonly suppressedBy?: Suppression;
}

export interface PolicyPackOptions {
  /** Findings to let pass, each with a reason. @default - none */
  readonly suppressions?: readonly Suppression[];
  /** The rule set to evaluate. @default - {@link defaultRules} (extend with `[...defaultRules, myRule]`) */
  readonly rules?: readonly Rule[];
  /**
   * Receives every finding (errors, warnings and suppressed ones) at synth.
   * @default - warnings and suppressed findings are printed with console.warn; errors fail synth
   */
  readonly report?: (finding: Finding) => void;
  /**
   * Environment name; selects each rule's `levelByEnvironment` (`"dev"` → `dev`, anything else → `other`).
   * @default - every rule at its base level
   */
  readonly environment?: string;
  /**
   * Receives the resolved stack JSON the pack judged at synth (read-only), so the stack can write exactly that
   * JSON instead of resolving itself again (resolution is the largest per-stack cost of a synth).
   * @default - the JSON is dropped after the checks
   */
  readonly onEvaluated?: (json: Record<string, unknown>) => void;
}

/** Result of evaluating the pack on one stack. */
export interface PolicyReport {
  /** All findings, sorted by rule id then address. */
  readonly findings: readonly Finding[];
  /** Unsuppressed errors: these fail synth. */
  readonly errors: readonly Finding[];
  /** Unsuppressed warnings. */
  readonly warnings: readonly Finding[];
  /** Findings a suppression let pass. */
  readonly suppressed: readonly Finding[];
  /**
   * Suppressions that matched no finding. Each fails synth: a stale or mistyped suppression would otherwise
   * sit unnoticed and silence the next real finding on that address.
   */
  readonly unusedSuppressions: readonly Suppression[];
}
