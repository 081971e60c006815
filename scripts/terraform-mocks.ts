/**
 * Values shaped like the ones AWS returns, for what Terraform only knows after an apply: the computed
 * attributes of mock providers (`terraform test`) and the outputs of a producer stack that has never been
 * applied (a synthetic state a consumer's `terraform_remote_state` can read offline).
 *
 * Everything here is derived from the provider schema (`terraform providers schema -json`, cached next to the
 * provider template) and from attribute names, never listed per resource type: an attribute named `arn` or
 * `*_arn` gets an ARN of the resource's service, `*_ip` an address, `id`/`*_id` an id, and so on. Mock
 * providers otherwise return 8 random characters for every computed string ("Strings will be a random 8
 * character alphanumeric string", https://developer.hashicorp.com/terraform/language/tests/mocking), which
 * the provider's own validation rejects as soon as such a value feeds an argument it checks, e.g. a role
 * policy attachment's `policy_arn` ("is an invalid ARN: arn: invalid prefix") or a security group rule's
 * `cidr_ipv4` built from a NAT Elastic IP.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { TerraformEnv, terraform, TerraformSetupError } from "./terraform-cli";

/** A Terraform type as the schema writes it: "string", ["list", "string"], ["object", {...}], ... */
export type TfType = string | [string, unknown];

/** One attribute of a resource or data source: its type, and whether the provider computes it. */
export interface AttributeSchema {
  readonly type: TfType;
  readonly computed: boolean;
}

/** Top-level attributes by resource type and by data source type. */
export interface AttributeSchemas {
  readonly resource: Readonly<Record<string, Readonly<Record<string, AttributeSchema>>>>;
  readonly data: Readonly<Record<string, Readonly<Record<string, AttributeSchema>>>>;
}

/** The account id every mocked ARN and owner id carries (the documentation example account). */
export const MOCK_ACCOUNT_ID = "123456789012";

/** The id part of a shaped id or ARN when nothing asks for a distinct one (17 hex digits, like EC2 ids). */
const DEFAULT_SUFFIX = "0a1b2c3d4e5f67890";

/** A distinct id part for one resource address, the same in every run. */
export function addressSuffix(address: string): string {
  return crypto.createHash("sha256").update(address).digest("hex").slice(0, 17);
}

const SCHEMA_CACHE = "attribute-schemas.json";

/**
 * The top-level attributes of every resource and data source of the providers in the template, from
 * `terraform providers schema -json` (13 MB for hashicorp/aws): computed once per provider template and
 * cached beside it as a reduced file, so later runs read ~2 MB instead of starting Terraform.
 */
export async function attributeSchemas(tf: TerraformEnv): Promise<AttributeSchemas> {
  const cache = path.join(tf.templateDir, SCHEMA_CACHE);
  if (fs.existsSync(cache)) return JSON.parse(fs.readFileSync(cache, "utf8")) as AttributeSchemas;
  const r = await terraform(["providers", "schema", "-json"], tf.templateDir, tf.env);
  if (r.code !== 0)
    throw new TerraformSetupError(
      `terraform providers schema -json failed in ${tf.templateDir}:\n${r.stderr}`,
    );
  type Block = { block: { attributes?: Record<string, { type?: TfType; computed?: boolean }> } };
  const full = JSON.parse(r.stdout) as {
    provider_schemas: Record<
      string,
      { resource_schemas?: Record<string, Block>; data_source_schemas?: Record<string, Block> }
    >;
  };
  const reduce = (blocks: Record<string, Block> | undefined) =>
    Object.fromEntries(
      Object.entries(blocks ?? {}).map(([type, b]) => [
        type,
        Object.fromEntries(
          Object.entries(b.block.attributes ?? {})
            .filter(([, a]) => a.type !== undefined)
            .map(([name, a]) => [name, { type: a.type!, computed: a.computed === true }]),
        ),
      ]),
    );
  const schemas: AttributeSchemas = {
    resource: Object.assign(
      {},
      ...Object.values(full.provider_schemas).map((p) => reduce(p.resource_schemas)),
    ),
    data: Object.assign(
      {},
      ...Object.values(full.provider_schemas).map((p) => reduce(p.data_source_schemas)),
    ),
  };
  fs.writeFileSync(cache, JSON.stringify(schemas));
  return schemas;
}

/** `aws_vpc_security_group_ingress_rule` → `vpc-security-group-ingress-rule` (the resource's kind in ids). */
function kindOf(resourceType: string): string {
  return resourceType.replace(/^[a-z0-9]+_/, "").replace(/_/g, "-");
}

/**
 * A value of the given type and attribute name that AWS could have returned, or undefined when the name says
 * nothing about the format (the mock's own random value is then as good as any).
 */
export function shapedValue(
  resourceType: string,
  attribute: string,
  type: TfType,
  region: string,
  unique: string = DEFAULT_SUFFIX,
): unknown {
  const kind = kindOf(resourceType);
  if (type === "string") {
    // The service namespace is the type's first word (aws_kms_key → kms); ARN validation checks the
    // partition, a service and the resource part, not whether the namespace matches the real one.
    if (attribute === "arn" || attribute.endsWith("_arn"))
      return `arn:aws:${resourceType.split("_")[1]}:${region}:${MOCK_ACCOUNT_ID}:${kind}/${kind}-${unique}`;
    // Addresses from TEST-NET-2 (RFC 5737): valid, and never anyone's real address.
    if (/(^|_)ip$/.test(attribute)) return "198.51.100.7";
    if (/(^|_)cidr_block$/.test(attribute)) return "10.255.0.0/16";
    if (/(^|_)(owner|account)_id$/.test(attribute)) return MOCK_ACCOUNT_ID;
    if (attribute === "id" || attribute.endsWith("_id")) return `${kind}-${unique}`;
    if (/(_date|_time|_timestamp)$/.test(attribute)) return "2025-01-01T00:00:00Z";
    return undefined;
  }
  if (Array.isArray(type) && (type[0] === "list" || type[0] === "set") && type[1] === "string") {
    if (/(^|_)ips$/.test(attribute)) return ["198.51.100.7"];
    return undefined;
  }
  return undefined;
}

/** A value of any schema type: shaped where the name allows, else the type's plain zero value. */
export function placeholderValue(
  resourceType: string,
  attribute: string,
  type: TfType,
  region: string,
): unknown {
  const shaped = shapedValue(resourceType, attribute, type, region);
  if (shaped !== undefined) return shaped;
  if (type === "string") return `${kindOf(resourceType)}-${attribute.replace(/_/g, "-")}`;
  if (type === "number") return 0;
  if (type === "bool") return false;
  if (Array.isArray(type) && (type[0] === "map" || type[0] === "object")) return {};
  return [];
}

/** The part of a synthesized cdk.tf.json this file reads. */
export interface StackJson {
  readonly provider?: Record<string, ReadonlyArray<{ alias?: string; region?: string }>>;
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly data?: Record<string, Record<string, unknown>>;
  readonly output?: Record<string, { value: unknown; sensitive?: boolean }>;
  readonly variable?: Record<string, { type?: string; default?: unknown }>;
}

/** Defaults for the computed attributes of each resource and data source type a stack uses. */
export function mockDefaults(
  stack: StackJson,
  schemas: AttributeSchemas,
  region: string,
): {
  mock_resource?: Record<string, { defaults: Record<string, unknown> }>;
  mock_data?: Record<string, { defaults: Record<string, unknown> }>;
} {
  const defaults = (type: string, attrs: Readonly<Record<string, AttributeSchema>> | undefined) =>
    Object.fromEntries(
      Object.entries(attrs ?? {})
        .filter(([, a]) => a.computed)
        .map(([name, a]) => [name, shapedValue(type, name, a.type, region)] as const)
        .filter(([, v]) => v !== undefined),
    );
  const block = (types: string[], from: AttributeSchemas["resource"]) =>
    Object.fromEntries(
      types
        .map((t) => [t, { defaults: defaults(t, from[t]) }] as const)
        .filter(([, b]) => Object.keys(b.defaults).length > 0),
    );
  // terraform_remote_state belongs to the builtin provider, never mocked: consumers override it instead.
  const resources = block(Object.keys(stack.resource ?? {}), schemas.resource);
  const data = block(
    Object.keys(stack.data ?? {}).filter((t) => t in schemas.data),
    schemas.data,
  );
  return {
    ...(Object.keys(resources).length ? { mock_resource: resources } : {}),
    ...(Object.keys(data).length ? { mock_data: data } : {}),
  };
}

/** One clause `self.<attribute> == <literal or resource attribute>` of a postcondition. */
const PINNED = /^\s*self\.([a-z0-9_]+)\s*==\s*(?:"([^"\\]*)"|([a-z0-9_]+)\.([^.\s]+)\.([a-z0-9_]+))\s*$/;

/**
 * Per-address overrides of a stack's resources in the mocked runs, for what type-wide mock defaults cannot
 * express:
 * - a distinct id and ARN per resource: with one value per type, two subnets would share an id and a set of
 *   blocks naming both (a Resolver endpoint's `ip_address`, which needs two) would collapse to one;
 * - the values a postcondition pins: `self.<attribute> == "<literal>"` or `== <type>.<name>.<attribute>` states
 *   what AWS returns for the stack as configured (e.g. the requester of a partner's peering the accepter checks),
 *   so the mock returns that; a postcondition written any other way is evaluated on the mock's values as is.
 * `regionOf` gives the region of a resource's provider reference (`aws.<alias>`).
 */
export function resourceOverrides(
  stack: StackJson,
  schemas: AttributeSchemas,
  regionOf: (provider: string | undefined) => string,
): Array<{ target: string; values: Record<string, unknown> }> {
  const computedValue = (type: string, name: string, attribute: string): unknown => {
    const a = schemas.resource[type]?.[attribute];
    const resource = stack.resource?.[type]?.[name] as { provider?: string } | undefined;
    if (!a?.computed || !resource) return undefined;
    return shapedValue(
      type,
      attribute,
      a.type,
      regionOf(resource.provider),
      addressSuffix(`${type}.${name}`),
    );
  };
  const out: Array<{ target: string; values: Record<string, unknown> }> = [];
  for (const [type, byName] of Object.entries(stack.resource ?? {}))
    for (const [name, body] of Object.entries(byName)) {
      const values: Record<string, unknown> = {};
      for (const attribute of Object.keys(schemas.resource[type] ?? {})) {
        const v = computedValue(type, name, attribute);
        if (v !== undefined) values[attribute] = v;
      }
      const postconditions =
        (body as { lifecycle?: { postcondition?: Array<{ condition?: unknown }> } }).lifecycle
          ?.postcondition ?? [];
      for (const p of postconditions) {
        const expr = typeof p.condition === "string" ? /^\$\{([\s\S]*)\}$/.exec(p.condition)?.[1] : undefined;
        for (const clause of expr?.split("&&") ?? []) {
          const m = PINNED.exec(clause);
          if (!m || !schemas.resource[type]?.[m[1]]?.computed) continue;
          const pinned = m[2] ?? computedValue(m[3], m[4], m[5]);
          if (pinned !== undefined) values[m[1]] = pinned;
        }
      }
      if (Object.keys(values).length) out.push({ target: `${type}.${name}`, values });
    }
  return out;
}

/** cdktf names a consumer's remote state of producer stack `<id>` `cross-stack-reference-input-<id>`. */
const REMOTE_STATE_PREFIX = "cross-stack-reference-input-";

/** The producer stack id a terraform_remote_state data source of a cdktf consumer stack reads. */
export function producerOfRemoteState(name: string): string {
  if (!name.startsWith(REMOTE_STATE_PREFIX))
    throw new TerraformSetupError(
      `remote state ${name} is not a cdktf cross-stack reference (${REMOTE_STATE_PREFIX}<stack>)`,
    );
  return name.slice(REMOTE_STATE_PREFIX.length);
}

/** An output of a producer stack as a consumer's terraform_remote_state would see it. */
export interface OutputValue {
  readonly value: unknown;
  readonly type: TfType;
  readonly sensitive: boolean;
}

/** One `${<type>.<name>.<attribute>}` reference to a resource attribute (the only interpolation cdktf writes). */
const REFERENCE = /\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z0-9_]+)\}/g;

/** The type Terraform gives a literal JSON value (a list literal is a tuple), or undefined for null. */
function literalType(value: unknown): TfType | undefined {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) {
    const items = value.map(literalType);
    return items.includes(undefined) ? undefined : ["tuple", items];
  }
  if (value !== null && typeof value === "object") {
    const attrs = Object.entries(value).map(([k, v]) => [k, literalType(v)] as const);
    return attrs.some(([, t]) => t === undefined) ? undefined : ["object", Object.fromEntries(attrs)];
  }
  return undefined;
}

/**
 * The outputs a producer stack would have after an apply: every output's real name, the type of the
 * attribute it references (from the provider schema) and a value shaped by the same rules as the mocks.
 * cdktf's cross-stack outputs are single references `${<type>.<name>.<attribute>}`. A string that only embeds
 * such references (an output for people, e.g. the CLI command a partner runs) is a string with each reference
 * replaced by its shaped value; a literal (a string without any, a list of addresses) is itself. Anything else
 * is refused rather than guessed.
 */
export function synthesizeOutputs(
  producerId: string,
  producer: StackJson,
  schemas: AttributeSchemas,
): Record<string, OutputValue> {
  const regions = new Map((producer.provider?.aws ?? []).map((p) => [p.alias, p.region] as const));
  const refused = (name: string, value: unknown) =>
    new TerraformSetupError(
      `${producerId}: output ${name} = ${JSON.stringify(value)} is not a reference to a resource attribute ` +
        "the provider schema knows; cannot build its value for a synthetic state",
    );
  /** The shaped value and type of one reference, or undefined when the schema does not know it. */
  const resolve = (type: string, resourceName: string, attribute: string) => {
    const attr = schemas.resource[type]?.[attribute];
    if (!attr) return undefined;
    const resource = producer.resource?.[type]?.[resourceName] as { provider?: string } | undefined;
    const region = regions.get(resource?.provider?.replace(/^aws\./, "")) ?? "us-east-1";
    return { value: placeholderValue(type, attribute, attr.type, region), type: attr.type };
  };
  const out: Record<string, OutputValue> = {};
  for (const [name, o] of Object.entries(producer.output ?? {})) {
    const sensitive = o.sensitive === true;
    if (typeof o.value !== "string") {
      // A literal (e.g. the planned addresses of resolver endpoints) is its own value.
      const type = literalType(o.value);
      if (type === undefined || JSON.stringify(o.value).includes("${")) throw refused(name, o.value);
      out[name] = { value: o.value, type, sensitive };
      continue;
    }
    const whole = new RegExp(`^${REFERENCE.source}$`).exec(o.value);
    if (whole) {
      const r = resolve(whole[1], whole[2], whole[3]);
      if (!r) throw refused(name, o.value);
      out[name] = { ...r, sensitive };
      continue;
    }
    let unknown = false;
    const text = o.value.replace(REFERENCE, (_, type: string, resourceName: string, attribute: string) => {
      const r = resolve(type, resourceName, attribute);
      if (!r || (typeof r.value !== "string" && typeof r.value !== "number")) {
        unknown = true;
        return "";
      }
      return String(r.value);
    });
    // Anything interpolated that is not a plain string or number reference (a function call, a list) is refused.
    if (unknown || text.includes("${")) throw refused(name, o.value);
    out[name] = { value: text, type: "string", sensitive };
  }
  return out;
}

/**
 * A Terraform state (format 4) holding only outputs: what `terraform_remote_state` with the local backend
 * reads. Resources are not needed: remote state exposes outputs only.
 */
export function syntheticState(outputs: Readonly<Record<string, OutputValue>>, lineage: string): string {
  return `${JSON.stringify(
    {
      version: 4,
      // The oldest Terraform this project supports (README): a newer version here would be refused by older CLIs.
      terraform_version: "1.5.0",
      serial: 1,
      lineage,
      outputs: Object.fromEntries(
        Object.entries(outputs).map(([k, o]) => [
          k,
          { value: o.value, type: o.type, ...(o.sensitive ? { sensitive: true } : {}) },
        ]),
      ),
      resources: [],
      check_results: null,
    },
    null,
    2,
  )}\n`;
}
