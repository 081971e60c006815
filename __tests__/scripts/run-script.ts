/**
 * Runs a project script the way `npm run <name>` does (node + the tsx loader), as a child process: the
 * scripts are CLIs (exit codes, stdout vs stderr), and beautiful-mermaid is ESM-only, which jest's CJS module
 * system cannot load.
 */
import { execFile } from "child_process";
import * as path from "path";
import { pathToFileURL } from "url";
import { appCommand } from "../helpers/app-command";

const ROOT = path.join(__dirname, "..", "..");
const TSX = pathToFileURL(require.resolve("tsx", { paths: [ROOT] })).href;
/** The export conditions of the app command (cdktf.json), which the npm scripts pass to tsx as well. */
const SOURCE_CONDITIONS = appCommand().filter((x) => x.startsWith("--conditions="));

export interface ScriptResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runScript(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 5 * 60 * 1000,
): Promise<ScriptResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...SOURCE_CONDITIONS, "--import", TSX, path.join(ROOT, "scripts", script), ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
