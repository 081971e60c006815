import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { RolesanywhereProfile } from "@cdktf/provider-aws/lib/rolesanywhere-profile";
import {
  RolesanywhereTrustAnchor,
  RolesanywhereTrustAnchorNotificationSettings,
} from "@cdktf/provider-aws/lib/rolesanywhere-trust-anchor";
import {
  checkLiteralStrings,
  PolicyConditions,
  PolicyDocument,
  PolicyStatement,
  checkArn,
  checkIntRange,
  checkNonEmpty,
  checkUnique,
  ensure,
  findWildcards,
  isKnown,
  policyDocument,
  policyJson,
} from "../core";
import { checkCaBundle } from "./certificates";
import { checkIpRange, mergePermissions, restrictToSourceIps } from "./session-policy";

/** Trust anchor backed by an AWS Private CA (source type AWS_ACM_PCA). */
export interface AcmPcaTrustAnchorSource {
  /** ARN of the AWS Private CA whose root certificate anchors trust. */
  readonly acmPcaArn: string;
}

/** Trust anchor backed by an external CA (source type CERTIFICATE_BUNDLE). */
export interface CertificateBundleTrustAnchorSource {
  /**
   * PEM text of the CA certificate(s) (public certificates only). Each must be a CA certificate
   * that is valid at `now`; checked at synth time unless the value is a token.
   */
  readonly certificateBundlePem: string;
}

export type TrustAnchorSource = AcmPcaTrustAnchorSource | CertificateBundleTrustAnchorSource;

/**
 * Attributes of the workload's X.509 certificate that a role requires (all given ones must match;
 * several values for one attribute mean any of them). At least one attribute is required.
 * Values are compared with StringEquals; wildcards are rejected.
 */
export interface CertificateConditions {
  /** Subject common name: `aws:PrincipalTag/x509Subject/CN`. @default - not checked */
  readonly subjectCN?: string | readonly string[];
  /** Issuer common name: `aws:PrincipalTag/x509Issuer/CN`. @default - not checked */
  readonly issuerCN?: string | readonly string[];
  /** DNS subject alternative name: `aws:PrincipalTag/x509SAN/DNS`. @default - not checked */
  readonly sanDNS?: string | readonly string[];
}

/** A role that workloads holding a matching certificate can assume through a profile. */
export interface RolesAnywhereRoleProps {
  /** Which certificates may assume the role. */
  readonly certificate: CertificateConditions;
  /** Secrets the role may read (GetSecretValue, DescribeSecret): full Secrets Manager ARNs. @default [] */
  readonly secretArns?: readonly string[];
  /**
   * KMS keys encrypting those secrets: kms:Decrypt is allowed only via Secrets Manager in `region`.
   * @default []
   */
  readonly kmsKeyArns?: readonly string[];
  /** @default - "Assumed through IAM Roles Anywhere by workloads outside AWS" */
  readonly description?: string;
  /** Permissions boundary policy ARN. @default - none */
  readonly permissionsBoundaryArn?: string;
}

/** A Roles Anywhere profile: which roles it vends and how long sessions last. */
export interface RolesAnywhereProfileProps {
  /** Names (keys of `roles`) of the roles this profile may vend. */
  readonly roleNames: readonly string[];
  /** Session length, 900 to `maxProfileDurationSeconds`. @default 3600 */
  readonly durationSeconds?: number;
  /** Managed policies intersected with the role's permissions for every session. @default [] */
  readonly managedPolicyArns?: readonly string[];
  /**
   * Source IP ranges (IPv4/IPv6 CIDRs) the sessions may be used from. The module generates the session
   * policy from the vended roles' permission policies (see `restrictToSourceIps`): no wildcard, and
   * calls from any other address are not allowed. Exclusive with `sessionPolicy`.
   * @default - no source-IP restriction
   */
  readonly sourceIpRanges?: readonly string[];
  /**
   * Inline session policy intersected with the role's permissions. Its Allow statements must name
   * actions and resources exactly (no `*`, `service:*` or `Resource: "*"`). Exclusive with `sourceIpRanges`.
   * @default - none (or the one generated from `sourceIpRanges`)
   */
  readonly sessionPolicy?: PolicyDocument;
  /** Require the CreateSession call to carry instance properties. @default false */
  readonly requireInstanceProperties?: boolean;
}

/** Expiry notification (IAM Roles Anywhere sends it to CloudWatch, EventBridge and Health). */
export interface ExpiryNotificationProps {
  /** @default true */
  readonly enabled?: boolean;
  /** Days before expiry, 1-360. @default 45 */
  readonly thresholdDays?: number;
}

export interface RolesAnywhereProps {
  /** Trust anchor name (1-255 characters: letters, digits, space, `-`, `_`). */
  readonly trustAnchorName: string;
  /** Where the trust anchor's CA comes from. */
  readonly source: TrustAnchorSource;
  /** Region of the secrets and keys (for the `kms:ViaService` condition), e.g. `us-east-1`. */
  readonly region: string;
  /** Roles keyed by IAM role name. */
  readonly roles: Readonly<Record<string, RolesAnywhereRoleProps>>;
  /** Profiles keyed by profile name. */
  readonly profiles: Readonly<Record<string, RolesAnywhereProfileProps>>;
  /**
   * Upper bound for profile `durationSeconds` (IAM Roles Anywhere allows up to 43200). Raising it
   * is an explicit choice: long-lived sessions outlive a revoked certificate.
   * @default 3600
   */
  readonly maxProfileDurationSeconds?: number;
  /** Notification before the anchor's CA certificate expires. @default { enabled: true, thresholdDays: 45 } */
  readonly caCertificateExpiryNotification?: ExpiryNotificationProps;
  /**
   * Notification before a workload's end-entity certificate expires.
   * @default { enabled: true, thresholdDays: 45 }
   */
  readonly endEntityCertificateExpiryNotification?: ExpiryNotificationProps;
  /** Instant the certificate bundle is checked against (inject in tests). @default new Date() */
  readonly now?: Date;
  /** Tags for every resource. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** Provider for the account/region that hosts the trust anchor. @default - the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

const SERVICE = "rolesanywhere.amazonaws.com";
const NAME_PATTERN = /^[ a-zA-Z0-9_-]{1,255}$/;
const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
const DEFAULT_NOTIFICATION = { enabled: true, thresholdDays: 45 } as const;

/** Keys of `aws:PrincipalTag/...` that Roles Anywhere derives from the certificate. */
const CERTIFICATE_TAG_KEYS: Readonly<Record<keyof CertificateConditions, string>> = {
  subjectCN: "aws:PrincipalTag/x509Subject/CN",
  issuerCN: "aws:PrincipalTag/x509Issuer/CN",
  sanDNS: "aws:PrincipalTag/x509SAN/DNS",
};

function asList(v: string | readonly string[] | undefined): readonly string[] {
  return v === undefined ? [] : typeof v === "string" ? [v] : v;
}

/**
 * IAM Roles Anywhere for workloads outside AWS: a trust anchor (AWS Private CA or external CA
 * bundle), roles that only that anchor and certificates with the given attributes can assume, and
 * profiles vending those roles.
 */
export class RolesAnywhere extends Construct {
  public readonly trustAnchorArn: string;
  public readonly trustAnchorId: string;
  /** Profile ARNs keyed by profile name. */
  public readonly profileArns: Readonly<Record<string, string>>;
  /** Profile ids keyed by profile name. */
  public readonly profileIds: Readonly<Record<string, string>>;
  /** Role ARNs keyed by role name. */
  public readonly roleArns: Readonly<Record<string, string>>;
  /** The trust policy of each role, keyed by role name (for review and tests). */
  public readonly trustPolicies: Readonly<Record<string, PolicyDocument>>;
  /** The permission policy of each role that has one, keyed by role name. */
  public readonly permissionPolicies: Readonly<Record<string, PolicyDocument>>;
  /** The session policy of each profile that has one, keyed by profile name. */
  public readonly sessionPolicies: Readonly<Record<string, PolicyDocument>>;

  constructor(scope: Construct, id: string, props: RolesAnywhereProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const maxDuration = props.maxProfileDurationSeconds ?? 3600;
    const caNotification = { ...DEFAULT_NOTIFICATION, ...props.caCertificateExpiryNotification };
    const eeNotification = { ...DEFAULT_NOTIFICATION, ...props.endEntityCertificateExpiryNotification };
    const now = props.now ?? new Date();
    const tags = { ...props.tags };
    const provider = props.provider;

    this.validate(props, maxDuration, now);
    checkIntRange(
      this,
      "caCertificateExpiryNotification.thresholdDays",
      caNotification.thresholdDays,
      1,
      360,
    );
    checkIntRange(
      this,
      "endEntityCertificateExpiryNotification.thresholdDays",
      eeNotification.thresholdDays,
      1,
      360,
    );

    const notificationSettings: RolesanywhereTrustAnchorNotificationSettings[] = [
      {
        event: "CA_CERTIFICATE_EXPIRY",
        channel: "ALL",
        enabled: caNotification.enabled,
        threshold: caNotification.thresholdDays,
      },
      {
        event: "END_ENTITY_CERTIFICATE_EXPIRY",
        channel: "ALL",
        enabled: eeNotification.enabled,
        threshold: eeNotification.thresholdDays,
      },
    ];
    const anchor = new RolesanywhereTrustAnchor(this, "trust-anchor", {
      provider,
      name: props.trustAnchorName,
      enabled: true,
      source:
        "acmPcaArn" in props.source
          ? { sourceType: "AWS_ACM_PCA", sourceData: { acmPcaArn: props.source.acmPcaArn } }
          : {
              sourceType: "CERTIFICATE_BUNDLE",
              sourceData: { x509CertificateData: props.source.certificateBundlePem },
            },
      notificationSettings,
      tags,
    });
    this.trustAnchorArn = anchor.arn;
    this.trustAnchorId = anchor.id;

    // A role's maximum session must cover the longest profile that vends it.
    const longest: Record<string, number> = {};
    for (const p of Object.values(props.profiles)) {
      for (const r of p.roleNames) longest[r] = Math.max(longest[r] ?? 3600, p.durationSeconds ?? 3600);
    }

    const roleArns: Record<string, string> = {};
    const trustPolicies: Record<string, PolicyDocument> = {};
    const permissionPolicies: Record<string, PolicyDocument> = {};
    for (const [name, role] of Object.entries(props.roles)) {
      const trust = this.trustPolicy(anchor.arn, role.certificate);
      trustPolicies[name] = trust;
      const iamRole = new IamRole(this, `role-${name}`, {
        provider,
        name,
        description: role.description ?? "Assumed through IAM Roles Anywhere by workloads outside AWS",
        assumeRolePolicy: policyJson(trust),
        maxSessionDuration: longest[name] ?? 3600,
        permissionsBoundary: role.permissionsBoundaryArn,
        tags,
      });
      roleArns[name] = iamRole.arn;
      const permissions = this.permissionPolicy(props.region, role);
      if (permissions) {
        // Defence in depth: the ARN checks above already exclude wildcards.
        const wild = findWildcards(permissions);
        ensure(
          wild.length === 0,
          this,
          `roles.${name}`,
          wild,
          "would grant a wildcard",
          "name the exact secrets and keys",
        );
        permissionPolicies[name] = permissions;
        new IamRolePolicy(this, `role-${name}-secrets`, {
          provider,
          name: "read-named-secrets",
          role: iamRole.name,
          policy: policyJson(permissions),
        });
      }
    }

    const profileArns: Record<string, string> = {};
    const profileIds: Record<string, string> = {};
    const sessionPolicies: Record<string, PolicyDocument> = {};
    for (const [name, profile] of Object.entries(props.profiles)) {
      const sessionPolicy = profile.sourceIpRanges
        ? restrictToSourceIps(
            mergePermissions(profile.roleNames.flatMap((r) => permissionPolicies[r] ?? [])),
            profile.sourceIpRanges,
          )
        : profile.sessionPolicy;
      if (sessionPolicy) {
        const wild = findWildcards(sessionPolicy);
        ensure(
          wild.length === 0,
          this,
          `profiles.${name}.sessionPolicy`,
          wild,
          "would allow a wildcard action or resource",
          "name the exact actions and resources in the session policy, or use sourceIpRanges",
        );
        sessionPolicies[name] = sessionPolicy;
      }
      const p = new RolesanywhereProfile(this, `profile-${name}`, {
        provider,
        name,
        enabled: true,
        roleArns: profile.roleNames.map((r) => roleArns[r]),
        durationSeconds: profile.durationSeconds ?? 3600,
        managedPolicyArns: profile.managedPolicyArns ? [...profile.managedPolicyArns] : undefined,
        sessionPolicy: sessionPolicy ? policyJson(sessionPolicy) : undefined,
        requireInstanceProperties: profile.requireInstanceProperties ?? false,
        tags,
      });
      profileArns[name] = p.arn;
      profileIds[name] = p.id;
    }

    this.roleArns = roleArns;
    this.profileArns = profileArns;
    this.profileIds = profileIds;
    this.trustPolicies = trustPolicies;
    this.permissionPolicies = permissionPolicies;
    this.sessionPolicies = sessionPolicies;
  }

  private trustPolicy(anchorArn: string, cert: CertificateConditions): PolicyDocument {
    const equals: Record<string, string | readonly string[]> = {};
    for (const key of Object.keys(CERTIFICATE_TAG_KEYS) as (keyof CertificateConditions)[]) {
      const values = asList(cert[key]);
      if (values.length > 0)
        equals[CERTIFICATE_TAG_KEYS[key]] = values.length === 1 ? values[0] : [...values];
    }
    const condition: PolicyConditions = {
      ArnEquals: { "aws:SourceArn": anchorArn },
      StringEquals: equals,
    };
    return policyDocument({
      Sid: "RolesAnywhereFromTrustAnchor",
      Effect: "Allow",
      Principal: { Service: SERVICE },
      Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
      Condition: condition,
    });
  }

  private permissionPolicy(region: string, role: RolesAnywhereRoleProps): PolicyDocument | undefined {
    const secrets = role.secretArns ?? [];
    const keys = role.kmsKeyArns ?? [];
    if (secrets.length === 0) return undefined;
    const statements: PolicyStatement[] = [
      {
        Sid: "ReadNamedSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: [...secrets],
      },
    ];
    if (keys.length > 0) {
      statements.push({
        Sid: "DecryptSecretsViaSecretsManager",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: [...keys],
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
      });
    }
    return policyDocument(...statements);
  }

  private validate(props: RolesAnywhereProps, maxDuration: number, now: Date): void {
    ensure(
      !isKnown(props.trustAnchorName) || NAME_PATTERN.test(props.trustAnchorName),
      this,
      "trustAnchorName",
      props.trustAnchorName,
      "must be 1-255 characters of letters, digits, space, '-' or '_'",
      "rename the trust anchor, e.g. dev-workloads",
    );
    const src = props.source as Partial<AcmPcaTrustAnchorSource & CertificateBundleTrustAnchorSource>;
    ensure(
      (src.acmPcaArn === undefined) !== (src.certificateBundlePem === undefined),
      this,
      "source",
      Object.keys(src),
      "must have exactly one of acmPcaArn or certificateBundlePem",
      "set source to { acmPcaArn } for an AWS Private CA or { certificateBundlePem } for an external CA",
    );
    if (src.acmPcaArn !== undefined) checkArn(this, "source.acmPcaArn", src.acmPcaArn, "acm-pca");
    else checkCaBundle(this, "source.certificateBundlePem", src.certificateBundlePem as string, now);
    ensure(
      !isKnown(props.region) || /^[a-z]{2}(-[a-z]+)+-\d$/.test(props.region),
      this,
      "region",
      props.region,
      "must be an AWS region name",
      "give the region of the secrets, e.g. us-east-1",
    );
    checkIntRange(this, "maxProfileDurationSeconds", maxDuration, 900, 43200);

    const roleNames = Object.keys(props.roles);
    checkNonEmpty(this, "roles", roleNames);
    for (const [name, role] of Object.entries(props.roles)) {
      ensure(
        ROLE_NAME_PATTERN.test(name),
        this,
        `roles.${name}`,
        name,
        "is not a valid IAM role name (1-64 characters of letters, digits and +=,.@_-)",
        "rename the role",
      );
      this.validateCertificate(`roles.${name}.certificate`, role.certificate);
      const secrets = role.secretArns ?? [];
      secrets.forEach((arn, i) =>
        this.checkExactArn(`roles.${name}.secretArns[${i}]`, arn, "secretsmanager"),
      );
      checkUnique(this, `roles.${name}.secretArns`, secrets);
      const keys = role.kmsKeyArns ?? [];
      keys.forEach((arn, i) => this.checkExactArn(`roles.${name}.kmsKeyArns[${i}]`, arn, "kms"));
      ensure(
        keys.length === 0 || secrets.length > 0,
        this,
        `roles.${name}.kmsKeyArns`,
        keys,
        "grants kms:Decrypt via Secrets Manager but the role reads no secret",
        `add the secrets to roles.${name}.secretArns or drop kmsKeyArns`,
      );
      if (role.permissionsBoundaryArn !== undefined) {
        checkArn(this, `roles.${name}.permissionsBoundaryArn`, role.permissionsBoundaryArn, "iam");
      }
    }

    const profileNames = Object.keys(props.profiles);
    checkNonEmpty(this, "profiles", profileNames);
    for (const [name, profile] of Object.entries(props.profiles)) {
      const at = `profiles.${name}`;
      ensure(
        NAME_PATTERN.test(name),
        this,
        at,
        name,
        "must be 1-255 characters of letters, digits, space, '-' or '_'",
        "rename the profile",
      );
      checkNonEmpty(this, `${at}.roleNames`, profile.roleNames as unknown[]);
      checkUnique(this, `${at}.roleNames`, profile.roleNames);
      for (const r of profile.roleNames) {
        ensure(
          roleNames.includes(r),
          this,
          `${at}.roleNames`,
          r,
          `names no role of this construct (known: ${roleNames.join(", ")})`,
          `add ${JSON.stringify(r)} to roles or fix the name`,
        );
      }
      const duration = profile.durationSeconds ?? 3600;
      if (isKnown(duration)) {
        ensure(
          Number.isInteger(duration) && duration >= 900 && duration <= maxDuration,
          this,
          `${at}.durationSeconds`,
          duration,
          `must be a whole number of seconds from 900 to ${maxDuration}`,
          maxDuration < 43200
            ? `shorten the session, or raise maxProfileDurationSeconds (at most 43200) if long sessions are intended`
            : "shorten the session",
        );
      }
      (profile.managedPolicyArns ?? []).forEach((arn, i) =>
        // core's checkArn wants a 12-digit account, but AWS managed policies use the account field "aws".
        ensure(
          !isKnown(arn) || /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/.test(arn),
          this,
          `${at}.managedPolicyArns[${i}]`,
          arn,
          "must be an IAM managed policy ARN without wildcards",
          "give the policy's full ARN, e.g. arn:aws:iam::aws:policy/ReadOnlyAccess",
        ),
      );
      if (profile.sessionPolicy) this.validateSessionPolicy(`${at}.sessionPolicy`, profile.sessionPolicy);
      if (profile.sourceIpRanges) this.validateSourceIpRanges(at, profile, props.roles);
    }
  }

  private validateCertificate(at: string, cert: CertificateConditions | undefined): void {
    const c = cert ?? {};
    const given = (Object.keys(CERTIFICATE_TAG_KEYS) as (keyof CertificateConditions)[]).filter(
      (k) => asList(c[k]).length > 0,
    );
    ensure(
      given.length > 0,
      this,
      at,
      c,
      "has no certificate condition, so any certificate from the trust anchor could assume the role",
      "set at least one of subjectCN, issuerCN or sanDNS",
    );
    for (const k of given) {
      for (const v of asList(c[k])) {
        if (!isKnown(v)) continue;
        ensure(
          v.trim().length > 0 && !/[*?]/.test(v),
          this,
          `${at}.${k}`,
          v,
          "must be an exact value (no empty value and no '*' or '?' wildcard)",
          `give the exact ${k} of the workload certificate`,
        );
      }
    }
  }

  private validateSourceIpRanges(
    at: string,
    profile: RolesAnywhereProfileProps,
    roles: Readonly<Record<string, RolesAnywhereRoleProps>>,
  ): void {
    const ranges = profile.sourceIpRanges ?? [];
    ensure(
      profile.sessionPolicy === undefined,
      this,
      `${at}.sourceIpRanges`,
      ranges,
      "cannot be combined with sessionPolicy (the session policy is generated from the ranges)",
      "drop sessionPolicy, or drop sourceIpRanges and put the aws:SourceIp condition in your session policy",
    );
    checkNonEmpty(this, `${at}.sourceIpRanges`, ranges as unknown[]);
    checkUnique(this, `${at}.sourceIpRanges`, ranges);
    ranges.forEach((r, i) => {
      checkIpRange(this, `${at}.sourceIpRanges[${i}]`, r);
      ensure(
        !isKnown(r) || !/\/0$/.test(r),
        this,
        `${at}.sourceIpRanges[${i}]`,
        r,
        "allows every address, so it restricts nothing",
        "list the egress ranges of the workload (e.g. its Cloud NAT addresses as /32)",
      );
    });
    ensure(
      profile.roleNames.some((r) => (roles[r]?.secretArns ?? []).length > 0),
      this,
      `${at}.sourceIpRanges`,
      ranges,
      "restricts a profile whose roles get no permission from this construct, so the session policy would allow nothing",
      "give a vended role secretArns, or pass your own sessionPolicy naming the permissions you attach elsewhere",
    );
  }

  private validateSessionPolicy(at: string, doc: PolicyDocument): void {
    checkNonEmpty(this, `${at}.Statement`, doc.Statement as unknown[]);
    doc.Statement.forEach((s, i) => {
      for (const cond of Object.values(s.Condition ?? {})) {
        const ranges = cond["aws:SourceIp"];
        if (ranges === undefined || typeof ranges === "boolean") continue;
        for (const r of typeof ranges === "string" ? [ranges] : ranges)
          checkIpRange(this, `${at}.Statement[${i}] aws:SourceIp`, r);
      }
    });
  }

  private checkExactArn(prop: string, arn: string, service: string): void {
    checkArn(this, prop, arn, service);
    ensure(
      !isKnown(arn) || !/[*?]/.test(arn),
      this,
      prop,
      arn,
      "must name one resource exactly (no '*' or '?')",
      "give the full ARN of the resource",
    );
  }
}
