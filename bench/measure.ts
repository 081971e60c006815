/**
 * Runs a command as a child process and measures it with plain Node: wall time from the parent, and the peak
 * RSS and CPU time of every Node process the command starts, reported by probe.js (preloaded through
 * NODE_OPTIONS, so it also reaches npm, npx and jest workers). Peak RSS is the largest single process.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const PROBE = path.join(__dirname, "probe.js");

export interface Sample {
  readonly wallS: number;
  /** User + system CPU of every Node process of the command. */
  readonly cpuS: number;
  /** Peak RSS of the largest Node process, MB (0 when no Node process reported). */
  readonly peakRssMb: number;
  readonly processes: number;
  readonly code: number;
  /** The last lines of stdout + stderr (for failure messages). */
  readonly tail: string;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Keep the whole output (otherwise only a tail is kept). */
  readonly keepOutput?: boolean;
}

export function run(
  command: string,
  args: readonly string[],
  opts: RunOptions,
): Promise<Sample & { output: string }> {
  const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-probe-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...opts.env,
    BENCH_PROBE_DIR: probeDir,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, opts.env?.NODE_OPTIONS, `--require ${PROBE}`]
      .filter(Boolean)
      .join(" "),
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (d: Buffer): void => {
      output += d.toString();
      if (!opts.keepOutput && output.length > 64_000) output = output.slice(-32_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      const reports = fs
        .readdirSync(probeDir)
        .map((f) => JSON.parse(fs.readFileSync(path.join(probeDir, f), "utf8")) as ProbeReport);
      fs.rmSync(probeDir, { recursive: true, force: true });
      resolve({
        wallS,
        cpuS: reports.reduce((s, r) => s + (r.userUs + r.systemUs) / 1e6, 0),
        peakRssMb: Math.max(0, ...reports.map((r) => r.maxRssKb / 1024)),
        processes: reports.length,
        code: code ?? (signal ? 128 : 1),
        tail: tail(output),
        output,
      });
    });
  });
}

interface ProbeReport {
  maxRssKb: number;
  userUs: number;
  systemUs: number;
}

/** The last `lines` lines, without stack frames, each cut to 300 characters. */
export function tail(text: string, lines = 12): string {
  return text
    .split("\n")
    .filter((l) => !/^\s+at /.test(l) && l.trim() !== "")
    .slice(-lines)
    .map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l))
    .join("\n");
}

export interface Summary {
  readonly runs: number;
  readonly medianS: number;
  readonly minS: number;
  readonly maxS: number;
  readonly cpuMedianS: number;
  readonly rssMedianMb: number;
  readonly rssMaxMb: number;
  readonly samples: ReadonlyArray<{ wallS: number; cpuS: number; peakRssMb: number }>;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function summarize(samples: readonly Sample[]): Summary {
  const wall = samples.map((s) => s.wallS);
  const round = (x: number, d = 3): number => Number(x.toFixed(d));
  return {
    runs: samples.length,
    medianS: round(median(wall)),
    minS: round(Math.min(...wall)),
    maxS: round(Math.max(...wall)),
    cpuMedianS: round(median(samples.map((s) => s.cpuS))),
    rssMedianMb: round(median(samples.map((s) => s.peakRssMb)), 1),
    rssMaxMb: round(Math.max(...samples.map((s) => s.peakRssMb)), 1),
    samples: samples.map((s) => ({
      wallS: round(s.wallS),
      cpuS: round(s.cpuS),
      peakRssMb: round(s.peakRssMb, 1),
    })),
  };
}
