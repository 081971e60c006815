import { defaultRules } from "@multicloud-platform/modules/guardrails";
import { Problems, referenceFix } from "../problems";
import { EnvironmentConfig } from "../schema";

/**
 * `policy.suppressions`: each one names a rule of the pack and a resource of its stack, once. Checked here so a
 * bad suppression is reported at its own index in the file; one that matches no finding is reported at synth
 * (the findings exist only then), also by its config path.
 */
export function checkPolicy(cfg: EnvironmentConfig, p: Problems): void {
  const ruleIds = defaultRules.map((r) => r.id);
  const seen = new Map<string, number>();
  cfg.policy.suppressions.forEach((s, i) => {
    const at = `policy.suppressions[${i}]`;
    if (!ruleIds.includes(s.ruleId))
      p.add(
        `${at}.ruleId`,
        s.ruleId,
        "is not a rule of the policy pack",
        referenceFix("rule ids", "docs/policy-rules.md", s.ruleId, ruleIds),
      );
    if (s.address.trim() === "")
      p.add(
        `${at}.address`,
        s.address,
        "is blank",
        "give the Terraform address or construct path printed with the finding",
      );
    else if (s.address.includes("/") && !s.address.startsWith(`${cfg.name}-${s.stack}/`))
      p.add(
        `${at}.address`,
        s.address,
        `is a construct path outside stack ${cfg.name}-${s.stack} (stack: "${s.stack}")`,
        `use the path printed with the finding (it starts with ${cfg.name}-<component>/) and set stack to that component`,
      );
    if (s.reason.trim() === "")
      p.add(
        `${at}.reason`,
        s.reason,
        "is blank",
        "say why the finding is acceptable; it is printed at every synth",
      );
    const key = `${s.stack} ${s.ruleId} ${s.address}`;
    const first = seen.get(key);
    if (first !== undefined)
      p.add(
        at,
        s.ruleId,
        `repeats policy.suppressions[${first}]`,
        "keep one suppression per rule and resource",
      );
    else seen.set(key, i);
  });
}
