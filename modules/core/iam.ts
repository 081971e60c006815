/**
 * Typed IAM policy documents. Policies are built as objects and serialised once with
 * {@link policyJson}; no module concatenates JSON strings by hand.
 */

export type OneOrMany<T> = T | readonly T[];

/** Condition block: operator → key → value(s), e.g. `{ StringEquals: { "aws:SourceAccount": "111122223333" } }`. */
export type PolicyConditions = Readonly<
  Record<string, Readonly<Record<string, OneOrMany<string> | boolean>>>
>;

export type PolicyPrincipal =
  "*" | Readonly<{ AWS?: OneOrMany<string>; Service?: OneOrMany<string>; Federated?: OneOrMany<string> }>;

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: PolicyPrincipal;
  readonly Action?: OneOrMany<string>;
  readonly NotAction?: OneOrMany<string>;
  readonly Resource?: OneOrMany<string>;
  readonly NotResource?: OneOrMany<string>;
  readonly Condition?: PolicyConditions;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

/** A policy document from statements (Version pinned to 2012-10-17). */
export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** Serialises a policy document for an IAM/S3/KMS policy argument. Token strings inside are resolved by cdktf. */
export function policyJson(doc: PolicyDocument): string {
  return JSON.stringify(doc);
}

/**
 * Trust policy letting an AWS service assume a role, optionally pinned to a source account and, for the
 * confused-deputy guard, to the ARNs of the resources acting (`ArnLike aws:SourceArn`, e.g.
 * `arn:aws:ec2:us-east-1:111122223333:vpc-flow-log/*`).
 */
export function serviceTrustPolicy(
  service: OneOrMany<string>,
  sourceAccount?: string,
  sourceArnLike?: string,
): PolicyDocument {
  const condition = {
    ...(sourceAccount ? { StringEquals: { "aws:SourceAccount": sourceAccount } } : {}),
    ...(sourceArnLike ? { ArnLike: { "aws:SourceArn": sourceArnLike } } : {}),
  };
  return policyDocument({
    Effect: "Allow",
    Principal: { Service: service },
    Action: "sts:AssumeRole",
    ...(Object.keys(condition).length ? { Condition: condition } : {}),
  });
}

function asList<T>(v: OneOrMany<T> | undefined): readonly T[] {
  return v === undefined ? [] : Array.isArray(v) ? (v as readonly T[]) : [v as T];
}

/**
 * Wildcards in an Allow statement's actions (`*`, `service:*`) or resources (`*`): the places a
 * least-privilege review would flag. Returns human-readable findings (empty when clean).
 */
export function findWildcards(doc: PolicyDocument): string[] {
  const findings: string[] = [];
  doc.Statement.forEach((s, i) => {
    if (s.Effect !== "Allow") return;
    const label = s.Sid ?? `Statement[${i}]`;
    for (const a of asList(s.Action))
      if (a === "*" || a.endsWith(":*")) findings.push(`${label}: action ${a}`);
    for (const r of asList(s.Resource)) if (r === "*") findings.push(`${label}: resource *`);
  });
  return findings;
}

/**
 * A key policy that delegates the key to the account's IAM policies (the statement AWS's default key policy
 * has: "Default key policy", https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html),
 * plus `statements` for principals IAM cannot cover (service principals). In a key policy `"Resource": "*"`
 * means this key only.
 */
export function accountRootKeyPolicy(
  partition: string,
  accountId: string,
  ...statements: PolicyStatement[]
): PolicyDocument {
  return policyDocument(
    {
      Sid: "EnableAccountAdministration",
      Effect: "Allow",
      Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
      Action: "kms:*",
      Resource: "*",
    },
    ...statements,
  );
}
