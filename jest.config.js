// Jest only transpiles (swc); type checking is the separate `npm run typecheck` gate.
// Transpile-only is ~10x faster than ts-jest's type-checking mode with the provider packages.
// Speed (measured with `npm run bench`, see bench/README.md):
// - __tests__/fast-traces.js stops source-map-support from mapping the stack trace cdktf captures for every
//   token it creates (2.4x less CPU for synth-heavy test files); real errors keep mapped traces.
// - one worker per core: jest's default (cores - 1) runs everything in one process on a 2-core machine.
const os = require("os");

// A larger young generation for the workers (they inherit this environment): synth allocates millions of
// short-lived token objects, and with V8's default 16 MB semi-space it spends a tenth of its CPU scavenging.
// Measured on the unit tier (2 cores): 90.9 s -> 80.7 s CPU, 50.5 s -> 44.9 s wall. A flag already set wins.
if (!/--max-semi-space-size/.test(process.env.NODE_OPTIONS ?? ""))
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --max-semi-space-size=64`.trim();

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Tests import the modules package by name, as a consumer would, and get its TypeScript sources through
  // this export condition (the same one tsconfig.json and the app runner use): no build before a test.
  testEnvironmentOptions: { customExportConditions: ["@multicloud-platform/source", "node", "node-addons"] },
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } } }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/fast-traces.js", "<rootDir>/__tests__/setup.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/cdktf.out/"],
  reporters: ["default", "<rootDir>/scripts/jest-summary-reporter.js"],
  maxWorkers: Math.max(1, (os.availableParallelism ?? (() => os.cpus().length))()),
};
