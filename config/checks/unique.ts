import { own } from "../lookup";
import { Problem } from "../problems";
import { EnvironmentConfig } from "../schema";

/*
 * Names that must be unique across the whole project, not just inside one environment: two environments (a
 * copy of dev.ts registered as a new environment, say) that claim the same bucket, dataset or secret would
 * fight over one resource, each apply undoing the other's. Computed from validated configs, so it holds
 * however the environment files are written. Names the stacks derive from the environment name
 * (`<env>-<key>` roles, flows, connections) are unique by construction and are not listed; literal names
 * from config are.
 */

/** One name an environment claims, where it must be unique, and the config path that sets it. */
export interface NameClaim {
  /** What it is, e.g. "S3 bucket". */
  readonly kind: string;
  /** Where it must be unique, e.g. "every AWS account (S3 bucket names are global)". */
  readonly scope: string;
  readonly name: string;
  readonly path: string;
  /** AWS compares these names case-insensitively (IAM, Glue). */
  readonly ignoreCase?: boolean;
}

const account = (cfg: EnvironmentConfig, name: string) => own(cfg.accounts, name)?.id ?? name;

/** The literal names one environment claims. */
export function nameClaims(cfg: EnvironmentConfig): NameClaim[] {
  const claims: NameClaim[] = [];
  const stackIds = ["network", "identity", "ingest", "bigquery", "analytics"].map((c) => `${cfg.name}-${c}`);
  const b = cfg.backend;
  // Stack ids are the state keys and HCP Terraform workspace names (stacks/backend.ts).
  const stateScope =
    b.type === "local"
      ? `local state directory ${b.dir}`
      : b.type === "cloud"
        ? `HCP Terraform organization ${b.organization} on ${b.hostname}`
        : `S3 state bucket ${b.bucket} under ${b.keyPrefix}/`;
  for (const id of stackIds)
    claims.push({ kind: "state key / workspace", scope: stateScope, name: id, path: "name" });

  const ingest = cfg.ingest;
  const a = ingest?.appflow;
  if (ingest && a) {
    for (const key of ["resultsBucketName", "athenaResultsBucketName"] as const)
      claims.push({
        kind: "S3 bucket",
        scope: "all AWS accounts (bucket names are global)",
        name: a[key],
        path: `ingest.appflow.${key}`,
      });
    claims.push({
      kind: "Glue database",
      scope: `account ${account(cfg, ingest.account)} in ${ingest.region}`,
      name: a.glueDatabaseName,
      path: "ingest.appflow.glueDatabaseName",
      ignoreCase: true,
    });
  }
  for (const [key, conn] of Object.entries(ingest?.glue?.connections ?? {}))
    if (conn.jdbc)
      claims.push({
        kind: "JDBC credentials secret",
        scope: "all environments (each environment reads its own credentials)",
        name: conn.jdbc.secretArn,
        path: `ingest.glue.connections.${key}.jdbc.secretArn`,
      });
  if (cfg.bigquery)
    claims.push({
      kind: "BigQuery dataset",
      scope: `Google project ${cfg.bigquery.projectId}`,
      name: cfg.bigquery.datasetId,
      path: "bigquery.datasetId",
    });
  const ra = cfg.identity?.rolesAnywhere;
  for (const [key, s] of Object.entries(ra?.secrets ?? {}))
    claims.push({
      kind: "Secrets Manager secret",
      scope: `account ${account(cfg, ra!.account)} in ${ra!.region}`,
      name: s.name,
      path: `identity.rolesAnywhere.secrets.${key}.name`,
    });
  for (const [key, r] of Object.entries(cfg.identity?.redshiftAccess ?? {}))
    claims.push({
      kind: "IAM role that gets this environment's inline policy",
      scope: `account ${account(cfg, r.consumerAccount)}`,
      name: `${r.consumerRolePath}${r.consumerRoleName}`,
      path: `identity.redshiftAccess.${key}.consumerRoleName`,
      ignoreCase: true,
    });
  return claims;
}

/**
 * Every name claimed twice, across all the given environments (and within one), as a problem of the file
 * that claims it second, naming the other place. `files` maps an environment name to its file.
 */
export function nameCollisions(
  configs: readonly EnvironmentConfig[],
  fileOf: (env: string) => string,
): Map<string, Problem[]> {
  const first = new Map<string, { env: string; claim: NameClaim }>();
  const problems = new Map<string, Problem[]>();
  for (const cfg of configs) {
    for (const claim of nameClaims(cfg)) {
      const key = `${claim.kind}\u0000${claim.scope}\u0000${claim.ignoreCase ? claim.name.toLowerCase() : claim.name}`;
      const other = first.get(key);
      if (!other) {
        first.set(key, { env: cfg.name, claim });
        continue;
      }
      const file = fileOf(cfg.name);
      const where = `${fileOf(other.env)}: ${other.claim.path}`;
      problems.set(file, [
        ...(problems.get(file) ?? []),
        {
          path: claim.path,
          value: claim.name,
          message: `is the ${claim.kind} already claimed by ${where} (it must be unique in ${claim.scope}); two environments would fight over one resource`,
          fix:
            other.env === cfg.name
              ? "give each its own name"
              : `give this environment its own name (e.g. with "${cfg.name}" in it), or remove the duplicate from one of the files`,
        },
      ]);
    }
  }
  return problems;
}
