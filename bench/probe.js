// Preloaded into every Node process of a measured command (NODE_OPTIONS=--require <this file>): on exit,
// writes the process's own peak RSS and CPU time to BENCH_PROBE_DIR/<pid>.json. Plain Node, no tools needed.
"use strict";
const dir = process.env.BENCH_PROBE_DIR;
if (dir) {
  process.on("exit", () => {
    try {
      const u = process.resourceUsage();
      require("fs").writeFileSync(
        require("path").join(dir, `${process.pid}.json`),
        JSON.stringify({
          pid: process.pid,
          maxRssKb: u.maxRSS,
          userUs: u.userCPUTime,
          systemUs: u.systemCPUTime,
        }),
      );
    } catch {
      // measurement must never change the measured command's outcome
    }
  });
}
