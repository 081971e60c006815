// Module ValidationErrors raised while building config-driven stacks are reported at the config path.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformBackend, TerraformProvider } from "cdktf";
import { ConfigError, EnvironmentConfig, loadEnvironments } from "../../config";
import { buildEnvironment, stacksOf } from "../../stacks";
import { configPathOfConstruct } from "../../stacks/config-paths";
import { REGISTERED } from "../helpers/environments";

// Every registered environment, not only the samples: a new one is covered as it is.
const ALL = REGISTERED;
/** An App whose outdir is a fresh temp dir (nothing is synthesized here). */
const newApp = () => new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "config-paths-")) });

describe("construct ids map to config paths", () => {
  test.each(ALL)("every construct %s's stacks build from config has a config path", (name) => {
    const [env] = loadEnvironments([name]);
    const stacks = stacksOf(buildEnvironment(newApp(), env));
    const unmapped: string[] = [];
    const mapped: string[] = [];
    for (const stack of stacks)
      for (const child of stack.node.children) {
        if (child instanceof TerraformProvider || child instanceof TerraformBackend) continue;
        const at = configPathOfConstruct(env, child.node.path);
        if (at === undefined) unmapped.push(child.node.path);
        else mapped.push(at);
      }
    // A new kind of config-driven construct needs a row in stacks/config-paths.ts.
    expect(unmapped).toEqual([]);
    expect(mapped).toEqual(
      expect.arrayContaining(["network.vpcs.ml", "identity.rolesAnywhere", "analytics"]),
    );
  });

  test("deeper construct paths map to the entry their top-level construct was built from", () => {
    const [env] = loadEnvironments(["dev"]);
    expect(configPathOfConstruct(env, "dev-network/tgw-peering-east-west/accepter")).toBe(
      "network.tgwPeerings.east-west",
    );
    expect(configPathOfConstruct(env, "dev-ingest/glue-datastore/jdbc-us-east-1a")).toBe(
      "ingest.glue.connections.datastore",
    );
    expect(configPathOfConstruct(env, "dev-ingest/glue-catalog-encryption/settings")).toBe(
      "ingest.manageCatalogEncryption",
    );
    expect(configPathOfConstruct(env, "dev-ingest/access-logs-ingest-us-east-1/logs/bucket")).toBe(
      "ingest.appflow",
    );
    expect(configPathOfConstruct(env, "dev-network/aws-network-us-east-1")).toBeUndefined();
    expect(configPathOfConstruct(env, "staging-network/vpc-ml")).toBeUndefined();
  });
});

describe("a module's ValidationError in a config-driven stack", () => {
  /** Builds dev with a change made after validation, i.e. a value only the module checks. */
  function buildWith(change: (env: EnvironmentConfig) => void): ConfigError {
    const [env] = loadEnvironments(["dev"]);
    const broken = structuredClone(env);
    change(broken);
    try {
      buildEnvironment(newApp(), broken);
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
    throw new Error("expected a ConfigError");
  }

  test("names the config file and path, keeps the module's prop and construct path, and the fix", () => {
    const e = buildWith((env) => (env.network.vpcs.ml.cidr = "10.16.0.1/16"));
    expect(e.file).toBe("config/environments/dev.ts");
    expect(e.message).toMatch(
      /config\/environments\/dev\.ts: network\.vpcs\.ml = "10\.16\.0\.1\/16": must be an IPv4 network address in CIDR notation \(checked by the module building dev-network\/vpc-ml, prop cidr\)\n\s+fix: use the network address 10\.16\.0\.0\/16/,
    );
  });

  test("a literal template sequence that reached a module is refused there, at the config path", () => {
    const e = buildWith(
      (env) => (env.identity!.partnerRoles.medirisk.externalId = 'x-${file("/etc/passwd")}'),
    );
    expect(e.message).toMatch(
      /identity\.partnerRoles\.medirisk = .*: contains "\$\{", which Terraform would evaluate as a template interpolation \(checked by the module building dev-identity\/partner-medirisk, prop externalId\)/,
    );
  });
});
