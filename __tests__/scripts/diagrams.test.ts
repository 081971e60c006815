/**
 * Topology diagrams: docs/diagrams/<env>.mmd must equal what the config generates today, and <env>.svg must
 * have been rendered from that source (it carries the source's hash). Regenerate with `npm run diagrams`.
 * Rendering itself is not done here (beautiful-mermaid is ESM-only): the hash ties the SVG to the source.
 */
import * as fs from "fs";
import { knownEnvironments } from "../../scripts/ux-environment";
import { generateSources, mmdPath, staleness, svgPath } from "../../scripts/diagrams";
import { mermaidOf } from "../../scripts/ux-diagram";
import { finalizeSvg, nodeAncestors, recordedHash, sourceHash } from "../../scripts/ux-svg";
import { loadEnvironments } from "../../config";

const sources = generateSources();

describe("committed diagrams are current (regenerate with `npm run diagrams`)", () => {
  test.each(knownEnvironments())("%s: the .mmd and .svg are current", (env) => {
    expect(staleness(env, sources[env])).toBeUndefined();
    expect(fs.readFileSync(mmdPath(env), "utf8")).toBe(sources[env]);
    const svg = fs.readFileSync(svgPath(env), "utf8");
    expect(recordedHash(svg)).toBe(sourceHash(sources[env]));
    // Self-contained: no web font import, no unresolved CSS variables.
    expect(svg).not.toMatch(/@import|fonts\.googleapis|var\(--|color-mix/);
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
  });

  test("an SVG rendered from another source is stale", () => {
    const svg = finalizeSvg(
      '<svg xmlns="http://www.w3.org/2000/svg" style="--bg:#FFFFFF;--fg:#27272A"></svg>',
      "old",
    );
    expect(recordedHash(svg)).toBe(sourceHash("old"));
    expect(recordedHash(svg)).not.toBe(sourceHash(sources.dev));
  });
});

describe("diagram source", () => {
  const [dev] = loadEnvironments(["dev"]);
  const mmd = sources.dev;

  test("is deterministic", () => {
    expect(mermaidOf(dev)).toBe(mmd);
  });

  test("nests accounts → regions → VPCs and shows every VPC CIDR", () => {
    const ancestors = nodeAncestors(mmd);
    for (const [name, vpc] of Object.entries(dev.network.vpcs)) {
      const id = `vpc__${name.replace(/-/g, "_")}`;
      expect(ancestors.get(id)).toEqual([
        `acct__${vpc.account}`,
        `region__${vpc.account}__${vpc.region.replace(/-/g, "_")}`,
        `vpcg__${name}`,
      ]);
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
