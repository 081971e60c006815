/** Output formats of a scan: a plain-text table, JSON, and SARIF 2.1.0 for code-scanning UIs. */
import type { ScanFinding, ScanResult } from "./scan";
import type { Rule } from "./types";

/** Where a rule is documented, for SARIF `helpUri` and the table's footer. */
export const RULES_DOC_URI = "docs/policy-rules.md";

function state(f: ScanFinding): string {
  if (!f.suppressedBy) return "open";
  return f.suppressedBy.source === "resource" ? "accepted" : "suppressed";
}

/** Findings as text: one block per finding, then totals. Errors first, then warnings, then suppressed. */
export function renderTable(result: ScanResult): string {
  const order = (f: ScanFinding) => (f.suppressedBy ? 2 : f.level === "error" ? 0 : 1);
  const sorted = [...result.findings].sort((a, b) => order(a) - order(b));
  const head = ["STACK", "RULE", "LEVEL", "STATE", "ADDRESS"];
  const rows = sorted.map((f) => [f.stack, f.ruleId, f.level, state(f), f.address]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const out: string[] = [];
  if (rows.length > 0) {
    out.push(line(head), line(widths.map((w) => "-".repeat(w))));
    sorted.forEach((f, i) => {
      out.push(line(rows[i]), `    ${f.message}`);
      if (f.suppressedBy) out.push(`    ${state(f)} because: ${f.suppressedBy.reason}`);
    });
    out.push("");
  }
  for (const u of result.unusedSuppressions)
    out.push(
      `unused suppression: ${u.ruleId} on ${u.address}${u.stack ? ` in stack ${u.stack}` : ""} matches no finding (remove it or correct its address)`,
    );
  const stacks = result.stacks.length;
  out.push(
    `${stacks} stack(s), ${result.rules.length} rules: ${result.errors.length} error(s), ${result.warnings.length} warning(s), ${result.suppressed.length} suppressed or accepted.`,
  );
  return out.join("\n");
}

/** Findings as JSON (stable field order), for scripts and `jq`. */
export function renderJson(result: ScanResult): string {
  return JSON.stringify(
    {
      stacks: result.stacks.map((s) => {
        const own = result.findings.filter((f) => f.stack === s.id);
        return {
          id: s.id,
          file: s.file,
          environment: s.environment ?? null,
          errors: own.filter((f) => !f.suppressedBy && f.level === "error").length,
          warnings: own.filter((f) => !f.suppressedBy && f.level === "warning").length,
          suppressed: own.filter((f) => f.suppressedBy).length,
        };
      }),
      findings: result.findings.map((f) => ({
        stack: f.stack,
        ruleId: f.ruleId,
        level: f.level,
        state: state(f),
        address: f.address,
        path: f.path ?? null,
        file: f.file,
        line: f.line ?? null,
        message: f.message,
        reason: f.suppressedBy?.reason ?? null,
      })),
      unusedSuppressions: result.unusedSuppressions.map((u) => ({
        stack: u.stack ?? null,
        ruleId: u.ruleId,
        address: u.address,
        reason: u.reason,
      })),
      totals: {
        errors: result.errors.length,
        warnings: result.warnings.length,
        suppressed: result.suppressed.length,
      },
    },
    null,
    2,
  );
}

/** A rule as a SARIF `reportingDescriptor`. */
function sarifRule(rule: Rule) {
  return {
    id: rule.id,
    name: rule.id.replace(/-/g, ""),
    shortDescription: { text: rule.description },
    fullDescription: { text: `${rule.description} Mirrors: ${rule.mirrors.join(", ")}.` },
    helpUri: RULES_DOC_URI,
    help: { text: `${rule.description} See ${RULES_DOC_URI}.` },
    defaultConfiguration: { level: rule.level },
    properties: { tags: ["security", "terraform", ...rule.mirrors] },
  };
}

/**
 * SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html): one run, the rule
 * set as `tool.driver.rules`, one result per finding located at its stack file and line, with the Terraform
 * address as logical location. Suppressed findings carry `suppressions` (`external` for a config
 * suppression, `inSource` for a reason written on the resource), which code-scanning UIs show as dismissed.
 */
export function renderSarif(result: ScanResult, toolVersion: string): object {
  const index = new Map(result.rules.map((r, i) => [r.id, i] as const));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "multicloud-platform-guardrails",
            version: toolVersion,
            informationUri: RULES_DOC_URI,
            rules: result.rules.map(sarifRule),
          },
        },
        results: result.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId),
          level: f.level,
          message: { text: `${f.address}: ${f.message}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file },
                ...(f.line !== undefined ? { region: { startLine: f.line } } : {}),
              },
              logicalLocations: [{ fullyQualifiedName: `${f.stack}/${f.address}`, kind: "resource" }],
            },
          ],
          partialFingerprints: { "stackRuleAddress/v1": `${f.stack}/${f.ruleId}/${f.address}` },
          ...(f.suppressedBy
            ? {
                suppressions: [
                  {
                    kind: f.suppressedBy.source === "resource" ? "inSource" : "external",
                    justification: f.suppressedBy.reason,
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
}
