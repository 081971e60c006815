// The rules doc is generated from the pack; this fails when docs/policy-rules.md is stale.
import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import { defaultRules, renderRulesMarkdown, withReadmeRules } from "@multicloud-platform/modules/guardrails";

const ROOT = join(__dirname, "..", "..", "..");

describe("docs/policy-rules.md", () => {
  it("matches the rule set (regenerate with `npm run docs:policy`)", () => {
    expect(readFileSync(join(ROOT, "docs", "policy-rules.md"), "utf8")).toBe(
      renderRulesMarkdown(defaultRules),
    );
  });
});

describe("README.md policy rules section", () => {
  it("lists the current rule set (regenerate with `npm run docs:policy`)", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme).toBe(withReadmeRules(readme, defaultRules));
    for (const { id } of defaultRules) expect(readme).toContain(`| ${id} |`);
  });
});

describe("rule metadata", () => {
  it("has unique ids, one-line descriptions, a fix and at least one mirrored check per rule", () => {
    const ids = defaultRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of defaultRules) {
      expect(r.id).toMatch(/^PP-[A-Z0-9]+-\d{3}$/);
      expect(r.description).toMatch(/^[^\n]+\.$/);
      expect(r.mirrors.length).toBeGreaterThan(0);
      expect({ id: r.id, fix: r.fix }).toEqual({ id: r.id, fix: expect.stringMatching(/^[^\n]{10,}$/) });
      for (const m of r.mirrors) expect(m).toMatch(/^(project|CKV2?_(AWS|GCP)_\d+)$/);
    }
  });

  it("has a violating and a compliant test for every rule in the rules*.test.ts files", () => {
    const tests = readdirSync(__dirname)
      .filter((f) => /^rules.*\.test\.ts$/.test(f))
      .map((f) => readFileSync(join(__dirname, f), "utf8"))
      .join("\n");
    for (const { id } of defaultRules) {
      const start = tests.indexOf(`describe("${id} `);
      expect({ id, found: start >= 0 }).toEqual({ id, found: true });
      const next = tests.indexOf("\ndescribe(", start + 1);
      const body = tests.slice(start, next === -1 ? undefined : next);
      expect(body).toMatch(/it\(["']reports\b/);
      expect(body).toMatch(/it\(["']accepts\b/);
      expect(body).toContain(`"${id}"`);
    }
  });
});
