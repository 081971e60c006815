/** Pure IAM role ARN parsing (no cdktf): shared by the module's prop checks and the config layer. */

/** IAM role ARN (any partition), capturing the account id and the role name (last path segment). */
const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;

export interface RoleArnParts {
  readonly partition: string;
  readonly accountId: string;
  /** Path with leading and trailing slash, `/` when none (e.g. `/service-role/`). */
  readonly path: string;
  readonly roleName: string;
}

/** Parts of a known IAM role ARN, or undefined when `arn` is not one (users, roots, assumed roles, patterns). */
export function parseRoleArn(arn: string): RoleArnParts | undefined {
  const m = ROLE_ARN.exec(arn);
  return m ? { partition: m[1], accountId: m[2], path: `/${m[3]}`, roleName: m[4] } : undefined;
}
