import { Construct } from "constructs";
import { EnvironmentConfig, RolesAnywhereConfig } from "../config";
import { readCertificateFile } from "../config/checks/identity";
import { consumerRoleArn, producerRoleName } from "../config/ml";
import {
  PartnerAccessRole,
  RedshiftCrossAccountAccess,
} from "@multicloud-platform/modules/cross-account-role";
import { HybridSecret } from "@multicloud-platform/modules/hybrid-secrets";
import { RolesAnywhere, TrustAnchorSource } from "@multicloud-platform/modules/roles-anywhere";
import { ComponentStack } from "./component-stack";
import { BuildOptions } from "./options";

/**
 * `<env>-identity`: identities that cross account and cloud boundaries. IAM Roles Anywhere (trust anchor,
 * roles, profiles) with the application secrets its roles read, the SageMaker → Redshift cross-account pair
 * (producer role and consumer inline policy, each with its own account's provider) and partner roles.
 * No cross-stack inputs: everything comes from config, so the stack plans offline.
 */
export class IdentityStack extends ComponentStack {
  /** Roles Anywhere construct (anchor/profile/role ARNs), when the environment declares one. */
  readonly rolesAnywhere?: RolesAnywhere;
  /** Application secrets by config name. */
  readonly secrets: Readonly<Record<string, HybridSecret>>;
  /** SageMaker → Redshift pairs by config name. */
  readonly redshiftAccess: Readonly<Record<string, RedshiftCrossAccountAccess>>;
  /** Partner roles by config name. */
  readonly partnerRoles: Readonly<Record<string, PartnerAccessRole>>;

  constructor(scope: Construct, env: EnvironmentConfig, options: BuildOptions = {}) {
    super(scope, env, "identity", options);
    const id = env.identity;
    if (!id) throw new Error(`${env.name}: IdentityStack needs an identity section`);
    const secrets: Record<string, HybridSecret> = {};
    if (id.rolesAnywhere) this.rolesAnywhere = this.buildRolesAnywhere(env, id.rolesAnywhere, secrets);
    this.secrets = secrets;

    const redshift: Record<string, RedshiftCrossAccountAccess> = {};
    for (const [name, r] of Object.entries(id.redshiftAccess)) {
      redshift[name] = new RedshiftCrossAccountAccess(this, `redshift-${name}`, {
        producerProvider: this.providers.forAccount(r.producerAccount, r.region),
        consumerProvider: this.providers.forAccount(r.consumerAccount, r.region),
        producerAccountId: this.providers.accountId(r.producerAccount),
        region: r.region,
        roleName: producerRoleName(env, name),
        // The Studio execution role when ml.studio names this entry (the ml stack creates it, deployed first).
        consumerRoleArn: consumerRoleArn(env, name),
        clusterIdentifier: r.clusterIdentifier,
        databaseNames: r.databases,
        dbGroups: r.dbGroups,
        allowDataApi: r.allowDataApi,
        maxSessionDurationSeconds: r.maxSessionDurationSeconds,
      });
    }
    this.redshiftAccess = redshift;

    const partners: Record<string, PartnerAccessRole> = {};
    for (const [name, r] of Object.entries(id.partnerRoles)) {
      partners[name] = new PartnerAccessRole(this, `partner-${name}`, {
        provider: this.providers.forAccount(r.account, r.region),
        roleName: `${env.name}-partner-${name}`,
        trustedRoleArn: r.trustedRoleArn,
        externalId: r.externalId,
        maxSessionDurationSeconds: r.maxSessionDurationSeconds,
        region: r.region,
        buckets: Object.fromEntries(
          Object.entries(r.buckets).map(([bucket, b]) => [
            bucket,
            { access: b.access, prefixes: b.prefixes, kmsKeyArn: b.kmsKeyArn },
          ]),
        ),
      });
    }
    this.partnerRoles = partners;
  }

  private buildRolesAnywhere(
    env: EnvironmentConfig,
    ra: RolesAnywhereConfig,
    secrets: Record<string, HybridSecret>,
  ): RolesAnywhere {
    const provider = this.providers.forAccount(ra.account, ra.region);
    const relaxed = env.stage === "dev";
    for (const [name, s] of Object.entries(ra.secrets)) {
      // Created without a value: it is put out of band, so it never reaches the plan or the state.
      secrets[name] = new HybridSecret(this, `secret-${name}`, {
        provider,
        accountId: this.providers.accountId(ra.account),
        name: s.name,
        description: s.description,
        recoveryWindowDays: s.recoveryWindowDays ?? (relaxed ? 7 : 30),
        keyDeletionWindowDays: s.keyDeletionWindowDays ?? (relaxed ? 7 : 30),
      });
    }
    const src = ra.trustAnchor.source;
    // The PEM CONTENT goes into the JSON (never its absolute path), so synth output is machine-independent.
    const source: TrustAnchorSource =
      src.type === "acm-pca"
        ? { acmPcaArn: src.arn }
        : { certificateBundlePem: readCertificateFile(src.file) };
    const roleName = (key: string) => `${env.name}-${key}`;
    return new RolesAnywhere(this, "roles-anywhere", {
      provider,
      trustAnchorName: ra.trustAnchor.name,
      source,
      region: ra.region,
      maxProfileDurationSeconds: ra.maxProfileDurationSeconds,
      caCertificateExpiryNotification: { thresholdDays: ra.trustAnchor.caExpiryNotificationDays },
      endEntityCertificateExpiryNotification: {
        thresholdDays: ra.trustAnchor.endEntityExpiryNotificationDays,
      },
      roles: Object.fromEntries(
        Object.entries(ra.roles).map(([key, role]) => [
          roleName(key),
          {
            certificate: role.certificate,
            secretArns: role.secrets.map((s) => secrets[s].secretArn),
            kmsKeyArns: role.secrets.map((s) => secrets[s].kmsKeyArn),
            description: role.description,
          },
        ]),
      ),
      profiles: Object.fromEntries(
        Object.entries(ra.profiles).map(([key, profile]) => [
          `${env.name}-${key}`,
          {
            roleNames: profile.roles.map(roleName),
            durationSeconds: profile.durationSeconds,
            sourceIpRanges: profile.sourceIpRanges.length > 0 ? profile.sourceIpRanges : undefined,
            requireInstanceProperties: profile.requireInstanceProperties,
          },
        ]),
      ),
    });
  }
}
