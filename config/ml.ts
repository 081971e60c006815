/**
 * The SageMaker Studio → Redshift role chain (R-IAM-4, R-IAM-2) of an environment, as data: the ARNs the
 * ml stack and the identity stack create and trust, built in one place, and the chain hop by hop. Pure.
 */
import { hasOwn, own, ownOrThrow } from "./lookup";
import { EnvironmentConfig } from "./schema";

/** The producer role's name for `identity.redshiftAccess.<key>` (the identity stack creates it). */
export const producerRoleName = (cfg: EnvironmentConfig, key: string) => `${cfg.name}-${key}`;

/** The consumer (e.g. Studio execution) role's ARN for `identity.redshiftAccess.<key>`. */
export function consumerRoleArn(cfg: EnvironmentConfig, key: string): string {
  const r = ownOrThrow(cfg.identity?.redshiftAccess ?? {}, key, "redshiftAccess entry");
  const account = ownOrThrow(cfg.accounts, r.consumerAccount, "account");
  return `arn:aws:iam::${account.id}:role${r.consumerRolePath}${r.consumerRoleName}`;
}

export function producerRoleArn(cfg: EnvironmentConfig, key: string): string {
  const r = ownOrThrow(cfg.identity?.redshiftAccess ?? {}, key, "redshiftAccess entry");
  const account = ownOrThrow(cfg.accounts, r.producerAccount, "account");
  return `arn:aws:iam::${account.id}:role/${producerRoleName(cfg, key)}`;
}

/** `<env>-studio` unless the config names the domain. */
export const studioDomainName = (cfg: EnvironmentConfig) => cfg.ml?.studio.domainName ?? `${cfg.name}-studio`;

export interface RoleChain {
  readonly domain: string;
  readonly profiles: readonly string[];
  readonly executionRoleArn: string;
  readonly producerRoleArn: string;
  readonly cluster: string;
  readonly databases: readonly string[];
  /** The chain as a user's session walks it. */
  readonly hops: readonly string[];
}

/** The chain of a config whose ml section references a valid redshiftAccess entry (undefined otherwise). */
export function roleChain(cfg: EnvironmentConfig): RoleChain | undefined {
  const studio = cfg.ml?.studio;
  const r = studio && own(cfg.identity?.redshiftAccess, studio.redshiftAccess);
  if (!studio || !r || !hasOwn(cfg.accounts, r.consumerAccount) || !hasOwn(cfg.accounts, r.producerAccount))
    return undefined;
  const execution = consumerRoleArn(cfg, studio.redshiftAccess);
  const producer = producerRoleArn(cfg, studio.redshiftAccess);
  const domain = studioDomainName(cfg);
  const user = studio.userProfiles[0] ?? "<profile>";
  return {
    domain,
    profiles: studio.userProfiles,
    executionRoleArn: execution,
    producerRoleArn: producer,
    cluster: r.clusterIdentifier,
    databases: r.databases,
    hops: [
      `Studio user profile ${user} (domain ${domain}, ExecutionRoleIdentityConfig USER_PROFILE_NAME)`,
      `→ sts:AssumeRole + sts:SetSourceIdentity by sagemaker.amazonaws.com: ${execution}, SourceIdentity = ${user}`,
      `→ sts:AssumeRole + sts:SetSourceIdentity (allowed by the execution role's policy, trusted by the producer role, which requires a SourceIdentity): ${producer}`,
      `→ redshift:GetClusterCredentials on dbuser:${r.clusterIdentifier}/\${aws:SourceIdentity} with redshift:DbUser = \${aws:SourceIdentity} (databases ${r.databases.join(", ")}): database user ${user}`,
    ],
  };
}
