/**
 * `npm run diagrams [-- <env>...] [--check]`: writes, for every environment, two views from its config, each as
 * Mermaid source (.mmd) and SVG rendered with beautiful-mermaid (no browser, no DOM):
 * - docs/diagrams/<env>.overview.{mmd,svg}: accounts × regions, VPCs, connections and intents on one screen
 *   (at most OVERVIEW_MAX_WIDTH px wide, so its text stays readable at its natural size);
 * - docs/diagrams/<env>.{mmd,svg}: the detailed topology (tiers, endpoints, workloads, data flows, identities).
 * `--check` writes nothing and exits 1 when a committed file is stale (what the unit test checks too).
 *
 * beautiful-mermaid is ESM-only: it is loaded with a dynamic import here, in a process run by tsx, never
 * inside jest.
 */
import * as fs from "fs";
import * as path from "path";
import { EnvironmentConfig, loadEnvironments } from "../config";
import { mermaidOf } from "./ux-diagram";
import { knownEnvironments, PROJECT_ROOT, requireEnvironment, runMain } from "./ux-environment";
import { overviewOf } from "./ux-overview";
import { progress, stepAsync } from "./ux-progress";
import { finalizeSvg, recordedHash, sourceHash, svgWidth } from "./ux-svg";

export const DIAGRAMS_DIR = path.join(PROJECT_ROOT, "docs", "diagrams");

/** The overview must fit a 1400 px wide page at its natural size (node text 13 px, edge labels 11 px). */
export const OVERVIEW_MAX_WIDTH = 1400;

/** Colours and spacing of the rendered SVGs (a light theme that reads well on GitHub). */
const RENDER_OPTIONS = {
  bg: "#ffffff",
  fg: "#27272a",
  padding: 24,
  nodeSpacing: 28,
  layerSpacing: 48,
  thoroughness: 3,
};

/** The views of an environment: file name suffix, Mermaid generator, rendering options. */
export const VIEWS = {
  overview: {
    suffix: ".overview",
    generate: overviewOf,
    // More room between edges: the overview's edge labels sit side by side on the same layer.
    render: { ...RENDER_OPTIONS, nodeSpacing: 40, layerSpacing: 56 },
  },
  detailed: { suffix: "", generate: mermaidOf, render: RENDER_OPTIONS },
} as const satisfies Record<
  string,
  { suffix: string; generate: (env: EnvironmentConfig) => string; render: typeof RENDER_OPTIONS }
>;
export type View = keyof typeof VIEWS;
export const VIEW_NAMES = Object.keys(VIEWS) as View[];

export function mmdPath(env: string, view: View = "detailed"): string {
  return path.join(DIAGRAMS_DIR, `${env}${VIEWS[view].suffix}.mmd`);
}

export function svgPath(env: string, view: View = "detailed"): string {
  return path.join(DIAGRAMS_DIR, `${env}${VIEWS[view].suffix}.svg`);
}

/** Every file `npm run diagrams` writes for an environment, relative to the project root. */
export function diagramFiles(env: string): string[] {
  return VIEW_NAMES.flatMap((v) => [mmdPath(env, v), svgPath(env, v)]).map((f) =>
    path.relative(PROJECT_ROOT, f),
  );
}

/** The Mermaid source of each view of each environment, as committed. */
export function generateSources(
  names: readonly string[] = knownEnvironments(),
): Record<string, Record<View, string>> {
  return Object.fromEntries(
    loadEnvironments(names).map((env) => [
      env.name,
      Object.fromEntries(VIEW_NAMES.map((v) => [v, VIEWS[v].generate(env)])) as Record<View, string>,
    ]),
  );
}

/** Why the committed files of one view of an environment are stale, or undefined when they are current. */
export function staleness(env: string, mermaid: string, view: View = "detailed"): string | undefined {
  const mmd = mmdPath(env, view);
  const svg = svgPath(env, view);
  const rel = (p: string) => path.relative(PROJECT_ROOT, p);
  if (!fs.existsSync(mmd)) return `${rel(mmd)} is missing`;
  if (fs.readFileSync(mmd, "utf8") !== mermaid) return `${rel(mmd)} differs from the config`;
  if (!fs.existsSync(svg)) return `${rel(svg)} is missing`;
  if (recordedHash(fs.readFileSync(svg, "utf8")) !== sourceHash(mermaid))
    return `${rel(svg)} was not rendered from the current ${rel(mmd)}`;
  return undefined;
}

async function render(mermaid: string, view: View): Promise<string> {
  const { renderMermaidSVG } = await import("beautiful-mermaid");
  return finalizeSvg(renderMermaidSVG(mermaid, { ...VIEWS[view].render, font: "Inter" }), mermaid);
}

export async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes("--check");
  const names = argv.filter((a) => !a.startsWith("-"));
  const USAGE = "npm run diagrams [-- <env>...] [--check]";
  for (const n of names) requireEnvironment(n, USAGE);
  const selected = names.length ? names : knownEnvironments();
  const sources = generateSources(selected);
  if (check) {
    const stale = selected
      .flatMap((env) => VIEW_NAMES.map((v) => staleness(env, sources[env][v], v)))
      .filter((s): s is string => !!s);
    for (const s of stale) process.stderr.write(`stale: ${s}\n`);
    if (stale.length) process.stderr.write("regenerate with: npm run diagrams\n");
    else progress("diagrams", `${selected.length * VIEW_NAMES.length} diagram(s) up to date`);
    return stale.length ? 1 : 0;
  }
  fs.mkdirSync(DIAGRAMS_DIR, { recursive: true });
  for (const env of selected) {
    for (const view of VIEW_NAMES) {
      const mermaid = sources[env][view];
      const svg = await stepAsync(
        "diagrams",
        `rendering ${env} ${view} (${mermaid.split("\n").length} lines)`,
        () => render(mermaid, view),
      );
      const width = svgWidth(svg);
      if (view === "overview" && width > OVERVIEW_MAX_WIDTH) {
        throw new Error(
          `the overview of ${env} renders ${width} px wide, more than ${OVERVIEW_MAX_WIDTH}: its text would be ` +
            "too small on a screen; move detail from scripts/ux-overview.ts to the detailed view",
        );
      }
      fs.writeFileSync(mmdPath(env, view), mermaid);
      fs.writeFileSync(svgPath(env, view), svg);
      process.stdout.write(
        `wrote ${path.relative(PROJECT_ROOT, mmdPath(env, view))} and ${path.relative(PROJECT_ROOT, svgPath(env, view))} (${width} px wide)\n`,
      );
    }
  }
  return 0;
}

if (require.main === module) runMain(() => main(process.argv.slice(2)));
