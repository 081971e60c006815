import { TerraformResource, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import {
  REPLACE_FORCING_ARGUMENTS,
  ValidationError,
  ValidationProblem,
  canonicalJson,
  resolveTokens,
  shortHash,
} from "../core";

/**
 * Replacing a termination-protected EMR cluster fails midway: the provider's delete calls TerminateJobFlows
 * without lifting protection first, and EMR answers "Could not shut down one or more job flows since they are
 * termination protected". The provider documents the way out: "Before attempting to destroy the resource when
 * termination protection is enabled, this configuration must be applied with its value set to false"
 * (https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/emr_cluster#termination_protection).
 * Lifting protection and the replacing change cannot share one apply: a plan that replaces the cluster never
 * updates it in place, so the old, still protected cluster is what the delete meets.
 *
 * So synth compares what would replace the cluster with a fingerprint of the deployed cluster that the caller
 * records (`deployedFingerprint`), and refuses a difference while the cluster is protected. The fingerprint
 * hashes three parts of the resolved Terraform JSON:
 * - `cluster`: every replace-forcing argument of the cluster (REPLACE_FORCING_ARGUMENTS: in this provider that
 *   is everything but protection, auto-termination, tags and a few others), minus ignore_changes paths;
 * - `references`: the replace-forcing arguments of every resource a cluster argument references (its security
 *   configuration, roles, instance profile, security groups, log bucket, key): replacing one of those changes
 *   the value the cluster gets, which replaces the cluster too;
 * - `task-fleet`: the task fleet's replace-forcing arguments. A cluster holds one task fleet and deleting an
 *   aws_emr_instance_fleet only resizes it to zero, so a new task fleet can only come with a new cluster
 *   (the module ties the two together with replace_triggered_by).
 */
export const FINGERPRINT_PARTS = ["cluster", "references", "task-fleet"] as const;
export type FingerprintPart = (typeof FINGERPRINT_PARTS)[number];

/**
 * `deployedFingerprint` of a cluster that is not deployed yet (the next apply creates it): nothing to compare
 * with. Record the fingerprint once the first apply has run (synth says which while "none" stands).
 */
export const NOT_DEPLOYED = "none";

/** The form of a replacement fingerprint: `cluster:<8 hex> references:<8 hex> task-fleet:<8 hex|none>`. */
export const REPLACEMENT_FINGERPRINT =
  /^cluster:[0-9a-f]{8} references:[0-9a-f]{8} task-fleet:([0-9a-f]{8}|none)$/;

const WHAT_CHANGED: Readonly<Record<FingerprintPart, string>> = {
  cluster:
    "the cluster's own arguments (release, applications, fleets, configurations, subnets, roles, logs)",
  references:
    "a resource the cluster references (security configuration, roles, instance profile, security groups, log bucket, key)",
  "task-fleet":
    "the task fleet's instance types, weights, EBS volumes or launch specifications (a cluster holds one task fleet)",
};

/** What the fingerprint covers. */
export interface FingerprintSubject {
  readonly cluster: TerraformResource;
  readonly taskFleet?: TerraformResource;
  /** Cluster arguments under lifecycle.ignore_changes (they never plan a change), as paths of keys. */
  readonly ignoredClusterPaths?: ReadonlyArray<readonly string[]>;
}

/** A resource's arguments as the synthesized JSON has them (tokens resolved to Terraform references). */
function resolvedArguments(r: TerraformResource): Record<string, unknown> {
  const fragment = resolveTokens(r, r.toTerraform()) as {
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };
  return fragment.resource[r.terraformResourceType][r.friendlyUniqueId];
}

function replaceForcing(type: string, args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    (REPLACE_FORCING_ARGUMENTS[type] ?? []).filter((a) => args[a] !== undefined).map((a) => [a, args[a]]),
  );
}

function withoutPath(value: unknown, path: readonly string[]): unknown {
  if (path.length === 0) return undefined;
  if (Array.isArray(value)) return value.map((v) => withoutPath(v, path));
  if (!value || typeof value !== "object") return value;
  const [head, ...rest] = path;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (!(head in copy)) return value;
  if (rest.length === 0) delete copy[head];
  else copy[head] = withoutPath(copy[head], rest);
  return copy;
}

/** Resources of the cluster's stack referenced by `${<type>.<name>.<attribute>}` anywhere in `value`. */
function referencedResources(stack: TerraformStack, value: unknown): TerraformResource[] {
  const text = JSON.stringify(value);
  const wanted = new Set(
    [...text.matchAll(/\$\{([a-z][a-z0-9_]*)\.([^.}\s]+)\.[a-z0-9_]+/g)].map((m) => `${m[1]}.${m[2]}`),
  );
  return stack.node
    .findAll()
    .filter(
      (c): c is TerraformResource =>
        c instanceof TerraformResource && wanted.has(`${c.terraformResourceType}.${c.friendlyUniqueId}`),
    )
    .sort((a, b) => (a.friendlyUniqueId < b.friendlyUniqueId ? -1 : 1));
}

/** The replacement fingerprint of the cluster as synthesized now. */
export function replacementFingerprint(subject: FingerprintSubject): string {
  let cluster = replaceForcing(subject.cluster.terraformResourceType, resolvedArguments(subject.cluster));
  for (const p of subject.ignoredClusterPaths ?? [])
    cluster = withoutPath(cluster, p) as Record<string, unknown>;
  const references = referencedResources(TerraformStack.of(subject.cluster), cluster).map((r) => ({
    [`${r.terraformResourceType}.${r.friendlyUniqueId}`]: replaceForcing(
      r.terraformResourceType,
      resolvedArguments(r),
    ),
  }));
  const fleet = subject.taskFleet
    ? replaceForcing(subject.taskFleet.terraformResourceType, resolvedArguments(subject.taskFleet))
    : undefined;
  return [
    `cluster:${shortHash(canonicalJson(cluster))}`,
    `references:${shortHash(canonicalJson(references))}`,
    `task-fleet:${fleet ? shortHash(canonicalJson(fleet)) : "none"}`,
  ].join(" ");
}

/** The parts two fingerprints differ in. */
export function changedParts(before: string, after: string): FingerprintPart[] {
  const parts = (f: string) => Object.fromEntries(f.split(" ").map((p) => p.split(":") as [string, string]));
  const a = parts(before);
  const b = parts(after);
  return FINGERPRINT_PARTS.filter((p) => a[p] !== b[p]);
}

/**
 * Thrown at synth when the cluster would be replaced against what `deployedFingerprint` records (or when a
 * protected cluster records nothing): a ValidationError of the `deployedFingerprint` prop, typed so that an app
 * can report it as the config problem it is.
 */
export class ReplacementRefusedError extends ValidationError {
  constructor(problem: ValidationProblem) {
    super(problem);
    this.name = "ReplacementRefusedError";
  }
}

/**
 * Problems of a planned change against the recorded fingerprint (empty when the cluster is not replaced, or not
 * protected and not pinned), each naming the construct, the `deployedFingerprint` prop and the fix.
 */
export function replacementProblems(
  scope: Construct,
  subject: FingerprintSubject,
  terminationProtection: boolean,
  deployedFingerprint: string | undefined,
): ValidationProblem[] {
  const problem = (value: unknown, text: string, fix: string): ValidationProblem => ({
    path: scope.node.path,
    prop: "deployedFingerprint",
    value,
    problem: text,
    fix,
  });
  if (deployedFingerprint === NOT_DEPLOYED) return [];
  if (deployedFingerprint === undefined && !terminationProtection) return [];
  const now = replacementFingerprint(subject);
  if (deployedFingerprint === undefined)
    return [
      problem(
        undefined,
        "a termination-protected cluster needs the fingerprint of the deployed cluster, so that a change that would replace it is refused at synth (AWS will not terminate a protected cluster: the apply would fail midway)",
        `set deployedFingerprint: "${now}" (this synth's fingerprint), or "${NOT_DEPLOYED}" while no cluster is deployed (the next apply creates it; record the fingerprint after that apply)`,
      ),
    ];
  if (!REPLACEMENT_FINGERPRINT.test(deployedFingerprint))
    return [
      problem(
        deployedFingerprint,
        `is not a replacement fingerprint ("cluster:<8 hex> references:<8 hex> task-fleet:<8 hex|none>") or "${NOT_DEPLOYED}"`,
        `copy the fingerprint synth prints; this synth's is "${now}"`,
      ),
    ];
  if (deployedFingerprint === now) return [];
  const changed = changedParts(deployedFingerprint, now)
    .map((p) => WHAT_CHANGED[p])
    .join("; ");
  if (terminationProtection)
    return [
      problem(
        deployedFingerprint,
        `this change replaces the termination-protected cluster (changed: ${changed}); AWS refuses to terminate a protected cluster, so the apply would fail midway`,
        "replace it in two applies: 1) set terminationProtection: false, with no other change, and apply (an in-place update); " +
          `2) remove deployedFingerprint, make this change and apply (the cluster is replaced); then set terminationProtection back on with deployedFingerprint: "${now}"`,
      ),
    ];
  return [
    problem(
      deployedFingerprint,
      `this change replaces the cluster deployedFingerprint records (changed: ${changed})`,
      "if the apply that turned termination protection off has run, remove deployedFingerprint to let this change replace the cluster " +
        `(set it to "${now}" when protection goes back on); if not, apply terminationProtection: false alone first`,
    ),
  ];
}
