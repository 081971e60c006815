/** Naming and syntax rules for the AWS side, kept as data so tests and docs can name them. */

/**
 * S3 bucket names: 3-63 lowercase letters, digits and hyphens, starting and ending with a letter
 * or digit. Dots are legal in S3 but break TLS for virtual-hosted-style requests, so this module
 * refuses them; reserved prefixes/suffixes are refused as S3 does.
 */
export const S3_BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
export const S3_RESERVED_BUCKET_AFFIXES = {
  prefixes: ["xn--", "sthree-", "amzn-s3-demo-"],
  suffixes: ["-s3alias", "--ol-s3", "--x-s3"],
};

/** Glue database and table names as Athena can query them: lowercase letters, digits, underscores. */
export const GLUE_NAME = /^[a-z0-9_]{1,255}$/;
/** AppFlow prepends this to catalog table names; kept short so the full table name stays readable. */
export const GLUE_TABLE_PREFIX = /^[a-z0-9_]{1,64}$/;
/** Athena workgroup names. */
export const ATHENA_WORKGROUP_NAME = /^[a-zA-Z0-9._-]{1,128}$/;
/** AppFlow flow names (API pattern `[a-zA-Z0-9][\w!@#.-]+`, at most 256). */
export const APPFLOW_FLOW_NAME = /^[a-zA-Z0-9][\w!@#.-]{0,255}$/;
/** AppFlow connector profile names (API pattern `[\w/!@#+=.-]+`, at most 256). */
export const APPFLOW_PROFILE_NAME = /^[\w/!@#+=.-]{1,256}$/;
/** S3 key prefix for flow output: path segments of safe characters, no leading or trailing slash. */
export const S3_KEY_PREFIX = /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/;
/** A prefix for every name this module derives (IAM role, flows, workgroup, KMS alias). */
export const NAME_PREFIX = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
export const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * AppFlow schedule expressions: `rate(<n><unit>)` with unit minutes/hours/days (AppFlow's own
 * spelling is `rate(5minutes)`; a space is tolerated) or a six-field EventBridge-style `cron(...)`.
 */
export const RATE_EXPRESSION = /^rate\(\s*[1-9]\d*\s*(minute|minutes|hour|hours|day|days)\s*\)$/;
export const CRON_EXPRESSION = /^cron\(\s*(\S+\s+){5}\S+\s*\)$/;

export function isScheduleExpression(expr: string): boolean {
  return RATE_EXPRESSION.test(expr) || CRON_EXPRESSION.test(expr);
}

export function isBucketName(name: string): boolean {
  return (
    S3_BUCKET_NAME.test(name) &&
    !S3_RESERVED_BUCKET_AFFIXES.prefixes.some((p) => name.startsWith(p)) &&
    !S3_RESERVED_BUCKET_AFFIXES.suffixes.some((s) => name.endsWith(s))
  );
}
