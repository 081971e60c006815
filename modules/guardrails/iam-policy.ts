/**
 * IAM policy documents as rules see them: JSON policy strings (`policyJson(...)`) and
 * `data.aws_iam_policy_document` blocks, normalised to one statement shape.
 */
import { StackModel, TfBody, TfResource, blocks, parseRef, strings } from "./model";

export interface Principal {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser` or `*`. */
  readonly type: string;
  readonly ids: readonly string[];
}

export interface Condition {
  /** Operator, e.g. `ArnEquals` or `StringEquals`. */
  readonly operator: string;
  /** Condition key, e.g. `aws:SourceArn`. */
  readonly key: string;
  readonly values: readonly string[];
}

export interface Statement {
  /** `Sid "x"` or `Statement[i]`, for messages. */
  readonly label: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  /** Set when the statement uses NotAction. */
  readonly notActions?: readonly string[];
  readonly resources: readonly string[];
  /** Set when the statement uses NotResource. */
  readonly notResources?: readonly string[];
  readonly principals: readonly Principal[];
  readonly conditions: readonly Condition[];
}

/** A policy argument of a resource, parsed. */
export interface PolicySource {
  /** The resource holding the argument (`aws_iam_role_policy.x`, `aws_iam_role.y`). */
  readonly owner: TfResource;
  /** Which argument, e.g. `policy`, `inline_policy "read"`, `assume_role_policy`. */
  readonly argument: string;
  /** The policy document data source the argument references, when it does. */
  readonly via?: string;
  readonly statements: readonly Statement[];
}

/** Parses a policy argument: a JSON string or a reference to a `data.aws_iam_policy_document`. Undefined when unknown. */
export function parsePolicy(
  value: unknown,
  model: StackModel,
): { statements: Statement[]; via?: string } | undefined {
  const ref = parseRef(value);
  if (ref) {
    const doc = model.resolve(value);
    if (!doc || doc.type !== "aws_iam_policy_document" || !["json", "minified_json"].includes(ref.attribute))
      return undefined;
    return { statements: blocks(doc.body.statement).map(fromDataStatement), via: doc.address };
  }
  if (typeof value !== "string") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    // `${jsonencode(...)}` and other Terraform expressions cannot be read at synth.
    return undefined;
  }
  const raw = (parsed as { Statement?: unknown } | null)?.Statement;
  if (raw === undefined) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  return { statements: list.filter(isObject).map(fromJsonStatement) };
}

/** Parsed permission policies per model: five IAM rules read them, each stack's JSON is parsed once. */
const parsedPermissionPolicies = new WeakMap<StackModel, PolicySource[]>();

/** Identity (permission) policies: managed policies, inline role/user/group policies, `inline_policy` blocks. */
export function permissionPolicies(model: StackModel): PolicySource[] {
  const cached = parsedPermissionPolicies.get(model);
  if (cached) return cached;
  const sources = collectPermissionPolicies(model);
  parsedPermissionPolicies.set(model, sources);
  return sources;
}

function collectPermissionPolicies(model: StackModel): PolicySource[] {
  const sources: PolicySource[] = [];
  const add = (owner: TfResource, argument: string, value: unknown) => {
    const parsed = parsePolicy(value, model);
    if (parsed) sources.push({ owner, argument, via: parsed.via, statements: parsed.statements });
  };
  for (const r of model.resources(
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
  )) {
    add(r, "policy", r.body.policy);
  }
  for (const role of model.resources("aws_iam_role")) {
    for (const inline of blocks(role.body.inline_policy)) {
      add(role, `inline_policy ${JSON.stringify(inline.name ?? "")}`, inline.policy);
    }
  }
  return sources;
}

/** Role trust policies (`aws_iam_role.assume_role_policy`). */
export function trustPolicies(model: StackModel): PolicySource[] {
  const sources: PolicySource[] = [];
  for (const role of model.resources("aws_iam_role")) {
    const parsed = parsePolicy(role.body.assume_role_policy, model);
    if (parsed)
      sources.push({
        owner: role,
        argument: "assume_role_policy",
        via: parsed.via,
        statements: parsed.statements,
      });
  }
  return sources;
}

/** True when the statement applies to every resource (`Resource: "*"` or any `NotResource`). */
export function isUnrestricted(s: Statement): boolean {
  return s.notResources !== undefined || s.resources.includes("*");
}

/** IAM action glob match (`*` and `?`, case-insensitive), e.g. `iam:Pass*` matches `iam:PassRole`. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
  return re.test(action);
}

/** `Sid "x"` or `Statement[i]`. */
function label(sid: unknown, index: number): string {
  return typeof sid === "string" && sid !== "" ? `Sid ${JSON.stringify(sid)}` : `Statement[${index}]`;
}

/** Human-readable location of a statement, e.g. `policy (via data.aws_iam_policy_document.x) Sid "Read"`. */
export function where(source: PolicySource, s: Statement): string {
  return `${source.argument}${source.via ? ` (via ${source.via})` : ""} ${s.label}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function fromJsonStatement(raw: Record<string, unknown>, index: number): Statement {
  const principals: Principal[] = [];
  if (raw.Principal === "*") principals.push({ type: "*", ids: ["*"] });
  else if (isObject(raw.Principal)) {
    for (const [type, ids] of Object.entries(raw.Principal)) principals.push({ type, ids: strings(ids) });
  }
  const conditions: Condition[] = [];
  if (isObject(raw.Condition)) {
    for (const [operator, entries] of Object.entries(raw.Condition)) {
      if (!isObject(entries)) continue;
      for (const [key, values] of Object.entries(entries)) {
        conditions.push({ operator, key, values: (Array.isArray(values) ? values : [values]).map(String) });
      }
    }
  }
  return {
    label: label(raw.Sid, index),
    effect: raw.Effect === "Deny" ? "Deny" : "Allow",
    actions: strings(raw.Action),
    notActions: raw.NotAction === undefined ? undefined : strings(raw.NotAction),
    resources: strings(raw.Resource),
    notResources: raw.NotResource === undefined ? undefined : strings(raw.NotResource),
    principals,
    conditions,
  };
}

function fromDataStatement(raw: TfBody, index: number): Statement {
  const present = (v: unknown) => v !== undefined && v !== null;
  return {
    label: label(raw.sid, index),
    // The data source defaults effect to Allow.
    effect: raw.effect === "Deny" ? "Deny" : "Allow",
    actions: strings(raw.actions),
    notActions: present(raw.not_actions) ? strings(raw.not_actions) : undefined,
    resources: strings(raw.resources),
    notResources: present(raw.not_resources) ? strings(raw.not_resources) : undefined,
    principals: blocks(raw.principals).map((p) => ({
      type: String(p.type ?? ""),
      ids: strings(p.identifiers),
    })),
    conditions: blocks(raw.condition).map((c) => ({
      operator: String(c.test ?? ""),
      key: String(c.variable ?? ""),
      values: strings(c.values),
    })),
  };
}

/**
 * Resource-based policies held in `argument` of the given resource types (e.g. `aws_kms_key.policy`,
 * `aws_s3_bucket_policy.policy`), parsed like identity policies. Unparseable values are skipped.
 */
export function resourcePolicies(
  model: StackModel,
  sources: readonly (readonly [type: string, argument: string])[],
): PolicySource[] {
  const out: PolicySource[] = [];
  for (const [type, argument] of sources) {
    for (const owner of model.resources(type)) {
      const parsed = parsePolicy(owner.body[argument], model);
      if (parsed) out.push({ owner, argument, via: parsed.via, statements: parsed.statements });
    }
  }
  return out;
}

/**
 * True when the statement names every principal: `Principal: "*"`, `{"AWS": "*"}`, or an AWS principal
 * with a wildcard in it (`arn:aws:iam::*:root`).
 */
export function allowsAnyPrincipal(s: Statement): boolean {
  return s.principals.some(
    (p) => p.type === "*" || (p.type.toUpperCase() === "AWS" && p.ids.some((id) => id.includes("*"))),
  );
}

/**
 * Condition operators that narrow an Allow. Negated operators widen it, and `…IfExists` passes when the
 * key is absent from the request, so neither restricts anything.
 */
const NARROWING_OPERATORS = [
  "stringequals",
  "stringequalsignorecase",
  "stringlike",
  "arnequals",
  "arnlike",
  "ipaddress",
];

/** A condition value that still names something: not a bare wildcard, not the whole internet, not an ARN of wildcards. */
function narrowValue(v: string): boolean {
  if (/^[*?]*$/.test(v) || v === "0.0.0.0/0" || v === "::/0") return false;
  const arn = /^arn:[^:]*:[^:]*:[^:]*:([^:]*):(.*)$/.exec(v);
  return !arn || !/^[*?]*$/.test(arn[1]) || !/^[*?/]*$/.test(arn[2]);
}

/**
 * True when one of the statement's conditions restricts the caller with one of `keys` (compared
 * case-insensitively) through a narrowing operator and concrete values, e.g.
 * `StringEquals aws:PrincipalOrgID o-abc` or `ArnLike aws:SourceArn arn:aws:s3:::logs`.
 */
export function hasRestrictingCondition(s: Statement, keys: readonly string[]): boolean {
  const wanted = keys.map((k) => k.toLowerCase());
  return s.conditions.some((c) => {
    const operator = c.operator.toLowerCase().replace(/^for(any|all)value:/, "");
    return (
      NARROWING_OPERATORS.includes(operator) &&
      wanted.includes(c.key.toLowerCase()) &&
      c.values.length > 0 &&
      c.values.every(narrowValue)
    );
  });
}
