/**
 * Property-based (fast-check): random strings, template sequences and secret shapes put into any string of the
 * config (values and keys), and into a module's props directly. Whatever happens, no live template sequence
 * and no inserted secret reaches the synthesized JSON or the error output. Runs are bounded (and seeded by
 * fast-check, which prints the seed of a failure) so the unit tier stays fast; only accepted configs are
 * synthesized, at most a few per run.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack, Testing } from "cdktf";
import * as fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findSecret, liveTemplateSequence, ValidationError } from "@multicloud-platform/modules/core";
import { HybridSecret } from "@multicloud-platform/modules/hybrid-secrets";
import { loadEnvironments } from "../../config";
import { ENVIRONMENTS } from "../../config/environments";
import { walkStrings } from "../../config/walk";
import { buildEnvironment, failureReport, stacksOf } from "../../stacks";
import { devCopy } from "../helpers/environments";

/** Runs per property: bounded for the unit tier; PROPERTY_RUNS=2000 for a deeper local search. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 120);

/** A generated value, and the secret inside it (if any) that must never be printed. */
interface Hostile {
  readonly text: string;
  readonly secret?: string;
}

const chars = (alphabet: string, min: number, max = min) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const ALNUM = UPPER + LOWER + DIGITS;

/** Secret shapes with random bodies. */
const secret: fc.Arbitrary<string> = fc.oneof(
  chars(`${UPPER}234567`, 16).map((b) => `AKIA${b}`),
  chars(ALNUM, 36).map((b) => `ghp_${b}`),
  chars(`${ALNUM}_-`, 34).map((b) => `AIza${b}-`),
  chars(`${ALNUM}_-`, 20, 30).map((b) => `GOCSPX-${b}`),
  chars(`${ALNUM}-`, 20, 24).map((b) => `glpat-${b}`),
  chars(DIGITS, 10).map((b) => `xoxb-${b}-${b}-abcdefghij`),
  chars(ALNUM, 24, 40).map((b) => `-----BEGIN PRIVATE KEY-----\n${b}\n-----END PRIVATE KEY-----`),
);

const TEMPLATE_OPENERS = ["${", "%{", "$${", "%%{", "${TfToken[TOKEN.1]}"];

const hostile: fc.Arbitrary<Hostile> = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }).map((text) => ({ text })),
  fc
    .tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...TEMPLATE_OPENERS), fc.string({ maxLength: 20 }))
    .map(([a, open, b]) => ({ text: `${a}${open}${b}}` })),
  secret.map((s) => ({ text: s, secret: s })),
  fc.tuple(fc.string({ maxLength: 10 }), secret).map(([a, s]) => ({ text: `${a} ${s} end`, secret: s })),
  fc
    .tuple(chars(LOWER, 4, 8), chars(ALNUM, 8, 16))
    .map(([u, p]) => ({ text: `jdbc:postgresql://${u}:${p}@db.internal:5432/x`, secret: p })),
);

/** Paths of every string value of the dev sample, each with a setter. */
function stringSlots(): Array<{ path: string; set: (env: any, v: string) => void }> {
  const slots: Array<{ path: string; set: (env: any, v: string) => void }> = [];
  const walk = (value: unknown, keys: Array<string | number>) => {
    if (typeof value === "string") {
      slots.push({
        path: keys.join("."),
        set: (env, v) => {
          let o = env;
          for (const k of keys.slice(0, -1)) o = o[k];
          o[keys[keys.length - 1]] = v;
        },
      });
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...keys, i]));
    else if (value && typeof value === "object")
      for (const [k, v] of Object.entries(value)) walk(v, [...keys, k]);
  };
  walk(devCopy(), []);
  return slots;
}

const SLOTS = stringSlots();

/** Every string of synthesized stacks (and keys), for the JSON-side checks. */
function jsonStrings(json: unknown): string[] {
  const out: string[] = [];
  walkStrings(json, (s) => out.push(s.text));
  return out;
}

describe("random hostile strings in any config string", () => {
  let synthesized = 0;
  const MAX_SYNTHS = 2;

  test("never reach the JSON as a live sequence or a secret, and never appear in the report as a secret", () => {
    expect(SLOTS.length).toBeGreaterThan(100);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(SLOTS.length - 1), hostile), { minLength: 1, maxLength: 3 }),
        fc.option(hostile, { nil: undefined }),
        (changes, tagKey) => {
          const env = devCopy();
          for (const [i, h] of changes) SLOTS[i].set(env, h.text);
          if (tagKey) env.tags[tagKey.text] = "x";
          const inserted = [...changes.map(([, h]) => h), ...(tagKey ? [tagKey] : [])];
          const secrets = inserted.flatMap((h) => (h.secret ? [h.secret] : []));
          let cfgs;
          try {
            cfgs = loadEnvironments(["dev"], { ...ENVIRONMENTS, dev: env });
          } catch (e) {
            const report = failureReport(e);
            for (const s of secrets) expect(report).not.toContain(s);
            expect(report).not.toMatch(/^\s+at /m);
            expect(report).toMatch(/^\d+ problems? in config\/environments\/dev\.ts:\n {2}- /);
            return;
          }
          // Accepted: nothing inserted was a template sequence or a secret.
          for (const h of inserted) {
            expect(h.text).not.toMatch(/[$%]\{/);
            expect(h.secret).toBeUndefined();
            expect(findSecret(h.text)).toBeUndefined();
          }
          if (synthesized >= MAX_SYNTHS) return;
          synthesized++;
          const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "hostile-prop-")) });
          for (const s of stacksOf(buildEnvironment(app, cfgs[0]))) {
            s.prepareStack();
            for (const text of jsonStrings(s.toTerraform())) {
              for (const h of inserted)
                if (text.includes(h.text) && h.text.length > 3)
                  expect(
                    liveTemplateSequence(text.replace(/\$\{[a-z_]+\.[\w.[\]-]+\}/g, "")),
                  ).toBeUndefined();
              expect(findSecret(text)).toBeUndefined();
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);
});

const noMarker = hostile.filter((h) => !h.text.includes("TfToken["));

describe("random hostile strings given to a module directly (no config layer)", () => {
  test("a live sequence is a ValidationError; anything else reaches the JSON literally", () => {
    fc.assert(
      // A `${TfToken[…]}` marker is cdktf's own token syntax: in a prop it is a reference by definition, so the
      // module-level property leaves it out (config refuses every `${`).
      fc.property(noMarker, noMarker, (description, tag) => {
        const stack = new TerraformStack(Testing.app(), "s");
        const provider = new AwsProvider(stack, "aws", { region: "us-east-1" });
        const live = liveTemplateSequence(description.text) ?? liveTemplateSequence(tag.text);
        let thrown: unknown;
        try {
          new HybridSecret(stack, "secret", {
            provider,
            accountId: "111122223333",
            name: "app/token",
            description: description.text,
            tags: { Team: tag.text },
          });
        } catch (e) {
          thrown = e;
        }
        if (live) {
          expect(thrown).toBeInstanceOf(ValidationError);
          // The module's own message redacts secrets too.
          for (const h of [description, tag])
            if (h.secret) expect((thrown as Error).message).not.toContain(h.secret);
          return;
        }
        if (thrown) throw thrown;
        const json = JSON.parse(Testing.synth(stack));
        const secretJson = Object.values<any>(json.resource.aws_secretsmanager_secret)[0];
        expect(secretJson.description).toBe(description.text);
        expect(secretJson.tags.Team).toBe(tag.text);
        for (const text of jsonStrings(json))
          expect(liveTemplateSequence(text.replace(/\$\{aws_[\w.-]+\}/g, ""))).toBeUndefined();
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
