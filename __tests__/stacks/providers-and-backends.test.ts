import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack, Testing } from "cdktf";
import { loadEnvironments } from "../../config";
import { configureBackend } from "../../stacks/backend";
import { ProviderRegistry } from "../../stacks/providers";
import { REGISTERED } from "../helpers/environments";
import { resourcesOf, synthEnvironment } from "../helpers/synth";

const [dev] = loadEnvironments(["dev"]);

describe("provider registry (deploy mode)", () => {
  const { json } = synthEnvironment("dev");
  const network = json["dev-network"];

  test("one aliased provider per (account, region) the stack touches", () => {
    const aliases = network.provider.aws.map((p: any) => p.alias).sort();
    const expected = new Set([
      ...Object.values(dev.network.vpcs).map((v) => `${v.account}-${v.region}`),
      ...Object.values(dev.network.transitGateways).map((t) => `${t.account}-${t.region}`),
    ]);
    expect(aliases).toEqual([...expected].sort());
  });

  test("each provider assumes its account's deploy role and is pinned to that account", () => {
    for (const p of network.provider.aws) {
      const account = p.alias.replace(/-[a-z]+-[a-z]+-\d$/, "");
      const id = dev.accounts[account].id;
      expect(p.allowed_account_ids).toEqual([id]);
      expect(p.assume_role).toEqual([
        { role_arn: `arn:aws:iam::${id}:role/TerraformDeploy`, session_name: "cdktf-dev-network" },
      ]);
      expect(p.default_tags[0].tags).toMatchObject({
        Environment: "dev",
        Stack: "dev-network",
        ManagedBy: "cdktf",
        Owner: "platform-engineering",
      });
      expect(p.skip_credentials_validation).toBeUndefined();
      expect(p.access_key).toBeUndefined();
    }
  });

  test("every resource names its provider explicitly (no implicit default provider)", () => {
    const missing = resourcesOf(network)
      .filter(([, , cfg]) => !cfg.provider)
      .map(([t, n]) => `${t}.${n}`);
    expect(missing).toEqual([]);
  });

  test("the local backend path is relative to the project root", () => {
    expect(network.terraform.backend).toEqual({
      local: { path: "../../../terraform-state/dev-network.tfstate" },
    });
  });
});

describe("offline-plan provider mode", () => {
  const { json } = synthEnvironment("dev", { providerMode: "offline-plan" });
  test("uses skip flags and no credentials in the JSON (the harness supplies dummy keys), no assume-role and no account pin, and a local backend", () => {
    for (const p of json["dev-network"].provider.aws) {
      expect(p.access_key).toBeUndefined();
      expect(p.secret_key).toBeUndefined();
      expect(p).toMatchObject({
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: "true",
      });
      expect(p.assume_role).toBeUndefined();
      expect(p.allowed_account_ids).toBeUndefined();
    }
    expect(json["dev-network"].terraform.backend).toEqual({
      local: { path: "../../../terraform-state/offline/dev-network.tfstate" },
    });
  });
});

describe("backends", () => {
  function backendOf(backend: any): any {
    const app = Testing.app();
    const stack = new TerraformStack(app, "dev-network");
    configureBackend(stack, { ...dev, backend }, "deploy");
    new ProviderRegistry(stack, dev, "deploy").forAccount("network", "us-east-1");
    return JSON.parse(Testing.synth(stack)).terraform;
  }

  test("HCP Terraform: one named workspace per stack in the configured project", () => {
    const tf = backendOf({
      type: "cloud",
      organization: "acme",
      project: "platform",
      hostname: "app.terraform.io",
    });
    expect(tf.cloud).toEqual({
      hostname: "app.terraform.io",
      organization: "acme",
      workspaces: { name: "dev-network", project: "platform" },
    });
  });

  test("S3: encrypted, keyed by stack id, S3-native lock file, state role of the named account", () => {
    const tf = backendOf({
      type: "s3",
      bucket: "acme-tf-state",
      region: "us-east-1",
      keyPrefix: "platform",
      account: "network",
    });
    expect(tf.backend.s3).toEqual({
      bucket: "acme-tf-state",
      key: "platform/dev-network.tfstate",
      region: "us-east-1",
      encrypt: true,
      use_lockfile: true,
      assume_role: {
        role_arn: "arn:aws:iam::100000000001:role/TerraformDeploy",
        session_name: "cdktf-state-dev-network",
      },
    });
  });

  test("offline-plan mode overrides any backend with a local one", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "dev-network");
    configureBackend(
      stack,
      { ...dev, backend: { type: "cloud", organization: "acme", hostname: "app.terraform.io" } },
      "offline-plan",
    );
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    expect(JSON.parse(Testing.synth(stack)).terraform.backend.local.path).toBe(
      "../../../terraform-state/offline/dev-network.tfstate",
    );
  });
});

describe("stack layout", () => {
  test.each(REGISTERED)("%s: stack ids are <env>-<component>", (name) => {
    const { json } = synthEnvironment(name);
    for (const id of Object.keys(json))
      expect(id).toMatch(new RegExp(`^${name}-(network|identity|ingest|bigquery|analytics|ml)$`));
    expect(Object.keys(json)).toContain(`${name}-network`);
  });

  test("the registry rejects an account the environment does not define", () => {
    const app = new App();
    const stack = new TerraformStack(app, "x");
    expect(() => new ProviderRegistry(stack, dev, "deploy").forAccount("nope", "us-east-1")).toThrow(
      /no account "nope" in environment dev/,
    );
  });
});
