import { TerraformStack } from "cdktf";
import { ensure, redactSecrets } from "../core";
import { POLICY_PACK_KEY, StackModel } from "./model";
import { defaultRules } from "./rules";
import type { Finding, Level, PolicyPackOptions, PolicyReport, Rule, Suppression } from "./types";

const APPLIED = Symbol.for("multicloud-platform/policy-pack");

/**
 * Attaches the policy pack to one stack. It runs as a stack validation, which cdktf 0.21's
 * `StackSynthesizer` executes during `app.synth()` after aspects and before it writes the stack's
 * `cdk.tf.json`: unsuppressed errors stop synth with every finding listed, and that stack's
 * directory is not written. (Aspects added to the App are never invoked in cdktf 0.21: aspect
 * invocation starts at each stack, hence one call per stack.)
 *
 * The validation throws a {@link PolicyPackError} (the pack's own report: rule, resource, problem, fix and
 * how to suppress) for unsuppressed errors and for suppressions that match no finding.
 * Warnings and suppressed findings are printed at every synth (console.warn, or `options.report`).
 * Options are checked here, so a bad suppression fails where it is written, not at synth.
 * Note: `new App({ skipValidation: true })` skips cdktf validations and with them this pack.
 */
export function applyPolicyPack(stack: TerraformStack, options: PolicyPackOptions = {}): void {
  ensure(
    !(stack as unknown as Record<symbol, boolean>)[APPLIED],
    stack,
    "applyPolicyPack",
    stack.node.path,
    "the policy pack is already applied to this stack",
    "call applyPolicyPack once per stack, with all suppressions in one options object",
  );
  checkOptions(stack, options);
  Object.defineProperty(stack, APPLIED, { value: true });
  // Recorded in the written cdk.tf.json (a `//` comment Terraform ignores) so that `npm run policy` on the
  // output later judges it with the same levels and suppressions as this synth.
  stack.addOverride(`//.${POLICY_PACK_KEY}`, {
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
    suppressions: (options.suppressions ?? []).map(({ ruleId, address, reason }) => ({
      ruleId,
      address,
      reason,
    })),
  });
  stack.node.addValidation({
    validate: () => {
      const json = stack.toTerraform() as Record<string, unknown>;
      const result = evaluateModel(new StackModel(json), options);
      options.onEvaluated?.(json);
      for (const f of result.findings) {
        if (options.report) options.report(f);
        else if (f.level === "warning" || f.suppressedBy)
          console.warn(`[${stack.node.path}] ${formatFinding(f)}`);
      }
      // Thrown rather than returned: cdktf would wrap returned messages in its own text (and advise
      // skipping validation altogether); the pack's report says how to fix or suppress each finding.
      if (result.errors.length || result.unusedSuppressions.length)
        throw new PolicyPackError(stack.node.path, result.errors, result.unusedSuppressions);
      return [];
    },
  });
}

/**
 * Evaluates the pack on a stack's resolved Terraform JSON without synthesizing it. Use it for
 * reports (findings per environment) and tests; `applyPolicyPack` uses it at synth.
 */
export function evaluatePolicyPack(stack: TerraformStack, options: PolicyPackOptions = {}): PolicyReport {
  checkOptions(stack, options);
  return evaluateModel(new StackModel(stack.toTerraform()), options);
}

/** Evaluates rules on an already-built model (no option checks). */
export function evaluateModel(model: StackModel, options: PolicyPackOptions = {}): PolicyReport {
  const rules = options.rules ?? defaultRules;
  const suppressions = options.suppressions ?? [];
  const used = new Set<Suppression>();
  const byAddress = new Map([...model.all(), ...model.providers()].map((r) => [r.address, r] as const));
  const findings: Finding[] = [];
  for (const rule of rules) {
    const level = levelFor(rule, options.environment);
    for (const v of rule.check(model)) {
      const resource = byAddress.get(v.address);
      const path = resource?.path;
      const configured = suppressions.find(
        (s) =>
          s.ruleId === rule.id && (s.address === v.address || (path !== undefined && s.address === path)),
      );
      if (configured) used.add(configured);
      const inline = resource?.accepted[rule.id];
      const suppressedBy: Suppression | undefined =
        configured ??
        // A reason written on the resource accepts warnings only; an error needs a config suppression.
        (inline !== undefined && level === "warning"
          ? { ruleId: rule.id, address: v.address, reason: inline, source: "resource" }
          : undefined);
      const ignored =
        inline !== undefined && !suppressedBy
          ? " The reason written on the resource does not apply: acceptWarning covers warnings only, so let an error through with a suppression in the environment's config."
          : "";
      findings.push({
        ruleId: rule.id,
        level,
        address: v.address,
        ...(path !== undefined ? { path } : {}),
        message: `${v.problem}. Fix: ${v.fix}.${ignored}`,
        ...(suppressedBy ? { suppressedBy } : {}),
      });
    }
  }
  // Code-point order, not localeCompare: the output must not depend on the machine's locale.
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  findings.sort((a, b) => cmp(a.ruleId, b.ruleId) || cmp(a.address, b.address) || cmp(a.message, b.message));
  return {
    findings,
    errors: findings.filter((f) => !f.suppressedBy && f.level === "error"),
    warnings: findings.filter((f) => !f.suppressedBy && f.level === "warning"),
    suppressed: findings.filter((f) => f.suppressedBy),
    unusedSuppressions: suppressions.flatMap((s, i) =>
      used.has(s) ? [] : [{ ...s, label: suppressionLabel(s, i) }],
    ),
  };
}

/** The level a rule reports at in an environment (see `Rule.levelByEnvironment`). */
export function levelFor(rule: Rule, environment?: string): Level {
  if (environment === undefined) return rule.level;
  const byEnv = environment === "dev" ? rule.levelByEnvironment?.dev : rule.levelByEnvironment?.other;
  return byEnv ?? rule.level;
}

/**
 * One line per finding: `PP-S3-001 error aws_s3_bucket.logs (stack/logs): <problem>. Fix: <fix>.` Secret-looking
 * text (a rule may quote an argument) is redacted.
 */
export function formatFinding(f: Finding): string {
  const where = f.path ? `${f.address} (${f.path})` : f.address;
  const accepted = f.suppressedBy?.source === "resource";
  const state = f.suppressedBy ? (accepted ? " ACCEPTED" : " SUPPRESSED") : "";
  const head = `${f.ruleId} ${f.level}${state} ${where}: ${f.message}`;
  if (!f.suppressedBy) return redactSecrets(head);
  return redactSecrets(
    `${head} ${accepted ? "Accepted on the resource because" : "Suppressed because"}: ${f.suppressedBy.reason}`,
  );
}

/** How a suppression is named in messages: its label, or its position. */
export function suppressionLabel(s: Suppression, index: number): string {
  return s.label ?? `suppressions[${index}]`;
}

/**
 * Thrown at synth when a stack fails the pack: every unsuppressed error finding and every suppression that
 * matched nothing. Its message is the whole report; `findings` and `unusedSuppressions` let an app render it
 * in its own terms (e.g. with the config file a suppression belongs in).
 */
export class PolicyPackError extends Error {
  constructor(
    /** Construct path of the stack. */
    public readonly stackPath: string,
    public readonly findings: readonly Finding[],
    public readonly unusedSuppressions: readonly Suppression[],
  ) {
    const n = findings.length;
    const lines = [
      `${stackPath}: the policy pack fails synth (${n} finding${n === 1 ? "" : "s"}` +
        (unusedSuppressions.length ? `, ${unusedSuppressions.length} unused suppression(s))` : ")"),
      ...findings.map((f) => `  - ${formatFinding(f)}`),
      ...unusedSuppressions.map(
        (s) =>
          `  - ${s.label ?? "a suppression"} (${s.ruleId} on ${s.address}) matches no finding of ${stackPath}. ` +
          "Fix: remove it if the resource is compliant now, or correct its address to one printed with a finding.",
      ),
    ];
    if (n)
      lines.push(
        "To accept a finding deliberately, add a suppression with a reason (printed at every synth): " +
          `{ ruleId: "${findings[0].ruleId}", address: "${findings[0].address}", reason: "<why it is acceptable>" }.`,
      );
    super(redactSecrets(lines.join("\n")));
    this.name = "PolicyPackError";
  }
}

function checkOptions(stack: TerraformStack, options: PolicyPackOptions): void {
  const rules = options.rules ?? defaultRules;
  const ids = new Set<string>();
  rules.forEach((r, i) => {
    ensure(
      /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/.test(r.id),
      stack,
      `rules[${i}].id`,
      r.id,
      "must look like PP-AREA-001",
      "give the rule an upper-case dashed id",
    );
    ensure(
      !ids.has(r.id),
      stack,
      `rules[${i}].id`,
      r.id,
      "appears more than once",
      "give every rule a unique id",
    );
    ids.add(r.id);
  });
  (options.suppressions ?? []).forEach((s: Suppression, i) => {
    const at = suppressionLabel(s, i);
    ensure(
      ids.has(s.ruleId),
      stack,
      `${at}.ruleId`,
      s.ruleId,
      "is not a rule of the policy pack",
      `use one of ${[...ids].join(", ")} (see docs/policy-rules.md)`,
    );
    ensure(
      typeof s.address === "string" && s.address.trim() !== "",
      stack,
      `${at}.address`,
      s.address,
      "must name a resource",
      'give the Terraform address (e.g. "aws_s3_bucket.logs") or the construct path printed with the finding',
    );
    ensure(
      typeof s.reason === "string" && s.reason.trim() !== "",
      stack,
      `${at}.reason`,
      s.reason,
      "a suppression needs a reason",
      `say why ${s.ruleId} is acceptable for ${s.address}; it is printed at every synth`,
    );
  });
}
