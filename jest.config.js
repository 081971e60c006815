// Jest only transpiles (swc); type checking is the separate `npm run typecheck` gate.
// Transpile-only is ~10x faster than ts-jest's type-checking mode with the provider packages.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } } }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/cdktf.out/"],
  reporters: ["default", "<rootDir>/scripts/jest-summary-reporter.js"],
};
