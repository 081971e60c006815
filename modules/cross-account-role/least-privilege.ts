import { IConstruct } from "constructs";
import { PolicyDocument, ensure, findWildcards, isKnown } from "../core";
import { parseRoleArn } from "./arn";

export { parseRoleArn } from "./arn";
export type { RoleArnParts } from "./arn";

/**
 * Throws unless every wildcard that {@link findWildcards} reports in `doc` sits in a statement whose
 * actions all appear in `starResourceActions`: actions the Service Authorization Reference lists
 * without a resource type, which therefore only work with `"Resource": "*"`.
 */
export function assertLeastPrivilege(
  scope: IConstruct,
  prop: string,
  doc: PolicyDocument,
  starResourceActions: Readonly<Record<string, string>> = {},
): void {
  doc.Statement.forEach((s, i) => {
    const findings = findWildcards({ Version: doc.Version, Statement: [s] });
    if (findings.length === 0) return;
    const actions = s.Action === undefined ? [] : typeof s.Action === "string" ? [s.Action] : s.Action;
    const documented =
      findings.every((f) => / resource \*$/.test(f)) && actions.every((a) => a in starResourceActions);
    ensure(
      documented,
      scope,
      prop,
      findings.map((f) => f.replace(/^Statement\[0\]/, s.Sid ?? `Statement[${i}]`)),
      "a generated Allow statement would use a wildcard action or resource",
      "scope the statement to named resources (only actions without resource-level permissions may use Resource *)",
    );
  });
}

/** An IAM role ARN naming one role exactly (no wildcard), e.g. `arn:aws:iam::111122223333:role/etl`. */
export function checkRoleArn(scope: IConstruct, prop: string, arn: string): void {
  if (!isKnown(arn)) return;
  ensure(
    parseRoleArn(arn) !== undefined,
    scope,
    prop,
    arn,
    "must be the ARN of one IAM role (arn:<partition>:iam::<12-digit account>:role/<path/>name, no wildcard)",
    "give the role's full ARN, e.g. arn:aws:iam::111122223333:role/partner-worker (not a user, account root or pattern)",
  );
}

/** An ARN for one resource of `service` (no `*` or `?`). */
export function checkExactArn(scope: IConstruct, prop: string, arn: string, service: string): void {
  if (!isKnown(arn)) return;
  const m = /^arn:aws[a-z-]*:([a-z0-9-]+):[a-z0-9-]*:(\d{12})?:.+$/.exec(arn);
  ensure(
    !!m && m[1] === service && !/[*?]/.test(arn),
    scope,
    prop,
    arn,
    `must be the full ARN of one ${service} resource (no '*' or '?')`,
    `give the exact ARN, e.g. arn:aws:${service}:us-east-1:111122223333:...`,
  );
}

/** AWS region name such as `us-east-1`. */
export function checkRegion(scope: IConstruct, prop: string, region: string): void {
  if (!isKnown(region)) return;
  ensure(
    /^[a-z]{2}(-[a-z]+)+-\d$/.test(region),
    scope,
    prop,
    region,
    "must be an AWS region name",
    "give a region such as us-east-1",
  );
}

/** IAM role name: 1-64 characters of letters, digits and `+=,.@_-`. */
export function checkRoleName(scope: IConstruct, prop: string, name: string): void {
  if (!isKnown(name)) return;
  ensure(
    /^[\w+=,.@-]{1,64}$/.test(name),
    scope,
    prop,
    name,
    "must be 1-64 characters of letters, digits and +=,.@_-",
    "rename the role",
  );
}
