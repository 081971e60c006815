/** `npm run describe -- <env>` (tables) and `npm run -s describe -- <env> --json`: the summary of an environment. */
import { spawnSync } from "child_process";
import * as path from "path";
import { loadEnvironments } from "../../config";
import { describeEnvironment, EnvironmentSummary, renderSummary } from "../../scripts/describe";
import {
  genericDescriber,
  registerSectionDescriber,
  SECTION_DESCRIBERS,
} from "../../scripts/ux-describe-sections";
import { synthEnvironment, resourcesOf } from "../helpers/synth";
import { REGISTERED, unregisteredName } from "../helpers/environments";
import { runScript } from "./run-script";

process.env.PROGRESS = "0";
const [dev] = loadEnvironments(["dev"]);
let summary: EnvironmentSummary;
let text: string;

beforeAll(() => {
  summary = describeEnvironment("dev");
  text = renderSummary(summary);
}, 120_000);

describe("describe dev (tables)", () => {
  test("lists every VPC with its CIDR, AZs, NAT mode and subnet CIDRs", () => {
    for (const [name, vpc] of Object.entries(dev.network.vpcs)) {
      const row = text.split("\n").find((l) => l.startsWith(`${name} `) && l.includes(vpc.cidr));
      expect({ name, row }).toEqual({ name, row: expect.stringContaining(vpc.azs.join(", ")) });
      expect(row).toContain(vpc.natGateways);
      for (const cidr of Object.values(vpc.subnets).flatMap((byAz) => Object.values(byAz)))
        expect(row).toContain(cidr);
    }
  });

  test("lists accounts with ids, peerings, transit gateways, TGW peerings and endpoints", () => {
    for (const [name, a] of Object.entries(dev.accounts))
      expect(text).toMatch(new RegExp(`^${name} +${a.id} `, "m"));
    for (const name of Object.keys(dev.network.peerings)) expect(text).toMatch(new RegExp(`^${name} `, "m"));
    expect(text).toMatch(/^ml-warehouse +ml +warehouse +cross-account, same region +both /m);
    for (const [name, tgw] of Object.entries(dev.network.transitGateways))
      expect(text).toMatch(new RegExp(`^${name} +${tgw.account} +${tgw.region} +${tgw.amazonSideAsn} `, "m"));
    for (const name of Object.keys(dev.network.tgwPeerings))
      expect(text).toMatch(new RegExp(`^${name} `, "m"));
    expect(text).toMatch(/^ml +s3 +sts, ecr-api, ecr-dkr/m);
    expect(text).toContain("VPC ENDPOINTS");
  });

  test("stack resource counts equal the synthesized resources", () => {
    const synth = synthEnvironment("dev");
    for (const [id, json] of Object.entries(synth.json)) {
      const n = resourcesOf(json).length;
      expect(summary.stacks.find((s) => s.id === id)?.resources).toBe(n);
      expect(text).toMatch(new RegExp(`^${id} +${n} `, "m"));
    }
    expect(summary.totals.resources).toBe(summary.stacks.reduce((n, s) => n + s.resources, 0));
  }, 120_000);

  test("shows networks we do not own, partner peerings, private zones and Resolver rules", () => {
    expect(text).toMatch(/^EXTERNAL NETWORKS \(not ours\)$/m);
    expect(text).toMatch(
      /^orchestrator +555566667777 +us-east-1 +vpc-0f1e2d3c4b5a69788 +- +10\.200\.0\.0\/16/m,
    );
    expect(text).toMatch(
      /^orchestrator-warehouse +orchestrator +warehouse +accepter +pcx-0a1b2c3d4e5f60718 +private +on$/m,
    );
    expect(text).toMatch(/^warehouse +warehouse\.internal +data +warehouse, ml, shared +orchestrator$/m);
    expect(text).toMatch(
      /^hub-east +shared\/private: inbound 10\.0\.16\.10, 10\.0\.32\.10, outbound +warehouse-internal +warehouse\.internal +inbound +analytics/m,
    );
  });

  test("shows DNS intents with the answer's path, and the Studio → Redshift role chain", () => {
    expect(text).toContain("== dnsIntents: DNS intents (verified before synth, hop by hop) ==");
    expect(text).toMatch(
      /^analytics-warehouse: analytics\/private resolves cluster\.warehouse\.internal — verified$/m,
    );
    expect(text).toContain(
      "Resolver rule warehouse-internal (warehouse.internal, shared by account network) associated with analytics",
    );
    expect(text).toContain("== ml: SageMaker Studio → Redshift as the user ==");
    expect(text).toContain("→ redshift:GetClusterCredentials on dbuser:dev-warehouse/${aws:SourceIdentity}");
  });

  test("shows every component section the environment declares", () => {
    for (const key of ["identity", "ingest", "bigquery", "analytics"].filter((k) => k in dev))
      expect(text).toContain(`== ${key}: ${SECTION_DESCRIBERS[key].title} ==`);
    expect(text).toContain("dev-trino");
    for (const flow of Object.keys(dev.ingest?.appflow?.flows ?? {}))
      expect(text).toMatch(new RegExp(`^${flow} `, "m"));
  });
});

describe("describe --json", () => {
  test("has a fixed top-level shape and key order, and is deterministic", () => {
    expect(Object.keys(summary)).toEqual([
      "environment",
      "stage",
      "backend",
      "totals",
      "stacks",
      "resourceTypes",
      "accounts",
      "vpcs",
      "connections",
      "sections",
    ]);
    expect(Object.keys(summary.connections)).toEqual([
      "peerings",
      "transitGateways",
      "tgwPeerings",
      "externalNetworks",
      "externalPeerings",
      "privateZones",
      "resolvers",
      "endpoints",
    ]);
    expect(Object.keys(summary.stacks[0])).toEqual([
      "id",
      "component",
      "resources",
      "providers",
      "dependsOn",
      "crossStackInputs",
      "topResourceTypes",
    ]);
    expect(summary.stacks.find((s) => s.id === "dev-network")).toMatchObject({
      dependsOn: [],
      crossStackInputs: false,
    });
    expect(summary.stacks.find((s) => s.id === "dev-analytics")).toMatchObject({
      dependsOn: ["dev-network"],
      crossStackInputs: true,
    });
    expect(summary.vpcs.map((v) => [v.name, v.cidr])).toEqual(
      Object.entries(dev.network.vpcs).map(([n, v]) => [n, v.cidr]),
    );
    expect(JSON.stringify(describeEnvironment("dev"))).toBe(JSON.stringify(summary));
  }, 120_000);

  test("the CLI prints only JSON on stdout (progress goes to stderr)", async () => {
    const r = await runScript("describe.ts", ["dev", "--json"], { PROGRESS: "1" });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(summary)));
    expect(r.stderr).toContain("building environment dev in memory");
  }, 120_000);

  test("the README's machine form, `npm run -s describe -- dev --json`, prints JSON alone on stdout", () => {
    const r = spawnSync("npm", ["run", "-s", "describe", "--", "dev", "--json"], {
      cwd: path.join(__dirname, "../.."),
      env: { ...process.env, PROGRESS: "0" },
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(summary)));
  }, 120_000);

  test("an unknown environment exits 2 with the known list", async () => {
    const unknown = unregisteredName();
    const r = await runScript("describe.ts", [unknown]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`unknown environment "${unknown}"; known: ${REGISTERED.join(", ")}`);
  }, 120_000);
});

describe("section describers", () => {
  test("a section without a describer is shown generically; intents use the registered describer", () => {
    const saved = SECTION_DESCRIBERS.intents;
    try {
      registerSectionDescriber("intents", {
        title: "reachability intents",
        summarize: (s: Record<string, { from: string; to: string }>) =>
          Object.entries(s).map(([k, v]) => `${k}: ${v.from} -> ${v.to}`),
        render: (lines: string[]) => lines,
      });
      const fake = {
        ...summary,
        sections: {
          intents: SECTION_DESCRIBERS.intents.summarize(
            { "ml-to-warehouse": { from: "ml", to: "warehouse" } },
            dev,
          ),
          other: genericDescriber.summarize({ a: 1, b: { x: 1, y: 2 } }, dev),
        },
      };
      const out = renderSummary(fake as EnvironmentSummary);
      expect(out).toContain("== intents: reachability intents ==\nml-to-warehouse: ml -> warehouse");
      expect(out).toMatch(/== other ==\nKEY +VALUE/);
      expect(out).toMatch(/^b +2 entries: x, y$/m);
    } finally {
      registerSectionDescriber("intents", saved);
    }
  });
});
