/**
 * The public API report of the modules package: one `modules/api/<subpath>.api.md` per export subpath,
 * written by API Extractor from the compiled declarations (modules/dist, `npm run build`).
 *
 *   npm run api:report              build, then rewrite the reports (commit them with the change)
 *   npm run api:report -- --check   build, then fail if a report differs (what the package test does)
 *
 * A change to the public surface therefore shows up in review as a diff of these files, and a change that
 * forgets them fails the suite.
 */
import {
  Extractor,
  ExtractorConfig,
  ExtractorLogLevel,
  ExtractorMessage,
  IConfigFile,
} from "@microsoft/api-extractor";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const MODULES_DIR = path.join(__dirname, "..", "modules");
export const API_DIR = path.join(MODULES_DIR, "api");

/** The package's export subpaths with a compiled entry point (`./vpc` → `vpc`), from its exports map. */
export function exportSubpaths(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(MODULES_DIR, "package.json"), "utf8")) as {
    exports: Record<string, unknown>;
  };
  return Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === "object")
    .map(([subpath]) => subpath.replace(/^\.\//, ""))
    .sort();
}

export interface ApiReportResult {
  readonly subpath: string;
  /** The committed report differs from the current surface (in --check mode: the failure). */
  readonly changed: boolean;
  /** API Extractor errors and warnings (e.g. an exported name whose type is not exported). */
  readonly messages: readonly string[];
}

/** Runs API Extractor on every subpath; `update` rewrites the committed reports, otherwise they are compared. */
export function apiReports(update: boolean): ApiReportResult[] {
  const dist = path.join(MODULES_DIR, "dist");
  if (!fs.existsSync(dist)) throw new Error("modules/dist does not exist: run `npm run build` first");
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), "api-report-"));
  fs.mkdirSync(API_DIR, { recursive: true });
  try {
    return exportSubpaths().map((subpath) => {
      const configObject: IConfigFile = {
        projectFolder: MODULES_DIR,
        mainEntryPointFilePath: path.join(dist, subpath, "index.d.ts"),
        // Analysis only: how the declarations resolve their imports (cdktf, constructs, provider packages).
        compiler: {
          overrideTsconfig: {
            compilerOptions: {
              target: "ES2022",
              module: "node16",
              moduleResolution: "node16",
              lib: ["ES2022"],
              types: ["node"],
              strict: true,
              skipLibCheck: true,
            },
            include: [path.join(dist, "**", "*.d.ts")],
          },
        },
        apiReport: {
          enabled: true,
          reportFileName: `${subpath}.api.md`,
          reportFolder: API_DIR,
          reportTempFolder: temp,
        },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          // TSDoc style is not part of the contract; the names and types are.
          tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
          extractorMessageReporting: {
            default: { logLevel: ExtractorLogLevel.Warning, addToApiReportFile: true },
            // Names reachable only through another subpath (e.g. core's types used by every module).
            "ae-forgotten-export": { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
            "ae-missing-release-tag": { logLevel: ExtractorLogLevel.None },
            // {@link} targets in doc comments: documentation, not surface.
            "ae-unresolved-link": { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
          },
        },
      };
      const config = ExtractorConfig.prepare({
        configObject,
        configObjectFullPath: undefined,
        packageJsonFullPath: path.join(MODULES_DIR, "package.json"),
      });
      const messages: string[] = [];
      const result = Extractor.invoke(config, {
        localBuild: update,
        messageCallback: (m: ExtractorMessage) => {
          // Reported through the result instead of the console.
          if (m.logLevel === ExtractorLogLevel.Error || m.logLevel === ExtractorLogLevel.Warning) {
            if (!String(m.messageId).startsWith("console-api-report-"))
              messages.push(m.formatMessageWithoutLocation());
          }
          m.handled = true;
        },
      });
      return { subpath, changed: result.apiReportChanged, messages };
    });
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const check = process.argv.includes("--check");
  const results = apiReports(!check);
  let failed = false;
  for (const r of results) {
    for (const m of r.messages) console.error(`${r.subpath}: ${m}`);
    if (r.changed && check) {
      failed = true;
      console.error(
        `${r.subpath}: the public API differs from modules/api/${r.subpath}.api.md; run \`npm run api:report\` and commit the report`,
      );
    }
    failed ||= r.messages.length > 0;
  }
  console.log(
    `${check ? "checked" : "wrote"} ${results.length} API reports in modules/api/${failed ? " (with problems above)" : ""}`,
  );
  process.exit(failed ? 1 : 0);
}
