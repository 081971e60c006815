import * as fs from "fs";
import * as path from "path";
import * as ipaddr from "ipaddr.js";
import { parseRoleArn } from "@multicloud-platform/modules/cross-account-role";
import { inspectCaBundle } from "@multicloud-platform/modules/roles-anywhere";
import { isExistingBucketName } from "../aws";
import { own } from "../lookup";
import { Problems, referenceFix } from "../problems";
import { EnvironmentConfig, IdentityConfig, RolesAnywhereConfig } from "../schema";
import { checkAccountRef, checkRegion } from "./base";

/** Where trust-anchor PEM files live (public CA certificates only), relative to the project root. */
export const CERTS_DIR_RELATIVE = "config/certs";
const CERTS_DIR = path.resolve(__dirname, "..", "certs");

/**
 * The content of a certificate file named in config (a file name under config/certs/). Stacks put this
 * CONTENT in the synthesized JSON, never the path (which would be absolute and machine-specific).
 */
export function readCertificateFile(file: string, certsDir: string = CERTS_DIR): string {
  return fs.readFileSync(path.join(certsDir, file), "utf8");
}

export interface IdentityCheckOptions {
  /** Directory certificate files are resolved in. @default config/certs */
  readonly certsDir?: string;
  /** Instant certificates are checked against. @default the current time */
  readonly now?: () => Date;
}

const ANCHOR_NAME = /^[ a-zA-Z0-9_-]{1,255}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_PATH = /^\/(?:[\w+=,.@-]+\/)*$/;
const SECRET_NAME = /^[\w/+=.@-]{1,512}$/;
const REDSHIFT_CLUSTER = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const REDSHIFT_IDENTIFIER = /^[a-z_][a-z0-9_$]{0,126}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const ACM_PCA_ARN = /^arn:aws[a-z-]*:acm-pca:([a-z0-9-]+):(\d{12}):certificate-authority\/[0-9a-f-]{36}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(mrk-)?[0-9a-f-]{32,36}$/;
const IAM_DESCRIPTION = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]{0,1000}$/;
const WILDCARD = /[*?]/;
const WILDCARD_MESSAGE = "contains a wildcard, which would end up in a generated IAM policy";

/** Builds the identity check; `checkIdentity` (registered in config/validate.ts) uses the defaults. */
export function identityCheck(
  options: IdentityCheckOptions = {},
): (cfg: EnvironmentConfig, p: Problems) => void {
  const certsDir = options.certsDir ?? CERTS_DIR;
  const now = options.now ?? (() => new Date());
  return (cfg, p) => {
    const id = cfg.identity;
    if (!id) return;
    if (id.rolesAnywhere) checkRolesAnywhere(cfg, id.rolesAnywhere, p, certsDir, now());
    checkRedshiftAccess(cfg, id, p);
    checkPartnerRoles(cfg, id, p);
  };
}

/** Roles Anywhere, the SageMaker→Redshift pair and partner roles: references, formats, ranges, certificates, wildcards. */
export const checkIdentity = identityCheck();

function roleNameFits(cfg: EnvironmentConfig, key: string, at: string, p: Problems, prefix = ""): void {
  const full = `${cfg.name}-${prefix}${key}`;
  if (!ROLE_NAME.test(full))
    p.add(at, key, `makes the IAM role name "${full}", longer than 64 characters`, "use a shorter key");
}

function checkIntIn(value: number, min: number, max: number, at: string, p: Problems, fix?: string): void {
  if (Number.isInteger(value) && value >= min && value <= max) return;
  p.add(
    at,
    value,
    `must be a whole number from ${min} to ${max}`,
    fix ?? `use a value between ${min} and ${max}`,
  );
}

function checkRolesAnywhere(
  cfg: EnvironmentConfig,
  ra: RolesAnywhereConfig,
  p: Problems,
  certsDir: string,
  now: Date,
): void {
  const at = "identity.rolesAnywhere";
  checkAccountRef(cfg, ra.account, `${at}.account`, p);
  const regionOk = checkRegion(ra.region, `${at}.region`, p);

  const anchor = ra.trustAnchor;
  if (!ANCHOR_NAME.test(anchor.name))
    p.add(
      `${at}.trustAnchor.name`,
      anchor.name,
      "is not a valid trust anchor name",
      "use 1-255 letters, digits, spaces, '-' or '_', e.g. dev-workloads",
    );
  checkIntIn(anchor.caExpiryNotificationDays, 1, 360, `${at}.trustAnchor.caExpiryNotificationDays`, p);
  checkIntIn(
    anchor.endEntityExpiryNotificationDays,
    1,
    360,
    `${at}.trustAnchor.endEntityExpiryNotificationDays`,
    p,
  );
  const src = anchor.source;
  if (src.type === "certificate-bundle")
    checkBundleFile(src.file, `${at}.trustAnchor.source.file`, p, certsDir, now);
  else {
    const m = ACM_PCA_ARN.exec(src.arn);
    if (!m)
      p.add(
        `${at}.trustAnchor.source.arn`,
        src.arn,
        "is not an AWS Private CA ARN",
        "use arn:aws:acm-pca:<region>:<account id>:certificate-authority/<uuid>",
      );
    else if (regionOk && m[1] !== ra.region)
      p.add(
        `${at}.trustAnchor.source.arn`,
        src.arn,
        `is in ${m[1]}, but the trust anchor is in ${ra.region}`,
        `use a Private CA in ${ra.region}, or move identity.rolesAnywhere.region`,
      );
  }

  checkIntIn(
    ra.maxProfileDurationSeconds,
    900,
    43200,
    `${at}.maxProfileDurationSeconds`,
    p,
    "IAM Roles Anywhere sessions last 900-43200 seconds; keep 3600 unless long sessions are intended",
  );

  const secretNames = Object.keys(ra.secrets);
  for (const [key, secret] of Object.entries(ra.secrets)) {
    const sp = `${at}.secrets.${key}`;
    if (!SECRET_NAME.test(secret.name))
      p.add(
        `${sp}.name`,
        secret.name,
        "is not a valid Secrets Manager name (a wildcard or other character would also reach the role's policy)",
        "use 1-512 letters, digits and /_+=.@-, e.g. dev/app/api-token",
      );
    // CreateSecret: "Do not end your secret name with a hyphen followed by six characters ... Secrets Manager
    // automatically adds a hyphen and six random characters after the secret name at the end of the ARN."
    else if (/-[A-Za-z0-9]{6}$/.test(secret.name))
      p.add(
        `${sp}.name`,
        secret.name,
        "ends with a hyphen and six characters, which Secrets Manager's partial-ARN lookups mistake for the random ARN suffix",
        "end the name differently, e.g. drop or lengthen the last segment",
      );
    // CreateSecret Description: at most 2048 characters.
    if (secret.description !== undefined && secret.description.length > 2048)
      p.add(
        `${sp}.description`,
        `${secret.description.length} characters`,
        "is longer than the 2048 characters Secrets Manager allows",
        "shorten it",
      );
    if (
      secret.recoveryWindowDays !== undefined &&
      secret.recoveryWindowDays !== 0 &&
      !(
        Number.isInteger(secret.recoveryWindowDays) &&
        secret.recoveryWindowDays >= 7 &&
        secret.recoveryWindowDays <= 30
      )
    )
      p.add(
        `${sp}.recoveryWindowDays`,
        secret.recoveryWindowDays,
        "must be 0 or a whole number from 7 to 30",
        "omit it for the stage default (7 in dev, 30 elsewhere)",
      );
    if (secret.keyDeletionWindowDays !== undefined)
      checkIntIn(secret.keyDeletionWindowDays, 7, 30, `${sp}.keyDeletionWindowDays`, p);
  }

  const roleNames = Object.keys(ra.roles);
  for (const [key, role] of Object.entries(ra.roles)) {
    const rp = `${at}.roles.${key}`;
    roleNameFits(cfg, key, rp, p);
    // CreateRole Description: at most 1000 characters of `[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]`
    // (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html).
    if (role.description !== undefined && !IAM_DESCRIPTION.test(role.description))
      p.add(
        `${rp}.description`,
        role.description,
        "is not an IAM role description: at most 1000 characters, Latin-1 text only (no emoji or other scripts)",
        "shorten it and keep to printable ASCII and Latin-1 characters",
      );
    const cert = role.certificate;
    const given = (["subjectCN", "issuerCN", "sanDNS"] as const).filter((k) => asList(cert[k]).length > 0);
    if (given.length === 0)
      p.add(
        `${rp}.certificate`,
        cert,
        "has no certificate condition, so any certificate from the trust anchor could assume the role",
        "set at least one of subjectCN, issuerCN or sanDNS to the workload certificate's exact value",
      );
    for (const k of given) {
      asList(cert[k]).forEach((v, i) => {
        const vp = typeof cert[k] === "string" ? `${rp}.certificate.${k}` : `${rp}.certificate.${k}[${i}]`;
        if (v.trim() === "") p.add(vp, v, "is empty", `give the exact ${k} of the workload certificate`);
        else if (WILDCARD.test(v))
          p.add(
            vp,
            v,
            "is a wildcard; certificate conditions must be exact values (StringEquals)",
            `give the exact ${k}, or list several exact values`,
          );
      });
    }
    role.secrets.forEach((s, i) => {
      if (!secretNames.includes(s))
        p.add(
          `${rp}.secrets[${i}]`,
          s,
          "is not a known secret",
          referenceFix("secrets", `${at}.secrets`, s, secretNames),
        );
    });
  }

  for (const [key, profile] of Object.entries(ra.profiles)) {
    const pp = `${at}.profiles.${key}`;
    if (!ANCHOR_NAME.test(`${cfg.name}-${key}`))
      p.add(pp, key, "makes a profile name longer than 255 characters", "use a shorter key");
    if (profile.roles.length === 0)
      p.add(`${pp}.roles`, profile.roles, "is empty", `name at least one of: ${roleNames.join(", ")}`);
    profile.roles.forEach((r, i) => {
      if (!roleNames.includes(r))
        p.add(
          `${pp}.roles[${i}]`,
          r,
          "is not a known Roles Anywhere role",
          referenceFix("roles", `${at}.roles`, r, roleNames),
        );
    });
    const max = ra.maxProfileDurationSeconds;
    const d = profile.durationSeconds;
    if (!(Number.isInteger(d) && d >= 900 && d <= max))
      p.add(
        `${pp}.durationSeconds`,
        d,
        `is out of range: sessions must last 900 to ${max} seconds`,
        max < 43200
          ? `shorten the session, or raise ${at}.maxProfileDurationSeconds (at most 43200) if long sessions are intended`
          : "use a value between 900 and 43200",
      );
    profile.sourceIpRanges.forEach((r, i) => checkIpRange(r, `${pp}.sourceIpRanges[${i}]`, p));
    if (
      profile.sourceIpRanges.length > 0 &&
      // Only once every role is known: an unknown role is reported above, not twice.
      profile.roles.every((r) => roleNames.includes(r)) &&
      !profile.roles.some((r) => (own(ra.roles, r)?.secrets.length ?? 0) > 0)
    )
      p.add(
        `${pp}.sourceIpRanges`,
        profile.sourceIpRanges,
        "restricts a profile whose roles read no secret, so the generated session policy would allow nothing",
        "give one of the profile's roles a secret, or drop sourceIpRanges",
      );
  }
}

function checkBundleFile(file: string, at: string, p: Problems, certsDir: string, now: Date): void {
  const normal = path.normalize(file);
  if (path.isAbsolute(file) || normal.startsWith("..") || !file.endsWith(".pem")) {
    p.add(
      at,
      file,
      `must be a .pem file inside ${CERTS_DIR_RELATIVE}/`,
      `commit the CA's public certificate as ${CERTS_DIR_RELATIVE}/<env>-workload-ca.pem and name it here without the directory`,
    );
    return;
  }
  let pem: string;
  try {
    pem = readCertificateFile(file, certsDir);
  } catch {
    const known = fs.existsSync(certsDir) ? fs.readdirSync(certsDir).filter((f) => f.endsWith(".pem")) : [];
    p.add(
      at,
      file,
      `does not exist in ${CERTS_DIR_RELATIVE}/`,
      referenceFix("files", `${CERTS_DIR_RELATIVE}/`, file, known),
    );
    return;
  }
  for (const problem of inspectCaBundle(pem, now).problems) {
    const which = problem.index === undefined ? "" : ` (certificate ${problem.index}: ${problem.value})`;
    p.add(at, file, `${problem.problem}${which}`, problem.fix);
  }
}

function checkIpRange(range: string, at: string, p: Problems): void {
  let valid = false;
  try {
    const [addr, len] = ipaddr.parseCIDR(range);
    const net =
      addr.kind() === "ipv4"
        ? ipaddr.IPv4.networkAddressFromCIDR(range).toString()
        : ipaddr.IPv6.networkAddressFromCIDR(range).toString();
    valid = true;
    if (addr.toString() !== net)
      p.add(at, range, "has host bits set (it is not a network address)", `use ${net}/${len}`);
    else if (len === 0)
      p.add(
        at,
        range,
        "allows every address, so it restricts nothing",
        "list the workload's egress ranges, e.g. its NAT addresses as /32",
      );
  } catch {
    if (!valid)
      p.add(at, range, "is not an IP range in CIDR notation", "write it as a.b.c.d/n, e.g. 203.0.113.0/24");
  }
}

function checkRedshiftAccess(cfg: EnvironmentConfig, id: IdentityConfig, p: Problems): void {
  for (const [key, r] of Object.entries(id.redshiftAccess)) {
    const at = `identity.redshiftAccess.${key}`;
    roleNameFits(cfg, key, at, p);
    const producerOk = checkAccountRef(cfg, r.producerAccount, `${at}.producerAccount`, p);
    // The trusted principal is built from a known account and a role name: both must hold.
    const consumerOk = checkAccountRef(cfg, r.consumerAccount, `${at}.consumerAccount`, p);
    if (producerOk && consumerOk && r.producerAccount === r.consumerAccount)
      p.add(
        `${at}.consumerAccount`,
        r.consumerAccount,
        "is the producer account: this pair is for access across accounts",
        "name the account of the SageMaker (consumer) role, e.g. ml; in one account, grant the role directly",
      );
    checkRegion(r.region, `${at}.region`, p);
    if (!ROLE_NAME.test(r.consumerRoleName))
      p.add(
        `${at}.consumerRoleName`,
        r.consumerRoleName,
        "is not an IAM role name, so the trusted principal would not be a role ARN",
        "give the consumer role's name (1-64 letters, digits and +=,.@_-, no wildcard) and its path in consumerRolePath",
      );
    if (!ROLE_PATH.test(r.consumerRolePath))
      p.add(
        `${at}.consumerRolePath`,
        r.consumerRolePath,
        "is not an IAM path",
        'use "/" or a path such as "/service-role/"',
      );
    if (!REDSHIFT_CLUSTER.test(r.clusterIdentifier) || r.clusterIdentifier.length > 63)
      p.add(
        `${at}.clusterIdentifier`,
        r.clusterIdentifier,
        WILDCARD.test(r.clusterIdentifier) ? WILDCARD_MESSAGE : "is not a Redshift cluster identifier",
        "give the cluster's identifier: lowercase letters, digits and single hyphens, e.g. dev-warehouse",
      );
    if (r.databases.length === 0)
      p.add(`${at}.databases`, r.databases, "is empty", "name the database(s) the consumer reads");
    for (const [field, names] of [
      ["databases", r.databases],
      ["dbGroups", r.dbGroups],
    ] as const) {
      names.forEach((n, i) => {
        if (!REDSHIFT_IDENTIFIER.test(n))
          p.add(
            `${at}.${field}[${i}]`,
            n,
            WILDCARD.test(n) ? WILDCARD_MESSAGE : "is not a Redshift identifier",
            "give the exact name as created in the database (lowercase letters, digits, _ or $)",
          );
      });
    }
    checkIntIn(r.maxSessionDurationSeconds, 3600, 43200, `${at}.maxSessionDurationSeconds`, p);
  }
}

function checkPartnerRoles(cfg: EnvironmentConfig, id: IdentityConfig, p: Problems): void {
  const ownAccounts = new Map(Object.entries(cfg.accounts).map(([n, a]) => [a.id, n]));
  for (const [key, r] of Object.entries(id.partnerRoles)) {
    const at = `identity.partnerRoles.${key}`;
    roleNameFits(cfg, key, at, p, "partner-");
    checkAccountRef(cfg, r.account, `${at}.account`, p);
    checkRegion(r.region, `${at}.region`, p);
    const arn = parseRoleArn(r.trustedRoleArn);
    if (!arn)
      p.add(
        `${at}.trustedRoleArn`,
        r.trustedRoleArn,
        WILDCARD.test(r.trustedRoleArn)
          ? "is a pattern, not the ARN of one IAM role"
          : "is not an IAM role ARN (a user, an account root or an assumed-role session cannot be trusted here)",
        "ask the partner for its role's full ARN, e.g. arn:aws:iam::444455556666:role/partner-worker",
      );
    else if (ownAccounts.has(arn.accountId))
      p.add(
        `${at}.trustedRoleArn`,
        r.trustedRoleArn,
        `is in this environment's own account ${ownAccounts.get(arn.accountId)}, not a partner's`,
        "partner roles trust a role outside the environment; use identity.redshiftAccess or a role in that account for internal access",
      );
    if (r.externalId !== undefined && !EXTERNAL_ID.test(r.externalId))
      p.add(
        `${at}.externalId`,
        r.externalId,
        "is not a valid external id",
        "use the 2-1224 character value (letters, digits and +=,.@:/-) agreed with the partner, e.g. a UUID",
      );
    checkIntIn(r.maxSessionDurationSeconds, 3600, 43200, `${at}.maxSessionDurationSeconds`, p);
    for (const [bucket, spec] of Object.entries(r.buckets)) {
      const bp = `${at}.buckets.${bucket}`;
      if (!isExistingBucketName(bucket))
        p.add(
          bp,
          bucket,
          WILDCARD.test(bucket) ? WILDCARD_MESSAGE : "is not an S3 bucket name",
          "key buckets by their exact name (3-63 lowercase letters, digits, '.' and '-')",
        );
      spec.prefixes.forEach((prefix, i) => {
        const trimmed = prefix.replace(/^\/+|\/+$/g, "");
        if (trimmed === "")
          p.add(`${bp}.prefixes[${i}]`, prefix, "is empty", "omit prefixes to grant the whole bucket");
        else if (WILDCARD.test(prefix))
          p.add(
            `${bp}.prefixes[${i}]`,
            prefix,
            WILDCARD_MESSAGE,
            "give the folder-like prefix without '*' or '?', e.g. outbound/acme/ (objects below it are granted)",
          );
      });
      if (spec.kmsKeyArn !== undefined && !KMS_KEY_ARN.test(spec.kmsKeyArn))
        p.add(
          `${bp}.kmsKeyArn`,
          spec.kmsKeyArn,
          WILDCARD.test(spec.kmsKeyArn) ? WILDCARD_MESSAGE : "is not a KMS key ARN",
          "give the key's full ARN, arn:aws:kms:<region>:<account>:key/<key id>",
        );
    }
  }
}

function asList(v: string | readonly string[] | undefined): readonly string[] {
  return v === undefined ? [] : typeof v === "string" ? [v] : v;
}
