import { resourcePolicies } from "../iam-policy";
import { isSet, isTrue } from "../model";
import type { Rule, Violation } from "../types";
import { CALLER_KEYS, NETWORK_KEYS, openPrincipalViolations } from "./principals";

/** Automatic rotation exists only for symmetric encryption keys (KMS developer guide, "Rotate AWS KMS keys"). */
function isSymmetric(body: Readonly<Record<string, unknown>>): boolean {
  const spec = body.customer_master_key_spec ?? body.key_spec;
  return spec === undefined || spec === "SYMMETRIC_DEFAULT";
}

export const kmsKeyRotation: Rule = {
  id: "PP-KMS-001",
  level: "error",
  description: "Symmetric customer managed KMS keys rotate automatically (enable_key_rotation = true).",
  mirrors: ["CKV_AWS_7"],
  fix: "set enable_key_rotation = true",
  check: (stack) =>
    stack
      .resources("aws_kms_key")
      .filter((k) => isSymmetric(k.body) && !isTrue(k.body.enable_key_rotation))
      .map((k) => ({
        address: k.address,
        problem:
          "KMS key does not rotate its key material, so one leaked or over-used key version protects data indefinitely",
        fix: "set enable_key_rotation = true (optionally rotation_period_in_days between 90 and 2560)",
      })),
};

export const kmsExplicitKeyPolicy: Rule = {
  id: "PP-KMS-002",
  level: "error",
  description: "KMS keys carry an explicit key policy (policy argument or an aws_kms_key_policy).",
  mirrors: ["CKV2_AWS_64"],
  fix: "set policy to an explicit document (account statement plus one statement per service principal)",
  check: (stack) =>
    stack
      .resources("aws_kms_key")
      .filter(
        (k) =>
          !isSet(k.body.policy) &&
          stack.referencing("aws_kms_key_policy", "key_id", k, ["id", "arn"]).length === 0,
      )
      .map((k) => ({
        address: k.address,
        problem:
          "KMS key has no key policy, so it gets AWS's default policy and who may use it is decided only by IAM policies elsewhere",
        fix: "set policy to a document with the account-administration statement and one statement per service or role that uses the key (with kms:ViaService or encryption-context conditions)",
      })),
};

export const kmsNoOpenPrincipal: Rule = {
  id: "PP-KMS-003",
  level: "error",
  description:
    'KMS key policies allow Principal "*" only with a condition that restricts the caller (account, organization, source or network).',
  mirrors: ["CKV_AWS_33"],
  fix: "name the account root, roles or service principals, or add a kms:CallerAccount / aws:PrincipalOrgID condition",
  check(stack): Violation[] {
    return openPrincipalViolations(
      resourcePolicies(stack, [
        ["aws_kms_key", "policy"],
        ["aws_kms_key_policy", "policy"],
        ["aws_kms_replica_key", "policy"],
      ]),
      [...CALLER_KEYS, ...NETWORK_KEYS, "kms:CallerAccount"],
      "to use or manage the key",
      'name the account root, roles or service principals instead, or add a condition such as StringEquals "kms:CallerAccount"',
    );
  },
};

export const kmsRules: readonly Rule[] = [kmsKeyRotation, kmsExplicitKeyPolicy, kmsNoOpenPrincipal];
