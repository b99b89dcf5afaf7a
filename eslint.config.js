// Lint is part of CI: `npm run lint` fails on any warning. Besides style, it holds the architecture the READMEs
// describe (docs/architecture.md): which part of app/ may import which, and where settings are read.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";
import boundaries from "eslint-plugin-boundaries";

const getStack = [
  {
    selector: "CallExpression[callee.property.name='getStack']",
    message: "Stacks differ only by config: no getStack() in infra/.",
  },
  {
    selector: "CallExpression[callee.name='getStack']",
    message: "Stacks differ only by config: no getStack() in infra/.",
  },
];

const pulumiConfig = "Only infra/config*.ts reads Pulumi config; components receive plain, validated values.";
const readsPulumiConfig = [
  { selector: "MemberExpression[object.name='pulumi'][property.name='Config']", message: pulumiConfig },
  { selector: "TSQualifiedName[left.name='pulumi'][right.name='Config']", message: pulumiConfig },
  {
    selector: "ImportDeclaration[source.value='@pulumi/pulumi'] ImportSpecifier[imported.name='Config']",
    message: pulumiConfig,
  },
];

const httpInService = "A service, repository or presenter receives a typed transaction and input, never HTTP.";

// The parts of app/ and what each may import (features → api → platform; see app/README.md). Patterns are matched
// from the repository root; the first that matches names a file's part.
const elements = [
  { type: "platform", pattern: "app/platform", partialMatch: false },
  { type: "config", pattern: "app/config", partialMatch: false },
  { type: "api", pattern: "app/api", partialMatch: false },
  { type: "health", pattern: "app/health", partialMatch: false },
  { type: "migrations", pattern: "app/migrations", partialMatch: false },
  // Shared by features: account records, people views, the assignee check.
  { type: "accounts", pattern: "app/features/accounts", partialMatch: false },
  { type: "feature", pattern: "app/features/*", partialMatch: false, capture: ["feature"] },
  // What is left directly in app/: the composition root (main.ts, start-app.ts, api-routes.ts, platform-services.ts).
  { type: "composition", pattern: "app", partialMatch: false },
];
const part = (type, extra = {}) => ({ element: { type, ...extra } });
const partsBut = (...allowed) =>
  elements
    .map((element) => element.type)
    .filter((type) => !allowed.includes(type))
    .map((type) => part(type));

const dependencyPolicies = [
  {
    from: part("platform"),
    disallow: { to: partsBut("platform", "config") },
    message: "platform/ is the bottom layer: it imports only platform/ and config/, never the API or a feature.",
  },
  {
    from: part("config"),
    disallow: { to: partsBut("config") },
    message: "config/ stands alone: everything reads it, it reads nothing of the app.",
  },
  {
    from: [part("api"), part("health")],
    disallow: { to: [part("accounts"), part("feature")] },
    message: "Dependencies point one way: features → api → platform.",
  },
  {
    from: [part("api"), part("health")],
    disallow: { to: part("composition", { fileInternalPath: "!platform-services.ts" }) },
    message: "Only the composition root (app/*.ts) assembles the app; the API sees the platform's services only.",
  },
  {
    from: [part("feature"), part("accounts")],
    disallow: { to: part("composition") },
    message: "Features receive what they need through the route table, never from the composition root.",
  },
  {
    from: part("accounts"),
    disallow: { to: part("feature") },
    message: "accounts/ is shared by the features and depends on none of them.",
  },
  {
    from: [part("feature"), part("composition")],
    disallow: { to: part("feature", { fileInternalPath: "!index.ts" }) },
    message: "Another feature is reached only through its entry point, features/<name>/index.ts.",
  },
  {
    from: [part("feature"), part("accounts")],
    disallow: { to: part("api", { fileInternalPath: ["audit-trail.ts", "tenant-context.ts"] }) },
    message:
      "Audit rows and the row-level-security context belong to the transactions: use tx.audit(), tx.actAs(), tx.actIn().",
  },
];

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "coverage/", ".data/", "bench/results/", ".ci/node/"] },
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
    // Only the config module reads the environment (docs/architecture.md, runtime contract).
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
    files: ["app/**/*.ts"],
    plugins: { boundaries },
    settings: {
      "import/resolver": { typescript: { project: "./tsconfig.json" } },
      "boundaries/elements": elements,
    },
    rules: {
      "boundaries/dependencies": ["error", { default: "allow", policies: dependencyPolicies }],
    },
  },
  {
    // Services, repositories and presenters never see HTTP: they get a typed transaction and input.
    files: ["app/features/**/*-service.ts", "app/features/**/*-repository.ts", "app/features/**/*-presenter.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["koa", "@koa/router"].map((name) => ({ name, message: httpInService })),
          patterns: [{ regex: "platform/http/", message: httpInService }],
        },
      ],
    },
  },
  {
    // Stacks differ by config, never by branches; only infra/config*.ts reads the stack's config.
    files: ["infra/**/*.ts"],
    rules: { "no-restricted-syntax": ["error", ...getStack, ...readsPulumiConfig] },
  },
  {
    files: ["infra/config*.ts"],
    rules: { "no-restricted-syntax": ["error", ...getStack] },
  },
);
