import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");

/**
 * The app command of cdktf.json (what `cdktf synth` and `npm run synth` run) as [executable, ...args], with
 * `node` as this Node binary. `entry` replaces main.ts (e.g. a fixture app); project-relative paths become
 * absolute, so the command also runs from another working directory.
 */
export function appCommand(entry?: string): [string, ...string[]] {
  const app = (JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;
  const [cmd, ...args] = app.trim().split(/\s+/);
  const absolute = (x: string) => (x.startsWith("./") ? path.join(ROOT, x) : x);
  return [
    cmd === "node" ? process.execPath : cmd,
    ...args.map((x) => (x === "main.ts" ? path.join(ROOT, entry ?? "main.ts") : absolute(x))),
  ];
}
