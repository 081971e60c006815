/** Naming and syntax rules for the AWS side, kept as data so tests and docs can name them. */

// The S3 bucket-name rules are core's (one definition for every module); re-exported for existing importers.
export { S3_BUCKET_NAME, S3_RESERVED_BUCKET_AFFIXES, isBucketName } from "../core";

/** Glue database and table names as Athena can query them: lowercase letters, digits, underscores. */
export const GLUE_NAME = /^[a-z0-9_]{1,255}$/;
/** AppFlow prepends this to catalog table names; kept short so the full table name stays readable. */
export const GLUE_TABLE_PREFIX = /^[a-z0-9_]{1,64}$/;
/** Athena workgroup names. */
export const ATHENA_WORKGROUP_NAME = /^[a-zA-Z0-9._-]{1,128}$/;
/** AppFlow flow names (API pattern `[a-zA-Z0-9][\w!@#.-]+`, at most 256). */
export const APPFLOW_FLOW_NAME = /^[a-zA-Z0-9][\w!@#.-]{0,255}$/;
/**
 * AppFlow flow descriptions: API pattern `[\w!@#\-.?,\s]*`, at most 2048 characters
 * (https://docs.aws.amazon.com/appflow/1.0/APIReference/API_CreateFlow.html): no `:`, `/`, `(`, quotes.
 */
export const APPFLOW_FLOW_DESCRIPTION = /^[\w!@#\-.?,\s]{0,2048}$/;
/**
 * AppFlow connector labels (API pattern `[a-zA-Z0-9][\w!@.-]+`, at most 256: no spaces). The provider's own
 * check is unanchored, so "Google BigQuery" passes validate and plan and fails only at apply: "Value 'Google
 * BigQuery' at 'connectorLabel' failed to satisfy constraint: Member must satisfy regular expression pattern"
 * (quoted in aws-cdk-appflow PR #282, https://github.com/cdklabs/cdk-appflow/pull/282, which removed the space).
 */
export const APPFLOW_CONNECTOR_LABEL = /^[a-zA-Z0-9][\w!@.-]{1,255}$/;
/** AppFlow connector profile names (API pattern `[\w/!@#+=.-]+`, at most 256). */
export const APPFLOW_PROFILE_NAME = /^[\w/!@#+=.-]{1,256}$/;
/** A UTC timestamp in whole seconds, the form the provider reads AppFlow times back in (RFC 3339, `Z`). */
export const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** S3 key prefix for flow output: path segments of safe characters, no leading or trailing slash. */
export const S3_KEY_PREFIX = /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/;
/** A prefix for every name this module derives (IAM role, flows, workgroup, KMS alias). */
export const NAME_PREFIX = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
export const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * AppFlow rate expressions: `rate(<n>minutes|hours|days)`, no space and always the plural unit. The API
 * documents "for example rate(5minutes)" (https://docs.aws.amazon.com/appflow/1.0/APIReference/
 * API_ScheduledTriggerProperties.html), AWS's own construct library rebuilds expressions that way because
 * "Flows require always plural" (cdklabs/cdk-appflow: src/core/flows/flow-time-updater), and the console
 * flags `rate(1 days)` (cdklabs/cdk-appflow#334).
 */
export const RATE_EXPRESSION = /^rate\(([1-9]\d{0,5})(minutes|hours|days)\)$/;
/** Six space-separated fields inside `cron(...)`; {@link cronProblem} checks each field's range. */
export const CRON_EXPRESSION = /^cron\((\S+(?: \S+){5})\)$/;

/**
 * The six cron fields with their ranges and the wildcards each allows, as EventBridge documents them
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html): minutes 0-59,
 * hours 0-23, day-of-month 1-31 (`, - * ? / L W`), month 1-12 or JAN-DEC, day-of-week 1-7 or SUN-SAT
 * (`, - * ? L #`), year 1970-2199.
 */
const CRON_FIELDS: ReadonlyArray<{
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly question?: boolean;
  readonly extra?: RegExp;
}> = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  {
    name: "day-of-month",
    min: 1,
    max: 31,
    question: true,
    extra: /^(L|LW|([1-9]|[12]\d|3[01])W|L-([1-9]|[12]\d|30))$/,
  },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  {
    name: "day-of-week",
    min: 1,
    max: 7,
    names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    question: true,
    extra: /^([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5])$|^L$/,
  },
  { name: "year", min: 1970, max: 2199 },
];

/** One value of a field: a number in range or (month, day-of-week) a name. */
function cronValue(field: (typeof CRON_FIELDS)[number], v: string): boolean {
  if (/^\d+$/.test(v)) return Number(v) >= field.min && Number(v) <= field.max;
  return field.names?.includes(v.toUpperCase()) ?? false;
}

/** A list item: `*`, a value, a range `a-b`, an increment `a/n` or `*\/n`, or a field-specific form. */
function cronItem(field: (typeof CRON_FIELDS)[number], item: string): boolean {
  if (item === "*") return true;
  if (field.extra?.test(item.toUpperCase())) return true;
  const [base, step, ...rest] = item.split("/");
  if (rest.length || (step !== undefined && !/^[1-9]\d*$/.test(step))) return false;
  if (step !== undefined && field.name === "day-of-week") return false;
  if (base === "*") return step !== undefined;
  const [lo, hi, ...more] = base.split("-");
  if (more.length) return false;
  return cronValue(field, lo) && (hi === undefined || cronValue(field, hi));
}

/**
 * Why a `cron(...)` expression is not one AWS accepts (undefined when it is): six fields, each value in its
 * range, and exactly one of day-of-month and day-of-week a `?` ("If you specify a value or a * (asterisk) in
 * one of the fields, you must use a ? (question mark) in the other").
 */
export function cronProblem(expr: string): string | undefined {
  const m = CRON_EXPRESSION.exec(expr);
  if (!m) return "is not cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) with six fields";
  const parts = m[1].split(" ");
  for (const [i, field] of CRON_FIELDS.entries()) {
    const value = parts[i];
    if (value === "?") {
      if (!field.question)
        return `has "?" in the ${field.name} field; only day-of-month and day-of-week take it`;
      continue;
    }
    if (!value.split(",").every((item) => item !== "" && cronItem(field, item)))
      return `has "${value}" in the ${field.name} field, outside ${field.min}-${field.max}${field.names ? ` (or ${field.names[0]}-${field.names[field.names.length - 1]})` : ""} and its wildcards`;
  }
  if ((parts[2] === "?") === (parts[4] === "?"))
    return "needs a ? in exactly one of day-of-month and day-of-week (e.g. cron(0 2 * * ? *))";
  return undefined;
}

/** AppFlow's own rate spelling, or a cron expression AWS accepts. */
export function isScheduleExpression(expr: string): boolean {
  return RATE_EXPRESSION.test(expr) || (expr.startsWith("cron(") && cronProblem(expr) === undefined);
}
