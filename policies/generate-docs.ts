// Writes docs/policy-rules.md from the rule set: `npx tsx policies/generate-docs.ts`.
import { writeFileSync } from "fs";
import { join } from "path";
import { renderRulesMarkdown } from "./docs";
import { defaultRules } from "./rules";

export const RULES_DOC = join(__dirname, "..", "docs", "policy-rules.md");

if (require.main === module) {
  writeFileSync(RULES_DOC, renderRulesMarkdown(defaultRules));
  console.log(`wrote ${RULES_DOC} (${defaultRules.length} rules)`);
}
