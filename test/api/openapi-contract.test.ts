// The OpenAPI document against the mounted router's real behaviour (not against the table both are built from):
// every documented operation is served, every mounted route is documented, and what the document says of each
// operation — bearer security, a request body — is what the router does when asked over HTTP.
import type Router from "@koa/router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiRouters } from "../../app/api-routes.js";
import type { AppState } from "../../app/platform/http/app-state.js";
import { ApiClient } from "../support/api-client.js";
import { signUp } from "../support/api-world.js";
import { startTestApp, type AppUnderTest } from "../support/app-under-test.js";

type Operation = {
  security?: unknown[];
  requestBody?: unknown;
  parameters?: { name: string; in: string; required?: boolean }[];
  responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
};
type OpenApi = { openapi: string; paths: Record<string, Record<string, Operation>> };

let app: AppUnderTest;
let client: ApiClient;
let document: OpenApi;
/** The routers the running app serves with, captured as it mounts them. */
let mounted: Router<AppState>[] = [];
/** A valid token whose holder is no longer a member: it passes authentication and validation, then gets 401. */
let formerMember: string;
beforeAll(async () => {
  app = await startTestApp({}, (services) => (mounted = createApiRouters(services)));
  client = new ApiClient(app.baseUrl);
  document = (await client.get<OpenApi>("/openapi.json")).body;
  const leaver = await signUp(client, "leaver");
  formerMember = leaver.accessToken;
  expect((await client.as(leaver.accessToken).delete("/me")).status).toBe(204);
});
afterAll(() => app?.stop());

const operations = () =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
/** `/api/v1/cases/{caseId}` → a request path with well-formed ids that exist nowhere. */
const requestPath = (path: string) =>
  path.replace(/^\/api\/v1/, "").replace(/\{[A-Za-z]+\}/g, "00000000-0000-4000-8000-000000000000");
const hasBody = (method: string) => method !== "GET";

describe("OpenAPI against the running router", () => {
  it("is OpenAPI 3.1 and documents operations", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(operations().length).toBeGreaterThan(0);
  });

  it("serves every documented operation: none answers 405 or route_not_found", async () => {
    const unserved: string[] = [];
    for (const { method, path } of operations()) {
      const answer = await client.send<{ code?: string }>(
        method,
        requestPath(path),
        hasBody(method) ? { body: {} } : {},
      );
      if (answer.status === 405 || answer.body.code === "route_not_found")
        unserved.push(`${method} ${path}: ${answer.status}`);
    }
    expect(unserved).toEqual([]);
  });

  it("documents every route the running app has mounted, and no route it has not", () => {
    const routes = mounted.flatMap((router) =>
      router.stack.flatMap((layer) =>
        layer.methods
          .filter((method) => method !== "HEAD")
          .map((method) => `${method} ${String(layer.path).replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`),
      ),
    );
    // The docs page's scripts are static files on their own router, not API operations.
    const operationRoutes = routes.filter((route) => !route.startsWith("GET /api/v1/docs/assets/"));
    expect(operationRoutes.length).toBeLessThan(routes.length);
    expect(routes.length).toBeGreaterThan(0);
    const documented = operations().map(({ method, path }) => `${method} ${path}`);
    expect(operationRoutes.filter((route) => !documented.includes(route))).toEqual([]);
    expect(documented.filter((route) => !operationRoutes.includes(route))).toEqual([]);
  });

  it("marks bearer security on exactly the operations that refuse a request without a token", async () => {
    const wrong: string[] = [];
    for (const { method, path, operation } of operations()) {
      const answer = await client.send(method, requestPath(path), hasBody(method) ? { body: {} } : {});
      const documented = JSON.stringify(operation.security) === JSON.stringify([{ bearerAuth: [] }]);
      if (documented !== (answer.status === 401))
        wrong.push(`${method} ${path}: ${answer.status}, security ${documented}`);
    }
    expect(wrong).toEqual([]);
  });

  it("documents a request body on exactly the operations that validate one", async () => {
    const wrong: string[] = [];
    for (const { method, path, operation } of operations().filter(({ method }) => hasBody(method))) {
      const answer = await client
        .as(operation.security ? formerMember : undefined)
        .send<{ errors?: { field: string }[] }>(method, requestPath(path), { body: { probe: true } });
      const validated = answer.status === 400 && (answer.body.errors ?? []).some((e) => e.field.startsWith("body"));
      if (validated !== (operation.requestBody !== undefined))
        wrong.push(`${method} ${path}: ${answer.status}, requestBody ${operation.requestBody !== undefined}`);
    }
    expect(wrong).toEqual([]);
  });

  it("requires If-Match on every change to a case or task, answering 412 and 428 as problem+json with the ETag", () => {
    const conditional = [
      ["/api/v1/cases/{caseId}", "patch"],
      ["/api/v1/cases/{caseId}", "delete"],
      ["/api/v1/cases/{caseId}/tasks/{taskId}", "patch"],
      ["/api/v1/cases/{caseId}/tasks/{taskId}", "delete"],
    ] as const;
    for (const [path, method] of conditional) {
      const operation = document.paths[path]?.[method];
      expect(operation?.parameters, `${method} ${path}`).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: "if-match", in: "header", required: true })]),
      );
      for (const status of ["412", "428"]) {
        expect(Object.keys(operation?.responses[status]?.content ?? {}), `${method} ${path} ${status}`).toEqual([
          "application/problem+json",
        ]);
        expect(operation?.responses[status]?.headers, `${method} ${path} ${status}`).toHaveProperty("etag");
      }
    }
  });

  it("sends the ETag with every answer that holds one case or task", () => {
    const versioned = [
      ["/api/v1/cases", "post", "201"],
      ["/api/v1/cases/{caseId}", "get", "200"],
      ["/api/v1/cases/{caseId}", "patch", "200"],
      ["/api/v1/cases/{caseId}/tasks", "post", "201"],
      ["/api/v1/cases/{caseId}/tasks/{taskId}", "get", "200"],
      ["/api/v1/cases/{caseId}/tasks/{taskId}", "patch", "200"],
    ] as const;
    for (const [path, method, status] of versioned)
      expect(document.paths[path]?.[method]?.responses[status]?.headers, `${method} ${path}`).toHaveProperty("etag");
  });

  it("serves the reference page under its own policy; the browser test proves it renders every operation", async () => {
    const page = await client.get("/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.text).toContain('<script src="/api/v1/docs/assets/redoc.standalone.js"></script>');
    const bundle = await fetch(`${app.baseUrl}/api/v1/docs/assets/redoc.standalone.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(500_000);
  });
});
