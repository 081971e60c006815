import { parsePolicy } from "../iam-policy";
import { isSet, num } from "../model";
import type { Rule, Violation } from "../types";

/** CKV_AWS_338's threshold: "Ensure CloudWatch log groups retains logs for at least 1 year". */
const MIN_RETENTION_DAYS = 365;

export const logGroupRetention: Rule = {
  id: "PP-LOG-001",
  level: "error",
  description: `CloudWatch log groups state retention_in_days: at least ${MIN_RETENTION_DAYS} days, or 0 (never expire) on purpose.`,
  mirrors: ["CKV_AWS_338", "CKV_AWS_66"],
  fix: "set retention_in_days to 365 or more (0 only to keep logs forever on purpose)",
  check(stack) {
    const out: Violation[] = [];
    for (const group of stack.resources("aws_cloudwatch_log_group")) {
      const value = group.body.retention_in_days;
      if (value === undefined || value === null) {
        out.push({
          address: group.address,
          problem:
            "log group states no retention_in_days, so its logs are kept (and billed) forever by default",
          fix: `set retention_in_days to ${MIN_RETENTION_DAYS} or more (or 0 to keep logs forever on purpose)`,
        });
        continue;
      }
      const days = num(value);
      if (days !== undefined && days !== 0 && days < MIN_RETENTION_DAYS) {
        out.push({
          address: group.address,
          problem: `log group keeps logs for ${days} days, less than the year an investigation may need`,
          fix: `set retention_in_days to at least ${MIN_RETENTION_DAYS}`,
        });
      }
    }
    return out;
  },
};

/** CloudWatch Logs' service principal, regional (`logs.us-east-1.amazonaws.com`) or global. */
const LOGS_PRINCIPAL = /^logs\.([a-z0-9-]+\.)?amazonaws\.com(\.cn)?$/;

export const logGroupKms: Rule = {
  id: "PP-LOG-002",
  level: "error",
  description:
    "CloudWatch log groups are encrypted with a customer managed KMS key whose policy lets CloudWatch Logs use it.",
  mirrors: ["CKV_AWS_158"],
  fix: "set kms_key_id to a customer managed key whose policy allows logs.<region>.amazonaws.com",
  check(stack) {
    const out: Violation[] = [];
    for (const group of stack.resources("aws_cloudwatch_log_group")) {
      if (!isSet(group.body.kms_key_id)) {
        out.push({
          address: group.address,
          problem: "log group has no kms_key_id, so its logs are encrypted only with a key CloudWatch owns",
          fix: "set kms_key_id to the ARN of a customer managed key whose policy allows logs.<region>.amazonaws.com",
        });
        continue;
      }
      // A key in this stack can be checked: CloudWatch Logs calls KMS as its service principal, which the
      // account-root statement does not cover, and creating the group fails without it ("Encrypt log data in
      // CloudWatch Logs using AWS KMS": https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
      const key = stack.resolve(group.body.kms_key_id);
      if (key?.type !== "aws_kms_key") continue;
      // A key without a policy is PP-KMS-002's finding.
      const policy = parsePolicy(key.body.policy, stack);
      if (!policy) continue;
      const allowsLogs = policy.statements.some(
        (s) =>
          s.effect === "Allow" &&
          s.principals.some((p) => p.type === "Service" && p.ids.some((id) => LOGS_PRINCIPAL.test(id))),
      );
      if (!allowsLogs) {
        out.push({
          address: group.address,
          problem: `the policy of ${key.address} has no statement for the CloudWatch Logs service principal, so the log group cannot use the key`,
          fix: 'add a key policy statement allowing Service "logs.<region>.amazonaws.com" kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe* with ArnLike "kms:EncryptionContext:aws:logs:arn" on the log group ARN',
        });
      }
    }
    return out;
  },
};

export const logRules: readonly Rule[] = [logGroupRetention, logGroupKms];
