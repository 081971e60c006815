/**
 * `npm run diagrams [-- <env>...] [--check]`: writes docs/diagrams/<env>.mmd (Mermaid source, from config)
 * and docs/diagrams/<env>.svg (rendered with beautiful-mermaid: no browser, no DOM) for every environment.
 * `--check` writes nothing and exits 1 when a committed file is stale (what the unit test checks too).
 *
 * beautiful-mermaid is ESM-only: it is loaded with a dynamic import here, in a process run by tsx, never
 * inside jest.
 */
import * as fs from "fs";
import * as path from "path";
import { loadEnvironments } from "../config";
import { mermaidOf } from "./ux-diagram";
import { knownEnvironments, PROJECT_ROOT, requireEnvironment, runMain } from "./ux-environment";
import { progress, stepAsync } from "./ux-progress";
import { finalizeSvg, recordedHash, sourceHash } from "./ux-svg";

export const DIAGRAMS_DIR = path.join(PROJECT_ROOT, "docs", "diagrams");

/** Colours and spacing of the rendered SVGs (a light theme that reads well on GitHub). */
const RENDER_OPTIONS = {
  bg: "#ffffff",
  fg: "#27272a",
  padding: 24,
  nodeSpacing: 28,
  layerSpacing: 48,
  thoroughness: 3,
};

export function mmdPath(env: string): string {
  return path.join(DIAGRAMS_DIR, `${env}.mmd`);
}

export function svgPath(env: string): string {
  return path.join(DIAGRAMS_DIR, `${env}.svg`);
}

/** The Mermaid source of each environment, as committed. */
export function generateSources(names: readonly string[] = knownEnvironments()): Record<string, string> {
  return Object.fromEntries(loadEnvironments(names).map((env) => [env.name, mermaidOf(env)]));
}

/** Why the committed files of an environment are stale, or undefined when they are current. */
export function staleness(env: string, mermaid: string): string | undefined {
  const mmd = mmdPath(env);
  const svg = svgPath(env);
  const rel = (p: string) => path.relative(PROJECT_ROOT, p);
  if (!fs.existsSync(mmd)) return `${rel(mmd)} is missing`;
  if (fs.readFileSync(mmd, "utf8") !== mermaid) return `${rel(mmd)} differs from the config`;
  if (!fs.existsSync(svg)) return `${rel(svg)} is missing`;
  if (recordedHash(fs.readFileSync(svg, "utf8")) !== sourceHash(mermaid))
    return `${rel(svg)} was not rendered from the current ${rel(mmd)}`;
  return undefined;
}

async function render(mermaid: string): Promise<string> {
  const { renderMermaidSVG } = await import("beautiful-mermaid");
  return finalizeSvg(renderMermaidSVG(mermaid, { ...RENDER_OPTIONS, font: "Inter" }), mermaid);
}

export async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes("--check");
  const names = argv.filter((a) => !a.startsWith("-"));
  const USAGE = "npm run diagrams [-- <env>...] [--check]";
  for (const n of names) requireEnvironment(n, USAGE);
  const selected = names.length ? names : knownEnvironments();
  const sources = generateSources(selected);
  if (check) {
    const stale = selected.map((env) => staleness(env, sources[env])).filter((s): s is string => !!s);
    for (const s of stale) process.stderr.write(`stale: ${s}\n`);
    if (stale.length) process.stderr.write("regenerate with: npm run diagrams\n");
    else progress("diagrams", `${selected.length} diagram(s) up to date`);
    return stale.length ? 1 : 0;
  }
  fs.mkdirSync(DIAGRAMS_DIR, { recursive: true });
  for (const env of selected) {
    const mermaid = sources[env];
    fs.writeFileSync(mmdPath(env), mermaid);
    const svg = await stepAsync("diagrams", `rendering ${env} (${mermaid.split("\n").length} lines)`, () =>
      render(mermaid),
    );
    fs.writeFileSync(svgPath(env), svg);
    process.stdout.write(
      `wrote ${path.relative(PROJECT_ROOT, mmdPath(env))} and ${path.relative(PROJECT_ROOT, svgPath(env))}\n`,
    );
  }
  return 0;
}

if (require.main === module) runMain(() => main(process.argv.slice(2)));
