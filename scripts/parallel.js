#!/usr/bin/env node
/**
 * `node scripts/parallel.js <npm script> ...`: runs independent npm scripts side by side (npm test's checks:
 * typecheck and lint read the same sources and write nothing, and each leaves a core idle half the time on a
 * 2-core machine). Each script's output is printed whole when it ends, under a line with its time and result,
 * so outputs never interleave; the exit code is the first failing script's (0 when all pass).
 * Plain JavaScript: it runs before anything is compiled and must start in milliseconds.
 */
"use strict";
const { spawn } = require("child_process");

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error("usage: node scripts/parallel.js <npm script> [<npm script> ...]");
  process.exit(2);
}

let exitCode = 0;
const runs = scripts.map(
  (name) =>
    new Promise((resolve) => {
      const started = Date.now();
      const child = spawn("npm", ["run", "--silent", name], { stdio: ["ignore", "pipe", "pipe"] });
      const chunks = [];
      child.stdout.on("data", (c) => chunks.push(c));
      child.stderr.on("data", (c) => chunks.push(c));
      child.on("error", (e) => chunks.push(Buffer.from(`${e.message}\n`)));
      child.on("close", (code, signal) => {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        const status = code === 0 ? "ok" : `failed (${signal ?? `exit ${code}`})`;
        process.stdout.write(`> npm run ${name}: ${status} in ${seconds} s\n${Buffer.concat(chunks)}`);
        if (code !== 0 && exitCode === 0) exitCode = code ?? 1;
        resolve();
      });
    }),
);
Promise.all(runs).then(() => process.exit(exitCode));
