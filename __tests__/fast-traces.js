// Jest setup (jest.config.js setupFiles): cdktf captures a full stack trace, as a string, for every token it
// creates (Lazy, Intrinsic, ComplexResolvable: thousands per synth) and only shows it if that token later
// fails to resolve. Inside jest every such capture is source-mapped frame by frame by source-map-support,
// which made synth-heavy test files spend ~40% of their time there. Captures into plain objects (what cdktf
// does) get an empty trace; real Errors keep jest's source-mapped stack traces.
"use strict";
const mapped = Error.prepareStackTrace;
Error.prepareStackTrace = function prepareStackTrace(target, frames) {
  if (!(target instanceof Error)) return "";
  return mapped ? mapped(target, frames) : `${target}\n${frames.map((f) => `    at ${f}`).join("\n")}`;
};
