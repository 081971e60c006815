/**
 * A read-only view of one stack's resolved Terraform JSON (what `cdk.tf.json` will contain),
 * with the lookups rules share: resources of a type, reference matching, nested blocks.
 * Rules work on this JSON rather than on construct objects so that escape hatches
 * (`addOverride`), resources created by any module and resources on any provider alias are all seen.
 */

import { POLICY_ACCEPTED_KEY } from "../core/accept-warning";

export type TfBody = Readonly<Record<string, unknown>>;

export interface TfResource {
  /** `resource` for managed resources, `data` for data sources, `provider` for provider configurations. */
  readonly mode: "resource" | "data" | "provider";
  /** Terraform type, e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** Logical name, e.g. `logs`. */
  readonly name: string;
  /** `aws_s3_bucket.logs`, `data.aws_iam_policy_document.trust` or `provider.aws.ingest-us-east-1`. */
  readonly address: string;
  /** Construct path recorded by cdktf (`stack/logs/bucket`), when present. */
  readonly path?: string;
  /** Arguments as synthesized (snake_case), without the `//` comment block. */
  readonly body: TfBody;
  /**
   * Reasons written next to the resource for accepting a rule's warning (`acceptWarning`), by rule id.
   * They live in the resource's `//` comment block, which Terraform ignores.
   */
  readonly accepted: Readonly<Record<string, string>>;
}

/** A parsed `${type.name.attr}` (or `${data.type.name.attr}`) reference. */
export interface TfRef {
  readonly mode: "resource" | "data";
  readonly type: string;
  readonly name: string;
  readonly attribute: string;
}

const REF = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/;

/** Parses a whole-string reference such as `${aws_s3_bucket.logs.id}`; undefined for anything else. */
export function parseRef(value: unknown): TfRef | undefined {
  if (typeof value !== "string") return undefined;
  const m = REF.exec(value);
  if (!m) return undefined;
  return { mode: m[1] ? "data" : "resource", type: m[2], name: m[3], attribute: m[4] };
}

/** True when the value contains a Terraform expression (`${...}`), i.e. is unknown at synth time. */
export function isExpression(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** A nested block as a list: cdktf renders max-one blocks as an object and others as arrays. */
export function blocks(value: unknown): TfBody[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.filter((v): v is TfBody => typeof v === "object" && v !== null && !Array.isArray(v));
}

/** A list argument as strings (a single string becomes a one-element list; null/undefined → []). */
export function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.filter((v): v is string => typeof v === "string");
}

/** Boolean argument that is literally true (`true` or `"true"`); expressions are not true. */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** Number argument (numbers or numeric strings); undefined for expressions and absent values. */
export function num(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** Non-empty string (literal or expression). */
export function isSet(value: unknown): boolean {
  return typeof value === "string" ? value.trim() !== "" : value !== undefined && value !== null;
}

/** Construct path and accepted warnings from a `//` comment block. */
function commentOf(comment: unknown): { path?: string; accepted: Record<string, string> } {
  const c = (comment ?? {}) as { metadata?: { path?: unknown }; [POLICY_ACCEPTED_KEY]?: unknown };
  const accepted: Record<string, string> = {};
  if (c[POLICY_ACCEPTED_KEY] && typeof c[POLICY_ACCEPTED_KEY] === "object") {
    for (const [ruleId, reason] of Object.entries(c[POLICY_ACCEPTED_KEY] as Record<string, unknown>)) {
      if (typeof reason === "string") accepted[ruleId] = reason;
    }
  }
  return { ...(typeof c.metadata?.path === "string" ? { path: c.metadata.path } : {}), accepted };
}

/** Key, in a stack's root `//` comment block, of the options the pack ran with at synth. */
export const POLICY_PACK_KEY = "policy_pack";

/** Options recorded in a synthesized stack (see {@link StackModel.recorded}). */
export interface RecordedPackOptions {
  readonly environment?: string;
  readonly suppressions: readonly {
    readonly ruleId: string;
    readonly address: string;
    readonly reason: string;
  }[];
}

function recordedOptions(value: unknown): RecordedPackOptions {
  const environment = dig(value, "environment");
  const list = dig(value, "suppressions");
  const suppressions = (Array.isArray(list) ? list : []).filter(
    (s): s is { ruleId: string; address: string; reason: string } =>
      typeof dig(s, "ruleId") === "string" &&
      typeof dig(s, "address") === "string" &&
      typeof dig(s, "reason") === "string",
  );
  return {
    ...(typeof environment === "string" ? { environment } : {}),
    suppressions: suppressions.map(({ ruleId, address, reason }) => ({ ruleId, address, reason })),
  };
}

export class StackModel {
  private readonly items: TfResource[] = [];
  /** Managed resources by type, in synthesized order. */
  private readonly byType = new Map<string, TfResource[]>();
  private readonly byAddress = new Map<string, TfResource>();

  /** @param json the stack's resolved Terraform JSON (`stack.toTerraform()`). */
  private readonly providerItems: TfResource[] = [];
  /**
   * The environment and suppressions `applyPolicyPack` recorded in the stack's `//` comment block at synth,
   * so that checking the written `cdk.tf.json` later (`npm run policy`) gives the verdict synth gave.
   */
  readonly recorded: RecordedPackOptions;

  constructor(json: unknown) {
    const root = (json ?? {}) as Record<string, unknown>;
    this.load("resource", root.resource);
    this.load("data", root.data);
    this.loadProviders(root.provider);
    this.recorded = recordedOptions(dig(root, "//", POLICY_PACK_KEY));
  }

  /**
   * Provider configurations of the given type(s) (`aws`, `google`), each addressed
   * `provider.<type>.<alias>` (`provider.<type>` when unaliased). Not part of {@link all}.
   */
  providers(...types: string[]): TfResource[] {
    return this.providerItems.filter((p) => types.length === 0 || types.includes(p.type));
  }

  /** Every resource and data source, in synthesized order. */
  all(): readonly TfResource[] {
    return this.items;
  }

  /** Every resource of the given type(s), in synthesized order. */
  resources(...types: string[]): TfResource[] {
    // Rules ask for a few types many times per stack: look them up by type instead of scanning every resource.
    if (types.length === 1) return [...(this.byType.get(types[0]) ?? [])];
    const order = new Map(this.items.map((r, i) => [r, i] as const));
    return types
      .flatMap((t) => this.byType.get(t) ?? [])
      .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  }

  /** Every data source of the given type. */
  dataSources(type: string): TfResource[] {
    return this.items.filter((r) => r.mode === "data" && r.type === type);
  }

  /** The resource or data source a whole-string reference points at (undefined when not in this stack). */
  resolve(value: unknown): TfResource | undefined {
    const ref = parseRef(value);
    if (!ref) return undefined;
    return this.byAddress.get(
      ref.mode === "data" ? `data.${ref.type}.${ref.name}` : `${ref.type}.${ref.name}`,
    );
  }

  /**
   * True when `value` points at `target`: a reference to one of `attributes`
   * (`${aws_s3_bucket.logs.id}` / `.bucket`), or a literal equal to the target's literal
   * `literalKey` argument (a bucket named in both places).
   */
  refersTo(value: unknown, target: TfResource, attributes: readonly string[], literalKey?: string): boolean {
    const ref = parseRef(value);
    if (ref) {
      return (
        ref.mode === target.mode &&
        ref.type === target.type &&
        ref.name === target.name &&
        attributes.includes(ref.attribute)
      );
    }
    if (literalKey === undefined || typeof value !== "string" || isExpression(value)) return false;
    const literal = target.body[literalKey];
    return typeof literal === "string" && !isExpression(literal) && literal === value;
  }

  /** Resources of `type` whose argument `key` points at `target` (see {@link refersTo}). */
  referencing(
    type: string,
    key: string,
    target: TfResource,
    attributes: readonly string[],
    literalKey?: string,
  ): TfResource[] {
    return this.resources(type).filter((r) => this.refersTo(r.body[key], target, attributes, literalKey));
  }

  private load(mode: "resource" | "data", section: unknown): void {
    if (!section || typeof section !== "object") return;
    for (const [type, byName] of Object.entries(section as Record<string, unknown>)) {
      if (!byName || typeof byName !== "object") continue;
      for (const [name, raw] of Object.entries(byName as Record<string, unknown>)) {
        const { "//": comment, ...body } = (raw ?? {}) as Record<string, unknown>;
        const address = mode === "data" ? `data.${type}.${name}` : `${type}.${name}`;
        const resource: TfResource = { mode, type, name, address, body, ...commentOf(comment) };
        this.items.push(resource);
        if (mode === "resource") {
          const list = this.byType.get(type);
          if (list) list.push(resource);
          else this.byType.set(type, [resource]);
        }
        this.byAddress.set(address, resource);
      }
    }
  }

  private loadProviders(section: unknown): void {
    if (!section || typeof section !== "object") return;
    for (const [type, configs] of Object.entries(section as Record<string, unknown>)) {
      // cdktf writes a list per provider type; hand-written JSON may use a single object.
      for (const raw of blocks(configs)) {
        const { "//": comment, ...body } = raw as Record<string, unknown>;
        const alias = typeof body.alias === "string" ? body.alias : undefined;
        this.providerItems.push({
          mode: "provider",
          type,
          name: alias ?? type,
          address: alias ? `provider.${type}.${alias}` : `provider.${type}`,
          body,
          ...commentOf(comment),
        });
      }
    }
  }
}

/** The value at `path` inside parsed JSON (objects only), or undefined. */
export function dig(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const key of path) {
    if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Parses a JSON document held in an argument; undefined for expressions and invalid JSON. */
export function parseJsonArgument(value: unknown): unknown {
  if (typeof value !== "string") return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The provider configuration a resource uses, as Terraform writes it: `aws.<alias>`, or the type's
 * default provider (`aws`, `google`) when the resource names none.
 */
export function providerOf(body: Readonly<Record<string, unknown>>, defaultProvider = "aws"): string {
  return typeof body.provider === "string" ? body.provider : defaultProvider;
}
