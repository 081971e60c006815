import * as fs from "fs";
import * as path from "path";
import { ConfigError, loadEnvironments, selectEnvironments } from "../../config";
import { ENVIRONMENTS } from "../../config/environments";
import { REGISTERED, unregisteredName } from "../helpers/environments";

describe("sample environments", () => {
  const names = Object.keys(ENVIRONMENTS);

  test("dev, staging and prod are registered, one file each", () => {
    const files = fs
      .readdirSync(path.join(__dirname, "../../config/environments"))
      .filter((f) => f.endsWith(".ts") && f !== "index.ts")
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(names.sort()).toEqual(files);
    expect(names).toEqual(expect.arrayContaining(["dev", "staging", "prod"]));
  });

  test.each(REGISTERED)("%s validates, with several accounts across two regions", (name) => {
    const [cfg] = loadEnvironments([name]);
    expect(cfg.name).toBe(name);
    expect(Object.keys(cfg.accounts).length).toBeGreaterThanOrEqual(4);
    const regions = new Set(Object.values(cfg.network.vpcs).map((v) => v.region));
    expect(regions.size).toBe(2);
  });

  test("prod spans three AZs with a NAT gateway per AZ where VPCs egress", () => {
    const [prod] = loadEnvironments(["prod"]);
    for (const vpc of Object.values(prod.network.vpcs)) {
      expect(vpc.azs).toHaveLength(3);
      if (vpc.subnets.public) expect(vpc.natGateways).toBe("per-az");
    }
  });

  test("environment names and file names agree", () => {
    const other = unregisteredName();
    const registry = { [other]: { ...ENVIRONMENTS.dev } };
    expect(() => loadEnvironments([other], registry)).toThrow(
      new RegExp(`name = "dev": does not match the file/registry name "${other}"`),
    );
  });
});

describe("environment selection", () => {
  test("empty or 'all' selects every environment", () => {
    expect(selectEnvironments(undefined)).toEqual(Object.keys(ENVIRONMENTS));
    expect(selectEnvironments("all")).toEqual(Object.keys(ENVIRONMENTS));
  });
  test("a comma-separated subset, de-duplicated", () => {
    expect(selectEnvironments("prod, dev,prod")).toEqual(["prod", "dev"]);
  });
  test("an unknown name lists the known ones and says how to register one", () => {
    const unknown = unregisteredName();
    const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(() => selectEnvironments(`dev,${unknown}`)).toThrow(
      new RegExp(
        escape(
          `ENVIRONMENTS: entry 2 of "dev,${unknown}" = "${unknown}": is not a registered environment (registered: ${REGISTERED.join(", ")})`,
        ) +
          "\\n\\s+fix: to add an environment, run npm run new-env -- <name> --from <registered environment> \\(it writes config/environments/<name>\\.ts from the blueprint and registers it in config/environments/index\\.ts\\)",
      ),
    );
  });
  test.each([",,,", "dev,,prod", " , ", "dev,"])(
    "fails when %j has an empty entry (never read as all)",
    (sel) => {
      expect(() => selectEnvironments(sel)).toThrow(ConfigError);
      expect(() => selectEnvironments(sel)).toThrow(
        /has \d empty entr(y|ies) \(it is never read as "all"\)\n\s+fix: list environment names separated by single commas/,
      );
    },
  );
  test.each(["dev prod", "dev;prod", "Dev", "../dev"])("fails when %j is not a list of names", (sel) => {
    expect(() => selectEnvironments(sel)).toThrow(/is not an environment name/);
  });
  test("names where the selection came from", () => {
    expect(() =>
      selectEnvironments(unregisteredName(), undefined, 'cdktf.json context "environments"'),
    ).toThrow(/^1 problem in cdktf\.json context "environments":/);
  });
  test("errors of several environments are reported together", () => {
    const a = { ...ENVIRONMENTS.dev, accounts: { x: { id: "1" } } };
    const b = { ...ENVIRONMENTS.staging, stage: "test" };
    try {
      loadEnvironments(["dev", "staging"], { dev: a, staging: b });
      throw new Error("expected a ConfigError");
    } catch (e) {
      expect((e as Error).name).toBe("ConfigError");
      expect((e as Error).message).toMatch(/config\/environments\/dev\.ts: accounts\.x\.id/);
      expect((e as Error).message).toMatch(
        /config\/environments\/staging\.ts: stage = "test": must be one of "dev", "staging", "prod"/,
      );
      expect(e).not.toBeInstanceOf(ConfigError);
    }
  });
});
