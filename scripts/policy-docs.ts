// Writes docs/policy-rules.md and the README's rules section from the policy pack's rule set:
// `npm run docs:policy`. Tests fail when either is stale.
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { defaultRules, renderRulesMarkdown, withReadmeRules } from "@multicloud-platform/modules/guardrails";

export const RULES_DOC = join(__dirname, "..", "docs", "policy-rules.md");
export const README = join(__dirname, "..", "README.md");

if (require.main === module) {
  writeFileSync(RULES_DOC, renderRulesMarkdown(defaultRules));
  writeFileSync(README, withReadmeRules(readFileSync(README, "utf8"), defaultRules));
  console.log(`wrote ${RULES_DOC} and the README rules section (${defaultRules.length} rules)`);
}
