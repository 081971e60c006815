/**
 * A read-only view of one stack's resolved Terraform JSON (what `cdk.tf.json` will contain),
 * with the lookups rules share: resources of a type, reference matching, nested blocks.
 * Rules work on this JSON rather than on construct objects so that escape hatches
 * (`addOverride`), resources created by any module and resources on any provider alias are all seen.
 */

export type TfBody = Readonly<Record<string, unknown>>;

export interface TfResource {
  /** `resource` for managed resources, `data` for data sources. */
  readonly mode: "resource" | "data";
  /** Terraform type, e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** Logical name, e.g. `logs`. */
  readonly name: string;
  /** `aws_s3_bucket.logs` or `data.aws_iam_policy_document.trust`. */
  readonly address: string;
  /** Construct path recorded by cdktf (`stack/logs/bucket`), when present. */
  readonly path?: string;
  /** Arguments as synthesized (snake_case), without cdktf's `//` metadata. */
  readonly body: TfBody;
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

export class StackModel {
  private readonly items: TfResource[] = [];
  private readonly byAddress = new Map<string, TfResource>();

  /** @param json the stack's resolved Terraform JSON (`stack.toTerraform()`). */
  constructor(json: unknown) {
    const root = (json ?? {}) as Record<string, unknown>;
    this.load("resource", root.resource);
    this.load("data", root.data);
  }

  /** Every resource and data source, in synthesized order. */
  all(): readonly TfResource[] {
    return this.items;
  }

  /** Every resource of the given type(s), in synthesized order. */
  resources(...types: string[]): TfResource[] {
    return this.items.filter((r) => r.mode === "resource" && types.includes(r.type));
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
        const { "//": meta, ...body } = (raw ?? {}) as Record<string, unknown>;
        const path = (meta as { metadata?: { path?: unknown } } | undefined)?.metadata?.path;
        const address = mode === "data" ? `data.${type}.${name}` : `${type}.${name}`;
        const resource: TfResource = {
          mode,
          type,
          name,
          address,
          path: typeof path === "string" ? path : undefined,
          body,
        };
        this.items.push(resource);
        this.byAddress.set(address, resource);
      }
    }
  }
}
