/**
 * Topology diagrams, per environment an overview (<env>.overview.mmd/.svg) and the detailed view (<env>.mmd/.svg):
 * each .mmd must equal what the config generates today, and each .svg must have been rendered from that source
 * (it carries the source's hash). Regenerate with `npm run diagrams`.
 * Rendering itself is not done here (beautiful-mermaid is ESM-only): the hash ties the SVG to the source.
 */
import * as fs from "fs";
import { knownEnvironments } from "../../scripts/ux-environment";
import {
  generateSources,
  mmdPath,
  OVERVIEW_MAX_WIDTH,
  staleness,
  svgPath,
  VIEW_NAMES,
} from "../../scripts/diagrams";
import { mermaidOf } from "../../scripts/ux-diagram";
import { overviewOf } from "../../scripts/ux-overview";
import { finalizeSvg, nodeAncestors, recordedHash, sourceHash, svgWidth } from "../../scripts/ux-svg";
import { loadEnvironments } from "../../config";

const sources = generateSources();

/** The account and region subgraphs a VPC or TGW is drawn in (both views). */
const placement = (x: { account: string; region: string }) => [
  `acct__${x.account}`,
  `region__${x.account}__${x.region.replace(/-/g, "_")}`,
];

const EVERY = knownEnvironments().flatMap((env) => VIEW_NAMES.map((view) => [env, view] as const));

describe("committed diagrams are current (regenerate with `npm run diagrams`)", () => {
  test.each(EVERY)("%s %s: the .mmd and .svg are current", (env, view) => {
    expect(staleness(env, sources[env][view], view)).toBeUndefined();
    expect(fs.readFileSync(mmdPath(env, view), "utf8")).toBe(sources[env][view]);
    const svg = fs.readFileSync(svgPath(env, view), "utf8");
    expect(recordedHash(svg)).toBe(sourceHash(sources[env][view]));
    // Self-contained: no web font import, no unresolved CSS variables.
    expect(svg).not.toMatch(/@import|fonts\.googleapis|var\(--|color-mix/);
  });

  test.each(knownEnvironments())("%s: the overview fits 1400 px wide at its natural size", (env) => {
    const width = svgWidth(fs.readFileSync(svgPath(env, "overview"), "utf8"));
    expect(width).toBeLessThanOrEqual(OVERVIEW_MAX_WIDTH);
    expect(OVERVIEW_MAX_WIDTH).toBe(1400);
  });
});

describe("staleness detection", () => {
  test("a config change makes the committed .mmd stale", () => {
    const [dev] = loadEnvironments(["dev"]);
    const changed = mermaidOf({
      ...dev,
      network: {
        ...dev.network,
        vpcs: { ...dev.network.vpcs, extra: { ...dev.network.vpcs.ml, cidr: "10.99.0.0/16" } },
      },
    });
    expect(staleness("dev", changed)).toBe("docs/diagrams/dev.mmd differs from the config");
    expect(staleness("dev", overviewOf({ ...dev, name: "dev", intents: {} }), "overview")).toBe(
      "docs/diagrams/dev.overview.mmd differs from the config",
    );
  });

  test("an SVG rendered from another source is stale", () => {
    const svg = finalizeSvg(
      '<svg xmlns="http://www.w3.org/2000/svg" style="--bg:#FFFFFF;--fg:#27272A"></svg>',
      "old",
    );
    expect(recordedHash(svg)).toBe(sourceHash("old"));
    expect(recordedHash(svg)).not.toBe(sourceHash(sources.dev.detailed));
  });
});

describe("diagram source", () => {
  const [dev] = loadEnvironments(["dev"]);
  const mmd = sources.dev.detailed;

  test("is deterministic", () => {
    expect(mermaidOf(dev)).toBe(mmd);
  });

  test("nests accounts → regions → VPCs and shows every VPC CIDR", () => {
    const ancestors = nodeAncestors(mmd);
    for (const [name, vpc] of Object.entries(dev.network.vpcs)) {
      const id = `vpc__${name.replace(/-/g, "_")}`;
      expect(ancestors.get(id)).toEqual([...placement(vpc), `vpcg__${name}`]);
      expect(mmd).toContain(`${id}["${vpc.cidr}<br/>`);
    }
  });

  test("draws peerings (scope, DNS), TGW attachments and peerings, and the data flows", () => {
    expect(mmd).toContain(
      'vpc__ml <-->|"peering ml-warehouse<br/>cross-account · same region<br/>DNS both sides"| vpc__warehouse',
    );
    for (const [tgw, cfg] of Object.entries(dev.network.transitGateways))
      for (const vpc of Object.keys(cfg.attachments))
        expect(mmd).toMatch(
          new RegExp(`vpc__${vpc} -\\.-\\|"attachment[^"]*"\\| tgw__${tgw.replace(/-/g, "_")}`),
        );
    expect(mmd).toMatch(
      /tgw__hub_east <==>\|"TGW peering east-west<br\/>same account · cross-region"\| tgw__hub_west/,
    );
    expect(mmd).toMatch(/bq ==>.*\| appflow/);
    expect(mmd).toMatch(/appflow ==>.*\| s3_results/);
    expect(mmd).toMatch(/glue__warehouse ==>\|"JDBC via NAT EIPs<br\/>allow-listed \/32"\| store__warehouse/);
    expect(mmd).toContain("emr__trino{{");
  });
});

describe("overview source", () => {
  const [dev] = loadEnvironments(["dev"]);
  const mmd = sources.dev.overview;

  test("is deterministic, top to bottom, accounts → regions → VPCs and TGWs", () => {
    expect(overviewOf(dev)).toBe(mmd);
    expect(mmd).toContain("\nflowchart TB\n");
    const ancestors = nodeAncestors(mmd);
    for (const [name, vpc] of Object.entries(dev.network.vpcs)) {
      const id = `vpc__${name.replace(/-/g, "_")}`;
      expect(ancestors.get(id)).toEqual(placement(vpc));
      expect(mmd).toContain(`${id}["VPC ${name}<br/>${vpc.cidr} · ${vpc.azs.length} AZs`);
    }
    for (const [name, tgw] of Object.entries(dev.network.transitGateways))
      expect(ancestors.get(`tgw__${name.replace(/-/g, "_")}`)).toEqual(placement(tgw));
  });

  test("draws every connection: peerings, TGW attachments, TGW peerings", () => {
    expect(mmd).toContain('vpc__ml <-->|"peering<br/>ml-warehouse"| vpc__warehouse');
    for (const [tgw, cfg] of Object.entries(dev.network.transitGateways))
      for (const vpc of Object.keys(cfg.attachments))
        expect(mmd).toContain(`vpc__${vpc} --- tgw__${tgw.replace(/-/g, "_")}`);
    expect(mmd).toContain('tgw__hub_east <==>|"TGW peering<br/>east-west"| tgw__hub_west');
  });

  test("draws networks we do not own outside the accounts, with their connections and intents", () => {
    expect(mmd).toContain(
      'ext__orchestrator>"partner network orchestrator<br/>account 555566667777<br/>10.200.0.0/16"]',
    );
    expect(nodeAncestors(mmd).get("ext__orchestrator")).toEqual([]);
    expect(mmd).toContain('vpc__warehouse <-->|"peering<br/>orchestrator-warehouse"| ext__orchestrator');
    expect(mmd).toContain('ext__orchestrator -.->|"orchestrator-warehouse<br/>5439"| vpc__warehouse');
    const prod = sources.prod.overview;
    expect(prod).toContain('tgw__hub_east <==>|"TGW peering<br/>orchestrator"| ext__orchestrator');
  });

  test("draws every intent: between VPCs as a pink arrow with its ports, to an endpoint on the VPC's node", () => {
    expect(mmd).toContain('vpc__ml -.->|"ml-warehouse<br/>5439"| vpc__warehouse');
    expect(mmd).toContain('vpc__ingest -.->|"glue-datastore<br/>5439 via internet"| vpc__datastore');
    expect(mmd).toContain('vpc__shared -.->|"operators-trino-ui<br/>8888-8889"| vpc__analytics');
    expect(mmd).toMatch(/vpc__ml\["VPC ml<br\/>[^"]*<br\/>ml-sts: sts endpoint 443(<br\/>[^"]*)?"\]/);
    for (const name of Object.keys(dev.intents ?? {})) expect(mmd).toContain(name);
    const arrows = mmd.split("\n").filter((l) => l.includes(" -.->|"));
    const styled = /linkStyle ([\d,]+) stroke:#db2777/.exec(mmd)![1].split(",").map(Number);
    const edgeLines = mmd.split("\n").filter((l) => /^\s+\w+ (<-->|---|<==>|-\.->)/.test(l));
    expect(styled.map((i) => edgeLines[i])).toEqual(arrows);
  });

  test("an environment without intents or TGWs still gets an overview (no empty linkStyle)", () => {
    const bare = { ...dev, intents: {}, network: { ...dev.network, transitGateways: {}, tgwPeerings: {} } };
    const text = overviewOf(bare);
    expect(text).not.toContain("linkStyle");
    expect(text).not.toContain("tgw__");
  });
});
