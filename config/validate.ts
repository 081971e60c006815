import { z } from "zod";
import { checkAnalytics, checkAnalyticsReferences } from "./checks/analytics";
import { checkAccessLogBucketNames, checkBase } from "./checks/base";
import { checkData, checkGlueConnections } from "./checks/data";
import { checkDns } from "./checks/dns";
import { checkIdentity } from "./checks/identity";
import { checkLiterals } from "./checks/literals";
import { checkMl } from "./checks/ml";
import { checkNetwork } from "./checks/network";
import { checkPolicy } from "./checks/policy";
import { checkReachability } from "./checks/reachability";
import { checkSecrets } from "./checks/secrets";
import { checkTags } from "./checks/tags";
import { own } from "./lookup";
import { ConfigError, Problem, Problems, closest } from "./problems";
import { EnvironmentConfig, environmentSchema } from "./schema";

type Section = keyof EnvironmentConfig;

/**
 * Semantic checks, run in order after the schema, each with the top-level sections it reads. Each appends to
 * the same list so one run reports every problem. When the schema rejects part of a file, a check still runs
 * if every section it reads parsed, so type and semantic problems are listed together. Components add their
 * check here when they add their schema section.
 */
const CHECKS: ReadonlyArray<{
  readonly reads: readonly Section[];
  readonly check: (cfg: EnvironmentConfig, p: Problems) => void;
}> = [
  { reads: ["accounts", "backend"], check: checkBase },
  { reads: ["accounts", "analytics", "ingest", "name", "network"], check: checkAccessLogBucketNames },
  { reads: ["name", "tags"], check: checkTags },
  { reads: ["policy"], check: checkPolicy },
  { reads: ["accounts", "network", "stage"], check: checkNetwork },
  { reads: ["accounts", "identity", "name"], check: checkIdentity },
  { reads: ["accounts", "bigquery", "ingest", "name"], check: checkData },
  { reads: ["accounts", "ingest", "name", "network"], check: checkGlueConnections },
  { reads: ["analytics", "name", "stage"], check: checkAnalytics },
  { reads: ["accounts", "analytics", "name", "network"], check: checkAnalyticsReferences },
  { reads: ["accounts", "identity", "intents", "ml", "name", "network"], check: checkMl },
  { reads: ["accounts", "ingest", "intents", "name", "network"], check: checkReachability },
  // The routing plan also reads intents, ingest and ml when they parsed (openings); it tolerates their absence.
  { reads: ["accounts", "dnsIntents", "name", "network"], check: checkDns },
];

/** Checks of the file as written (every string, whether or not its section parsed). */
const RAW_CHECKS: ReadonlyArray<(raw: unknown, p: Problems) => void> = [checkLiterals, checkSecrets];

/**
 * Turns a human-written environment into a validated EnvironmentConfig, or throws a ConfigError listing
 * every problem (file, path, value, fix). `file` is the project-relative path used in messages.
 */
export function validateEnvironment(raw: unknown, file: string): EnvironmentConfig {
  const problems = new Problems();
  for (const check of RAW_CHECKS) check(raw, problems);
  const parsed = environmentSchema.safeParse(raw);
  if (parsed.success) {
    for (const { check } of CHECKS) check(parsed.data, problems);
  } else {
    problems.list.push(...parsed.error.issues.flatMap((i) => fromZodIssue(i, raw)));
    const { cfg, ok } = parseSections(raw);
    for (const { reads, check } of CHECKS) if (reads.every((s) => ok.has(s))) check(cfg, problems);
  }
  // A schema failure always yields at least one issue, so an unparsed file never gets past this line.
  if (problems.list.length || !parsed.success) throw new ConfigError(file, problems.list);
  return parsed.data;
}

/** Parses each top-level section on its own: the sections that parse, typed, and which ones they are. */
function parseSections(raw: unknown): { cfg: EnvironmentConfig; ok: Set<Section> } {
  const ok = new Set<Section>();
  const cfg: Record<string, unknown> = {};
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { cfg: cfg as EnvironmentConfig, ok };
  const shape = environmentSchema.shape as Record<Section, z.ZodType>;
  for (const section of Object.keys(shape) as Section[]) {
    const r = shape[section].safeParse(own(raw as Record<string, unknown>, section));
    if (!r.success) continue;
    ok.add(section);
    cfg[section] = r.data;
  }
  // Checks only read sections listed in their `reads`, all of which parsed.
  return { cfg: cfg as EnvironmentConfig, ok };
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, k) => (typeof k === "number" ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)),
    "",
  );
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const k of path) v = v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** Schema issues phrased like semantic problems: path, value, what is wrong, how to fix. */
function fromZodIssue(issue: z.core.$ZodIssue, raw: unknown): Problem[] {
  const at = formatPath(issue.path);
  const value = valueAt(raw, issue.path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const container = valueAt(raw, issue.path);
      const allowed = knownKeys(issue.path, container);
      return issue.keys.map((key) => {
        const hint = closest(key, allowed);
        return {
          path: at ? `${at}.${key}` : key,
          value: undefined,
          message: "is not a known setting",
          fix: `${hint ? `did you mean "${hint}"? ` : ""}remove it or use one of: ${allowed.join(", ")}`,
        };
      });
    }
    case "invalid_type":
      return [
        {
          path: at || "(root)",
          value,
          message:
            value === undefined ? `is required (expected ${issue.expected})` : `must be ${issue.expected}`,
          fix:
            value === undefined
              ? `add ${at} to the environment`
              : `give ${at} a value of type ${issue.expected}`,
        },
      ];
    case "invalid_value":
      return [
        {
          path: at,
          value,
          message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
          fix: "use one of the allowed values",
        },
      ];
    case "invalid_union":
      return [
        {
          path: at,
          value,
          message: issue.message,
          fix: "check the `type` discriminator and the fields that type takes",
        },
      ];
    default:
      return [{ path: at || "(root)", value, message: issue.message, fix: "correct the value as described" }];
  }
}

/** The keys a strict object at `path` accepts, found by walking the schema (for "did you mean" hints). */
function knownKeys(path: readonly PropertyKey[], container: unknown): string[] {
  let schema: z.core.$ZodType | undefined = environmentSchema;
  for (const k of path) {
    schema = unwrap(schema);
    if (!schema) return [];
    const def = schema._zod.def as unknown as Record<string, unknown>;
    if (def.type === "object") schema = (def.shape as Record<string, z.core.$ZodType>)[String(k)];
    else if (def.type === "record") schema = def.valueType as z.core.$ZodType;
    else if (def.type === "array") schema = def.element as z.core.$ZodType;
    else return [];
  }
  schema = unwrap(schema);
  if (!schema) return [];
  const def = schema._zod.def as unknown as Record<string, unknown>;
  if (def.type === "object") return Object.keys(def.shape as object);
  if (def.type === "union") {
    // Discriminated union (backend): the keys of the member matching the value's `type`.
    const t = (container as { type?: unknown } | undefined)?.type;
    for (const option of def.options as z.core.$ZodType[]) {
      const o = unwrap(option)?._zod.def as unknown as { shape?: Record<string, z.core.$ZodType> };
      const lit = o?.shape?.type?._zod.def as unknown as { values?: unknown[] } | undefined;
      if (o?.shape && lit?.values?.includes(t)) return Object.keys(o.shape);
    }
  }
  return [];
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let s = schema;
  for (let i = 0; s && i < 10; i++) {
    const def = s._zod.def as unknown as { type: string; innerType?: z.core.$ZodType };
    if (
      (def.type === "default" ||
        def.type === "optional" ||
        def.type === "prefault" ||
        def.type === "nullable") &&
      def.innerType
    )
      s = def.innerType;
    else break;
  }
  return s;
}
