// Transpile-only runner for the cdktf app: `node --require ./scripts/register.js main.ts`.
// Each .ts file is compiled by swc (already the test transpiler) to CommonJS when it is first required. No
// type checking (that is `npm run typecheck`), no source maps, nothing cached on disk. Measured with
// `npm run bench`: faster than tsx, which turns on Node's source-map support (parsing the inline map of every
// provider module it loads) and inspects every .js file it loads.
"use strict";
const fs = require("fs");
const Module = require("module");
const swc = require("@swc/core");

const options = {
  swcrc: false,
  sourceMaps: false,
  module: { type: "commonjs" },
  jsc: { target: "es2022", parser: { syntax: "typescript" } },
};

Module._extensions[".ts"] = function compileTypeScript(module, filename) {
  const { code } = swc.transformSync(fs.readFileSync(filename, "utf8"), { ...options, filename });
  module._compile(code, filename);
};

// cdktf captures a stack trace, as a string, for every token it creates (thousands per synth) and shows it
// only if that token later fails to resolve. Captures into plain objects get an empty trace; real Errors keep
// their normal stack.
const format = Error.prepareStackTrace;
Error.prepareStackTrace = function prepareStackTrace(target, frames) {
  if (!(target instanceof Error)) return "";
  return format ? format(target, frames) : `${target}\n${frames.map((f) => `    at ${f}`).join("\n")}`;
};
