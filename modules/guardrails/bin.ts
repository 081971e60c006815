#!/usr/bin/env node
// The package's `multicloud-policy` command (see cli.ts): the process is touched here only.
import { runPolicyCli } from "./cli";

process.exitCode = runPolicyCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  cwd: process.cwd(),
});
