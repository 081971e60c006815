import { ValidationError, redactSecrets } from "@multicloud-platform/modules/core";
import { formatFinding, PolicyPackError } from "@multicloud-platform/modules/guardrails";
import { ReplacementRefusedError } from "@multicloud-platform/modules/trino-emr";
import { ConfigError, environmentFile, formatProblems, Problem } from "../config";
import { AggregateConfigError } from "../config/load";

/*
 * What a user sees when synth (or a script that builds environments) fails: one report, no stack trace, no
 * object dump, no secret. Config problems carry file, path, value and fix; policy findings carry the rule,
 * the resource, the fix and the suppression to write in the environment's file.
 */

/** The report for anything thrown while loading, building or synthesizing environments. */
export function failureReport(e: unknown): string {
  return redactSecrets(render(e));
}

function render(e: unknown): string {
  if (e instanceof AggregateConfigError) return e.errors.map(render).join("\n\n");
  if (e instanceof ConfigError) return e.message;
  if (e instanceof PolicyPackError) return policyReport(e);
  if (e instanceof ReplacementRefusedError) return replacementReport(e);
  if (e instanceof ValidationError)
    return `invalid module props: ${e.message}\n(a module of this project refused a prop the config layer let through)`;
  const message = e instanceof Error ? e.message : String(e);
  return (
    `unexpected error (a bug in this project, not in your config): ${message}\n` +
    "run with SYNTH_DEBUG=1 to see where it was thrown"
  );
}

/**
 * A refused EMR cluster replacement, as the config problem it is: the analytics stack passes the section's
 * `terminationProtection` and `deployedFingerprint` to the module under the same names.
 */
function replacementReport(e: ReplacementRefusedError): string {
  const [env] = splitStackId(e.problem.path.split("/")[0]);
  return formatProblems(environmentFile(env), [
    {
      path: `analytics.${e.problem.prop}`,
      value: e.problem.value,
      message: e.problem.problem,
      fix: e.problem.fix,
    },
  ]);
}

/** `dev-network` → ["dev", "network"]: components have no hyphen, environment names may. */
function splitStackId(stackId: string): [string, string] {
  const i = stackId.lastIndexOf("-");
  return [stackId.slice(0, i), stackId.slice(i + 1)];
}

function policyReport(e: PolicyPackError): string {
  const [env, component] = splitStackId(e.stackPath);
  const file = environmentFile(env);
  const lines: string[] = [];
  if (e.findings.length) {
    const n = e.findings.length;
    lines.push(
      `${n} policy finding${n === 1 ? "" : "s"} fail${n === 1 ? "s" : ""} synth in stack ${e.stackPath}:`,
    );
    for (const f of e.findings)
      lines.push(
        `  - ${formatFinding(f)}`,
        `      to accept it deliberately, add to policy.suppressions in ${file}:`,
        `        { stack: "${component}", ruleId: "${f.ruleId}", address: "${f.path ?? f.address}", reason: "<why this is acceptable>" }`,
      );
    lines.push(
      "  (see docs/policy-rules.md for every rule; a suppression's reason is printed at every synth)",
    );
  }
  if (e.unusedSuppressions.length) {
    const problems: Problem[] = e.unusedSuppressions.map((s) => ({
      path: s.label ?? "policy.suppressions",
      value: { stack: component, ruleId: s.ruleId, address: s.address },
      message: `matches no finding of stack ${e.stackPath}`,
      fix: "remove it if the resource is compliant now, or correct address to the Terraform address or construct path printed with the finding",
    }));
    if (lines.length) lines.push("");
    lines.push(formatProblems(file, problems));
  }
  return lines.join("\n");
}
