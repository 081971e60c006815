import { App } from "cdktf";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EnvironmentConfig, loadEnvironments } from "../../config";
import { buildEnvironment, BuildOptions, ComponentStack, EnvironmentStacks, stacksOf } from "../../stacks";

export interface SynthesizedEnvironment {
  readonly env: EnvironmentConfig;
  readonly stacks: EnvironmentStacks;
  /** Parsed cdk.tf.json by stack id. */
  readonly json: Record<string, any>;
}

/** Builds one environment's stacks in a fresh App (no files written) and parses each stack's JSON once. */
export function synthEnvironment(
  name: string,
  options: BuildOptions = {},
  mutate?: (env: EnvironmentConfig) => EnvironmentConfig,
): SynthesizedEnvironment {
  const [loaded] = loadEnvironments([name]);
  const env = mutate ? mutate(loaded) : loaded;
  const app = new App({
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-unit-")),
    skipValidation: false,
  });
  const stacks = buildEnvironment(app, env, options);
  // As app.synth() does: a preparing resolve creates the outputs and remote-state reads of cross-stack references.
  for (const s of stacksOf(stacks)) s.prepareStack();
  const json: Record<string, any> = {};
  for (const s of stacksOf(stacks)) json[s.node.id] = JSON.parse(stackJson(s));
  return { env, stacks, json };
}

/** The resolved Terraform JSON of one stack (what cdktf writes as cdk.tf.json). */
export function stackJson(stack: ComponentStack): string {
  return JSON.stringify(stack.toTerraform());
}

/** Synthesizes environments to `outdir` exactly as main.ts does. */
export function synthToDir(names: readonly string[], outdir: string, options: BuildOptions = {}): void {
  fs.mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  for (const env of loadEnvironments(names)) buildEnvironment(app, env, options);
  app.synth();
}

/** All resources of a synthesized stack as [type, name, config]. */
export function resourcesOf(stack: any): Array<[string, string, any]> {
  return Object.entries(stack.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName as Record<string, any>).map(
      ([name, cfg]) => [type, name, cfg] as [string, string, any],
    ),
  );
}

/** Every resource of one type in a synthesized stack (`Testing.synth` text). */
export function resourcesOfType(synth: string, type: string): Array<Record<string, any>> {
  return Object.values((JSON.parse(synth).resource?.[type] ?? {}) as Record<string, Record<string, any>>);
}

/** `${type.<logical id>.attr}` of the only resource of `type` whose `name` argument is `name`. */
export function refByName(synth: string, type: string, name: string, attr: string): string {
  const hit = Object.entries(
    (JSON.parse(synth).resource?.[type] ?? {}) as Record<string, Record<string, any>>,
  ).filter(([, r]) => r.name === name);
  expect(hit).toHaveLength(1);
  return `\${${type}.${hit[0][0]}.${attr}}`;
}
