import * as path from "path";
import { isAwsRegion, AWS_REGIONS } from "../aws";
import { hasOwn } from "../lookup";
import { Problems, referenceFix } from "../problems";
import { EnvironmentConfig } from "../schema";

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
