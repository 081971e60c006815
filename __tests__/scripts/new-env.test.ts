/**
 * `npm run new-env`: the pure planning and text edits (scripts/new-env-plan.ts). The command itself runs end to
 * end in a scratch copy of the project in __tests__/terraform/new-env.test.ts (it synthesizes and validates).
 */
import * as fs from "fs";
import * as path from "path";
import { loadEnvironments } from "../../config";
import { overlaps, parseCidr } from "../../config/cidr";
import { EnvParams, VPC_NAMES } from "../../config/environments/blueprint";
import { params as devParams } from "../../config/environments/dev";
import { params as prodParams } from "../../config/environments/prod";
import { params as stagingParams } from "../../config/environments/staging";
import {
  declaredCidrs,
  literal,
  parseAccounts,
  proposeAccounts,
  proposeAsns,
  proposeCidrPlan,
  registerInIndex,
  renderEnvironmentFile,
  ScaffoldError,
  usedBy,
} from "../../scripts/new-env-plan";
import { parseArgs, partnerRequests } from "../../scripts/new-env";
import { REGISTERED, unregisteredName } from "../helpers/environments";

const ENV_DIR = path.join(__dirname, "../../config/environments");
const registered = loadEnvironments(REGISTERED);
/** What every registered environment uses (a team may have registered more than the samples). */
const used = usedBy(registered);
/** What the three samples alone use: exact proposals are asserted against these, not the registry. */
const SAMPLES = [devParams, stagingParams, prodParams];
const samplesUse = {
  cidrs: [...SAMPLES.flatMap((p) => Object.values(p.cidrs)), "10.255.0.0/16"],
  accountIds: SAMPLES.flatMap((p) => Object.values(p.accounts)),
  asns: SAMPLES.flatMap((p) => [p.tgwAsns.east, p.tgwAsns.west]),
};

describe("what a new environment gets", () => {
  test("the CIDRs in use: every VPC and every static/blackhole route of every registered environment", () => {
    const dev = registered.find((e) => e.name === "dev")!;
    const cidrs = declaredCidrs(dev);
    for (const vpc of Object.values(dev.network.vpcs)) expect(cidrs).toContain(vpc.cidr);
    expect(cidrs).toContain("10.255.0.0/16");
  });

  test("a CIDR plan, a /16 per VPC, that overlaps no CIDR of any registered environment", () => {
    const plan = proposeCidrPlan(used.cidrs);
    expect(Object.keys(plan)).toEqual([...VPC_NAMES]);
    for (const c of Object.values(plan))
      for (const u of used.cidrs)
        expect({ c, u, overlap: overlaps(parseCidr(c)!, parseCidr(u)!) }).toMatchObject({ overlap: false });
  });

  test("next to the samples: six consecutive /16s eight apart, 10.176-10.216 (dev 10.0-40, staging 10.64-104, prod 10.128-168)", () => {
    expect(Object.values(proposeCidrPlan(samplesUse.cidrs))).toEqual(
      [176, 184, 192, 200, 208, 216].map((o) => `10.${o}.0.0/16`),
    );
  });

  test("falls back to the first free /16s when no consecutive block is left, and fails when 10/8 is full", () => {
    // Every eighth /16 taken: no block of six eight apart, but 10.1-10.6 are free.
    const everyEighth = Array.from({ length: 32 }, (_, i) => `10.${8 * i}.0.0/16`);
    expect(Object.values(proposeCidrPlan(everyEighth))).toEqual(
      [1, 2, 3, 4, 5, 6].map((o) => `10.${o}.0.0/16`),
    );
    expect(() =>
      proposeCidrPlan([
        "10.0.0.0/9",
        "10.128.0.0/10",
        "10.192.0.0/11",
        "10.224.0.0/12",
        "10.240.0.0/13",
        "10.248.0.0/14",
        "10.252.0.0/15",
      ]),
    ).toThrow(ScaffoldError);
  });

  test("placeholder accounts in the samples' pattern, distinct from every registered id", () => {
    for (const id of Object.values(proposeAccounts(used.accountIds)))
      expect(used.accountIds).not.toContain(id);
    const next = Object.values(proposeAccounts(samplesUse.accountIds));
    expect(next).toEqual(["400000000001", "400000000002", "400000000003", "400000000004", "400000000005"]);
    expect(Object.values(proposeAccounts([...samplesUse.accountIds, "400000000003"]))[0]).toBe(
      "500000000001",
    );
  });

  test("--accounts sets the roles it names; the others keep their placeholders", () => {
    const placeholders = proposeAccounts(used.accountIds);
    expect(parseAccounts("network=123456789012, data=210987654321", placeholders)).toEqual({
      ...placeholders,
      network: "123456789012",
      data: "210987654321",
    });
  });

  test.each(["123456789012", "nettwork=123456789012", "network=12345", "network"])(
    "fails when --accounts is %s: roles and 12-digit ids are named in the message",
    (text) => {
      expect(() => parseAccounts(text, proposeAccounts([]))).toThrow(
        /give role=id pairs, roles network, data, ml, ingest, analytics, ids of 12 digits/,
      );
    },
  );

  test("TGW ASNs no registered transit gateway uses", () => {
    const { east, west } = proposeAsns(used.asns);
    expect(used.asns).not.toContain(east);
    expect(used.asns).not.toContain(west);
    expect(proposeAsns(samplesUse.asns)).toEqual({ east: 64542, west: 64543 });
    expect(proposeAsns([64512, 64523])).toEqual({ east: 64532, west: 64533 });
  });
});

describe("the files it writes", () => {
  const devText = fs.readFileSync(path.join(ENV_DIR, "dev.ts"), "utf8");
  const target: EnvParams = {
    ...devParams,
    name: "qa",
    accounts: proposeAccounts(used.accountIds),
    cidrs: proposeCidrPlan(used.cidrs),
    tgwAsns: { east: 64542, west: 64543 },
    identity: { ...devParams.identity, partnerExternalIdUuid: "00000000-0000-4000-8000-000000000000" },
  };
  const header = "/**\n * qa: scaffolded.\n */";

  test("the environment file is the source's with its params replaced, comments kept, header new", () => {
    const text = renderEnvironmentFile("config/environments/dev.ts", devText, devParams, target, header);
    expect(text).toContain(`${header}\nexport const params: EnvParams = {`);
    expect(text).toContain('name: "qa"');
    expect(text).toContain(literal(target.cidrs));
    expect(text).toContain(literal(target.accounts));
    expect(text).toContain('partnerExternalIdUuid: "00000000-0000-4000-8000-000000000000"');
    expect(text).not.toContain("dev: two AZs");
    // What the source says about its other params stays (it is still true of the copy).
    expect(text).toContain("// A forgotten dev cluster stops costing money after one idle hour.");
    expect(text).not.toMatch(/name: "dev"|100000000001|10\.8\.0\.0/);
    // Everything after the params (the blueprint and dev's own sections) is the source's, unchanged.
    const tail = devText.slice(devText.indexOf("\nconst base = baseEnvironment(params);"));
    expect(text.endsWith(tail)).toBe(true);
  });

  test('a copy never carries its source\'s deployed cluster fingerprint: "none" outside dev, nothing in dev', () => {
    const prodFile = path.join(ENV_DIR, "prod.ts");
    const prodText = fs.readFileSync(prodFile, "utf8");
    expect(prodParams.analytics.deployedFingerprint).toMatch(/^cluster:/);
    const none = {
      ...target,
      stage: "prod" as const,
      analytics: { ...prodParams.analytics, deployedFingerprint: "none" },
    };
    const fromProd = renderEnvironmentFile(prodFile, prodText, prodParams, none, header);
    expect(fromProd).toMatch(/\n\/\/ Nothing deployed yet[^\n]*\ndeployedFingerprint: "none",/);
    expect(fromProd).not.toContain(prodParams.analytics.deployedFingerprint!);
    // The source's comment described its deployed cluster, so it goes with the fingerprint.
    expect(fromProd).not.toContain("The deployed, termination-protected cluster");
    // From dev (no fingerprint) to a protected stage: added.
    const fromDev = renderEnvironmentFile("config/environments/dev.ts", devText, devParams, none, header);
    expect(fromDev).toMatch(
      /fisSelection: "ALL",\n\/\/ Nothing deployed yet[^\n]*\ndeployedFingerprint: "none",\n\s*\}/,
    );
    // From prod to dev: removed.
    const { deployedFingerprint: _, ...devAnalytics } = prodParams.analytics;
    void _;
    const toDev = renderEnvironmentFile(
      prodFile,
      prodText,
      prodParams,
      { ...target, analytics: devAnalytics },
      header,
    );
    expect(toDev).not.toContain("deployedFingerprint");
  });

  test("the header names the partner requests the source accepts (a copy cannot accept them)", () => {
    const [dev, staging, prod] = loadEnvironments(["dev", "staging", "prod"]);
    expect(partnerRequests(dev)).toEqual([
      "network.externalPeerings.orchestrator-warehouse.peeringConnectionId",
    ]);
    expect(partnerRequests(staging)).toEqual([]);
    expect(partnerRequests(prod)).toEqual([
      "network.transitGateways.hub-east.externalAttachments.orchestrator.attachmentId",
    ]);
  });

  test("every registered environment built from the blueprint can be copied", () => {
    for (const name of REGISTERED) {
      const file = path.join(ENV_DIR, `${name}.ts`);
      const source = require(file).params as EnvParams; // eslint-disable-line @typescript-eslint/no-require-imports
      const text = renderEnvironmentFile(
        file,
        fs.readFileSync(file, "utf8"),
        source,
        { ...source, ...target },
        header,
      );
      expect(text).toContain('name: "qa"');
    }
  });

  test("fails when the source writes its own name or account ids outside its params, naming the lines", () => {
    const leaky = devText.replace(
      "const base = baseEnvironment(params);",
      'const base = { ...baseEnvironment(params), tags: { Team: "dev-data", Acct: "100000000004" } };',
    );
    const line = leaky.split("\n").findIndex((l) => l.includes("dev-data")) + 1;
    expect(() =>
      renderEnvironmentFile("config/environments/dev.ts", leaky, devParams, target, header),
    ).toThrow(
      new RegExp(
        `writes its own name or account ids outside its params[\\s\\S]*line ${line}: "dev-data"[\\s\\S]*line ${line}: "100000000004"[\\s\\S]*Derive such values from params`,
      ),
    );
  });

  test("fails when the source is not built from the blueprint (no params)", () => {
    expect(() =>
      renderEnvironmentFile("config/environments/old.ts", "export default {};\n", devParams, target, header),
    ).toThrow(
      /has no `export const params: EnvParams = \{ … \}`: only an environment built from the blueprint/,
    );
  });

  test("registration: an import and an entry in ENVIRONMENTS (a hyphenated name keeps its key)", () => {
    const index = [
      'import dev from "./dev";',
      'import prod from "./prod";',
      "",
      "/** The registered environments. */",
      "export const ENVIRONMENTS: Readonly<Record<string, EnvironmentInput>> = { dev, prod };",
      "",
    ].join("\n");
    const once = registerInIndex(index, "qa");
    expect(once).toContain('import qa from "./qa";');
    expect(once).toMatch(/ENVIRONMENTS[^=]*= \{ [^}]*prod, qa \};/);
    const twice = registerInIndex(once, "qa-eu");
    expect(twice).toContain('import qaEu from "./qa-eu";');
    expect(twice).toContain('qa, "qa-eu": qaEu };');
  });
});

describe("its arguments", () => {
  test("a name, --from a registered environment, optional --stage and --accounts", () => {
    const name = unregisteredName("qa");
    expect(
      parseArgs([name, "--from", "prod", "--stage", "staging", "--accounts", "network=123456789012"]),
    ).toEqual({
      name,
      from: "prod",
      stage: "staging",
      accounts: "network=123456789012",
    });
  });

  test.each([
    [["Bad_Name", "--from", "dev"], /^"Bad_Name" cannot name an environment: use lowercase letters/],
    [["blueprint", "--from", "dev"], /^"blueprint" cannot name an environment/],
    [["index", "--from", "dev"], /^"index" cannot name an environment/],
    [["dev", "--from", "dev"], /^dev is already registered \(config\/environments\/dev\.ts\)$/],
    [["fresh", "--from", "nope-x"], /^--from nope-x: not a registered environment; registered: dev, /],
    [["fresh", "--from", "dev", "--stage", "test"], /^--stage test: a stage is one of dev, staging, prod$/],
    [["fresh", "--from", "dev", "--region", "x"], /^unknown or incomplete option --region\nusage: /],
    [["fresh", "--from"], /^unknown or incomplete option --from\nusage: /],
    [
      ["fresh"],
      /^usage: npm run new-env -- <name> --from <env>.*\nregistered environments \(for --from\): dev, /,
    ],
  ])("fails for %j, saying why", (args, message) => {
    expect(() => parseArgs(args)).toThrow(message);
  });
});
