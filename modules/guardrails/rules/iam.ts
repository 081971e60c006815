import {
  PolicySource,
  Statement,
  actionMatches,
  isUnrestricted,
  permissionPolicies,
  trustPolicies,
  where,
} from "../iam-policy";
import { isWildcardOnlyAction } from "../data/wildcard-only-actions";
import { StackModel, strings } from "../model";
import type { Rule, Violation } from "../types";
import { openPrincipalViolations } from "./principals";

/**
 * Privilege escalation that needs no other permission than the action itself on `*` (the
 * single-action paths of the Rhino Security Labs catalogue that cloudsplaining, and so
 * CKV_AWS_286, checks). Paths that combine iam:PassRole with a service's create call are caught by
 * PP-IAM-003, since each needs iam:PassRole on `*`.
 */
export const PRIVILEGE_ESCALATION_ACTIONS: readonly string[] = [
  "iam:AddUserToGroup",
  "iam:AttachGroupPolicy",
  "iam:AttachRolePolicy",
  "iam:AttachUserPolicy",
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:CreatePolicyVersion",
  "iam:PutGroupPolicy",
  "iam:PutRolePolicy",
  "iam:PutUserPolicy",
  "iam:SetDefaultPolicyVersion",
  "iam:UpdateAssumeRolePolicy",
  "iam:UpdateLoginProfile",
  "glue:UpdateDevEndpoint",
  "lambda:UpdateFunctionCode",
];

/**
 * Actions that hand out credentials or secret data (CKV_AWS_287 credentials exposure, CKV_AWS_288
 * data exfiltration). ecr:GetAuthorizationToken is left out on purpose: it supports only
 * `Resource: "*"` (see WILDCARD_ONLY_ACTIONS), so every image-pulling role would be reported.
 */
export const CREDENTIAL_AND_DATA_ACTIONS: readonly string[] = [
  "cognito-identity:GetCredentialsForIdentity",
  "cognito-identity:GetOpenIdToken",
  "ec2:GetPasswordData",
  "iam:CreateServiceSpecificCredential",
  "iam:ResetServiceSpecificCredential",
  "iam:UpdateAccessKey",
  "rds-db:Connect",
  "redshift:GetClusterCredentials",
  "sso:GetRoleCredentials",
  "sts:AssumeRole",
  "sts:AssumeRoleWithSAML",
  "sts:AssumeRoleWithWebIdentity",
  "sts:GetFederationToken",
  "s3:GetObject",
  "secretsmanager:GetSecretValue",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
];

const PASS_ROLE = "iam:PassRole";

/** Verbs that only read metadata; everything else is treated as a write (an approximation without the IAM action catalogue). */
const READ_PREFIXES = ["Get", "List", "Describe", "Search", "Lookup", "View", "BatchGet"];

/** Patterns PP-IAM-001 already reports: `*` anywhere, `service:*` on every resource. */
function isFullWildcard(pattern: string, s: Statement): boolean {
  return pattern === "*" || (isUnrestricted(s) && /^[^:*]+:\*$/.test(pattern));
}

function isWrite(pattern: string): boolean {
  const name = pattern.split(":")[1] ?? "";
  return !READ_PREFIXES.some((p) => name.toLowerCase().startsWith(p.toLowerCase()));
}

function allowStatements(stack: StackModel): { source: PolicySource; s: Statement }[] {
  return permissionPolicies(stack).flatMap((source) =>
    source.statements.filter((s) => s.effect === "Allow").map((s) => ({ source, s })),
  );
}

/** Violations for unrestricted Allow statements whose action patterns grant any of `actions`. */
function unrestrictedActionRule(
  stack: StackModel,
  actions: readonly string[],
  problem: (granted: string) => string,
  fix: string,
): Violation[] {
  const out: Violation[] = [];
  for (const { source, s } of allowStatements(stack)) {
    if (!isUnrestricted(s)) continue;
    const granted = s.actions.filter(
      (p) => !isFullWildcard(p, s) && !isWildcardOnlyAction(p) && actions.some((a) => actionMatches(p, a)),
    );
    if (granted.length > 0) {
      out.push({
        address: source.owner.address,
        problem: `${where(source, s)} ${problem(granted.join(", "))}`,
        fix,
      });
    }
  }
  return out;
}

export const iamNoWildcardActions: Rule = {
  id: "PP-IAM-001",
  level: "error",
  description: 'No Allow statement grants Action "*", NotAction, or "service:*" on Resource "*".',
  mirrors: ["CKV_AWS_62", "CKV_AWS_63"],
  fix: "list the exact actions, on the ARNs the workload needs",
  check(stack) {
    const out: Violation[] = [];
    for (const { source, s } of allowStatements(stack)) {
      const wild = s.actions.filter((p) => isFullWildcard(p, s));
      const problems = [
        ...(wild.length > 0
          ? [`allows ${wild.join(", ")}${wild.includes("*") ? "" : ' on Resource "*"'}`]
          : []),
        ...(s.notActions !== undefined ? ["allows every action outside NotAction"] : []),
      ];
      if (problems.length > 0) {
        out.push({
          address: source.owner.address,
          problem: `${where(source, s)} ${problems.join(" and ")}`,
          fix: "list the exact actions the workload calls, on the ARNs it needs",
        });
      }
    }
    return out;
  },
};

export const iamNoUnscopedWrites: Rule = {
  id: "PP-IAM-002",
  level: "error",
  description:
    'No Allow statement grants write actions on Resource "*" (or NotResource), except actions that support no resource-level permission.',
  mirrors: ["CKV_AWS_355", "CKV_AWS_289", "CKV_AWS_290"],
  fix: 'scope Resource to ARNs (actions without a resource type are allowed on "*")',
  check(stack) {
    // Actions with a more specific rule are reported there once, not twice.
    const specific = [PASS_ROLE, ...PRIVILEGE_ESCALATION_ACTIONS, ...CREDENTIAL_AND_DATA_ACTIONS].map((a) =>
      a.toLowerCase(),
    );
    const out: Violation[] = [];
    for (const { source, s } of allowStatements(stack)) {
      if (!isUnrestricted(s)) continue;
      // Actions without resource-level permissions are valid only on "*": those are the exact exemptions.
      const writes = s.actions.filter(
        (p) =>
          !isFullWildcard(p, s) &&
          isWrite(p) &&
          !specific.includes(p.toLowerCase()) &&
          !isWildcardOnlyAction(p),
      );
      if (writes.length > 0) {
        out.push({
          address: source.owner.address,
          problem: `${where(source, s)} allows ${writes.join(", ")} on ${s.notResources ? "NotResource (every other resource)" : 'Resource "*"'}`,
          fix: 'scope Resource to the ARNs the workload writes to (actions the Service Authorization Reference lists without a resource type are allowed on "*": WILDCARD_ONLY_ACTIONS in modules/guardrails/data)',
        });
      }
    }
    return out;
  },
};

export const iamNoPassRoleStar: Rule = {
  id: "PP-IAM-003",
  level: "error",
  description: 'No Allow statement grants iam:PassRole on Resource "*".',
  mirrors: ["project", "CKV_AWS_286"],
  fix: "scope iam:PassRole to role ARNs with an iam:PassedToService condition",
  check: (stack) =>
    unrestrictedActionRule(
      stack,
      [PASS_ROLE],
      (g) =>
        `allows ${g === PASS_ROLE ? g : `${g} (which includes iam:PassRole)`} on every role, which lets the holder hand any role to a service it controls`,
      'scope iam:PassRole to the role ARNs the service needs and add Condition StringEquals "iam:PassedToService"',
    ),
};

export const iamNoPrivilegeEscalation: Rule = {
  id: "PP-IAM-004",
  level: "error",
  description: 'No Allow statement grants a privilege-escalation action on Resource "*".',
  mirrors: ["CKV_AWS_286"],
  fix: "remove the action or scope it to named principals/policies",
  check: (stack) =>
    unrestrictedActionRule(
      stack,
      PRIVILEGE_ESCALATION_ACTIONS,
      (g) => `allows privilege-escalation action(s) ${g} on every resource`,
      "remove the action or scope it to named principals/policies that cannot reach this role",
    ),
};

export const iamNoCredentialExposure: Rule = {
  id: "PP-IAM-005",
  level: "error",
  description: 'No Allow statement grants credential- or secret-returning actions on Resource "*".',
  mirrors: ["CKV_AWS_287", "CKV_AWS_288"],
  fix: "scope Resource to the exact role, secret, parameter or object ARNs",
  check: (stack) =>
    unrestrictedActionRule(
      stack,
      CREDENTIAL_AND_DATA_ACTIONS,
      (g) => `allows ${g} on every resource, exposing credentials or data of the whole account`,
      "scope Resource to the exact role, secret, parameter or object ARNs",
    ),
};

const ROLES_ANYWHERE = "rolesanywhere.amazonaws.com";

export const rolesAnywhereTrust: Rule = {
  id: "PP-IAM-006",
  level: "error",
  description:
    "Roles Anywhere trust requires ArnEquals/ArnLike aws:SourceArn and an aws:PrincipalTag/x509* certificate condition.",
  mirrors: ["project"],
  fix: "add ArnEquals aws:SourceArn (trust anchor) and aws:PrincipalTag/x509* conditions",
  check(stack) {
    const out: Violation[] = [];
    for (const source of trustPolicies(stack)) {
      for (const s of source.statements) {
        const trusts = s.principals.some((p) => p.type === "Service" && p.ids.includes(ROLES_ANYWHERE));
        if (s.effect !== "Allow" || !trusts) continue;
        const missing: string[] = [];
        const sourceArn = s.conditions.some(
          (c) =>
            ["ArnEquals", "ArnLike"].includes(c.operator) &&
            c.key.toLowerCase() === "aws:sourcearn" &&
            c.values.length > 0 &&
            !c.values.includes("*"),
        );
        if (!sourceArn) missing.push("an ArnEquals/ArnLike aws:SourceArn condition pinning the trust anchor");
        const certificate = s.conditions.some(
          (c) =>
            c.key.toLowerCase().startsWith("aws:principaltag/x509") &&
            c.values.length > 0 &&
            !c.values.includes("*"),
        );
        if (!certificate)
          missing.push("an aws:PrincipalTag/x509Subject|x509Issuer|x509SAN condition on the certificate");
        if (missing.length > 0) {
          out.push({
            address: source.owner.address,
            problem: `${where(source, s)} trusts ${ROLES_ANYWHERE} without ${missing.join(" and ")}, so any certificate of any trust anchor in the account can assume it`,
            fix: 'add Condition { ArnEquals: { "aws:SourceArn": <trust anchor ARN> }, StringEquals: { "aws:PrincipalTag/x509Subject/CN": <CN> } }',
          });
        }
      }
    }
    return out;
  },
};

/** Condition keys that pin who may assume a role when its trust policy names every principal. */
const TRUST_CALLER_KEYS = [
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
];

export const trustNoOpenPrincipal: Rule = {
  id: "PP-IAM-007",
  level: "error",
  description:
    'Role trust policies allow Principal "*" only with a condition on the caller\'s account, organization or ARN.',
  mirrors: ["CKV_AWS_60"],
  fix: "trust named principals, or add an aws:PrincipalOrgID / aws:PrincipalArn condition",
  check: (stack) =>
    openPrincipalViolations(
      trustPolicies(stack),
      TRUST_CALLER_KEYS,
      "to assume the role",
      'trust named principals (role ARNs, account roots with sts:ExternalId, service principals with aws:SourceArn) instead of "*"',
    ),
};

/**
 * AWS managed policies that grant administrator or power-user access, or the IAM control to obtain it:
 * the "AWS managed policies for job functions" (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html)
 * AdministratorAccess and PowerUserAccess, the service-scoped administrator variants, and IAMFullAccess
 * (iam:* lets the holder attach AdministratorAccess to itself). CKV_AWS_274 checks only AdministratorAccess.
 */
export const ADMIN_MANAGED_POLICIES: readonly string[] = [
  "AdministratorAccess",
  "AdministratorAccess-Amplify",
  "AdministratorAccess-AWSElasticBeanstalk",
  "IAMFullAccess",
  "PowerUserAccess",
];

/** `arn:<any partition>:iam::aws:policy/<path>/<name>` of an AWS managed admin policy. */
function adminPolicyName(arn: string): string | undefined {
  const m = /^arn:aws[a-z-]*:iam::aws:policy\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/.exec(arn);
  return m && ADMIN_MANAGED_POLICIES.includes(m[1]) ? m[1] : undefined;
}

/** Where managed policies are attached: resource type and the argument holding the ARN(s). */
const ATTACHMENTS: readonly (readonly [string, string])[] = [
  ["aws_iam_role", "managed_policy_arns"],
  ["aws_iam_role_policy_attachment", "policy_arn"],
  ["aws_iam_role_policy_attachments_exclusive", "policy_arns"],
  ["aws_iam_policy_attachment", "policy_arn"],
  ["aws_iam_user_policy_attachment", "policy_arn"],
  ["aws_iam_group_policy_attachment", "policy_arn"],
  ["aws_ssoadmin_managed_policy_attachment", "managed_policy_arn"],
];

export const iamNoAdminManagedPolicy: Rule = {
  id: "PP-IAM-008",
  level: "error",
  description:
    "No role, user, group or permission set gets an AWS managed administrator, power-user or IAMFullAccess policy.",
  mirrors: ["CKV_AWS_274"],
  fix: "attach a customer managed least-privilege policy instead",
  check(stack) {
    const out: Violation[] = [];
    for (const [type, argument] of ATTACHMENTS) {
      for (const r of stack.resources(type)) {
        const names = strings(r.body[argument]).flatMap((arn) => adminPolicyName(arn) ?? []);
        if (names.length > 0) {
          out.push({
            address: r.address,
            problem: `attaches the AWS managed policy ${names.join(", ")}, which grants (or can grant itself) full control of the account`,
            fix: "attach a customer managed policy with the actions and resources the principal needs",
          });
        }
      }
    }
    return out;
  },
};

export const iamRules: readonly Rule[] = [
  iamNoWildcardActions,
  iamNoUnscopedWrites,
  iamNoPassRoleStar,
  iamNoPrivilegeEscalation,
  iamNoCredentialExposure,
  rolesAnywhereTrust,
  trustNoOpenPrincipal,
  iamNoAdminManagedPolicy,
];
