// Lint is part of CI: `npm run lint` fails on any warning.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "coverage/", ".data/", "bench/results/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-throw-literal": "error",
    },
  },
  {
    // Only the config module reads the environment (DESIGN.md, runtime contract).
    files: ["app/**/*.ts"],
    ignores: ["app/config/**", "app/**/*.test.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read settings from app/config, the only reader of process.env.",
        },
      ],
    },
  },
  {
    // Stacks differ by config, never by branches (DESIGN.md, infra decisions).
    files: ["infra/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='getStack']",
          message: "Stacks differ only by config: no getStack() in infra/.",
        },
        {
          selector: "CallExpression[callee.name='getStack']",
          message: "Stacks differ only by config: no getStack() in infra/.",
        },
      ],
    },
  },
);
