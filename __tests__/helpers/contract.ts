/**
 * The cross-stack contract of an environment, checked without Terraform: every producer output a consumer
 * reads through terraform_remote_state exists in the producer, with a type the consumer's argument accepts.
 * Types come from the provider bindings: an attribute getter of a cdktf resource returns a token of the
 * attribute's type (a string token, a number token, a list token), so the producer's attribute and the
 * consumer's argument are compared kind for kind.
 */
import { TerraformResource, TerraformStack } from "cdktf";
import { producerOfRemoteState } from "../../scripts/terraform-mocks";

export type Kind = "string" | "number" | "bool" | "list" | "map" | "unknown";

export interface ContractStack {
  readonly stack: TerraformStack;
  /** The stack's synthesized Terraform JSON. */
  readonly json: any;
}

export interface Read {
  readonly consumer: string;
  /** Where the consumer uses it: `<type>.<name>.<argument path>`. */
  readonly at: string;
  readonly producer: string;
  readonly output: string;
  /** What the argument takes: its kind, or "string" when the reference sits inside a string template. */
  readonly expects: Kind;
}

const REF = /data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)/;
const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function kindOf(v: unknown): Kind {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "list";
  // A map token is a plain object (one encoded key); resolvables (booleans, blocks) say nothing of their type.
  if (v && typeof v === "object" && typeof (v as { resolve?: unknown }).resolve !== "function") return "map";
  return "unknown";
}

function resourceByAddress(stack: TerraformStack, type: string, name: string): TerraformResource | undefined {
  return stack.node
    .findAll()
    .find(
      (c): c is TerraformResource =>
        c instanceof TerraformResource && c.terraformResourceType === type && c.friendlyUniqueId === name,
    );
}

/** The kind of the value at a JSON argument path of a resource, read through its binding's getters. */
export function argumentKind(resource: TerraformResource, argPath: ReadonlyArray<string | number>): Kind {
  let cur: any = resource;
  for (const step of argPath) {
    if (typeof step === "number") {
      if (Array.isArray(cur))
        cur = cur[0]; // a list token holds one element standing for every element
      else if (cur && typeof cur.get === "function")
        cur = cur.get(step); // a list of blocks
      else return "unknown";
    } else {
      if (cur === null || cur === undefined || !(camel(step) in cur)) return "unknown";
      cur = cur[camel(step)];
    }
  }
  return kindOf(cur);
}

/** Every remote output read of every consumer, with what the consumer's argument expects. */
export function remoteReads(stacks: Readonly<Record<string, ContractStack>>): Read[] {
  const reads: Read[] = [];
  for (const [consumer, { stack, json }] of Object.entries(stacks)) {
    for (const [type, byName] of Object.entries<Record<string, unknown>>(json.resource ?? {})) {
      for (const [name, config] of Object.entries(byName)) {
        const visit = (v: unknown, at: Array<string | number>) => {
          if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...at, i]));
          else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) visit(x, [...at, k]);
          else if (typeof v === "string") {
            const m = REF.exec(v);
            if (!m) return;
            const whole = v === `\${${m[0]}}`;
            const resource = resourceByAddress(stack, type, name);
            reads.push({
              consumer,
              at: `${type}.${name}.${at.join(".")}`,
              producer: producerOfRemoteState(m[1]),
              output: m[2],
              expects: !whole ? "string" : resource ? argumentKind(resource, at) : "unknown",
            });
          }
        };
        visit(config, []);
      }
    }
  }
  return reads;
}

/** The kind of a producer output: the kind of the resource attribute it references. */
export function outputKind(producer: ContractStack, output: string): Kind | undefined {
  const value = producer.json.output?.[output]?.value;
  if (value === undefined) return undefined;
  const m = typeof value === "string" ? /^\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z0-9_]+)\}$/.exec(value) : null;
  const resource = m ? resourceByAddress(producer.stack, m[1], m[2]) : undefined;
  return resource ? argumentKind(resource, [m![3]]) : "unknown";
}

/** Problems of the contract: a read output the producer lacks, or one of another kind than expected. */
export function contractProblems(stacks: Readonly<Record<string, ContractStack>>): string[] {
  const problems: string[] = [];
  for (const r of remoteReads(stacks)) {
    const producer = stacks[r.producer];
    const kind = producer ? outputKind(producer, r.output) : undefined;
    if (!producer) problems.push(`${r.consumer} ${r.at} reads stack ${r.producer}, which does not exist`);
    else if (kind === undefined)
      problems.push(`${r.consumer} ${r.at} reads output ${r.output}, which ${r.producer} does not have`);
    else if (kind === "unknown" || r.expects === "unknown")
      problems.push(
        `${r.consumer} ${r.at}: cannot tell the kind of ${r.producer}.${r.output} or of the argument`,
      );
    else if (!(kind === r.expects || (r.expects === "string" && ["number", "bool"].includes(kind))))
      problems.push(
        `${r.consumer} ${r.at} takes a ${r.expects}, but ${r.producer} output ${r.output} is a ${kind}`,
      );
  }
  return problems;
}
