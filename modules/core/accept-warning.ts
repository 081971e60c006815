import type { TerraformElement } from "cdktf";
import { ensure } from "./errors";
import { checkNoTemplateSequence } from "./template";

/**
 * Key, inside a resource's `//` comment block, of the reasons a policy-pack warning is accepted for it.
 * Terraform ignores `//` properties in JSON configuration ("Comment properties": https://developer.hashicorp.com/terraform/language/syntax/json#comment-properties),
 * and cdktf already keeps its construct metadata there, so the reason travels with the resource into
 * `cdk.tf.json` where the pack (at synth, or `npm run policy` on any synthesized output) reads it.
 */
export const POLICY_ACCEPTED_KEY = "policy_accepted";

/**
 * Records, next to the resource, why a policy-pack **warning** (cost or hygiene rules such as
 * PP-S3-005 lifecycle or PP-SG-003 all-protocol egress) is acceptable for it. The pack then reports
 * the finding as accepted with this reason instead of as an open warning. It never turns off an
 * error: errors are let through only by a suppression in the environment's config.
 */
export function acceptWarning(resource: TerraformElement, ruleId: string, reason: string): void {
  ensure(
    /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/.test(ruleId),
    resource,
    "acceptWarning ruleId",
    ruleId,
    "must be a policy rule id such as PP-SG-003",
    "use the id printed with the warning (see docs/policy-rules.md)",
  );
  ensure(
    reason.trim().length > 0,
    resource,
    "acceptWarning reason",
    reason,
    "a warning is accepted only with a reason",
    `say why ${ruleId} is acceptable for this resource; it is printed at every synth`,
  );
  checkNoTemplateSequence(resource, "acceptWarning reason", reason);
  resource.addOverride(`//.${POLICY_ACCEPTED_KEY}.${ruleId}`, reason);
}
