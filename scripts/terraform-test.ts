/**
 * The apply tier: `terraform test` over synthesized stacks (offline-plan provider mode). Every stack gets
 * three runs, each on the stack as a module of one scratch root so that one Terraform process (one load of
 * the provider schema, ~6 s CPU for hashicorp/aws) serves many stacks:
 * 1. `<stack>_plan`: the real provider plans it offline; every resource is planned for creation. A consumer
 *    reads its producers' outputs from synthetic states written where its terraform_remote_state looks.
 * 2. `<stack>_apply`: mock providers apply it, computed values shaped like AWS's (terraform-mocks.ts); a
 *    consumer's remote state is replaced by the same producer outputs, as overrides.
 * 3. `<stack>_replan`: a plan on the applied state; every resource must be a no-op.
 * Variants are plan-only runs of a consumer against other producer outputs (renamed, retyped, invalid), in
 * files of their own so that each fails alone: they prove the tier fails when the contract breaks.
 *
 * Terraform 1.11's `terraform test` destroys what a file applied when the file ends. With mock providers
 * nothing exists outside the process, the destroy walks cost about as much as the apply, and outside dev
 * they fail by design (stateful resources carry prevent_destroy), so the harness ends the process (its own
 * process group) as soon as the last verdict is in. A failing run skips the later runs of its file: the
 * stacks after it are reported "not run".
 */
import { spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { linkProviders, offlinePlanEnv, terraform, TerraformEnv, TerraformSetupError } from "./terraform-cli";
import {
  AttributeSchemas,
  mockDefaults,
  OutputValue,
  resourceOverrides,
  StackJson,
  syntheticState,
} from "./terraform-mocks";

/** Outputs of the producer stacks a consumer reads, by terraform_remote_state data source name. */
export type RemoteStates = Readonly<Record<string, Readonly<Record<string, OutputValue>>>>;

/** One stack of a group. */
export interface TierStack {
  /** Stack id (`dev-network`); names its runs. */
  readonly id: string;
  /** Its synthesized directory (offline-plan provider mode). Every stack of a group shares one parent. */
  readonly dir: string;
  /** Producer outputs by the stack's terraform_remote_state names. @default {} */
  readonly remoteStates?: RemoteStates;
  /** Include the real-provider offline plan. @default true */
  readonly realPlan?: boolean;
}

/** A plan-only run of one stack of the group against other producer outputs; it is expected to fail. */
export interface TierVariant {
  readonly name: string;
  readonly stack: string;
  readonly remoteStates: RemoteStates;
}

export type RunStatus = "pass" | "fail" | "error" | "skip" | "not run";

export interface RunResult {
  readonly status: RunStatus;
  /** Error diagnostics of the run: "<address>: <summary>: <detail>". */
  readonly errors: readonly string[];
  /** Plan runs: how many resource changes had each action list ("create", "no-op", "update", ...). */
  readonly actions?: Readonly<Record<string, number>>;
  /** Plan runs: the resource changes that are not no-ops, as "<address>: <actions>". */
  readonly changes?: readonly string[];
  /** How long the run took, as Terraform reports it (from its start to its verdict). */
  readonly ms?: number;
}

export interface StackResult {
  readonly plan?: RunResult;
  readonly apply: RunResult;
  readonly replan: RunResult;
}

export interface GroupResult {
  readonly stacks: Readonly<Record<string, StackResult>>;
  readonly variants: Readonly<Record<string, RunResult>>;
  /** Diagnostics not attributable to a run (e.g. a configuration that does not load). */
  readonly errors: readonly string[];
  readonly ms: number;
}

const TEST_DIR = "apply-tier";
const STACKS_FILE = "stacks.tftest.json";
// `terraform test` runs files in name order: variants (plan-only, nothing to tear down) before the stacks.
const variantFile = (name: string) => `check-${name}.tftest.json`;
const mockAlias = (alias: string) => `mock_${alias}`;
const PHASES = ["plan", "apply", "replan"] as const;
/** How -verbose announces an applied state (the message precedes the state in each JSON line). */
const STATE_MESSAGE = '"@message":"-verbose flag enabled, printing state"';

function readStack(dir: string): StackJson {
  return JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as StackJson;
}

/** Placeholder values for a stack's variables without defaults (e.g. OAuth secrets), typed as declared. */
export function variableValues(stack: StackJson): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(stack.variable ?? {})
      .filter(([, v]) => !("default" in v))
      .map(([name, v]) => [name, v.type === "number" ? 0 : v.type === "bool" ? false : `mock-${name}`]),
  );
}

type RemoteStateSource = { backend?: string; config?: { path?: string } };
function remoteStateSources(stack: StackJson): Record<string, RemoteStateSource> {
  return (stack.data?.terraform_remote_state ?? {}) as Record<string, RemoteStateSource>;
}

function producerOutputs(where: string, name: string, states: RemoteStates) {
  const outputs = states[name];
  if (!outputs) throw new TerraformSetupError(`${where}: no producer outputs given for remote state ${name}`);
  return outputs;
}

/**
 * Writes each producer's synthetic state where the consumer's terraform_remote_state (local backend) reads
 * it: `config.path` relative to `cwd`, the directory Terraform runs in. Returns the files written.
 */
export function writeRemoteStates(
  cwd: string,
  stack: StackJson,
  states: RemoteStates,
  where: string,
): string[] {
  const written: string[] = [];
  for (const [name, source] of Object.entries(remoteStateSources(stack))) {
    const outputs = producerOutputs(where, name, states);
    if (source.backend !== "local" || !source.config?.path)
      throw new TerraformSetupError(
        `${where}: remote state ${name} uses the ${source.backend} backend; an offline plan reads local state only`,
      );
    const file = path.resolve(cwd, source.config.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const h = crypto.createHash("sha256").update(name).digest("hex");
    const lineage = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    fs.writeFileSync(file, syntheticState(outputs, lineage));
    written.push(file);
  }
  return written;
}

/** override_data blocks replacing every remote state of a stack by the given producer outputs. */
function remoteStateOverrides(stack: StackJson, states: RemoteStates, where: string) {
  return Object.keys(remoteStateSources(stack)).map((name) => ({
    target: `data.terraform_remote_state.${name}`,
    values: {
      outputs: Object.fromEntries(
        Object.entries(producerOutputs(where, name, states)).map(([k, o]) => [k, o.value]),
      ),
    },
  }));
}

interface Planned {
  readonly file: string;
  readonly run: string;
  readonly command: "plan" | "apply";
}

/** Writes the scratch root and its test files; returns every (file, run) whose verdict is awaited. */
function writeRoot(
  tf: TerraformEnv,
  root: string,
  schemas: AttributeSchemas,
  stacks: readonly TierStack[],
  variants: readonly TierVariant[],
): Planned[] {
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, TEST_DIR), { recursive: true });
  // The root declares the providers (their lock file and installed packages come from the template).
  fs.copyFileSync(path.join(tf.templateDir, "main.tf.json"), path.join(root, "main.tf.json"));
  const json = new Map(stacks.map((s) => [s.id, readStack(s.dir)] as const));
  const regions = new Map<string, string>();
  for (const j of json.values())
    for (const p of j.provider?.aws ?? []) regions.set(p.alias ?? "default", p.region ?? "us-east-1");
  // Every resource and data type of the group, so one mock per provider configuration covers all stacks.
  const union: StackJson = {
    resource: Object.assign({}, ...[...json.values()].map((j) => j.resource ?? {})),
    data: Object.assign({}, ...[...json.values()].map((j) => j.data ?? {})),
  };
  const mocks = [...regions].map(([alias, region]) => ({
    alias: mockAlias(alias),
    ...mockDefaults(union, schemas, region),
  }));
  const header = mocks.length ? { mock_provider: { aws: mocks } } : {};

  // Computed once per stack: its apply and re-plan runs (and any variant) share them.
  const perStack = new Map<string, ReturnType<typeof resourceOverrides>>();
  const resourceOverridesOf = (id: string) => {
    if (!perStack.has(id)) {
      const j = json.get(id)!;
      const regionOf = (provider: string | undefined) => {
        const alias = provider?.replace(/^aws\./, "");
        return j.provider?.aws?.find((p) => p.alias === alias)?.region ?? "us-east-1";
      };
      perStack.set(id, resourceOverrides(j, schemas, regionOf));
    }
    return perStack.get(id)!;
  };
  const module = (s: TierStack) => ({ source: `./${path.relative(root, s.dir).split(path.sep).join("/")}` });
  const run = (s: TierStack, command: "plan" | "apply", mocked: boolean, states: RemoteStates) => {
    const j = json.get(s.id)!;
    const variables = variableValues(j);
    const overrides = mocked ? remoteStateOverrides(j, states, s.id) : [];
    const resources = mocked ? resourceOverridesOf(s.id) : [];
    const aliases = (j.provider?.aws ?? []).map((p) => p.alias ?? "default");
    return {
      command,
      module: module(s),
      ...(Object.keys(variables).length ? { variables } : {}),
      // Without a mapping the module keeps its own (offline-plan) provider configurations: the real provider.
      ...(mocked && aliases.length
        ? { providers: Object.fromEntries(aliases.map((a) => [`aws.${a}`, `aws.${mockAlias(a)}`])) }
        : {}),
      ...(overrides.length ? { override_data: overrides } : {}),
      ...(resources.length ? { override_resource: resources } : {}),
    };
  };

  const planned: Planned[] = [];
  for (const v of variants) {
    const s = stacks.find((x) => x.id === v.stack);
    if (!s) throw new TerraformSetupError(`variant ${v.name}: stack ${v.stack} is not in the group`);
    fs.writeFileSync(
      path.join(root, TEST_DIR, variantFile(v.name)),
      JSON.stringify({ ...header, run: [{ plan: run(s, "plan", true, v.remoteStates) }] }),
    );
    planned.push({ file: variantFile(v.name), run: "plan", command: "plan" });
  }
  const runs: Array<Record<string, unknown>> = [];
  for (const s of stacks) {
    const states = s.remoteStates ?? {};
    if (s.realPlan ?? true) {
      writeRemoteStates(root, json.get(s.id)!, states, s.id);
      runs.push({ [`${s.id}_plan`]: run(s, "plan", false, states) });
    }
    runs.push({ [`${s.id}_apply`]: run(s, "apply", true, states) });
    // No refresh: a mock reads back exactly what it stored, so refreshing would only add a walk.
    runs.push({ [`${s.id}_replan`]: { ...run(s, "plan", true, states), plan_options: { refresh: false } } });
  }
  fs.writeFileSync(path.join(root, TEST_DIR, STACKS_FILE), JSON.stringify({ ...header, run: runs }));
  for (const r of runs) {
    const [run, body] = Object.entries(r)[0] as [string, { command: "plan" | "apply" }];
    planned.push({ file: STACKS_FILE, run, command: body.command });
  }
  return planned;
}

interface Message {
  type?: string;
  "@timestamp"?: string;
  "@testfile"?: string;
  "@testrun"?: string;
  test_run?: { run: string; progress: string; status?: RunStatus; elapsed?: number };
  test_plan?: { resource_changes?: Array<{ address: string; change: { actions: string[] } }> };
  diagnostic?: { severity: string; summary: string; detail?: string; address?: string };
}

interface Collected {
  status: RunStatus;
  errors: string[];
  plan?: Message["test_plan"];
  /** When the run started (Terraform's timestamp), and how long it took. */
  started?: number;
  ms?: number;
}

/** Runs `terraform test` in the root, collecting verdicts, and ends it when every awaited verdict is in. */
function runTests(tf: TerraformEnv, root: string, planned: readonly Planned[]) {
  const key = (file: string, run: string) => `${file}\u0000${run}`;
  const pending = new Set(planned.map((p) => key(p.file, p.run)));
  const plansAwaited = new Set(planned.filter((p) => p.command === "plan").map((p) => key(p.file, p.run)));
  const collected = new Map<string, Collected>();
  const loose: string[] = [];
  const entry = (file: string, run: string) => {
    const k = key(file, run);
    if (!collected.has(k)) collected.set(k, { status: "pass", errors: [] });
    return collected.get(k)!;
  };
  return new Promise<{ collected: Map<string, Collected>; loose: string[]; key: typeof key }>(
    (resolve, reject) => {
      const child = spawn(
        "terraform",
        ["test", "-json", "-verbose", "-no-color", `-test-directory=${TEST_DIR}`],
        // Its own process group: ending it also ends the provider plugins it started. The real provider's
        // plan runs on the offline-plan mode's dummy keys, given in the environment (never in the JSON).
        { cwd: root, env: offlinePlanEnv(tf.env), stdio: ["ignore", "pipe", "pipe"], detached: true },
      );
      // Lines are handled as they complete; an applied state (one line of ~14 MB with the provider schemas)
      // is recognised by its head and skipped without being buffered.
      let line: string[] = [];
      let skipping = false;
      let headChecked = false;
      let stderr = "";
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // the group is gone already
        }
      };
      const done = (k: string) => {
        pending.delete(k);
        if (pending.size === 0) end();
      };
      const handle = (text: string) => {
        if (!text.trim()) return;
        const m = JSON.parse(text) as Message;
        const file = m["@testfile"] ? path.basename(m["@testfile"]) : undefined;
        const run = m["@testrun"];
        if (m.type === "diagnostic" && m.diagnostic?.severity === "error") {
          const d = m.diagnostic;
          const msg = `${d.address ? `${d.address}: ` : ""}${d.summary}${d.detail ? `: ${d.detail}` : ""}`;
          if (file && run) entry(file, run).errors.push(msg);
          else loose.push(msg);
        } else if (m.type === "test_plan" && file && run) {
          // -verbose prints a plan run's plan after its verdict.
          entry(file, run).plan = m.test_plan;
          done(key(file, run));
        } else if (m.type === "test_run" && file && m.test_run?.progress === "starting") {
          entry(file, m.test_run.run).started = Date.parse(m["@timestamp"] ?? "");
        } else if (m.type === "test_run" && file && m.test_run?.progress === "complete") {
          const k = key(file, m.test_run.run);
          const e = entry(file, m.test_run.run);
          e.status = m.test_run.status ?? "error";
          const ended = Date.parse(m["@timestamp"] ?? "");
          e.ms = m.test_run.elapsed ?? (e.started !== undefined ? ended - e.started : undefined);
          if (!(e.status === "pass" && plansAwaited.has(k))) done(k);
        }
      };
      child.stdout.on("data", (chunk: Buffer) => {
        let text = chunk.toString("utf8");
        let nl: number;
        while ((nl = text.indexOf("\n")) >= 0) {
          if (!skipping) {
            line.push(text.slice(0, nl));
            const whole = line.join("");
            try {
              handle(whole);
            } catch (e) {
              loose.push(
                `unreadable terraform test output (${(e as Error).message}): ${whole.slice(0, 200)}`,
              );
            }
          }
          line = [];
          skipping = false;
          headChecked = false;
          text = text.slice(nl + 1);
        }
        if (skipping) return;
        line.push(text);
        if (!headChecked) {
          const head = line.join("").slice(0, 200);
          if (head.length >= 120) {
            headChecked = true;
            skipping = head.includes(STATE_MESSAGE);
            if (skipping) line = [];
          }
        }
      });
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
      child.on("error", (e) =>
        reject(new TerraformSetupError(`cannot run terraform (${e.message}); install Terraform >= 1.7`)),
      );
      child.on("close", () => {
        if (pending.size > 0 && stderr.trim()) loose.push(stderr.trim());
        resolve({ collected, loose, key });
      });
    },
  );
}

function toResult(c: Collected | undefined): RunResult {
  if (!c) return { status: "not run", errors: [] };
  const ms = c.ms !== undefined && Number.isFinite(c.ms) ? { ms: c.ms } : {};
  if (!c.plan) return { status: c.status, errors: c.errors, ...ms };
  const changes = c.plan.resource_changes ?? [];
  const actions: Record<string, number> = {};
  for (const ch of changes) {
    const a = ch.change.actions.join("+");
    actions[a] = (actions[a] ?? 0) + 1;
  }
  return {
    status: c.status,
    errors: c.errors,
    ...ms,
    actions,
    changes: changes
      .filter((ch) => ch.change.actions.join() !== "no-op")
      .map((ch) => `${ch.address}: ${ch.change.actions.join("+")}`),
  };
}

/**
 * Runs the apply tier on a group of stacks in one `terraform test` process. The root is a scratch directory
 * next to the stacks (same depth, so the stacks' relative state paths resolve to the same files).
 */
export async function applyTierGroup(
  tf: TerraformEnv,
  schemas: AttributeSchemas,
  name: string,
  stacks: readonly TierStack[],
  variants: readonly TierVariant[] = [],
): Promise<GroupResult> {
  const started = Date.now();
  const parents = new Set(stacks.map((s) => path.dirname(path.resolve(s.dir))));
  if (parents.size !== 1)
    throw new TerraformSetupError(`apply tier group ${name}: every stack must be in one directory`);
  const root = path.join([...parents][0], `.apply-tier-${name}`);
  const planned = writeRoot(tf, root, schemas, stacks, variants);
  linkProviders(tf, root);
  // Installs the runs' module sources (local directories: a manifest only, nothing is downloaded).
  const get = await terraform(["get", "-no-color", `-test-directory=${TEST_DIR}`], root, tf.env);
  if (get.code !== 0) return { stacks: {}, variants: {}, errors: [get.stderr || get.stdout], ms: get.ms };
  const { collected, loose, key } = await runTests(tf, root, planned);
  const stackResults: Record<string, StackResult> = {};
  for (const s of stacks) {
    const [plan, apply, replan] = PHASES.map((p) =>
      toResult(collected.get(key(STACKS_FILE, `${s.id}_${p}`))),
    );
    stackResults[s.id] = { ...((s.realPlan ?? true) ? { plan } : {}), apply, replan };
  }
  const variantResults = Object.fromEntries(
    variants.map((v) => [v.name, toResult(collected.get(key(variantFile(v.name), "plan")))]),
  );
  return { stacks: stackResults, variants: variantResults, errors: loose, ms: Date.now() - started };
}
