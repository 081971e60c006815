/**
 * The pack over synthesized Terraform JSON on disk: any `cdktf synth` output (this app's or another team's),
 * a directory of stacks, or one `cdk.tf.json`. Used by `npm run policy` and the package's
 * `multicloud-policy` command; the rules are the same objects synth runs, plus one check only a whole output
 * allows: account/region singletons declared by two stacks.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "fs";
import { basename, dirname, isAbsolute, join, relative, sep } from "path";
import { StackModel } from "./model";
import { evaluateModel, levelFor } from "./pack";
import { SingletonDeclaration, singletonDeclarations } from "./singletons";
import { defaultRules } from "./rules";
import type { Finding, PolicyReport, Rule, Suppression } from "./types";

/** A suppression for the scanner: optionally limited to one stack id. */
export interface ScanSuppression extends Suppression {
  /** Stack id (directory name under `stacks/`) the suppression applies to. @default - every stack */
  readonly stack?: string;
}

export interface ScanOptions {
  /** @default - {@link defaultRules} */
  readonly rules?: readonly Rule[];
  /**
   * Environment that selects rule levels, for every stack.
   * @default - the environment each stack recorded at synth (`applyPolicyPack`), else every rule at its base level
   */
  readonly environment?: string;
  /** Added to the suppressions each stack recorded at synth. @default - none */
  readonly suppressions?: readonly ScanSuppression[];
  /** Directory findings' file paths are shown relative to (when the file is under it). @default - paths as found */
  readonly cwd?: string;
}

/** A finding with the stack and file it came from. */
export interface ScanFinding extends Finding {
  readonly stack: string;
  /** Path of the `cdk.tf.json` as given (relative to the working directory when under it). */
  readonly file: string;
  /** 1-based line of the resource's block in the file, when found. */
  readonly line?: number;
}

export interface ScannedStack {
  readonly id: string;
  readonly file: string;
  readonly environment?: string;
  /** The stack's own rules, as synth judged it; cross-stack findings are only in {@link ScanResult.findings}. */
  readonly report: PolicyReport;
}

export interface ScanResult {
  readonly stacks: readonly ScannedStack[];
  readonly rules: readonly Rule[];
  /** Every finding of every stack, in stack order. */
  readonly findings: readonly ScanFinding[];
  /** Unsuppressed errors: a non-empty list is a failed check (exit code 1). */
  readonly errors: readonly ScanFinding[];
  readonly warnings: readonly ScanFinding[];
  readonly suppressed: readonly ScanFinding[];
  /**
   * Given suppressions (`options.suppressions`) that matched no finding in any stack: stale or mistyped. (The
   * suppressions a stack recorded at synth all matched: synth fails on an unused one.)
   */
  readonly unusedSuppressions: readonly ScanSuppression[];
}

/** Thrown for a target that holds no synthesized stack, or a file that is not Terraform JSON. */
export class ScanInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScanInputError";
  }
}

/**
 * The `cdk.tf.json` files under `target`: a cdktf output directory (`<dir>/stacks/<id>/cdk.tf.json`), a
 * directory of stacks (`<dir>/<id>/cdk.tf.json`), a stack directory, or one `.tf.json`/`.json` file.
 * Sorted by stack id. A stack's id is the name of the directory holding its file.
 */
export function findStackFiles(target: string): { id: string; file: string }[] {
  if (!existsSync(target)) throw new ScanInputError(`${target} does not exist`);
  if (statSync(target).isFile()) {
    const id = basename(target) === "cdk.tf.json" ? basename(dirname(target)) : basename(target, ".json");
    return [{ id, file: target }];
  }
  const candidates = [join(target, "cdk.tf.json")];
  for (const dir of [join(target, "stacks"), target]) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) candidates.push(join(dir, name, "cdk.tf.json"));
  }
  const found = [...new Set(candidates)].filter((f) => existsSync(f) && statSync(f).isFile());
  if (found.length === 0) {
    throw new ScanInputError(
      `no cdk.tf.json under ${target} (looked for ${target}/cdk.tf.json, ${target}/stacks/*/cdk.tf.json and ${target}/*/cdk.tf.json); run cdktf synth first or pass the file`,
    );
  }
  return found.map((file) => ({ id: basename(dirname(file)), file }));
}

/** Evaluates every stack under `target` (see {@link findStackFiles}). */
export function scanSynthesized(target: string, options: ScanOptions = {}): ScanResult {
  const rules = options.rules ?? defaultRules;
  const stacks: ScannedStack[] = [];
  const findings: ScanFinding[] = [];
  const singletons: { stack: string; file: string; declaration: SingletonDeclaration }[] = [];
  /** Per-stack copies of the given suppressions, to their index in options.suppressions. */
  const givenIndex = new Map<Suppression, number>();
  const stackOptions = new Map<
    string,
    { environment?: string; suppressions: readonly Suppression[]; locate: (a: string) => number | undefined }
  >();
  for (const { id, file } of findStackFiles(target)) {
    const text = readFileSync(file, "utf8");
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new ScanInputError(`${file} is not JSON: ${(e as Error).message}`);
    }
    if (!json || typeof json !== "object" || Array.isArray(json)) {
      throw new ScanInputError(`${file} is not a Terraform JSON configuration (expected an object)`);
    }
    const model = new StackModel(json);
    const environment = options.environment ?? model.recorded.environment;
    const given = (options.suppressions ?? []).flatMap((s, index) => {
      if (s.stack !== undefined && s.stack !== id) return [];
      const copy: Suppression = { ruleId: s.ruleId, address: s.address, reason: s.reason };
      givenIndex.set(copy, index);
      return [copy];
    });
    const suppressions = [...model.recorded.suppressions, ...given];
    const report = evaluateModel(model, { rules, environment, suppressions });
    const shown = displayPath(file, options.cwd);
    stacks.push({ id, file: shown, ...(environment !== undefined ? { environment } : {}), report });
    const locate = lineFinder(text);
    stackOptions.set(id, { environment, suppressions, locate });
    for (const f of report.findings) {
      const line = locate(f.address);
      findings.push({ ...f, stack: id, file: shown, ...(line !== undefined ? { line } : {}) });
    }
    for (const declaration of singletonDeclarations(model))
      singletons.push({ stack: id, file: shown, declaration });
  }
  findings.push(...duplicateSingletons(singletons, rules, stackOptions));
  const open = (f: ScanFinding) => !f.suppressedBy;
  const usedGiven = new Set(
    findings.flatMap((f) => (f.suppressedBy ? [givenIndex.get(f.suppressedBy)] : [])),
  );
  return {
    stacks,
    rules,
    findings,
    errors: findings.filter((f) => open(f) && f.level === "error"),
    warnings: findings.filter((f) => open(f) && f.level === "warning"),
    suppressed: findings.filter((f) => !open(f)),
    unusedSuppressions: (options.suppressions ?? []).filter((_, i) => !usedGiven.has(i)),
  };
}

/**
 * Account/region singletons declared by more than one stack (see singletons.ts): every declaration after the
 * first is reported under the singleton's rule, in its own stack, at that stack's level and with its suppressions.
 */
function duplicateSingletons(
  declared: readonly { stack: string; file: string; declaration: SingletonDeclaration }[],
  rules: readonly Rule[],
  stackOptions: ReadonlyMap<
    string,
    { environment?: string; suppressions: readonly Suppression[]; locate: (a: string) => number | undefined }
  >,
): ScanFinding[] {
  const out: ScanFinding[] = [];
  const first = new Map<string, { stack: string; address: string }>();
  for (const { stack, file, declaration: d } of declared) {
    const key = `${d.type} ${d.scope}`;
    const owner = first.get(key);
    if (!owner) {
      first.set(key, { stack, address: d.resource.address });
      continue;
    }
    const rule = rules.find((r) => r.id === d.ruleId);
    const opts = stackOptions.get(stack);
    if (!rule || !opts) continue;
    const suppressedBy = opts.suppressions.find(
      (s) => s.ruleId === rule.id && (s.address === d.resource.address || s.address === d.resource.path),
    );
    const line = opts.locate(d.resource.address);
    out.push({
      ruleId: rule.id,
      level: levelFor(rule, opts.environment),
      address: d.resource.address,
      ...(d.resource.path !== undefined ? { path: d.resource.path } : {}),
      message: `${d.type} sets account ${d.scope.replace("/", ", region ")}, which ${owner.stack} (${owner.address}) sets too; the two overwrite each other on every apply and destroying either resets the setting. Fix: keep it in exactly one stack per account and region and remove it here (or suppress with a reason naming the owner).`,
      ...(suppressedBy ? { suppressedBy } : {}),
      stack,
      file,
      ...(line !== undefined ? { line } : {}),
    });
  }
  return out;
}

/** Relative to `cwd` when under it, with forward slashes (also what SARIF wants). */
function displayPath(file: string, cwd: string | undefined): string {
  const rel = cwd === undefined ? file : relative(cwd, file);
  const shown = rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
  return shown.split(sep).join("/");
}

/**
 * Line of a resource's block in pretty-printed Terraform JSON: the `"<name>": {` line after the
 * `"<type>": {` line (cdktf writes one key per line). Providers point at their `"alias"` line.
 */
function lineFinder(text: string): (address: string) => number | undefined {
  const lines = text.split("\n");
  const find = (pattern: string, from: number) => {
    for (let i = from; i < lines.length; i++) if (lines[i].trimStart().startsWith(pattern)) return i;
    return -1;
  };
  return (address) => {
    const parts = address.split(".");
    if (parts[0] === "provider") {
      const at = parts[2] ? find(`"alias": ${JSON.stringify(parts[2])}`, 0) : find(`"${parts[1]}": [`, 0);
      return at >= 0 ? at + 1 : undefined;
    }
    const [type, name] = parts[0] === "data" ? [parts[1], parts[2]] : [parts[0], parts[1]];
    const section = find(`"${parts[0] === "data" ? "data" : "resource"}": {`, 0);
    const typeAt = section < 0 ? -1 : find(`${JSON.stringify(type)}: {`, section);
    const at = typeAt < 0 ? -1 : find(`${JSON.stringify(name)}: {`, typeAt);
    return at >= 0 ? at + 1 : undefined;
  };
}
