import * as path from "path";
import { isAwsRegion, AWS_REGIONS } from "../aws";
import { hasOwn } from "../lookup";
import { Problems, referenceFix } from "../problems";
import { isBucketName } from "@multicloud-platform/modules/core";
import { EnvironmentConfig } from "../schema";

/**
 * Name of a stack's S3 access-log bucket for one account and region, as the stack builds it: unique across
 * environments (the stack id carries the environment), components, accounts and regions.
 */
export function accessLogBucketName(
  cfg: EnvironmentConfig,
  component: string,
  accountId: string,
  region: string,
): string {
  return `${cfg.name}-${component}-access-logs-${accountId}-${region}`;
}

/** The access-log buckets the stacks will create (where they hold buckets), by the config path that decides them. */
function accessLogBuckets(cfg: EnvironmentConfig): { at: string; name: string }[] {
  const out: { at: string; name: string }[] = [];
  const idOf = (account: string) => cfg.accounts[account]?.id;
  if (cfg.ingest?.appflow && idOf(cfg.ingest.account))
    out.push({
      at: "ingest",
      name: accessLogBucketName(cfg, "ingest", idOf(cfg.ingest.account)!, cfg.ingest.region),
    });
  const a = cfg.analytics;
  const region = a ? cfg.network.vpcs[a.vpc]?.region : undefined;
  if (a && region && idOf(a.account))
    out.push({ at: "analytics", name: accessLogBucketName(cfg, "analytics", idOf(a.account)!, region) });
  return out;
}

/** Accounts and backend: id formats, and references to accounts. */
export function checkBase(cfg: EnvironmentConfig, p: Problems): void {
  for (const [name, account] of Object.entries(cfg.accounts)) {
    if (!/^\d{12}$/.test(account.id)) {
      p.add(
        `accounts.${name}.id`,
        account.id,
        "is not a 12-digit AWS account id",
        'write the account id as a quoted 12-digit string, e.g. "111122223333"',
      );
    }
    if (!/^[\w+=,.@-]{1,64}$/.test(account.deployRoleName)) {
      p.add(
        `accounts.${name}.deployRoleName`,
        account.deployRoleName,
        "is not a valid IAM role name",
        "use 1-64 characters from letters, digits and +=,.@_-",
      );
    }
  }
  const ids = new Map<string, string>();
  for (const [name, account] of Object.entries(cfg.accounts)) {
    const other = ids.get(account.id);
    if (other)
      p.add(
        `accounts.${name}.id`,
        account.id,
        `is the same account id as accounts.${other}`,
        "give each account entry its own id, or reference one entry from both places",
      );
    ids.set(account.id, name);
  }

  const b = cfg.backend;
  if (b.type === "local" && (path.isAbsolute(b.dir) || b.dir.split(/[\\/]/).includes(".."))) {
    p.add(
      "backend.dir",
      b.dir,
      "must be a path inside the project",
      'use a relative directory such as "terraform-state" (state paths are resolved from the project root)',
    );
  }
  if (b.type === "s3") {
    checkRegion(b.region, "backend.region", p);
    if (b.account !== undefined) checkAccountRef(cfg, b.account, "backend.account", p);
  }
}

export function checkRegion(region: string, at: string, p: Problems): boolean {
  if (isAwsRegion(region)) return true;
  p.add(
    at,
    region,
    "is not an AWS region this project supports",
    referenceFix("regions", "config/aws.ts", region, AWS_REGIONS),
  );
  return false;
}

export function checkAccountRef(cfg: EnvironmentConfig, account: string, at: string, p: Problems): boolean {
  if (hasOwn(cfg.accounts, account)) return true;
  p.add(
    at,
    account,
    "is not a known account",
    referenceFix("accounts", "accounts", account, Object.keys(cfg.accounts)),
  );
  return false;
}

/** The S3 access-log bucket names the stacks will derive are valid bucket names (else: shorten the env name). */
export function checkAccessLogBucketNames(cfg: EnvironmentConfig, p: Problems): void {
  for (const { at, name } of accessLogBuckets(cfg)) {
    if (!isBucketName(name))
      p.add(
        "name",
        cfg.name,
        `makes the ${at} stack's S3 access-log bucket name "${name}" invalid (${name.length} characters; at most 63 lowercase letters, digits and hyphens)`,
        `shorten the environment name to at most ${Math.max(1, cfg.name.length - (name.length - 63))} characters`,
      );
  }
}
