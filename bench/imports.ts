/**
 * The packages the app loads at run time, derived from its sources so the floor row stays true as the app
 * grows: starting at main.ts, every project file is transpiled the way the runner does it (TypeScript's
 * isolated-module transpile, which drops imports used only as types) and its require() calls are followed.
 */
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import * as ts from "typescript";

/** Packages whose loading is the irreducible cost of a cdktf app (the floor). */
export const FLOOR_PACKAGES = /^(cdktf|constructs|@cdktf\/[^/]+)(\/|$)/;

export interface ImportGraph {
  /** Project files reachable from the entry, project-relative. */
  readonly files: string[];
  /** Every non-relative module specifier required at run time, sorted. */
  readonly packages: string[];
}

/**
 * The TypeScript source a specifier of a workspace package resolves to under the app's export conditions
 * (e.g. `@multicloud-platform/modules/vpc` → modules/vpc/index.ts under its source condition), or undefined
 * for any other package.
 */
function resolveWorkspaceSource(
  root: string,
  spec: string,
  conditions: readonly string[],
): string | undefined {
  const link = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
  const dir = path.join(root, "node_modules", link);
  if (!fs.existsSync(dir) || !fs.lstatSync(dir).isSymbolicLink()) return undefined;
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
    exports?: Record<string, Record<string, string> | string>;
  };
  const entry = pkg.exports?.[`.${spec.slice(link.length)}`];
  const target =
    typeof entry === "object" ? conditions.map((c) => entry[c]).find((t) => t !== undefined) : undefined;
  return target ? fs.realpathSync(path.join(dir, target)) : undefined;
}

function resolveProjectFile(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts"), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/**
 * `conditions`: the export conditions the app runs with (its `--conditions=` flags), under which workspace
 * packages resolve to their TypeScript sources, which are followed like project files.
 */
export function runtimeImports(entry: string, conditions: readonly string[] = []): ImportGraph {
  const root = path.dirname(path.resolve(entry));
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [path.resolve(entry)];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith(".ts")) continue; // JSON and other data files require nothing
    const js = ts.transpileModule(fs.readFileSync(file, "utf8"), {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        isolatedModules: true,
      },
    }).outputText;
    for (const m of js.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
      const spec = m[1];
      if (spec.startsWith(".")) {
        const target = resolveProjectFile(file, spec);
        if (!target) throw new Error(`${path.relative(root, file)}: cannot resolve ${spec}`);
        queue.push(target);
      } else if (!spec.startsWith("node:") && !isBuiltin(spec)) {
        const source = resolveWorkspaceSource(root, spec, conditions);
        if (source) queue.push(source);
        else packages.add(spec);
      }
    }
  }
  return {
    files: [...seen].map((f) => path.relative(root, f)).sort(),
    packages: [...packages].sort(),
  };
}

function isBuiltin(spec: string): boolean {
  return builtinModules.includes(spec.split("/")[0]);
}

/** Source of a bare Node program that loads exactly `specs`, resolved from `root` (no TypeScript involved). */
export function floorProgram(root: string, specs: readonly string[]): string {
  return `const r=require("module").createRequire(${JSON.stringify(path.join(root, "package.json"))});for(const s of ${JSON.stringify(specs)})r(s);`;
}
