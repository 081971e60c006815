import { PolicySource, allowsAnyPrincipal, hasRestrictingCondition, where } from "../iam-policy";
import type { Violation } from "../types";

/**
 * Global condition keys that pin who may act on a resource: the calling principal's account, organization
 * or ARN, the AWS resource acting for a service (confused-deputy keys), or the network the request comes
 * from. IAM reference, "AWS global condition context keys":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
export const CALLER_KEYS = [
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
  "aws:SourceAccount",
  "aws:SourceArn",
  "aws:SourceOrgID",
  "aws:SourceOrgPaths",
];
export const NETWORK_KEYS = ["aws:SourceVpc", "aws:SourceVpce", "aws:SourceIp"];

/**
 * Allow statements of `sources` that name every principal (`"*"`) without a condition on one of `keys`:
 * anyone on the internet (or in any AWS account) matches them.
 */
export function openPrincipalViolations(
  sources: readonly PolicySource[],
  keys: readonly string[],
  what: string,
  fix: string,
): Violation[] {
  const out: Violation[] = [];
  for (const source of sources) {
    for (const s of source.statements) {
      if (s.effect !== "Allow" || !allowsAnyPrincipal(s) || hasRestrictingCondition(s, keys)) continue;
      out.push({
        address: source.owner.address,
        problem: `${where(source, s)} allows Principal "*" ${what} with no condition restricting the caller (one of ${keys.join(", ")})`,
        fix,
      });
    }
  }
  return out;
}
