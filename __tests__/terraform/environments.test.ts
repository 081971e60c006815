/**
 * Terraform tier: the real Terraform CLI on every AWS stack of every registered environment.
 * - `terraform validate` on each stack as a normal synth writes it (deploy provider mode), all stacks as
 *   modules of one root (validateStacks: one provider schema load); a stack with an error is validated again
 *   on its own, so its result is exactly `terraform validate`'s.
 * - The apply tier (scripts/terraform-test.ts) on the offline-plan synth: a real-provider offline plan, a
 *   mocked apply and a re-plan that must change nothing. Consumers (ingest, analytics, ml) read the producer's
 *   outputs from a synthetic state built from the producer's own outputs (scripts/terraform-mocks.ts), and
 *   the same outputs override their remote state in the mocked runs. dev-ingest's real plan is the one
 *   `npm run plan -- dev-ingest` makes (plan-command.test.ts), not repeated here.
 * - Variants prove the tier fails when the contract breaks: a producer output renamed, retyped or invalid.
 * Providers are installed once per run; stacks run in one `terraform test` process per core, the most
 * expensive first. Google stacks cannot be checked here (the google provider is not in the offline mirror).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { prepareProviders, terraformEnv, validateStacks } from "../../scripts/terraform-cli";
import {
  AttributeSchemas,
  attributeSchemas,
  OutputValue,
  producerOfRemoteState,
  synthesizeOutputs,
} from "../../scripts/terraform-mocks";
import {
  applyTierGroup,
  GroupResult,
  RemoteStates,
  RunResult,
  StackResult,
  TierStack,
  TierVariant,
} from "../../scripts/terraform-test";
import { REGISTERED } from "../helpers/environments";
import { synthToDir } from "../helpers/synth";

// Every registered environment (a new one is validated and tested without editing this file).
const ENVIRONMENTS = REGISTERED;
const CONCURRENCY = Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));
/** Planned for real by `npm run plan -- dev-ingest` in plan-command.test.ts. */
const PLANNED_BY_COMMAND = "dev-ingest";

// Before any synth: without Terraform's provider mirror the file fails once, with what to set (npm test's
// preflight has normally said so already), instead of once per stack.
const tf = terraformEnv();
const root = fs.mkdtempSync(path.join(os.tmpdir(), "tf-tier-"));
// Nested so the backend's project-relative state path (../../../terraform-state) stays inside `root`.
const deployOut = path.join(root, "deploy", "cdktf.out");
const offlineOut = path.join(root, "offline", "cdktf.out");
synthToDir(ENVIRONMENTS, deployOut);
synthToDir(ENVIRONMENTS, offlineOut, { providerMode: "offline-plan" });

function stackJson(outdir: string, id: string): any {
  return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", id, "cdk.tf.json"), "utf8"));
}
const allStacks = fs.readdirSync(path.join(deployOut, "stacks")).sort();
const awsStacks = allStacks.filter((id) => {
  const p = stackJson(deployOut, id).provider ?? {};
  return "aws" in p && !("google" in p);
});
const resourceCount = (json: any) =>
  Object.values<Record<string, unknown>>(json.resource ?? {}).reduce(
    (n, byName) => n + Object.keys(byName).length,
    0,
  );

/**
 * Relative cost of the terraform work on a stack, to balance the groups: every provider configuration
 * starts a provider process, and every run walks every resource.
 */
function cost(json: any, walks: number): number {
  const providers = Object.values(json.provider ?? {}).reduce((n: number, list: any) => n + list.length, 0);
  const data = Object.values<Record<string, unknown>>(json.data ?? {}).reduce(
    (n, b) => n + Object.keys(b).length,
    0,
  );
  return walks * (3 * providers + 0.1 * (resourceCount(json) + data)) + 5;
}

/** The names of the producer outputs a consumer stack's JSON reads, by remote state. */
function outputsRead(json: any): Record<string, string[]> {
  const text = JSON.stringify(json.resource ?? {});
  const out: Record<string, string[]> = {};
  for (const m of text.matchAll(/data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)/g))
    out[m[1]] = [...new Set([...(out[m[1]] ?? []), m[2]])].sort();
  return out;
}

/**
 * Contract-breaking variants of a consumer's producer outputs (each must fail the tier): an output the consumer
 * reads renamed, one retyped (a string given as a list), and one holding a value the provider rejects (an
 * address that is not an IPv4 address, where the consumer builds a /32 CIDR from it).
 */
function brokenContracts(
  consumer: any,
  states: RemoteStates,
): Record<string, { states: RemoteStates; expect: RegExp }> {
  const [remote, names] = Object.entries(outputsRead(consumer))[0];
  const outputs = states[remote];
  const ip = names.find((n) => /(^|_)ip$/.test(n)) ?? names.find((n) => n.endsWith("public_ip"));
  const str = names.find((n) => n !== ip && outputs[n].type === "string")!;
  const edit = (f: (o: Record<string, OutputValue>) => void): RemoteStates => {
    const copy = { ...outputs };
    f(copy);
    return { ...states, [remote]: copy };
  };
  const variants: Record<string, { states: RemoteStates; expect: RegExp }> = {
    renamed: {
      states: edit((o) => {
        o[`${str}-renamed`] = o[str];
        delete o[str];
      }),
      expect: new RegExp(`Unsupported attribute.*${str}`, "s"),
    },
    retyped: {
      states: edit((o) => (o[str] = { ...o[str], value: [o[str].value], type: ["list", "string"] })),
      expect: /(string required|Incorrect attribute value type|Inappropriate value)/,
    },
  };
  if (ip)
    variants.invalid = {
      states: edit((o) => (o[ip] = { ...o[ip], value: "198.51.100.300" })),
      expect: /must be a valid IPv4 CIDR/,
    };
  return variants;
}

const validations = new Map<string, { valid: boolean; details: string }>();
const results = new Map<string, StackResult>();
const variantResults = new Map<string, RunResult>();
const variantExpectations = new Map<string, RegExp>();
const groupErrors: string[] = [];
let schemas: AttributeSchemas;

beforeAll(
  async () => {
    await prepareProviders(tf);
    schemas = await attributeSchemas(tf);
    const offline = (id: string) => stackJson(offlineOut, id);
    const tierStacks: Array<TierStack & { cost: number }> = awsStacks.map((id) => {
      const json = offline(id);
      const remoteStates = Object.fromEntries(
        Object.keys(json.data?.terraform_remote_state ?? {}).map((name) => {
          const producer = producerOfRemoteState(name);
          return [name, synthesizeOutputs(producer, offline(producer), schemas)];
        }),
      );
      const realPlan = id !== PLANNED_BY_COMMAND;
      return {
        id,
        dir: path.join(offlineOut, "stacks", id),
        remoteStates,
        realPlan,
        cost: cost(json, realPlan ? 3 : 2),
      };
    });
    // Variants run on the first environment's ingest stack (a consumer with a remote state).
    const consumer = tierStacks.find((s) => s.id === `${ENVIRONMENTS[0]}-ingest`)!;
    const variants: TierVariant[] = Object.entries(
      brokenContracts(offline(consumer.id), consumer.remoteStates!),
    ).map(([name, v]) => {
      variantExpectations.set(name, v.expect);
      return { name, stack: consumer.id, remoteStates: v.states };
    });
    // One bin per core, balanced greedily (largest first onto the lightest bin); a bin runs its stacks in one
    // terraform test process, and one bin also validates every stack of every environment (deploy mode) in
    // one terraform validate process (all stacks as modules of one root: one provider schema load).
    const validate = {
      id: "validate",
      cost: awsStacks.reduce((n, id) => n + cost(stackJson(deployOut, id), 1), 0),
    };
    const bins = Array.from({ length: CONCURRENCY }, () => ({
      cost: 0,
      stacks: [] as typeof tierStacks,
      validate: false,
    }));
    for (const item of [...tierStacks, validate].sort((a, b) => b.cost - a.cost)) {
      const bin = bins.reduce((min, x) => (x.cost < min.cost ? x : min));
      if (item === validate) bin.validate = true;
      else bin.stacks.push(item as (typeof tierStacks)[number]);
      bin.cost += item.cost;
    }
    const tasks = bins.map((bin, i) => async () => {
      if (bin.stacks.length) {
        const withVariants = bin.stacks.includes(consumer) ? variants : [];
        const r: GroupResult = await applyTierGroup(tf, schemas, `g${i}`, bin.stacks, withVariants);
        for (const [id, x] of Object.entries(r.stacks)) results.set(id, x);
        for (const [name, x] of Object.entries(r.variants)) variantResults.set(name, x);
        groupErrors.push(...r.errors);
      }
      if (bin.validate) {
        const dirs = awsStacks.map((id) => path.join(deployOut, "stacks", id));
        const r = await validateStacks(tf, dirs);
        awsStacks.forEach((id, j) => validations.set(id, r.get(dirs[j])!));
      }
    });
    await Promise.all(tasks.map((t) => t()));
  },
  15 * 60 * 1000,
);

afterAll(() => {
  // The apply-tier table (stack × plan, mocked apply, re-plan), for the record of a run.
  const took = (r: RunResult) => (r.ms !== undefined ? ` (${(r.ms / 1000).toFixed(1)} s)` : "");
  const cell = (r: RunResult | undefined, ok: (r: RunResult) => string) =>
    !r ? "by npm run plan" : r.status === "pass" ? `${ok(r)}${took(r)}` : r.status.toUpperCase();
  const rows = awsStacks.map((id) => {
    const r = results.get(id);
    return [
      id,
      cell(r?.plan, (x) => `${x.actions?.create ?? 0} to create`),
      cell(r?.apply, () => "applied"),
      cell(r?.replan, (x) => `${x.actions?.["no-op"] ?? 0} no-op`),
    ];
  });
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(...[["stack", "plan", "mocked apply", "re-plan"], ...rows].map((r) => r[i].length)),
  );
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  process.stderr.write(
    `\napply tier\n${[line(["stack", "plan", "mocked apply", "re-plan"]), ...rows.map(line)].join("\n")}\n`,
  );
  fs.rmSync(root, { recursive: true, force: true });
});

describe("terraform validate", () => {
  test("covers every AWS stack of every registered environment", () => {
    for (const env of ENVIRONMENTS) expect(awsStacks).toContain(`${env}-network`);
  });
  test.each(awsStacks)("%s is valid", (id) => {
    const r = validations.get(id)!;
    expect(r.details).toBe("");
    expect(r.valid).toBe(true);
  });
});

/** A run's failure, readable: its status and diagnostics. */
function explain(what: string, r: RunResult | undefined): string {
  if (!r) return `${what}: no result${groupErrors.length ? `\n${groupErrors.join("\n")}` : ""}`;
  return `${what}: ${r.status}\n${[...r.errors, ...groupErrors].join("\n")}`;
}

describe("apply tier (terraform test)", () => {
  test("covers every AWS stack, consumers included", () => {
    for (const env of ENVIRONMENTS)
      for (const c of ["network", "identity", "ingest", "analytics", "ml"])
        expect(awsStacks).toContain(`${env}-${c}`);
    // Every stack that reads a producer's outputs got them (ingest, analytics and ml read the network stack).
    const consumers = awsStacks.filter((id) => stackJson(offlineOut, id).data?.terraform_remote_state);
    for (const env of ENVIRONMENTS)
      for (const c of ["ingest", "analytics", "ml"]) expect(consumers).toContain(`${env}-${c}`);
  });

  test.each(awsStacks.filter((id) => id !== PLANNED_BY_COMMAND))(
    "%s: the real provider plans every resource for creation, offline",
    (id) => {
      const r = results.get(id)?.plan;
      if (r?.status !== "pass") throw new Error(explain(`${id} plan`, r));
      expect(r.actions).toEqual({ create: resourceCount(stackJson(offlineOut, id)) });
    },
  );

  test.each(awsStacks)("%s: applies with mock providers, and a re-plan changes nothing", (id) => {
    const r = results.get(id);
    if (r?.apply.status !== "pass") throw new Error(explain(`${id} mocked apply`, r?.apply));
    if (r.replan.status !== "pass") throw new Error(explain(`${id} re-plan`, r.replan));
    expect(r.replan.changes).toEqual([]);
    expect(r.replan.actions).toEqual({ "no-op": resourceCount(stackJson(offlineOut, id)) });
  });

  test("mocked values are shaped like AWS's, so the provider's own validation accepts them", () => {
    // The NAT Elastic IPs the network stack exports are what ingest turns into /32 CIDRs.
    const outputs = synthesizeOutputs("dev-network", stackJson(offlineOut, "dev-network"), schemas);
    const ips = Object.entries(outputs).filter(([k]) => k.endsWith("public_ip"));
    expect(ips.length).toBeGreaterThan(0);
    for (const [, o] of ips)
      expect(o).toMatchObject({ type: "string", value: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/) });
  });
});

describe("the apply tier fails when the cross-stack contract breaks", () => {
  test.each(["renamed", "retyped", "invalid"])("a %s producer output fails the consumer's plan", (name) => {
    const r = variantResults.get(name);
    expect(r).toBeDefined();
    expect(["fail", "error"]).toContain(r!.status);
    expect(r!.errors.join("\n")).toMatch(variantExpectations.get(name)!);
  });
});
