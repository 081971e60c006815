/**
 * `npm run new-env -- <name> --from <env> [--stage dev|staging|prod] [--accounts role=id,…]`: scaffolds an
 * environment from a registered one. Writes config/environments/<name>.ts (the source's file with its params
 * replaced: name, stage, accounts, a free CIDR plan, free TGW ASNs, a fresh partner external id), registers it
 * in config/environments/index.ts, and writes its golden summary and diagrams, so `npm test` passes at once.
 * Everything is validated before it is kept: on any failure the files written so far are removed again and
 * nothing changes.
 */
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { EnvironmentConfig, EnvironmentInput, environmentFile, loadEnvironments } from "../config";
import { ENVIRONMENTS } from "../config/environments";
import { ACCOUNT_ROLES, EnvParams } from "../config/environments/blueprint";
import { name as nameSchema } from "../config/schema/common";
import { environmentSchema } from "../config/schema";
import {
  parseAccounts,
  proposeAccounts,
  proposeAsns,
  proposeCidrPlan,
  registerInIndex,
  renderEnvironmentFile,
  ScaffoldError,
  usedBy,
} from "./new-env-plan";
import { NOT_DEPLOYED } from "@multicloud-platform/modules/trino-emr";
import { diagramFiles } from "./diagrams";
import { knownEnvironments, PROJECT_ROOT, Refusal, runMain } from "./ux-environment";
import { progress } from "./ux-progress";

const USAGE =
  "npm run new-env -- <name> --from <env> [--stage dev|staging|prod] [--accounts network=<12 digits>,data=…]";
/** Names that would shadow a file of config/environments/ that is not an environment. */
const RESERVED = ["index", "blueprint"];

interface Args {
  readonly name: string;
  readonly from: string;
  readonly stage?: string;
  readonly accounts?: string;
}

export function parseArgs(argv: readonly string[]): Args {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) positional.push(a);
    else if (["--from", "--stage", "--accounts"].includes(a) && argv[i + 1] !== undefined)
      flags[a] = argv[++i];
    else throw new Refusal(`unknown or incomplete option ${a}\nusage: ${USAGE}`);
  }
  const known = knownEnvironments();
  const [name] = positional;
  if (positional.length !== 1 || !flags["--from"])
    throw new Refusal(`usage: ${USAGE}\nregistered environments (for --from): ${known.join(", ")}`);
  if (!nameSchema.safeParse(name).success || RESERVED.includes(name))
    throw new Refusal(
      `"${name}" cannot name an environment: use lowercase letters, digits and hyphens, starting with a letter ` +
        `(not ${RESERVED.join(" or ")})`,
    );
  if (known.includes(name)) throw new Refusal(`${name} is already registered (${environmentFile(name)})`);
  if (!known.includes(flags["--from"]))
    throw new Refusal(
      `--from ${flags["--from"]}: not a registered environment; registered: ${known.join(", ")}`,
    );
  const stages = environmentSchema.shape.stage.options as readonly string[];
  if (flags["--stage"] && !stages.includes(flags["--stage"]))
    throw new Refusal(`--stage ${flags["--stage"]}: a stage is one of ${stages.join(", ")}`);
  return { name, from: flags["--from"], stage: flags["--stage"], accounts: flags["--accounts"] };
}

/** Files the scaffold writes, relative to the project root. */
export function scaffoldFiles(name: string): string[] {
  return [environmentFile(name), `__tests__/golden/${name}.txt`, ...diagramFiles(name)];
}

/**
 * The partner requests the source accepts (config paths): a peering request or a TGW attachment names one VPC or
 * transit gateway of the source's accounts, so a copy cannot accept it; the header says to replace them.
 */
export function partnerRequests(cfg: EnvironmentConfig): string[] {
  const peerings = Object.entries(cfg.network.externalPeerings)
    .filter(([, x]) => x.peeringConnectionId !== undefined)
    .map(([n]) => `network.externalPeerings.${n}.peeringConnectionId`);
  const attachments = Object.entries(cfg.network.transitGateways).flatMap(([tgw, t]) =>
    Object.keys(t.externalAttachments).map(
      (n) => `network.transitGateways.${tgw}.externalAttachments.${n}.attachmentId`,
    ),
  );
  return [...peerings, ...attachments];
}

function header(
  a: Args,
  source: EnvParams,
  target: EnvParams,
  placeholderRoles: readonly string[],
  requests: readonly string[],
): string {
  const command = `npm run new-env -- ${a.name} --from ${a.from}${a.stage ? ` --stage ${a.stage}` : ""}`;
  return [
    "/**",
    ` * ${a.name}: scaffolded by \`${command}\` (stage ${target.stage}), with a CIDR plan and TGW ASNs that no`,
    " * other registered environment uses. Before the first deploy, replace:",
    ...(placeholderRoles.length
      ? [
          ` * - accounts (${placeholderRoles.join(", ")}): placeholders, distinct from every registered environment's,`,
          " *   with your organization's accounts;",
        ]
      : []),
    ` * - existing: ${source.name}'s ids of resources outside this repository, with ${a.name}'s own; and add`,
    ` *   bigqueryProjectNumber (${a.name}'s Google project number, not copied from ${source.name}: until it is set,`,
    " *   BigQuery's service agent gets no grant on the dataset's KMS key and the key's owner must grant it);",
    ` * - identity.workloadCa: ${source.name}'s workload CA, with ${a.name}'s own (public certificate in config/certs/);`,
    ...(requests.length
      ? [
          ` * - the partner requests ${source.name} accepts (${requests.join(", ")}):`,
          ` *   each names a VPC or transit gateway of ${source.name}'s accounts, so the apply cannot accept it here; ask`,
          ` *   the partner for ${a.name}'s own requests, or remove the partner sections.`,
        ]
      : []),
    ...(target.analytics.deployedFingerprint === NOT_DEPLOYED
      ? [
          ` * After the first apply, set analytics.deployedFingerprint (now "${NOT_DEPLOYED}") to the fingerprint synth prints:`,
          " * the cluster is termination-protected, and synth then refuses changes that would replace it.",
        ]
      : []),
    " */",
  ].join("\n");
}

function withoutProjectNumber(existing: EnvParams["existing"]): EnvParams["existing"] {
  const rest = { ...existing };
  delete rest.bigqueryProjectNumber;
  return rest;
}

/** Runs an npm script of this project; returns its output, throwing with it on failure. */
function npmRun(args: readonly string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync("npm", ["run", "-s", ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PROGRESS: "0", ...env },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new ScaffoldError(`npm run ${args.join(" ")} failed:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

export async function main(argv: readonly string[]): Promise<number> {
  const a = parseArgs(argv);
  const registered = loadEnvironments(knownEnvironments());
  const used = usedBy(registered);
  const sourcePath = path.join(PROJECT_ROOT, environmentFile(a.from));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the source environment's params, at run time
  const source = (require(sourcePath) as { params?: EnvParams }).params;
  if (!source)
    throw new ScaffoldError(
      `${environmentFile(a.from)} exports no params: only environments built from the blueprint can be copied`,
    );
  const placeholders = proposeAccounts(used.accountIds);
  const copy: EnvParams = {
    ...source,
    name: a.name,
    stage: (a.stage as EnvParams["stage"] | undefined) ?? source.stage,
    accounts: a.accounts ? parseAccounts(a.accounts, placeholders) : placeholders,
    cidrs: proposeCidrPlan(used.cidrs),
    tgwAsns: proposeAsns(used.asns),
    // A fresh random part: the external id must differ per environment (confused-deputy protection).
    identity: { ...source.identity, partnerExternalIdUuid: crypto.randomUUID() },
    // Not copied: the source's number would grant the source project's BigQuery service agent use of the new
    // environment's CMEK key (the header says to set the new project's own number).
    existing: withoutProjectNumber(source.existing),
  };
  // Nothing is deployed in a new environment: outside dev (termination protection on, stacks/analytics-stack.ts)
  // it says so, and synth prints the fingerprint to record after the first apply; dev records nothing.
  const analyticsRest = { ...source.analytics };
  delete (analyticsRest as { deployedFingerprint?: string }).deployedFingerprint;
  const target: EnvParams = {
    ...copy,
    analytics: { ...analyticsRest, ...(copy.stage !== "dev" ? { deployedFingerprint: NOT_DEPLOYED } : {}) },
  };
  const envPath = path.join(PROJECT_ROOT, environmentFile(a.name));
  const indexPath = path.join(PROJECT_ROOT, "config", "environments", "index.ts");
  // Loaded here, not at the top: prettier's CommonJS entry starts a dynamic import that jest cannot run.
  const prettier = await import("prettier");
  const format = async (file: string, text: string) =>
    prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file });
  const envText = await format(
    envPath,
    renderEnvironmentFile(
      environmentFile(a.from),
      fs.readFileSync(sourcePath, "utf8"),
      source,
      target,
      header(
        a,
        source,
        target,
        ACCOUNT_ROLES.filter((r) => target.accounts[r] === placeholders[r]),
        partnerRequests(registered.find((e) => e.name === a.from)!),
      ),
    ),
  );
  const indexBefore = fs.readFileSync(indexPath, "utf8");
  const indexText = await format(indexPath, registerInIndex(indexBefore, a.name));

  const written = scaffoldFiles(a.name).map((f) => path.join(PROJECT_ROOT, f));
  if (written.some((f) => fs.existsSync(f)))
    throw new Refusal(
      `${written.filter((f) => fs.existsSync(f)).join(", ")} already exist(s): remove them first`,
    );
  const rollback = () => {
    for (const f of written) fs.rmSync(f, { force: true });
    fs.writeFileSync(indexPath, indexBefore);
  };
  try {
    fs.writeFileSync(envPath, envText);
    fs.writeFileSync(indexPath, indexText);
    // The new file, evaluated and validated like any environment, before anything is generated from it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the file just written, at run time
    const env = (require(envPath) as { default: EnvironmentInput }).default;
    // With every registered environment, so checks across environments see the new one too.
    loadEnvironments([...knownEnvironments(), a.name], { ...ENVIRONMENTS, [a.name]: env });
    progress("new-env", `${environmentFile(a.name)} validates; writing its golden summary and diagrams`);
    npmRun(["golden"], { ENVIRONMENTS: a.name });
    npmRun(["diagrams", "--", a.name]);
  } catch (e) {
    rollback();
    process.stderr.write(
      `new-env: nothing written (${environmentFile(a.name)} removed, index.ts restored):\n`,
    );
    throw e;
  }
  const rel = (f: string) => path.relative(PROJECT_ROOT, f);
  process.stdout.write(
    [
      `created environment ${a.name} (stage ${target.stage}) from ${a.from}:`,
      ...written.map((f) => `  wrote ${rel(f)}`),
      `  registered it in ${rel(indexPath)}`,
      `  CIDR plan: ${Object.entries(target.cidrs)
        .map(([v, c]) => `${v} ${c}`)
        .join(", ")}`,
      `  accounts: ${Object.entries(target.accounts)
        .map(([r, id]) => `${r} ${id}`)
        .join(", ")}`,
      `  TGW ASNs: ${target.tgwAsns.east}, ${target.tgwAsns.west}`,
      `next: replace what the header of ${environmentFile(a.name)} lists, then ENVIRONMENTS=${a.name} npm run synth ` +
        "and npm test",
      "",
    ].join("\n"),
  );
  return 0;
}

if (require.main === module)
  runMain(() =>
    main(process.argv.slice(2)).catch((e: unknown) => {
      throw e instanceof ScaffoldError ? new Refusal(e.message) : e;
    }),
  );
