// Flat config. The one project-specific rule: provider packages are imported by deep path
// (`@cdktf/provider-aws/lib/vpc`), never from the package root, which loads every resource class
// (~1.4 s and ~1 GB per process).
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "modules/dist/**",
      "cdktf.out/**",
      ".gen/**",
      "coverage/**",
      "**/*.js",
      "**/*.mjs",
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@cdktf/provider-aws",
              message: "Import by deep path, e.g. '@cdktf/provider-aws/lib/vpc'.",
            },
            {
              name: "@cdktf/provider-google",
              message: "Import by deep path, e.g. '@cdktf/provider-google/lib/bigquery-dataset'.",
            },
          ],
          patterns: [
            // Exactly the barrel (`.../lib`), not the deep paths under it.
            {
              regex: "^@cdktf/provider-(aws|google)/lib/?$",
              message: "Import the resource's own module, e.g. '@cdktf/provider-aws/lib/vpc'.",
            },
            // The app, tests and tools use the modules package as a consumer does: by its name and exported
            // subpaths only, so nothing outside it can depend on a file the package does not export.
            {
              regex: "^(\\.{1,2}/)+(.*/)?modules(/|$)",
              message:
                "Import the modules package by name, e.g. '@multicloud-platform/modules/vpc' (see modules/package.json exports).",
            },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // Modules are reusable on their own: they never reach into the config or stacks layers.
    files: ["modules/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@cdktf/provider-aws",
              message: "Import by deep path, e.g. '@cdktf/provider-aws/lib/vpc'.",
            },
            { name: "@cdktf/provider-google", message: "Import by deep path." },
          ],
          patterns: [
            { regex: "^@cdktf/provider-(aws|google)/lib/?$", message: "Import the resource's own module." },
            {
              group: ["**/config", "**/config/**", "**/stacks", "**/stacks/**"],
              message: "Modules must not depend on config/ or stacks/ (R-ENV-3).",
            },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "process", message: "Modules never read process.env; take a prop." },
      ],
    },
  },
  {
    // The package's one command-line entry point (`multicloud-policy`): the only module file that talks to the
    // process (argv, stdout/stderr, exit code, working directory). Everything it calls takes them as arguments.
    files: ["modules/guardrails/bin.ts"],
    rules: { "no-restricted-globals": "off" },
  },
  {
    // Synthesized Terraform JSON is untyped; tests index into it freely.
    files: ["__tests__/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
