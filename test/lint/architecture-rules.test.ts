// The import boundaries and the Pulumi-config rule of eslint.config.js, run through ESLint itself on code placed
// (virtually) where it would break them. A resolver that stopped resolving `.js` to `.ts`, or a policy that
// stopped matching, would leave `npm run lint` green on every violation: these tests fail instead.
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: new URL("../..", import.meta.url).pathname });
});

/** The messages of the architecture rules for `code` as if it were the file at `path`. */
async function violations(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return (result?.messages ?? [])
    .filter((message) => ["boundaries/dependencies", "no-restricted-syntax"].includes(message.ruleId ?? ""))
    .map((message) => `${message.line}: ${message.message}`);
}

/** One import per line (line n imports the n-th pair), each name used so no other rule objects. */
function importing(...imports: [name: string, from: string][]): string {
  const lines = imports.map(([name, from]) => `import { ${name} } from "${from}";`);
  return `${lines.join("\n")}\nexport const used = [${imports.map(([name]) => name).join(", ")}];\n`;
}

describe("import boundaries (boundaries/dependencies)", () => {
  it("refuses a feature reaching into another feature's files, and allows its entry point and its own files", async () => {
    const found = await violations(
      "app/features/tasks/probe.ts",
      importing(
        ["caseStatuses", "../cases/case-schemas.js"],
        ["caseRoutes", "../cases/index.js"],
        ["presentTask", "./task-presenter.js"],
      ),
    );
    expect(found).toEqual([expect.stringMatching(/^1: Another feature is reached only through its entry point/)]);
  });

  it("refuses a feature writing audit rows or setting the tenant context itself", async () => {
    const found = await violations(
      "app/features/cases/probe.ts",
      importing(["recordAuditEvent", "../../api/audit-trail.js"], ["setTenantContext", "../../api/tenant-context.js"]),
    );
    expect(found).toEqual([
      expect.stringMatching(/^1: Audit rows and the row-level-security context belong to the transactions/),
      expect.stringMatching(/^2: Audit rows and the row-level-security context belong to the transactions/),
    ]);
  });

  it("refuses platform code importing the API, a feature or the composition root, and allows config", async () => {
    const found = await violations(
      "app/platform/http/probe.ts",
      importing(
        ["roles", "../../api/roles.js"],
        ["caseRoutes", "../../features/cases/index.js"],
        ["apiRouteTable", "../../api-routes.js"],
        ["loadConfig", "../../config/load-config.js"],
      ),
    );
    expect(found.map((message) => message.split(":")[0])).toEqual(["1", "2", "3"]);
    expect(found.every((message) => message.includes("platform/ is the bottom layer"))).toBe(true);
  });

  it("refuses the API importing a feature or the composition root, except the platform's services", async () => {
    const found = await violations(
      "app/api/probe.ts",
      importing(
        ["caseRoutes", "../features/cases/index.js"],
        ["createApiContext", "../api-routes.js"],
        ["startApp", "../start-app.js"],
      ) + 'import type { PlatformServices } from "../platform-services.js";\nexport type Fine = PlatformServices;\n',
    );
    expect(found.map((message) => message.split(":")[0])).toEqual(["1", "2", "3"]);
  });

  it("keeps accounts/ free of features and config/ free of the rest of the app", async () => {
    expect(await violations("app/features/accounts/probe.ts", importing(["caseRoutes", "../cases/index.js"]))).toEqual([
      expect.stringMatching(/^1: accounts\/ is shared by the features and depends on none of them/),
    ]);
    expect(
      await violations("app/config/probe.ts", importing(["createLogger", "../platform/logging/logger.js"])),
    ).toEqual([expect.stringMatching(/^1: config\/ stands alone/)]);
  });
});

describe("services, repositories and presenters never see HTTP (no-restricted-imports)", () => {
  it("refuses Koa and the HTTP platform in a service, and allows them in routes", async () => {
    const code = importing(["Middleware", "koa"], ["AppContext", "../../platform/http/app-state.js"]);
    const [service] = await eslint.lintText(code, { filePath: "app/features/cases/probe-service.ts" });
    expect(service?.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.line)).toEqual([1, 2]);
    const [routes] = await eslint.lintText(code, { filePath: "app/features/cases/probe-routes.ts" });
    expect(routes?.messages.filter((m) => m.ruleId === "no-restricted-imports")).toEqual([]);
  });
});

describe("Pulumi config is read only by infra/config*.ts (no-restricted-syntax)", () => {
  const code = [
    'import * as pulumi from "@pulumi/pulumi";',
    'import { Config } from "@pulumi/pulumi";',
    'export const byNew = new pulumi.Config("rusty-saas").get("x");',
    "export const byType: pulumi.Config | undefined = undefined;",
    "export const byImport = new Config();",
  ].join("\n");

  it("refuses a component constructing, typing or importing pulumi.Config", async () => {
    const found = await violations("infra/network/probe.ts", code);
    expect(found.map((message) => message.split(":")[0])).toEqual(["2", "3", "4"]);
    expect(found.every((message) => message.includes("Only infra/config*.ts reads Pulumi config"))).toBe(true);
  });

  it("lets infra/config.ts read it", async () => {
    expect(await violations("infra/config.ts", code)).toEqual([]);
  });
});
