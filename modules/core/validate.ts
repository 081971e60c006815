import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { isNetworkAddress, networkOf, parseCidr } from "./cidr";
import { ensure } from "./errors";

/** True when `value` is known at synth time (not a Terraform token); only known values are checked. */
export function isKnown(value: unknown): boolean {
  return value !== undefined && !Token.isUnresolved(value);
}

/** Integer in [min, max] (skipped for tokens). */
export function checkIntRange(
  scope: IConstruct,
  prop: string,
  value: number | undefined,
  min: number,
  max: number,
): void {
  if (value === undefined || !isKnown(value)) return;
  ensure(
    Number.isInteger(value) && value >= min && value <= max,
    scope,
    prop,
    value,
    `must be an integer from ${min} to ${max}`,
    `set ${prop} to a whole number between ${min} and ${max}`,
  );
}

/** Non-empty list. */
export function checkNonEmpty(scope: IConstruct, prop: string, value: readonly unknown[] | undefined): void {
  ensure(
    !!value && value.length > 0,
    scope,
    prop,
    value,
    "must not be empty",
    `give at least one entry in ${prop}`,
  );
}

/** No duplicates in a list of known strings. */
export function checkUnique(scope: IConstruct, prop: string, values: readonly string[]): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (!isKnown(v)) continue;
    ensure(
      !seen.has(v),
      scope,
      prop,
      v,
      "appears more than once",
      `remove the duplicate ${JSON.stringify(v)} from ${prop}`,
    );
    seen.add(v);
  }
}

/** One of a fixed set. */
export function checkOneOf<T extends string>(
  scope: IConstruct,
  prop: string,
  value: T | undefined,
  allowed: readonly T[],
): void {
  if (value === undefined || !isKnown(value)) return;
  ensure(
    allowed.includes(value),
    scope,
    prop,
    value,
    `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`,
    `use one of the allowed values for ${prop}`,
  );
}

/** An IPv4 CIDR whose host bits are zero (e.g. `10.0.0.0/16`, not `10.0.0.1/16`). */
export function checkCidr(scope: IConstruct, prop: string, cidr: string | undefined): void {
  if (cidr === undefined || !isKnown(cidr)) return;
  const parsed = parseCidr(cidr);
  ensure(
    !!parsed && isNetworkAddress(parsed),
    scope,
    prop,
    cidr,
    "must be an IPv4 network address in CIDR notation",
    parsed ? `use the network address ${networkOf(parsed)}` : "write it as a.b.c.d/n, e.g. 10.0.0.0/16",
  );
}

/** 12-digit AWS account id. */
export function checkAccountId(scope: IConstruct, prop: string, id: string | undefined): void {
  if (id === undefined || !isKnown(id)) return;
  ensure(
    /^\d{12}$/.test(id),
    scope,
    prop,
    id,
    "must be a 12-digit AWS account id",
    'quote it as a 12-digit string, e.g. "111122223333"',
  );
}

/** An ARN (any partition) optionally restricted to one service. */
export function checkArn(scope: IConstruct, prop: string, arn: string | undefined, service?: string): void {
  if (arn === undefined || !isKnown(arn)) return;
  // The account field is empty (S3), 12 digits, or "aws" for AWS managed policies (arn:aws:iam::aws:policy/...).
  const m = /^arn:aws[a-z-]*:([a-z0-9-]+):[a-z0-9-]*:(\d{12}|aws)?:.+$/.exec(arn);
  ensure(
    !!m && (service === undefined || m[1] === service),
    scope,
    prop,
    arn,
    service ? `must be an ${service} ARN` : "must be an ARN",
    service ? `give the full ARN, e.g. arn:aws:${service}:...` : "give the full ARN (arn:aws:<service>:...)",
  );
}

/**
 * S3 bucket names: 3-63 lowercase letters, digits and hyphens, starting and ending with a letter
 * or digit. Dots are legal in S3 but break TLS for virtual-hosted-style requests, so modules
 * refuse them (which also rules out names formatted as an IP address); reserved prefixes/suffixes are
 * refused as S3 does ("must not end with the suffix --table-s3 ... reserved for S3 Tables buckets",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 */
export const S3_BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
export const S3_RESERVED_BUCKET_AFFIXES = {
  prefixes: ["xn--", "sthree-", "amzn-s3-demo-"],
  suffixes: ["-s3alias", "--ol-s3", "--x-s3", "--table-s3", ".mrap"],
};

export function isBucketName(name: string): boolean {
  return (
    S3_BUCKET_NAME.test(name) &&
    !S3_RESERVED_BUCKET_AFFIXES.prefixes.some((p) => name.startsWith(p)) &&
    !S3_RESERVED_BUCKET_AFFIXES.suffixes.some((s) => name.endsWith(s))
  );
}

/** A valid S3 bucket name (see {@link isBucketName}); skipped for tokens. */
export function checkBucketName(
  scope: IConstruct,
  prop: string,
  name: string,
  fix = `pass ${prop} explicitly with a shorter, valid name`,
): void {
  if (!isKnown(name)) return;
  ensure(
    isBucketName(name),
    scope,
    prop,
    name,
    "must be 3-63 lowercase letters, digits or hyphens, starting and ending with a letter or digit, without dots or a reserved prefix/suffix",
    fix,
  );
}

/** AWS region codes (`us-east-1`, `ap-southeast-3`, `us-gov-west-1`). */
export const AWS_REGION_CODE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** An AWS region code (skipped for tokens). */
export function checkRegion(scope: IConstruct, prop: string, region: string): void {
  if (!isKnown(region)) return;
  ensure(
    typeof region === "string" && AWS_REGION_CODE.test(region),
    scope,
    prop,
    region,
    "must be an AWS region name",
    `give the region code, e.g. "us-east-1"`,
  );
}

/**
 * An EC2-style resource id: the prefix, a hyphen and 8 (older resources) or 17 lowercase hex digits, e.g.
 * `vpc-0a1b2c3d4e5f67890`, `pcx-1a2b3c4d`, `tgw-attach-0123456789abcdef0`.
 */
export function isResourceId(prefix: string, value: string): boolean {
  return new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`).test(value);
}

/**
 * A map key or name the caller gives that becomes part of construct ids and Terraform addresses: 1-63
 * letters, digits, '-' or '_', starting with a letter or digit.
 */
export const ADDRESS_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** A key that becomes part of resource addresses (see {@link ADDRESS_KEY}); `example` shows a good one. */
export function checkAddressKey(scope: IConstruct, prop: string, key: string, example: string): void {
  ensure(
    typeof key === "string" && ADDRESS_KEY.test(key),
    scope,
    prop,
    key,
    "keys must be letters, digits, '-' or '_' (they become resource addresses)",
    `use names like "${example}"`,
  );
}

/** A resource id with the given prefix (see {@link isResourceId}), skipped for tokens. */
export function checkResourceId(
  scope: IConstruct,
  prop: string,
  value: string | undefined,
  prefix: string,
): void {
  if (value === undefined || !isKnown(value)) return;
  ensure(
    isResourceId(prefix, value),
    scope,
    prop,
    value,
    `must be a ${prefix}- id (${prefix}- and 8 or 17 lowercase hex digits)`,
    `copy the id as AWS shows it, e.g. ${prefix}-0123456789abcdef0`,
  );
}

// RFC 1035 host names: lowercase labels of letters, digits and inner hyphens, dot-separated, no trailing dot.
const DOMAIN_NAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** A DNS domain name as Route 53 zones and Resolver rules take it here (lowercase, no trailing dot). */
export function isDomainName(value: string): boolean {
  return DOMAIN_NAME.test(value);
}

/** A domain name (see {@link isDomainName}), skipped for tokens. */
export function checkDomainName(scope: IConstruct, prop: string, value: string | undefined): void {
  if (value === undefined || !isKnown(value)) return;
  ensure(
    isDomainName(value),
    scope,
    prop,
    value,
    "must be a domain name (lowercase labels of letters, digits and hyphens, dot-separated, no trailing dot)",
    'write it like "warehouse.internal"',
  );
}
